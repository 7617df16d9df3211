"""Softmax regression and its hidden-layer extensions, for the Softmax Lab.

For C classes the output layer computes z = a W + b and the softmax
activation a_i = e^{z_i} / sum_j e^{z_j}: C probabilities that sum to 1.  The
loss of one example with one-hot label y is L = -sum_j y_j log a_j = -log a_y,
and backprop starts from dZ = A - Y.  Without hidden layers the class with
the largest z_i wins where a linear function of the input is largest, so the
decision regions are convex polygons separated by straight lines; hidden
layers bend them.

``SoftmaxLab`` is the object the lab's worker process owns.  The GUI tells it
which training example the user points at (``choose``); every number shown
for that example (z, A, Y, L, dZ) is computed here with the engine's own
softmax and cross-entropy, never in the GUI.

The data may be the students' own (``DataConfig(name="custom", points=...)``,
drawn with Edit data or imported): an edited set with the same class count is
adopted between two steps by the running network (``configure``), so a student
sees the same model meet the new points; a new class count rebuilds it.  The
region map is drawn in the data's raw units, where the points are drawn and
edited (the network's inputs are those, normalized with the training split's
statistics: an affine map per axis, so the picture is the same).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from bnviz.engine.config import (
    NetConfig,
    OptimConfig,
    TrainConfig,
    TrainsOneRun,
    check_choice,
    check_range,
    needs_rebuild,
)
from bnviz.engine.data import SETS_2D, DataConfig, Dataset, keeps_run
from bnviz.engine.losses import cross_entropy, one_hot, softmax
from bnviz.engine.network import MLP
from bnviz.engine.snapshot import DecisionMap, RunSnapshot, frozen
from bnviz.engine.trainer import OneTrainerModel, Trainer

REGION_GRID = 72        # cells per side of the decision-region grid
MARGIN = 0.5            # model-input units around the data on the region plot


TABS = ("regions", "example")
DEFAULT_TRAIN = TrainConfig(
    data=DataConfig(name="blobs", n_samples=400, noise=0.9, n_classes=3, seed=0),
    net=NetConfig(hidden=(), activation="relu", batch_norm=False),
    optim=OptimConfig(name="adam", learning_rate=0.02), batch_size=32, seed=0, probe_every=5)


@dataclass(frozen=True)
class SoftmaxConfig(TrainsOneRun):
    """Every setting of the Softmax Lab.

    Parameters
    ----------
    train : TrainConfig
        The run; its data must be a 2-D set, generated or hand-made (the regions are drawn in the plane).
    chosen : int or None
        The training example whose z, A, Y, loss and dZ are explained (None: none).
    compare_flat : bool
        Also train the same softmax output with no hidden layer (softmax
        regression) on the same data and batches, and draw its regions beside
        the run's (S3: what the hidden layers add). Ignored when the run has
        no hidden layer itself.
    tab : str
        The pane shown first where the page folds its panes into tabs (a small
        screen): "regions" or "example" (S2 talks about the example's bars).
    """

    train: TrainConfig = field(default_factory=lambda: DEFAULT_TRAIN)
    chosen: int | None = 0
    compare_flat: bool = False
    tab: str = "regions"

    def __post_init__(self) -> None:
        check_choice("train.data.name", self.train.data.name, SETS_2D)
        if not isinstance(self.compare_flat, bool):
            raise ValueError(f"compare_flat={self.compare_flat!r} is not allowed: choose true or false")
        check_choice("tab", self.tab, TABS)
        if self.chosen is not None:
            check_range("chosen (training example)", self.chosen, 0, 10**6)


@dataclass(frozen=True, eq=False)
class ChosenExample:
    """One training example as the softmax layer sees it (all arrays of length C)."""

    index: int              # row of the training split
    x: np.ndarray           # (2,) model input
    label: int              # y
    logits: np.ndarray      # z
    probs: np.ndarray       # A = softmax(z), sums to 1
    one_hot: np.ndarray     # Y
    loss: float             # L = -log a_y
    dz: np.ndarray          # dL/dz = A - Y

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probs))


def explain_example(net: MLP, x: np.ndarray, label: int, n_classes: int, index: int = -1) -> ChosenExample:
    """Forward one example in test-time mode and start backprop from it.

    ``cross_entropy`` on a batch of one returns the loss and dJ/dz = (A - Y) / m
    with m = 1, i.e. dZ = A - Y exactly as training computes it.
    """
    row = np.asarray(x, dtype=net.dtype).reshape(1, -1)
    with np.errstate(all="ignore"):
        logits = net.forward(row, "eval")
        loss, dz = cross_entropy(logits, np.array([label]))
        probs = softmax(logits.astype(np.float64))
    return ChosenExample(int(index), frozen(row[0]), int(label), frozen(logits[0]), frozen(probs[0]),
                         frozen(one_hot(np.array([label]), n_classes, np.float64)[0]), float(loss),
                         frozen(dz[0]))


def flat_config(train: TrainConfig) -> TrainConfig:
    """``train`` with no hidden layer: softmax regression on the same data, seed and optimizer."""
    return replace(train, net=replace(train.net, hidden=()))


def decision_map(net: MLP, data: Dataset) -> DecisionMap:
    """Class probabilities of ``net`` on a grid over ``data``, with the training points, in raw units.

    The grid is laid in model inputs (``region_bounds``) and its ranges, like
    the points, are reported in the data's raw units (``raw = x * std +
    mean``): the plane a student draws points in does not move when an edit
    changes the normalization statistics.
    """
    lo, hi = region_bounds(data)
    with np.errstate(all="ignore"):
        probs = softmax(net.forward(grid_points(lo, hi).astype(net.dtype), "eval"))
    probs = probs.reshape(REGION_GRID, REGION_GRID, -1).astype(np.float32)
    rlo, rhi = (lo * data.std + data.mean).astype(np.float64), (hi * data.std + data.mean).astype(np.float64)
    return DecisionMap((float(rlo[0]), float(rhi[0])), (float(rlo[1]), float(rhi[1])), frozen(probs),
                       data.raw_train, data.y_train)


def region_bounds(data: Dataset, margin: float = MARGIN) -> tuple[np.ndarray, np.ndarray]:
    pts = np.concatenate([data.x_train, data.x_val])
    return pts.min(axis=0) - margin, pts.max(axis=0) + margin


def grid_points(lo: np.ndarray, hi: np.ndarray, n: int = REGION_GRID) -> np.ndarray:
    """(n*n, 2) points of an n x n grid, row-major with y outermost (row 0 at y = lo[1])."""
    gx, gy = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    xx, yy = np.meshgrid(gx, gy)
    return np.column_stack([xx.ravel(), yy.ravel()])


def predicted_classes(net: MLP, x: np.ndarray) -> np.ndarray:
    """argmax of the network's scores (test-time mode) for each row of ``x``."""
    with np.errstate(all="ignore"):
        return net.forward(np.asarray(x, dtype=net.dtype), "eval").argmax(axis=1)


def class_changes_along(net: MLP, p0: np.ndarray, p1: np.ndarray, n: int = 400) -> int:
    """How often the predicted class changes along the segment p0 -> p1 (``n`` samples).

    For softmax regression every class region is an intersection of
    half-planes (convex), so a straight line enters and leaves each region at
    most once: at most C - 1 changes.  Hidden layers can exceed that.
    """
    t = np.linspace(0.0, 1.0, n)[:, None]
    pred = predicted_classes(net, (1 - t) * np.asarray(p0) + t * np.asarray(p1))
    return int(np.count_nonzero(np.diff(pred)))


@dataclass(frozen=True, eq=False)
class SoftmaxSnapshot:
    """What the Softmax Lab draws.

    ``regions`` holds the class probabilities on a grid and the *training*
    points (those whose loss and dZ the lab explains), in the data's raw units;
    ``chosen`` the example the user points at (``chosen.x`` is its model input,
    ``regions.points[chosen.index]`` where it is drawn).  ``counts`` is the
    number of points of each class over all splits (what the data set holds,
    hand-made or not).  ``run`` has the learning curves (see
    ``Trainer.HISTORY_DOC``).  With ``compare_flat``, ``flat_run`` and
    ``flat_regions`` are the same for the twin with no hidden layer.
    """

    run: RunSnapshot
    regions: DecisionMap
    chosen: ChosenExample | None
    n_classes: int
    depth: int
    step: int
    flat_run: RunSnapshot | None = None
    flat_regions: DecisionMap | None = None
    counts: tuple[int, ...] = ()

    @property
    def config(self) -> TrainConfig:
        return self.run.config


FLAT_LABEL = "0 hidden"


def _wants_flat(cfg: SoftmaxConfig) -> bool:
    return cfg.compare_flat and bool(cfg.train.net.hidden)


class SoftmaxLab(OneTrainerModel):
    """A softmax classifier (optionally with hidden layers) trained live on 2-D data.

    With ``compare_flat`` a second ``Trainer`` (``flat``) trains the same
    softmax output without hidden layers on the same data set, seed and
    batches, step for step, so the two region maps can be compared at any
    moment.
    """

    def __init__(self, cfg: SoftmaxConfig) -> None:
        self.trainer = Trainer(cfg.train, label="BN" if cfg.train.net.batch_norm else "no BN")
        self.trainer.want_decision = False      # the lab draws its own map, with the training points
        self.flat: Trainer | None = None
        self.chosen = cfg.chosen
        self._regions: DecisionMap | None = None
        self._regions_key: tuple | None = None
        self._flat_regions: tuple | None = None      # (key, DecisionMap)
        self._builds = 0
        if _wants_flat(cfg):
            self.flat = self._new_flat(cfg)

    def _new_flat(self, cfg: SoftmaxConfig) -> Trainer:
        flat = Trainer(flat_config(cfg.train), self.trainer.data, label=FLAT_LABEL)
        flat.want_decision = False
        return flat

    # ------------------------------------------------------------- plumbing
    @property
    def cfg(self) -> TrainConfig:
        return self.trainer.cfg

    @property
    def net(self) -> MLP:
        return self.trainer.net

    @property
    def data(self) -> Dataset:
        return self.trainer.data


    def step(self) -> bool:
        alive = self.trainer.step()
        if self.flat is not None:
            alive |= self.flat.step()
        return alive

    def probe(self) -> None:
        self.trainer.probe()
        if self.flat is not None:
            self.flat.probe()

    def reset(self) -> None:
        self.trainer.reset()
        if self.flat is not None:
            self.flat.reset()
        self._builds += 1

    def refit_bins(self) -> None:
        self.trainer.refit_bins()

    def configure(self, cfg: SoftmaxConfig) -> bool:
        """Adopt ``cfg`` (a new class count or depth rebuilds the run) and explain its chosen example.

        Hand-made points with the same class count are adopted by the running
        network(s) between two steps (``adopt_points``): no rebuild.
        """
        if self.adopt_points(cfg):
            self.chosen = cfg.chosen
            return False
        rebuilt = self.trainer.configure(cfg.train)
        self.trainer.label = "BN" if cfg.train.net.batch_norm else "no BN"
        if not _wants_flat(cfg):
            self.flat = None
        elif rebuilt or self.flat is None or self.flat.configure(flat_config(cfg.train)):
            # the twins always train together from step 0: a new twin restarts the run beside it
            if not rebuilt:
                self.trainer.reset()
                rebuilt = True
            self.flat = self._new_flat(cfg)
        if rebuilt:
            self._builds += 1
        self.chosen = cfg.chosen
        return rebuilt

    def adopt_points(self, cfg: SoftmaxConfig) -> bool:
        """Train on ``cfg``'s hand-made points from the next step on, keeping the weights; False if it cannot.

        It can when only the data changed to a hand-made set of the same class
        count (``data.keeps_run``) and the twin is neither added nor removed;
        the twin, if any, adopts the same data set.
        """
        old, new = self.trainer.cfg, cfg.train
        if not keeps_run(old.data, new.data) or needs_rebuild(replace(old, data=new.data), new):
            return False
        if _wants_flat(cfg) != (self.flat is not None):
            return False
        self.trainer.adopt_data(new)
        self.trainer.label = "BN" if new.net.batch_norm else "no BN"
        if self.flat is not None:
            self.flat.adopt_data(flat_config(new), self.trainer.data)
        self._builds += 1                       # the region maps are of the new data
        return True

    # -------------------------------------------------------------- measuring
    def explain(self, index: int) -> ChosenExample:
        d = self.data
        return explain_example(self.net, d.x_train[index], int(d.y_train[index]), d.n_classes, index)

    def regions(self) -> DecisionMap:
        """Class probabilities on a grid over the data, recomputed only after training moved."""
        key = (self._builds, self.step_count)
        if self._regions is None or self._regions_key != key:
            self._regions = decision_map(self.net, self.data)
            self._regions_key = key
        return self._regions

    def flat_regions(self) -> DecisionMap | None:
        """The no-hidden-layer twin's map (None without a twin), recomputed only after it trained."""
        if self.flat is None:
            return None
        key = (id(self.flat), self._builds, self.flat.step_count)
        if self._flat_regions is None or self._flat_regions[0] != key:
            self._flat_regions = (key, decision_map(self.flat.net, self.flat.data))
        return self._flat_regions[1]

    def snapshot(self) -> SoftmaxSnapshot:
        n = len(self.data.x_train)
        chosen = self.explain(self.chosen) if self.chosen is not None and 0 <= self.chosen < n else None
        flat = self.flat.snapshot() if self.flat is not None else None
        d = self.data
        counts = np.bincount(np.concatenate([d.y_train, d.y_val, d.y_test]), minlength=d.n_classes)
        return SoftmaxSnapshot(self.trainer.snapshot(), self.regions(), chosen, d.n_classes,
                               len(self.cfg.net.hidden), self.step_count, flat, self.flat_regions(),
                               tuple(int(c) for c in counts))
