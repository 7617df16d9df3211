"""The Softmax Lab on students' own data: the model adopts edited points; File > Import / Export data."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtGui import QAction

from bnviz.engine.config import NetConfig
from bnviz.engine.data import CUSTOM
from bnviz.engine.userdata import class_counts, points_of, read_csv, write_csv
from bnviz.labs.softmax.model import SoftmaxConfig, SoftmaxLab
from tests.lab_waits import train_then_pause, wait_frame
from tests.own_data_checks import refusal

LAB = ("softmax", SoftmaxConfig())       # the module's lab page (tests/conftest.py: lab_page, lab)


def own(cfg: SoftmaxConfig, points) -> SoftmaxConfig:
    return replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name=CUSTOM, points=tuple(points))))


# ------------------------------------------------------------------- the model (no Qt)


def test_edited_points_are_adopted_between_two_steps_with_the_same_weights():
    cfg = replace(SoftmaxConfig(), train=replace(SoftmaxConfig().train, net=NetConfig(hidden=(8,))),
                  compare_flat=True)
    lab = SoftmaxLab(cfg)
    for _ in range(40):
        lab.step()
    pts = points_of(lab.data) + ((0.0, 0.0, 2),) * 7
    w = lab.net.parameters()[0][1].copy()
    assert lab.configure(own(cfg, pts)) is False            # no rebuild
    assert lab.step_count == 40 and np.array_equal(lab.net.parameters()[0][1], w)
    s = lab.snapshot()
    assert s.counts == class_counts(pts)[:3] and s.config.data.points == pts
    assert lab.flat.data is lab.data and lab.flat.step_count == 40          # the twin meets the same data
    assert len(s.regions.points) == len(lab.data.raw_train)
    np.testing.assert_array_equal(s.regions.points, lab.data.raw_train)    # drawn in raw units
    lab.step()
    assert lab.step_count == 41


def test_a_new_class_count_rebuilds_from_step_0():
    cfg = own(SoftmaxConfig(), ((0.0, 0.0, 0), (1.0, 1.0, 1), (0.0, 1.0, 0), (1.0, 0.0, 1)))
    lab = SoftmaxLab(cfg)
    for _ in range(10):
        lab.step()
    assert lab.configure(own(cfg, cfg.train.data.points + ((2.0, 2.0, 2),))) is True
    assert lab.step_count == 0 and lab.snapshot().n_classes == 3 and lab.snapshot().counts == (2, 2, 1)


def test_the_region_map_is_the_same_picture_in_raw_units():
    lab = SoftmaxLab(SoftmaxConfig())
    d, m = lab.data, lab.snapshot().regions
    (x0, x1), (y0, y1) = m.x_range, m.y_range
    lo = (np.array([x0, y0]) - d.mean) / d.std
    hi = (np.array([x1, y1]) - d.mean) / d.std
    np.testing.assert_allclose(lo, np.concatenate([d.x_train, d.x_val]).min(0) - 0.5, atol=1e-5)
    np.testing.assert_allclose(hi, np.concatenate([d.x_train, d.x_val]).max(0) + 0.5, atol=1e-5)


# --------------------------------------------------------------------- the page


def test_export_then_import_round_trip_through_the_page(lab, qtbot, tmp_path):
    train_then_pause(qtbot, lab, 10)
    path = tmp_path / "blobs.csv"
    assert lab.export_data(path) == 400
    exported = read_csv(path).points
    assert exported == lab.data_points() and class_counts(exported)[:3] == (134, 133, 133)
    pts = exported[:300] + ((5.0, 5.0, 1),)
    write_csv(path, pts)
    assert lab.import_data(path) == 301
    assert lab.config().train.data.name == CUSTOM and lab.config().train.data.points == pts
    assert lab.controls.dataset.currentData() == CUSTOM and not lab.controls.classes.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.data.points == pts)
    assert lab.frame.step >= 10                                       # the run went on: no reset
    assert lab.frame.snapshot.counts == class_counts(pts)[:3]
    again = tmp_path / "again.csv"
    lab.export_data(again)
    assert read_csv(again).points == pts                               # the round trip equals


def test_a_bad_file_is_refused_in_one_line_and_nothing_is_lost(window, qtbot, tmp_path):
    lab = window.lab_by_key("softmax")
    window.tabs.setCurrentWidget(lab)
    importer = window.findChild(QAction, "import_data")
    assert importer.isEnabled() and window.findChild(QAction, "export_data").isEnabled()
    before = lab.config()
    assert refusal(lab, window, tmp_path / "bad.csv", "x1,x2,label\n1,2,0\n3,abc,1\n") == "bad.csv: row 3, column x2: 'abc' is not a number"
    one = tmp_path / "one.csv"
    one.write_text("1,2,cat\n3,4,cat\n")
    assert not lab.import_data_or_refuse(one, window)
    assert "only one class (cat)" in window.last_refusal
    assert lab.config() == before
    window.tabs.setCurrentWidget(window.lab_by_key("testtime"))          # a lab without its own data
    assert not importer.isEnabled()


def test_a_session_keeps_the_hand_made_points(lab, qtbot):
    pts = ((0.0, 0.0, 0), (1.0, 1.0, 1), (0.5, 0.2, 1))
    lab.apply_config(own(lab.config(), pts))
    state = lab.state()
    assert state["config"]["train"]["data"]["points"] == [list(p) for p in pts]
    lab.apply_config(SoftmaxConfig())
    lab.apply_state(state)
    assert lab.config().train.data.points == pts
    state["config"]["train"]["data"]["points"][1] = [1.0, float("nan"), 1]
    with pytest.raises(ValueError, match=r"points\[1\].x2=nan"):
        lab.apply_state(state)
    assert lab.config().train.data.points == pts


def test_choosing_hand_made_starts_from_the_set_on_screen(lab, qtbot):
    combo = lab.controls.dataset
    combo.setCurrentIndex(combo.findData(CUSTOM))
    data = lab.config().train.data
    assert data.name == CUSTOM and len(data.points) == 400 and data.n_classes == 3
    assert not lab.controls.noise.isEnabled()
    combo.setCurrentIndex(combo.findData("spiral"))                 # back to a generated set; the drawing waits
    assert lab.config().train.data.name == "spiral" and len(lab.config().train.data.points) == 400
    assert lab.controls.classes.isEnabled()
