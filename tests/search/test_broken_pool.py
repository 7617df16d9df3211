"""A trial that kills its pool worker breaks only itself (issue 13, Workers).

A process pool whose worker dies is broken for good (every later submission
raises BrokenProcessPool); the runner replaces it, runs the trials it lost
once more, each alone, and records a trial whose worker died twice as failed.
Pool workers also end within a second of the app's death, even while the
dead app is a zombie nobody reaped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bnviz.search.runner import TrialRunner, describe_exit, run_trials


# Objectives must be top-level functions so worker processes can unpickle them.
def killer_objective(params: dict, seed: int) -> dict:
    """Kills its worker (``os._exit(3)``) when asked: always, or only the first time (a marker file)."""
    kill = params.get("kill")
    if kill == "always":
        os._exit(3)
    if kill == "once":
        marker = Path(params["marker"])
        try:
            marker.touch(exist_ok=False)
        except FileExistsError:
            pass
        else:
            os._exit(3)
    return {"score": float(params["x"]), "message": f"seed {seed}"}


def _trials(n: int, **kill) -> list[dict]:
    return [{"x": i / 10, **(kill if i == 2 else {})} for i in range(n)]


def test_exit_codes_and_signals_in_words() -> None:
    assert describe_exit(3) == "exit code 3"
    assert describe_exit(-9) == "killed by signal 9 (SIGKILL)"
    assert describe_exit(None) == "exit code unknown"


def test_a_trial_that_kills_its_worker_once_runs_again_and_every_trial_succeeds(tmp_path) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from bnviz.search.runner import mp_context

    trials = _trials(6, kill="once", marker=str(tmp_path / "killed-once"))
    # the runner owns the pools this factory makes (not niced, unlike the default: quick on a busy machine)
    pools = partial(ProcessPoolExecutor, 2, mp_context=mp_context())
    with TrialRunner(killer_objective, executor_factory=pools) as runner:
        runner.submit_all(trials, seed=5)
        got = sorted(runner.results(), key=lambda r: r.trial_id)
        assert (tmp_path / "killed-once").exists()      # it did kill a worker
        assert [r.trial_id for r in got] == list(range(6))      # each trial exactly once
        assert all(r.status == "ok" and r.score == trials[r.trial_id]["x"] and r.message == "seed 5" for r in got)
        assert runner.replaced == 1
        # the runner goes on: later trials run on the new pool
        runner.submit_all([{"x": 0.9}, {"x": 0.8}])
        assert sorted(r.score for r in runner.results()) == [0.8, 0.9]
        assert runner.n_pending == 0


def test_a_trial_that_kills_its_worker_twice_is_recorded_as_failed_with_the_reason() -> None:
    trials = _trials(5, kill="always")
    out = run_trials(killer_objective, trials, executor=None, seed=1)    # the default pool, owned
    assert [r.trial_id for r in out] == list(range(5))
    bad = out[2]
    assert bad.status == "failed" and bad.score != bad.score          # nan: never the best
    assert bad.message.startswith("its worker process died 2 times (exit code 3): BrokenProcessPool")
    assert len(bad.message.splitlines()) == 1
    # the innocent trials lost with the broken pool ran again, alone, and succeeded
    assert all(r.status == "ok" and r.score == trials[r.trial_id]["x"] for r in out if r.trial_id != 2)


def test_a_borrowed_pool_is_not_replaced_its_trials_fail_cleanly() -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ex = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    try:
        runner = TrialRunner(killer_objective, ex)
        runner.submit_all([{"x": 0.1, "kill": "always"}])
        (res,) = list(runner.results())
        assert res.status == "failed" and "BrokenProcessPool" in res.message and runner.replaced == 0
    finally:
        ex.shutdown(wait=False, cancel_futures=True)


ORPHANING_APP = """
import os, sys, time
from bnviz.search.runner import default_executor

if __name__ == "__main__":
    ex = default_executor(1)
    print(ex.submit(os.getpid).result(timeout=60), flush=True)
    time.sleep(120)
"""


def _gone(pid: int) -> bool:
    """True once ``pid`` ended (a zombie waiting for its reaper counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads process states from /proc")
def test_an_orphaned_pool_worker_exits_within_a_second_even_while_its_app_is_an_unreaped_zombie(tmp_path) -> None:
    script = tmp_path / "orphaning_app.py"
    script.write_text(ORPHANING_APP)
    out = tmp_path / "out.txt"
    with open(out, "w") as f:          # a file, not a pipe: the orphan would hold a pipe open
        app = subprocess.Popen([sys.executable, str(script)], stdout=f, stderr=subprocess.STDOUT)
    try:
        end = time.monotonic() + 60
        while not out.read_text().split() and time.monotonic() < end and app.poll() is None:
            time.sleep(0.02)
        worker = int(out.read_text().split()[0])
        assert not _gone(worker)
        app.send_signal(signal.SIGKILL)     # not reaped before the end: os.kill(app.pid, 0) still succeeds
        t0 = time.monotonic()
        while not _gone(worker) and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        elapsed = time.monotonic() - t0
        os.kill(app.pid, 0)                 # the app is still there, a zombie
        assert _gone(worker) and elapsed <= 1.0, elapsed
    finally:
        app.kill()
        app.wait()


def test_an_executor_that_cannot_start_fails_each_trial_once_with_the_reason() -> None:
    calls = []

    def no_cluster():
        calls.append(1)
        raise OSError("no scheduler at tcp://nowhere:8786")

    runner = TrialRunner(killer_objective, executor_factory=no_cluster)
    runner.submit_all([{"x": 0.1}, {"x": 0.2}, {"x": 0.3}])
    out = list(runner.results())
    assert [r.trial_id for r in out] == [0, 1, 2] and len(calls) == 1     # asked once, not per trial
    assert all(r.status == "failed" and r.message == "could not start the executor: OSError: no scheduler at "
               "tcp://nowhere:8786" for r in out)
