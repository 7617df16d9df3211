"""The Batch Norm Lab's model: two runs that differ in one thing (BN or input normalization).

Pure NumPy, no Qt.  ``TwinTrainer`` trains the same network twice from the
same initial weights on the same mini-batches, once with and once without
batch norm (B2-B4, B8) or once on normalized and once on raw inputs (B1);
its snapshot is one ``RunSnapshot`` per run.

Students' own points (``DataConfig(name="custom")``, drawn with Edit data on
the regions tab or imported) are adopted by both runs between two steps
(``TwinTrainer.adopt_points``); the decision maps are reported in the data's
raw units, the plane the student draws in, whichever twin normalizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from bnviz.engine.config import (
    NetConfig,
    OptimConfig,
    TrainConfig,
    TrainsOneRun,
    check_choice,
    needs_rebuild,
)
from bnviz.engine.data import DataConfig, Dataset, keeps_run, make_dataset
from bnviz.engine.snapshot import DecisionMap, RunSnapshot
from bnviz.engine.trainer import Trainer, run_steps
from bnviz.labs.batchnorm.contour import ContourView, TwoWeightGD, usable


def _bn_variant(on: bool):
    return lambda cfg: cfg.with_bn(on)


def _normalize_variant(on: bool):
    return lambda cfg: replace(cfg, data=replace(cfg.data, normalize=on))


# Each comparison: (label, how the run's config differs from the shared one) per run.
COMPARISONS = {
    "bn": (("BN", _bn_variant(True)), ("no BN", _bn_variant(False))),
    "normalize": (("normalized", _normalize_variant(True)), ("raw", _normalize_variant(False))),
}


TWINS = ("bn", "normalize", "off")       # BN vs no BN, normalized vs raw inputs, one run
TABS = ("curves", "figure1", "regions", "bnparams", "contour")

DEFAULT_TRAIN = TrainConfig(
    data=DataConfig(name="moons", n_samples=600, noise=0.2, seed=0),
    net=NetConfig(hidden=(16, 16, 16), activation="sigmoid", init="xavier"),
    optim=OptimConfig(name="sgd", learning_rate=0.3), batch_size=32, seed=0, probe_every=5)


@dataclass(frozen=True, eq=False)
class BatchNormRun(RunSnapshot):
    """A run's snapshot plus its two-weight companion (B1's contour view; None without 2-D two-class data)."""

    contour: ContourView | None = None


@dataclass(frozen=True)
class BatchNormConfig(TrainsOneRun):
    """Every setting of the Batch Norm Lab.

    Parameters
    ----------
    train : TrainConfig
        The run (for a twin, the settings both runs share).
    twin : str
        ``bn``: the same net with and without BN; ``normalize``: on normalized
        and on raw inputs (B1); ``off``: only the run ``train`` describes.
    tab : str
        The plot tab on the right; decision maps are computed only for
        ``regions``, cost surfaces only for ``contour``.
    """

    train: TrainConfig = field(default_factory=lambda: DEFAULT_TRAIN)
    twin: str = "bn"
    tab: str = "curves"

    def __post_init__(self) -> None:
        check_choice("twin", self.twin, TWINS)
        check_choice("tab", self.tab, TABS)

    def runs(self) -> tuple[TrainConfig, ...]:
        """The runs ``TwinTrainer`` trains: both twins' configs, or ``train`` alone."""
        if self.twin == "off":
            return (self.train,)
        return tuple(make(self.train) for _, make in COMPARISONS[self.twin])


class TwinTrainer:
    """Two runs that differ in one thing, same initial weights, same batches.

    ``twin='bn'`` trains the network with and without BN (the lectures'
    core comparison); ``twin='normalize'`` trains it on normalized and on
    raw inputs (syllabus B1).  With ``twin='off'`` only the run the config
    asks for exists.  Decision maps are computed only while the regions tab
    shows them.

    The runs' histograms share their bins (one ``probes.Bins`` per layer and
    plot, in ``_bin_pool``): the twins are drawn over each other, and bars of
    the same width compare.  The bins re-fit themselves when either run's
    values leave them; the pool is emptied whenever the runs start over or
    re-fit together.
    """

    def __init__(self, cfg: BatchNormConfig) -> None:
        self.lab = cfg
        self._datasets: dict = {}
        self._bin_pool: dict = {}
        self._companions: dict[int, tuple] = {}     # run index -> (TwoWeightGD | None, its data, its history)
        self._histograms = True
        self.runs = self._build(cfg)

    @property
    def cfg(self) -> TrainConfig:
        return self.lab.train

    def _variants(self, lab: BatchNormConfig) -> list[tuple[str | None, TrainConfig]]:
        if lab.twin == "off":
            return [(None, lab.train)]
        return [(label, make(lab.train)) for label, make in COMPARISONS[lab.twin]]

    def _dataset(self, data_cfg):
        if data_cfg not in self._datasets:
            self._datasets[data_cfg] = make_dataset(data_cfg)
        return self._datasets[data_cfg]

    @property
    def data(self) -> Dataset:
        return self.runs[0].data

    def _build(self, lab: BatchNormConfig) -> list[Trainer]:
        data = lab.train.data
        self._datasets = {k: v for k, v in self._datasets.items() if k == data or
                          replace(k, normalize=data.normalize) == data}
        self._bin_pool = {}
        runs = [Trainer(c, self._dataset(c.data), label, bin_pool=self._bin_pool)
                for label, c in self._variants(lab)]
        for r in runs:
            r.want_decision = lab.tab == "regions"
            r.want_histograms = self._histograms
        return runs

    def configure(self, cfg: BatchNormConfig) -> bool:
        """Adopt ``cfg``; returns True when the runs were rebuilt from step 0."""
        old, self.lab = self.lab, cfg
        if self.adopt_points(old, cfg):
            return False
        if cfg.twin != old.twin or cfg.train.data != old.train.data:
            self.runs = self._build(cfg)
            return True
        rebuilt = False
        variants = self._variants(cfg)
        if any(needs_rebuild(r.cfg, c) for r, (_, c) in zip(self.runs, variants)):
            self._bin_pool.clear()                  # the runs start over: new shared bins
        for r, (_, c) in zip(self.runs, variants):
            rebuilt |= r.configure(c)
            r.want_decision = cfg.tab == "regions"
        return rebuilt

    def adopt_points(self, old: BatchNormConfig, cfg: BatchNormConfig) -> bool:
        """Train every run on ``cfg``'s hand-made points from the next step on, keeping weights and steps.

        Why: a student who edits the points wants the same twins to meet them,
        as in the Softmax and Covariate labs (``Trainer.adopt_data``).  Possible
        when only the data changed, to a hand-made set of the same class count
        (``data.keeps_run``).  Each run gets its own variant of the new data:
        with ``twin='normalize'`` the same rows, standardized for one run and
        raw for the other; with ``twin='bn'`` one data set for both.
        """
        if not keeps_run(old.train.data, cfg.train.data) or \
                replace(old, train=replace(old.train, data=cfg.train.data)) != cfg:
            return False
        data = cfg.train.data
        self._datasets = {k: v for k, v in self._datasets.items() if replace(k, normalize=data.normalize) == data}
        for r, (_, c) in zip(self.runs, self._variants(cfg)):
            r.adopt_data(c, self._dataset(c.data))
        return True

    @property
    def step_count(self) -> int:
        return max(r.step_count for r in self.runs)

    @property
    def epoch(self) -> int:
        return self.runs[0].epoch

    @property
    def all_diverged(self) -> bool:
        return all(r.diverged_at is not None for r in self.runs)

    def step(self) -> bool:
        """Step every live run, and each run's two-weight companion with it; False once all have diverged."""
        alive = False
        for i, r in enumerate(self.runs):
            gd, before = self.companion(i), r.step_count
            alive |= r.step()
            if gd is not None and r.step_count > before:
                gd.step(r.learning_rate)        # the rate the run's optimizer just used
        return alive

    def companion(self, i: int) -> TwoWeightGD | None:
        """Run ``i``'s two-weight model (B1's contour view), started anew when the run was reset or got new data.

        None when the run's data are not two inputs and two classes.  A reset gives
        the run a new history and new data replace ``data``: either starts the
        companion again from its start point, at the run's current step.
        """
        r = self.runs[i]
        gd, data, hist = self._companions.get(i, (None, None, None))
        if data is not r.data or hist is not r.history:
            x, y = r.data.x_train, r.data.y_train
            gd = TwoWeightGD(x, y, first_step=r.step_count) if usable(x, y) else None
            self._companions[i] = (gd, r.data, r.history)
        return gd

    run = run_steps

    def reset(self) -> None:
        self._bin_pool.clear()
        for r in self.runs:
            r.reset()

    def show_histograms(self, on: bool) -> None:
        """Whether the page shows the layer histograms: while it does not, snapshots skip them
        (on B8's folded page they were ~4 of a frame's ~6 ms in the worker)."""
        self._histograms = on
        for r in self.runs:
            r.show_histograms(on)

    def refit_bins(self) -> None:
        self._bin_pool.clear()
        for r in self.runs:
            r.refit_bins()

    def _refits(self) -> int:
        return sum(b.refits for b in self._bin_pool.values())

    def probe(self) -> None:
        for r in self.runs:
            r.probe()

    @property
    def steps_per_epoch(self) -> int:
        return self.runs[0].steps_per_epoch

    def snapshot(self) -> tuple[RunSnapshot, ...]:
        before = self._refits()
        snaps = tuple(r.snapshot() for r in self.runs)
        if len(snaps) > 1 and self._refits() != before:
            # a run re-fitted shared bins after the other was counted on the old ones: count again
            # (rare, by the hysteresis), so both runs' histograms of a frame have the same edges
            for r in self.runs:
                r._layers = None
            snaps = tuple(r.snapshot() for r in self.runs)
        return tuple(self._with_contour(i, s) for i, s in enumerate(snaps))

    def _with_contour(self, i: int, snap: RunSnapshot) -> BatchNormRun:
        """``snap`` with its companion's path (the cost surface only while the contour tab shows it)
        and its decision map in raw units."""
        gd = self.companion(i)
        view = gd.view(self.runs[i].cfg.data.normalize, self.lab.tab == "contour") if gd is not None else None
        kept = {f.name: getattr(snap, f.name) for f in fields(RunSnapshot)}
        if snap.decision is not None:
            kept["decision"] = raw_units(snap.decision, self.runs[i].data)
        return BatchNormRun(**kept, contour=view)


def raw_units(dm: DecisionMap, data: Dataset) -> DecisionMap:
    """``dm`` (laid in model inputs) with its ranges and points in the data's raw units (``x * std + mean``).

    Why: the student draws points in raw units (Edit data), and the normalized and
    raw twins of B1 then show their regions over the same plane.  Normalization
    is per-axis affine, so the same probability image only moves and stretches.
    """
    lo = np.array([dm.x_range[0], dm.y_range[0]]) * data.std + data.mean
    hi = np.array([dm.x_range[1], dm.y_range[1]]) * data.std + data.mean
    return DecisionMap((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])), dm.probs,
                       data.raw_val, dm.labels)
