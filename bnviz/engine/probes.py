"""Statistics the panels draw, computed from one block's trace on the probe batch.

Bin edges are chosen once per run (and on an explicit re-fit) so that the
histograms keep still while training goes on; a distribution that outgrows
them piles up in the end bins, which is itself visible.
"""

from __future__ import annotations

import numpy as np

from bnviz.engine.snapshot import Histogram, frozen

N_BINS = 60
PERCENTILES = (15.0, 50.0, 85.0)


def nice_limit(values: np.ndarray, floor: float = 1.0) -> float:
    """A round half-width covering the bulk (99.5%) of ``values`` with a margin."""
    v = np.abs(values[np.isfinite(values)])
    if v.size == 0:
        return floor
    q = float(np.percentile(v, 99.5)) * 1.25
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


def histogram(values: np.ndarray, edges: np.ndarray) -> Histogram:
    """Counts over fixed, evenly spaced ``edges``; out-of-range values land in the end bins.

    Binning by arithmetic and ``bincount`` is several times faster than
    ``np.histogram`` with explicit edges, which sorts; working in place on one
    scaled copy halves it again (a frame needs ~20 of these over 51,200 values).
    Non-finite values (a diverged run) are left out.
    """
    n = len(edges) - 1
    # Python floats keep float32 traces in float32 (a NumPy float64 scalar would upcast them)
    t = values.ravel() - float(edges[0])         # a fresh array: scaled and clipped in place
    t *= n / float(edges[-1] - edges[0])
    finite = np.isfinite(t)
    if not finite.all():
        t = t[finite]
    np.clip(t, 0, n - 1, out=t)
    counts = np.bincount(t.astype(np.intp), minlength=n)
    return Histogram(frozen(edges), frozen(counts))


def percentiles(values: np.ndarray) -> np.ndarray:
    return np.percentile(values, PERCENTILES).astype(np.float64)
