"""PlotStack: a column of plots while each gets its least size, else (a) over (b)|(c), a row, or tabs."""

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QSizePolicy

from bnviz.ui.reflow import PlotStack


@pytest.fixture
def stack(qtbot):
    plots = [pg.PlotWidget(title=t) for t in ("a", "b", "c")]
    s = PlotStack([(p, t) for p, t in zip(plots, ("a", "b", "c"))])
    qtbot.addWidget(s)
    s.show()
    return s, plots


@pytest.mark.parametrize("size, mode", [((600, 600), "column"), ((600, 400), "split"),
                                        ((900, 200), "row"), ((450, 400), "tabs"), ((450, 300), "all_tabs")])
def test_each_size_gets_the_first_arrangement_in_which_every_plot_is_readable(stack, qtbot, size, mode):
    s, plots = stack
    s.resize(*size)
    qtbot.waitUntil(lambda: s.mode == mode, timeout=2000)
    shown = [p for p in plots if p.isVisible()]
    if mode == "tabs":
        assert shown == [plots[0], plots[1]] and s.tabs.count() == 2
    elif mode == "all_tabs":                  # too short for (a) over a tab: each plot gets the whole height
        assert shown == [plots[0]] and s.tabs.count() == 3
        qtbot.waitUntil(lambda: plots[0].height() >= 240, timeout=2000)
    else:
        assert shown == plots and not s.tabs.isVisible()
        qtbot.waitUntil(lambda: all(p.width() >= 240 and p.height() >= 160 for p in plots), timeout=2000)


def test_plots_come_back_from_tabs_and_the_stack_never_asks_for_more_room(stack, qtbot):
    s, plots = stack
    s.resize(450, 400)
    qtbot.waitUntil(lambda: s.mode == "tabs", timeout=2000)
    s.tabs.setCurrentIndex(1)
    assert plots[2].isVisible() and not plots[1].isVisible()
    s.resize(600, 600)
    qtbot.waitUntil(lambda: s.mode == "column", timeout=2000)
    assert all(p.isVisible() and p.parentWidget() is s for p in plots)
    qtbot.waitUntil(lambda: plots[2].y() > plots[1].y() > plots[0].y(), timeout=2000)
    assert [p.y() for p in plots] == sorted(p.y() for p in plots) and len({p.x() for p in plots}) == 1
    assert s.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Ignored      # its size is the page's, not its plots'
