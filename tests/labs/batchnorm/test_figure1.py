"""The Figure 1 tab: validation accuracy with the steps to 90% printed from the runs' histories (B8)."""

import math
from dataclasses import replace

import numpy as np
import pytest

from bnviz.labs.batchnorm.claims import first_step
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from bnviz.labs.batchnorm.panels.figure1 import Figure1Panel, to_target_text


@pytest.fixture(scope="module")
def runs():
    t = TwinTrainer(BatchNormConfig(tab="figure1"))
    t.run(450)          # the default twin on moons: BN at 90% after 40 steps, no BN after 390
    t.probe()
    return t.snapshot()


def test_readout_and_marks_are_the_histories_first_steps_to_90(qtbot, runs):
    panel = Figure1Panel()
    qtbot.addWidget(panel)
    panel.show_runs(runs)
    bn, nobn = runs
    n, m = first_step(bn.history, "val_acc", 0.9), first_step(nobn.history, "val_acc", 0.9)
    assert math.isfinite(n) and math.isfinite(m) and n < m     # the default twin: BN gets there first
    text = panel.readout.text()
    assert text == to_target_text(runs)
    assert f"in {n:.0f} steps" in text and f"in {m:.0f} (" in text and f"{m / n:.1f}\u00d7" in text
    # the default step axis is logarithmic; the dotted marks sit at the first steps
    assert panel.log_x.isChecked()
    assert panel.marks["BN"].value() == pytest.approx(math.log10(n))
    assert panel.marks["no BN"].value() == pytest.approx(math.log10(m))
    np.testing.assert_array_equal(panel.acc_curves["BN"].yData, bn.history["val_acc"])
    np.testing.assert_array_equal(panel.acc_curves["BN"].xData, np.maximum(bn.history["step"], 1))
    panel.log_x.setChecked(False)
    assert panel.marks["no BN"].value() == pytest.approx(m)
    np.testing.assert_array_equal(panel.acc_curves["no BN"].xData, nobn.history["step"])


def test_readout_before_the_second_run_gets_there(qtbot):
    t = TwinTrainer(BatchNormConfig(tab="figure1"))
    runs = t.snapshot()
    assert "Neither run" in to_target_text(runs)
    t.run(300)
    bn, nobn = t.snapshot()
    hist = dict(nobn.history)
    hist["val_acc"] = np.minimum(hist["val_acc"], 0.5)          # as if no BN had not reached 90% yet
    late = replace(nobn, history=hist)
    text = to_target_text((bn, late))
    n = first_step(bn.history, "val_acc", 0.9)
    assert "not yet after 300" in text and f"&gt; {300 / n:.0f}\u00d7" in text
    assert to_target_text((late, bn)).index("BN</b> reached") < text.index("not yet")   # who got there first leads


@pytest.mark.parametrize("size, mode", [((600, 900), "column"), ((900, 560), "split"), ((470, 620), "tabs"),
                                        ((470, 480), "all_tabs")])
def test_plots_rearrange_for_the_room_and_show_the_same_steps(qtbot, runs, size, mode):
    """A column as in the paper; (b) beside (c) under (a) when short; tabs when short and narrow (issue 12);
    each plot a tab when even (a) over one tab would leave (b) under 190 px (1280x720, presentation mode)."""
    panel = Figure1Panel()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    panel.show_runs(runs)
    qtbot.waitUntil(lambda: panel.stack.mode == mode, timeout=2000)
    shown = [p for p in (panel.acc_plot, panel.plot, panel.all_plot) if p.isVisible()]
    qtbot.waitUntil(lambda: all(p.width() >= 240 and p.height() >= 160 for p in shown), timeout=2000)
    assert len(shown) == {"tabs": 2, "all_tabs": 1}.get(mode, 3)
    # (a) spans (b) and (c) in "split": its steps are still (b)'s, not lined up pixel by pixel
    panel.plot.setXRange(0.5, 2.5, padding=0)
    for p in (panel.acc_plot, panel.all_plot):
        assert p.getPlotItem().vb.viewRange()[0] == pytest.approx([0.5, 2.5])


def test_step_axis_moves_in_jumps_and_a_new_frame_is_drawn_whole(qtbot):
    """The three plots share one step range set by the panel (no auto-range every frame); it moves only when
    the steps leave it, and a later frame's lines are that frame's histories (issue 18)."""
    t = TwinTrainer(BatchNormConfig(tab="figure1"))
    t.run(60)
    t.probe()
    panel = Figure1Panel()
    qtbot.addWidget(panel)
    panel.show_runs(t.snapshot())
    plots = (panel.acc_plot, panel.plot, panel.all_plot)
    assert not any(p.getPlotItem().vb.autoRangeEnabled()[0] for p in plots)
    x0, x1 = panel.plot.getPlotItem().vb.viewRange()[0]
    assert x0 <= 0 and x1 >= math.log10(60)          # log axis: from step 1 past the last step
    t.run(10)
    t.probe()
    runs = t.snapshot()
    panel.show_runs(runs)                              # 70 < twice 60: the same range
    for p in plots:
        assert p.getPlotItem().vb.viewRange()[0] == pytest.approx([x0, x1])
    bn = runs[0]
    np.testing.assert_array_equal(panel._lines[("unit", "BN", 1)].yData, bn.history["unit_pct"][:, -1, 1])
    np.testing.assert_array_equal(panel._lines[("all", "BN", 0)].xData, np.maximum(bn.history["step"], 1))
    t.run(200)
    t.probe()
    panel.show_runs(t.snapshot())                      # past the end: the range grows, for all three
    for p in plots:
        assert p.getPlotItem().vb.viewRange()[0][1] >= math.log10(270)
    panel.log_x.setChecked(False)                      # the linear axis re-fits at once
    assert panel.plot.getPlotItem().vb.viewRange()[0][1] >= 270
