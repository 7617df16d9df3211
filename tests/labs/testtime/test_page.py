"""The BN at Test Time lab driven through its widgets, checked against the engine's snapshot."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bnviz.labs.testtime.model import DEFAULT_TRAIN, GAP_STEPS, MODES, TestTimeConfig
from tests.lab_waits import WAIT, train_then_pause, wait_frame

# the lab's own default, smaller, so each test starts fast on a busy machine
SMALL = TestTimeConfig(train=replace(DEFAULT_TRAIN, data=replace(DEFAULT_TRAIN.data, n_samples=500),
                                     net=replace(DEFAULT_TRAIN.net, hidden=(16, 16, 16))))


LAB = ("testtime", SMALL)       # the module's lab page (tests/conftest.py: lab_page, lab)


def test_registered_in_the_window(window, qtbot):
    lab = next(p for p in window.labs if p.key == "testtime")
    assert lab.title == "BN at Test Time"
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=WAIT)
    assert window.controls_stack.currentWidget() is lab.controls


def test_trains_and_draws_the_engine_numbers(lab, qtbot):
    train_then_pause(qtbot, lab, 40)
    frame = lab.frame
    lab.show_frame(frame)
    snap = frame.snapshot
    layer, unit = lab.selection()
    est, m = snap.estimates, snap.measures
    lines = lab.estimates.lines
    assert np.array_equal(lines["run_mean"].yData, est["run_mean"][:, layer, unit])
    assert np.array_equal(lines["run_var"].xData, est["step"])
    assert np.array_equal(lines["batch_var"].yData, est["batch_var"][:, layer, unit], equal_nan=True)
    assert np.array_equal(lines["pop_mean"].yData, m["pop_mean"][:, layer, unit])
    assert np.allclose(lab.accuracy.bars.opts["height"], snap.accuracy.accuracy)
    for mode in MODES:
        assert np.array_equal(lab.accuracy.curves[mode].yData, m[f"acc_{mode}"])
    # the four ways really differ where the lecture says they should
    acc = dict(zip(MODES, snap.accuracy.accuracy))
    assert acc["single"] < acc["running"]
    # another layer and unit: the plots follow the selector
    lab.layer.setCurrentIndex(2)
    lab.unit.setValue(4)
    assert np.array_equal(lines["run_mean"].yData, est["run_mean"][:, 2, 3])
    assert "layer 3, unit 4" in lab.estimates.mean.getPlotItem().titleLabel.text


def test_momentum_slider_changes_the_averaging_without_a_reset(lab, qtbot):
    train_then_pause(qtbot, lab, 20)
    before = lab.frame.step
    lab.controls.momentum.setValue(0.5)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.net.bn_momentum == 0.5)
    assert lab.frame.step == before                      # a hot change: the run goes on
    assert "2 batches" in lab.controls.window_label.text()
    train_then_pause(qtbot, lab, before + 15)
    est = lab.frame.snapshot.estimates
    run, batch = est["run_mean"], est["batch_mean"]
    # the last rows follow running = 0.5 running + 0.5 batch
    np.testing.assert_allclose(run[-5:], 0.5 * run[-6:-1] + 0.5 * batch[-5:], rtol=1e-4, atol=1e-5)


def test_correction_toggle_reaches_the_engine(lab, qtbot):
    assert not lab.frame.snapshot.unbiased
    qtbot.mouseClick(lab.controls.unbiased, Qt.MouseButton.LeftButton)
    wait_frame(qtbot, lab, lambda f: f.snapshot.unbiased)
    snap = lab.frame.snapshot
    assert f"{snap.correction:.4f}" in lab.controls.correction_label.text()


def _assert_gaps_drawn(lab, g):
    """Every bar, and every number of the table, is the engine's."""
    for row, label in enumerate(g.labels):
        bars, _ = lab.noise.gap_bars[label]
        assert np.allclose(bars.opts["height"], g.loss_gap[row])
    assert np.allclose(lab.noise.effect_bars["bn"][0].opts["height"], g.bn_minus_control)
    assert np.allclose(lab.noise.effect_bars["dropout"][0].opts["height"], g.dropout_minus_no_bn)
    text = lab.noise.table.text()
    for values in (*g.loss_gap, g.bn_minus_control, g.dropout_minus_no_bn):
        for v in values:
            assert f"{v:+.3f}" in text
    assert "B=256" in text or max(g.batch_sizes) < 256


def test_batch_size_experiment_runs_on_the_worker_and_is_drawn(lab, qtbot):
    lab.noise.steps.setValue(50)
    lab.tabs.setCurrentWidget(lab.noise)
    qtbot.mouseClick(lab.noise.run_button, Qt.MouseButton.LeftButton)
    assert not lab.noise.run_button.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None and f.snapshot.gaps_request >= 1)
    qtbot.waitUntil(lab.noise.run_button.isEnabled, timeout=WAIT)
    snap = lab.frame.snapshot
    lab.show_frame(lab.frame)
    g = snap.gaps
    assert g.steps == 50 and list(g.batch_sizes) == [8, 32, 64, 256]
    assert g.labels == ("BN", "no BN", "BN, fixed stats", "dropout")
    _assert_gaps_drawn(lab, g)
    layer, _ = lab.selection()
    assert np.array_equal(lab.noise.mean_line.yData, snap.spread.mean_spread[layer])
    assert np.array_equal(lab.noise.ref_line.yData, snap.spread.mean_reference)


def test_noise_tab_trains_the_four_nets_after_play_and_draws_the_noise_effect(lab, qtbot):
    """The B6 view: Play alone fills the gap and effect plots with the engine's numbers, legends above the data."""
    lab.noise.steps.setValue(50)
    lab.tabs.setCurrentWidget(lab.noise)
    assert "first step" in lab.noise.table.text()
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None)
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
    lab.show_frame(lab.frame)
    g = lab.frame.snapshot.gaps
    assert g.steps == GAP_STEPS                # the model's own runs (the button would send the spin box's steps)
    _assert_gaps_drawn(lab, g)
    assert np.isfinite(g.bn_minus_control).all() and np.isfinite(g.dropout_minus_no_bn).all()
    # the legends name the four nets and the two differences, outside the view box
    for plot, n in ((lab.noise.gap_plot, 4), (lab.noise.effect_plot, 2)):
        legend = plot.getPlotItem().legend
        assert len(legend.items) == n
        assert not legend.sceneBoundingRect().intersects(plot.getPlotItem().getViewBox().sceneBoundingRect())
    names = [label.text for _, label in lab.noise.gap_plot.getPlotItem().legend.items]
    assert any("dropout 0.8 (no BN)" in t for t in names) and any("control" in t for t in names)
    for plot in (lab.noise.gap_plot, lab.noise.effect_plot):
        assert "nats" in plot.getPlotItem().getAxis("left").labelText
        assert "examples" in plot.getPlotItem().getAxis("bottom").labelText
    assert "nats" in lab.noise.table.text()


def test_depth_change_rebuilds_and_the_selectors_follow(lab, qtbot):
    lab.controls.depth.setValue(2)
    wait_frame(qtbot, lab, lambda f: len(f.snapshot.widths) == 2)
    assert lab.frame.step == 0
    lab.show_frame(lab.frame)
    assert lab.layer.count() == 2


def test_state_round_trip_and_bad_state_is_refused(lab, qtbot):
    st = lab.state()
    assert st["config"]["train"]["net"]["bn_momentum"] == 0.9
    st["config"]["train"]["net"]["bn_momentum"] = 0.7
    st["config"]["unbiased"] = True
    st["config"]["tab"] = "noise"
    lab.apply_state(st)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.net.bn_momentum == 0.7 and f.snapshot.unbiased)
    assert lab.controls.momentum.value() == pytest.approx(0.7)
    assert lab.controls.unbiased.isChecked() and lab.tabs.currentWidget() is lab.noise
    for bad in ({"colour": 1}, {"config": {"tab": "nope"}}, {"config": {"train": {"net": {"hidden": []}}}},
                {"config": {"unbiased": "yes"}}, {"config": {"train": {"optim": {"learning_rate": True}}}}):
        with pytest.raises(ValueError):
            lab.apply_state(bad)
    assert lab.state()["config"]["train"]["net"]["bn_momentum"] == 0.7
