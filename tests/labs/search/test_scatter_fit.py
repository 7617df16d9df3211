"""A narrow trial scatter keeps its colour bar inside the widget (H2's random arm at 1280x720)."""

import pytest

from bnviz.labs.search.panels.scatter import TrialScatter


@pytest.mark.parametrize("width", [320, 240])
def test_a_long_title_never_pushes_the_colour_bar_out_of_a_narrow_plot(qtbot, width):
    scatter = TrialScatter("Random 25: best 0.975", colorbar=True)
    w = scatter.widget
    qtbot.addWidget(w)
    w.resize(width, 170)
    w.show()
    qtbot.waitExposed(w)
    item = w.getPlotItem()
    # the title used to set the plot's minimum width (308 px here): the bar's ticks were cut at the edge
    qtbot.waitUntil(lambda: item.geometry().width() <= width, timeout=2000)
    assert scatter.colorbar.geometry().right() <= width
    assert item.vb.geometry().width() > 50
