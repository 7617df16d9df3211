"""Test accuracy with four ways to normalize at inference: now (bars) and over training (curves)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from bnviz.labs.testtime.model import MODES, InferenceSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot

MODE_COLORS = {
    "running": theme.BN_COLOR,      # the notes' default inference: BN blue
    "population": "#2ca02c",
    "batch": "#9467bd",
    "single": "#d62728",            # the failure case
}
LEGEND_NAMES = {
    "running": QT_TR_NOOP("running estimates"),
    "population": QT_TR_NOOP("training set"),
    "batch": QT_TR_NOOP("test batch"),
    "single": QT_TR_NOOP("batch of 1"),
}
TICK_NAMES = {
    "running": QT_TR_NOOP("running\nestimates"),
    "population": QT_TR_NOOP("training\nset"),
    "batch": QT_TR_NOOP("test\nbatch"),
    "single": QT_TR_NOOP("single\nexample"),
}


class InferenceAccuracyPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("testtime_accuracy")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.bars_plot = make_plot(tr("Test accuracy now, by inference statistics"), None, tr("test accuracy"))
        self.bars_plot.setYRange(0, 1.12, padding=0)
        self.bars_plot.setXRange(-0.6, len(MODES) - 0.4, padding=0)
        self.bars_plot.setMouseEnabled(x=False, y=False)
        self.bars_plot.getPlotItem().hideButtons()
        axis = self.bars_plot.getAxis("bottom")
        self._ticks()
        axis.setHeight(int(38 * theme.scale()))
        self.bars = pg.BarGraphItem(x=list(range(len(MODES))), height=[0] * len(MODES), width=0.6,
                                    brushes=[theme.brush(MODE_COLORS[m], 200) for m in MODES],
                                    pens=[pg.mkPen(MODE_COLORS[m]) for m in MODES])
        self.bars_plot.addItem(self.bars)
        self.values = []
        self.same_note = pg.TextItem("", color=MODE_COLORS["single"], anchor=(0.5, 0.0))
        self.bars_plot.addItem(self.same_note)
        for i in range(len(MODES)):
            t = pg.TextItem("", color=theme.current().foreground, anchor=(0.5, 1.0))
            t.setPos(i, 0)
            self.bars_plot.addItem(t)
            self.values.append(t)
        self.history = make_plot(tr("Test accuracy over training"), tr("step"), tr("test accuracy"), legend=True)
        self.history.setYRange(0, 1.02, padding=0)
        self.curves = {m: self.history.plot([], [], pen=theme.pen(MODE_COLORS[m], 2.0), name=tr(LEGEND_NAMES[m]))
                       for m in MODES}
        lay.addWidget(self.bars_plot, 1)
        lay.addWidget(self.history, 1)
        self.heights = [0.0] * len(MODES)
        self._snap: InferenceSnapshot | None = None

    def _ticks(self) -> None:
        self.bars_plot.getAxis("bottom").setTicks([[(i, tr(TICK_NAMES[m])) for i, m in enumerate(MODES)]])

    def retranslate(self) -> None:
        """Tick names are not a text the language switch finds by itself; the title and notes are composed."""
        self._ticks()
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def show_snapshot(self, snap: InferenceSnapshot) -> None:
        self._snap = snap
        m = snap.measures
        for mode, curve in self.curves.items():
            curve.setData(m["step"], m[f"acc_{mode}"])
        acc = snap.accuracy
        if acc is None:
            return
        self.heights = [float(a) for a in acc.accuracy]
        self.bars.setOpts(height=self.heights)
        for i, (t, a) in enumerate(zip(self.values, self.heights)):
            t.setText(f"{a:.1%}")
            t.setPos(i, a + 0.01)
        j = MODES.index("single")
        if acc.single_distinct == 1:
            # with a batch of one every BN output is beta: one answer for every input
            self.same_note.setText(tr("same answer\nfor all {n}").format(n=acc.n_test))
        else:
            self.same_note.setText(tr("{n} distinct\nanswers").format(n=acc.single_distinct))
        self.same_note.setPos(j, 1.1)
        self.bars_plot.getPlotItem().setTitle(tr("Test accuracy now ({n} test examples)").format(n=acc.n_test),
                                              size=f"{10 * theme.scale():.0f}pt")
