"""The Hyperparameter Search Lab driven through its widgets, checked against the trials that finished."""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from bnviz.labs.search.model import SearchConfig

WAIT = 15000
SYN = SearchConfig(objective="synthetic", budget=9)


def threads():
    return ThreadPoolExecutor(max_workers=2)


LAB = ("search", SYN)       # the module's lab page (tests/conftest.py: lab_page, lab)


def prepare_lab(page):
    """GUI mechanics without process start-up: trials on threads (the objective is synthetic)."""
    page.set_executor_factory(threads)




def run_all(qtbot, lab) -> None:
    """Play until every trial is done, then wait for the frame that shows all of them."""
    lab.bridge.play()
    sess = lab.bridge.session
    qtbot.waitUntil(lambda: not lab.bridge.playing and sess.finished, timeout=WAIT)
    n, rounds, gen = len(sess.results), len(sess.history), sess.generation
    qtbot.waitUntil(lambda: (lab.frame.snapshot.n_done, len(lab.frame.snapshot.rounds), lab.frame.snapshot.generation)
                    == (n, rounds, gen), timeout=WAIT)
    lab.show_frame(lab.frame)


def assert_scatter_matches(scatter, table) -> None:
    """The plotted points are the finished trials: their axis coordinates and their scores."""
    ok = table.ok
    x, y = scatter.points.getData()
    np.testing.assert_allclose(x, table.ax[ok])
    np.testing.assert_allclose(y, table.ay[ok])
    np.testing.assert_allclose(scatter.shown_scores, table.score[ok])
    fx, fy = scatter.failed.getData()
    assert len(fx) == int((~ok).sum())


def test_play_from_the_window_fills_the_scatter_while_the_gui_stays_responsive(qtbot, settings):
    """Real training runs on the runner's default process pool, started with the toolbar's Play."""
    from bnviz.app.application import create_window

    win = create_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    try:
        lab = win.lab_by_key("search")
        win.tabs.setCurrentWidget(lab)
        # long enough trials (~1 s in all) that the GUI has to stay responsive for a while
        lab.apply_config(SearchConfig(budget=6, steps=300, compare=False))
        qtbot.waitUntil(lambda: lab.frame is not None and lab.frame.snapshot.n_total == 6, timeout=WAIT)
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start(20)
        seen = []
        lab.frame_shown.connect(lambda f: seen.append(f.snapshot.n_done))
        t0 = time.perf_counter()
        win.play_action.trigger()
        assert lab.bridge.playing and win.play_action.text() == "Pause"
        qtbot.waitUntil(lambda: lab.frame.snapshot.n_done == 6 and not lab.bridge.playing, timeout=30000)
        elapsed = time.perf_counter() - t0
        timer.stop()
        qtbot.waitUntil(lambda: win.play_action.text() == "Play", timeout=2000)   # un-pressed by itself
        # points appeared as trials finished, not all at the end
        assert len({n for n in seen if 0 < n < 6}) >= 1
        # the GUI thread kept serving its timer: no long freeze while trials ran
        gaps = np.diff(ticks)
        assert len(ticks) >= 0.25 * elapsed / 0.02 and gaps.max() < 0.5, (len(ticks), elapsed, gaps.max())
        s = lab.frame.snapshot
        lab.show_frame(lab.frame)
        assert_scatter_matches(lab.view.scatter, s.main)
        # real training runs: each reports its validation loss, or where it diverged (score nan)
        assert "SYNTHETIC" not in lab.banner.text() and all("SYNTHETIC" not in m for m in s.main.messages)
        for st, score, msg in zip(s.main.status, s.main.score, s.main.messages):
            assert (st == "ok" and 0 <= score <= 1 and msg.startswith("val loss")) or \
                (st == "diverged" and math.isnan(score) and "diverged at step" in msg)
        assert "trials done" in win.metrics_label.text()
    finally:
        win.close()


def test_scatter_points_are_the_finished_trials(lab, qtbot):
    seen_partial = []
    lab.frame_shown.connect(lambda f: seen_partial.append(0 < f.snapshot.main.score.size < 9))
    run_all(qtbot, lab)
    s = lab.frame.snapshot
    assert len(s.main) == 9
    assert_scatter_matches(lab.view.scatter, s.main)
    # the hover text names the trial's parameters and score
    pts = lab.view.scatter.points.points()
    assert "learning rate" in pts[0].data() and "val accuracy" in pts[0].data()
    # the best trial is starred
    bx, by = lab.view.scatter.best.getData()
    i = s.main.keys.index(s.best_key)
    assert (bx[0], by[0]) == (s.main.ax[i], s.main.ay[i]) and s.best_score == np.nanmax(s.main.score)
    # projections: score against each parameter
    px, py = lab.view.proj[0].points.getData()
    np.testing.assert_allclose(px, s.main.ax[s.main.ok])
    np.testing.assert_allclose(py, s.main.score[s.main.ok])
    # SYNTHETIC is said wherever it is shown
    assert "SYNTHETIC" in lab.banner.text()
    assert "SYNTHETIC" in lab.view.scatter.plot.titleLabel.text
    assert "SYNTHETIC" in lab.status(lab.frame)[0]


def test_zoom_restricts_the_next_round_to_the_rectangle(lab, qtbot):
    run_all(qtbot, lab)
    lab.view.set_roi((-3.0, -2.0), (-9.0, -8.0))
    lab.view.zoom_button.click()
    qtbot.waitUntil(lambda: lab.frame.snapshot.current_round == 1, timeout=WAIT)
    run_all(qtbot, lab)
    s = lab.frame.snapshot
    r1 = s.main.round == 1
    assert r1.sum() == 9
    assert np.all((s.main.x[r1] >= 1e-3 - 1e-12) & (s.main.x[r1] <= 1e-2 + 1e-12))
    assert np.all((s.main.y[r1] >= 1e-9 - 1e-20) & (s.main.y[r1] <= 1e-8 + 1e-20))
    assert_scatter_matches(lab.view.scatter, s.main)
    # rounds get their own markers; the view is the new round's box
    symbols = {p.symbol() for p in lab.view.scatter.points.points()}
    assert {"o", "t"} <= symbols
    (x0, x1), _ = lab.view.scatter.plot.getViewBox().viewRange()
    assert x0 < -3.0 and x1 > -2.0 and x1 - x0 < 1.5
    # a button per round; going back makes round 0 current again
    assert [b.text() for b in lab.view.round_buttons] == ["\u25cf R0", "\u25bc R1"]
    lab.view.round_buttons[0].click()
    qtbot.waitUntil(lambda: lab.frame.snapshot.current_round == 0, timeout=WAIT)
    assert lab.view.round_buttons[0].isChecked()


def test_grid_vs_random_show_the_distinct_counts(lab, qtbot):
    lab.apply_config(SearchConfig(objective="synthetic", budget=25, compare=True, tab="compare"))
    run_all(qtbot, lab)
    s = lab.frame.snapshot
    grid, rnd = lab.compare.columns["grid"], lab.compare.columns["random"]
    assert "5 distinct values" in grid.scatter.plot.getAxis("bottom").labelText
    assert "5 distinct values" in grid.scatter.plot.getAxis("left").labelText
    assert "25 distinct values" in rnd.scatter.plot.getAxis("bottom").labelText
    assert "25 distinct values" in rnd.proj[0].plot.getAxis("bottom").labelText
    assert f"best {s.arms['grid'].best_score:.3f}" in grid.scatter.plot.titleLabel.text
    assert_scatter_matches(grid.scatter, s.arms["grid"].table)
    assert_scatter_matches(rnd.scatter, s.arms["random"].table)
    # the grid's projection onto alpha has 5 columns of points, random's 25
    gx, _ = grid.proj[0].points.getData()
    rx, _ = rnd.proj[0].points.getData()
    assert len(np.unique(gx)) <= 5 and len(np.unique(rx)) == int(s.arms["random"].table.ok.sum())
    # best-so-far curves end at each arm's best
    x, y = lab.compare.curves["random"].getData()
    assert y[-1] == s.arms["random"].best_score and x[-1] == 25
    assert "Grid" in lab.compare.summary.text() and "SYNTHETIC" in lab.compare.summary.text()


def test_scales_tab_shows_the_engine_counts(lab, qtbot):
    lab.show_tab("scales")
    d = lab.frame.snapshot.scales_demo
    texts = [t.toPlainText() for t in lab.scales.lr_uniform.texts]
    assert texts == [f"{c}\n{100 * c / d.n:.0f}%" for *_, c in d.lr_uniform_decades]
    assert "90% in [0.1, 1]" in lab.scales.lr_uniform.plot.titleLabel.text or \
        "89% in" in lab.scales.lr_uniform.plot.titleLabel.text or "91% in" in lab.scales.lr_uniform.plot.titleLabel.text
    x, y = lab.scales.lr_log.bars.getData()
    np.testing.assert_array_equal(y, d.lr_log)
    wx, wy = lab.scales.window_curve.getData()
    np.testing.assert_allclose(10 ** wy, d.window)
    assert lab.scales.beta_uniform.plot.getAxis("bottom").tickStrings([-1.0, -2.0, -3.0], 1, 1.0) == \
        ["0.9", "0.99", "0.999"]


def test_data_shift_moves_to_a_new_round_on_other_data(lab, qtbot):
    lab.apply_config(SearchConfig(objective="synthetic", budget=4, compare=False))
    run_all(qtbot, lab)
    lab.controls.shift_data.setCurrentIndex(lab.controls.shift_data.findData("spiral"))
    assert not lab.controls.shift_button.isEnabled()   # synthetic scores ignore the data: no shift
    lab.shift_data("moons")
    run_all(qtbot, lab)
    s = lab.frame.snapshot
    assert s.current_round == 1 and s.rounds[1].shifted_from == "spiral" and s.rounds[1].dataset == "moons"
    assert s.stale_best is not None and s.stale_best["old_score"] == s.rounds[0].best_score


def test_config_and_state_round_trip(lab, qtbot):
    lab.controls.budget.setValue(16)
    qtbot.waitUntil(lambda: lab.frame.snapshot.config.budget == 16, timeout=WAIT)
    state = lab.state()
    with pytest.raises(ValueError, match="config.typo"):
        lab.apply_state({"config": {"typo": 1}})
    with pytest.raises(ValueError, match="budget"):
        lab.apply_state({"config": {"budget": 1}})
    assert lab.config().budget == 16          # a refused state changed nothing
    lab.apply_state({"config": {**state["config"], "pair": "lr_beta", "tab": "compare"}})
    qtbot.waitUntil(lambda: lab.frame.snapshot.names == ("learning_rate", "beta1"), timeout=WAIT)
    assert lab.tabs.currentIndex() == 1 and lab.controls.pair.currentData() == "lr_beta"
    # the beta axis is labelled in beta with equal steps of 1 - beta, beta growing upwards
    lab.show_tab("search")
    ax = lab.view.scatter.plot.getAxis("left")
    assert lab.view.scatter.plot.getViewBox().yInverted()
    assert ax.tickStrings([-1.0, -2.0], 1, 1.0) == ["0.9", "0.99"]
    lab.set_seed(7)
    qtbot.waitUntil(lambda: lab.frame.snapshot.config.seed == 7, timeout=WAIT)


def test_a_saved_session_keeps_the_trials_and_rounds(window, qtbot, tmp_path):
    """File > Save session writes the finished trials and zoom rounds; opening shows the same numbers."""
    import json

    lab = window.lab_by_key("search")
    lab.set_executor_factory(threads)
    window.tabs.setCurrentWidget(lab)
    lab.apply_config(SearchConfig(objective="synthetic", budget=9, seed=2))
    qtbot.waitUntil(lambda: lab.frame is not None and lab.frame.snapshot.config.seed == 2, timeout=WAIT)
    run_all(qtbot, lab)
    lab.view.set_roi((-3.0, -1.0), (-9.0, -7.0))
    lab.view.zoom_button.click()
    qtbot.waitUntil(lambda: lab.frame.snapshot.current_round == 1, timeout=WAIT)
    run_all(qtbot, lab)
    saved = lab.frame.snapshot
    path = tmp_path / "s.json"
    window.save_session(path)
    d = json.loads(path.read_text())
    assert len(d["labs"]["search"]["trials"]) == saved.n_done == 9 + 9 + 27
    assert len(d["labs"]["search"]["rounds"]["rounds"]) == 2

    lab.apply_config(SearchConfig(objective="synthetic", budget=4, compare=False))     # something else
    qtbot.waitUntil(lambda: lab.frame.snapshot.config.budget == 4, timeout=WAIT)
    assert window.open_session(path)
    qtbot.waitUntil(lambda: lab.frame.snapshot.config == saved.config and lab.frame.snapshot.n_done == saved.n_done,
                    timeout=WAIT)
    s = lab.frame.snapshot
    assert s.n_running == 0 and s.n_queued == 0 and not lab.bridge.playing      # nothing re-ran
    assert [k[1:] for k in s.main.keys] == [k[1:] for k in saved.main.keys]
    for f in ("score", "x", "y", "round"):
        np.testing.assert_array_equal(getattr(s.main, f), getattr(saved.main, f))
    assert s.rounds == saved.rounds and s.current_round == 1
    assert s.best_score == saved.best_score and s.best_params == saved.best_params
    for arm in saved.arms:
        np.testing.assert_array_equal(s.arms[arm].table.score, saved.arms[arm].table.score)
    for name, curve in saved.best_so_far.items():
        np.testing.assert_array_equal(s.best_so_far[name], curve)
    lab.show_frame(lab.frame)
    assert [b.text() for b in lab.view.round_buttons] == ["\u25cf R0", "\u25bc R1"]
    assert_scatter_matches(lab.view.scatter, s.main)

    # a corrupted trial is refused naming the field, and the lab keeps what it shows
    d["labs"]["search"]["trials"][2]["result"]["score"] = "abc"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    before = lab.state()
    assert not window.open_session(bad)
    assert "trials[2].result.score" in window.last_refusal
    assert lab.state() == before
    assert lab.bridge.session.snapshot().n_done == saved.n_done


def test_saved_trials_are_checked_before_anything_changes(lab, qtbot):
    run_all(qtbot, lab)
    state = lab.state()
    gen = lab.bridge.session.generation
    cases = [
        ({"trials": [{**state["trials"][0], "index": 99}]}, "trials[0].index"),
        ({"trials": [{**state["trials"][0], "arm": "sobol"}]}, "trials[0].arm"),
        ({"trials": [state["trials"][0]] * 2}, "listed twice"),
        ({"trials": [{**state["trials"][0], "result": {**state["trials"][0]["result"], "status": "great"}}]},
         "trials[0].result.status"),
        ({"trials": [state["trials"][0]] * 10_001}, "at most 10000"),
        ({"rounds": {**state["rounds"], "current": 5}}, "rounds.current"),
        ({"rounds": {**state["rounds"], "rounds": [{**state["rounds"]["rounds"][0], "sampler": "x"}]}},
         "rounds.rounds[0]"),
        ({"rounds": {**state["rounds"], "rounds": [{**state["rounds"]["rounds"][0], "dataset": "mnist"}]}},
         "rounds.rounds[0].dataset"),
    ]
    for change, field in cases:
        with pytest.raises(ValueError, match=field.replace("[", r"\[").replace("]", r"\]")):
            lab.apply_state({**state, **change})
        assert lab.bridge.session.generation == gen and lab.state() == state
    # an older session without trials still loads its settings (a new search)
    lab.apply_state({"config": {**state["config"], "tab": "search"}})
    assert lab.bridge.session.results == {}


def test_score_colours_reuse_one_brush_per_shade(qtbot):
    """pyqtgraph caches a symbol per brush object: fresh brushes each frame would grow that cache forever."""
    from bnviz.labs.search.panels.scatter import SCORE_SHADES, score_brushes

    scores = np.linspace(0.0, 1.0, 1000)
    first, again = score_brushes(scores), score_brushes(scores)
    assert all(a is b for a, b in zip(first, again))
    assert len({id(b) for b in first}) <= SCORE_SHADES
    # the shade still follows the score: low and high scores get different colours
    assert first[0].color() != first[-1].color()
