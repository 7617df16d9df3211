"""The BN at Test Time lab driven through its widgets, checked against the engine's snapshot."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bnviz.labs.testtime.model import DEFAULT_TRAIN, MODES, TestTimeConfig
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


def _job_done(qtbot, lab):
    qtbot.waitUntil(lambda: lab.noise.job.button.isEnabled(), timeout=WAIT)


def test_batch_size_experiment_runs_on_the_worker_and_is_drawn(lab, qtbot):
    """Showing the noise tab starts the short runs as a job with progress; the button runs them again."""
    lab.noise.steps.setValue(50)
    assert lab.frame.snapshot.gaps is None
    seen = []
    lab.bridge.job_progress.connect(lambda job, done, total, text: seen.append((done, total, text)))
    lab.tabs.setCurrentWidget(lab.noise)
    assert not lab.noise.job.button.isEnabled() and lab.noise.job.stop.isEnabled()
    _job_done(qtbot, lab)
    bar = lab.noise.job.progress
    assert bar.value() == bar.maximum() and "done" in bar.format()
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None)
    snap = lab.frame.snapshot
    lab.show_frame(lab.frame)
    g = snap.gaps
    assert g.steps == 50 and list(g.batch_sizes) == [8, 32, 64, 256]
    assert g.labels == ("BN", "no BN", "BN, fixed stats", "dropout")
    _assert_gaps_drawn(lab, g)
    assert [d for d, _, _ in seen] == list(range(1, 17)) and seen[-1][1:] == (16, "dropout, B=256")
    layer, _ = lab.selection()
    assert np.array_equal(lab.noise.mean_line.yData, snap.spread.mean_spread[layer])
    assert np.array_equal(lab.noise.ref_line.yData, snap.spread.mean_reference)
    # again, with other steps, by the button
    lab.noise.steps.setValue(60)
    qtbot.mouseClick(lab.noise.job.button, Qt.MouseButton.LeftButton)
    assert not lab.noise.job.button.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None and f.snapshot.gaps.steps == 60)
    _job_done(qtbot, lab)
    lab.show_frame(lab.frame)
    _assert_gaps_drawn(lab, lab.frame.snapshot.gaps)
    assert np.isfinite(lab.frame.snapshot.gaps.bn_minus_control).all()


def test_stop_cancels_the_short_runs_and_play_does_not_start_them_again(lab, qtbot):
    lab.noise.steps.setValue(5000)
    lab.tabs.setCurrentWidget(lab.noise)
    qtbot.waitUntil(lambda: lab.noise.job.progress.value() >= 1, timeout=WAIT)
    qtbot.mouseClick(lab.noise.job.stop, Qt.MouseButton.LeftButton)
    _job_done(qtbot, lab)
    assert "cancelled" in lab.noise.job.progress.format()
    train_then_pause(qtbot, lab, 20)
    assert lab.frame.snapshot.gaps is None                 # stopped means stopped: the steps did not run them
    assert lab.noise.job.button.isEnabled()


def test_leaving_the_noise_tab_stops_the_short_runs_and_coming_back_starts_them(lab, qtbot):
    """A lecturer paging from B6 to B7 does not wait for B6's runs; back on the tab they start again."""
    lab.noise.steps.setValue(5000)
    lab.tabs.setCurrentWidget(lab.noise)
    qtbot.waitUntil(lambda: lab.noise.job.progress.value() >= 1, timeout=WAIT)
    lab.tabs.setCurrentIndex(0)
    _job_done(qtbot, lab)
    assert "cancelled" in lab.noise.job.progress.format()
    wait_frame(qtbot, lab, lambda f: f.snapshot.config is not None and not f.snapshot.gaps_declined)
    lab.noise.steps.setValue(50)
    lab.tabs.setCurrentWidget(lab.noise)
    assert not lab.noise.job.button.isEnabled()           # started again by itself
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None and f.snapshot.gaps.steps == 50)


def test_noise_tab_shows_the_engine_gap_runs_with_legends_off_the_data(lab, qtbot):
    """The B6 view: the gap and effect plots carry the engine's numbers, legends above the data."""
    lab.noise.steps.setValue(50)
    lab.tabs.setCurrentWidget(lab.noise)
    assert "first shows" in lab.noise.table.text()
    wait_frame(qtbot, lab, lambda f: f.snapshot.gaps is not None)
    _job_done(qtbot, lab)
    lab.show_frame(lab.frame)
    g = lab.frame.snapshot.gaps
    assert g.steps == 50
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
