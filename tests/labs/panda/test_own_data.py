"""Panda vs Caviar on students' own data: File > Import data trains the babysat model on the CSV."""

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtGui import QAction

from bnviz.engine.data import CUSTOM, make_dataset
from bnviz.engine.userdata import read_csv, write_csv
from bnviz.labs.panda.model import PandaLabConfig, PandaVsCaviar
from tests.lab_waits import train_then_pause, wait_frame
from tests.own_data_checks import refusal

LAB = ("panda", PandaLabConfig())        # the module's lab page (tests/conftest.py: lab_page, lab)


def hand_made(n: int = 300, seed: int = 5) -> tuple:
    """Three clouds of three classes (names in the file: cat, dog, fox)."""
    rng = np.random.default_rng(seed)
    centres = ((-2.0, 0.0), (2.0, 0.0), (0.0, 2.5))
    return tuple((round(float(x), 4), round(float(y), 4), i % 3)
                 for i, (x, y) in enumerate(rng.normal(0, 0.6, (n, 2)) + np.array([centres[i % 3] for i in range(n)])))


def own(cfg: PandaLabConfig, points) -> PandaLabConfig:
    return replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name=CUSTOM, points=tuple(points))))


def test_the_three_runs_share_the_hand_made_set():
    cfg = own(PandaLabConfig(), hand_made())
    lab = PandaVsCaviar(cfg)
    assert lab.panda.data is lab.data and lab.caviar.data is lab.data and lab.race.data is lab.data
    expect = make_dataset(cfg.train.data)
    np.testing.assert_array_equal(lab.data.raw_train, expect.raw_train)
    assert lab.snapshot().panda.counts == tuple(np.bincount(expect.y_train, minlength=3))


def test_import_trains_the_babysat_model_on_exactly_the_file(lab, qtbot, tmp_path):
    train_then_pause(qtbot, lab, 20)
    pts = hand_made()
    path = tmp_path / "animals.csv"
    names = ("cat", "dog", "fox")
    path.write_text("x1,x2,animal\n" + "".join(f"{x},{y},{names[k]}\n" for x, y, k in pts))
    assert lab.import_data(path) == 300
    assert lab.config().train.data.name == CUSTOM and lab.config().train.data.points == pts
    assert lab.controls.dataset.currentData() == CUSTOM and not lab.controls.classes.isEnabled()
    wait_frame(qtbot, lab, lambda f: f.snapshot.panda.config.data.points == pts and lab.bridge.caught_up(f))
    snap = lab.frame.snapshot.panda
    expect = make_dataset(lab.config().train.data)
    assert snap.counts == tuple(int(c) for c in np.bincount(expect.y_train, minlength=3))
    assert sum(snap.counts) == len(expect.x_train) and snap.step < 20          # a new run, from step 0
    lab.bridge.step()
    wait_frame(qtbot, lab, lambda f: f.snapshot.panda.step == snap.step + 1)
    assert lab.frame.snapshot.panda.counts == snap.counts
    out = tmp_path / "out.csv"
    assert lab.export_data(out) == 300 and read_csv(out).points == pts


def test_a_malformed_file_is_refused_in_one_line_and_nothing_changes(window, qtbot, tmp_path):
    lab = window.lab_by_key("panda")
    window.tabs.setCurrentWidget(lab)
    assert window.findChild(QAction, "import_data").isEnabled()
    before = lab.config()
    assert refusal(lab, window, tmp_path / "seven.csv", "".join(f"{i},{i},c{i}\n" for i in range(7))) == "seven.csv: row 7, column label: 'c6' would be a class 7; at most 6"
    assert refusal(lab, window, tmp_path / "empty.csv", "x1,x2,label\n") == "empty.csv: no data rows (expected columns x1, x2, label)"
    assert lab.config() == before


def test_a_session_keeps_the_hand_made_points(lab, qtbot, tmp_path):
    pts = hand_made(30)
    path = tmp_path / "p.csv"
    write_csv(path, pts)
    lab.import_data(path)
    state = lab.state()
    assert state["config"]["train"]["data"]["points"] == [list(p) for p in pts]
    lab.apply_config(PandaLabConfig())
    lab.apply_state(state)
    assert lab.config().train.data.points == pts
    state["config"]["train"]["data"]["points"] = []
    with pytest.raises(ValueError, match="needs points"):
        lab.apply_state(state)
    assert lab.config().train.data.points == pts
