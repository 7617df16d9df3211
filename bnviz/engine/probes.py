"""Statistics the panels draw, computed from one block's trace on the probe batch.

Bin edges stay still while training goes on, so only the counts move.  A
``Bins`` keeps one histogram's edges and re-fits them by itself, rarely: at
once when more than ``WIDEN_AT`` of the values fall outside (widening with a
generous margin), and only after ``SHRINK_AFTER`` probes in a row in which
the data fill less than ``SHRINK_AT`` of the range.  Values outside the
edges are counted apart (``Histogram.below`` / ``above``), never folded into
the end bins, where they would look like real data.
"""

from __future__ import annotations

import math

import numpy as np

from bnviz.engine.snapshot import Histogram, frozen

N_BINS = 60
PERCENTILES = (15.0, 50.0, 85.0)


def nice_limit(values: np.ndarray, floor: float = 1.0, margin: float = 1.25) -> float:
    """A round half-width covering the bulk (99.5%) of ``values`` times ``margin``."""
    v = np.abs(values[np.isfinite(values)])
    if v.size == 0:
        return floor
    return round_up(float(np.percentile(v, 99.5)) * margin, floor)


def round_up(q: float, floor: float = 1.0) -> float:
    """``q`` rounded up to one significant digit, and at least ``floor``."""
    if q <= floor:
        return floor
    step = 10 ** np.floor(np.log10(q))
    return float(np.ceil(q / step) * step)


def symmetric_edges(values: np.ndarray, floor: float = 1.0) -> np.ndarray:
    lim = nice_limit(values, floor)
    return np.linspace(-lim, lim, N_BINS + 1)


def activation_edges(name: str, act_in_edges: np.ndarray) -> np.ndarray:
    """Edges for an activation's output, from its known range where it has one."""
    if name == "sigmoid":
        return np.linspace(0.0, 1.0, N_BINS + 1)
    if name == "tanh":
        return np.linspace(-1.0, 1.0, N_BINS + 1)
    if name == "relu":
        return np.linspace(0.0, act_in_edges[-1], N_BINS + 1)
    return act_in_edges


def histogram(values: np.ndarray, edges: np.ndarray, overflow: bool = False) -> Histogram:
    """Counts over fixed, evenly spaced ``edges`` (the right edge included).

    With ``overflow``, values below or above the edges are counted in
    ``below`` / ``above`` and left out of ``counts``; without, they land in the
    end bins (labs whose edges cover the bulk by construction keep that).
    Binning by arithmetic and ``bincount`` is several times faster than
    ``np.histogram`` with explicit edges, which sorts; working in place on one
    scaled copy halves it again (a frame needs ~20 of these over 51,200 values).
    Both out-of-range counts come from the same ``bincount``: it has one slot
    on each side for them, so they cost no extra pass.
    Non-finite values (a diverged run) are left out.
    """
    n = len(edges) - 1
    lo, hi = float(edges[0]), float(edges[-1])
    # Python floats keep float32 traces in float32 (a NumPy float64 scalar would upcast them).
    # Slot 0 is "below", 1..n the bins, n+1 "above": [lo, hi] maps onto [1 + eta, n + 1 - eta],
    # so values exactly on either edge (a saturated float32 sigmoid is exactly 1.0) are in the
    # end bins whatever float32 rounding does; eta shifts the bins by a 10,000th of a bin.
    eta = 1e-4
    k = (n - 2 * eta) / (hi - lo)
    t = values.ravel() - (lo - (1 + eta) / k)   # a fresh array: scaled and clipped in place
    t *= k
    finite = np.isfinite(t)
    if not finite.all():
        t = t[finite]
    np.clip(t, 0, n + 1, out=t)
    slots = np.bincount(t.astype(np.intp), minlength=n + 2)
    below, counts, above = int(slots[0]), slots[1:n + 1], int(slots[n + 1])
    if not overflow:
        counts[0] += below
        counts[-1] += above
        below = above = 0
    return Histogram(frozen(edges), frozen(counts), below, above)


WIDEN_AT = 0.02        # re-fit at once when more than 2% of the values fall outside the edges
WIDEN_MARGIN = 1.5     # ... to the 99.5th percentile of |value| times this, rounded up
SHRINK_AT = 0.30       # the data fill less than this share of the range ...
SHRINK_AFTER = 8       # ... for this many probes in a row: re-fit narrower
BULK = 0.995           # the share of the values the "occupied" range holds


class Bins:
    """One histogram's edges, re-fitted by themselves when the data leave them.

    ``shape`` is ``symmetric`` ([-L, L], so zero stays in the middle and BN's
    centring shows), ``positive`` ([0, L], ReLU outputs) or ``fixed`` (a
    bounded activation's range: never re-fitted).  ``L`` never goes below
    ``floor``.  Deciding costs nothing beyond the histogram: the overflow
    counts and the occupied range are read off the counts; only a re-fit
    (rare, by the hysteresis) takes a percentile of the values.
    """

    def __init__(self, shape: str, floor: float = 1.0, fixed: np.ndarray | None = None) -> None:
        if shape not in ("symmetric", "positive", "fixed"):
            raise ValueError(f"shape={shape!r}")
        if shape == "fixed" and fixed is None:
            raise ValueError("a fixed Bins needs its edges")
        self.shape = shape
        self.floor = floor
        self.edges: np.ndarray | None = None if fixed is None else np.asarray(fixed, dtype=np.float64)
        self.refits = 0             # automatic re-fits so far (the explicit ``fit`` is not one)
        self._narrow_for = 0
        self._need = 0.0            # the widest |value| the bulk needed over the current narrow streak

    def fit(self, values: np.ndarray, margin: float = 1.25, at_least: float = 0.0) -> None:
        """Edges covering the bulk of ``values`` (an explicit re-fit: the F key, a reset).

        ``at_least``: a half-width the edges must keep (what other runs sharing
        these bins need), so one run's re-fit does not cut another's data off.
        """
        self._narrow_for = 0
        self._need = 0.0
        if self.shape == "fixed":
            return
        lim = max(nice_limit(values, self.floor, margin), round_up(at_least, self.floor))
        lo = -lim if self.shape == "symmetric" else 0.0
        self.edges = np.linspace(lo, lim, N_BINS + 1)

    def histogram(self, values: np.ndarray) -> Histogram:
        """The histogram of ``values``, first re-fitting the edges if the data have left them."""
        if self.edges is None:
            self.fit(values)
        h = histogram(values, self.edges, overflow=True)
        margin = self._refit_margin(h)
        if margin:
            # widening never narrows (another run may need the old width); shrinking keeps what
            # every run checked during the narrow streak needed
            keep = float(self.edges[-1]) if margin == WIDEN_MARGIN else self._need * 1.25
            self.fit(values, margin, keep)
            self.refits += 1
            h = histogram(values, self.edges, overflow=True)
        return h

    def _refit_margin(self, h: Histogram) -> float:
        """0 to keep the edges; else the margin to re-fit with (wide when widening)."""
        if self.shape == "fixed":
            return 0.0
        out = h.below + h.above
        if out and out > WIDEN_AT * (out + int(h.counts.sum())):
            return WIDEN_MARGIN
        # a floor that keeps the range wide is no reason to re-fit: it would give the same edges
        share = occupied(h)
        if max(share, self.floor / float(self.edges[-1])) < SHRINK_AT:
            self._narrow_for += 1
            self._need = max(self._need, share * float(self.edges[-1]))
            if self._narrow_for >= SHRINK_AFTER:
                return 1.25
        else:
            self._narrow_for = 0
            self._need = 0.0
        return 0.0


def occupied(h: Histogram) -> float:
    """The share of the range's half-width (from zero) that the bulk of the data needs.

    Edges are re-fitted from zero out (``[-L, L]`` or ``[0, L]``), so this is
    what a re-fit could save: the largest |edge| the bulk reaches over ``L``.

    Read off the counts: the outer edges of the bins holding the (1 - BULK)/2
    and (1 + BULK)/2 quantiles, so it slightly over-states the need (no
    shrink by rounding).  Out-of-range counts count as needing the full range.
    """
    cum = np.cumsum(h.counts)
    total = int(cum[-1]) + h.below + h.above
    tail = (1.0 - BULK) / 2 * total
    if total == 0 or h.below > tail or h.above > tail:
        return 1.0
    # the first bin whose running count passes the lower tail, and the one passing the upper
    first, last = np.searchsorted(cum, (tail - h.below, total - tail - h.below), side="right")
    e = h.edges
    n = len(e) - 1
    need = max(abs(float(e[min(first, n - 1)])), abs(float(e[min(last, n - 1) + 1])))
    return need / max(abs(float(e[0])), abs(float(e[-1])))


#: value buckets ``percentiles`` counts the values into before it sorts the few in the wanted buckets
PCT_BUCKETS = 1024


def percentiles(values: np.ndarray) -> np.ndarray:
    """``np.percentile(values, PERCENTILES)`` as float64, bitwise (a zero's sign aside), in a third of the time.

    Why: every probe takes these over each layer's whole activation input (512 x 100
    values), and ``np.percentile`` partitions a copy of all of them (~1 ms each: a
    fifth of a full-speed twin's time went there).  Here the values are counted into
    ``PCT_BUCKETS`` equal-width buckets between their min and max (one ``bincount``);
    the buckets holding the wanted ranks are the only values partitioned.  Bucketing
    keeps the order (``floor((v - lo) * k)`` never decreases with ``v``), so the ranks
    are exact, and the interpolation between the two values around each rank is
    NumPy's own ('linear': ``a + (b - a) * g``, from the upper side when ``g >= 0.5``).
    Small, constant or non-finite inputs go to ``np.percentile`` itself.
    """
    v = values.ravel()
    n = v.size
    lo, hi = (float(v.min()), float(v.max())) if n >= 4 * PCT_BUCKETS else (0.0, 0.0)
    scale = PCT_BUCKETS / (hi - lo) if math.isfinite(hi - lo) and hi > lo else math.inf
    if not scale < float(np.finfo(v.dtype).max):     # NaN, inf, a span too small or too large to scale
        return np.percentile(v, PERCENTILES).astype(np.float64)
    virtual = (n - 1) * (np.asarray(PERCENTILES) / 100)      # NumPy's virtual indexes and weights
    below = np.floor(virtual)
    weight = virtual - below
    ranks = np.minimum(np.concatenate([below, below + 1]), n - 1).astype(np.intp)   # the values either side
    t = v - lo
    t *= scale
    np.minimum(t, PCT_BUCKETS - 1, out=t)          # the max lands in the last bucket
    bucket_of = t.astype(np.intp)
    counts = np.bincount(bucket_of, minlength=PCT_BUCKETS)
    starts = np.cumsum(counts) - counts            # the rank of each bucket's first value
    wanted = np.searchsorted(starts + counts, ranks, side="right")
    keep = np.zeros(PCT_BUCKETS, bool)
    keep[wanted] = True
    few = v[keep[bucket_of]]                        # the wanted buckets' values (in their own order)
    kept = np.where(keep, counts, 0)
    # a rank among the few: its rank in the whole, less the values below it that were not kept
    local = ranks - starts[wanted] + (np.cumsum(kept) - kept)[wanted]
    few.partition(np.unique(local))
    a, b = few[local[:len(PERCENTILES)]], few[local[len(PERCENTILES):]]
    diff = b - a
    out = np.add(a, diff * weight)
    np.subtract(b, diff * (1 - weight), out=out, where=weight >= 0.5)
    return out
