"""The Batch Norm Lab on students' own 2-D data: edit, import, export; both twins train on the same points."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction

from bnviz.engine.data import CUSTOM, make_dataset
from bnviz.engine.userdata import class_counts, points_of
from bnviz.engine.userdata import read_csv, write_csv
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer, raw_units
from tests.lab_waits import train_then_pause, wait_frame
from tests.own_data_checks import refusal

LAB = ("bn", BatchNormConfig(tab="regions"))     # decision maps on: they carry the validation points
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


def hand_made(n: int = 200, seed: int = 7) -> tuple:
    """A ring around a cloud: two classes a line cannot split."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 2 * np.pi, n // 2)
    ring = np.c_[3 * np.cos(t), 3 * np.sin(t)] + rng.normal(0, 0.2, (n // 2, 2))
    cloud = rng.normal(0, 0.5, (n - n // 2, 2))
    return tuple((round(float(x), 4), round(float(y), 4), k) for k, part in enumerate((ring, cloud)) for x, y in part)


def own(cfg: BatchNormConfig, points) -> BatchNormConfig:
    return replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name=CUSTOM, points=tuple(points))))


@pytest.mark.parametrize("twin", ["bn", "normalize"])
def test_both_twins_train_on_the_same_hand_made_set(twin):
    cfg = own(BatchNormConfig(twin=twin), hand_made())
    lab = TwinTrainer(cfg)
    a, b = (r.data for r in lab.runs)
    np.testing.assert_array_equal(a.raw_train, b.raw_train)
    np.testing.assert_array_equal(a.y_train, make_dataset(cfg.train.data).y_train)
    assert (a is b) == (twin == "bn")               # normalized vs raw: the same rows, scaled apart


def test_import_trains_both_twins_on_exactly_the_file(lab, qtbot, tmp_path):
    train_then_pause(qtbot, lab, 10)
    s0, e0 = lab.frame.step, lab.frame.snapshot[0].epoch
    pts = hand_made()
    path = tmp_path / "ring.csv"
    write_csv(path, pts)
    assert lab.import_data(path) == 200
    assert lab.config().train.data.points == pts and lab.controls.dataset.currentData() == CUSTOM
    assert not lab.controls.noise.isEnabled() and lab.controls.normalize.isEnabled()
    wait_frame(qtbot, lab, lambda f: all(r.config.data.points == pts for r in f.snapshot)
               and all(r.decision is not None for r in f.snapshot) and lab.bridge.caught_up(f))
    expect = make_dataset(lab.config().train.data)
    assert [r.label for r in lab.frame.snapshot] == ["BN", "no BN"]
    for run in lab.frame.snapshot:                  # drawn in raw units, where the student draws
        np.testing.assert_allclose(run.decision.points, expect.raw_val)
        np.testing.assert_array_equal(run.decision.labels, expect.y_val)
    assert lab.frame.step == s0                     # adopted between two steps: no reset
    lab.bridge.play()                               # from here an epoch is len(x_train) // batch steps of these points
    spe = len(expect.x_train) // lab.config().train.batch_size
    wait_frame(qtbot, lab, lambda f: f.step >= s0 + spe + 1)
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
    # the new set's first pass starts at the adoption; a pass is counted when the next one begins
    assert all(r.epoch == e0 + (r.step - s0 - 1) // spe for r in lab.frame.snapshot)
    out = tmp_path / "out.csv"
    assert lab.export_data(out) == 200 and read_csv(out).points == pts


def test_export_of_a_generated_set_is_every_row(lab, qtbot, tmp_path):
    out = tmp_path / "moons.csv"
    assert lab.export_data(out) == 600
    assert read_csv(out).points == lab.data_points()


def test_a_malformed_file_is_refused_in_one_line_and_nothing_changes(window, qtbot, tmp_path):
    lab = window.lab_by_key("bn")
    window.tabs.setCurrentWidget(lab)
    assert window.findChild(QAction, "import_data").isEnabled()
    before = lab.config()
    assert refusal(lab, window, tmp_path / "bad.csv", "x1,x2,label\n0,0,0\n1,1,7\n") == "bad.csv: row 3, column label: 7 is not a class: use 0..5 or names"
    assert refusal(lab, window, tmp_path / "nan.csv", "0,0,0\n1,nan,1\n") == "nan.csv: row 2, column x2: nan is not a finite number"
    assert lab.config() == before


def test_a_session_keeps_the_hand_made_points(lab, qtbot):
    pts = hand_made(20)
    lab.apply_config(own(lab.config(), pts))
    state = lab.state()
    assert state["config"]["train"]["data"]["points"] == [list(p) for p in pts]
    lab.apply_config(BatchNormConfig())
    lab.apply_state(state)
    assert lab.config().train.data.points == pts and lab.config().twin == "bn"


# ------------------------------------------------------------- adopted between two steps (no Qt)


@pytest.mark.parametrize("twin", ["bn", "normalize"])
def test_both_twins_adopt_edited_points_between_two_steps(twin):
    cfg = BatchNormConfig(twin=twin, tab="regions")
    lab = TwinTrainer(cfg)
    lab.run(30)
    pts = points_of(lab.data)[:400] + ((0.0, 0.0, 1),) * 5
    w = [r.net.parameters()[0][1].copy() for r in lab.runs]
    new = own(cfg, pts)
    assert lab.configure(new) is False                              # no rebuild: the same twins go on
    assert [r.step_count for r in lab.runs] == [30, 30]
    assert all(np.array_equal(r.net.parameters()[0][1], w0) for r, w0 in zip(lab.runs, w))
    expect = make_dataset(new.train.data)
    for r in lab.runs:
        assert r.cfg.data.points == pts and len(r.data.x_train) == len(expect.x_train)
        np.testing.assert_array_equal(r.data.raw_train, expect.raw_train)      # the same rows for both
    if twin == "normalize":                                          # ... scaled for one, raw for the other
        a, b = lab.runs
        assert a.cfg.data.normalize and not b.cfg.data.normalize
        np.testing.assert_allclose(a.data.x_train, (expect.raw_train - a.data.mean) / a.data.std, atol=1e-5)
        np.testing.assert_array_equal(b.data.x_train, expect.raw_train)
    for s, r in zip(lab.snapshot(), lab.runs):                      # both maps over the raw plane
        np.testing.assert_array_equal(s.decision.points, expect.raw_val)
    lab.step()
    assert lab.step_count == 31
    three = pts + ((5.0, 5.0, 2),)                                   # a new class: the output layer grows
    assert lab.configure(own(cfg, three)) is True and lab.step_count == 0


def test_raw_units_move_the_map_not_the_picture():
    lab = TwinTrainer(BatchNormConfig(twin="normalize", tab="regions", train=replace(
        BatchNormConfig().train, data=replace(BatchNormConfig().train.data, elongate=10.0))))
    run = lab.runs[0]
    dm = run.snapshot().decision                    # the engine's map, in model inputs (standardized)
    raw = raw_units(dm, run.data)
    assert raw.probs is dm.probs
    assert raw.x_range[0] == pytest.approx(dm.x_range[0] * run.data.std[0] + run.data.mean[0], rel=1e-6)
    assert raw.y_range[1] == pytest.approx(dm.y_range[1] * run.data.std[1] + run.data.mean[1], rel=1e-6)
    np.testing.assert_allclose(raw.points, run.data.prepare(raw.points) * run.data.std + run.data.mean, rtol=1e-5)


# ------------------------------------------------------------------ Edit data with the mouse


def at(lab, x: float, y: float):
    """The viewport position of data point (x, y) on the first decision map."""
    vb = lab.decision.plot.getPlotItem().getViewBox()
    return lab.decision.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


@pytest.mark.parametrize("twin", ["bn", "normalize"])
def test_clicks_on_the_regions_plot_train_both_twins_on_the_drawn_points(lab, qtbot, twin):
    lab.apply_config(replace(lab.config(), twin=twin))
    lab.reflow.reveal(lab.tabs)                 # a narrow page shows its panes as tabs
    train_then_pause(qtbot, lab, 20)
    ed = lab.editor
    qtbot.waitUntil(lambda: lab.decision.plot.isVisible() and ed.toggle.isVisible())
    assert ed.toggle.isEnabled()
    qtbot.mouseClick(ed.toggle, LEFT)
    try:
        assert ed.active and len(ed.points) == 600 and not lab.decision.views[0].points.isVisible()
        assert ed.points == lab.data_points()                      # raw units, every split
        qtbot.mouseClick(ed.clear_button, LEFT)
        assert ed.points == () and lab.config().train.data.name == "moons"     # nothing trains on no points
        clicks = [(-1.0, 0.5, 0), (-0.5, 1.0, 0), (0.0, 1.2, 0), (0.5, 1.0, 0), (1.0, 0.5, 0),
                  (0.0, -0.2, 1), (0.5, -0.6, 1), (1.0, -0.8, 1), (1.5, -0.6, 1), (2.0, -0.2, 1)]
        for x, y, k in clicks:                   # class 0 a click, class 1 a shift-click
            qtbot.mouseClick(lab.decision.plot.viewport(), LEFT, SHIFT if k else Qt.KeyboardModifier.NoModifier,
                             pos=at(lab, x, y))
        assert [p[2] for p in ed.points] == [k for _, _, k in clicks]
        for p, (x, y, _) in zip(ed.points, clicks):
            assert p[:2] == pytest.approx((x, y), abs=0.05)
        qtbot.mouseClick(lab.decision.plot.viewport(), RIGHT, pos=at(lab, 2.0, -0.2))     # remove the last
        pts = ed.points
        assert len(pts) == 9 and class_counts(pts)[:2] == (5, 4)
        assert lab.config().train.data.points == pts and lab.config().twin == twin
        wait_frame(qtbot, lab, lambda f: all(r.config.data.points == pts and r.decision is not None
                                             for r in f.snapshot) and lab.bridge.caught_up(f))
        expect = make_dataset(lab.config().train.data)
        snap = lab.frame.snapshot
        assert lab.frame.step >= 20                                 # adopted between two steps: no reset
        for run in snap:                                            # both twins, on the drawn rows
            assert run.step == lab.frame.step
            np.testing.assert_allclose(run.decision.points, expect.raw_val)
            np.testing.assert_array_equal(run.decision.labels, expect.y_val)
        normalized = [r.config.data.normalize for r in snap]
        assert normalized == ([True, False] if twin == "normalize" else [True, True])
        assert len(expect.x_train) + len(expect.x_val) + len(expect.x_test) == 9
    finally:
        qtbot.mouseClick(ed.toggle, LEFT)
    assert not ed.active and lab.decision.views[0].points.isVisible()


def test_digits_say_in_one_line_why_there_is_no_edit_mode(lab, qtbot):
    lab.controls.dataset.setCurrentIndex(lab.controls.dataset.findData("digits"))
    assert lab.config().train.data.name == "digits"
    assert not lab.editor.toggle.isEnabled() and lab.editor.toggle.toolTip().startswith("Edit data needs a 2-D")
