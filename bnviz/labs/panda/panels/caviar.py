"""Caviar: every model's learning curve overlaid, coloured by a hyperparameter, the best highlighted.

Left: one curve per model (live models coloured by the chosen
hyperparameter on a log scale, models stopped by successive halving grey,
diverged ones grey and dotted), the current best drawn thick in red on top.
Right: each model's latest score against the same hyperparameter, the
picture a search over the learning rate leaves behind.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bnviz.engine.population import CaviarSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot

BEST_COLOR = "#d62728"
STOPPED_COLOR = "#c4c4c4"
COLORMAP_SPAN = 0.85          # viridis without its pale yellow end, which vanishes on white
METRICS = (("val_loss", QT_TR_NOOP("validation loss"), QT_TR_NOOP("cross-entropy loss")),
           ("val_acc", QT_TR_NOOP("validation accuracy"), QT_TR_NOOP("accuracy")),
           ("batch_loss", QT_TR_NOOP("training loss (mini-batches)"), QT_TR_NOOP("cross-entropy loss")))
HYPERS = (("lr", QT_TR_NOOP("learning rate \u03b1")), ("beta", QT_TR_NOOP("momentum \u03b2")))


def hyper_axis(s: CaviarSnapshot, which: str) -> tuple[np.ndarray, str, np.ndarray, str]:
    """(colour coordinate, its label, scatter x value, scatter x label) for a hyperparameter.

    The learning rate is coloured by log10(alpha); the momentum by
    log10(1 - beta), the scale on which it matters (the notes' 1/(1-beta)).
    """
    if which == "beta":
        x = 1.0 - s.betas
        return np.log10(x), "log\u2081\u2080(1\u2212\u03b2)", x, tr("1 \u2212 \u03b2 (log scale)")
    return np.log10(s.learning_rates), "log\u2081\u2080 \u03b1", s.learning_rates, tr("learning rate \u03b1 (log scale)")


class CaviarPanel(QWidget):
    """Draws a ``CaviarSnapshot``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caviar_panel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Show")))
        self.metric_box = QComboBox()
        self.metric_box.setObjectName("caviar_metric")
        for key, text, _ in METRICS:
            self.metric_box.addItem(tr(text), key)
        top.addWidget(self.metric_box)
        top.addSpacing(12)
        top.addWidget(QLabel(tr("Colour by")))
        self.color_by = QComboBox()
        self.color_by.setObjectName("caviar_color_by")
        for key, text in HYPERS:
            self.color_by.addItem(tr(text), key)
        top.addWidget(self.color_by)
        top.addSpacing(12)
        self.counts = QLabel()
        self.counts.setObjectName("caviar_counts")
        top.addWidget(self.counts, 1)
        lay.addLayout(top)
        self.best_label = QLabel()
        self.best_label.setObjectName("caviar_best")
        self.best_label.setTextFormat(Qt.TextFormat.RichText)
        self.best_label.setWordWrap(True)
        lay.addWidget(self.best_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.curves_plot = make_plot(tr("Every model at once"), tr("step"), tr("validation loss"))
        self.scatter_plot = make_plot(tr("Latest score of each model"), tr("learning rate \u03b1 (log scale)"),
                                      tr("validation loss"))
        self.scatter_plot.setLogMode(x=True)
        self._labels: dict[str, str] = {}
        split.addWidget(self.curves_plot)
        split.addWidget(self.scatter_plot)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self.cmap = pg.colormap.get("viridis")
        self.colorbar = pg.ColorBarItem(values=(0, 1), colorMap=self._cmap(), interactive=False, width=12,
                                        colorMapMenu=False)
        pi = self.curves_plot.getPlotItem()
        pi.layout.addItem(self.colorbar, 2, 5)
        theme.style_colorbar(self.colorbar)
        pi.layout.setColumnFixedWidth(4, 5)

        self.curves: list[pg.PlotDataItem] = []
        self._styles: list[tuple | None] = []
        self._frozen: list[str | None] = []        # the metric of a stopped model's final curve, once drawn
        self.best_curve = self.curves_plot.plot([], [], pen=theme.pen(BEST_COLOR, 3.5))
        self.best_curve.setZValue(20)
        # PlotDataItems, not ScatterPlotItems: only they follow the plot's log x axis
        self.points = self.scatter_plot.plot([], [], pen=None, symbol="o", symbolSize=9 * theme.scale(),
                                             symbolPen=pg.mkPen("#303030", width=0.6))
        self.best_point = self.scatter_plot.plot([], [], pen=None, symbol="star", symbolSize=20 * theme.scale(),
                                                 symbolPen=pg.mkPen("#202020", width=0.8),
                                                 symbolBrush=pg.mkBrush(BEST_COLOR))
        self.best_point.setZValue(10)
        self.rung_lines: list[pg.InfiniteLine] = []
        self._snap: CaviarSnapshot | None = None
        self._y_key = None
        self._run_config = None
        self._last_step = -1
        self.metric_box.currentIndexChanged.connect(self._restyle)
        self.color_by.currentIndexChanged.connect(self._restyle)

    def retranslate(self) -> None:
        """Titles, labels and counts are composed: make them again (also while the page is hidden)."""
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def _cmap(self) -> pg.ColorMap:
        pos = np.linspace(0, 1, 16)
        colors = self.cmap.map(pos * COLORMAP_SPAN, mode=pg.ColorMap.QCOLOR)
        return pg.ColorMap(pos, colors)

    def _restyle(self, *_a) -> None:
        self._styles = [None] * len(self._styles)
        self._frozen = [None] * len(self._frozen)
        self._y_key = None
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def _curve(self, i: int) -> pg.PlotDataItem:
        while len(self.curves) <= i:
            c = self.curves_plot.plot([], [])
            self.curves.append(c)
            self._styles.append(None)
            self._frozen.append(None)
        return self.curves[i]

    def show_snapshot(self, s: CaviarSnapshot) -> None:
        self._snap = s
        n = s.n_models
        metric = self.metric_box.currentData()
        which = self.color_by.currentData()
        has_beta = s.config.betas is not None
        self.color_by.model().item(1).setEnabled(has_beta)
        if which == "beta" and not has_beta:
            which = "lr"
        label, y_label = {k: (t, y) for k, t, y in METRICS}[metric]
        self._set_text("curves_left", tr(y_label), lambda t: self.curves_plot.getPlotItem().setLabel("left", t))
        self._set_text("curves_title", tr("{n} models training at once: {metric}").format(n=n, metric=tr(label)),
                       lambda t: self.curves_plot.getPlotItem().setTitle(t))

        coord, coord_label, xs, x_label = hyper_axis(s, which)
        lo, hi = float(np.min(coord)), float(np.max(coord))
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        if self._labels.get("levels") != (lo, hi):
            self._labels["levels"] = (lo, hi)
            self.colorbar.setLevels((lo, hi))
        self._set_text("bar", coord_label, self.colorbar.axis.setLabel)
        t = (coord - lo) / (hi - lo) * COLORMAP_SPAN
        colors = self.cmap.map(t, mode=pg.ColorMap.QCOLOR)

        h = s.history
        steps = h.get("step", np.empty(0))
        ys = h.get(metric, np.empty((0, n)))
        if s.config != self._run_config or s.step < self._last_step:   # a new or reset run: redraw all
            self._run_config = s.config
            self._frozen = [None] * len(self._frozen)
        self._last_step = s.step
        for i in range(n):
            c = self._curve(i)
            status = "on" if s.active[i] else ("diverged" if s.diverged_at[i] >= 0 else "pruned")
            style = (status, colors[i].name())
            if style != self._styles[i]:
                self._styles[i] = style
                if status == "on":
                    c.setPen(pg.mkPen(colors[i], width=1.6 * theme.scale()))
                    c.setZValue(1)
                else:
                    c.setPen(theme.pen(STOPPED_COLOR, 1.0,
                                       Qt.PenStyle.DotLine if status == "diverged" else None))
                    c.setZValue(0)
            if status == "on" or self._frozen[i] != metric:
                # a stopped model's curve no longer changes: set it once (a setData costs ~0.3 ms)
                c.setData(steps, ys[:, i] if ys.ndim == 2 and ys.shape[1] > i else [], connect="finite")
                self._frozen[i] = None if status == "on" else metric
            c.show()
        for c in self.curves[n:]:
            c.hide()
        if s.best >= 0 and ys.ndim == 2 and ys.shape[1] > s.best:
            self.best_curve.setData(steps, ys[:, s.best], connect="finite")
        else:
            self.best_curve.setData([], [])
        self._draw_rungs(s)

        score = s.val_acc if metric == "val_acc" else s.val_loss
        score_label = tr("validation accuracy") if metric == "val_acc" else tr("validation loss")
        spi = self.scatter_plot.getPlotItem()
        self._set_text("scatter_x", x_label, lambda t: spi.setLabel("bottom", t))
        self._set_text("scatter_y", score_label, lambda t: spi.setLabel("left", t))
        brushes = [theme.shared_brush(colors[i] if s.active[i] else STOPPED_COLOR) for i in range(n)]
        fin = np.isfinite(score)
        self.points.setData(xs[fin], score[fin], symbolBrush=[b for b, f in zip(brushes, fin) if f])
        if s.best >= 0 and math.isfinite(score[s.best]):
            self.best_point.setData([xs[s.best]], [score[s.best]])
        else:
            self.best_point.setData([], [])
        self._fit(s, metric, ys)
        self._texts(s)

    def _set_text(self, key: str, text: str, setter) -> None:
        """Call ``setter(text)`` only when the text changed (re-laying out a label costs a frame's time)."""
        if self._labels.get(key) != text:
            self._labels[key] = text
            setter(text)

    def _fit(self, s: CaviarSnapshot, metric: str, ys: np.ndarray) -> None:
        """Fixed y ranges: accuracy 0..1; losses from the first row (kept until the run restarts)."""
        key = (metric, s.config)
        if key == self._y_key or not len(ys):
            return
        self._y_key = key
        if metric == "val_acc":
            self.curves_plot.setYRange(0, 1.02, padding=0)
            self.scatter_plot.setYRange(0, 1.02, padding=0)
            return
        first = ys[0][np.isfinite(ys[0])]
        top = float(np.median(first)) * 1.6 if first.size else 2.0   # a few wild starts may go off the top
        self.curves_plot.setYRange(0, top, padding=0)
        self.scatter_plot.setYRange(0, top, padding=0)

    def refit(self) -> None:
        if self._snap is None:
            return
        metric = self.metric_box.currentData()
        if metric == "val_acc":
            return
        ys = self._snap.history.get(metric, np.empty(0))
        vals = ys[np.isfinite(ys)]
        if vals.size:
            top = min(float(vals.max()) * 1.1, 50.0)
            self.curves_plot.setYRange(0, top, padding=0)
            self.scatter_plot.setYRange(0, top, padding=0)
        self.curves_plot.enableAutoRange(axis="x")

    def _draw_rungs(self, s: CaviarSnapshot) -> None:
        while len(self.rung_lines) < len(s.rungs):
            k = len(self.rung_lines)
            line = pg.InfiniteLine(angle=90, movable=False, pen=theme.pen("#777777", 1.0, Qt.PenStyle.DashLine),
                                   label="\u00bd", labelOpts={"position": (0.97, 0.91)[k % 2], "color": "#555555",
                                                               "anchors": [(0, 0), (0, 0)]})
            line.setToolTip(tr("successive halving: the worse half stopped here"))
            self.curves_plot.addItem(line)
            self.rung_lines.append(line)
        for i, line in enumerate(self.rung_lines):
            if i < len(s.rungs):
                line.setValue(s.rungs[i])
                line.show()
            else:
                line.hide()

    def _texts(self, s: CaviarSnapshot) -> None:
        n_on = s.n_active
        n_div = int((s.diverged_at >= 0).sum())
        n_pruned = int((s.pruned_at >= 0).sum())
        parts = [tr("{n} models: {on} training").format(n=s.n_models, on=n_on)]
        if n_pruned:
            parts.append(tr("{n} stopped by halving").format(n=n_pruned))
        if n_div:
            parts.append(tr("{n} diverged").format(n=n_div))
        self.counts.setText(tr(", ").join(parts)
                            + tr("; step {step}, {compute} model-steps").format(step=s.step, compute=s.compute))
        b = s.best
        if b < 0:
            self.best_label.setText(tr("no model is training"))
            return
        beta = f", \u03b2 = {s.betas[b]:.4g}" if s.config.betas is not None else ""
        best = tr("best now: model {model}").format(model=b)
        self.best_label.setText(
            f"<span style='color:{BEST_COLOR}'>&#9632; <b>{best}</b></span> "
            + tr("(\u03b1 = {lr:.3g}{beta}): validation loss {loss:.3f}, accuracy {acc:.1%}.").format(
                lr=s.learning_rates[b], beta=beta, loss=s.val_loss[b], acc=s.val_acc[b])
            + " &nbsp;<span style='color:#888888'>" + tr("Grey: stopped (dotted: diverged; \u00bd: a halving rung).")
            + "</span>")
