"""B1's contour tab driven through the real page: after steps it shows the engine's surface and paths."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from bnviz import schema
from bnviz.app.presets import find_preset
from bnviz.labs.batchnorm.model import TABS, BatchNormConfig
from tests.lab_waits import wait_frame

B1 = schema.from_json(BatchNormConfig, find_preset("normalize-inputs").state["config"], "state.config")
LAB = ("bn", B1)       # the module's lab page (tests/conftest.py: lab_page, lab)


def step_to(qtbot, lab, n):
    lab.bridge.step(n - lab.frame.step)
    wait_frame(qtbot, lab, lambda f: f.step == n and not f.playing)
    lab.show_frame(lab.frame)


def test_the_lesson_opens_on_the_contour_tab_and_draws_each_runs_path_after_steps(qtbot, lab):
    assert B1.tab == "contour" and lab.tabs.currentWidget() is lab.contour
    step_to(qtbot, lab, 25)
    runs = lab.frame.snapshot
    assert [r.label for r in runs] == ["normalized", "raw"]
    for r in runs:
        view = lab.contour.views[r.label]
        assert view.widget.isVisible()
        path = r.contour.path
        assert len(path["w1"]) == 26                        # the start and one point per step
        np.testing.assert_array_equal(view.path.xData, path["w1"])
        np.testing.assert_array_equal(view.path.yData, path["w2"])
        assert len(view.rings.xData) > 0 and len(view.inner.xData) > 0
        s = r.contour.surface
        (x0, x1), (y0, y1) = view.plot.getPlotItem().vb.viewRange()
        assert x0 <= s.w1_range[0] and x1 >= s.w1_range[1] and y0 <= s.w2_range[0] and y1 >= s.w2_range[1]
        assert "step 25" in view.readout.text()
    # equal aspect: one unit of w1 is as long on screen as one unit of w2
    vb = lab.contour.views["raw"].plot.getPlotItem().vb
    sx, sy = vb.viewPixelSize()
    assert abs(sx - sy) <= 0.02 * max(sx, sy)
    kappa = {r.label: r.contour.condition for r in runs}
    assert kappa["raw"] >= 200 * kappa["normalized"]
    assert f"{kappa['raw']:.0f}" in lab.contour.views["raw"].plot.getPlotItem().titleLabel.text


def test_choosing_the_contour_tab_brings_the_surface_that_other_tabs_go_without(qtbot, lab):
    lab.tabs.setCurrentIndex(TABS.index("curves"))
    step_to(qtbot, lab, 3)
    assert all(r.contour.surface is None for r in lab.frame.snapshot)
    bar = lab.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(TABS.index("contour")).center())
    assert lab.tabs.currentWidget() is lab.contour and lab.config().tab == "contour"
    wait_frame(qtbot, lab, lambda f: all(r.contour.surface is not None for r in f.snapshot))
    step_to(qtbot, lab, 10)                 # a change of tab goes on training: 3 steps before, 7 after
    for r in lab.frame.snapshot:
        assert len(lab.contour.views[r.label].path.xData) == 11
        assert lab.contour.views[r.label].rings.xData is not None
