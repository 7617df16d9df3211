"""The Covariate Shift Lab on students' own data: import, edit, export; the shift moves the user's points."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from bnviz.engine.data import CUSTOM, DataConfig, make_dataset
from bnviz.engine.userdata import points_of, read_csv, write_csv
from bnviz.labs.covariate.model import REF_ROWS, CovariateConfig, CovariateExperiment, shift_raw, slice_dataset
from bnviz.labs.covariate.shifts import ShiftConfig
from tests.lab_waits import train_then_pause, wait_frame
from tests.own_data_checks import refusal

LAB = ("shift", CovariateConfig())       # the module's lab page (tests/conftest.py: lab_page, lab)
LEFT = Qt.MouseButton.LeftButton


def own(cfg: CovariateConfig, points) -> CovariateConfig:
    return replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name=CUSTOM, points=tuple(points))))


def hand_made(n: int = 240, seed: int = 3) -> tuple:
    """Two clouds of two classes, not a generated set of the lab (rounded as an editor would)."""
    rng = np.random.default_rng(seed)
    a = rng.normal((-1.5, 0.5), 0.4, (n // 2, 2))
    b = rng.normal((1.0, -0.5), 0.4, (n - n // 2, 2))
    return tuple((round(float(x), 4), round(float(y), 4), k) for k, cloud in enumerate((a, b)) for x, y in cloud)


# ------------------------------------------------------------------- the model (no Qt)


def test_the_twins_adopt_edited_points_between_two_steps_and_the_shift_moves_them():
    cfg = CovariateConfig()
    lab = CovariateExperiment(cfg)
    for _ in range(30):
        lab.step()
    pts = points_of(lab.base)[:500] + ((0.0, 0.0, 1),) * 5
    w = [r.net.parameters()[0][1].copy() for r in lab.runs]
    assert lab.configure(own(cfg, pts)) is False                       # no rebuild
    assert [r.step_count for r in lab.runs] == [30, 30]
    assert all(np.array_equal(r.net.parameters()[0][1], w0) for r, w0 in zip(lab.runs, w))
    expect = make_dataset(own(cfg, pts).train.data)
    s = lab.snapshot()
    assert s.n_train == len(expect.x_train) and all(r.data is lab.data for r in lab.runs)
    np.testing.assert_array_equal(s.inputs.reference_points, expect.raw_train[:REF_ROWS])
    np.testing.assert_allclose(s.inputs.shifted_points, shift_raw(expect.raw_train[:REF_ROWS], cfg.shift, expect))
    lab.step()
    assert lab.step_count == 31


def test_a_sub_population_is_cut_from_the_hand_made_points():
    pts = hand_made()
    cfg = own(replace(CovariateConfig(), shift=ShiftConfig("subpopulation", 0.6)), pts)
    lab = CovariateExperiment(cfg)
    sliced, _ = slice_dataset(make_dataset(cfg.train.data), 0.6, True)
    assert lab.snapshot().n_train == len(sliced.x_train) < len(make_dataset(cfg.train.data).x_train)
    np.testing.assert_array_equal(lab.data.raw_train, sliced.raw_train)


# --------------------------------------------------------------------- the page


def test_import_trains_both_twins_on_exactly_the_file_and_export_round_trips(lab, qtbot, tmp_path):
    train_then_pause(qtbot, lab, 10)
    pts = hand_made()
    path = tmp_path / "mine.csv"
    write_csv(path, pts)
    assert lab.import_data(path) == 240
    assert lab.config().train.data == replace(CovariateConfig().train.data, name=CUSTOM, points=pts)
    assert lab.controls.dataset.currentData() == CUSTOM and not lab.controls.noise.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.train.data.points == pts and lab.bridge.caught_up(f))
    snap = lab.frame.snapshot
    expect = make_dataset(lab.config().train.data)
    assert snap.n_train == len(expect.x_train) and len(expect.x_train) + len(expect.x_val) + len(expect.x_test) == 240
    assert [r.run.config.data.points for r in snap.runs] == [pts, pts]         # BN and no-BN twin alike
    np.testing.assert_array_equal(snap.inputs.reference_points, expect.raw_train)
    np.testing.assert_allclose(snap.inputs.shifted_points, shift_raw(expect.raw_train, snap.config.shift, expect))
    assert lab.frame.step >= 10                                                # moons -> custom, 2 classes: adopted
    again = tmp_path / "again.csv"
    assert lab.export_data(again) == 240 and read_csv(again).points == pts


def test_edit_data_on_the_inputs_plot_adds_a_point_the_twins_train_on(lab, qtbot):
    ed = lab.editor
    lab.reflow.reveal(lab.inputs)             # a narrow page shows its panes as tabs
    qtbot.waitUntil(lambda: lab.inputs.scatter.isVisible())
    assert ed.toggle.isEnabled() and ed.toggle.isVisible()
    qtbot.mouseClick(ed.toggle, LEFT)
    try:
        assert ed.active and len(ed.points) == 600 and not lab.inputs.train_points.isVisible()
        qtbot.mouseClick(ed.swatches.button(1), LEFT)
        vb = lab.inputs.scatter.getPlotItem().getViewBox()
        pos = lab.inputs.scatter.mapFromScene(vb.mapViewToScene(QPointF(0.25, 0.25)))
        qtbot.mouseClick(lab.inputs.scatter.viewport(), LEFT, pos=pos)
        assert len(ed.points) == 601 and ed.points[-1][2] == 1
        assert ed.points[-1][:2] == pytest.approx((0.25, 0.25), abs=0.05)
        wait_frame(qtbot, lab, lambda f: f.snapshot.config.train.data.points == ed.points and lab.bridge.caught_up(f))
        assert lab.frame.snapshot.n_train == len(make_dataset(lab.config().train.data).x_train)
    finally:
        qtbot.mouseClick(ed.toggle, LEFT)
    assert not ed.active and lab.inputs.train_points.isVisible()


def test_digits_say_in_one_line_why_there_is_no_edit_mode(lab, qtbot):
    lab.controls.dataset.setCurrentIndex(lab.controls.dataset.findData("digits"))
    assert lab.config().train.data.name == "digits"
    assert not lab.editor.toggle.isEnabled() and lab.editor.toggle.toolTip().startswith("Edit data needs a 2-D")
    pts = hand_made(60)                 # an import still works: the image shift becomes its 2-D counterpart
    cfg = lab.config_with_points(pts)
    assert cfg.train.data.points == pts and cfg.shift.kind == "translate"


def test_a_malformed_file_is_refused_in_one_line_and_nothing_changes(window, qtbot, tmp_path):
    lab = window.lab_by_key("shift")
    window.tabs.setCurrentWidget(lab)
    before = lab.config()
    assert refusal(lab, window, tmp_path / "bad.csv", "x1,x2,label\n1,2,0\n3,4\n") == "bad.csv: row 3: 2 columns; expected 3 (x1, x2, label)"
    assert refusal(lab, window, tmp_path / "inf.csv", "1,2,0\ninf,4,1\n") == "inf.csv: row 2, column x1: inf is not a finite number"
    assert lab.config() == before and "\n" not in window.last_refusal


def test_a_session_keeps_the_hand_made_points(lab, qtbot):
    pts = hand_made(40)
    lab.apply_config(own(lab.config(), pts))
    state = lab.state()
    assert state["config"]["train"]["data"]["points"] == [list(p) for p in pts]
    lab.apply_config(CovariateConfig())
    lab.apply_state(state)
    assert lab.config().train.data.points == pts and lab.config().train.data.name == CUSTOM
    state["config"]["train"]["data"]["points"][3] = [1.0, 2.0, 9]
    with pytest.raises(ValueError, match=r"points\[3\].label=9"):
        lab.apply_state(state)
    assert lab.config().train.data.points == pts


def test_choosing_hand_made_starts_from_the_set_on_screen(lab, qtbot):
    combo = lab.controls.dataset
    combo.setCurrentIndex(combo.findData(CUSTOM))
    data = lab.config().train.data
    assert data.name == CUSTOM and data.points == points_of(make_dataset(CovariateConfig().train.data))
    assert not lab.controls.classes.isEnabled() and not lab.controls.elongate.isEnabled()
    assert lab.controls.normalize.isEnabled()
    combo.setCurrentIndex(combo.findData("circles"))
    assert lab.config().train.data.name == "circles" and lab.controls.noise.isEnabled()
    assert isinstance(lab.config().train.data, DataConfig)
