"""Presentation mode (a re-style) never rescales an axis's tick values (pyqtgraph's SI prefix)."""

import numpy as np
import pyqtgraph as pg

from bnviz.ui import theme
from bnviz.ui.plots import make_plot


def test_restyle_keeps_small_values_unscaled(qtbot):
    w = make_plot("gap", "B", "val loss \u2212 train loss (nats)")
    qtbot.addWidget(w)
    w.resize(400, 300)
    w.show()
    w.addItem(pg.BarGraphItem(x=np.arange(4.0), height=np.array([-0.03, -0.06, -0.04, -0.08]), width=0.3))
    qtbot.waitExposed(w)
    old = theme.scale()
    try:
        theme.apply("light", 1.4)
        theme.restyle(w, old)
        for side in ("left", "bottom"):
            ax = w.getPlotItem().getAxis(side)
            assert ax.autoSIPrefixScale == 1.0 and ax.labelUnitPrefix == ""
    finally:
        theme.apply("light", old)
        theme.restyle(w, 1.4)
