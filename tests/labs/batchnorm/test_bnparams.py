"""The gamma/beta tab (B3, B4): three rows of plots while there is room, the first over tabs when short."""

import numpy as np
import pytest

from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from bnviz.labs.batchnorm.panels.bnparams import BNParamsPanel


@pytest.fixture(scope="module")
def runs():
    t = TwinTrainer(BatchNormConfig(tab="bnparams"))
    t.run(40)
    t.probe()
    return t.snapshot()


@pytest.mark.parametrize("size, mode", [((900, 640), "column"), ((520, 470), "tabs")])
def test_every_shown_plot_keeps_room_for_its_data_under_title_and_legend(qtbot, runs, size, mode):
    """At 1280x720 in presentation mode the pane is about 500 x 450: three rows left the mean and variance
    plots a 20 px strip under their two-row legends; now the first row sits over the others as tabs."""
    panel = BNParamsPanel()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    panel.show_runs(runs)
    qtbot.waitUntil(lambda: panel.stack.mode == mode, timeout=2000)
    plots = (panel.gb, panel.gb_time, panel.stats, panel.var, panel.bias)
    shown = [p for p in plots if p.isVisible()]
    assert len(shown) == (5 if mode == "column" else 4)    # as tabs: gamma/beta row + the current tab's pair
    qtbot.waitUntil(lambda: all(p.getPlotItem().vb.height() >= 45 for p in shown), timeout=2000)
    # what the mean plot shows is still the engine's numbers for the BN run's first layer
    bn = next(r for r in runs if r.layers[0].gamma is not None)
    np.testing.assert_array_equal(panel.run_mean.yData, bn.layers[0].running_mean)
    if mode == "tabs":
        panel.stack.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: panel.bias.isVisible() and not panel.stats.isVisible(), timeout=2000)
