"""Shared plumbing for panels: plot creation and twin-coloured curves."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from bnviz.engine.snapshot import DecisionMap
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.legend import add_legend
from bnviz.ui.log_axis import LogAxis


def make_plot(title: str | None = None, x: str | None = None, y: str | None = None,
              legend: bool = False) -> pg.PlotWidget:
    w = pg.PlotWidget(axisItems={"bottom": LogAxis("bottom"), "left": LogAxis("left")})   # setLogMode-ready
    w.setMinimumSize(100, 100)
    theme.style_plot(w.getPlotItem(), title, x, y)
    title_never_widens(w.getPlotItem())
    if legend:
        add_legend(w)          # above the view box, never over the data (bnviz.ui.legend)
    w.getPlotItem().setMenuEnabled(True)
    return w


def title_never_widens(item: pg.PlotItem) -> None:
    """Keep a long title from widening its plot beyond the widget.

    pyqtgraph makes a title's text width the plot's minimum width; a plot
    narrower than its title then lays out wider than its widget and the
    widget shows only its left part: the title cut at both ends and the view
    box cut at the right (the last units of a per-unit plot missing).  Here
    the title's minimum width is 0 after every text change (translations
    included): a too-long title overflows its own row, the data stay whole.
    """
    label = item.titleLabel
    update_min = label.updateMin

    def update_min_free_width() -> None:
        update_min()
        label.setMinimumWidth(0)
        h = label._sizeHint.get(Qt.SizeHint.MinimumSize, (0, 0))[1]
        label._sizeHint[Qt.SizeHint.MinimumSize] = (0, h)

    label.updateMin = update_min_free_width
    label.updateMin()


def fill_layers(combo, n: int, select_last: bool = False) -> None:
    """Offer layers 1..n in ``combo`` when the network's depth changed, without emitting."""
    if combo.count() == n:
        return
    combo.blockSignals(True)
    combo.clear()
    for i in range(n):
        combo.addItem(tr("Layer {n}").format(n=i + 1), i)
    if select_last:
        combo.setCurrentIndex(n - 1)
    combo.blockSignals(False)


def run_curve(plot: pg.PlotWidget, label: str, name: str | None = None, dashed: bool = False,
              width: float = 2.0, steps: bool = False) -> pg.PlotDataItem:
    """A run's curve in its colour; ``steps``: a history over increasing steps (``long_series``)."""
    style = Qt.PenStyle.DashLine if dashed else None
    curve = plot.plot([], [], pen=theme.pen(theme.run_color(label), width, style), name=name)
    if steps:
        long_series(curve)
    return curve


def long_series(curve: pg.PlotDataItem) -> None:
    """A time series drawn as the screen shows it: only the steps in view, and at most ~5 points a pixel.

    A history holds up to a few thousand rows (``DecimatingHistory``); zoomed in, or on a narrow
    plot, most of them would be drawn off screen or onto the same pixel.  The data are kept
    whole (``xData``/``yData`` are the engine's rows); only what is painted is thinned, by
    min/max per pixel column ("peak"), so spikes stay visible.
    """
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)


def steady_range(plot: pg.PlotWidget, x: np.ndarray, ys: list[np.ndarray]) -> None:
    """Keep a growing time series in view with axes that move in jumps, not every frame.

    Auto-range re-fits the axes with every new point, and a moved axis
    regenerates its ticks and labels and repaints the whole plot: the
    costliest part of a frame.  Here x grows by half again when the data
    reach its end (on a log axis: to twice the last step), y by a quarter
    when the data leave it, and both re-fit only when the data shrink well
    inside (a reset).
    """
    steady_x(plot, x)
    steady_y(plot, ys)


def steady_x(plot: pg.PlotWidget, x: np.ndarray) -> bool:
    """The x half of ``steady_range``: True if the range moved.

    On a log axis the view is in log10 units, from the first step (step 0
    drawn at 1) to twice the last, a decade at least, with a 2% margin; it
    re-fits when the last step leaves it or falls 1.5 decades inside
    (a reset).
    """
    if len(x) == 0:
        return False
    item = plot.getPlotItem()
    if item.vb.autoRangeEnabled()[0]:
        item.disableAutoRange(axis=pg.ViewBox.XAxis)
    (x0, x1), _ = item.vb.viewRange()
    first, last = float(x[0]), float(x[-1])
    if item.getAxis("bottom").logMode:
        first, last = math.log10(max(first, 1.0)), math.log10(max(last, 1.0))
        if last > x1 or last < x1 - 1.5 or first < x0:
            # a little room left of the first step: its tick label ("1") is drawn, not cut at the edge
            item.setXRange(first, max(last + math.log10(2.0), first + 1.0), padding=0.02)
            return True
        return False
    if last > x1 or last < 0.5 * x1 or first < x0:
        item.setXRange(first, first + max(1.5 * (last - first), 10.0), padding=0)
        return True
    return False


def steady_y(plot: pg.PlotWidget, ys: list[np.ndarray]) -> bool:
    """The y half of ``steady_range``: True if the range moved."""
    vals = [y[np.isfinite(y)] for y in ys]
    vals = [v for v in vals if v.size]
    if not vals:
        return False
    item = plot.getPlotItem()
    if item.vb.autoRangeEnabled()[1]:
        item.disableAutoRange(axis=pg.ViewBox.YAxis)
    _, (y0, y1) = item.vb.viewRange()
    lo, hi = min(float(v.min()) for v in vals), max(float(v.max()) for v in vals)
    span = max(hi - lo, 1e-9)
    if lo < y0 or hi > y1 or span < 0.3 * (y1 - y0):
        item.setYRange(lo - 0.25 * span, hi + 0.25 * span, padding=0)
        return True
    return False


CLASS_RGB = np.array([QColor(c).getRgb()[:3] for c in theme.CLASS_COLORS], dtype=np.float32)


def region_image(dm: DecisionMap) -> np.ndarray:
    """RGB image (nx, ny, 3) for ImageItem: class colour blended towards white by uncertainty."""
    probs = dm.probs
    c = probs.shape[-1]
    colors = CLASS_RGB[np.arange(c) % len(CLASS_RGB)]
    rgb = probs @ colors                                  # probability-weighted colour
    conf = probs.max(axis=-1, keepdims=True)
    lo = 1.0 / c
    strength = np.clip((conf - lo) / (1 - lo), 0, 1) * 0.55
    img = 255 * (1 - strength) + rgb * strength
    return np.transpose(img, (1, 0, 2)).astype(np.ubyte)
