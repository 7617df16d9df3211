"""Batch-size noise: how much BN's batch statistics scatter, and the train/validation gap per batch size.

The notes: mini-batch statistics add a little noise to every layer's
activations, like dropout, so BN regularizes slightly; a larger mini-batch
(256 instead of 64) means less noise and less of that effect.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.testtime.model import (
    GAP_STEPS,
    BatchSizeGaps,
    BatchSpread,
    InferenceSnapshot,
)
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot

REFERENCE_COLOR = "#7f7f7f"
#: the run labels the model reports, as the legend and table show them
RUN_NAMES = {"BN": QT_TR_NOOP("BN"), "no BN": QT_TR_NOOP("no BN")}
PRESS = QT_TR_NOOP("Press the button to train one short run per batch size, with and without BN.")


class BatchNoisePanel(QWidget):
    """Left: spread of batch mean/variance vs batch size. Right: generalization gap per batch size."""

    run_requested = Signal(int)        # steps per short run

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("testtime_noise")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Steps per short run")))
        self.steps = QSpinBox()
        self.steps.setObjectName("tt_noise_steps")
        self.steps.setRange(50, 5000)
        self.steps.setSingleStep(100)
        self.steps.setValue(GAP_STEPS)
        self.steps.setKeyboardTracking(False)
        row.addWidget(self.steps)
        self.run_button = QPushButton(tr("Train short runs: each batch size, BN and no BN"))
        self.run_button.setObjectName("tt_noise_run")
        self.run_button.setToolTip(tr("Same seed, same start, same number of steps and learning rate; "
                                      "runs in the training process (a few seconds)."))
        self.run_button.clicked.connect(lambda: self.run_requested.emit(self.steps.value()))
        row.addWidget(self.run_button)
        self.status = QLabel()
        self.status.setObjectName("tt_noise_status")
        row.addWidget(self.status, 1)
        lay.addLayout(row)

        plots = QHBoxLayout()
        self.spread_plot = make_plot(tr("Noise of the batch statistics"), tr("mini-batch size B"),
                                     tr("std over batches (relative)"), legend=True)
        self.spread_plot.setLogMode(x=True, y=True)
        self.spread_plot.setToolTip(tr("Standard deviation, over many mini-batches of each size, of a unit's batch "
                                       "mean (in population standard deviations) and batch variance (relative to "
                                       "the population variance), averaged over the layer's units"))
        self.mean_line = self.spread_plot.plot([], [], pen=theme.pen(theme.BN_COLOR, 2.2), symbol="o",
                                               symbolSize=7 * theme.scale(), symbolBrush=theme.BN_COLOR,
                                               name=tr("mean \u03bc_B / \u03c3"))
        self.var_line = self.spread_plot.plot([], [], pen=theme.pen(theme.BN_COLOR, 2.0, Qt.PenStyle.DashLine),
                                              symbol="s", symbolSize=7 * theme.scale(), symbolBrush="w",
                                              symbolPen=theme.pen(theme.BN_COLOR, 1.5),
                                              name=tr("variance \u03c3\u00b2_B / \u03c3\u00b2"))
        self.ref_line = self.spread_plot.plot([], [], pen=theme.pen(REFERENCE_COLOR, 1.5, Qt.PenStyle.DotLine),
                                              name=tr("theory for the mean"))
        self.gap_plot = make_plot(tr("Generalization gap after the short runs"), tr("mini-batch size B"),
                                  tr("val loss \u2212 train loss"), legend=True)
        self.gap_plot.setMouseEnabled(x=False, y=True)
        self.gap_bars = {}
        for label, offset in (("BN", -0.2), ("no BN", 0.2)):
            color = theme.run_color(label)
            bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=theme.brush(color, 200), pen=pg.mkPen(color),
                                   name=tr(RUN_NAMES[label]))
            self.gap_plot.addItem(bars)      # named items join the legend by themselves
            self.gap_bars[label] = (bars, offset)
        plots.addWidget(self.spread_plot, 1)
        plots.addWidget(self.gap_plot, 1)
        lay.addLayout(plots, 1)
        self.table = QLabel(tr(PRESS))
        self.table.setObjectName("tt_noise_table")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        lay.addWidget(self.table)
        self._shown_gaps: BatchSizeGaps | None = None
        self._sizes: tuple | None = None
        self._spread: tuple | None = None

    def retranslate(self) -> None:
        """The table and the plots' titles are composed from numbers: compose them again."""
        if self._shown_gaps is not None:
            self._show_gaps(self._shown_gaps)
        if self._spread is not None:
            self._show_spread(*self._spread)

    # ------------------------------------------------------------------ state
    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.status.setText(tr("training the short runs\u2026") if running else "")

    def show_snapshot(self, snap: InferenceSnapshot, layer: int) -> None:
        self._show_spread(snap.spread, layer)
        if snap.gaps is not self._shown_gaps:
            self._show_gaps(snap.gaps)

    def _show_spread(self, sp: BatchSpread | None, layer: int) -> None:
        self._spread = (sp, layer)
        if sp is None or not 0 <= layer < sp.mean_spread.shape[0]:
            for line in (self.mean_line, self.var_line, self.ref_line):
                line.setData([], [])
            return
        b = sp.batch_sizes.astype(float)
        self.mean_line.setData(b, sp.mean_spread[layer])
        self.var_line.setData(b, sp.var_spread[layer])
        self.ref_line.setData(b, sp.mean_reference)
        sizes = tuple(int(v) for v in sp.batch_sizes)
        if sizes != self._sizes:
            self._sizes = sizes
            self.spread_plot.getAxis("bottom").setTicks([[(math.log10(v), str(v)) for v in sizes]])
        self.spread_plot.getPlotItem().setTitle(
            tr("Batch-statistics noise, layer {layer} (step {step})").format(layer=layer + 1, step=sp.step),
            size=f"{10 * theme.scale():.0f}pt")

    def _show_gaps(self, g: BatchSizeGaps | None) -> None:
        self._shown_gaps = g
        if g is None:
            for bars, _ in self.gap_bars.values():
                bars.setOpts(x=[], height=[])
            self.table.setText(tr(PRESS))
            return
        pos = np.arange(len(g.batch_sizes), dtype=float)
        for row, label in enumerate(g.labels):
            bars, offset = self.gap_bars[label]
            bars.setOpts(x=pos + offset, height=np.nan_to_num(g.loss_gap[row]))
        self.gap_plot.getAxis("bottom").setTicks([[(i, str(int(v))) for i, v in enumerate(g.batch_sizes)]])
        self.gap_plot.setXRange(-0.6, len(pos) - 0.4, padding=0)
        self.gap_plot.getPlotItem().setTitle(tr("Generalization gap after {steps} steps from the same start").format(steps=g.steps),
                                             size=f"{10 * theme.scale():.0f}pt")
        cells = []
        for k, b in enumerate(g.batch_sizes):
            parts = []
            for row, label in enumerate(g.labels):
                color = theme.run_color(label)
                parts.append(f"<span style='color:{color}'><b>{tr(RUN_NAMES.get(label, label))}</b> {_pct(g.train_acc[row, k])} / "
                             f"{_pct(g.val_acc[row, k])}</span>")
            cells.append(f"<b>B={int(b)}</b>: " + ", ".join(parts))
        self.table.setText(tr("Accuracy train / validation:") + " &nbsp;" + " &nbsp;|&nbsp; ".join(cells))


def _pct(v: float) -> str:
    return f"{v:.1%}" if math.isfinite(v) else tr("diverged")
