"""The Batch Norm Lab driven through its real widgets, checked against the engine's numbers."""

import time

import numpy as np
from PySide6.QtCore import Qt, QThreadPool

from tests.lab_waits import WAIT, wait_frame


def test_play_trains_and_pause_stops(window, bn_lab, qtbot):
    assert bn_lab.frame.step == 0
    qtbot.keyClick(window, Qt.Key.Key_Space)
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 30)
    assert window.play_action.text() == "Pause"
    window.play_action.trigger()
    qtbot.wait(300)
    stopped_at = bn_lab.frame.step
    qtbot.wait(400)
    assert bn_lab.frame.step == stopped_at
    assert "step" in window.step_label.text()


def test_step_advances_exactly_one_batch(window, bn_lab, qtbot):
    window.step_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step == 1)
    window.step_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step == 2)
    qtbot.wait(200)
    assert bn_lab.frame.step == 2


def test_reset_gives_the_same_first_snapshot(window, bn_lab, qtbot):
    first = bn_lab.frame.snapshot
    window.step_action.trigger()
    window.epoch_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step > 5)
    window.reset_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step == 0)
    again = bn_lab.frame.snapshot
    for a, b in zip(first, again):
        assert np.array_equal(a.layers[0].z.counts, b.layers[0].z.counts)
        assert np.array_equal(a.history["val_loss"], b.history["val_loss"])


def test_histograms_show_the_engine_snapshot(window, bn_lab, qtbot):
    window.play_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 20)
    window.play_action.trigger()
    qtbot.wait(300)
    frame = bn_lab.frame
    bn_lab.show_frame(frame)
    for i, row in enumerate(bn_lab.histograms.rows):
        for run in frame.snapshot:
            ls = run.layers[i]
            x, y = row[0].curves[run.label].xData, row[0].curves[run.label].yData
            assert np.array_equal(x, ls.z.edges) and np.array_equal(y, ls.z.counts)
            y2 = row[1].curves[run.label].yData
            assert np.array_equal(y2, ls.act_in.counts)
    curve = bn_lab.curves._curves[("BN", "val_loss")]
    assert np.array_equal(curve.yData, frame.snapshot[0].history["val_loss"])


def test_frames_drawn_piece_by_piece_show_the_engine_snapshot(window, bn_lab, qtbot):
    """The lab trains in its own process and draws each frame one plot per event-loop turn."""
    assert bn_lab.bridge._child._process.is_alive()
    window.play_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 20)
    window.play_action.trigger()
    qtbot.waitUntil(lambda: not bn_lab.bridge.playing and not bn_lab.frame.playing, timeout=5000)
    qtbot.waitUntil(lambda: not bn_lab._pieces, timeout=5000)
    frame = bn_lab.frame
    for i, row in enumerate(bn_lab.histograms.rows):
        for cell, key in zip(row, ("z", "act_in", "a")):
            hists = [(run.label, getattr(run.layers[i], key)) for run in frame.snapshot]
            for label, h in hists:
                assert np.array_equal(cell.curves[label].yData, h.counts)
            # the fill under the outlines spans the same bins and the tallest bar
            box = cell.fills.boundingRect()
            assert box.left() == min(h.edges[0] for _, h in hists)
            assert box.height() == max(h.counts.max() for _, h in hists)
    curve = bn_lab.curves._curves[("BN", "val_loss")]
    assert np.array_equal(curve.yData, frame.snapshot[0].history["val_loss"])   # a paused frame redraws the tab


def test_time_series_axes_move_in_jumps_not_every_frame(qtbot):
    from bnviz.ui.plots import make_plot, steady_range

    plot = make_plot("loss", "step", "loss")
    qtbot.addWidget(plot)
    steps = np.arange(0, 101, dtype=float)
    steady_range(plot, steps, [np.linspace(2.0, 0.5, steps.size)])
    first = plot.getPlotItem().vb.viewRange()
    assert first[0][1] >= 100 and first[1][0] < 0.5 and first[1][1] > 2.0
    more = np.arange(0, 121, dtype=float)
    steady_range(plot, more, [np.linspace(2.0, 0.45, more.size)])      # a few more points: no change
    assert plot.getPlotItem().vb.viewRange() == first
    longer = np.arange(0, 400, dtype=float)
    steady_range(plot, longer, [np.linspace(2.0, 0.2, longer.size)])   # past the end: x grows
    assert plot.getPlotItem().vb.viewRange()[0][1] >= 399


def test_learning_rate_change_keeps_the_run_depth_change_resets(window, bn_lab, qtbot):
    controls = bn_lab.controls
    window.play_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 20)
    controls.lr.slider.setValue(controls.lr.slider.value() - 10)
    lr = controls.lr.value()
    qtbot.waitUntil(lambda: abs(bn_lab.frame.snapshot[0].config.optim.learning_rate - lr) < 1e-12, timeout=WAIT)
    assert bn_lab.frame.step >= 20            # no reset
    window.play_action.trigger()
    qtbot.wait(200)
    controls.depth.setValue(2)
    wait_frame(qtbot, bn_lab, lambda f: len(f.snapshot[0].layers) == 2)
    assert bn_lab.frame.step == 0
    assert "rebuilt" in window.notice_label.text()
    assert len(bn_lab.histograms.rows) == 2


def test_diverging_setting_is_marked_and_app_stays_usable(window, bn_lab, qtbot):
    controls = bn_lab.controls
    controls.optimizer.setCurrentIndex(controls.optimizer.findData("sgd"))
    controls.lr.setValue(1e3)
    controls.changed()
    window.play_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: any(r.diverged for r in f.snapshot))
    qtbot.waitUntil(lambda: window.diverged_label.isVisible(), timeout=WAIT)
    assert "diverged at step" in window.diverged_label.text()
    # both twins diverge at lr 1e3, and the run stops itself: the Play button pops up
    qtbot.waitUntil(lambda: not bn_lab.bridge.playing and not window.play_action.isChecked(), timeout=WAIT)
    controls.lr.setValue(0.1)
    controls.changed()
    window.reset_action.trigger()
    window.play_action.trigger()
    wait_frame(qtbot, bn_lab, lambda f: f.step > 10 and not any(r.diverged for r in f.snapshot))


def test_invalid_config_is_refused_with_the_field_named(window, bn_lab, qtbot):
    controls = bn_lab.controls
    before = bn_lab.config()
    controls.lr.setValue(0.5)
    controls.decay.setCurrentIndex(controls.decay.findData("exponential"))   # rate 0 is invalid here
    assert "decay_rate" in controls.error.text()
    assert bn_lab.config().train.optim.decay == before.train.optim.decay


def test_closing_stops_the_worker(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings)
    win.show()
    lab = win.lab_by_key("bn")
    win.tabs.setCurrentWidget(lab)
    win.play_action.trigger()
    qtbot.waitUntil(lambda: lab.frame is not None and lab.frame.step > 5, timeout=WAIT)
    process = lab.bridge._child._process
    t0 = time.perf_counter()
    win.close()
    assert time.perf_counter() - t0 < 1.5
    assert lab.bridge._done.is_set()
    assert not process.is_alive()          # the training process ended with the window
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=2000)


def test_log_step_axis_moves_in_jumps(qtbot):
    from bnviz.ui.plots import make_plot, steady_x

    plot = make_plot("loss", "step", "loss")
    qtbot.addWidget(plot)
    plot.setLogMode(x=True, y=False)
    assert steady_x(plot, np.arange(0, 101, dtype=float))
    first = plot.getPlotItem().vb.viewRange()[0]
    assert first[0] <= 0 and first[1] >= 2                  # steps 1..100 in log10 units
    assert not steady_x(plot, np.arange(0, 181, dtype=float))   # less than twice the last: no change
    assert plot.getPlotItem().vb.viewRange()[0] == first
    assert steady_x(plot, np.arange(0, 400, dtype=float))       # past the end: x grows
    assert plot.getPlotItem().vb.viewRange()[0][1] >= np.log10(399)
    assert steady_x(plot, np.arange(0, 3, dtype=float))         # a reset: back to the first decade
    assert plot.getPlotItem().vb.viewRange()[0][1] < 1.5


def test_tabs_are_built_when_first_shown(qtbot):
    """A lesson's first frame builds only its own tab's plots; another tab is built when it is chosen (issue 18)."""
    from bnviz.labs.batchnorm.model import TABS, BatchNormConfig
    from bnviz.labs.batchnorm.page import BatchNormPage
    from bnviz.labs.batchnorm.panels.bnparams import BNParamsPanel
    from bnviz.labs.batchnorm.panels.figure1 import Figure1Panel

    page = BatchNormPage(BatchNormConfig(tab="figure1"))
    qtbot.addWidget(page)
    assert isinstance(page.tabs.currentWidget(), Figure1Panel)
    assert page.findChild(BNParamsPanel) is None
    page.tabs.setCurrentIndex(TABS.index("bnparams"))
    assert isinstance(page.tabs.currentWidget(), BNParamsPanel) and page.tabs.currentWidget() is page.bnparams
    assert page.config().tab == "bnparams"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == \
        ["Curves", "BN paper Fig. 1", "Regions", "\u03b3 \u03b2 stats", "Contours"]
    page.shutdown()
