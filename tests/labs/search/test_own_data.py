"""The Search Lab on students' own points: File > Import data makes every trial train on the CSV's rows."""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtGui import QAction

import bnviz.engine.trainer as engine_trainer
from bnviz.engine.data import CUSTOM, make_dataset
from bnviz.engine.userdata import read_csv, write_csv
from bnviz.labs.search.model import SearchConfig, SearchSession, objective_for
from bnviz.search.objective import build_config, train_trial
from tests.own_data_checks import refusal

WAIT = 20000
SMALL = SearchConfig(budget=4, steps=20, compare=False)     # four real trials of 20 steps
LAB = ("search", SMALL)
PARAMS = {"learning_rate": 0.02, "adam_eps": 1e-8, "optimizer": "adam"}


def prepare_lab(page):
    """Trials on threads of this process, so a test can see the engine's data sets they build."""
    page.set_executor_factory(lambda: ThreadPoolExecutor(max_workers=2))


def hand_made(n: int = 90, seed: int = 5) -> tuple:
    """Two clouds of two classes, rounded as a CSV holds them."""
    rng = np.random.default_rng(seed)
    a = rng.normal((-1.0, 0.0), 0.3, (n // 2, 2))
    b = rng.normal((1.0, 0.5), 0.3, (n - n // 2, 2))
    return tuple((round(float(x), 4), round(float(y), 4), k) for k, c in enumerate((a, b)) for x, y in c)


@pytest.fixture
def seen_data(monkeypatch):
    """Every data set a trial's ``Trainer`` trains on (the objective imports the engine's class when it runs)."""
    seen, lock, real = [], threading.Lock(), engine_trainer.Trainer

    class Spy(real):
        def __init__(self, cfg, *args, **kw):
            super().__init__(cfg, *args, **kw)
            with lock:
                seen.append((cfg.data, self.data))

    monkeypatch.setattr(engine_trainer, "Trainer", Spy)
    return seen


def run_all(qtbot, lab) -> None:
    lab.bridge.play()
    sess = lab.bridge.session
    qtbot.waitUntil(lambda: not lab.bridge.playing and sess.finished, timeout=WAIT)
    qtbot.waitUntil(lambda: lab.frame.snapshot.n_done == len(sess.results)
                    and lab.frame.snapshot.generation == sess.generation, timeout=WAIT)


def rows(data) -> list:
    """A built data set's rows (every split) as sorted (x1, x2, label), in raw units."""
    x = np.concatenate([data.raw_train, data.raw_val, data.raw_test]).astype(np.float64)
    y = np.concatenate([data.y_train, data.y_val, data.y_test])
    return sorted((round(float(a), 4), round(float(b), 4), int(k)) for (a, b), k in zip(x, y))


# ------------------------------------------------------------------- the model (no Qt)


def test_the_points_are_checked_by_the_data_rules_and_travel_in_the_objective():
    pts = hand_made()
    cfg = SearchConfig(dataset=CUSTOM, points=[list(p) for p in pts])     # as JSON brings them
    assert cfg.points == pts and cfg.data().points == pts
    obj = pickle.loads(pickle.dumps(objective_for(cfg)))                  # what a worker process receives
    assert obj.keywords["dataset"] == CUSTOM and obj.keywords["points"] == pts
    data = make_dataset(build_config(PARAMS, cfg.seed, CUSTOM, pts).data)
    assert rows(data) == sorted(pts)
    assert "points" not in objective_for(cfg, "moons").keywords         # a shifted round trains on moons
    big = SearchConfig(dataset=CUSTOM, points=tuple((float(i % 100), float(i // 100), i % 2) for i in range(10_000)))
    assert len(pickle.dumps(objective_for(big))) < 400_000               # 10,000 points: a few hundred kB
    for bad, why in (([(0.0, 0.0, 0), (1.0, 1.0, 0)], "only class 0"), ([(0.0, float("inf"), 0)], r"points\[0\].x2"),
                     ((), "needs points"), ([(0.0, 0.0, 7)], r"points\[0\].label=7")):
        with pytest.raises(ValueError, match=why):
            SearchConfig(dataset=CUSTOM, points=bad)


def test_a_saved_search_on_hand_made_points_round_trips_with_its_shifted_round():
    cfg = SearchConfig(dataset=CUSTOM, points=hand_made(), objective="synthetic", budget=4, compare=False)
    s = SearchSession(cfg)
    s.shift_data("spiral")
    state = s.to_state()
    back = SearchSession.restored(cfg, state)
    assert back.round_data == {0: CUSTOM, 1: "spiral"} and back.round_shift == {1: CUSTOM}
    with pytest.raises(ValueError, match="without points"):
        SearchSession.restored(replace(cfg, dataset="moons"), state)


# --------------------------------------------------------------------- the page


def test_import_makes_every_trial_train_on_the_file(lab, qtbot, tmp_path, seen_data):
    pts = hand_made()
    path = tmp_path / "mine.csv"
    write_csv(path, pts)
    assert lab.import_data(path) == len(pts)
    cfg = lab.config()
    assert cfg.dataset == CUSTOM and cfg.points == pts and lab.controls.dataset.currentData() == CUSTOM
    assert "hand-made" in lab.controls.dataset.currentText()
    run_all(qtbot, lab)
    s = lab.frame.snapshot
    assert s.n_done == 4 and all(st == "ok" for st in s.main.status)
    assert len(seen_data) == 4                                         # one engine run per trial ...
    expect = make_dataset(cfg.data())
    for data_cfg, data in seen_data:                                  # ... each on exactly the file's rows
        assert data_cfg.name == CUSTOM and data_cfg.points == pts
        assert rows(data) == sorted(pts)
        np.testing.assert_array_equal(data.raw_train, expect.raw_train)
    for p, score in zip(s.main.params, s.main.score):                 # the scores are those of these points
        assert score == train_trial(dict(p), cfg.seed, steps=20, dataset=CUSTOM, curve_points=10, points=pts)["score"]
    assert "hand-made" in lab.banner.text()
    out = tmp_path / "out.csv"
    assert lab.export_data(out) == len(pts) and read_csv(out).points == pts


def test_re_run_on_shifted_data_works_from_hand_made_points(lab, qtbot, seen_data):
    lab.apply_config(replace(SMALL, dataset=CUSTOM, points=hand_made()))
    run_all(qtbot, lab)
    assert lab.controls.shift_button.isEnabled() and lab.controls.shift_data.currentData() == "spiral"
    seen_data.clear()
    lab.controls.shift_button.click()
    qtbot.waitUntil(lambda: lab.frame.snapshot.current_round == 1, timeout=WAIT)
    run_all(qtbot, lab)
    r = lab.frame.snapshot.rounds[1]
    assert (r.dataset, r.shifted_from, r.n_done) == ("spiral", CUSTOM, 4)
    assert [c.name for c, _ in seen_data] == ["spiral"] * 4 and all(len(rows(d)) == 600 for _, d in seen_data)


def test_the_hand_made_choice_starts_from_the_set_the_trials_trained_on(lab, qtbot):
    combo = lab.controls.dataset
    combo.setCurrentIndex(combo.findData(CUSTOM))
    cfg = lab.config()
    assert cfg.dataset == CUSTOM and cfg.points == tuple(read_points(SMALL))


def read_points(cfg: SearchConfig) -> tuple:
    from bnviz.engine.userdata import points_of

    return points_of(make_dataset(cfg.data()))


def test_a_session_keeps_the_points_and_refuses_a_bad_one(lab, qtbot):
    pts = hand_made(20)
    lab.apply_config(replace(SMALL, dataset=CUSTOM, points=pts))
    state = lab.state()
    assert state["config"]["points"] == [list(p) for p in pts]
    lab.apply_config(SMALL)
    lab.apply_state(state)
    assert lab.config().points == pts and lab.config().dataset == CUSTOM
    state["config"]["points"][3] = [0.0, float("nan"), 1]
    with pytest.raises(ValueError, match=r"points\[3\].x2=nan"):
        lab.apply_state(state)
    assert lab.config().points == pts


def test_a_malformed_file_is_refused_in_one_line_and_nothing_changes(window, qtbot, tmp_path):
    lab = window.lab_by_key("search")
    window.tabs.setCurrentWidget(lab)
    assert window.findChild(QAction, "import_data").isEnabled()
    before, generation = lab.config(), lab.bridge.generation
    assert refusal(lab, window, tmp_path / "bad.csv", "x1,x2,label\n0,0,0\n1,oops,1\n") == "bad.csv: row 3, column x2: 'oops' is not a number"
    one = tmp_path / "one.csv"
    one.write_text("0,0,a\n1,1,a\n")
    assert not lab.import_data_or_refuse(one, window)
    assert "only one class (a)" in window.last_refusal and "\n" not in window.last_refusal
    assert lab.config() == before and lab.bridge.generation == generation     # no new search either


def test_trials_in_worker_processes_get_the_points(lab, qtbot, seen_data):
    """The default process pool: the points cross to the workers inside the pickled objective."""
    pts = hand_made(60, seed=9)
    lab.set_executor_factory(None)
    try:
        lab.apply_config(replace(SMALL, dataset=CUSTOM, points=pts))
        run_all(qtbot, lab)
    finally:
        prepare_lab(lab)
    s = lab.frame.snapshot
    assert s.n_done == 4 and seen_data == []            # no trial ran in this process
    for p, score, st in zip(s.main.params, s.main.score, s.main.status):
        assert st == "ok"
        assert score == train_trial(dict(p), lab.config().seed, steps=20, dataset=CUSTOM, curve_points=10,
                                    points=pts)["score"]
