"""Bounded histories: a million-step run keeps a few thousand rows.

``DecimatingHistory`` keeps at most ``capacity`` rows.  When it fills up it
drops every other row and from then on records only every ``stride``-th
append, so the whole run stays covered at an even, coarser resolution and the
memory held never grows with the step count.
"""

from __future__ import annotations

import numpy as np


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
            # the row that triggered compaction falls on the new stride only if aligned
            if (self._calls - 1) % self.stride:
                return
        for k, v in row.items():
            self._cols[k][self._n] = v
        self._n += 1

    def columns(self) -> dict[str, np.ndarray]:
        """Copies of the filled part of every column (safe to hand to another thread)."""
        return {k: col[: self._n].copy() for k, col in self._cols.items()}

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self._cols.values())
