"""Search dimensions and spaces: where a hyperparameter may live, and on which scale.

The scale is the lesson (syllabus H4, H5). A learning rate in [1e-4, 1]
sampled uniformly puts ~90% of its points in [0.1, 1]; sampled uniformly in
``log10`` it spends the same effort on every decade. A momentum ``beta`` in
[0.9, 0.999] matters through its averaging window ``1/(1-beta)``, which is
hypersensitive near 1, so ``1 - beta`` is what should be log-uniform.

Every dimension knows three coordinate systems:

* the *value* the objective receives (``1e-3``, ``0.99``, ``64``);
* the *axis* coordinate a plot draws (``log10`` for log dimensions,
  ``log10(1 - beta)`` for betas, the value itself otherwise, the index for
  choices); zoom rectangles are dragged in it, so :meth:`from_axis` turns
  them back into values;
* the *unit* coordinate ``u in [0, 1)`` that samplers draw (pseudo-random or
  Sobol); :meth:`from_unit` is the inverse CDF of the dimension's
  distribution, which is why random and quasi-random sampling share code.

Nothing here touches a global RNG: callers pass a ``np.random.Generator``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Union

import numpy as np

__all__ = [
    "Uniform",
    "IntUniform",
    "LogUniform",
    "OneMinusLogUniform",
    "Choice",
    "Dimension",
    "Space",
    "dimension_from_json",
    "decade_counts",
    "pow10",
    "averaging_window",
    "SCHEMA_VERSION",
]

#: Version of the JSON form written by :meth:`Space.to_json`.
SCHEMA_VERSION = 1


def _finite(name: str, value: Any) -> float:
    """Coerce ``value`` to a finite float or raise the config-style ValueError."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{name}={value!r} is out of range: must be finite")
    return v


def _ordered(lo: float, hi: float) -> tuple[float, float]:
    return (lo, hi) if lo <= hi else (hi, lo)


def _contains(arr: np.ndarray, lo: float, hi: float, scalar: bool) -> bool | np.ndarray:
    inside = (arr >= lo) & (arr <= hi)
    return bool(inside) if scalar else inside


def _check_k(k: int) -> int:
    if int(k) != k or k < 1:
        raise ValueError(f"k={k!r} is out of range: need an integer >= 1 grid points")
    return int(k)


def _axis_grid(a: float, b: float, k: int) -> np.ndarray:
    """``k`` evenly spaced axis points, endpoints included (the midpoint when k=1)."""
    if k == 1:
        return np.array([(a + b) / 2.0])
    return np.linspace(a, b, k)


def pow10(u: Any) -> np.ndarray:
    """``10.0 ** u`` in float64, exactly the decimal ``1e<k>`` wherever ``u`` is a whole number ``k``.

    Why: ``np.power`` is not correctly rounded, and how far off it is depends
    on the NumPy build (numpy 1.26's SIMD ``pow`` gives ``10.0 ** -1`` as
    0.09999999999999999). A grid point or a decade edge at ``10**-1`` must be
    the 0.1 a user types, or it shows up as 0.09999999999999999 in the trial
    table and the CSVs, and a trial at lr=0.1 lands beside the edge instead of
    on it. Non-whole exponents (random samples) keep ``np.power``'s value.
    """
    u = np.asarray(u, dtype=float)
    out = np.atleast_1d(np.power(10.0, u))
    k = np.atleast_1d(np.round(u))
    whole = (np.atleast_1d(u) == k) & (np.abs(k) <= 308)
    if whole.any():
        out[whole] = [float(f"1e{int(e)}") for e in k[whole]]   # decimal parsing is correctly rounded
    return out.reshape(u.shape)


def _empty_sub(kind: str, lo: float, hi: float, own: tuple[Any, Any]) -> ValueError:
    return ValueError(
        f"{kind}.sub(lo={lo!r}, hi={hi!r}) does not overlap the dimension's range "
        f"[{own[0]!r}, {own[1]!r}]"
    )


@dataclass(frozen=True)
class Uniform:
    """Real values uniform in ``[lo, hi]``: the right scale for quantities that act additively.

    Parameters
    ----------
    lo, hi : float
        Inclusive bounds, ``lo < hi``.
    """

    lo: float
    hi: float

    scale: ClassVar[str] = "linear"
    kind: ClassVar[str] = "uniform"

    def __post_init__(self) -> None:
        lo = _finite("lo", self.lo)
        hi = _finite("hi", self.hi)
        if not lo < hi:
            raise ValueError(f"lo={lo!r} is out of range: need lo < hi={hi!r}")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    # unit <-> value --------------------------------------------------------
    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF: map ``u in [0, 1)`` to values (shared by random and Sobol)."""
        u = np.asarray(u, dtype=float)
        return np.clip(self.lo + u * (self.hi - self.lo), self.lo, self.hi)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw ``n`` values with the caller's generator (no global RNG)."""
        return self.from_unit(rng.random(int(n)))

    def grid(self, k: int) -> np.ndarray:
        """``k`` values evenly spaced on the axis, both endpoints included."""
        return self.from_axis(_axis_grid(self.axis_lo, self.axis_hi, _check_k(k)))

    # axis <-> value --------------------------------------------------------
    def to_axis(self, values: Any) -> np.ndarray:
        """Displayed axis coordinate of ``values`` (identity on a linear axis)."""
        return np.asarray(values, dtype=float)

    def from_axis(self, u: Any) -> np.ndarray:
        """Values at displayed axis coordinates ``u`` (inverse of :meth:`to_axis`)."""
        return np.asarray(u, dtype=float)

    @property
    def axis_lo(self) -> float:
        """Smallest axis coordinate of the range (for setting a plot's view)."""
        return float(min(self.to_axis(self.lo), self.to_axis(self.hi)))

    @property
    def axis_hi(self) -> float:
        """Largest axis coordinate of the range."""
        return float(max(self.to_axis(self.lo), self.to_axis(self.hi)))

    def contains(self, v: Any) -> bool | np.ndarray:
        """Whether ``v`` (scalar or array) lies in ``[lo, hi]``."""
        arr = np.asarray(v, dtype=float)
        return _contains(arr, self.lo, self.hi, arr.ndim == 0)

    def sub(self, lo: float, hi: float) -> "Uniform":
        """The same kind of dimension on ``[lo, hi]`` clipped to this one (zoom)."""
        lo, hi = _ordered(_finite("lo", lo), _finite("hi", hi))
        nlo, nhi = max(lo, self.lo), min(hi, self.hi)
        if not nlo < nhi:
            raise _empty_sub(type(self).__name__, lo, hi, (self.lo, self.hi))
        return type(self)(nlo, nhi)

    # JSON ------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Plain dict for session files (never pickle)."""
        return {"kind": self.kind, "lo": self.lo, "hi": self.hi}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Uniform":
        """Inverse of :meth:`to_json`."""
        return cls(d["lo"], d["hi"])


@dataclass(frozen=True)
class LogUniform(Uniform):
    """Positive values with ``log10`` uniform: ``r ~ U[log10 lo, log10 hi]``, value ``10**r``.

    Why: a learning rate in [1e-4, 1] matters by its order of magnitude, so
    every decade should get the same share of the trials (syllabus H4).
    """

    scale: ClassVar[str] = "log"
    kind: ClassVar[str] = "log_uniform"

    def __post_init__(self) -> None:
        lo = _finite("lo", self.lo)
        if not lo > 0:
            raise ValueError(f"lo={lo!r} is out of range: a log scale needs lo > 0")
        super().__post_init__()

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        a, b = math.log10(self.lo), math.log10(self.hi)
        return np.clip(pow10(a + u * (b - a)), self.lo, self.hi)

    def grid(self, k: int) -> np.ndarray:
        """``k`` values evenly spaced in ``log10``, endpoints exactly ``lo`` and ``hi``."""
        k = _check_k(k)
        g = self.from_axis(_axis_grid(self.axis_lo, self.axis_hi, k))
        if k > 1:
            g[0], g[-1] = self.lo, self.hi
        return np.clip(g, self.lo, self.hi)

    def to_axis(self, values: Any) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(np.asarray(values, dtype=float))

    def from_axis(self, u: Any) -> np.ndarray:
        return pow10(u)


@dataclass(frozen=True)
class OneMinusLogUniform(Uniform):
    """Values near 1 (momentum, Adam's betas) with ``1 - beta`` log-uniform.

    With ``lo=0.9, hi=0.999``, ``r ~ U[-3, -1]`` and ``beta = 1 - 10**r``.
    Why: the averaging window ``1/(1-beta)`` barely moves from 0.9 to 0.9005
    but doubles from 0.999 to 0.9995, so uniform sampling in ``beta`` would
    waste trials where nothing changes (syllabus H5). The displayed axis is
    ``log10(1 - beta)``, which *decreases* as ``beta`` grows.
    """

    scale: ClassVar[str] = "one_minus_log"
    kind: ClassVar[str] = "one_minus_log_uniform"

    def __post_init__(self) -> None:
        lo = _finite("lo", self.lo)
        hi = _finite("hi", self.hi)
        if not 0.0 < lo < 1.0:
            raise ValueError(f"lo={lo!r} is out of range: allowed (0, 1)")
        if not 0.0 < hi < 1.0:
            raise ValueError(f"hi={hi!r} is out of range: allowed (0, 1)")
        super().__post_init__()

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        a, b = math.log10(1.0 - self.hi), math.log10(1.0 - self.lo)
        return np.clip(1.0 - pow10(a + u * (b - a)), self.lo, self.hi)

    def grid(self, k: int) -> np.ndarray:
        """``k`` betas evenly spaced in ``log10(1 - beta)``, ascending from ``lo`` to ``hi``."""
        k = _check_k(k)
        g = self.from_axis(_axis_grid(self.axis_hi, self.axis_lo, k))
        if k > 1:
            g[0], g[-1] = self.lo, self.hi
        return np.clip(g, self.lo, self.hi)

    def to_axis(self, values: Any) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(1.0 - np.asarray(values, dtype=float))

    def from_axis(self, u: Any) -> np.ndarray:
        return 1.0 - pow10(u)


@dataclass(frozen=True)
class IntUniform:
    """Integers uniform in ``[lo, hi]`` inclusive (number of units, layers, batch size).

    ``lo == hi`` is allowed: it fixes the integer, which is what zooming onto
    a single width produces.
    """

    lo: int
    hi: int

    scale: ClassVar[str] = "int"
    kind: ClassVar[str] = "int_uniform"

    def __post_init__(self) -> None:
        for name in ("lo", "hi"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer, float, np.floating)) \
                    or not math.isfinite(v) or int(v) != v:
                raise ValueError(f"{name}={v!r} is out of range: must be an integer")
            object.__setattr__(self, name, int(v))
        if not self.lo <= self.hi:
            raise ValueError(f"lo={self.lo!r} is out of range: need lo <= hi={self.hi!r}")

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        n = self.hi - self.lo + 1
        return np.clip(self.lo + np.floor(u * n).astype(np.int64), self.lo, self.hi)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.integers(self.lo, self.hi + 1, size=int(n), dtype=np.int64)

    def grid(self, k: int) -> np.ndarray:
        """Up to ``k`` distinct integers evenly spaced, endpoints included.

        Fewer than ``k`` come back when the range holds fewer integers.
        """
        g = np.rint(_axis_grid(float(self.lo), float(self.hi), _check_k(k))).astype(np.int64)
        return np.unique(g)

    def to_axis(self, values: Any) -> np.ndarray:
        return np.asarray(values, dtype=float)

    def from_axis(self, u: Any) -> np.ndarray:
        return np.rint(np.asarray(u, dtype=float)).astype(np.int64)

    @property
    def axis_lo(self) -> float:
        return float(self.lo)

    @property
    def axis_hi(self) -> float:
        return float(self.hi)

    def contains(self, v: Any) -> bool | np.ndarray:
        arr = np.asarray(v, dtype=float)
        inside = (arr >= self.lo) & (arr <= self.hi) & (arr == np.rint(arr))
        return bool(inside) if arr.ndim == 0 else inside

    def sub(self, lo: float, hi: float) -> "IntUniform":
        """Integers of ``[lo, hi]`` (rounded inwards) that are also in this range."""
        lo, hi = _ordered(_finite("lo", lo), _finite("hi", hi))
        nlo, nhi = max(math.ceil(lo - 1e-9), self.lo), min(math.floor(hi + 1e-9), self.hi)
        if nlo > nhi:
            raise _empty_sub("IntUniform", lo, hi, (self.lo, self.hi))
        return IntUniform(nlo, nhi)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "lo": self.lo, "hi": self.hi}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "IntUniform":
        return cls(d["lo"], d["hi"])


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


@dataclass(frozen=True)
class Choice:
    """One of a few listed values (activation, optimizer, a handful of batch sizes).

    The axis coordinate is the index in ``values``, so a categorical axis can
    be drawn and zoomed like any other.
    """

    values: tuple[Any, ...]

    scale: ClassVar[str] = "choice"
    kind: ClassVar[str] = "choice"

    def __post_init__(self) -> None:
        vals = self.values
        if isinstance(vals, (str, bytes)) or not isinstance(vals, Sequence | np.ndarray):
            raise ValueError(f"values={vals!r} is not allowed: give a list of choices")
        vals = tuple(v.item() if isinstance(v, np.generic) else v for v in vals)
        if not vals:
            raise ValueError("values=() is out of range: need at least one choice")
        if len(set(map(repr, vals))) != len(vals):
            raise ValueError(f"values={vals!r} is not allowed: choices must be distinct")
        object.__setattr__(self, "values", vals)

    @property
    def numeric(self) -> bool:
        """Whether every choice is a number (then samples come back as a numeric array)."""
        return all(_is_number(v) for v in self.values)

    def _take(self, idx: np.ndarray) -> np.ndarray:
        arr = np.asarray(self.values) if self.numeric else np.array(self.values, dtype=object)
        out = arr[idx]
        # a 0-d index gives a scalar; keep the array contract of the other dimensions
        return out if isinstance(out, np.ndarray) else np.array(out, dtype=arr.dtype)

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        n = len(self.values)
        return self._take(np.clip(np.floor(u * n).astype(np.int64), 0, n - 1))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self._take(rng.integers(0, len(self.values), size=int(n)))

    def grid(self, k: int) -> np.ndarray:
        """Up to ``k`` choices at evenly spaced indices (all of them when ``k >= len``)."""
        n = len(self.values)
        idx = np.unique(np.rint(_axis_grid(0.0, float(n - 1), min(_check_k(k), n))).astype(np.int64))
        return self._take(idx)

    def index(self, v: Any) -> int:
        """Position of ``v`` in ``values`` (ValueError when absent)."""
        for i, c in enumerate(self.values):
            if c is v or (c == v and isinstance(c, bool) == isinstance(v, (bool, np.bool_))):
                return i
        raise ValueError(f"value={v!r} is not allowed: choose one of {', '.join(map(str, self.values))}")

    def to_axis(self, values: Any) -> np.ndarray:
        if np.ndim(values) == 0:
            return np.asarray(float(self.index(values)))
        return np.array([self.index(v) for v in values], dtype=float)

    def from_axis(self, u: Any) -> np.ndarray:
        n = len(self.values)
        idx = np.clip(np.rint(np.asarray(u, dtype=float)).astype(np.int64), 0, n - 1)
        return self._take(idx)

    @property
    def axis_lo(self) -> float:
        return 0.0

    @property
    def axis_hi(self) -> float:
        return float(len(self.values) - 1)

    def contains(self, v: Any) -> bool | np.ndarray:
        def one(x: Any) -> bool:
            try:
                self.index(x)
                return True
            except ValueError:
                return False
        if np.ndim(v) == 0:
            return one(v.item() if isinstance(v, np.generic) else v)
        return np.array([one(x) for x in v], dtype=bool)

    def sub(self, lo: Any, hi: Any) -> "Choice":
        """Choices between ``lo`` and ``hi``.

        When both are choices, the ones between their positions (inclusive);
        otherwise, for numeric choices, those with ``lo <= v <= hi``.
        """
        if self.contains(lo) and self.contains(hi):
            i, j = sorted((self.index(lo), self.index(hi)))
            return Choice(self.values[i:j + 1])
        if self.numeric and _is_number(lo) and _is_number(hi):
            a, b = _ordered(float(lo), float(hi))
            kept = tuple(v for v in self.values if a <= v <= b)
            if kept:
                return Choice(kept)
        raise _empty_sub("Choice", lo, hi, (self.values[0], self.values[-1]))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "values": list(self.values)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Choice":
        return cls(tuple(d["values"]))


Dimension = Union[Uniform, LogUniform, OneMinusLogUniform, IntUniform, Choice]

_KINDS: dict[str, type] = {
    c.kind: c for c in (Uniform, LogUniform, OneMinusLogUniform, IntUniform, Choice)
}


def dimension_from_json(d: Mapping[str, Any]) -> Dimension:
    """Rebuild any dimension from its :meth:`to_json` dict (dispatch on ``kind``)."""
    kind = d.get("kind")
    if kind not in _KINDS:
        raise ValueError(f"kind={kind!r} is not allowed: choose one of {', '.join(_KINDS)}")
    return _KINDS[kind].from_json(d)


class Space(Mapping[str, Dimension]):
    """An ordered, immutable mapping ``name -> dimension``.

    The order is the order of the keyword arguments; grids are enumerated
    in row-major order of it and Sobol coordinates follow it, so the same
    space and seed always give the same trials.

    Examples
    --------
    >>> space = Space(learning_rate=LogUniform(1e-4, 1.0), adam_eps=LogUniform(1e-10, 1e-6))
    >>> space.names
    ('learning_rate', 'adam_eps')
    """

    __slots__ = ("_dims",)

    def __init__(self, **dimensions: Dimension) -> None:
        if not dimensions:
            raise ValueError("dimensions={} is out of range: a space needs at least one dimension")
        for name, dim in dimensions.items():
            if not isinstance(dim, tuple(_KINDS.values())):
                raise ValueError(f"{name}={dim!r} is not a search dimension")
        object.__setattr__(self, "_dims", dict(dimensions))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Space is immutable; use sub() to derive a new one")

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle/copy through the constructor (the default slot restore would hit __setattr__)
        return (_space_from_items, (tuple(self._dims.items()),))

    def __getitem__(self, name: str) -> Dimension:
        return self._dims[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dims)

    def __len__(self) -> int:
        return len(self._dims)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Space):
            return NotImplemented
        return list(self._dims.items()) == list(other._dims.items())

    def __hash__(self) -> int:
        return hash(tuple(self._dims.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._dims.items())
        return f"Space({inner})"

    @property
    def names(self) -> tuple[str, ...]:
        """Dimension names in order."""
        return tuple(self._dims)

    def contains(self, params: Mapping[str, Any]) -> bool:
        """Whether every named value of ``params`` lies in its dimension."""
        return all(bool(self._dims[k].contains(params[k])) for k in self._dims)

    def sub(self, ranges: Mapping[str, tuple[Any, Any]]) -> "Space":
        """A space restricted to ``ranges`` (value space); unnamed dimensions are kept.

        Each range is clipped to the current dimension, so a zoom can never
        leave the parent space.
        """
        unknown = set(ranges) - set(self._dims)
        if unknown:
            raise ValueError(f"ranges has unknown dimensions {sorted(unknown)}: allowed {list(self._dims)}")
        new = {k: (d.sub(*ranges[k]) if k in ranges else d) for k, d in self._dims.items()}
        return Space(**new)

    def to_json(self) -> dict[str, Any]:
        """``{"schema": 1, "dimensions": [{"name": ..., "kind": ..., ...}, ...]}`` (order kept)."""
        return {
            "schema": SCHEMA_VERSION,
            "dimensions": [{"name": k, **d.to_json()} for k, d in self._dims.items()],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Space":
        """Inverse of :meth:`to_json`."""
        schema = d.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise ValueError(f"schema={schema!r} is not supported: expected {SCHEMA_VERSION}")
        dims = {}
        for entry in d["dimensions"]:
            entry = dict(entry)
            name = entry.pop("name")
            dims[name] = dimension_from_json(entry)
        return cls(**dims)


def _space_from_items(items: tuple[tuple[str, Dimension], ...]) -> Space:
    return Space(**dict(items))


def decade_counts(values: Any, lo: float = 1e-4, hi: float = 1.0) -> list[tuple[float, float, int]]:
    """Count ``values`` per decade ``[10**k, 10**(k+1))`` between ``lo`` and ``hi``.

    Why: the H4 histogram shows that uniform sampling in [1e-4, 1] puts
    ~90% of points in the top decade while log-uniform gives each decade
    ~25%. The last decade includes ``hi``; values outside ``[lo, hi]`` are
    not counted.

    Returns
    -------
    list of (decade_lo, decade_hi, count)
    """
    lo = _finite("lo", lo)
    hi = _finite("hi", hi)
    if not 0 < lo < hi:
        raise ValueError(f"lo={lo!r} is out of range: need 0 < lo < hi={hi!r}")
    a = math.floor(math.log10(lo) + 1e-12)
    b = math.ceil(math.log10(hi) - 1e-12)
    edges = pow10(np.arange(a, b + 1, dtype=float))
    edges[0], edges[-1] = max(edges[0], lo), min(edges[-1], hi)
    v = np.asarray(values, dtype=float).ravel()
    v = v[(v >= lo) & (v <= hi)]
    counts, _ = np.histogram(v, bins=edges)
    return [(float(edges[i]), float(edges[i + 1]), int(c)) for i, c in enumerate(counts)]


def averaging_window(beta: Any) -> np.ndarray:
    """``1 / (1 - beta)``: roughly how many past steps an EMA with ``beta`` averages (H5)."""
    b = np.asarray(beta, dtype=float)
    with np.errstate(divide="ignore"):
        return 1.0 / (1.0 - b)
