"""A tab drawn for other runs (B1's normalized and raw, then B2's BN and no BN) names only the runs it shows.

A curve hidden in pyqtgraph stays in its plot's legend, crossed out: the legend of B2's
curves tab listed B1's four curves before its own four.
"""

from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from bnviz.labs.batchnorm.panels.curves import CurvesPanel
from bnviz.labs.batchnorm.panels.figure1 import Figure1Panel


def _runs(twin: str):
    t = TwinTrainer(BatchNormConfig(twin=twin))
    t.run(10)
    t.probe()
    return t.snapshot()


def _legend(plot) -> list[str]:
    return [label.text for _, label in plot.getPlotItem().legend.items]


def test_the_curves_and_figure1_legends_name_only_the_runs_drawn(qtbot):
    curves, fig = CurvesPanel(), Figure1Panel()
    for w in (curves, fig):
        qtbot.addWidget(w)
    normalize, bn = _runs("normalize"), _runs("bn")
    for panel in (curves, fig):
        panel.show_runs(normalize)
    assert len(_legend(curves.loss)) == 4 and all("raw" in t or "normalized" in t for t in _legend(curves.loss))
    for panel in (curves, fig):
        panel.show_runs(bn)
    for plot in (curves.loss, curves.acc):
        names = _legend(plot)
        assert names == ["BN train", "BN validation", "no BN train", "no BN validation"], names
        assert len(plot.getPlotItem().listDataItems()) == 4
    assert _legend(fig.plot) == ["BN 15th", "BN median", "no BN 15th", "no BN median"]
    assert {k[1] for k in fig._lines} == {"BN", "no BN"}
    assert curves._curves[("BN", "val_loss")].yData.tolist() == bn[0].history["val_loss"].tolist()
