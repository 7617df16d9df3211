"""The Covariate Shift Lab: "trained on black cats, tested on cats of every colour".

Left: per-layer distributions of the BN and no-BN twins on training inputs
and on shifted inputs, with the engine's distance per layer and each twin's
test accuracy before and after the shift. Right, as tabs: the inputs
themselves with accuracy vs shift magnitude; internal covariate shift
measured over training; noisy BN; re-tuning the learning rate after drift.

The engine object is a ``CovariateExperiment`` in the lab's worker process.
The two sweeps run there too (``bridge.run_job``), reporting progress back,
so the GUI never blocks; Stop cancels a sweep at its next check.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.engine.data import DataConfig
from bnviz.labs.covariate.controls import COUNTERPART, ShiftControls
from bnviz.labs.covariate.model import TABS, CovariateConfig, CovariateExperiment, allowed_shifts
from bnviz.labs.covariate.panels.inputs import SHIFT_COLOR, ShiftInputsPanel
from bnviz.labs.covariate.panels.layers import DISTANCE_DOC, LayerShiftGrid
from bnviz.labs.covariate.panels.tabs import (
    DriftPanel,
    NoisyBNPanel,
    RetunePanel,
    ShiftSweepPanel,
)
from bnviz.labs.page import LabPage
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.job_row import JobRow
from bnviz.ui.reflow import SideBySide
from bnviz.ui.words import reason_text, run_name




class CovariatePage(LabPage):
    supports_own_data = True
    EDIT_TIP = QT_TR_NOOP("Draw your own training points on the plot: click adds a point, drag paints, right-click "
                          "removes; both twins go on training on them, and the shift moves your points")
    job_progress = Signal(str, int, int, str)    # job, done, total, text
    job_finished = Signal(str, bool)             # job, completed (False: cancelled or failed)

    def __init__(self, cfg: CovariateConfig | None = None, parent: QWidget | None = None) -> None:
        self.running_job: str | None = None
        super().__init__(cfg, parent)

        self.inputs = ShiftInputsPanel()
        self.inputs.add_editor(self.make_editor(self.inputs.scatter,
                                                (self.inputs.train_points, self.inputs.shift_points)))
        self.layers = LayerShiftGrid()
        self.sweep = ShiftSweepPanel()
        self.drift = DriftPanel()
        self.noisy = NoisyBNPanel()
        self.retune = RetunePanel()
        # right: the inputs and accuracy next to the other experiments, as tabs
        first = QSplitter(Qt.Orientation.Vertical)
        first.setObjectName("shift_first")
        first.addWidget(self.inputs)
        first.addWidget(self.sweep)
        self.first = first
        self._sweep_sizes: list[int] | None = None
        self.editor.editing.connect(self._room_to_draw)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("shift_tabs")
        self.tabs.addTab(first, tr("Inputs && accuracy"))
        self.tabs.addTab(self.drift, tr("Internal cov. shift"))
        self.tabs.addTab(self.noisy, tr("Noisy BN"))
        self.tabs.addTab(self.retune, tr("Re-tune \u03b1"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.jobs: dict[str, JobRow] = {"shift": self.sweep.job, "lr": self.retune.job}
        for name, row in self.jobs.items():
            row.start.connect(lambda name=name: self.start_job(name))
            row.cancel.connect(self.cancel_job)
        self.bridge.job_progress.connect(self.job_progress)
        self.bridge.job_finished.connect(self.job_finished)
        self.job_progress.connect(self._on_progress)
        self.job_finished.connect(self._on_finished)

        # left: what the shift does inside the network
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(2)
        self.legend = QLabel(self._legend_text())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setToolTip(tr(DISTANCE_DOC))
        self.legend.setObjectName("shift_legend")
        self.legend.setStyleSheet("color: #444")
        ll.addWidget(self.legend)
        ll.addWidget(self.layers, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("shift_split")
        split.addWidget(left)
        split.addWidget(self.tabs)
        for i, least in enumerate((300, 300)):
            split.setStretchFactor(i, 1)
            split.widget(i).setMinimumWidth(least)
        self.split = split
        self._sized = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        # too narrow for the layers beside three drift plots (a 1280 projector): tabs
        self.reflow = SideBySide(split, [(QT_TR_NOOP("Layers"), 2 * 240 + 40),
                                         (QT_TR_NOOP("Inputs, drift, ..."), 3 * 240 + 20)])
        lay.addWidget(self.reflow)
        self.config_shown(self._cfg)

    @staticmethod
    def _legend_text() -> str:
        return tr("Each layer's activation input on training inputs (filled {bn}{plain}) and on shifted inputs "
                  "(<span style='color:{shift}'><b>outline</b></span>). <b>W\u2081</b>: their distance, "
                  "<i>shifts.layer_distance</i> (mean per-unit earth mover's distance, activation units; "
                  "\u03c3: \u00f7 the units' spread). Hover for more.").format(
            bn=f"<span style='color:{theme.BN_COLOR}'>&#9632;</span>",
            plain=f"<span style='color:{theme.PLAIN_COLOR}'>&#9632;</span>", shift=SHIFT_COLOR)

    def retranslate(self) -> None:
        """The legend is composed (colours); a running sweep's progress text is the engine's; then the frame."""
        self.legend.setText(self._legend_text())
        super().retranslate()

    # ---------------------------------------------------------------- config
    def make_controls(self, cfg: CovariateConfig) -> ShiftControls:
        return ShiftControls(cfg)

    def config_shown(self, cfg: CovariateConfig) -> None:
        self.sync_tab(self.tabs, TABS.index(cfg.tab))
        self.show_own_data()

    # ------------------------------------------------------- students' own data
    def _room_to_draw(self, on: bool) -> None:
        """While editing, the inputs take most of their column (the sweep below waits); then as before."""
        if on:
            self._sweep_sizes = self.first.sizes()
            total = sum(self._sweep_sizes)
            self.first.setSizes([total * 4 // 5, total - total * 4 // 5])
        elif self._sweep_sizes is not None:
            self.first.setSizes(self._sweep_sizes)
            self._sweep_sizes = None

    def config_with_data(self, data: DataConfig) -> CovariateConfig:
        """The twins on ``data``; a shift the data cannot take becomes its counterpart (brightness <-> translate).

        Hand-made points take a 2-D shift, a student's own digits an image shift.
        """
        cfg, shift = self._cfg, self._cfg.shift
        allowed = allowed_shifts(data)
        if shift.kind not in allowed:
            other = COUNTERPART.get(shift.kind)
            shift = replace(shift, kind=other if other in allowed else allowed[0])
        return replace(cfg, train=replace(cfg.train, data=data), shift=shift)

    def _tab_changed(self, index: int) -> None:
        self.apply_config(replace(self._cfg, tab=TABS[index]))
        if self.frame is not None:
            self.show_frame(self.frame)

    def refit(self) -> None:
        self.bridge.invoke(CovariateExperiment.refit_bins)

    # ------------------------------------------------------------------ jobs
    def start_job(self, name: str) -> None:
        """Run a sweep ("shift" or "lr") in the training process, between two steps."""
        if self.running_job is not None:
            return
        self.ensure_started()
        self.running_job = name
        for row in self.jobs.values():
            row.button.setEnabled(False)
        self.jobs[name].set_running(True)
        self.jobs[name].set_progress(0, 1, QT_TR_NOOP("queued"))
        self.bridge.run_job(name, CovariateExperiment.sweep_shift if name == "shift"
                            else CovariateExperiment.sweep_learning_rate)

    def cancel_job(self) -> None:
        self.bridge.cancel_job()

    def _on_progress(self, name: str, done: int, total: int, text: str) -> None:
        self.jobs[name].set_progress(done, total, text)

    def _on_finished(self, name: str, completed: bool) -> None:
        row = self.jobs[name]
        row.set_running(False)
        if not completed:
            row.set_progress(0, 1, QT_TR_NOOP("cancelled"))
        self.running_job = None
        for r in self.jobs.values():
            r.button.setEnabled(True)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        snap = frame.snapshot
        self.layers.show_snapshot(snap)
        if self.tabs.currentIndex() == 0:
            self.inputs.show_snapshot(snap)
            self.sweep.show_snapshot(snap)
        else:
            self.tabs.currentWidget().show_snapshot(snap)

    def status(self, frame: Frame) -> tuple[str, str]:
        snap = frame.snapshot
        parts, diverged = [], []
        text = (tr("{run}: test acc {before} \u2192 {after} all") if snap.config.shift.kind == "subpopulation"
                else tr("{run}: test acc {before} \u2192 {after} shifted"))
        for r in snap.runs:
            parts.append(text.format(run=run_name(r.label), before=_pct(r.acc_reference), after=_pct(r.acc_shifted)))
            if r.run.diverged:
                diverged.append(tr("{run} diverged at step {step} ({reason})").format(
                    run=run_name(r.label), step=r.run.diverged_at, reason=reason_text(r.run.divergence_reason)))
        return "   |   ".join(parts), tr("; ").join(diverged)

    def showEvent(self, event) -> None:  # Qt override: split the width evenly once it is known
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self, self._split_evenly)

    def _split_evenly(self) -> None:
        w = sum(self.split.sizes())
        if w > 0:
            self.split.setSizes([w // 2, w - w // 2])


def _pct(v: float) -> str:
    return f"{v:.0%}" if math.isfinite(v) else "\u2013"
