"""Bounded histories: a million-step run keeps a few thousand rows.

``DecimatingHistory`` keeps at most ``capacity`` rows.  When it fills up it
drops every other row and from then on records only every ``stride``-th
append, so the whole run stays covered at an even, coarser resolution and the
memory held never grows with the step count.

``columns()`` hands out a ``Columns`` dict that also says which history it
came from (``source``) and how many times that history was halved
(``generation``): so the worker's pipe can send only the rows the GUI has not
seen yet (``bnviz.bridge.lean``) and a 20k-step run's frame stays small.
"""

from __future__ import annotations

import itertools

import numpy as np

_SOURCES = itertools.count(1)


class Columns(dict):
    """A history's columns (read-only arrays of equal length) and where they came from.

    ``source`` names the history (unique in this process; a new one whenever rows
    were changed other than by appending or halving) and ``generation`` counts its
    halvings: between two ``Columns`` of one source, the older one's rows taken
    every ``2 ** (generation difference)``-th are the newer one's first rows.
    """

    def __init__(self, cols=(), source: int = 0, generation: int = 0) -> None:
        super().__init__(cols)
        self.source = source
        self.generation = generation


class DecimatingHistory:
    """Columns of equal length; each column may hold scalars or fixed-shape rows."""

    def __init__(self, capacity: int = 2048) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError(f"capacity={capacity} is out of range: an even number >= 4")
        self.capacity = capacity
        self.stride = 1
        self._calls = 0
        self._n = 0
        self._cols: dict[str, np.ndarray] = {}
        self.source = next(_SOURCES)
        self.generation = 0     # halvings so far

    def __len__(self) -> int:
        return self._n

    def append(self, **row) -> None:
        """Offer a row; it is kept when it falls on the current stride."""
        self._calls += 1
        if (self._calls - 1) % self.stride:
            return
        if not self._cols:
            for k, v in row.items():
                v = np.asarray(v, dtype=np.float64)
                self._cols[k] = np.full((self.capacity, *v.shape), np.nan)
        if self._n == self.capacity:
            for k, col in self._cols.items():
                half = col[::2].copy()
                col[: self.capacity // 2] = half
                col[self.capacity // 2:] = np.nan
            self._n = self.capacity // 2
            self.stride *= 2
            self.generation += 1
            # the row that triggered compaction falls on the new stride only if aligned
            if (self._calls - 1) % self.stride:
                return
        for k, v in row.items():
            self._cols[k][self._n] = v
        self._n += 1

    def columns(self) -> Columns:
        """Read-only copies of the filled part of every column (safe to hand to another thread or a snapshot)."""
        cols = Columns(source=self.source, generation=self.generation)
        for k, col in self._cols.items():
            cols[k] = col[: self._n].copy()
            cols[k].flags.writeable = False
        return cols

    def rows_changed(self) -> None:
        """Rows were changed other than by appending (a roll back): from now on this is another source."""
        self.source = next(_SOURCES)

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self._cols.values())
