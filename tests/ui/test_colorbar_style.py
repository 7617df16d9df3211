"""Colour bars follow the presentation scale: H1's 'validation accuracy' stayed at pyqtgraph's own small size."""

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bnviz.ui import theme
from bnviz.ui.plots import make_plot


def test_a_colour_bars_label_and_ticks_grow_with_the_scale(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    plot = make_plot("scatter", "alpha", "epsilon")
    QVBoxLayout(root).addWidget(plot)
    bar = pg.ColorBarItem(values=(0, 1), label="validation accuracy", interactive=False, width=12, colorMapMenu=False)
    plot.getPlotItem().layout.addItem(bar, 2, 5)
    theme.style_colorbar(bar)
    label_axis = next(bar.getAxis(s) for s in ("left", "right") if bar.getAxis(s).labelText)
    assert label_axis.labelStyle["font-size"] == "10pt"

    def room_for_ticks_and_label() -> bool:       # at 1280x720 the fixed 45 px cut "0.8" down to "0"
        ticks = QFontMetricsF(bar.axis.style["tickFont"]).horizontalAdvance("-0.55")
        return bar.axis.fixedWidth >= ticks + QFontMetricsF(label_axis.label.font()).height()

    assert room_for_ticks_and_label()
    normal = bar.axis.fixedWidth
    old = theme.scale()
    try:
        theme.apply("light", 1.6)
        theme.restyle(root, old)
        assert label_axis.labelStyle["font-size"] == "16pt"
        assert bar.axis.style["tickFont"].pointSizeF() == 8.5 * 1.6
        assert room_for_ticks_and_label() and bar.axis.fixedWidth > normal * 1.4
    finally:
        theme.apply("light", old)
        theme.restyle(root, 1.6)
    assert label_axis.labelStyle["font-size"] == "10pt" and bar.axis.fixedWidth == normal
