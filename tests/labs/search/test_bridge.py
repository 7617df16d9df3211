"""The search bridge: the pure session, the worker streaming results, the toolbar-facing bridge."""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from bnviz.labs.search.bridge import SearchBridge, SearchWorker
from bnviz.labs.search.model import (
    ARMS,
    SearchConfig,
    SearchSession,
    objective_for,
    scale_demo,
)
from bnviz.search.objective import synthetic_objective
from bnviz.search.runner import TrialResult

SYN = SearchConfig(objective="synthetic", budget=9)


def finish(session: SearchSession, n: int | None = None) -> None:
    """Run queued trials in-process (synthetic objective) and record them."""
    jobs = session.take(n if n is not None else 10**6)
    for j in jobs:
        out = synthetic_objective(j.params, 0)
        session.record(j.key, TrialResult.from_objective(0, j.params, out, 0.0))


# ------------------------------------------------------------------------------------- session
def test_session_plans_round_zero_and_the_three_arms() -> None:
    s = SearchSession(SearchConfig(objective="synthetic", budget=25))
    snap = s.snapshot()
    assert snap.n_total == 25 + 25 + 25 + 25 and snap.n_done == 0 and snap.n_queued == 100
    assert [r.index for r in snap.rounds] == [0] and snap.current_round == 0
    assert snap.arms["grid"].planned_distinct == {"learning_rate": 5, "adam_eps": 5}
    assert snap.arms["random"].planned_distinct == {"learning_rate": 25, "adam_eps": 25}
    # every trial carries the fixed settings of the pair (Adam) besides the two sampled ones
    assert all(j.params["optimizer"] == "adam" for j in s.jobs.values())
    # the main queue goes first by default, the arms are interleaved
    first = s.take(4)
    assert [j.key[1] for j in first] == ["main"] * 4
    s.set_priority("compare")
    assert [j.key[2] for j in s.take(3)] == list(ARMS)


def test_snapshot_counts_distinct_values_and_best_so_far() -> None:
    s = SearchSession(SearchConfig(objective="synthetic", budget=25))
    finish(s)
    snap = s.snapshot()
    assert snap.n_done == snap.n_total == 100 and s.finished
    assert snap.arms["grid"].distinct == {"learning_rate": 5, "adam_eps": 5}
    assert snap.arms["random"].distinct == {"learning_rate": 25, "adam_eps": 25}
    # the best of each arm is the max over its finished trials, and it ends each best-so-far curve
    for arm, curve in (("grid", "grid, natural order"), ("random", "random"), ("quasi_random", "quasi-random (Sobol)")):
        a = snap.arms[arm]
        assert a.best_score == np.nanmax(a.table.score)
        assert snap.best_so_far[curve][-1] == a.best_score and len(snap.best_so_far[curve]) == a.n_total
        assert np.all(np.diff(snap.best_so_far[curve][np.isfinite(snap.best_so_far[curve])]) >= 0)
    assert snap.best_so_far["grid, shuffled"][-1] == snap.arms["grid"].best_score
    # the scatter table: axis coordinates are log10 of the values
    t = snap.main
    assert len(t) == 25
    np.testing.assert_allclose(t.ax, np.log10(t.x))
    np.testing.assert_allclose(t.ay, np.log10(t.y))
    assert snap.best_score == np.nanmax(t.score) and snap.best_params["learning_rate"] in t.x
    with pytest.raises(ValueError):
        t.score[0] = 1.0   # read-only


def test_zoom_samples_inside_the_rectangle_and_back_to_keeps_history() -> None:
    s = SearchSession(SearchConfig(objective="synthetic", budget=16, compare=False))
    finish(s)
    idx = s.zoom({"learning_rate": (-3.0, -2.0), "adam_eps": (-9.0, -8.0)})
    assert idx == 1
    jobs = s.take(100)
    assert len(jobs) == 16 and all(j.key[2] == 1 for j in jobs)
    for j in jobs:
        assert 1e-3 <= j.params["learning_rate"] <= 1e-2 and 1e-9 <= j.params["adam_eps"] <= 1e-8
    s.back_to(0)
    snap = s.snapshot()
    assert snap.current_round == 0 and len(snap.rounds) == 2 and snap.rounds[1].parent == 0
    assert snap.rounds[1].axis_range["learning_rate"] == pytest.approx((-3.0, -2.0))
    with pytest.raises(ValueError):
        s.zoom({"learning_rate": (3.0, 4.0)})   # misses the space: history unchanged
    assert len(s.history) == 2


def test_data_shift_reruns_the_same_trials_and_reports_the_stale_best() -> None:
    s = SearchSession(SearchConfig(budget=9, compare=False, dataset="xor"))
    parent = s.history.current
    idx = s.shift_data("spiral")
    shifted = s.history[idx]
    assert shifted.trials == parent.trials and s.round_data[idx] == "spiral"
    jobs = s.take(100)
    assert [j.dataset for j in jobs] == ["spiral"] * 9 + ["xor"] * 9   # the shifted round runs first
    # fake scores: on xor the 3rd trial is best, on spiral the 7th
    for j in jobs:
        i = j.key[3]
        good = (i == 2) if j.dataset == "xor" else (i == 6)
        s.record(j.key, TrialResult(0, j.params, 0.9 if good else 0.6 + 0.01 * i))
    snap = s.snapshot()
    assert snap.current_round == idx and snap.best_key[2:] == (idx, 6)
    st = snap.stale_best
    assert st["old_data"] == "xor" and st["new_data"] == "spiral" and st["old_score"] == 0.9
    assert st["new_score"] == pytest.approx(0.62) and st["params"] == parent.trials[2] | {"optimizer": "adam"}
    # the scatter shows the rounds on the current data only
    assert set(snap.main.round.tolist()) == {idx}
    with pytest.raises(ValueError, match="dataset"):
        s.shift_data("imagenet")
    with pytest.raises(ValueError, match="already trains on it"):
        s.shift_data("spiral")


def test_requeue_and_generation() -> None:
    s = SearchSession(SYN)
    jobs = s.take(3)
    s.requeue([jobs[1].key, jobs[2].key])
    assert s.n_running == 1 and s.queues["main"][:2] == [jobs[1].key, jobs[2].key]
    old = jobs[0]
    s.start()   # a reset: results of the old generation are dropped
    assert not s.record(old.key, TrialResult(0, old.params, 0.9))
    assert s.snapshot().n_done == 0


def test_config_validation_and_objectives() -> None:
    with pytest.raises(ValueError, match="budget"):
        SearchConfig(budget=2)
    with pytest.raises(ValueError, match="pair"):
        SearchConfig(pair="lr_dropout")
    assert objective_for(SYN) is synthetic_objective
    real = objective_for(SearchConfig(steps=40), "moons")
    assert real.keywords == {"steps": 40, "dataset": "moons", "curve_points": 10}


def test_scale_demo_counts() -> None:
    d = scale_demo(0)
    assert sum(d.lr_uniform) == sum(d.lr_log) == d.n == 1000
    assert 0.87 < d.lr_uniform_decades[-1][2] / 1000 < 0.93          # ~90% in [0.1, 1]
    assert all(0.2 < c / 1000 < 0.3 for *_, c in d.lr_log_decades)  # ~25% per decade
    assert 0.88 < d.beta_uniform_decades[-1][2] / 1000 < 0.94       # uniform beta: ~91% below 0.99
    assert all(0.44 < c / 1000 < 0.56 for *_, c in d.beta_log_decades)
    (b0, b1, w0, w1), (c0, c1, v0, v1) = d.intervals
    assert (w0, v0) == pytest.approx((10.0, 1000.0)) and w1 == pytest.approx(10.05, abs=0.01)
    assert v1 == pytest.approx(2000.0)


# -------------------------------------------------------------------------------------- worker
def thread_pool():
    return ThreadPoolExecutor(max_workers=2)


def slow(params: dict, seed: int) -> dict:
    time.sleep(params.get("sleep", 0.05))
    return {"score": params.get("x", 0.5), "message": f"on {threading.current_thread().name}"}


def test_worker_streams_every_result_to_the_gui_thread(qtbot) -> None:
    w = SearchWorker(thread_pool)
    got, threads = {}, set()

    def on_result(key, res):
        threads.add(threading.current_thread() is threading.main_thread())
        got[key] = res

    w.result.connect(on_result)
    items = [(("k", i), {"x": i / 10, "sleep": 0.01}) for i in range(8)]
    with qtbot.waitSignal(w.idle, timeout=5000):
        w.submit(slow, items, seed=3)
    assert set(got) == {k for k, _ in items} and threads == {True}
    assert all(got[("k", i)].score == i / 10 for i in range(8)) and w.in_flight == 0
    assert "ThreadPoolExecutor" in got[("k", 0)].message     # ran on the executor, not the GUI thread
    # the worker thread ended; a new submission starts another and reuses the executor
    with qtbot.waitSignal(w.idle, timeout=5000):
        w.submit(slow, [(("again", 0), {"x": 1.0, "sleep": 0.0})], seed=0)
    assert got[("again", 0)].score == 1.0
    assert w.shutdown(2.0)


def test_worker_cancel_reports_what_did_not_run(qtbot) -> None:
    w = SearchWorker(lambda: ThreadPoolExecutor(max_workers=1))
    done, cancelled = [], []
    w.result.connect(lambda k, r: done.append(k))
    w.cancelled.connect(cancelled.extend)
    items = [(i, {"sleep": 0.1}) for i in range(10)]
    w.submit(slow, items, seed=0)
    qtbot.waitUntil(lambda: len(done) >= 1, timeout=5000)
    w.cancel()
    qtbot.waitUntil(lambda: len(done) + len(cancelled) == 10, timeout=5000)
    assert sorted(done + cancelled) == list(range(10)) and len(done) <= 3
    assert w.shutdown(2.0)


def test_executor_that_cannot_start_fails_the_trials(qtbot) -> None:
    def broken():
        raise OSError("no scheduler at tcp://nowhere:8786")

    w = SearchWorker(broken)
    errors, results = [], []
    w.error.connect(errors.append)
    w.result.connect(lambda k, r: results.append(r))
    w.submit(slow, [(0, {"x": 1}), (1, {"x": 2})], seed=0)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert "no scheduler" in errors[0] and all(r.status == "failed" for r in results)
    assert w.shutdown(1.0)


def test_default_process_pool_runs_real_trials(qtbot) -> None:
    """The runner's default pool (forkserver processes) with the real objective."""
    w = SearchWorker()
    got = {}
    w.result.connect(lambda k, r: got.__setitem__(k, r))
    obj = objective_for(SearchConfig(steps=30), "moons")
    with qtbot.waitSignal(w.idle, timeout=15000):
        w.submit(obj, [(i, {"learning_rate": lr}) for i, lr in enumerate((1e-2, 50.0))], seed=0)
    assert got[0].status == "ok" and 0.0 <= got[0].score <= 1.0 and "SYNTHETIC" not in got[0].message
    assert got[1].status == "diverged" and math.isnan(got[1].score)
    assert w.shutdown(2.0)


# -------------------------------------------------------------------------------------- bridge
def test_bridge_play_runs_everything_and_stops(qtbot) -> None:
    b = SearchBridge(SYN, thread_pool, max_in_flight=3)
    frames = []
    b.frame.connect(frames.append)
    b.start()
    b.play()
    assert b.playing and b.session.n_running <= 3
    qtbot.waitUntil(lambda: not b.playing, timeout=5000)
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].snapshot.n_done == 36, timeout=2000)
    f = frames[-1]
    assert f.step == 36 and f.epoch == 0 and not f.playing
    b.play()   # nothing left: says so and stays paused
    assert not b.playing
    assert b.shutdown(2.0)


def test_bridge_pause_requeues_and_play_continues(qtbot) -> None:
    b = SearchBridge(SearchConfig(objective="synthetic", budget=9, compare=False),
                     lambda: ThreadPoolExecutor(max_workers=1), max_in_flight=9)
    b.start()
    b.session.objective = lambda data: slow          # 50 ms per trial, in-thread
    b.play()
    qtbot.waitUntil(lambda: len(b.session.results) >= 1, timeout=5000)
    b.pause()
    qtbot.waitUntil(lambda: b.session.n_running == 0, timeout=5000)
    n = len(b.session.results)
    assert n < 9 and b.session.n_queued == 9 - n
    b.play()
    qtbot.waitUntil(lambda: len(b.session.results) == 9 and not b.playing, timeout=5000)
    b.step()   # nothing queued: a no-op
    b.reset()
    assert b.session.snapshot().n_done == 0 and b.session.n_queued == 9
    assert b.shutdown(2.0)
