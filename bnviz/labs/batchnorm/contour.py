"""B1's contour view: the cost of a two-weight model over its two weights, and gradient descent on it.

Pure NumPy, no Qt.  The lecture's picture of why normalizing inputs helps is
the contour map of a cost J(w1, w2): a long narrow valley when one input is
far larger (and off-centre) than the other, close to round once both are
standardized, and plain gradient descent zig-zagging across the valley or
rolling straight down.  A network's cost has thousands of weights and no such
map, so each run of the lab carries a small companion: logistic regression
with two weights and no bias, p = sigmoid(w1 x1 + w2 x2), on the run's own
two training inputs (raw or normalized, exactly as the run sees them).  Its
cost is the mean cross-entropy over the training split, so the surface is
exact and its minimum and Hessian are known; it takes one full-batch
gradient-descent step, at the run's learning rate, per step of the lab.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bnviz.engine.history import Columns, DecimatingHistory

GRID = 60                   # the surface is GRID x GRID costs
PATH_CAPACITY = 512         # path rows kept (halved when full, the first row always kept)
SETTLE_EPS = 0.01           # "at the minimum": the cost within this of its lowest value
START = (0.0, 0.0)          # both runs' companion starts here
LEVEL_STEPS = range(0, 8)   # contour levels: J* + SETTLE_EPS * 2**k (the innermost: "at the minimum")
MAX_WEIGHT = 1e3            # the grid stops following a path that runs away beyond this
RING_POINTS = 96            # points per contour ring
MAX_ROWS = 1000             # the companion's cost is over at most this many training rows (see TwoWeightGD)


def usable(x: np.ndarray, y: np.ndarray) -> bool:
    """The view exists for two inputs and two classes (a two-weight logistic regression)."""
    return x.ndim == 2 and x.shape[1] == 2 and len(y) > 0 and set(np.unique(y).tolist()) <= {0, 1}


@dataclass(frozen=True, eq=False)
class CostSurface:
    """J(w1, w2) on a square grid, with what the panel marks on it.

    ``rows`` holds the grid as a history of GRID rows (``rows["cost"][j, i]`` =
    J(w1_i, w2_j)) under a source that changes whenever the grid is evaluated
    anew: so a frame carries it once, not with every frame (``bnviz.bridge.lean``).
    ``rings`` holds the contour lines the same way, one row per level: traced on
    rays from the minimum (the cost is convex, so each ring meets every ray
    once), exact however narrow the valley, where a 60-point grid could not
    resolve a ring thinner than one of its cells.
    """

    w1_range: tuple[float, float]
    w2_range: tuple[float, float]
    rows: Columns
    ring_rows: Columns          # ring_rows["w"][k]: (RING_POINTS + 1, 2) closed ring of levels[k]
    levels: np.ndarray          # contour levels, ascending
    minimum: tuple[float, float]
    min_cost: float
    condition: float            # largest / smallest eigenvalue of the Hessian at the minimum

    @property
    def cost(self) -> np.ndarray:
        """(GRID along w2, GRID along w1): row j is w2_j."""
        return self.rows["cost"]

    @property
    def rings(self) -> np.ndarray:
        """(levels, RING_POINTS + 1, 2): w1, w2 along each closed ring."""
        return self.ring_rows["w"] if "w" in self.ring_rows else np.empty((0, RING_POINTS + 1, 2))


@dataclass(frozen=True, eq=False)
class ContourView:
    """One run's companion as drawn: its surface (only while the tab shows it) and its path."""

    normalized: bool                  # the inputs the run trains on
    surface: CostSurface | None
    path: Columns                     # step, w1, w2, cost: one row per step (bounded)
    min_cost: float
    condition: float
    settled_at: int | None            # first step since which J - J* <= SETTLE_EPS (None: not now)


class TwoWeightGD:
    """Logistic regression with two weights and no bias, trained by full-batch gradient descent.

    Parameters
    ----------
    x, y : the run's training inputs (n, 2) and 0/1 labels.
    first_step : the lab's step count when this companion starts (its path's first row).

    Beyond ``MAX_ROWS`` rows (a student's 10,000 points) the cost is that of a
    fixed random subset of them: the picture is the same, and the surface and
    rings over every row took seconds and hundreds of MB in the worker.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, first_step: int = 0) -> None:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if len(y) > MAX_ROWS:
            keep = np.sort(np.random.default_rng(0).choice(len(y), MAX_ROWS, replace=False))
            x, y = x[keep], y[keep]
        self.x, self.y = x, y
        self.w = np.array(START, dtype=np.float64)
        self.step_count = first_step
        self.minimum, self.min_cost = self._minimize()
        self.condition = self._condition(self.minimum)
        self.path = DecimatingHistory(PATH_CAPACITY)
        self.settled_at: int | None = None
        self._surface: CostSurface | None = None
        self._rings: Columns | None = None
        self._ring_points: np.ndarray | None = None
        self._record(self.cost(self.w))

    # -------------------------------------------------------------- the cost
    def cost(self, w: np.ndarray) -> float:
        """J(w) = mean over the training split of log(1 + e^z) - y z, z = w . x (stable form)."""
        z = self.x @ np.asarray(w, dtype=np.float64)
        return float(np.mean(np.logaddexp(0.0, z) - self.y * z))

    def costs(self, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
        """J at every (w1[i], w2[j]): shape (len(w2), len(w1)), row j is w2[j] (one row at a time: (n, len(w1)))."""
        x1w1, out = self.x[:, 0, None] * w1[None, :], np.empty((len(w2), len(w1)))
        for j, b in enumerate(w2):
            z = x1w1 + self.x[:, 1, None] * b
            out[j] = np.mean(np.logaddexp(0.0, z) - self.y[:, None] * z, axis=0)
        return out

    def costs_at(self, w: np.ndarray) -> np.ndarray:
        """J at each row of ``w`` (k, 2)."""
        z = self.x @ np.asarray(w, dtype=np.float64).T
        return np.mean(np.logaddexp(0.0, z) - self.y[:, None] * z, axis=0)

    def grad(self, w: np.ndarray) -> np.ndarray:
        p = _sigmoid(self.x @ w)
        return self.x.T @ (p - self.y) / len(self.y)

    def hessian(self, w: np.ndarray) -> np.ndarray:
        p = _sigmoid(self.x @ w)
        return (self.x * (p * (1 - p))[:, None]).T @ self.x / len(self.y)

    def _minimize(self) -> tuple[np.ndarray, float]:
        """Newton's method with step halving; nan when the cost has no finite minimum (separable data)."""
        w = np.array(START, dtype=np.float64)
        j = self.cost(w)
        for _ in range(100):
            g = self.grad(w)
            if np.linalg.norm(g) < 1e-12:
                break
            try:
                d = np.linalg.solve(self.hessian(w), g)
            except np.linalg.LinAlgError:
                break
            t = 1.0
            while t > 1e-8 and self.cost(w - t * d) > j:
                t /= 2
            w, j = w - t * d, self.cost(w - t * d)
            if np.abs(w).max() > MAX_WEIGHT:
                return np.full(2, np.nan), math.nan
        # on separable data the cost only tends to 0 far out, where it is flat: no minimum to mark
        scale = float(np.trace(self.x.T @ self.x)) / len(self.y)
        if np.linalg.eigvalsh(self.hessian(w))[0] <= 1e-9 * max(scale, 1e-12):
            return np.full(2, np.nan), math.nan
        return w, j

    def _condition(self, w: np.ndarray) -> float:
        if not np.all(np.isfinite(w)):
            return math.nan
        ev = np.linalg.eigvalsh(self.hessian(w))
        return float(ev[-1] / ev[0]) if ev[0] > 0 else math.inf

    # ------------------------------------------------------------- training
    def step(self, learning_rate: float) -> None:
        """One gradient-descent step w <- w - alpha * dJ/dw; a path that left all numbers stays put."""
        self.step_count += 1
        if np.all(np.isfinite(self.w)):
            self.w = self.w - learning_rate * self.grad(self.w)
        j = self.cost(self.w) if np.all(np.isfinite(self.w)) else math.nan
        if math.isfinite(self.min_cost) and j - self.min_cost <= SETTLE_EPS:
            if self.settled_at is None:
                self.settled_at = self.step_count
        else:
            self.settled_at = None
        self._record(j)

    def _record(self, j: float) -> None:
        self.path.append(step=self.step_count, w1=self.w[0], w2=self.w[1], cost=j)

    # --------------------------------------------------------------- surface
    def _box(self) -> tuple[np.ndarray, float]:
        """Centre and half-width of a square round the minimum that holds the start and the path so far.

        Centred on the minimum so its rings are whole, whichever side the path comes from.
        """
        cols = self.path.columns()
        p = np.vstack([np.array([START]), np.column_stack([cols["w1"], cols["w2"]])])
        p = p[np.all(np.isfinite(p), axis=1) & (np.abs(p).max(axis=1) <= MAX_WEIGHT)]
        c = self.minimum if np.all(np.isfinite(self.minimum)) else (p.min(axis=0) + p.max(axis=0)) / 2
        return c, max(0.5, 1.15 * float(np.abs(p - c).max()))

    def levels(self) -> np.ndarray:
        return np.array([self.min_cost + SETTLE_EPS * 2.0 ** k for k in LEVEL_STEPS])

    def ring_points(self) -> np.ndarray:
        """Each level's ring (levels, RING_POINTS + 1, 2), traced once (they depend on the data alone)."""
        if self._ring_points is None:
            self._ring_points = self._trace_rings()
        return self._ring_points

    def _trace_rings(self) -> np.ndarray:
        """The rings by bisection on rays from the minimum.

        The rays are spread evenly in the Hessian's own frame, so the points
        spread evenly along even a long thin ring.  Empty without a minimum.
        """
        if not math.isfinite(self.min_cost):
            return np.empty((0, RING_POINTS + 1, 2))
        lam, vec = np.linalg.eigh(self.hessian(self.minimum))
        th = np.linspace(0.0, 2 * np.pi, RING_POINTS + 1)
        d = (vec @ np.vstack([np.cos(th) / np.sqrt(lam[0]), np.sin(th) / np.sqrt(lam[1])])).T
        d /= np.linalg.norm(d, axis=1, keepdims=True)
        gaps = self.levels() - self.min_cost
        dirs = np.tile(d, (len(gaps), 1))                           # (levels * rays, 2)
        want = np.repeat(gaps, len(th))
        curv = np.einsum("ki,ij,kj->k", dirs, self.hessian(self.minimum), dirs)
        hi = np.sqrt(2 * want / curv)                               # where a quadratic would reach the level
        lo = np.zeros_like(hi)
        for _ in range(60):                                         # widen until every ray is past its level
            short = self.costs_at(self.minimum + hi[:, None] * dirs) - self.min_cost < want
            if not short.any():
                break
            lo[short], hi[short] = hi[short], hi[short] * 2
        for _ in range(34):                                         # 2**-34 of the bracket: far below a pixel
            mid = (lo + hi) / 2
            below = self.costs_at(self.minimum + mid[:, None] * dirs) - self.min_cost < want
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        t = (lo + hi) / 2
        return (self.minimum + t[:, None] * dirs).reshape(len(gaps), len(th), 2)

    def _ring_rows(self) -> Columns:
        if self._rings is None:
            rings = DecimatingHistory(len(LEVEL_STEPS) + len(LEVEL_STEPS) % 2 + 2)
            for r in self.ring_points():
                rings.append(w=r)
            self._rings = rings.columns()
        return self._rings

    def _fits(self, s: CostSurface) -> bool:
        """The current point lies on the grid (or has run beyond MAX_WEIGHT, where the grid stops following)."""
        w = self.w
        if not np.all(np.isfinite(w)) or np.abs(w).max() > MAX_WEIGHT:
            return True
        return s.w1_range[0] <= w[0] <= s.w1_range[1] and s.w2_range[0] <= w[1] <= s.w2_range[1]

    def surface(self) -> CostSurface:
        """The grid, evaluated anew only when the path leaves it (then sized to hold it, with room)."""
        if self._surface is None or not self._fits(self._surface):
            c, h = self._box()
            if self._surface is not None:
                h *= 1.25             # room to go on: the next few steps should not re-fit again
            w1 = np.linspace(c[0] - h, c[0] + h, GRID)
            w2 = np.linspace(c[1] - h, c[1] + h, GRID)
            grid = self.costs(w1, w2)
            rows = DecimatingHistory(GRID + GRID % 2 + 2)
            for r in grid:
                rows.append(cost=r)
            self._surface = CostSurface((float(w1[0]), float(w1[-1])), (float(w2[0]), float(w2[-1])),
                                        rows.columns(), self._ring_rows(), self.levels(), (float(self.minimum[0]), float(self.minimum[1])),
                                        self.min_cost, self.condition)
        return self._surface

    def view(self, normalized: bool, with_surface: bool) -> ContourView:
        return ContourView(normalized, self.surface() if with_surface else None, self.path.columns(),
                           self.min_cost, self.condition, self.settled_at)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))       # = 1 / (1 + e^-z), without overflow warnings
