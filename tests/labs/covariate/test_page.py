"""The Covariate Shift Lab driven through its real widgets, checked against the engine's numbers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bnviz.labs.covariate.model import CovariateConfig
from bnviz.labs.covariate.page import CovariatePage
from bnviz.labs.covariate.panels.layers import distance_text
from bnviz.labs.covariate.shifts import ShiftConfig
from tests.lab_waits import WAIT, wait_frame

FAST = CovariateConfig(lr_steps=30, lr_points=3, sweep_points=6)


LAB = ("shift", FAST)       # the module's lab page (tests/conftest.py: lab_page, lab)


def train(qtbot, lab, steps):
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.step >= steps)
    lab.bridge.pause()
    qtbot.wait(150)
    lab.show_frame(lab.frame)


def test_lab_opens_in_the_window(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings, start_workers=False)   # the other tests train; this one checks the wiring
    qtbot.addWidget(win)
    try:
        lab = win.lab_by_key("shift")
        assert isinstance(lab, CovariatePage) and lab.title == "Covariate Shift Lab"
        keys = [lab.key for lab in win.labs]
        assert keys.index("shift") == keys.index("bn") + 1
        win.show()
        win.tabs.setCurrentWidget(lab)
        assert win.controls_stack.currentWidget() is lab.controls
        assert win.tabs.tabText(win.tabs.currentIndex()) == "Covariate Shift Lab"
        assert lab.controls.findChild(type(lab.controls.magnitude), "shift_magnitude") is lab.controls.magnitude
    finally:
        win.close()


def test_trains_and_draws_the_engine_snapshot(qtbot, lab):
    train(qtbot, lab, 40)
    snap = lab.frame.snapshot
    assert snap.step >= 40
    # per-layer cells: the engine's histograms and distances
    for i, row in enumerate(lab.layers.cells):
        for r in snap.runs:
            cell = row[r.label]
            np.testing.assert_array_equal(cell.train.xData, r.layers[i].reference.edges)
            np.testing.assert_array_equal(cell.train.yData, r.layers[i].reference.counts)
            np.testing.assert_array_equal(cell.shifted.yData, r.layers[i].shifted.counts)
            assert lab.layers.titles[i][r.label] == distance_text(r.layers[i])
    # internal covariate shift tab: the drift history of the last layer
    lab.tabs.setCurrentWidget(lab.drift)
    lab.show_frame(lab.frame)
    for r in snap.runs:
        curve = lab.drift.curves[r.label]
        np.testing.assert_array_equal(curve.xData, r.drift_step)
    # it opens on each unit's input mean; the bars hold the run averages of all three measures
    assert lab.drift.measure.currentData() == "mean"
    for r in snap.runs:
        np.testing.assert_array_equal(lab.drift.curves[r.label].yData, r.drift_mean[:, -1])
        for key, field in (("mean", r.drift_mean_avg), ("var", r.drift_var_avg), ("w1", r.drift_avg)):
            np.testing.assert_array_equal(lab.drift.bars[key, r.label].opts["height"], np.nan_to_num(field))
    assert not lab.drift.relative.isEnabled()
    for i, field in ((1, "drift_var"), (2, "drift")):
        lab.drift.measure.setCurrentIndex(i)
        for r in snap.runs:
            np.testing.assert_array_equal(lab.drift.curves[r.label].yData, getattr(r, field)[:, -1])
    assert lab.drift.relative.isEnabled()
    lab.drift.relative.setChecked(True)
    for r in snap.runs:
        np.testing.assert_array_equal(lab.drift.curves[r.label].yData, r.drift_relative[:, -1])
        np.testing.assert_array_equal(lab.drift.bars["w1", r.label].opts["height"], np.nan_to_num(r.drift_avg_relative))
    # noisy BN tab: the runs' own history
    lab.tabs.setCurrentWidget(lab.noisy)
    lab.show_frame(lab.frame)
    for r in snap.runs:
        np.testing.assert_array_equal(lab.noisy.acc_curves[r.label].yData, r.run.history["val_acc"])


def test_shift_slider_moves_inputs_and_distances(qtbot, lab):
    train(qtbot, lab, 20)
    before = lab.frame.snapshot
    step = before.step
    lab.controls.magnitude.setValue(0.9)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.shift.magnitude == pytest.approx(0.9))
    snap = lab.frame.snapshot
    assert snap.step == step                                   # a transform shift does not retrain
    lab.show_frame(lab.frame)
    iv = snap.inputs
    np.testing.assert_array_equal(lab.inputs.shift_points.data["x"], iv.shifted_points[:, 0])
    np.testing.assert_array_equal(lab.inputs.shift_points.data["y"], iv.shifted_points[:, 1])
    np.testing.assert_allclose(iv.shifted_points - iv.reference_points, 2.7 / np.sqrt(2), atol=1e-5)
    assert "2.70" in lab.controls.amount.text()
    for r0, r1 in zip(before.runs, snap.runs):
        d0 = [l.distance for l in r0.layers]
        d1 = [l.distance for l in r1.layers]
        assert np.mean(d1) > np.mean(d0)                      # further shift, further apart
        for i, layer in enumerate(r1.layers):
            assert lab.layers.titles[i][r1.label] == distance_text(layer)
    # no shift at all: the engine reports exactly zero and the panel says so
    lab.controls.magnitude.setValue(0.0)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.shift.magnitude == 0.0)
    lab.show_frame(lab.frame)
    for r in lab.frame.snapshot.runs:
        assert all(l.distance == 0.0 for l in r.layers)
        assert lab.layers.titles[0][r.label].startswith("W\u2081 0.000")


def test_accuracy_sweep_draws_the_engine_numbers(qtbot, lab):
    train(qtbot, lab, 20)
    qtbot.mouseClick(lab.sweep.job.button, Qt.MouseButton.LeftButton)
    wait_frame(qtbot, lab, lambda f: f.snapshot.shift_sweep is not None)
    qtbot.waitUntil(lambda: lab.running_job is None, timeout=WAIT)
    lab.show_frame(lab.frame)
    sw = lab.frame.snapshot.shift_sweep
    assert len(sw.magnitudes) == 6 and not sw.retrained
    for label, curve in lab.sweep.curves.items():
        np.testing.assert_array_equal(curve.xData, sw.magnitudes)
        np.testing.assert_array_equal(curve.yData, sw.accuracy[label])
    assert lab.sweep.job.progress.value() == lab.sweep.job.progress.maximum()
    assert lab.sweep.job.button.isEnabled() and not lab.sweep.job.stop.isEnabled()
    assert lab.sweep.marker.value() == pytest.approx(0.5)


class NoWorkerPage(CovariatePage):
    """The covariate lab on a machine where no worker can be made (the recipe itself raises)."""

    def make_model(self):
        raise RuntimeError("no worker here")


def test_a_sweep_without_a_worker_says_why_and_can_be_tried_again(qtbot):
    page = NoWorkerPage(FAST)
    qtbot.addWidget(page)
    page.show()
    page.ensure_started()
    assert page.bridge.failure.endswith("RuntimeError: no worker here")
    for _ in range(2):          # the row is usable again after each refusal
        qtbot.mouseClick(page.sweep.job.button, Qt.MouseButton.LeftButton)
        assert page.running_job is None
        assert page.sweep.job.button.isEnabled() and not page.sweep.job.stop.isEnabled()
        assert "failed: could not start the training process" in page.sweep.job.progress.format()
        assert page.retune.job.button.isEnabled()
    assert page.shutdown(1.0)


def test_retune_runs_on_the_worker_and_marks_the_best_rates(qtbot, lab):
    lab.controls.kind.setCurrentIndex(lab.controls.kind.findData("scale"))
    lab.controls.magnitude.setValue(1.0)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.shift == ShiftConfig("scale", 1.0))
    progress = []
    lab.job_progress.connect(lambda name, done, total, text: progress.append((name, done, total)))
    qtbot.mouseClick(lab.retune.job.button, Qt.MouseButton.LeftButton)
    assert not lab.retune.job.button.isEnabled() and not lab.sweep.job.button.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.lr_sweep is not None and f.snapshot.lr_sweep.shift.kind == "scale")
    qtbot.waitUntil(lambda: lab.running_job is None, timeout=WAIT)
    lab.tabs.setCurrentWidget(lab.retune)
    lab.show_frame(lab.frame)
    lr = lab.frame.snapshot.lr_sweep
    assert lr.shift == ShiftConfig("scale", 1.0) and len(lr.rates) == 3
    for label in ("BN", "no BN"):
        np.testing.assert_array_equal(lab.retune.curves[label, "after"].xData, lr.rates)
        x_best = lab.retune.best[label, "after"].xData
        assert list(x_best) == [lr.best_after[label]]
        assert f"{lr.best_before[label]:.3g} \u2192 {lr.best_after[label]:.3g}" in lab.retune.result.text()
    assert progress[-1] == ("lr", 12, 12)
    assert all(name == "lr" for name, _, _ in progress)


def test_a_sweep_can_be_cancelled(qtbot, lab):
    lab.apply_config(replace(FAST, lr_steps=20000, lr_points=12))
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.lr_steps == 20000)
    lab.start_job("lr")
    qtbot.waitUntil(lambda: lab.retune.job.stop.isEnabled(), timeout=WAIT)
    qtbot.wait(200)
    qtbot.mouseClick(lab.retune.job.stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lab.running_job is None, timeout=WAIT)
    assert "cancelled" in lab.retune.job.progress.format()
    assert lab.retune.job.button.isEnabled()


def test_subpopulation_rebuilds_on_a_slice_and_digits_switch_kinds(qtbot, lab):
    lab.controls.kind.setCurrentIndex(lab.controls.kind.findData("subpopulation"))
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.shift.kind == "subpopulation")
    snap = lab.frame.snapshot
    assert snap.n_train < 300 and snap.step == 0
    lab.show_frame(lab.frame)
    assert "all" in lab.layers.headers["BN"].text()
    lab.controls.dataset.setCurrentIndex(lab.controls.dataset.findData("digits"))
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.train.data.name == "digits")
    kinds = [lab.controls.kind.itemData(i) for i in range(lab.controls.kind.count())]
    assert "brightness" in kinds and "translate" not in kinds
    lab.controls.kind.setCurrentIndex(lab.controls.kind.findData("brightness"))
    lab.controls.magnitude.setValue(0.6)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.shift == ShiftConfig("brightness", 0.6))
    lab.show_frame(lab.frame)
    iv = lab.frame.snapshot.inputs
    assert lab.inputs.currentIndex() == 1
    np.testing.assert_array_equal(lab.inputs.shift_hist.yData, iv.shifted_pixels.counts)


def test_state_round_trip_and_refusal(qtbot, lab):
    lab.controls.noise_shift.setValue(1.5)
    state = lab.state()
    assert state["config"]["train"]["noise_shift"] == 1.5
    other = CovariatePage(FAST)
    qtbot.addWidget(other)
    other.apply_state(state)
    assert other.config() == lab.config()
    assert other.controls.noise_shift.value() == pytest.approx(1.5)
    with pytest.raises(ValueError, match="colour"):
        other.apply_state({**state, "colour": 1})
    with pytest.raises(ValueError, match="brightness"):
        other.apply_state({"config": {**state["config"], "shift": {"kind": "brightness", "magnitude": 0.5}}})
    assert other.config() == lab.config()          # refused before changing anything
