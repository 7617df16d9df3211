"""Covariate shift: change the input distribution between training and test.

The lecture's picture is a classifier "trained on black cats, tested on cats
of every colour": the rule ``x -> y`` is unchanged, only the distribution of
``x`` moves. This module produces such shifts on *raw* inputs (before the
data set's normalization, which stays the training one) and measures how far
two distributions of activations are apart, which is what the Covariate Shift
Lab shows layer by layer.

Two flavours:

* Transform shifts (:func:`apply_shift`) move every test input by the same
  deterministic map: ``translate``, ``scale`` and ``rotate`` for 2-D points,
  ``brightness`` and ``contrast`` for images. Being pointwise, the same map
  can be applied to a single point or to a plotting grid.
* The sub-population shift (:func:`subpopulation_mask`) trains on a biased
  slice of the data (the "black cats": the leftmost points, or the darkest
  images) and tests on everything. Inputs themselves are not transformed, so
  ``apply_shift`` with kind ``"subpopulation"`` returns an unchanged copy.

Everything is pure NumPy and deterministic (no randomness at all).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from bnviz.translatable import QT_TR_NOOP

__all__ = [
    "SHIFT_KINDS",
    "SHIFTS_2D",
    "SHIFTS_IMAGE",
    "ShiftConfig",
    "apply_shift",
    "shift_parameter",
    "subpopulation_mask",
    "moments_shift",
    "wasserstein_1d",
    "wasserstein_columns",
    "layer_distance",
]

SHIFT_KINDS: tuple[str, ...] = ("none", "translate", "scale", "rotate", "brightness", "contrast", "subpopulation")
SHIFTS_2D: tuple[str, ...] = ("none", "translate", "scale", "rotate", "subpopulation")
SHIFTS_IMAGE: tuple[str, ...] = ("none", "brightness", "contrast", "subpopulation")
#: How each shift kind is named on screen (English; the Qt side shows ``tr(KIND_TEXT[kind])``).
KIND_TEXT = {"none": QT_TR_NOOP("none"), "translate": QT_TR_NOOP("translate"), "scale": QT_TR_NOOP("scale"),
             "rotate": QT_TR_NOOP("rotate"), "brightness": QT_TR_NOOP("brightness"),
             "contrast": QT_TR_NOOP("contrast"), "subpopulation": QT_TR_NOOP("sub-population (train on a slice)")}

#: Translation distance (raw units) at magnitude 1: about the size of a toy set.
TRANSLATE_MAX = 3.0
#: Largest extra scale factor: magnitude 1 scales by 1 + SCALE_MAX = 3.
SCALE_MAX = 2.0
#: Rotation angle at magnitude 1 (radians): a quarter turn.
ROTATE_MAX = math.pi / 2.0
#: Intensity added at magnitude 1 (pixels lie in [0, 1]).
BRIGHTNESS_MAX = 0.5
#: Contrast reduction at magnitude 1: deviations from mid-grey shrink to 20%.
CONTRAST_MAX = 0.8
#: Quantile kept by the sub-population at magnitude 1 (the lowest 25%).
SUBPOP_MIN_QUANTILE = 0.25


@dataclass(frozen=True)
class ShiftConfig:
    """Which covariate shift to apply to the test inputs, and how strongly.

    Parameters
    ----------
    kind : str
        One of :data:`SHIFT_KINDS`. The 2-D kinds (:data:`SHIFTS_2D`) and the
        image kinds (:data:`SHIFTS_IMAGE`) share ``none`` and
        ``subpopulation``.
    magnitude : float
        Slider value in [0, 1]; 0 is always "no shift". The mapping per kind
        (see :func:`shift_parameter`), in raw input units:

        * ``translate``: move every point by ``3 * magnitude`` along the
          diagonal ``(1, 1) / sqrt(2)``, so the mean moves by that distance;
        * ``scale``: multiply coordinates by ``1 + 2 * magnitude`` about the
          centre (the origin by default), so the std grows by that factor;
        * ``rotate``: rotate counter-clockwise by ``magnitude * pi / 2``
          about the centre;
        * ``brightness``: add ``0.5 * magnitude`` to every pixel, clipped to
          [0, 1];
        * ``contrast``: shrink deviations from mid-grey 0.5 by the factor
          ``1 - 0.8 * magnitude`` (the std shrinks by exactly that factor);
        * ``subpopulation``: train only on the rows of
          :func:`subpopulation_mask` (the lowest ``1 - 0.75 * magnitude``
          quantile); inputs are not transformed.
    """

    kind: str = "none"
    magnitude: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or self.kind not in SHIFT_KINDS:
            raise ValueError(f"kind={self.kind!r} is out of range: allowed " + ", ".join(SHIFT_KINDS))
        m = self.magnitude
        if isinstance(m, bool) or not isinstance(m, numbers.Real) or not (0.0 <= float(m) <= 1.0):
            raise ValueError(f"magnitude={m!r} is out of range: allowed [0, 1]")
        object.__setattr__(self, "magnitude", float(m))

    @property
    def is_identity(self) -> bool:
        """True when :func:`apply_shift` leaves inputs unchanged."""
        return self.kind in ("none", "subpopulation") or self.magnitude == 0.0


def shift_parameter(cfg: ShiftConfig) -> float:
    """The physical amount a config stands for, for labels and tests.

    Returns the translation distance, the scale factor, the angle in radians,
    the added brightness, the contrast factor, or the kept quantile for
    ``subpopulation`` (``nan`` for ``none``).
    """
    m = cfg.magnitude
    return {
        "none": float("nan"),
        "translate": TRANSLATE_MAX * m,
        "scale": 1.0 + SCALE_MAX * m,
        "rotate": ROTATE_MAX * m,
        "brightness": BRIGHTNESS_MAX * m,
        "contrast": 1.0 - CONTRAST_MAX * m,
        "subpopulation": 1.0 - (1.0 - SUBPOP_MIN_QUANTILE) * m,
    }[cfg.kind]


def apply_shift(
    x_raw: np.ndarray,
    cfg: ShiftConfig,
    *,
    image: bool,
    center: np.ndarray | None = None,
) -> np.ndarray:
    """Apply a transform shift to raw inputs.

    Shifts act on *raw* inputs and the result is then passed through the data
    set's training normalization (``Dataset.prepare``): that is what happens to
    a deployed model, whose preprocessing was frozen at training time.

    Parameters
    ----------
    x_raw : np.ndarray
        ``(n, n_features)`` raw inputs: 2-D points (``image=False``, at least
        2 features, rotation acts on the first two) or flattened images in
        [0, 1] (``image=True``).
    cfg : ShiftConfig
        Kind and magnitude.
    image : bool
        Whether ``x_raw`` holds images; a 2-D kind on images, or an image
        kind on points, raises ``ValueError`` (it would be meaningless).
    center : np.ndarray, optional
        Pivot of ``scale`` and ``rotate`` (default: the origin, which is the
        centre of every untouched toy set). Pass the training mean to pivot
        about the data when the set was elongated/offset.

    Returns
    -------
    np.ndarray
        A new float32 array; an equal copy for ``none``, ``subpopulation``
        and magnitude 0.
    """
    allowed = SHIFTS_IMAGE if image else SHIFTS_2D
    if cfg.kind not in allowed:
        what = "images" if image else "2-D points"
        raise ValueError(f"kind={cfg.kind!r} is out of range: {what} allow " + ", ".join(allowed))
    x = np.asarray(x_raw)
    if cfg.is_identity:
        return np.array(x, dtype=np.float32, copy=True)
    if x.ndim != 2:
        raise ValueError(f"x_raw has shape {x.shape}; expected (n, n_features)")
    p = shift_parameter(cfg)
    xf = x.astype(np.float64)
    if cfg.kind == "brightness":
        out = np.clip(xf + p, 0.0, 1.0)
    elif cfg.kind == "contrast":
        out = 0.5 + (xf - 0.5) * p
    else:
        d = xf.shape[1]
        if d < 2:
            raise ValueError(f"x_raw has {d} feature(s); 2-D shifts need at least 2")
        c = np.zeros(d) if center is None else np.asarray(center, dtype=np.float64).reshape(d)
        if cfg.kind == "translate":
            out = xf + p / math.sqrt(d) * np.ones(d)
        elif cfg.kind == "scale":
            out = c + (xf - c) * p
        else:  # rotate the first two coordinates about the centre
            cos, sin = math.cos(p), math.sin(p)
            out = xf.copy()
            u, v = xf[:, 0] - c[0], xf[:, 1] - c[1]
            out[:, 0] = c[0] + cos * u - sin * v
            out[:, 1] = c[1] + sin * u + cos * v
    return out.astype(np.float32)


def subpopulation_mask(
    x_raw: np.ndarray,
    y: np.ndarray,
    magnitude: float,
    *,
    image: bool,
    min_per_class: int = 3,
) -> np.ndarray:
    """Rows of the biased training sub-population (the "black cats").

    A row's score is its first raw coordinate for 2-D points and its mean
    intensity for images; the rows whose score is at most the
    ``q = 1 - 0.75 * magnitude`` quantile are kept (magnitude 0: every row;
    1: the lowest 25%: the leftmost points, or the darkest images). So that a
    class is never missing from training entirely (the lesson is about a
    shifted input distribution, not about an unseen class), the
    ``min_per_class`` lowest-scoring rows of every class are always kept as
    well (all of a class's rows when it has fewer). The mask only shrinks as
    the magnitude grows.

    Parameters
    ----------
    x_raw : np.ndarray
        ``(n, n_features)`` raw inputs.
    y : np.ndarray
        ``(n,)`` integer labels.
    magnitude : float
        Shift magnitude in [0, 1].
    image : bool
        Score by mean intensity (True) or first coordinate (False).
    min_per_class : int
        Rows of each class kept regardless of the quantile.

    Returns
    -------
    np.ndarray
        Boolean ``(n,)`` mask of training rows to keep.
    """
    x = np.asarray(x_raw)
    y = np.asarray(y)
    n = x.shape[0]
    if y.shape != (n,):
        raise ValueError(f"y has shape {y.shape}; expected ({n},)")
    if isinstance(magnitude, bool) or not 0.0 <= float(magnitude) <= 1.0:
        raise ValueError(f"magnitude={magnitude!r} is out of range: allowed [0, 1]")
    if n == 0:
        return np.zeros(0, dtype=bool)
    score = x.reshape(n, -1).mean(axis=1) if image else x.reshape(n, -1)[:, 0]
    score = score.astype(np.float64)
    q = 1.0 - (1.0 - SUBPOP_MIN_QUANTILE) * float(magnitude)
    mask = score <= np.quantile(score, q)
    if min_per_class > 0:
        for label in np.unique(y):
            rows = np.flatnonzero(y == label)
            lowest = rows[np.argsort(score[rows], kind="stable")[:min_per_class]]
            mask[lowest] = True
    return mask


def moments_shift(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """How far the first two moments moved: ``|mean a - mean b|, |std a - std b|``.

    Computed over the flattened arrays. Cheap and intuitive, but blind to
    changes of shape (two distributions can share mean and std and still
    differ), which is why the lab also prints :func:`layer_distance`.
    """
    fa = np.asarray(a, dtype=np.float64).ravel()
    fb = np.asarray(b, dtype=np.float64).ravel()
    if fa.size == 0 or fb.size == 0:
        raise ValueError("moments_shift needs non-empty arrays")
    return abs(float(fa.mean() - fb.mean())), abs(float(fa.std() - fb.std()))


def wasserstein_columns(a: np.ndarray, b: np.ndarray, *, max_elements: int = 4_000_000) -> np.ndarray:
    """Exact 1-D Wasserstein-1 distance between matching columns of two arrays.

    ``W1 = integral over u in (0, 1) of |Qa(u) - Qb(u)|`` where ``Q`` is the
    empirical quantile function. Both quantile functions are step functions
    that only jump at ``i / n`` and ``j / m``, so integrating over the union of
    those breakpoints is exact (no binning); for equal row counts it reduces
    to the mean absolute difference of the sorted columns.

    Parameters
    ----------
    a, b : np.ndarray
        ``(n, k)`` and ``(m, k)`` arrays (row counts may differ).
    max_elements : int
        Columns are processed in chunks so the temporary arrays stay below
        about this many elements.

    Returns
    -------
    np.ndarray
        float64 ``(k,)`` distances, in the units of the inputs.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"expected (n, k) and (m, k) arrays, got {a.shape} and {b.shape}")
    n, k = a.shape
    m = b.shape[0]
    if n == 0 or m == 0:
        raise ValueError("the Wasserstein distance needs non-empty arrays")
    sa = np.sort(a, axis=0)
    sb = np.sort(b, axis=0)
    if n == m:
        return np.abs(sa - sb).mean(axis=0)
    edges = np.union1d(np.arange(1, n + 1) / n, np.arange(1, m + 1) / m)
    edges = np.concatenate(([0.0], edges))
    widths = np.diff(edges)
    mid = 0.5 * (edges[:-1] + edges[1:])
    ia = np.minimum((mid * n).astype(np.int64), n - 1)
    ib = np.minimum((mid * m).astype(np.int64), m - 1)
    out = np.empty(k)
    step = max(1, max_elements // len(widths))
    for j in range(0, k, step):
        diff = np.abs(sa[ia, j : j + step] - sb[ib, j : j + step])
        out[j : j + step] = widths @ diff
    return out


def wasserstein_1d(a: np.ndarray, b: np.ndarray) -> float:
    """Wasserstein-1 ("earth mover's") distance between two empirical 1-D distributions.

    Why this measure: it is in the units of the values (a shift of the whole
    distribution by ``t`` gives exactly ``|t|``), it sees changes of shape,
    not only of mean and std, and it stays finite and smooth where histogram
    divergences (KL) blow up on empty bins. Computed exactly over the
    flattened arrays (see :func:`wasserstein_columns`); 0 for identical inputs.
    """
    fa = np.asarray(a).reshape(-1, 1)
    fb = np.asarray(b).reshape(-1, 1)
    return float(wasserstein_columns(fa, fb)[0])


def layer_distance(a: np.ndarray, b: np.ndarray) -> float:
    """How far a layer's activations moved: mean over units of per-unit W1.

    This is the number the Covariate Shift Lab prints for each layer, e.g.
    training activations versus shifted-test activations. Each unit (column)
    is compared with itself across the two sets, because a unit's downstream
    weights only "see" that unit's distribution; averaging keeps the number
    comparable between layers of different widths. It is in activation
    units, so a layer with large activations shows large distances: batch
    norm, by rescaling each unit, makes the numbers comparable across layers.

    Parameters
    ----------
    a, b : np.ndarray
        ``(n, units)`` and ``(m, units)`` activations; 1-D arrays are one
        unit, and arrays with more axes are flattened to ``(n, -1)``.

    Returns
    -------
    float
        The mean per-unit Wasserstein-1 distance (0 for identical inputs).
    """
    a = np.asarray(a)
    b = np.asarray(b)
    a = a.reshape(-1, 1) if a.ndim == 1 else a.reshape(a.shape[0], -1)
    b = b.reshape(-1, 1) if b.ndim == 1 else b.reshape(b.shape[0], -1)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"layer_distance needs the same number of units, got {a.shape[1]} and {b.shape[1]}")
    return float(wasserstein_columns(a, b).mean())
