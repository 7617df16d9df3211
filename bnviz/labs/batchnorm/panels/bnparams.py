"""What BN learns and estimates: per-unit gamma and beta, batch vs running statistics, b's gradient.

Only the BN run has these; the panel says so when BN is off.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bnviz.engine.snapshot import RunSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import fill_layers, make_plot, run_curve, steady_range, steady_y
from bnviz.ui.reflow import PlotStack
from bnviz.ui.words import run_name


def _pair(left: QWidget, right: QWidget) -> QWidget:
    """Two plots side by side, as one pane of the stack."""
    pane = QWidget()
    row = QHBoxLayout(pane)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(left)
    row.addWidget(right)
    return pane


class BNParamsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bnparams_panel")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.layer = QComboBox()
        self.layer.setObjectName("bnparams_layer")
        form.addRow(tr("Layer"), self.layer)
        lay.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.gb = make_plot(tr("\u03b3 and \u03b2 per unit (now)"), tr("unit"), tr("value"), legend=True)
        # short titles: the legends say which marks are the last batch and the running estimate
        self.gb_time = make_plot(tr("\u03b3 solid, \u03b2 dashed: first units"), tr("step"), tr("value"))
        self.stats = make_plot(tr("mean: batch vs running"), tr("unit"), tr("mean"), legend=True)
        self.var = make_plot(tr("variance: batch vs running"), tr("unit"), tr("variance"), legend=True)
        self.bias = make_plot(tr("||dL/db|| of the Dense bias (kept bias: stays 0 with BN)"), tr("step"),
                              tr("gradient norm"), legend=True)
        # three rows while each gets 150 px; on a short pane (1280x720 beside the histograms) the first
        # row over the others as tabs, so no plot is left a sliver under its title and legend
        self.stack = PlotStack([(_pair(self.gb, self.gb_time), QT_TR_NOOP("\u03b3 and \u03b2")),
                                (_pair(self.stats, self.var), QT_TR_NOOP("batch vs running")),
                                (self.bias, QT_TR_NOOP("bias gradient"))], least=(420, 150))
        self.stack.setObjectName("bnparams_stack")
        lay.addWidget(self.stack, 1)
        self.gamma_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush=theme.BN_COLOR, name="\u03b3")
        self.beta_bars = pg.BarGraphItem(x=[], height=[], width=0.4, brush="#7fb3f0", name="\u03b2")
        self.gb.addItem(self.gamma_bars)      # named items join the legend by themselves
        self.gb.addItem(self.beta_bars)
        self.batch_mean = self.stats.plot([], [], pen=None, symbol="o", symbolSize=6 * theme.scale(),
                                          symbolBrush=theme.brush(theme.BN_COLOR, 120), name=tr("last batch"))
        self.run_mean = self.stats.plot([], [], pen=theme.pen(theme.BN_COLOR, 2), name=tr("running"))
        self.batch_var = self.var.plot([], [], pen=None, symbol="o", symbolSize=6 * theme.scale(),
                                       symbolBrush=theme.brush(theme.BN_COLOR, 120), name=tr("last batch"))
        self.run_var = self.var.plot([], [], pen=theme.pen(theme.BN_COLOR, 2), name=tr("running"))
        self._time_lines: list = []
        self._bias_lines: dict[str, object] = {}
        self._last: tuple[RunSnapshot, ...] = ()
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())

    def retranslate(self) -> None:
        """The layer items are numbered and the note depends on the runs: made again in the new language."""
        for i in range(self.layer.count()):
            self.layer.setItemText(i, tr("Layer {n}").format(n=i + 1))     # as fill_layers names them
        self._redraw()

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        fill_layers(self.layer, len(runs[0].layers))
        self._last = runs
        self._redraw()

    def _redraw(self) -> None:
        runs = self._last
        if not runs:
            return
        li = max(0, self.layer.currentIndex())
        bn = next((r for r in runs if r.layers[li].gamma is not None), None)
        for r in runs:
            if r.label not in self._bias_lines:
                self._bias_lines[r.label] = run_curve(self.bias, r.label, run_name(r.label), steps=True)
            g = r.history["bias_grad"][:, li]
            ok = np.isfinite(g)     # no bias (BN default): nothing to draw for that run
            self._bias_lines[r.label].setData(r.history["step"][ok], g[ok])
        steady_range(self.bias, runs[0].history["step"], [r.history["bias_grad"][:, li] for r in runs])
        if bn is None:
            self.note.setText(tr("Batch norm is off: no \u03b3, \u03b2 or running statistics to show."))
            for item in (self.batch_mean, self.run_mean, self.batch_var, self.run_var):
                item.setData([], [])
            self.gamma_bars.setOpts(x=[], height=[])
            self.beta_bars.setOpts(x=[], height=[])
            return
        self.note.setText(tr("With BN the Dense bias b is dropped by default (\u03b2 takes its role); "
                             "tick \u201c{keep}\u201d to see its gradient stay at zero.").format(
            keep=tr("Keep Dense bias b")))
        ls = bn.layers[li]
        units = np.arange(ls.width)
        self.gamma_bars.setOpts(x=units - 0.2, height=ls.gamma, width=0.4)
        self.beta_bars.setOpts(x=units + 0.2, height=ls.beta, width=0.4)
        self.batch_mean.setData(units, ls.batch_mean)
        self.run_mean.setData(units, ls.running_mean)
        self.batch_var.setData(units, ls.batch_var)
        self.run_var.setData(units, ls.running_var)
        # the units' axis is fixed (auto-range); the values' axes move in jumps (``steady_y``)
        steady_y(self.gb, [ls.gamma, ls.beta, np.zeros(1)])
        steady_y(self.stats, [ls.batch_mean, ls.running_mean])
        steady_y(self.var, [ls.batch_var, ls.running_var, np.zeros(1)])
        g = bn.history["gamma"][:, li, :]
        b = bn.history["beta"][:, li, :]
        k = int(np.sum(np.isfinite(g[-1]))) if len(g) else 0
        k = min(k, 8)
        while len(self._time_lines) < 2 * k:
            j = len(self._time_lines)
            color = pg.intColor(j // 2, hues=8)
            style = pg.QtCore.Qt.PenStyle.DashLine if j % 2 else None
            self._time_lines.append(self.gb_time.plot([], [], pen=theme.pen(color.name(), 1.5, style)))
        for j, line in enumerate(self._time_lines):
            u = j // 2
            if u < k:
                line.setData(bn.history["step"], (b if j % 2 else g)[:, u])
            else:
                line.setData([], [])
        steady_range(self.gb_time, bn.history["step"], [g[:, :k].ravel(), b[:, :k].ravel()])
