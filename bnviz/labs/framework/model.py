"""The engine's own batch norm, checked live against the notes' formulas and a numerical gradient.

F1 asks what makes a framework worth choosing: easy to program, fast, truly
open.  bnviz's answer for "easy" and "open" is that its engine is plain NumPy
anyone can read; this model makes that concrete and checkable.  Each step
draws a new mini-batch ``z`` of ``m`` rows (every unit with its own mean and
spread, as a hidden layer's ``z`` has before BN) and new ``gamma``, ``beta``,
then runs one forward and one backward pass of the engine's
``bnviz.engine.batchnorm.BatchNorm`` (looked up at call time: the class the
labs train with) and compares them with

* the notes' formulas written out plainly, in float64::

      mu      = 1/m * sum_i z(i)
      sigma^2 = 1/m * sum_i (z(i) - mu)^2
      z_norm  = (z - mu) / sqrt(sigma^2 + eps)
      z~      = gamma * z_norm + beta

* central differences: for the loss ``L = sum(dout * z~)`` with a random
  upstream gradient ``dout``, ``dL/dtheta ~ (L(theta + h) - L(theta - h)) / 2h``
  for every entry of ``z``, ``gamma`` and ``beta``, computed in float64 with
  the engine's own forward (the course's gradient check), scored with the
  course's relative difference ``||approx - exact|| / (||approx|| + ||exact||)``
  (below 1e-7: great; around 1e-5: look again; 1e-3: a bug).

The engine's source the page shows is read here with ``inspect`` from the
installed module, so it is the code that actually runs, with the line where
each formula lives (``EngineSource.marks``).
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections import deque
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from bnviz.engine import batchnorm
from bnviz.engine.config import check_choice, check_range
from bnviz.engine.snapshot import frozen

DTYPES = ("float64", "float32")
H = 1e-5                # central-difference step (float64)
HISTORY = 600           # checks kept for the error curves (the newest)


def _check_int(name: str, value: object, lo: int, hi: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not allowed: expected a whole number in [{lo}, {hi}]")
    check_range(name, value, lo, hi)


@dataclass(frozen=True)
class FrameworkConfig:
    """Every setting of the Inside the Engine lab.

    Parameters
    ----------
    seed : int
        Seeds the batches, gamma, beta and upstream gradients checked, in order.
    batch_size : int
        ``m``, the rows of each mini-batch (2 or more: a batch of one is its own mean).
    units : int
        Units (features) the BN layer normalizes.
    eps : float
        The ``epsilon`` under the square root.
    dtype : str
        The engine's precision for the checked pass ("float64", or "float32" as the labs train);
        the formulas and the numerical gradient are always float64.
    """

    seed: int = 0
    batch_size: int = 8
    units: int = 4
    eps: float = 1e-5
    dtype: str = "float64"

    def __post_init__(self) -> None:
        _check_int("seed", self.seed, 0, 2**32 - 1)
        _check_int("batch_size", self.batch_size, 2, 64)
        _check_int("units", self.units, 1, 16)
        check_range("eps", self.eps, 1e-10, 0.1)
        check_choice("dtype", self.dtype, DTYPES)

    def with_seed(self, seed: int) -> FrameworkConfig:
        return replace(self, seed=int(seed))


# ------------------------------------------------------------- the notes' formulas
def formula_forward(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> dict[str, np.ndarray]:
    """The notes' BN forward, one formula per line, in float64: mu, sigma^2, z_norm, z~."""
    z = np.asarray(z, dtype=np.float64)
    m = z.shape[0]
    mu = np.sum(z, axis=0) / m
    sigma2 = np.sum((z - mu) ** 2, axis=0) / m
    z_norm = (z - mu) / np.sqrt(sigma2 + eps)
    z_tilde = np.asarray(gamma, np.float64) * z_norm + np.asarray(beta, np.float64)
    return {"mu": mu, "sigma2": sigma2, "z_norm": z_norm, "z_tilde": z_tilde}


def relative_difference(approx: np.ndarray, exact: np.ndarray) -> float:
    """The course's gradient-check score ``||approx - exact|| / (||approx|| + ||exact||)`` (0 when both are 0)."""
    a, e = np.asarray(approx, np.float64).ravel(), np.asarray(exact, np.float64).ravel()
    den = float(np.linalg.norm(a) + np.linalg.norm(e))
    return float(np.linalg.norm(a - e)) / den if den > 0 else 0.0


def numerical_gradients(bn_class: type, z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, dout: np.ndarray,
                        eps: float, h: float = H) -> dict[str, np.ndarray]:
    """dL/dz, dL/dgamma, dL/dbeta of ``L = sum(dout * forward(z))`` by central differences, in float64.

    Each evaluation is a training-mode forward of ``bn_class`` (float64) that
    leaves its running averages alone.
    """
    z = np.array(z, dtype=np.float64)
    bn = bn_class(z.shape[1], eps=eps, dtype=np.float64)
    bn.gamma, bn.beta = np.array(gamma, np.float64), np.array(beta, np.float64)
    dout = np.asarray(dout, np.float64)

    def loss() -> float:
        return float(np.sum(dout * bn.forward(z, True, update_running=False)))

    out = {}
    for name, arr in (("dz", z), ("dgamma", bn.gamma), ("dbeta", bn.beta)):
        grad = np.empty_like(arr)
        for idx in np.ndindex(arr.shape):
            old = arr[idx]
            arr[idx] = old + h
            up = loss()
            arr[idx] = old - h
            down = loss()
            arr[idx] = old
            grad[idx] = (up - down) / (2 * h)
        out[name] = grad
    return out


# ------------------------------------------------------------------- one check
@dataclass(frozen=True, eq=False)
class BNCheck:
    """One mini-batch through the engine's BN, compared with the formulas and with central differences.

    ``*_err`` are max absolute differences engine - formula; ``*_rel`` the
    course's relative difference analytic vs numerical gradient.  ``mu``,
    ``sigma2`` (formula) and ``engine_mu``, ``engine_sigma2`` are per unit;
    ``z_norm_mean`` and ``z_norm_var`` are the per-unit mean and variance of
    the engine's z_norm (0, and sigma^2 / (sigma^2 + eps), just under 1).
    """

    m: int
    units: int
    dtype: str
    eps: float
    mu: np.ndarray
    sigma2: np.ndarray
    engine_mu: np.ndarray
    engine_sigma2: np.ndarray
    z_norm_mean: np.ndarray
    z_norm_var: np.ndarray
    forward_err: float          # max |engine z~ - formula z~|
    stats_err: float            # max |engine mu - mu|, |engine sigma^2 - sigma^2|
    dz_rel: float
    dgamma_rel: float
    dbeta_rel: float

    @property
    def grad_rel(self) -> float:
        """The worst of the three gradient checks."""
        return max(self.dz_rel, self.dgamma_rel, self.dbeta_rel)


def draw_batch(rng: np.random.Generator, m: int, units: int) -> tuple[np.ndarray, ...]:
    """(z, gamma, beta, dout): a hidden layer's z (each unit its own mean and spread), BN's parameters, dL/dz~."""
    mean = rng.uniform(-3.0, 3.0, units)
    spread = rng.uniform(0.3, 3.0, units)
    z = mean + spread * rng.standard_normal((m, units))
    gamma = rng.uniform(0.5, 2.0, units)
    beta = rng.normal(0.0, 1.0, units)
    dout = rng.standard_normal((m, units))
    return z, gamma, beta, dout


def check_batch(z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, dout: np.ndarray, eps: float,
                dtype: str = "float64", bn_class: type | None = None) -> BNCheck:
    """Run ``bn_class`` (default: the engine's ``BatchNorm``) forward and backward on one batch and check it.

    The engine runs in ``dtype`` on ``z`` rounded to it; the formulas and the
    numerical gradient work in float64 on those same rounded numbers, so what
    is measured is the engine's arithmetic, not the rounding of its input.
    """
    bn_class = bn_class or batchnorm.BatchNorm
    m, units = z.shape
    dt = np.dtype(dtype)
    zc, gc, bc, dc = (np.asarray(a, dt) for a in (z, gamma, beta, dout))
    bn = bn_class(units, eps=eps, dtype=dt)
    bn.gamma, bn.beta = gc.copy(), bc.copy()
    out = bn.forward(zc, True)
    engine_mu, engine_var = np.array(bn.batch_mean, np.float64), np.array(bn.batch_var, np.float64)
    dz = bn.backward(dc)
    # the engine's own z_norm, kept for its backward (a private field: this lab reads the engine's insides)
    z_norm = bn._cache[0].astype(np.float64) if bn._cache is not None else np.full((m, units), np.nan)
    f = formula_forward(zc, gc, bc, eps)
    num = numerical_gradients(bn_class, zc, gc, bc, dc, eps)
    return BNCheck(
        m, units, dt.name, float(eps), frozen(f["mu"]), frozen(f["sigma2"]), frozen(engine_mu), frozen(engine_var),
        frozen(z_norm.mean(axis=0)), frozen(z_norm.var(axis=0)),
        float(np.max(np.abs(out.astype(np.float64) - f["z_tilde"]))),
        float(max(np.max(np.abs(engine_mu - f["mu"])), np.max(np.abs(engine_var - f["sigma2"])))),
        relative_difference(num["dz"], dz), relative_difference(num["dgamma"], bn.dgamma),
        relative_difference(num["dbeta"], bn.dbeta))


# -------------------------------------------------------------- the engine's code
#: where each formula lives in the engine's code: (key, function, a regular expression for its line)
MARK_PATTERNS = (
    ("mu", "forward", r"^\s*mu\s*="),
    ("sigma2", "forward", r"^\s*var\s*="),
    ("z_norm", "forward", r"^\s*x_norm\s*="),
    ("z_tilde", "forward", r"^\s*return\s+self\.gamma\s*\*\s*x_norm\s*\+\s*self\.beta"),
    ("dbeta", "backward", r"^\s*self\.dbeta\s*="),
    ("dgamma", "backward", r"^\s*self\.dgamma\s*="),
    ("dz", "backward", r"^\s*return\s+inv_std\b"),
)


@dataclass(frozen=True)
class SourceFunction:
    name: str           # "BatchNorm.forward"
    first_line: int     # its first line in the file
    text: str


@dataclass(frozen=True)
class EngineSource:
    """The engine's BN forward and backward as installed, and the file line of each formula (0: not found)."""

    module: str
    path: str
    functions: tuple[SourceFunction, ...]
    marks: tuple[tuple[str, int], ...]

    def line_of(self, key: str) -> int:
        return dict(self.marks).get(key, 0)


def engine_source(cls: type | None = None) -> EngineSource:
    """Read ``cls.forward`` and ``cls.backward`` (default: the engine's ``BatchNorm``) with ``inspect``.

    A build without source files (a frozen one-folder app) gets one comment line per function saying so.
    """
    cls = cls or batchnorm.BatchNorm
    funcs, lines = [], {}
    for name in ("forward", "backward"):
        try:
            src, start = inspect.getsourcelines(getattr(cls, name))
        except (OSError, TypeError) as exc:
            src, start = [f"# the source of {cls.__name__}.{name} is not in this build ({exc})\n"], 1
        funcs.append(SourceFunction(f"{cls.__name__}.{name}", int(start), textwrap.dedent("".join(src)).rstrip("\n")))
        lines[name] = (src, start)
    marks = []
    for key, func, pattern in MARK_PATTERNS:
        src, start = lines[func]
        hit = next((start + i for i, line in enumerate(src) if re.search(pattern, line)), 0)
        marks.append((key, hit))
    try:
        path = inspect.getsourcefile(cls.forward) or ""
    except TypeError:
        path = ""
    return EngineSource(cls.__module__, path, tuple(funcs), tuple(marks))


# -------------------------------------------------------------------- the model
@dataclass(frozen=True, eq=False)
class FrameworkSnapshot:
    """What the lab draws: the newest check, the errors of the last ``HISTORY`` checks, the engine's code."""

    step: int
    check: BNCheck
    steps: np.ndarray           # which batch each history entry checked (0 = the first)
    forward_err: np.ndarray
    grad_rel: np.ndarray
    source: EngineSource
    config: FrameworkConfig


class InsideEngine:
    """Checks one new mini-batch per step: the engine's BN against the notes and central differences."""

    epoch = 0
    steps_per_epoch = 1

    def __init__(self, cfg: FrameworkConfig, bn_class: type | None = None) -> None:
        self.cfg = cfg
        self.bn_class = bn_class
        self.source = engine_source(bn_class)
        self.reset()

    def reset(self) -> None:
        """Back to the seed's first batch (checked at once: step 0 shows numbers)."""
        self.rng = np.random.default_rng(self.cfg.seed)
        self.step_count = 0
        self.history: deque[tuple[int, float, float]] = deque(maxlen=HISTORY)
        self._check_next()

    def _check_next(self) -> None:
        c = self.cfg
        self.last = check_batch(*draw_batch(self.rng, c.batch_size, c.units), c.eps, c.dtype, self.bn_class)
        self.history.append((self.step_count, self.last.forward_err, self.last.grad_rel))

    def step(self) -> bool:
        self.step_count += 1
        self._check_next()
        return True

    def probe(self) -> None:
        """Every step is already measured."""

    def configure(self, cfg: FrameworkConfig) -> bool:
        """Any change starts over from the seed's first batch (the batch's shape or numbers change)."""
        if cfg == self.cfg:
            return False
        self.cfg = cfg
        self.reset()
        return True

    def snapshot(self) -> FrameworkSnapshot:
        h = np.array(self.history, dtype=np.float64).reshape(-1, 3)
        return FrameworkSnapshot(self.step_count, self.last, frozen(h[:, 0].astype(np.int64)), frozen(h[:, 1]),
                                 frozen(h[:, 2]), self.source, self.cfg)


def run(cfg: FrameworkConfig, steps: int, bn_class: type | None = None,
        each: Callable[[BNCheck], None] | None = None) -> InsideEngine:
    """``InsideEngine(cfg)`` after ``steps`` steps (``each`` sees every check, the first included)."""
    model = InsideEngine(cfg, bn_class)
    if each is not None:
        each(model.last)
    for _ in range(steps):
        model.step()
        if each is not None:
            each(model.last)
    return model
