"""Lean frames: a history crosses the pipe as the rows the GUI has not seen yet.

A lab's snapshot carries its runs' histories (``bnviz.engine.history.Columns``)
whole, a few thousand rows of per-layer statistics: re-sent with every frame,
a 20k-step twin run pushed 2.5 MB per frame through the pipe.  Yet between two
frames a history only grows by a few rows, or halves itself and grows
(``DecimatingHistory``).  So the worker's ``Encoder`` replaces each ``Columns``
by a ``Rows`` delta: the halvings since the last frame and the new rows only,
and the GUI's ``Decoder`` keeps a copy of every history and rebuilds the very
same ``Columns``.  Both sides see every frame, in order (the pipe's one-frame
credit), and forget a history that a frame no longer carries, together.

Any other object of a snapshot is left as it is; containers (dataclasses,
tuples, lists, dicts) are copied only on the path to a history.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from bnviz.engine.history import Columns


@dataclass(frozen=True)
class Rows:
    """A ``Columns`` as sent: its source's rows from ``start`` on, after ``generation`` halvings."""

    source: int
    generation: int
    start: int                      # rows the GUI keeps of its copy (after halving it); 0 = all sent
    tail: dict[str, np.ndarray]


def _rebuild(obj: Any, swap: Callable[[Any], Any]) -> Any:
    """``obj`` with ``swap`` applied to every ``Columns``/``Rows`` inside it (``obj`` itself when none)."""
    if isinstance(obj, (Columns, Rows)):
        return swap(obj)
    if isinstance(obj, dict):
        new = {k: _rebuild(v, swap) for k, v in obj.items()}
        return obj if all(new[k] is obj[k] for k in obj) else new
    if type(obj) in (tuple, list):
        new = [_rebuild(v, swap) for v in obj]
        return obj if all(a is b for a, b in zip(new, obj)) else type(obj)(new)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changed = {}
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            w = _rebuild(v, swap)
            if w is not v:
                changed[f.name] = w
        if not changed:
            return obj
        out = copy.copy(obj)                # not replace(): no __post_init__ runs twice
        for k, v in changed.items():
            object.__setattr__(out, k, v)
        return out
    return obj


def _kept(n: int, halvings: int) -> int:
    """How many of ``n`` rows are left after ``halvings`` halvings (every other row kept, the first one too)."""
    return -(-n // 2 ** halvings)


class Encoder:
    """The worker side: what each history had when it was last sent."""

    def __init__(self) -> None:
        self._sent: dict[int, tuple[int, int]] = {}     # source -> (generation, rows)

    def encode(self, obj: Any) -> Any:
        seen: dict[int, tuple[int, int]] = {}

        def swap(cols: Columns) -> Rows:
            n = len(next(iter(cols.values()))) if cols else 0
            start = 0
            prev = seen.get(cols.source, self._sent.get(cols.source))
            if prev is not None and cols.generation >= prev[0]:
                start = min(_kept(prev[1], cols.generation - prev[0]), n)
            seen[cols.source] = (cols.generation, n)
            return Rows(cols.source, cols.generation, start, {k: v[start:] for k, v in cols.items()})

        out = _rebuild(obj, swap)
        self._sent = seen           # a history this frame did not carry is forgotten (the Decoder does the same)
        return out


class Decoder:
    """The GUI side: a copy of every history the last frame carried."""

    def __init__(self) -> None:
        self._held: dict[int, Columns] = {}

    def decode(self, obj: Any) -> Any:
        seen: dict[int, Columns] = {}

        def swap(rows: Rows) -> Columns:
            cols = Columns(source=rows.source, generation=rows.generation)
            old = seen.get(rows.source, self._held.get(rows.source))
            for k, tail in rows.tail.items():
                if rows.start:
                    if old is None or k not in old:
                        raise ValueError(f"history {rows.source}: rows from {rows.start} of an unknown history")
                    head = old[k][:: 2 ** (rows.generation - old.generation)][: rows.start]
                    a = np.concatenate([head, tail])
                else:
                    a = np.array(tail)
                a.flags.writeable = False
                cols[k] = a
            seen[rows.source] = cols
            return cols

        out = _rebuild(obj, swap)
        self._held = seen
        return out
