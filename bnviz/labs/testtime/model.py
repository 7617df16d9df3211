"""BN at test time: where mu and sigma^2 come from when there is no mini-batch.

During training a BN layer normalizes with the statistics of the current
mini-batch.  At test time a single example has to be classified on its own,
so the lecture notes keep an exponentially weighted average ("running
estimate") of the batch statistics over training and use that instead.  This
module measures what that choice is worth, for the BN at Test Time lab:

* the running estimates of each BN layer's mean and variance next to the
  *population* statistics of the whole training set for that layer (what the
  running estimates try to track), step by step;
* test accuracy with four ways to normalize at inference: the running
  estimates, statistics recomputed over the whole training set (the BN
  paper's inference, optionally with its m/(m-1) variance correction), the
  test batch's own statistics, and a single example normalized with its own
  statistics (a batch of one, which collapses every input to beta);
* the noise of per-batch statistics against the batch size (the notes'
  "slight regularization"), and the train/validation gap of short runs with
  each batch size: with BN, with the same BN net normalizing by the whole
  training set's statistics (the noise-free control), without BN, and
  without BN but with dropout (the notes' comparison).

Everything is measured with the engine's own forward pass; the GUI only draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from bnviz.engine.config import (
    NetConfig,
    OptimConfig,
    TrainConfig,
    TrainsOneRun,
    check_choice,
)
from bnviz.engine.data import DataConfig, Dataset
from bnviz.engine.history import DecimatingHistory
from bnviz.engine.losses import cross_entropy
from bnviz.engine.network import MLP, population_stats
from bnviz.engine.snapshot import frozen
from bnviz.engine.trainer import OneTrainerModel, Trainer

TRACKED_UNITS = 8            # units per layer whose statistics are kept over time
BATCH_SIZES = (8, 32, 64, 256)
SPREAD_BATCHES = 100         # mini-batches drawn per batch size to measure the spread
SPREAD_EVERY = 500           # steps between two automatic spread measurements
TRAINER_PROBE_EVERY = 50     # the trainer's own probes (histograms for other labs) are not drawn here
GAP_STEPS = 500              # default length of each short run of the batch-size experiment
DROPOUT_KEEP = 0.8           # the dropout twin's keep-probability (the course's usual keep_prob)
#: the short runs of the batch-size experiment, one row each (``BatchSizeGaps``)
GAP_RUNS = ("BN", "no BN", "BN, fixed stats", "dropout")
ROW_BN, ROW_NO_BN, ROW_CONTROL, ROW_DROPOUT = range(len(GAP_RUNS))
MODES = ("running", "population", "batch", "single")
MODE_TITLES = {
    "running": "running estimates (EWA)",
    "population": "whole training set",
    "batch": "test batch's own stats",
    "single": "single example (batch of 1)",
}


# --------------------------------------------------------------------------- inference four ways


TABS = ("estimates", "noise")
DEFAULT_TRAIN = TrainConfig(
    data=DataConfig(name="moons", n_samples=1000, noise=0.3, seed=0),
    net=NetConfig(hidden=(32, 32, 32), activation="relu", batch_norm=True, bn_momentum=0.9),
    optim=OptimConfig(name="adam", learning_rate=0.01), batch_size=32, seed=0, probe_every=10)


@dataclass(frozen=True)
class TestTimeConfig(TrainsOneRun):
    """Every setting of the BN at Test Time lab.

    Parameters
    ----------
    train : TrainConfig
        The run; batch norm on, at least one hidden layer.
    unbiased : bool
        Use the BN paper's m/(m-1) corrected variance for the whole-training-set statistics.
    tab : str
        ``estimates`` (running estimates and inference) or ``noise`` (batch-size noise).
    """

    __test__ = False        # not a pytest class, despite its name

    train: TrainConfig = field(default_factory=lambda: DEFAULT_TRAIN)
    unbiased: bool = False
    tab: str = "estimates"

    def __post_init__(self) -> None:
        if not self.train.net.batch_norm:
            raise ValueError("train.net.batch_norm=False: the test-time lab always trains with batch norm")
        if not self.train.net.hidden:
            raise ValueError("train.net.hidden: the test-time lab needs at least one hidden (BN) layer")
        check_choice("tab", self.tab, TABS)


def single_example_logits(net: MLP, x: np.ndarray) -> np.ndarray:
    """Logits of every row of ``x``, each row normalized as a mini-batch of one.

    A BN layer averages over axis 0.  Giving the network ``x[None]`` (shape
    ``(1, n, d)``) makes axis 0 a batch of size one for each of the ``n``
    rows, so this is exactly ``n`` separate ``forward(x[i:i+1], 'batch')``
    calls done in one pass (the tests check it against the loop).  With one
    example the batch mean is the example itself and the variance is 0, so
    every BN output is beta whatever the input: the network answers the same
    for everything.
    """
    with np.errstate(all="ignore"):
        return net.forward(np.asarray(x)[None], "batch")[0]


@dataclass(frozen=True, eq=False)
class InferenceAccuracy:
    """Test loss and accuracy for each way of normalizing at inference (order: ``MODES``)."""

    modes: tuple[str, ...]
    loss: np.ndarray            # (4,) mean cross-entropy on the test split
    accuracy: np.ndarray        # (4,) fraction correct
    n_test: int
    single_distinct: int        # distinct classes the batch-of-one inference predicts
    single_spread: float        # largest std over test examples of a batch-of-one logit (0: identical)

    def of(self, mode: str) -> float:
        return float(self.accuracy[self.modes.index(mode)])


def population_inference_stats(net: MLP, x_train: np.ndarray, unbiased: bool) -> list:
    """The BN paper's inference statistics over the whole training set (see ``population_stats``)."""
    with np.errstate(all="ignore"):
        return population_stats(net, x_train, unbiased=unbiased)


def accuracy_four_ways(net: MLP, data: Dataset, unbiased: bool = False,
                       stats: list | None = None) -> InferenceAccuracy:
    """Evaluate the test split four ways (running, population, test batch, batch of one).

    ``stats`` are the population statistics to use (computed from the
    training split when not given).  Nothing in the network changes.
    """
    x, y = data.x_test, data.y_test
    if stats is None:
        stats = population_inference_stats(net, data.x_train, unbiased)
    with np.errstate(all="ignore"):
        logits = {
            "running": net.forward(x, "eval"),
            "population": net.forward(x, "eval", stats=stats),
            "batch": net.forward(x, "batch"),
            "single": single_example_logits(net, x),
        }
        losses, accs = [], []
        for mode in MODES:
            lg = logits[mode]
            losses.append(cross_entropy(lg, y)[0] if len(y) else math.nan)
            accs.append(float((lg.argmax(axis=1) == y).mean()) if len(y) else math.nan)
        single = logits["single"]
        spread = float(np.nanmax(single.std(axis=0))) if len(single) > 1 else 0.0
    return InferenceAccuracy(MODES, frozen(np.array(losses)), frozen(np.array(accs)), len(y),
                            int(len(np.unique(single.argmax(axis=1)))), spread)


# --------------------------------------------------------------------------- batch-size noise


@dataclass(frozen=True, eq=False)
class BatchSpread:
    """How much per-batch statistics scatter, per layer and batch size.

    ``mean_spread[l, k]``: std over many mini-batches of size
    ``batch_sizes[k]`` of a unit's batch mean, divided by the unit's
    population std, averaged over the units of BN layer ``l``.
    ``var_spread``: the same for the batch variance divided by the population
    variance.  ``mean_reference``: what sampling theory says for the mean of
    ``B`` of ``N`` rows drawn without replacement, sqrt((N-B) / (B (N-1))),
    exact for the first layer (whose input does not depend on the batch).
    """

    batch_sizes: np.ndarray
    mean_spread: np.ndarray     # (L, nB)
    var_spread: np.ndarray      # (L, nB)
    mean_reference: np.ndarray  # (nB,)
    n_batches: int
    n_train: int
    step: int


def usable_batch_sizes(n_train: int, sizes: tuple[int, ...] = BATCH_SIZES) -> tuple[int, ...]:
    """The batch sizes that fit in the training split (at least the smallest one)."""
    ok = tuple(b for b in sizes if b <= n_train)
    return ok or (max(2, min(sizes[0], n_train)),)


def batch_stat_spread(net: MLP, x: np.ndarray, batch_sizes: tuple[int, ...] = BATCH_SIZES,
                      n_batches: int = SPREAD_BATCHES, rng: np.random.Generator | None = None,
                      step: int = 0) -> BatchSpread:
    """Measure the noise of BN's batch statistics at the current weights.

    Draws ``n_batches`` mini-batches of each size, each without replacement
    as training does, and runs them through the network in ``batch`` mode
    (each batch normalized with its own statistics, as in training).  All
    batches of one size go through in one pass: shape ``(B, n_batches, d)``,
    BN averaging over axis 0, i.e. within each batch.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    n = len(x)
    sizes = usable_batch_sizes(n, batch_sizes)
    pop = population_inference_stats(net, x, unbiased=False)
    live = [(i, s) for i, s in enumerate(pop) if s is not None]
    mean_spread = np.full((len(live), len(sizes)), np.nan)
    var_spread = np.full((len(live), len(sizes)), np.nan)
    xs = x.astype(net.dtype, copy=False)
    for k, b in enumerate(sizes):
        idx = np.argsort(rng.random((n_batches, n)), axis=1)[:, :b]      # (n_batches, B)
        with np.errstate(all="ignore"):
            net.forward(xs[idx.T], "batch")                               # (B, n_batches, d)
        for l, (i, (pmean, pvar)) in enumerate(live):
            v = net.blocks[i].trace.bn_in.astype(np.float64)             # (B, n_batches, width)
            bmean, bvar = v.mean(axis=0), v.var(axis=0)                   # (n_batches, width)
            ok = pvar > 1e-8
            if ok.any():
                mean_spread[l, k] = float(np.mean(bmean.std(axis=0)[ok] / np.sqrt(pvar[ok])))
                var_spread[l, k] = float(np.mean(bvar.std(axis=0)[ok] / pvar[ok]))
    sizes_arr = np.array(sizes, dtype=np.float64)
    ref = np.sqrt((n - sizes_arr) / (sizes_arr * max(n - 1, 1)))
    return BatchSpread(frozen(sizes_arr.astype(np.int64)), frozen(mean_spread), frozen(var_spread),
                       frozen(ref), n_batches, n, step)


@dataclass(frozen=True, eq=False)
class BatchSizeGaps:
    """Short runs from one seed, one per batch size and per row of ``GAP_RUNS``.

    Rows: ``BN`` (normalizes each batch with its own statistics), ``no BN``,
    ``BN, fixed stats`` (the control: the same BN net, same start, same
    batches, but every training step normalizes with the mean and variance of
    the whole training split at the current weights, recomputed each step and
    held constant in the backward pass, so no example is nudged by the others
    in its batch) and ``dropout`` (no BN, inverted dropout with ``keep_prob``).
    Every run starts from the same weights and takes the same number of steps
    with the same learning rate.  Losses are measured in test-time mode, no
    dropout; BN and its control both normalize with the whole training set's
    statistics at their final weights (the BN paper's inference, what the
    control trained with), so the two differ only in how they trained.

    ``bn_minus_control``: BN's gap minus its control's, per batch size (what
    the batch statistics' noise does to the gap); ``dropout_minus_no_bn``: the
    same for dropout against the plain net it is added to.
    """

    batch_sizes: np.ndarray
    labels: tuple[str, ...]       # GAP_RUNS
    steps: int
    keep_prob: float              # the dropout row's
    train_loss: np.ndarray        # (4, nB), test-time mode, nats
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    loss_gap: np.ndarray          # val_loss - train_loss
    acc_gap: np.ndarray           # train_acc - val_acc
    bn_minus_control: np.ndarray  # (nB,) loss_gap[BN] - loss_gap[control]
    dropout_minus_no_bn: np.ndarray   # (nB,) loss_gap[dropout] - loss_gap[no BN]


def gap_run_config(cfg: TrainConfig, run: str, batch_size: int, steps: int,
                   keep_prob: float = DROPOUT_KEEP) -> TrainConfig:
    """The config of one short run: ``cfg`` at ``batch_size``, BN on or off, dropout only in its own row."""
    check_choice("run", run, GAP_RUNS)
    out = replace(cfg, batch_size=int(batch_size), probe_every=max(steps, 1))
    out = out.with_bn(run in ("BN", "BN, fixed stats"))
    return replace(out, net=replace(out.net, keep_prob=keep_prob if run == "dropout" else 1.0))


def _test_time_losses(tr: Trainer, stats: list | None) -> tuple[float, float, float, float]:
    """(train loss, train accuracy, val loss, val accuracy) with ``stats`` (or the running estimates)."""
    out = []
    for split in ("train", "val"):
        x, y = tr._split(split)
        with np.errstate(all="ignore"):
            logits = tr.net.forward(x, "eval", stats=stats)
            out += [cross_entropy(logits, y)[0], float((logits.argmax(axis=1) == y).mean())]
    return tuple(out)


def short_run(cfg: TrainConfig, data: Dataset, run: str, batch_size: int, steps: int,
              keep_prob: float = DROPOUT_KEEP) -> tuple[float, float, float, float] | None:
    """Train one row's run ``steps`` steps; its test-time losses, or None if it diverged."""
    tr = Trainer(gap_run_config(cfg, run, batch_size, steps, keep_prob), dataset=data, history_capacity=4)
    tr.want_decision = False
    fixed = run == "BN, fixed stats"
    if fixed:
        tr.net.bn_reference = data.x_train.astype(tr.net.dtype, copy=False)
    tr.run(steps)
    if tr.diverged_at is not None:
        return None
    with np.errstate(all="ignore"):
        stats = population_stats(tr.net, data.x_train) if tr.net.bn_layers else None
    return _test_time_losses(tr, stats)


def batch_size_gaps(cfg: TrainConfig, data: Dataset, batch_sizes: tuple[int, ...] = BATCH_SIZES,
                    steps: int = GAP_STEPS, keep_prob: float = DROPOUT_KEEP,
                    progress: Callable[[int, int, str], None] | None = None,
                    should_stop: Callable[[], bool] | None = None) -> BatchSizeGaps | None:
    """Train ``steps`` steps for each batch size and each of ``GAP_RUNS``; report train vs validation.

    ``progress(done, total, "<run>, B=<size>")`` follows each short run; None
    once ``should_stop()`` says so (checked before each run).
    """
    sizes = usable_batch_sizes(len(data.x_train), batch_sizes)
    shape = (len(GAP_RUNS), len(sizes))
    tl, ta, vl, va = (np.full(shape, np.nan) for _ in range(4))
    for row, run in enumerate(GAP_RUNS):
        for k, b in enumerate(sizes):
            if should_stop is not None and should_stop():
                return None
            got = short_run(cfg, data, run, b, steps, keep_prob)
            if got is not None:
                tl[row, k], ta[row, k], vl[row, k], va[row, k] = got
            if progress is not None:
                progress(row * len(sizes) + k + 1, tl.size, f"{run}, B={b}")
    gap = vl - tl
    return BatchSizeGaps(frozen(np.array(sizes, dtype=np.int64)), GAP_RUNS, int(steps), float(keep_prob),
                         frozen(tl), frozen(vl), frozen(ta), frozen(va), frozen(gap), frozen(ta - va),
                         frozen(gap[ROW_BN] - gap[ROW_CONTROL]), frozen(gap[ROW_DROPOUT] - gap[ROW_NO_BN]))


# --------------------------------------------------------------------------- the lab's model


@dataclass(frozen=True, eq=False)
class InferenceSnapshot:
    """What the BN at Test Time lab draws, as of the last step.

    ``estimates`` (one row per training step, decimated): ``step``,
    ``batch_mean``, ``batch_var`` (the mini-batch's statistics), ``run_mean``,
    ``run_var`` (the running estimates after that step), each ``(n, L, K)``
    for the first ``K`` units of each BN layer.

    ``measures`` (one row per measurement, every ``probe_every`` steps):
    ``step``, ``pop_mean``, ``pop_var`` ``(n, L, K)`` (whole training set,
    with the m/(m-1) correction when ``unbiased``), ``mean_gap`` ``(n, L)``
    (mean over all units of |running - population mean| / population std),
    ``var_gap`` ``(n, L)`` (mean of |running - population variance| /
    population variance), and ``acc_<mode>``, ``loss_<mode>`` for each of
    ``MODES`` on the test split.
    """

    config: TrainConfig
    step: int
    epoch: int
    diverged_at: int | None
    divergence_reason: str
    widths: tuple[int, ...]       # width of each BN layer
    tracked: int                  # K
    estimates: Mapping[str, np.ndarray]
    measures: Mapping[str, np.ndarray]
    accuracy: InferenceAccuracy | None
    unbiased: bool
    correction: float             # m/(m-1), m = rows of the training split
    n_train: int
    spread: BatchSpread | None
    gaps: BatchSizeGaps | None
    gaps_config: TrainConfig | None   # the config the gap runs were trained with
    gaps_declined: bool           # the gap job was stopped on this run: nothing runs them by itself

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def last(self, column: str) -> float:
        col = self.measures.get(column)
        return float(col[-1]) if col is not None and len(col) else float("nan")

    def last_gap(self, layer: int) -> tuple[float, float]:
        """(mean gap, variance gap) of BN layer ``layer`` at the last measurement."""
        mg, vg = self.measures.get("mean_gap"), self.measures.get("var_gap")
        if mg is None or not len(mg) or not 0 <= layer < mg.shape[1]:
            return float("nan"), float("nan")
        return float(mg[-1, layer]), float(vg[-1, layer])


class InferenceLab(OneTrainerModel):
    """One BN network trained live, watched from the test-time side.

    The object the lab's worker process owns: ``step``, ``reset``,
    ``configure``, ``snapshot``, ``probe``; plus ``measure_spread`` and
    ``run_gap_experiment`` for the batch-size experiment.  Batch norm is
    always on here.  The lab's page runs the gap runs as a job with progress
    when the noise tab shows without them; where no page asks (a headless
    export), the first step on the noise tab trains them (``GAP_STEPS`` each).
    A stopped job is not re-run by the steps until the run starts afresh or
    the noise tab is left and shown again.
    """

    def __init__(self, lab: TestTimeConfig, history_capacity: int = 2048) -> None:
        self.cfg = cfg = lab.train
        self.unbiased = lab.unbiased
        self.tab = lab.tab
        self._capacity = history_capacity
        self.trainer = Trainer(self._trainer_cfg(cfg), label="BN")
        self.trainer.want_decision = False
        self._fresh()

    # ------------------------------------------------------------- plumbing
    @staticmethod
    def _trainer_cfg(cfg: TrainConfig) -> TrainConfig:
        """The trainer probes rarely: its histograms are not drawn here, only its divergence check counts."""
        return replace(cfg, probe_every=max(cfg.probe_every, TRAINER_PROBE_EVERY))


    @property
    def data(self) -> Dataset:
        return self.trainer.data

    @property
    def net(self) -> MLP:
        return self.trainer.net

    @property
    def correction(self) -> float:
        m = len(self.data.x_train)
        return m / (m - 1) if m > 1 else 1.0

    def _fresh(self) -> None:
        """New histories for a run at step 0."""
        self.estimates = DecimatingHistory(self._capacity)
        self.measures = DecimatingHistory(self._capacity)
        self.accuracy: InferenceAccuracy | None = None
        self.spread: BatchSpread | None = None
        self.gaps: BatchSizeGaps | None = None
        self.gaps_config: TrainConfig | None = None
        self._gaps_declined = False     # a gap job was cancelled: the steps do not run it instead
        self._record_estimates(initial=True)
        self.measure()
        self.measure_spread()

    def reset(self) -> None:
        self.trainer.reset()
        self._fresh()

    def configure(self, lab: TestTimeConfig) -> bool:
        """Adopt ``lab``; momentum, learning rate, batch size and the variance correction keep the run."""
        rebuilt = self.trainer.configure(self._trainer_cfg(lab.train))
        self.cfg = lab.train
        if lab.tab != self.tab:
            self._gaps_declined = False     # a Stop holds for the visit to the noise tab it was pressed on
        self.tab = lab.tab
        unbiased_changed = lab.unbiased != self.unbiased
        self.unbiased = lab.unbiased
        if rebuilt:
            self._fresh()
        elif unbiased_changed:
            self.measure()
        return rebuilt

    def refit_bins(self) -> None:
        """Nothing to re-bin here; re-measure so the panels redraw."""
        self.measure()

    # -------------------------------------------------------------- training
    def step(self) -> bool:
        alive = self.trainer.step()
        if not alive:
            return False
        self._record_estimates()
        n = self.trainer.step_count
        if n % self.cfg.probe_every == 0:
            self.measure()
        if n % SPREAD_EVERY == 0:
            self.measure_spread()
        if self.gaps is None and self.tab == "noise" and not self._gaps_declined:
            self.run_gap_experiment()
        return True

    def probe(self) -> None:
        """After manual steps: measure at once, between the regular measurements."""
        self.trainer.probe()
        self.measure()

    # ------------------------------------------------------------ measuring
    def _tracked(self, attr: str) -> np.ndarray:
        bns = self.net.bn_layers
        out = np.full((len(bns), TRACKED_UNITS), np.nan)
        for i, bn in enumerate(bns):
            v = getattr(bn, attr)
            out[i, : min(TRACKED_UNITS, v.size)] = v[:TRACKED_UNITS]
        return out

    def _record_estimates(self, initial: bool = False) -> None:
        """One row per step: this batch's statistics and the running estimates after it."""
        nan = np.full((len(self.net.bn_layers), TRACKED_UNITS), np.nan)
        self.estimates.append(
            step=self.step_count,
            batch_mean=nan if initial else self._tracked("batch_mean"),
            batch_var=nan if initial else self._tracked("batch_var"),
            run_mean=self._tracked("running_mean"), run_var=self._tracked("running_var"))

    def measure(self) -> None:
        """Population statistics, estimate errors and the four test accuracies, now."""
        net = self.net
        stats = population_inference_stats(net, self.data.x_train, self.unbiased)
        bns = [(b.bn, s) for b, s in zip(net.blocks, stats) if b.bn is not None]
        L, K = len(bns), TRACKED_UNITS
        pop_mean, pop_var = np.full((L, K), np.nan), np.full((L, K), np.nan)
        mean_gap, var_gap = np.full(L, np.nan), np.full(L, np.nan)
        with np.errstate(all="ignore"):
            for i, (bn, (m, v)) in enumerate(bns):
                k = min(K, m.size)
                pop_mean[i, :k], pop_var[i, :k] = m[:k], v[:k]
                m64, v64 = m.astype(np.float64), v.astype(np.float64)
                mean_gap[i] = float(np.mean(np.abs(bn.running_mean - m64) / np.sqrt(v64 + bn.eps)))
                var_gap[i] = float(np.mean(np.abs(bn.running_var - v64) / (v64 + bn.eps)))
        acc = accuracy_four_ways(net, self.data, self.unbiased, stats)
        self.accuracy = acc
        row = dict(step=self.step_count, pop_mean=pop_mean, pop_var=pop_var, mean_gap=mean_gap, var_gap=var_gap)
        for j, mode in enumerate(MODES):
            row[f"acc_{mode}"] = acc.accuracy[j]
            row[f"loss_{mode}"] = acc.loss[j]
        self.measures.append(**row)

    def measure_spread(self, batch_sizes: tuple[int, ...] = BATCH_SIZES,
                       n_batches: int = SPREAD_BATCHES) -> BatchSpread:
        """Spread of per-batch statistics vs batch size at the current weights."""
        rng = np.random.default_rng([self.cfg.seed, self.step_count])
        self.spread = batch_stat_spread(self.net, self.data.x_train, batch_sizes, n_batches, rng,
                                        step=self.step_count)
        return self.spread

    def run_gap_experiment(self, steps: int = GAP_STEPS, batch_sizes: tuple[int, ...] = BATCH_SIZES,
                           progress: Callable[[int, int, str], None] | None = None,
                           should_stop: Callable[[], bool] | None = None) -> BatchSizeGaps | None:
        """Short runs per batch size (BN, its fixed-statistics control, no BN, dropout) from this lab's config and seed.

        A job of the lab's worker (``bridge.run_job``): ``progress`` follows
        each run; None when stopped, and the last result stays.
        """
        gaps = batch_size_gaps(self.cfg, self.data, batch_sizes, steps, progress=progress, should_stop=should_stop)
        if gaps is None:
            self._gaps_declined = True
            return None
        self.measure_spread(batch_sizes)
        self.gaps, self.gaps_config = gaps, self.cfg
        return gaps

    # -------------------------------------------------------------- snapshot
    def snapshot(self) -> InferenceSnapshot:
        tr = self.trainer
        return InferenceSnapshot(
            config=self.cfg, step=tr.step_count, epoch=tr.epoch, diverged_at=tr.diverged_at,
            divergence_reason=tr.divergence_reason,
            widths=tuple(bn.num_features for bn in self.net.bn_layers), tracked=TRACKED_UNITS,
            estimates=self.estimates.columns(), measures=self.measures.columns(),
            accuracy=self.accuracy, unbiased=self.unbiased, correction=self.correction,
            n_train=len(self.data.x_train), spread=self.spread, gaps=self.gaps, gaps_config=self.gaps_config,
            gaps_declined=self._gaps_declined)
