"""One example through the softmax layer: A = softmax(z), the one-hot Y, L = -log a_y, dZ = A - Y.

Every number comes from the engine's ``ChosenExample``; this panel draws bars.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bnviz.labs.softmax.model import ChosenExample
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.legend import rename
from bnviz.ui.plots import make_plot, run_curve


FLAT_COLOR = "#7a7a7a"      # the no-hidden-layer twin's curves
#: the model's name of that twin (softmax.model.FLAT_LABEL), as its legend entries say it
FLAT_NAMES = {"0 hidden": QT_TR_NOOP("0 hidden")}


def class_color(k: int) -> str:
    return theme.CLASS_COLORS[k % len(theme.CLASS_COLORS)]


class ExamplePanel(QWidget):
    """Probabilities with the label's one-hot outline, and the gradient dZ = A - Y."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softmax_example")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.info = QLabel(tr("Hover over a training point (click to pin it)."))
        self.info.setObjectName("sm_info")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.vectors = QLabel()
        self.vectors.setObjectName("sm_vectors")
        self.vectors.setTextFormat(Qt.TextFormat.RichText)
        self.vectors.setWordWrap(True)
        self.vectors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.vectors)
        row = QHBoxLayout()
        self.probs_plot = make_plot("A = softmax(z)", tr("class j"), tr("probability a\u2c7c"))
        self.probs_plot.setYRange(0, 1.08, padding=0)
        self.dz_plot = make_plot("dZ = A \u2212 Y", tr("class j"), tr("dL/dz\u2c7c (backprop starts here)"))
        self.dz_plot.setYRange(-1.05, 1.05, padding=0)
        for p in (self.probs_plot, self.dz_plot):
            p.setMouseEnabled(x=False, y=False)
            p.getPlotItem().hideButtons()
        self.prob_bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.y_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=None,
                                      pen=pg.mkPen("#202020", width=1.6 * theme.scale(), style=Qt.PenStyle.DashLine))
        self.dz_bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.probs_plot.addItem(self.prob_bars)
        self.probs_plot.addItem(self.y_bars)
        self.dz_plot.addItem(self.dz_bars)
        self.dz_plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#606060")))
        row.addWidget(self.probs_plot, 1)
        row.addWidget(self.dz_plot, 1)
        lay.addLayout(row, 1)
        self._n = -1
        self.shown: ChosenExample | None = None

    def _set_classes(self, n: int) -> None:
        if n == self._n:
            return
        self._n = n
        ticks = [[(k, str(k)) for k in range(n)]]
        for p in (self.probs_plot, self.dz_plot):
            p.getAxis("bottom").setTicks(ticks)
            p.setXRange(-0.6, n - 0.4, padding=0)
        brushes = [theme.brush(class_color(k), 210) for k in range(n)]
        self.prob_bars.setOpts(brushes=brushes, pens=[pg.mkPen(class_color(k)) for k in range(n)])
        self.dz_bars.setOpts(brushes=brushes, pens=[pg.mkPen(class_color(k)) for k in range(n)])

    def show_example(self, c: ChosenExample | None, n_classes: int) -> None:
        self._set_classes(n_classes)
        self.shown = c
        if c is None:
            for b in (self.prob_bars, self.y_bars, self.dz_bars):
                b.setOpts(x=[], height=[])
            self.info.setText(tr("Hover over a training point (click to pin it)."))
            self.vectors.setText("")
            return
        x = np.arange(len(c.probs), dtype=float)
        self.prob_bars.setOpts(x=x, height=c.probs)
        self.y_bars.setOpts(x=x, height=c.one_hot)
        self.dz_bars.setOpts(x=x, height=c.dz)
        col, pcol = class_color(c.label), class_color(c.predicted)
        self.info.setText(tr(
            "Training example #{index}: label <b style='color:{col}'>y = {label}</b>, "
            "predicted <b style='color:{pcol}'>{predicted}</b> &#160; "
            "a<sub>y</sub> = {p:.3f}, &#160;<b>L = \u2212log a<sub>y</sub> = {loss:.4f}</b>"
            " &#160;(\u03a3 a = {total:.3f}; dashed outline: one-hot Y)").format(
            index=c.index, col=col, label=c.label, pcol=pcol, predicted=c.predicted, p=c.probs[c.label],
            loss=c.loss + 0.0, total=c.probs.sum()))
        self.vectors.setText(vector_lines(c))


def _vector(values: np.ndarray, fmt: str) -> str:
    return "[" + ", ".join(format(v + 0.0, fmt) for v in values.astype(float)) + "]"     # + 0.0: -0.0 prints as 0.0


def vector_lines(c: ChosenExample) -> str:
    """The example's A, one-hot Y and dZ = A - Y printed as vectors, one line each, in the snapshot's numbers."""
    rows = (("A", _vector(c.probs, ".3f")), ("Y", _vector(c.one_hot, ".0f")),
            ("dZ = A \u2212 Y", _vector(c.dz, "+.3f")))
    cells = "".join(f"<tr><td>{name}&#160;=&#160;</td><td><code>{vec}</code></td></tr>" for name, vec in rows)
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>"


class SoftmaxCurvesPanel(QWidget):
    """Loss and accuracy of the run, side by side (train dashed, validation solid)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softmax_curves")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.loss = make_plot(tr("Cost J: mean cross-entropy"), tr("step"), tr("loss"), legend=True)
        self.acc = make_plot(tr("Accuracy"), tr("step"), tr("accuracy"), legend=True)
        self.acc.setYRange(0, 1.02, padding=0)
        self.acc.setXLink(self.loss)
        lay.addWidget(self.loss, 1)
        lay.addWidget(self.acc, 1)
        self.curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.flat_curves: tuple[pg.PlotDataItem, pg.PlotDataItem] | None = None   # loss, accuracy of the twin
        self._flat_label = ""

    def _flat_name(self) -> str:
        name = self._flat_label
        return tr("{run} val.").format(run=tr(FLAT_NAMES[name]) if name in FLAT_NAMES else name)

    def retranslate(self) -> None:
        """The twin's legend entries are composed from its name."""
        for plot, curve in zip((self.loss, self.acc), self.flat_curves or ()):
            rename(plot, curve, self._flat_name())

    def _curve(self, plot, label: str, col: str) -> pg.PlotDataItem:
        key = (label, col)
        if key not in self.curves:
            dashed = col.startswith("train")
            # the colour names the run (no BN orange, BN blue): short legends leave room for the curves
            self.curves[key] = run_curve(plot, label, tr("train") if dashed else tr("validation"), dashed=dashed)
        return self.curves[key]

    def show_run(self, run, flat=None) -> None:
        """Draw ``run``'s curves and, with the no-hidden-layer twin ``flat``, its validation curves (grey)."""
        for (label, _), c in self.curves.items():
            c.setVisible(label == run.label)
        h = run.history
        for plot, cols in ((self.loss, ("train_loss", "val_loss")), (self.acc, ("train_acc", "val_acc"))):
            for col in cols:
                self._curve(plot, run.label, col).setData(h["step"], h[col])
        if flat is not None and self.flat_curves is None:
            self._flat_label = flat.label
            self.flat_curves = tuple(p.plot([], [], pen=theme.pen(FLAT_COLOR, 2.0), name=self._flat_name())
                                     for p in (self.loss, self.acc))
        if self.flat_curves is not None:
            for c, col in zip(self.flat_curves, ("val_loss", "val_acc")):
                c.setVisible(flat is not None)
                if flat is not None:
                    c.setData(flat.history["step"], flat.history[col])
