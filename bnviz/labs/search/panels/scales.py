"""Pick the right scale (syllabus H4, H5): where 1000 samples land.

Left: the learning rate in [1e-4, 1] drawn uniformly (about 90% of the
samples land in [0.1, 1]) and log-uniformly (about 25% per decade), on a log
axis, with the count of every decade written above it. Middle: a momentum
beta in [0.9, 0.999] drawn uniformly and as ``1 - 10**r`` on an axis with
equal steps in ``1 - beta``. Right: the averaging window ``1/(1 - beta)``:
0.9 -> 0.9005 changes nothing, 0.999 -> 0.9995 doubles it. The samples and
counts come from the search library (``SearchSnapshot.scales_demo``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from bnviz.labs.search.model import ScaleDemo
from bnviz.labs.search.panels.axes import fmt_beta, scale_plot
from bnviz.ui import theme
from bnviz.ui.i18n import tr

UNIFORM_COLOR = "#7f7f7f"
SCALED_COLOR = "#9467bd"
INTERVAL_COLORS = ("#2ca02c", "#d62728")


class DecadeHistogram:
    """Counts per bin on a log axis, each decade's count written above it."""

    def __init__(self, title: str, xlabel: str, scale: str, color: str) -> None:
        self.widget = scale_plot(title, xlabel, tr("samples per bin"), xscale=scale)
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.bars = self.plot.plot([], [], stepMode="center", fillLevel=0, pen=theme.pen(color, 1.5),
                                   brush=theme.brush(color, 120))
        self.scale = scale
        self.lines: list[pg.InfiniteLine] = []
        self.texts: list[pg.TextItem] = []
        self._key = None

    def show(self, edges: np.ndarray, counts: np.ndarray, decades, n: int) -> None:
        key = (edges.tobytes(), counts.tobytes())
        if key == self._key:
            return
        self._key = key
        self.bars.setData(edges, counts)
        top = max(1, int(counts.max()))
        self.plot.setYRange(0, top * 1.35, padding=0)
        self.plot.setXRange(float(edges[0]), float(edges[-1]), padding=0.07)   # room for the end labels
        for item in self.lines + self.texts:
            self.plot.removeItem(item)
        self.lines, self.texts = [], []
        bounds = sorted({math.log10(v) for lo, hi, _ in decades for v in (lo, hi)})
        for a in bounds:
            line = pg.InfiniteLine(pos=a, angle=90, pen=pg.mkPen("#999999", width=1, style=Qt.PenStyle.DashLine))
            self.plot.addItem(line)
            self.lines.append(line)
        for lo, hi, c in decades:
            a, b = (math.log10(lo), math.log10(hi))
            t = pg.TextItem(f"{c}\n{100 * c / n:.0f}%", color=theme.current().foreground, anchor=(0.5, 0))
            t.setPos((a + b) / 2, top * 1.32)
            self.plot.addItem(t)
            self.texts.append(t)


class ScalesPanel(QWidget):
    """The H4/H5 demo: uniform vs the right scale, and the averaging window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_scales")
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.lr_uniform = DecadeHistogram(tr("\u03b1 uniform in [1e-4, 1]"), tr("learning rate \u03b1 (log axis)"),
                                          "log", UNIFORM_COLOR)
        self.lr_log = DecadeHistogram(tr("\u03b1 = 10^r, r = -4\u00b7rand() (log-uniform)"),
                                      tr("learning rate \u03b1 (log axis)"), "log", SCALED_COLOR)
        self.beta_uniform = DecadeHistogram(tr("\u03b2 uniform in [0.9, 0.999]"),
                                            tr("\u03b2 (equal steps in 1 - \u03b2)"), "one_minus_log", UNIFORM_COLOR)
        self.beta_log = DecadeHistogram(tr("\u03b2 = 1 - 10^r, r uniform in [-3, -1]"),
                                        tr("\u03b2 (equal steps in 1 - \u03b2)"), "one_minus_log", SCALED_COLOR)
        for h, name in ((self.lr_uniform, "lr_uniform"), (self.lr_log, "lr_log"),
                        (self.beta_uniform, "beta_uniform"), (self.beta_log, "beta_log")):
            h.widget.setObjectName(f"search_hist_{name}")
        for h in (self.beta_uniform, self.beta_log):
            h.plot.getViewBox().invertX(True)
        self.window = scale_plot(tr("Averaging window 1/(1 - \u03b2)"), tr("\u03b2 (linear axis)"),
                                 tr("1/(1 - \u03b2)  (log axis)"), yscale="log")
        self.window.setObjectName("search_window_plot")
        wp = self.window.getPlotItem()
        wp.setMenuEnabled(False)
        self.window_curve = wp.plot([], [], pen=theme.pen("#303030", 2))
        self.regions: list[pg.LinearRegionItem] = []
        self.marks: list[pg.ScatterPlotItem] = []
        self.labels: list[pg.TextItem] = []
        for color in INTERVAL_COLORS:
            r = pg.LinearRegionItem(movable=False, brush=theme.brush(color, 70), pen=pg.mkPen(color, width=1))
            wp.addItem(r)
            self.regions.append(r)
            m = pg.ScatterPlotItem(size=9 * theme.scale(), pen=pg.mkPen(color, width=1.5), brush=pg.mkBrush(color))
            wp.addItem(m)
            self.marks.append(m)
            t = pg.TextItem(color=color, anchor=(0, 0.5), border=pg.mkPen(color), fill=pg.mkBrush(255, 255, 255, 220))
            wp.addItem(t)
            self.labels.append(t)
        lay.addWidget(self.lr_uniform.widget, 0, 0)
        lay.addWidget(self.lr_log.widget, 1, 0)
        lay.addWidget(self.beta_uniform.widget, 0, 1)
        lay.addWidget(self.beta_log.widget, 1, 1)
        lay.addWidget(self.window, 0, 2, 2, 1)
        for c in range(3):
            lay.setColumnStretch(c, 1)
        self._demo: ScaleDemo | None = None

    def retranslate(self) -> None:
        """The titles and labels ``show_demo`` composes are drawn once per demo: compose them again."""
        d, self._demo = self._demo, None
        if d is not None:
            self.show_demo(d)

    def show_demo(self, d: ScaleDemo) -> None:
        if d is self._demo:
            return
        self._demo = d
        self.lr_uniform.show(d.lr_edges, d.lr_uniform, d.lr_uniform_decades, d.n)
        self.lr_log.show(d.lr_edges, d.lr_log, d.lr_log_decades, d.n)
        # decades of 1 - beta, drawn at log10(1 - beta)
        self.beta_uniform.show(d.beta_edges, d.beta_uniform, d.beta_uniform_decades, d.n)
        self.beta_log.show(d.beta_edges, d.beta_log, d.beta_log_decades, d.n)
        top_share = d.lr_uniform_decades[-1][2] / d.n
        # short titles: a plot's title sets its minimum width
        self.lr_uniform.plot.setTitle(tr("\u03b1 uniform: {share:.0f}% in [0.1, 1]").format(share=100 * top_share),
                                      size=f"{10 * theme.scale():.0f}pt")
        wide = d.beta_uniform_decades[-1][2] / d.n
        self.beta_uniform.plot.setTitle(tr("\u03b2 uniform: {share:.0f}% in [{lo}, 0.99]").format(
                                            share=100 * wide, lo=fmt_beta(d.beta_range[0])),
                                        size=f"{10 * theme.scale():.0f}pt")
        self.window_curve.setData(d.window_beta, np.log10(d.window))
        wp = self.window.getPlotItem()
        wp.setXRange(float(d.window_beta[0]), float(d.window_beta[-1]), padding=0.02)
        wp.setYRange(math.log10(d.window[0]) - 0.1, math.log10(d.window[-1]) + 0.25, padding=0)
        for (b0, b1, w0, w1), region, mark, label, anchor in zip(d.intervals, self.regions, self.marks, self.labels,
                                                                  ((0, 1), (1, 0.5))):
            # a 0.0005-wide band is two pixels here; widen the shading so it can be seen,
            # the dots sit at the exact ends of the interval
            half = max((b1 - b0) / 2, 0.0012)
            mid = (b0 + b1) / 2
            region.setRegion((mid - half, mid + half))
            mark.setData([b0, b1], [math.log10(w0), math.log10(w1)])
            label.setText(tr("\u03b2 {b0} \u2192 {b1}\nwindow {w0:.4g} \u2192 {w1:.4g}").format(
                b0=fmt_beta(b0), b1=fmt_beta(b1), w0=w0, w1=w1))
            label.setAnchor(anchor)
            label.setPos(b1 if anchor[0] == 0 else b0 - 0.002, math.log10(w1) + (0.15 if anchor[0] == 0 else 0))
