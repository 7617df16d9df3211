"""Shared plumbing for panels: plot creation and twin-coloured curves."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from bnviz.engine.snapshot import DecisionMap
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.legend import add_legend


def make_plot(title: str | None = None, x: str | None = None, y: str | None = None,
              legend: bool = False) -> pg.PlotWidget:
    w = pg.PlotWidget()
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
              width: float = 2.0) -> pg.PlotDataItem:
    style = Qt.PenStyle.DashLine if dashed else None
    return plot.plot([], [], pen=theme.pen(theme.run_color(label), width, style), name=name)


def steady_range(plot: pg.PlotWidget, x: np.ndarray, ys: list[np.ndarray]) -> None:
    """Keep a growing time series in view with axes that move in jumps, not every frame.

    Auto-range re-fits the axes with every new point, and a moved axis
    regenerates its ticks and labels and repaints the whole plot: the
    costliest part of a frame.  Here x grows by half again when the data
    reach its end, y by a quarter when the data leave it, and both re-fit
    only when the data shrink well inside (a reset).  Log-x plots keep
    auto-range.
    """
    item = plot.getPlotItem()
    if item.getAxis("bottom").logMode:
        item.enableAutoRange()
        return
    vals = np.concatenate([y[np.isfinite(y)] for y in ys]) if ys else np.empty(0)
    if len(x) == 0 or vals.size == 0:
        return
    item.disableAutoRange()
    (x0, x1), (y0, y1) = item.vb.viewRange()
    x_end = float(x[-1])
    if x_end > x1 or x_end < 0.5 * x1 or float(x[0]) < x0:
        item.setXRange(float(x[0]), float(x[0]) + max(1.5 * (x_end - float(x[0])), 10.0), padding=0)
    lo, hi = float(vals.min()), float(vals.max())
    span = max(hi - lo, 1e-9)
    if lo < y0 or hi > y1 or span < 0.3 * (y1 - y0):
        item.setYRange(lo - 0.25 * span, hi + 0.25 * span, padding=0)


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
