"""Coarse-to-fine search as a history of zoom rounds (syllabus H3).

A round is a space plus the trials sampled in it. The first round covers the
whole space; the student then drags a rectangle on the scatter of scores and
the next round samples only inside it. Rectangles arrive in *displayed* axis
coordinates (``log10`` on a log axis, ``log10(1 - beta)`` on a beta axis),
so :meth:`ZoomHistory.zoom` converts them with each dimension's
``from_axis`` and clips them to the parent round's space.

History is a tree, never truncated: :meth:`ZoomHistory.back_to` only moves
the *current* pointer, so every earlier round stays visible (rounds are told
apart by index) and a zoom made after going back becomes a new branch whose
``parent`` is the round it was made from.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bnviz.search.samplers import SAMPLERS, sample
from bnviz.search.spaces import Space

__all__ = ["ZoomRound", "ZoomHistory", "axis_rect_to_ranges"]

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ZoomRound:
    """One round of a coarse-to-fine search.

    Attributes
    ----------
    index : int
        Position in the history (0 for the first round).
    space : Space
        Where this round sampled.
    trials : tuple of dict
        The sampled params, in sampler order.
    sampler : str
        ``'grid'``, ``'random'`` or ``'quasi_random'``.
    parent : int or None
        Index of the round this one zoomed into (None for the first).
    n, seed : int
        Budget and seed that produced ``trials`` (kept so a session file can
        say exactly how a round was made).
    axis_rect : dict name -> (lo, hi) or None
        The rectangle, in displayed axis coordinates, that was dragged.
    """

    index: int
    space: Space
    trials: tuple[dict[str, Any], ...]
    sampler: str
    parent: int | None = None
    n: int = 0
    seed: int | None = None
    axis_rect: Mapping[str, tuple[float, float]] | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "trials", tuple(dict(t) for t in self.trials))
        if self.sampler not in SAMPLERS:
            raise ValueError(f"sampler={self.sampler!r} is not allowed: choose one of {', '.join(SAMPLERS)}")
        if self.axis_rect is not None:
            rect = {k: (float(a), float(b)) for k, (a, b) in self.axis_rect.items()}
            object.__setattr__(self, "axis_rect", rect)

    def to_json(self) -> dict[str, Any]:
        """Plain dict for session files."""
        return {
            "index": self.index,
            "space": self.space.to_json(),
            "trials": [dict(t) for t in self.trials],
            "sampler": self.sampler,
            "parent": self.parent,
            "n": self.n,
            "seed": self.seed,
            "axis_rect": None if self.axis_rect is None
            else {k: [a, b] for k, (a, b) in self.axis_rect.items()},
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ZoomRound":
        """Inverse of :meth:`to_json`."""
        rect = d.get("axis_rect")
        return cls(
            index=int(d["index"]),
            space=Space.from_json(d["space"]),
            trials=tuple(d["trials"]),
            sampler=d["sampler"],
            parent=d.get("parent"),
            n=int(d.get("n", len(d["trials"]))),
            seed=d.get("seed"),
            axis_rect=None if rect is None else {k: tuple(v) for k, v in rect.items()},
        )


def axis_rect_to_ranges(space: Space, axis_rect: Mapping[str, tuple[float, float]]) -> dict[str, tuple[Any, Any]]:
    """Convert a rectangle in displayed axis coordinates to value ranges.

    Each corner goes through the dimension's ``from_axis``; the pair is then
    ordered, because some axes run backwards in value (``log10(1 - beta)``
    decreases as ``beta`` grows). Integer and choice axes keep only the
    integers / categories whose axis position lies inside the rectangle.
    """
    unknown = set(axis_rect) - set(space.names)
    if unknown:
        raise ValueError(f"axis_rect has unknown dimensions {sorted(unknown)}: allowed {list(space.names)}")
    ranges: dict[str, tuple[Any, Any]] = {}
    for name, (a, b) in axis_rect.items():
        dim = space[name]
        a, b = sorted((float(a), float(b)))
        if dim.scale == "int":
            # the axis is the value; IntUniform.sub keeps the integers inside
            # [a, b] (rounding inwards), so no point outside the rectangle
            ranges[name] = (a, b)
            continue
        if dim.scale == "choice":
            # categories whose index lies inside [a, b]; a rectangle thinner
            # than one category keeps the nearest one
            i, j = math.ceil(a - 1e-9), math.floor(b + 1e-9)
            if i > j:
                i = j = round((a + b) / 2)
            ia, ib = dim.from_axis(i).item(), dim.from_axis(j).item()
            ranges[name] = (ia, ib)
            continue
        va, vb = dim.from_axis(a).item(), dim.from_axis(b).item()
        ranges[name] = (va, vb) if va <= vb else (vb, va)
    return ranges


class ZoomHistory:
    """The rounds of a coarse-to-fine search and which one is current.

    Examples
    --------
    >>> from bnviz.search.spaces import LogUniform
    >>> h = ZoomHistory()
    >>> r0 = h.start(Space(learning_rate=LogUniform(1e-4, 1.0)), "random", 20, seed=0)
    >>> r1 = h.zoom({"learning_rate": (-3.0, -2.0)}, n=20, seed=1)
    >>> all(1e-3 <= t["learning_rate"] <= 1e-2 for t in r1.trials)
    True
    >>> h.back_to(0).index
    0
    """

    def __init__(self) -> None:
        self._rounds: list[ZoomRound] = []
        self._current: int | None = None

    # read access -----------------------------------------------------------
    @property
    def rounds(self) -> tuple[ZoomRound, ...]:
        """All rounds ever made, in creation order (index == position)."""
        return tuple(self._rounds)

    @property
    def current(self) -> ZoomRound:
        """The round the next zoom starts from."""
        if self._current is None:
            raise RuntimeError("no rounds yet: call start() first")
        return self._rounds[self._current]

    @property
    def current_index(self) -> int | None:
        return self._current

    def __len__(self) -> int:
        return len(self._rounds)

    def __getitem__(self, index: int) -> ZoomRound:
        return self._rounds[index]

    def __iter__(self) -> Iterator[ZoomRound]:
        return iter(self._rounds)

    def lineage(self, index: int | None = None) -> list[ZoomRound]:
        """Rounds from the first one down to ``index`` (default: current), following parents."""
        i = self.current.index if index is None else index
        path = []
        while i is not None:
            r = self._rounds[i]
            path.append(r)
            i = r.parent
        return path[::-1]

    # changes ---------------------------------------------------------------
    def start(self, space: Space, sampler: str = "random", n: int = 25, seed: int | None = 0) -> ZoomRound:
        """Forget every round and sample the whole ``space`` as round 0."""
        trials = sample(space, sampler, n, seed)
        r = ZoomRound(0, space, tuple(trials), sampler, None, n, seed, None)
        self._rounds = [r]
        self._current = 0
        return r

    def zoom(
        self,
        axis_rect: Mapping[str, tuple[float, float]],
        n: int,
        seed: int | None,
        sampler: str | None = None,
    ) -> ZoomRound:
        """Sample a new round inside ``axis_rect`` of the current round and make it current.

        Parameters
        ----------
        axis_rect : dict name -> (axis_lo, axis_hi)
            Rectangle in displayed axis coordinates; dimensions not named keep
            the parent's range. Clipped to the parent space.
        n, seed :
            Budget and seed for the new round.
        sampler : str, optional
            Defaults to the parent round's sampler.

        Raises
        ------
        ValueError
            When the rectangle misses the parent space or names an unknown
            dimension (the history is left unchanged).
        """
        parent = self.current
        ranges = axis_rect_to_ranges(parent.space, axis_rect)
        space = parent.space.sub(ranges)
        sampler = parent.sampler if sampler is None else sampler
        trials = sample(space, sampler, n, seed)
        r = ZoomRound(len(self._rounds), space, tuple(trials), sampler, parent.index, n, seed, dict(axis_rect))
        self._rounds.append(r)
        self._current = r.index
        return r

    def back_to(self, index: int) -> ZoomRound:
        """Make round ``index`` current again; later rounds stay in the history.

        The next :meth:`zoom` then branches from ``index`` (its ``parent``).
        """
        if not 0 <= index < len(self._rounds):
            raise ValueError(f"index={index!r} is out of range: allowed [0, {len(self._rounds) - 1}]")
        self._current = int(index)
        return self._rounds[index]

    # JSON ------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """``{"schema": 1, "current": i, "rounds": [...]}``."""
        return {
            "schema": SCHEMA_VERSION,
            "current": self._current,
            "rounds": [r.to_json() for r in self._rounds],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ZoomHistory":
        """Inverse of :meth:`to_json`."""
        schema = d.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise ValueError(f"schema={schema!r} is not supported: expected {SCHEMA_VERSION}")
        h = cls()
        h._rounds = [ZoomRound.from_json(r) for r in d["rounds"]]
        for i, r in enumerate(h._rounds):
            if r.index != i:
                raise ValueError(f"rounds[{i}].index={r.index!r} is out of order")
        cur = d.get("current")
        if cur is not None and not 0 <= cur < len(h._rounds):
            raise ValueError(f"current={cur!r} is out of range: allowed [0, {len(h._rounds) - 1}]")
        h._current = cur
        return h
