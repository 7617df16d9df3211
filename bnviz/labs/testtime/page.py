"""The BN at Test Time lab: where a BN layer's mu and sigma^2 come from when there is no mini-batch.

Tab 1: the running estimates (exponentially weighted averages of the batch
statistics, the notes' recipe) next to the statistics of the whole training
set, and test accuracy with four kinds of inference statistics, live.  The
momentum slider is a hot change: the run goes on with the new averaging.
Tab 2: the noise of per-batch statistics against the batch size, the
train/validation gap of short runs per batch size (BN, its noise-free
control, no BN, no BN with dropout), and what the noise itself does to the
gap (the notes' "slight regularization"); the runs train in the worker as a
job with progress and a Stop button when that tab first shows without them.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bnviz.bridge.training import Frame
from bnviz.labs.page import LabPage
from bnviz.labs.testtime.controls import TestTimeControls
from bnviz.labs.testtime.model import (
    MODES,
    TABS,
    TRACKED_UNITS,
    InferenceLab,
    InferenceSnapshot,
    TestTimeConfig,
)
from bnviz.labs.testtime.panels.accuracy import InferenceAccuracyPanel
from bnviz.labs.testtime.panels.estimates import EstimatesPanel
from bnviz.labs.testtime.panels.noise import BatchNoisePanel
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.words import diverged_text

FOLLOW_STEPS = 400
#: the model's MODE_TITLES as the status bar shows them (the model is Qt-free, so it cannot translate)
MODE_NAMES = {
    "running": QT_TR_NOOP("running estimates (EWA)"),
    "population": QT_TR_NOOP("whole training set"),
    "batch": QT_TR_NOOP("test batch's own stats"),
    "single": QT_TR_NOOP("single example (batch of 1)"),
}
GAP_JOB = "gaps"                # the batch-size experiment, a job of the worker


class TestTimePage(LabPage):
    __test__ = False        # not a pytest class, despite its name

    def __init__(self, cfg: TestTimeConfig | None = None, parent: QWidget | None = None) -> None:
        self._gap_running = False
        super().__init__(cfg, parent)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Layer")))
        self.layer = QComboBox()
        self.layer.setObjectName("tt_layer")
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.layer)
        top.addWidget(QLabel(tr("Unit")))
        self.unit = QSpinBox()
        self.unit.setObjectName("tt_unit")
        self.unit.setRange(1, TRACKED_UNITS)
        top.addWidget(self.unit)
        self.follow = QCheckBox(tr("last {n} steps").format(n=FOLLOW_STEPS))
        self.follow.setObjectName("tt_follow")
        self.follow.setToolTip(tr("Follow the most recent steps, where the momentum's smoothing and lag show; "
                                  "untick for the whole run"))
        self.follow.setChecked(True)
        top.addWidget(self.follow)
        self.note = QLabel(tr("At test time there is no mini-batch: BN uses running estimates of \u03bc and "
                              "\u03c3\u00b2 (exponentially weighted averages over training batches)."))
        self.note.setWordWrap(True)
        top.addWidget(self.note, 1)

        self.estimates = EstimatesPanel()
        self.estimates.set_follow(FOLLOW_STEPS)
        self.follow.toggled.connect(self._follow)
        self.accuracy = InferenceAccuracyPanel()
        self.noise = BatchNoisePanel()
        self.noise.job.start.connect(self.run_gap_experiment)
        self.noise.job.cancel.connect(self.bridge.cancel_job)
        self.bridge.job_progress.connect(self._on_progress)
        self.bridge.job_finished.connect(self._on_finished)
        first = QWidget()
        fl = QVBoxLayout(first)
        fl.setContentsMargins(2, 2, 2, 2)
        fl.addWidget(self.estimates, 1)
        fl.addWidget(self.accuracy, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tt_tabs")
        self.tabs.addTab(first, tr("Running estimates && inference"))
        self.tabs.addTab(self.noise, tr("Batch-size noise (regularization)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self.unit.valueChanged.connect(lambda _: self._redraw())

        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        self.config_shown(self._cfg)

    # ---------------------------------------------------------------- config
    def make_controls(self, cfg: TestTimeConfig) -> TestTimeControls:
        return TestTimeControls(cfg)

    def config_shown(self, cfg: TestTimeConfig) -> None:
        self.sync_tab(self.tabs, TABS.index(cfg.tab))
        if cfg.tab != "noise" and self._gap_running:
            self.bridge.cancel_job()    # the short runs are the noise tab's: leaving it (B6 -> B7) stops them

    def _tab_changed(self, index: int) -> None:
        self.apply_config(replace(self._cfg, tab=TABS[index]))
        self._redraw()

    def _follow(self, on: bool) -> None:
        self.estimates.set_follow(FOLLOW_STEPS if on else 0)
        self._redraw()

    def run_gap_experiment(self) -> None:
        """The short runs, as a job of the worker: progress on the noise tab's row, Stop cancels."""
        if self._gap_running:
            return
        self.ensure_started()
        self._gap_running = True
        self.noise.job.set_running(True)
        self.noise.job.set_progress(0, 1, QT_TR_NOOP("queued"))
        self.bridge.run_job(GAP_JOB, partial(InferenceLab.run_gap_experiment, steps=self.noise.steps.value()))

    def _on_progress(self, job: str, done: int, total: int, text: str) -> None:
        if job == GAP_JOB:
            self.noise.job.set_progress(done, total, text)

    def _on_finished(self, job: str, completed: bool) -> None:
        if job == GAP_JOB:
            self._gap_running = False
            self.noise.job.set_running(False)
            if completed:
                self.noise.job.set_progress(1, 1, QT_TR_NOOP("done"))
            else:       # a failure's own message follows as progress
                self.noise.job.set_progress(0, 1, QT_TR_NOOP("cancelled"))

    def refit(self) -> None:
        for p in (self.estimates.mean, self.estimates.var, self.accuracy.history, self.noise.spread_plot,
                  self.noise.gap_plot, self.noise.effect_plot):
            p.enableAutoRange()

    # --------------------------------------------------------------- drawing
    def _sync_selectors(self, snap: InferenceSnapshot) -> None:
        n = len(snap.widths)
        if self.layer.count() != n:
            self.layer.blockSignals(True)
            keep = self.layer.currentIndex()
            self.layer.clear()
            for i, w in enumerate(snap.widths):
                self.layer.addItem(self._layer_text(i, w), i)
            self.layer.setCurrentIndex(min(max(keep, 0), n - 1))
            self.layer.blockSignals(False)
        self.unit.setMaximum(max(1, min(snap.tracked, min(snap.widths) if snap.widths else 1)))

    @staticmethod
    def _layer_text(i: int, width: int) -> str:
        return tr("{layer} ({units} units)").format(layer=i + 1, units=width)

    def retranslate(self) -> None:
        """Re-compose the texts made from pieces (the step count, the layer items) and the frame's titles."""
        self.follow.setText(tr("last {n} steps").format(n=FOLLOW_STEPS))
        if self.frame is not None:
            for i, w in enumerate(self.frame.snapshot.widths[:self.layer.count()]):
                self.layer.setItemText(i, self._layer_text(i, w))
        self._redraw()

    def selection(self) -> tuple[int, int]:
        """(layer index, unit index) the plots show, both 0-based."""
        return max(0, self.layer.currentIndex()), self.unit.value() - 1

    def _redraw(self) -> None:
        if self.frame is not None and self.isVisible():
            self.show_frame(self.frame)

    def show_frame(self, frame: Frame) -> None:
        snap: InferenceSnapshot = frame.snapshot
        self._sync_selectors(snap)
        self.controls.show_correction(snap.n_train, snap.correction)
        layer, unit = self.selection()
        if self.tabs.currentWidget() is self.noise:
            if snap.gaps is None and not snap.gaps_declined and self.isVisible():
                self.run_gap_experiment()
            self.noise.show_snapshot(snap, layer)
        else:
            self.estimates.show_snapshot(snap, layer, unit)
            self.accuracy.show_snapshot(snap)

    def status(self, frame: Frame) -> tuple[str, str]:
        snap: InferenceSnapshot = frame.snapshot
        acc = snap.accuracy
        text = ""
        if acc is not None:
            text = tr("test accuracy:") + " " + tr(", ").join(
                f"{tr(MODE_NAMES[m])} {a:.1%}" if math.isfinite(a) else f"{tr(MODE_NAMES[m])} -"
                for m, a in zip(MODES, acc.accuracy))
        diverged = diverged_text(snap.diverged_at, snap.divergence_reason) if snap.diverged else ""
        return text, diverged
