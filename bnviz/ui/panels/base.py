"""Shared plumbing for panels: plot creation and twin-coloured curves."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from .. import theme


def make_plot(title: str | None = None, x: str | None = None, y: str | None = None,
              legend: bool = False) -> pg.PlotWidget:
    w = pg.PlotWidget()
    w.setMinimumSize(100, 100)
    theme.style_plot(w.getPlotItem(), title, x, y)
    if legend:
        w.getPlotItem().addLegend(offset=(-8, 8), labelTextSize=f"{8.5 * theme.scale():.0f}pt")
    w.getPlotItem().setMenuEnabled(True)
    return w


def fill_layers(combo, n: int, select_last: bool = False) -> None:
    """Offer layers 1..n in ``combo`` when the network's depth changed, without emitting."""
    if combo.count() == n:
        return
    combo.blockSignals(True)
    combo.clear()
    for i in range(n):
        combo.addItem(f"Layer {i + 1}", i)
    if select_last:
        combo.setCurrentIndex(n - 1)
    combo.blockSignals(False)


def run_curve(plot: pg.PlotWidget, label: str, name: str | None = None, dashed: bool = False,
              width: float = 2.0) -> pg.PlotDataItem:
    style = Qt.PenStyle.DashLine if dashed else None
    return plot.plot([], [], pen=theme.pen(theme.run_color(label), width, style), name=name)
