"""The trial runner over real executors: exactly-once results, failures, divergence, cancel."""

from __future__ import annotations

import json
import math
import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from bnviz.search.objective import synthetic_objective
from bnviz.search.runner import TrialResult, TrialRunner, dask_executor, run_trials


# Objectives must be top-level functions so worker processes can unpickle them.
def quick_objective(params: dict, seed: int) -> dict:
    """Score = x, with a short curve; status chosen by the params."""
    if params.get("fail"):
        raise RuntimeError(f"boom at x={params['x']}")
    if params.get("diverge"):
        return {"score": 0.3, "curve": (0.5, float("nan")), "status": "diverged",
                "message": "diverged at step 3"}
    return {"score": float(params["x"]), "curve": (0.0, float(params["x"])), "message": f"seed {seed}"}


def slow_objective(params: dict, seed: int) -> dict:
    time.sleep(params.get("sleep", 0.1))
    return {"score": 1.0}


def not_a_dict(params: dict, seed: int) -> list:
    return [1, 2]


@pytest.fixture(scope="module")
def pool():
    ex = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("forkserver"))
    yield ex
    ex.shutdown(wait=True, cancel_futures=True)


def test_process_pool_returns_every_trial_exactly_once(pool) -> None:
    trials = [{"x": i / 10} for i in range(10)]
    runner = TrialRunner(quick_objective, pool)
    ids = runner.submit_all(trials, seed=7)
    assert ids == list(range(10))
    got = list(runner.results())
    assert sorted(r.trial_id for r in got) == ids
    for r in got:
        assert r.status == "ok" and r.params == trials[r.trial_id]
        assert r.score == trials[r.trial_id]["x"] and r.message == "seed 7"
        assert r.wall_time >= 0
    assert runner.n_pending == 0
    # a second batch continues the ids
    assert runner.submit_all([{"x": 1.0}]) == [10]
    assert [r.trial_id for r in runner.results()] == [10]


def test_failure_and_divergence_are_recorded_not_raised(pool) -> None:
    trials = [{"x": 0.1}, {"x": 0.2, "fail": True}, {"x": 0.3, "diverge": True}]
    out = run_trials(quick_objective, trials, pool, seed=0)
    assert [r.status for r in out] == ["ok", "failed", "diverged"]
    failed, diverged = out[1], out[2]
    assert "RuntimeError" in failed.message and "boom at x=0.2" in failed.message
    assert math.isnan(failed.score)
    assert math.isnan(diverged.score)  # a diverged run can never be "the best"
    assert diverged.message == "diverged at step 3" and diverged.curve[0] == 0.5


def test_cancel_on_a_process_pool(pool) -> None:
    runner = TrialRunner(slow_objective, pool)
    ids = runner.submit_all([{"sleep": 0.1}] * 12)
    n = runner.cancel()
    got = [r.trial_id for r in runner.results()]
    assert n >= 6 and len(got) <= 6  # only those already handed to the 2 workers run
    assert sorted(got + runner.cancelled_ids) == ids


def test_unpicklable_objective_and_bad_return_fail_cleanly(pool) -> None:
    out = run_trials(lambda p, s: {"score": 1.0}, [{"x": 1}], pool)
    assert out[0].status == "failed" and out[0].message
    out = run_trials(not_a_dict, [{"x": 1}], pool)
    assert out[0].status == "failed" and "expected a dict" in out[0].message


def test_synthetic_objective_through_default_pool() -> None:
    trials = [{"learning_rate": lr, "adam_eps": 1e-8} for lr in (1e-4, 10**-2.5, 1.0)]
    seen: list[TrialResult] = []
    out = run_trials(synthetic_objective, trials, executor=None, on_result=seen.append)
    assert len(seen) == 3 and [r.trial_id for r in out] == [0, 1, 2]
    assert [r.status for r in out] == ["ok", "ok", "diverged"]
    assert out[1].score > out[0].score and math.isclose(out[1].score, 0.95)
    assert all("SYNTHETIC" in r.message for r in out)


def test_cancel_stops_pending_trials() -> None:
    with ThreadPoolExecutor(max_workers=1) as ex:
        runner = TrialRunner(slow_objective, ex)
        ids = runner.submit_all([{"sleep": 0.05}] * 10)
        got = []
        for r in runner.results():
            got.append(r.trial_id)
            if len(got) == 1:
                assert runner.cancel() >= 8
        assert len(got) <= 2
        assert sorted(got + runner.cancelled_ids) == ids  # each trial accounted for once


def test_cancel_from_another_thread_and_should_stop() -> None:
    with ThreadPoolExecutor(max_workers=2) as ex:
        runner = TrialRunner(slow_objective, ex)
        ids = runner.submit_all([{"sleep": 0.05}] * 20)
        threading.Timer(0.08, runner.cancel).start()
        got = [r.trial_id for r in runner.results()]
        assert 2 <= len(got) < 20 and runner.cancelled_ids
        assert sorted(got + runner.cancelled_ids) == ids
        out = run_trials(slow_objective, [{"sleep": 0.02}] * 10, ex, should_stop=lambda: True)
        assert out == []
        calls = []
        out = run_trials(slow_objective, [{"sleep": 0.02}] * 10, ex,
                         should_stop=lambda: len(calls) >= 1, on_result=calls.append)
        assert 1 <= len(out) <= 4  # at most the ones done + running on 2 workers


def test_submit_to_a_shut_down_executor_records_failures() -> None:
    ex = ThreadPoolExecutor(max_workers=1)
    ex.shutdown()
    runner = TrialRunner(quick_objective, ex)
    runner.submit_all([{"x": 1.0}, {"x": 2.0}])
    out = list(runner.results())
    assert [r.status for r in out] == ["failed", "failed"] and "could not submit" in out[0].message


def test_trial_result_json_round_trip_with_nan() -> None:
    r = TrialResult(3, {"learning_rate": 1e-3, "units": 16}, float("nan"), (0.5, float("nan"), 0.7),
                    "diverged", "diverged at step 12", 0.25)
    text = json.dumps(r.to_json(), allow_nan=False)  # strict JSON: nan -> null
    back = TrialResult.from_json(json.loads(text))
    assert back.trial_id == 3 and back.params == r.params and back.status == "diverged"
    assert math.isnan(back.score) and math.isnan(back.curve[1]) and back.curve[2] == 0.7
    ok = TrialResult(1, {"x": 1}, 0.9, (0.1, 0.9), "ok", "", 1.0)
    assert TrialResult.from_json(json.loads(json.dumps(ok.to_json()))) == ok
    with pytest.raises(ValueError, match="status"):
        TrialResult(0, {}, 0.0, (), "weird")


def test_dask_executor_message_without_distributed(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"bnviz\[cluster\]"):
        dask_executor("tcp://127.0.0.1:8786")


def test_default_pool_workers_yield_the_cpu_to_the_app() -> None:
    import os

    from bnviz.search.runner import WORKER_NICE, default_executor

    ex = default_executor(1)
    try:
        assert ex.submit(os.nice, 0).result(timeout=60) >= os.nice(0) + WORKER_NICE
    finally:
        ex.shutdown()
