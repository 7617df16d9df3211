"""The Covariate Shift Lab's experiment: BN and no-BN twins under a shifted input distribution.

The lecture explains batch norm with covariate shift ("trained on black cats,
tested on cats of every colour") and with *internal* covariate shift: every
later layer sees an input distribution that moves while the earlier layers
learn, and BN keeps its mean and variance steady. This module measures both
on real training runs, so the lab draws numbers, not a cartoon:

* **Input shift.** A :class:`~bnviz.labs.covariate.shifts.ShiftConfig` moves the test
  inputs (translate / scale / rotate 2-D points, brighten or flatten digits)
  or, for ``subpopulation``, trains the twins on a biased slice only and tests
  on everything. For each twin and hidden layer the experiment forwards the
  model's own training inputs and the shifted inputs and reports both
  distributions of the layer's activation input (``z~`` with BN, ``z``
  without: the BN paper's Figure 1 quantity) and their distance
  (:func:`~bnviz.labs.covariate.shifts.layer_distance`, the mean per-unit
  Wasserstein-1 distance, in activation units).
* **Accuracy vs shift magnitude** (:meth:`CovariateExperiment.sweep_shift`).
* **Internal covariate shift, measured** (:class:`DriftTracker`): every ``k``
  steps the same fixed probe batch goes through each twin (normalised with its
  own statistics, as in training) and each layer's activation input is
  compared with the previous probe's, with the same distance.
* **Noisy BN** (Santurkar et al. 2018): ``TrainConfig.noise_shift`` /
  ``noise_scale`` inject a random per-step shift and scale after each BN layer
  (at the same place without BN); the drift tracker sees that noise too.
* **Re-tune after drift** (:meth:`CovariateExperiment.sweep_learning_rate`): a
  short learning-rate sweep on the data before and after the drift, to see
  whether the best rate moved (the notes' advice to re-test hyperparameters).

The data may be the students' own 2-D points (``DataConfig(name="custom")``):
every shift then moves *their* points, and an edit is adopted by both twins
between two steps (``CovariateExperiment.adopt_points``).

Everything is pure NumPy and deterministic; long jobs take a ``progress``
callback and a ``should_stop`` check so a GUI can show and cancel them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from bnviz.engine import activations, probes
from bnviz.engine.config import (
    NetConfig,
    OptimConfig,
    TrainConfig,
    TrainsOneRun,
    check_choice,
    check_range,
)
from bnviz.engine.data import (
    IMAGE_SETS,
    STD_FLOOR_2D,
    STD_FLOOR_IMAGE,
    DataConfig,
    Dataset,
    keeps_run,
    make_dataset,
)
from bnviz.engine.history import DecimatingHistory
from bnviz.engine.network import MLP
from bnviz.engine.snapshot import Histogram, RunSnapshot, frozen
from bnviz.engine.trainer import Trainer, run_steps
from bnviz.labs.covariate.shifts import (
    SHIFTS_2D,
    SHIFTS_IMAGE,
    SUBPOP_MIN_QUANTILE,
    ShiftConfig,
    apply_shift,
    layer_distance,
    shift_parameter,
    subpopulation_mask,
)

__all__ = [
    "TEST_STATS",
    "CovariateConfig",
    "CovariateExperiment",
    "CovariateSnapshot",
    "DriftTracker",
    "InputView",
    "LayerShift",
    "LRSweep",
    "RunShift",
    "ShiftSweep",
    "allowed_shifts",
    "drifted_dataset",
    "moment_drift",
    "shift_raw",
    "slice_dataset",
    "unit_moments",
]

#: How BN layers normalise inputs at test time: the running averages of
#: training (a deployed model) or the evaluated batch's own statistics (which
#: re-centres a shifted batch, as "adaptive BN" does).
TEST_STATS: tuple[str, ...] = ("running", "batch")
MODE_OF = {"running": "eval", "batch": "batch"}

REF_ROWS = 512          # training rows (and their shifted versions) whose activations are compared
DRIFT_ROWS = 256        # rows of the fixed probe batch of the drift tracker
HIST_BINS = 40
PIXEL_BINS = 32
N_EXAMPLES = 4          # example images shown per side
SUBPOP_SWEEP_POINTS = 6  # the sub-population sweep retrains per point, so it uses fewer
SWEEP_STEPS = (100, 1500)  # bounds of the retraining length of the sub-population sweep

Progress = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]


def allowed_shifts(data: DataConfig) -> tuple[str, ...]:
    """The shift kinds that make sense for a data set (image kinds for images)."""
    return SHIFTS_IMAGE if data.name in IMAGE_SETS else SHIFTS_2D


TABS = ("inputs", "drift", "noisy", "retune")
DEFAULT_TRAIN = TrainConfig(data=DataConfig(name="moons", n_samples=600, noise=0.2, seed=0),
                            net=NetConfig(hidden=(16, 16, 16), activation="sigmoid", init="xavier"),
                            optim=OptimConfig(name="sgd", learning_rate=0.3), batch_size=32, seed=0, probe_every=5)


@dataclass(frozen=True)
class CovariateConfig(TrainsOneRun):
    """Everything the Covariate Shift Lab hands to its experiment.

    Parameters
    ----------
    train : TrainConfig
        The twins' run (BN is switched on for one twin and off for the other).
    shift : ShiftConfig
        The covariate shift; its kind must suit the data set.
    test_stats : str
        ``running`` (deployed model) or ``batch`` (see :data:`TEST_STATS`).
    drift_every : int
        Steps between two probes of the internal-covariate-shift tracker; the
        distance is always between two probes this many steps apart.
    sweep_points : int
        Magnitudes in the accuracy-vs-shift sweep (transform shifts).
    lr_range : tuple of float
        Smallest and largest learning rate of the re-tune sweep.
    lr_points : int
        Log-spaced rates in the re-tune sweep.
    lr_steps : int
        Training steps of each short re-tune run.
    tab : str
        The experiment tab on the right (see :data:`TABS`).
    """

    train: TrainConfig = field(default_factory=lambda: DEFAULT_TRAIN)
    shift: ShiftConfig = field(default_factory=lambda: ShiftConfig("translate", 0.5))
    test_stats: str = "running"
    drift_every: int = 10
    sweep_points: int = 11
    lr_range: tuple[float, float] = (1e-3, 3.0)
    lr_points: int = 6
    lr_steps: int = 300
    tab: str = "inputs"

    def __post_init__(self) -> None:
        kinds = allowed_shifts(self.train.data)
        if self.shift.kind not in kinds:
            raise ValueError(f"shift kind={self.shift.kind!r} does not suit data set {self.train.data.name!r}: "
                             "allowed " + ", ".join(kinds))
        if self.test_stats not in TEST_STATS:
            raise ValueError(f"test_stats={self.test_stats!r} is not allowed: choose one of " + ", ".join(TEST_STATS))
        check_range("drift_every", self.drift_every, 1, 10000)
        check_range("sweep_points", self.sweep_points, 2, 41)
        lo, hi = (float(v) for v in self.lr_range)
        check_range("lr_range[0]", lo, 0.0, 1e3, lo_open=True)
        check_range("lr_range[1]", hi, lo, 1e3)
        object.__setattr__(self, "lr_range", (lo, hi))
        check_range("lr_points", self.lr_points, 2, 12)
        check_range("lr_steps", self.lr_steps, 10, 20000)
        check_choice("tab", self.tab, TABS)

    def runs(self) -> tuple[TrainConfig, ...]:
        """The twins the experiment trains: ``train`` with BN and without."""
        return (self.train.with_bn(True), self.train.with_bn(False))

    @property
    def slice_magnitude(self) -> float | None:
        """The sub-population magnitude that selects the training rows (None: all rows)."""
        s = self.shift
        return s.magnitude if s.kind == "subpopulation" and s.magnitude > 0 else None


# --------------------------------------------------------------------------- data views


def _score(x_raw: np.ndarray, image: bool) -> np.ndarray:
    """The sub-population score of :func:`~bnviz.labs.covariate.shifts.subpopulation_mask`."""
    x = np.asarray(x_raw).reshape(len(x_raw), -1)
    return (x.mean(axis=1) if image else x[:, 0]).astype(np.float64)


def _with_inputs(base: Dataset, raw: tuple[np.ndarray, np.ndarray, np.ndarray],
                 y: tuple[np.ndarray, np.ndarray, np.ndarray], mean: np.ndarray, std: np.ndarray) -> Dataset:
    def norm(a: np.ndarray) -> np.ndarray:
        return ((np.asarray(a, dtype=np.float32) - mean) / std).astype(np.float32)

    arrays = dict(x_train=norm(raw[0]), y_train=y[0], x_val=norm(raw[1]), y_val=y[1],
                  x_test=norm(raw[2]), y_test=y[2], mean=mean, std=std,
                  raw_train=np.asarray(raw[0], dtype=np.float32), raw_val=np.asarray(raw[1], dtype=np.float32),
                  raw_test=np.asarray(raw[2], dtype=np.float32))
    return Dataset(name=base.name, n_features=base.n_features, n_classes=base.n_classes,
                   image_shape=base.image_shape, **{k: frozen(np.array(v)) for k, v in arrays.items()})


def shift_raw(x_raw: np.ndarray, shift: ShiftConfig, base: Dataset) -> np.ndarray:
    """Apply ``shift`` to raw inputs of ``base``; scale and rotate pivot about the training mean.

    For the untouched toy sets the training mean is (almost) the origin; for a
    stretched and offset set (``DataConfig.elongate``) pivoting about the
    origin would also translate the data, mixing two shifts.
    """
    if base.is_image:
        return apply_shift(x_raw, shift, image=True)
    return apply_shift(x_raw, shift, image=False, center=base.raw_train.mean(axis=0))


def slice_dataset(base: Dataset, magnitude: float, normalize: bool) -> tuple[Dataset, float]:
    """The biased training set of the sub-population shift (the "black cats").

    Training rows are :func:`~bnviz.labs.covariate.shifts.subpopulation_mask`;
    validation rows are restricted to the same slice (what one could measure
    while only black cats were around); test rows are *all* rows, the shifted
    world. The normalization is re-fitted on the slice, because a model's
    preprocessing only knows the data it was trained on.

    Returns
    -------
    Dataset, float
        The slice and the score threshold (first raw coordinate, or mean
        intensity) that bounds it.
    """
    image = base.is_image
    mask = subpopulation_mask(base.raw_train, base.y_train, magnitude, image=image)
    q = 1.0 - (1.0 - SUBPOP_MIN_QUANTILE) * float(magnitude)
    threshold = float(np.quantile(_score(base.raw_train, image), q))
    vmask = _score(base.raw_val, image) <= threshold
    if not vmask.any():
        vmask[:] = True
    raw_train = base.raw_train[mask]
    if normalize:
        floor = STD_FLOOR_IMAGE if image else STD_FLOOR_2D
        stats = raw_train.astype(np.float64)
        mean = stats.mean(axis=0).astype(np.float32)
        std = np.maximum(stats.std(axis=0), floor).astype(np.float32)
    else:
        mean, std = base.mean.copy(), base.std.copy()
    ds = _with_inputs(base, (raw_train, base.raw_val[vmask], base.raw_test),
                      (base.y_train[mask], base.y_val[vmask], base.y_test), mean, std)
    return ds, threshold


def drifted_dataset(base: Dataset, trained: Dataset, shift: ShiftConfig) -> Dataset:
    """The world after the drift, seen through the old (frozen) preprocessing.

    Transform shifts move every raw input of ``base``; the sub-population
    shift gives back all of ``base``'s rows. Either way the inputs are
    normalised with ``trained``'s statistics: re-fitting them would undo a
    translation or a scaling exactly and hide the drift, while a deployed
    pipeline keeps its preprocessing.
    """
    if shift.kind == "subpopulation":
        raw = (base.raw_train, base.raw_val, base.raw_test)
    else:
        raw = tuple(shift_raw(r, shift, base) for r in (base.raw_train, base.raw_val, base.raw_test))
    return _with_inputs(base, raw, (base.y_train, base.y_val, base.y_test), trained.mean, trained.std)


# --------------------------------------------------------------------------- snapshot types


@dataclass(frozen=True, eq=False)
class LayerShift:
    """One hidden layer of one twin: training vs shifted activation inputs."""

    index: int              # 1-based layer number
    distance: float         # layer_distance(training, shifted): mean per-unit W1, activation units
    relative: float         # distance / mean per-unit std of the training distribution
    reference: Histogram    # fractions of values per bin, training inputs
    shifted: Histogram      # the same bins, shifted inputs


@dataclass(frozen=True, eq=False)
class RunShift:
    """One twin's view of the shift, plus its ordinary training snapshot."""

    label: str
    run: RunSnapshot
    layers: tuple[LayerShift, ...]
    acc_reference: float    # test accuracy on the training distribution
    acc_shifted: float      # test accuracy on the shifted test inputs
    drift_step: np.ndarray          # (n,) steps of the drift probes (bounded)
    drift: np.ndarray               # (n, L) distance to the previous probe per layer
    drift_relative: np.ndarray      # (n, L) the same divided by the previous probe's std
    drift_mean: np.ndarray          # (n, L) how far each unit's input mean moved since the previous probe (moment_drift)
    drift_var: np.ndarray           # (n, L) how far each unit's input variance moved (|change of log variance|)
    # (L,) each of the four above averaged over every probe of the run so far (what the bars and claims use)
    drift_avg: np.ndarray
    drift_avg_relative: np.ndarray
    drift_mean_avg: np.ndarray
    drift_var_avg: np.ndarray


@dataclass(frozen=True, eq=False)
class InputView:
    """The raw inputs the model trained on next to the shifted ones."""

    image: bool
    reference_points: np.ndarray | None   # (n, 2) raw training points (2-D sets)
    shifted_points: np.ndarray | None     # (m, 2) raw shifted points
    x_range: tuple[float, float]          # a view covering every magnitude of this kind
    y_range: tuple[float, float]
    reference_pixels: Histogram | None    # fraction of pixels per intensity bin (images)
    shifted_pixels: Histogram | None
    reference_examples: np.ndarray | None  # (k, h, w) raw images
    shifted_examples: np.ndarray | None


@dataclass(frozen=True, eq=False)
class ShiftSweep:
    """Test accuracy of both twins over the shift magnitude."""

    kind: str
    magnitudes: np.ndarray
    parameters: np.ndarray          # the physical amount per magnitude (shift_parameter)
    accuracy: Mapping[str, np.ndarray]
    step: int                       # the models' step (transforms) or retraining length (sub-population)
    test_stats: str
    retrained: bool                 # True for the sub-population sweep (fresh runs per point)


@dataclass(frozen=True, eq=False)
class LRSweep:
    """Short runs over log-spaced learning rates, before and after the drift."""

    shift: ShiftConfig
    optimizer: str
    steps: int
    rates: np.ndarray
    loss_before: Mapping[str, np.ndarray]   # validation cross-entropy per rate (inf: diverged)
    loss_after: Mapping[str, np.ndarray]
    acc_before: Mapping[str, np.ndarray]
    acc_after: Mapping[str, np.ndarray]
    best_before: Mapping[str, float]        # rate with the lowest validation loss
    best_after: Mapping[str, float]


@dataclass(frozen=True, eq=False)
class CovariateSnapshot:
    """Everything the Covariate Shift Lab draws, as of one moment."""

    config: CovariateConfig
    step: int
    epoch: int
    parameter: float                 # shift_parameter(config.shift)
    n_train: int                     # rows the twins train on
    inputs: InputView
    runs: tuple[RunShift, ...]
    shift_sweep: ShiftSweep | None
    lr_sweep: LRSweep | None

    def run(self, label: str) -> RunShift:
        return next(r for r in self.runs if r.label == label)


# --------------------------------------------------------------------------- measures


def _noisy_forward(net: MLP, x: np.ndarray, noise: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """Activation inputs of a training-style pass *with* injected noise, changing nothing.

    Mirrors ``Block.forward`` in ``batch`` mode (batch statistics, running
    estimates untouched) but applies the noisy-BN shift and scale where
    training does, which ``MLP.forward`` only does in ``train`` mode (and that
    mode would update the running estimates).
    """
    h = x.astype(net.dtype, copy=False)
    out = []
    for block, (shift, scale) in zip(net.blocks, noise):
        z = block.dense.forward(h, keep=False)
        if block.bn is not None and block.placement == "before":
            act_in = block.bn.forward(z, training=True, update_running=False) * scale + shift
            h = activations.forward(block.activation, act_in)
        elif block.bn is not None:
            act_in = z
            h = block.bn.forward(activations.forward(block.activation, z), training=True,
                                 update_running=False) * scale + shift
        else:
            act_in = z * scale + shift
            h = activations.forward(block.activation, act_in)
        out.append(act_in)
    return out


def _activation_inputs(net: MLP, x: np.ndarray, mode: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """Logits and every hidden layer's activation input for ``x``; the network is not changed."""
    with np.errstate(all="ignore"):
        logits = net.forward(x, mode)
    return logits, [b.trace.act_in for b in net.blocks]


def _mean_std(a: np.ndarray) -> float:
    return float(np.asarray(a, dtype=np.float64).std(axis=0).mean())


def _relative(d: float, ref: np.ndarray) -> float:
    return d / max(_mean_std(ref), 1e-6)


def unit_moments(acts: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per layer: each unit's mean and variance over the probe rows."""
    return [(a.mean(axis=0), a.var(axis=0)) for a in acts]


def moment_drift(prev: list[tuple[np.ndarray, np.ndarray]],
                 cur: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """How far each layer's per-unit input mean and variance moved between two probes.

    The lecture's internal covariate shift: a later layer's input *mean and
    variance* move while the earlier layers learn, and BN pins them (to beta
    and gamma). Per layer, averaged over its units:

    * mean drift ``|m - m_prev| / sigma_prev``: the move of the mean in units of
      the unit's previous spread, so a BN layer's unit-scale inputs and a plain
      layer's inputs of any scale compare fairly;
    * variance drift ``|log v - log v_prev|``: the relative change of the
      variance (0.1 is about a 10% change), equally scale-free.

    Returns
    -------
    ndarray, ndarray
        ``(L,)`` mean drifts and ``(L,)`` variance drifts.
    """
    tiny = 1e-12
    dm = [float(np.mean(np.abs(m - pm) / np.sqrt(pv + tiny))) for (m, _), (pm, pv) in zip(cur, prev)]
    dv = [float(np.mean(np.abs(np.log(v + tiny) - np.log(pv + tiny)))) for (_, v), (_, pv) in zip(cur, prev)]
    return np.array(dm), np.array(dv)


class DriftTracker:
    """Internal covariate shift of one run, measured on a fixed probe batch.

    Every call of :meth:`measure` forwards the same rows through the network
    as training would (BN uses the batch's own statistics; the noisy-BN noise
    is injected when the run has it, drawn from the tracker's own generator so
    the run itself is untouched) and compares each layer's activation input
    with the previous call's: the whole distribution (W1,
    :func:`~bnviz.labs.covariate.shifts.layer_distance`) and its first two
    moments per unit (:func:`moment_drift`). The history is a
    :class:`DecimatingHistory`, so memory stays bounded however long the run.
    """

    def __init__(self, x_probe: np.ndarray, seed: int, capacity: int = 512) -> None:
        self.x = x_probe
        self.history = DecimatingHistory(capacity)
        self._prev: list[np.ndarray] | None = None
        self._prev_moments: list[tuple[np.ndarray, np.ndarray]] = []
        self.last_step = -1
        self._rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0xC0FA]))

    def clear(self) -> None:
        self.history = DecimatingHistory(self.history.capacity)
        self._prev = None
        self.last_step = -1

    def measure(self, net: MLP, step: int, noise_shift: float = 0.0, noise_scale: float = 0.0) -> None:
        """Probe ``net`` at ``step`` and record each layer's distance to the previous probe."""
        self.last_step = step
        if noise_shift or noise_scale:
            noise = []
            for block in net.blocks:
                w = block.dense.W.shape[1]
                s = self._rng.uniform(-noise_shift, noise_shift, w) if noise_shift else np.zeros(w)
                c = self._rng.uniform(1.0, 1.0 + noise_scale, w) if noise_scale else np.ones(w)
                noise.append((s.astype(net.dtype), c.astype(net.dtype)))
            with np.errstate(all="ignore"):
                acts = _noisy_forward(net, self.x, noise)
        else:
            acts = _activation_inputs(net, self.x, "batch")[1]
        acts = [np.array(a, dtype=np.float64) for a in acts]
        if not all(np.isfinite(a).all() for a in acts):
            self._prev = None    # a diverged network has no distribution to compare
            return
        moments = unit_moments(acts)
        if self._prev is not None:
            d = np.array([layer_distance(p, a) for p, a in zip(self._prev, acts)])
            r = np.array([_relative(di, p) for di, p in zip(d, self._prev)])
            dm, dv = moment_drift(self._prev_moments, moments)
            self.history.append(step=step, distance=d, relative=r, mean=dm, var=dv)
        self._prev, self._prev_moments = acts, moments

    def columns(self, n_layers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Steps, W1 distances and relative W1 distances: ``(n,)``, ``(n, L)``, ``(n, L)``."""
        cols = self.moment_columns(n_layers)
        return cols["step"], cols["distance"], cols["relative"]

    def moment_columns(self, n_layers: int) -> dict[str, np.ndarray]:
        """Every column: ``step`` ``(n,)``; ``distance``, ``relative``, ``mean``, ``var`` ``(n, L)``."""
        cols = self.history.columns()
        if not cols:
            return {"step": np.zeros(0), **{k: np.zeros((0, n_layers)) for k in ("distance", "relative", "mean", "var")}}
        return {k: (v if k == "step" else v.reshape(-1, n_layers)) for k, v in cols.items()}


# --------------------------------------------------------------------------- the experiment


class CovariateExperiment:
    """BN and no-BN twins trained together, measured under a covariate shift.

    Has the small surface the training bridge needs (``step``, ``reset``,
    ``configure``, ``snapshot``, ``probe``, ``refit_bins``, ``step_count``,
    ``epoch``, ``steps_per_epoch``) plus the two sweeps, meant to be run on
    the worker process between steps.
    """

    LABELS = ("BN", "no BN")

    def __init__(self, cfg: CovariateConfig) -> None:
        self.cfg = cfg
        self.base = make_dataset(cfg.train.data)
        self.shift_sweep: ShiftSweep | None = None
        self.lr_sweep: LRSweep | None = None
        self._build()

    # ----------------------------------------------------------------- setup
    def _build(self) -> None:
        cfg = self.cfg
        m = cfg.slice_magnitude
        if m is None:
            self.data, self._threshold = self.base, math.inf
        else:
            self.data, self._threshold = slice_dataset(self.base, m, cfg.train.data.normalize)
        self.runs = [Trainer(cfg.train.with_bn(bn), self.data, label) for bn, label in zip((True, False), self.LABELS)]
        for r in self.runs:
            r.want_decision = False
        x_probe = self.data.x_train[:DRIFT_ROWS]
        self.trackers = [DriftTracker(x_probe, cfg.train.seed) for _ in self.runs]
        self.shift_sweep = None
        self._invalidate(edges=True)
        self._measure_drift(force=True)

    def _invalidate(self, edges: bool = False) -> None:
        self._views = None        # shifted inputs and evaluation sets (depend on the shift)
        self._inputs: InputView | None = None   # kept while the shift stays, so panels can skip redraws
        self._analysis = None     # (key, layers, accuracies)
        if edges:
            self._limits: dict[tuple[str, int], float] = {}
            self._range_key = None

    def configure(self, cfg: CovariateConfig) -> bool:
        """Adopt ``cfg``; True when the twins were rebuilt from step 0.

        A new data set, architecture or sub-population slice rebuilds; a new
        transform shift, test-time statistics or optimizer setting does not
        (the trained models are simply measured differently).
        """
        old = self.cfg
        self.cfg = cfg
        if self.adopt_points(old, cfg):
            return False
        if cfg.train.data != old.train.data:
            self.base = make_dataset(cfg.train.data)
            self.lr_sweep = None          # it was measured on other data
            self._build()
            return True
        if cfg.slice_magnitude != old.slice_magnitude:
            self._build()
            return True
        rebuilt = False
        for r in self.runs:
            rebuilt |= r.configure(cfg.train.with_bn(r.cfg.net.batch_norm))
        if rebuilt:
            for t in self.trackers:
                t.clear()
            self.shift_sweep = None
            self._invalidate(edges=True)
            self._measure_drift(force=True)
        elif cfg.drift_every != old.drift_every:
            for t in self.trackers:
                t.clear()
        if cfg.shift != old.shift or cfg.test_stats != old.test_stats:
            self._invalidate(edges=cfg.shift.kind != old.shift.kind)
        return rebuilt

    def adopt_points(self, old: CovariateConfig, cfg: CovariateConfig) -> bool:
        """Train both twins on ``cfg``'s hand-made points from the next step on, keeping their weights.

        Why: a student who edits the points sees the same twins meet them, as
        in the Softmax Lab (``Trainer.adopt_data``).  Possible when only the
        data changed to a hand-made set of the same class count
        (``data.keeps_run``) and nothing else changed; the shift is then applied to the new points (a
        sub-population slice is cut from them again).  The drift probes and
        the sweeps were measured on the old points, so they start over.
        """
        if not keeps_run(old.train.data, cfg.train.data) or \
                replace(old, train=replace(old.train, data=cfg.train.data)) != cfg:
            return False
        self.base = make_dataset(cfg.train.data)
        m = cfg.slice_magnitude
        if m is None:
            self.data, self._threshold = self.base, math.inf
        else:
            self.data, self._threshold = slice_dataset(self.base, m, cfg.train.data.normalize)
        for r in self.runs:
            r.adopt_data(cfg.train.with_bn(r.cfg.net.batch_norm), self.data)
        self.trackers = [DriftTracker(self.data.x_train[:DRIFT_ROWS], cfg.train.seed) for _ in self.runs]
        self.shift_sweep = self.lr_sweep = None
        self._invalidate()
        self._measure_drift(force=True)
        return True

    def reset(self) -> None:
        """Both twins back to step 0 (same seed); the drift history and shift sweep are cleared."""
        for r in self.runs:
            r.reset()
        for t in self.trackers:
            t.clear()
        self.shift_sweep = None
        self._invalidate(edges=True)
        self._measure_drift(force=True)

    def refit_bins(self) -> None:
        """Choose new histogram ranges from the current distributions."""
        self._invalidate(edges=True)

    # --------------------------------------------------------------- training
    @property
    def step_count(self) -> int:
        return max(r.step_count for r in self.runs)

    @property
    def epoch(self) -> int:
        return self.runs[0].epoch

    @property
    def steps_per_epoch(self) -> int:
        return self.runs[0].steps_per_epoch

    def step(self) -> bool:
        """One mini-batch for every live twin; False once both have diverged."""
        alive = False
        for r in self.runs:
            alive |= r.step()
        self._measure_drift()
        return alive

    run = run_steps

    def probe(self) -> None:
        for r in self.runs:
            r.probe()

    def _measure_drift(self, force: bool = False) -> None:
        k = self.cfg.drift_every
        a, b = self.cfg.train.noise_shift, self.cfg.train.noise_scale
        for r, t in zip(self.runs, self.trackers):
            due = r.step_count % k == 0 and r.step_count != t.last_step
            if r.diverged_at is None and (force or due):
                t.measure(r.net, r.step_count, a, b)

    # -------------------------------------------------------------- measuring
    def _mode(self) -> str:
        return MODE_OF[self.cfg.test_stats]

    def _shifted_raw(self, raw: np.ndarray, shift: ShiftConfig | None = None) -> np.ndarray:
        return shift_raw(raw, shift or self.cfg.shift, self.base)

    def _build_views(self) -> dict:
        """Inputs to compare and evaluate, for the current shift (cached until it changes)."""
        if self._views is not None:
            return self._views
        d, base, shift = self.data, self.base, self.cfg.shift
        ref_raw = d.raw_train[:REF_ROWS]
        if shift.kind == "subpopulation":
            sh_raw = base.raw_train[:REF_ROWS]
            in_slice = _score(base.raw_test, base.is_image) <= self._threshold
            test_ref = (d.prepare(base.raw_test[in_slice]), base.y_test[in_slice])
            test_sh = (d.prepare(base.raw_test), base.y_test)
        else:
            sh_raw = self._shifted_raw(ref_raw)
            test_ref = (d.x_test, d.y_test)
            test_sh = (d.prepare(self._shifted_raw(d.raw_test)), d.y_test)
        self._views = dict(ref_raw=ref_raw, sh_raw=sh_raw, ref_x=d.x_train[:REF_ROWS],
                           sh_x=d.prepare(sh_raw), test_ref=test_ref, test_sh=test_sh)
        return self._views

    def _limit(self, key: tuple[str, int], values: np.ndarray) -> float:
        """A histogram half-width that changes only when the data outgrow it (or shrink 4x).

        It covers the bulk (98%) of the pooled values with a margin, rounded up
        to one significant digit; a few units with large values would otherwise
        squash every histogram into its middle bins. Values beyond it land in
        the end bins, where they stay visible.
        """
        v = np.abs(values[np.isfinite(values)])
        q = float(np.percentile(v, 98.0)) * 1.3 if v.size else 0.0
        want = 1.0 if q <= 1.0 else float(np.ceil(q / 10 ** np.floor(np.log10(q))) * 10 ** np.floor(np.log10(q)))
        have = self._limits.get(key)
        if have is None or want > have or want < have / 4:
            self._limits[key] = have = want
        return have

    def _histogram(self, values: np.ndarray, edges: np.ndarray) -> Histogram:
        h = probes.histogram(values, edges)
        total = max(1, int(h.counts.sum()))
        return Histogram(h.edges, frozen(h.counts / total))

    def _analyse(self) -> tuple[tuple[tuple[LayerShift, ...], ...], list[tuple[float, float]]]:
        key = (tuple(r.step_count for r in self.runs), self.cfg.shift, self.cfg.test_stats)
        if self._analysis is not None and self._analysis[0] == key:
            return self._analysis[1], self._analysis[2]
        v = self._build_views()
        mode = self._mode()
        all_layers, accs = [], []
        for r in self.runs:
            _, ref = _activation_inputs(r.net, v["ref_x"], mode)
            ref = [np.array(a, dtype=np.float64) for a in ref]
            _, sh = _activation_inputs(r.net, v["sh_x"], mode)
            sh = [np.array(a, dtype=np.float64) for a in sh]
            layers = []
            for i, (a, b) in enumerate(zip(ref, sh), start=1):
                ok = np.isfinite(a).all() and np.isfinite(b).all()
                dist = layer_distance(a, b) if ok else math.nan
                lim = self._limit((r.label, i), np.concatenate([a.ravel(), b.ravel()]))
                edges = np.linspace(-lim, lim, HIST_BINS + 1)
                layers.append(LayerShift(i, dist, _relative(dist, a) if ok else math.nan,
                                         self._histogram(a, edges), self._histogram(b, edges)))
            all_layers.append(tuple(layers))
            accs.append((self._accuracy(r.net, *v["test_ref"]), self._accuracy(r.net, *v["test_sh"])))
        self._analysis = (key, tuple(all_layers), accs)
        return tuple(all_layers), accs

    def _accuracy(self, net: MLP, x: np.ndarray, y: np.ndarray, mode: str | None = None) -> float:
        if len(y) == 0:
            return math.nan
        with np.errstate(all="ignore"):
            logits = net.forward(x, mode or self._mode())
        return float((logits.argmax(axis=1) == y).mean())

    def _input_view(self) -> InputView:
        if self._inputs is None:
            self._inputs = self._make_input_view()
        return self._inputs

    def _make_input_view(self) -> InputView:
        v = self._build_views()
        ref, sh = v["ref_raw"], v["sh_raw"]
        if self.base.is_image:
            edges = np.linspace(0.0, 1.0, PIXEL_BINS + 1)
            shape = (-1, *self.base.image_shape)
            return InputView(True, None, None, (0.0, 1.0), (0.0, 1.0),
                             self._histogram(ref, edges), self._histogram(sh, edges),
                             frozen(ref[:N_EXAMPLES].reshape(shape)), frozen(sh[:N_EXAMPLES].reshape(shape)))
        xr, yr = self._view_range()
        return InputView(False, frozen(ref[:, :2]), frozen(sh[:, :2]), xr, yr, None, None, None, None)

    def _view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """A box holding the training points and their shifts at every magnitude of the current kind."""
        key = (self.cfg.shift.kind, id(self.data))
        if self._range_key != key:
            raw = self.base.raw_train[:REF_ROWS]
            pts = [raw[:, :2]]
            if self.cfg.shift.kind in ("translate", "scale", "rotate"):
                for m in np.linspace(0.25, 1.0, 4):
                    pts.append(self._shifted_raw(raw, ShiftConfig(self.cfg.shift.kind, float(m)))[:, :2])
            allp = np.concatenate(pts)
            lo, hi = allp.min(axis=0), allp.max(axis=0)
            pad = 0.05 * (hi - lo) + 1e-3
            lo, hi = lo - pad, hi + pad
            self._range = ((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])))
            self._range_key = key
        return self._range

    def snapshot(self) -> CovariateSnapshot:
        """An immutable copy of every number the lab draws."""
        layers, accs = self._analyse()
        runs = []
        for r, t, ls, (a_ref, a_sh) in zip(self.runs, self.trackers, layers, accs):
            n_layers = len(r.net.blocks)
            c = t.moment_columns(n_layers)
            cols = ("distance", "relative", "mean", "var")
            avg = {k: frozen(c[k].mean(axis=0) if len(c["step"]) else np.full(n_layers, np.nan)) for k in cols}
            runs.append(RunShift(r.label, r.snapshot(), ls, a_ref, a_sh, frozen(c["step"]),
                                 *(frozen(c[k]) for k in cols), *(avg[k] for k in cols)))
        return CovariateSnapshot(self.cfg, self.step_count, self.epoch, shift_parameter(self.cfg.shift),
                                 len(self.data.x_train), self._input_view(), tuple(runs),
                                 self.shift_sweep, self.lr_sweep)

    def layer_distances(self) -> dict[str, np.ndarray]:
        """Per-layer distances of the current models under the current shift (for tests and reports)."""
        layers, _ = self._analyse()
        return {r.label: np.array([l.distance for l in ls]) for r, ls in zip(self.runs, layers)}

    # ----------------------------------------------------------------- sweeps
    def sweep_shift(self, progress: Progress | None = None, should_stop: StopCheck | None = None) -> ShiftSweep | None:
        """Test accuracy of both twins over the magnitude of the current shift kind.

        Transform shifts evaluate the trained models on shifted test inputs,
        which is instant. The sub-population shift changes the *training*
        set, so each point trains a fresh twin pair on that slice for as many
        steps as the live models have taken (clipped to
        :data:`SWEEP_STEPS`) and tests it on all rows. Returns None when
        stopped; the result is also kept for the next snapshot.
        """
        cfg, kind = self.cfg, self.cfg.shift.kind
        mode = self._mode()
        acc = {label: [] for label in self.LABELS}
        if kind != "subpopulation":
            mags = np.linspace(0.0, 1.0, cfg.sweep_points)
            for j, m in enumerate(mags):
                x = self.data.prepare(self._shifted_raw(self.data.raw_test, ShiftConfig(kind, float(m))))
                for r in self.runs:
                    acc[r.label].append(self._accuracy(r.net, x, self.data.y_test, mode))
                if progress:
                    progress(j + 1, len(mags), f"magnitude {m:.2f}")
            steps, retrained = self.step_count, False
        else:
            mags = np.linspace(0.0, 1.0, min(cfg.sweep_points, SUBPOP_SWEEP_POINTS))
            steps, retrained = int(np.clip(self.step_count, *SWEEP_STEPS)), True
            total = len(mags) * 2 * steps
            done = 0
            for m in mags:
                ds = slice_dataset(self.base, float(m), cfg.train.data.normalize)[0] if m > 0 else self.base
                for bn, label in zip((True, False), self.LABELS):
                    tr = Trainer(replace(cfg.train.with_bn(bn), probe_every=max(steps, 1)), ds, label)
                    tr.want_decision = False
                    for i in range(steps):
                        if i % 50 == 0:
                            if should_stop and should_stop():
                                return None
                            if progress:
                                progress(done + i, total, f"slice {m:.2f}, {label}")
                        if not tr.step():
                            break
                    done += steps
                    acc[label].append(self._accuracy(tr.net, ds.prepare(self.base.raw_test), self.base.y_test, mode))
            if progress:
                progress(total, total, "done")
        params = np.array([shift_parameter(ShiftConfig(kind, float(m))) for m in mags])
        self.shift_sweep = ShiftSweep(kind, frozen(mags), frozen(params), {k: frozen(np.array(v)) for k, v in acc.items()},
                                      steps, cfg.test_stats, retrained)
        return self.shift_sweep

    def sweep_learning_rate(self, progress: Progress | None = None,
                            should_stop: StopCheck | None = None) -> LRSweep | None:
        """Re-tune after drift: the same short runs before and after the shift.

        For each of ``lr_points`` log-spaced rates, both twins train for
        ``lr_steps`` steps on the data the live models trained on ("before")
        and on :func:`drifted_dataset` ("after"), with everything else of the
        current config. The score is the validation cross-entropy (accuracy
        ties too easily on the toy sets); a diverged run scores ``inf``.
        Returns None when stopped.
        """
        cfg = self.cfg
        rates = np.geomspace(*cfg.lr_range, cfg.lr_points)
        after_ds = drifted_dataset(self.base, self.data, cfg.shift)
        sets = (("before", self.data), ("after", after_ds))
        loss = {(w, label): np.full(len(rates), np.inf) for w, _ in sets for label in self.LABELS}
        acc = {(w, label): np.full(len(rates), np.nan) for w, _ in sets for label in self.LABELS}
        total, done = len(sets) * 2 * len(rates), 0
        for which, ds in sets:
            for bn, label in zip((True, False), self.LABELS):
                for j, lr in enumerate(rates):
                    if should_stop and should_stop():
                        return None
                    if progress:
                        progress(done, total, f"{which} drift, {label}, \u03b1={lr:.3g}")
                    train = replace(cfg.train.with_bn(bn), optim=replace(cfg.train.optim, learning_rate=float(lr)),
                                    probe_every=cfg.lr_steps)
                    tr = Trainer(train, ds, label)
                    tr.want_decision = False
                    for i in range(cfg.lr_steps):
                        if i % 100 == 99 and should_stop and should_stop():
                            return None
                        if not tr.step():
                            break
                    l, a = tr.evaluate("val")
                    loss[which, label][j] = l if (tr.diverged_at is None and math.isfinite(l)) else math.inf
                    acc[which, label][j] = a
                    done += 1
        if progress:
            progress(total, total, "done")

        def best(which: str) -> dict[str, float]:
            return {label: float(rates[int(np.argmin(loss[which, label]))]) for label in self.LABELS}

        def pick(d: dict, which: str) -> dict[str, np.ndarray]:
            return {label: frozen(d[which, label]) for label in self.LABELS}

        self.lr_sweep = LRSweep(cfg.shift, cfg.train.optim.name, cfg.lr_steps, frozen(rates),
                                pick(loss, "before"), pick(loss, "after"), pick(acc, "before"), pick(acc, "after"),
                                best("before"), best("after"))
        return self.lr_sweep
