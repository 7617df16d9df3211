"""Batch-size noise: how much BN's batch statistics scatter, and the train/validation gap per batch size.

The notes: mini-batch statistics add a little noise to every layer's
activations, like dropout, so BN regularizes slightly; a larger mini-batch
(256 instead of 64) means less noise and less of that effect.  The gap plot
sets BN beside its noise-free control (the same net normalizing with the
whole training set's statistics), no BN, and no BN with dropout; the effect
plot subtracts each control, so what the noise itself does is what is drawn.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.testtime.model import (
    DROPOUT_KEEP,
    GAP_STEPS,
    BatchSizeGaps,
    BatchSpread,
    InferenceSnapshot,
)
from bnviz.ui import legend, theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.job_row import JobRow, job_words
from bnviz.ui.plots import make_plot

REFERENCE_COLOR = "#7f7f7f"
DROPOUT_COLOR = "#2ca02c"
#: the run labels the model reports (its ``GAP_RUNS``), as the legend and table show them
RUN_NAMES = {"BN": QT_TR_NOOP("BN"), "no BN": QT_TR_NOOP("no BN"),
             "BN, fixed stats": QT_TR_NOOP("control (fixed stats)"),
             "dropout": QT_TR_NOOP("dropout")}
#: each run's bar, left to right in a batch size's slot (and so in the legend): colour, hatched, offset
GAP_BARS = {"BN": (theme.BN_COLOR, False, -0.3), "BN, fixed stats": (theme.BN_COLOR, True, -0.1),
            "no BN": (theme.PLAIN_COLOR, False, 0.1), "dropout": (DROPOUT_COLOR, False, 0.3)}
BAR_WIDTH = 0.19
GAP = "&nbsp;" * 4     # before each number column of the gap table: a narrow header ("no BN") must not join two numbers
PRESS = QT_TR_NOOP("The short runs train by themselves when this tab first shows (a few seconds), "
                   "or press the button.")
#: a short run's progress as the model says it (``batch_size_gaps``)
PROGRESS = re.compile(r"(?P<run>.+), B=(?P<b>\d+)$")


def _run_name(label: str, keep: float = DROPOUT_KEEP) -> str:
    name = tr(RUN_NAMES.get(label, label))
    return tr("{name} {keep:g} (no BN)").format(name=name, keep=keep) if label == "dropout" else name


def progress_text(text: str) -> str:
    """The gap job's progress ("BN, B=64") in the interface's language."""
    m = PROGRESS.match(text)
    return f"{_run_name(m['run'])}, B={m['b']}" if m else job_words(text)


def _bar_brush(color: str, hatched: bool):
    if not hatched:
        return theme.brush(color, 200)
    return pg.mkBrush(QBrush(QColor(color), Qt.BrushStyle.BDiagPattern))


class BatchNoisePanel(QWidget):
    """Left: spread of batch mean/variance vs batch size. Middle: generalization gap per batch size and run.
    Right: what the noise does to the gap (BN minus its noise-free control, dropout minus no BN)."""

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
        self.job = JobRow("tt_noise_run", tr("Train short runs again: each batch size, four nets"),
                          tr("Same seed, same start, same number of steps and learning rate; "
                             "runs in the training process (a few seconds)."), progress_text)
        row.addWidget(self.job, 1)
        lay.addLayout(row)

        plots = QHBoxLayout()
        self.spread_plot = make_plot(tr("Noise of the batch statistics"), tr("mini-batch size B (examples)"),
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
        self.gap_plot = make_plot(tr("Generalization gap after the short runs"), tr("mini-batch size B (examples)"),
                                  tr("val loss \u2212 train loss (nats)"), legend=True)
        self.gap_plot.setMouseEnabled(x=False, y=True)
        self.gap_plot.setToolTip(tr("Validation minus training cross-entropy after each short run, in test-time "
                                    "mode: no dropout, and BN and its control both normalized with the whole "
                                    "training set's statistics, so they differ only in how they trained"))
        self.gap_bars = {}
        for label, (color, hatched, offset) in GAP_BARS.items():
            bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=_bar_brush(color, hatched),
                                   pen=pg.mkPen(color), name=_run_name(label))
            self.gap_plot.addItem(bars)      # named items join the legend by themselves
            self.gap_bars[label] = (bars, offset)
        self.effect_plot = make_plot(tr("What the noise does to the gap"), tr("mini-batch size B (examples)"),
                                     tr("change in the gap (nats)"), legend=True)
        self.effect_plot.setMouseEnabled(x=False, y=True)
        self.effect_plot.setToolTip(tr("Below 0: the noise narrows the gap (regularizes). BN's batch-statistics "
                                       "noise: BN's gap minus its noise-free control's. Dropout's: the dropout net's "
                                       "gap minus the plain no-BN net's."))
        self.effect_plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=theme.pen(REFERENCE_COLOR, 1.0)))
        self.effect_bars = {}
        for key, color, offset, name in (
                ("bn", theme.BN_COLOR, -0.15, tr("BN \u2212 control")),
                ("dropout", DROPOUT_COLOR, 0.15, tr("dropout \u2212 no BN"))):
            bars = pg.BarGraphItem(x=[], height=[], width=0.28, brush=theme.brush(color, 200), pen=pg.mkPen(color),
                                   name=name)
            self.effect_plot.addItem(bars)
            self.effect_bars[key] = (bars, offset)
        plots.addWidget(self.spread_plot, 1)
        plots.addWidget(self.gap_plot, 1)
        plots.addWidget(self.effect_plot, 1)
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
        """The table, the plots' titles and the dropout bars' name are composed from numbers: compose them again."""
        legend.rename(self.gap_plot, self.gap_bars["dropout"][0], _run_name("dropout"))
        if self._shown_gaps is not None:
            self._show_gaps(self._shown_gaps)
        if self._spread is not None:
            self._show_spread(*self._spread)

    # ------------------------------------------------------------------ state
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
            tr("Batch noise, layer {layer}, step {step}").format(layer=layer + 1, step=sp.step),
            size=f"{10 * theme.scale():.0f}pt")

    def _show_gaps(self, g: BatchSizeGaps | None) -> None:
        self._shown_gaps = g
        if g is None:
            for bars, _ in (*self.gap_bars.values(), *self.effect_bars.values()):
                bars.setOpts(x=[], height=[])
            self.table.setText(tr(PRESS))
            self.table.setToolTip("")
            return
        pos = np.arange(len(g.batch_sizes), dtype=float)
        for row, label in enumerate(g.labels):
            bars, offset = self.gap_bars[label]
            bars.setOpts(x=pos + offset, height=np.nan_to_num(g.loss_gap[row]))
        for key, values in (("bn", g.bn_minus_control), ("dropout", g.dropout_minus_no_bn)):
            bars, offset = self.effect_bars[key]
            bars.setOpts(x=pos + offset, height=np.nan_to_num(values))
        ticks = [[(i, str(int(v))) for i, v in enumerate(g.batch_sizes)]]
        size = f"{10 * theme.scale():.0f}pt"
        for plot in (self.gap_plot, self.effect_plot):
            plot.getAxis("bottom").setTicks(ticks)
            plot.setXRange(-0.6, len(pos) - 0.4, padding=0)
        self.gap_plot.getPlotItem().setTitle(
            tr("Gap after {steps}-step runs").format(steps=g.steps), size=size)
        self.effect_plot.getPlotItem().setTitle(tr("What the noise does to the gap"), size=size)
        self.table.setText(_gap_table(g))
        self.table.setToolTip(_accuracy_table(g))


def _gap_table(g: BatchSizeGaps) -> str:
    """One row per batch size, side by side: each net's gap and what the noise changes (the plots' numbers)."""
    row = {label: i for i, label in enumerate(g.labels)}
    columns = [(_run_name("BN"), theme.BN_COLOR, g.loss_gap[row["BN"]]),
               (_run_name("BN, fixed stats"), theme.BN_COLOR, g.loss_gap[row["BN, fixed stats"]]),
               (tr("BN \u2212 control"), theme.BN_COLOR, g.bn_minus_control),
               (_run_name("no BN"), theme.PLAIN_COLOR, g.loss_gap[row["no BN"]]),
               (_run_name("dropout", g.keep_prob), DROPOUT_COLOR, g.loss_gap[row["dropout"]]),
               (tr("dropout \u2212 no BN"), DROPOUT_COLOR, g.dropout_minus_no_bn)]
    title = tr("val \u2212 train loss (nats)")
    head = "".join(f"<th align='right' style='color:{c}'>{GAP}{name}</th>" for name, c, _ in columns)
    body = "".join(f"<tr><td><b>B={int(b)}</b></td>"
                   + "".join(f"<td align='right'>{GAP}{_nats(v[k])}</td>" for _, _, v in columns) + "</tr>"
                   for k, b in enumerate(g.batch_sizes))
    return f"<table cellspacing='0' cellpadding='0'><tr><th align='left'>{title}</th>{head}</tr>{body}</table>"


def _accuracy_table(g: BatchSizeGaps) -> str:
    cells = []
    for k, b in enumerate(g.batch_sizes):
        parts = [f"{_run_name(label, g.keep_prob)} {_pct(g.train_acc[row, k])} / {_pct(g.val_acc[row, k])}"
                 for row, label in enumerate(g.labels)]
        cells.append(f"<b>B={int(b)}</b>: " + tr(", ").join(parts))
    return tr("Accuracy train / validation:") + "<br>" + "<br>".join(cells)


def _nats(v: float) -> str:
    return f"{v:+.3f}" if math.isfinite(v) else tr("diverged")


def _pct(v: float) -> str:
    return f"{v:.1%}" if math.isfinite(v) else tr("diverged")
