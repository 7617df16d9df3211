"""Trials on a Dask cluster through the same runner (the optional [cluster] extra)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from functools import partial

import pytest

distributed = pytest.importorskip("distributed")

from bnviz.search.objective import synthetic_objective, train_trial  # noqa: E402
from bnviz.search.runner import TrialRunner, dask_executor, run_trials  # noqa: E402
from bnviz.search.samplers import sample  # noqa: E402
from bnviz.search.spaces import IntUniform, LogUniform, Space  # noqa: E402


def test_dask_cluster_runs_each_trial_once() -> None:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        ex = dask_executor(cluster.scheduler_address)
        try:
            runner = TrialRunner(synthetic_objective, ex)
            trials = [{"learning_rate": lr} for lr in (1e-4, 1e-3, 1e-2, 1e-1)]
            ids = runner.submit_all(trials, seed=0)
            got = list(runner.results())
            assert sorted(r.trial_id for r in got) == ids
            assert all(r.status == "ok" and "SYNTHETIC" in r.message for r in got)
            assert {r.trial_id: r.params for r in got} == dict(zip(ids, trials))
            runner.shutdown()
        finally:
            ex.shutdown(wait=True)
            ex._client.close()  # the executor keeps its Client; distributed has no public handle


# --------------------------------------------------------------------------- a cluster of separate processes


def _listening_ips(pid: int) -> set[str]:
    import psutil

    proc = psutil.Process(pid)
    conns = proc.net_connections(kind="inet") if hasattr(proc, "net_connections") else proc.connections(kind="inet")
    return {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN}


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.mark.timeout(180)
def test_search_on_a_scheduler_and_worker_started_as_processes_on_loopback(tmp_path) -> None:
    """What the README's cluster section tells a lecturer to run, on 127.0.0.1 only.

    ``dask scheduler`` and one ``dask worker`` as separate processes, bound to
    loopback with the dashboards off. ``--no-dashboard`` alone is not enough:
    the scheduler's HTTP server (health and metrics routes) still listens on
    0.0.0.0:8787, so ``--dashboard-address 127.0.0.1:0`` binds it to loopback
    too; the test checks every listening socket of both. A small search of real training runs goes through
    ``dask_executor``, the same one ``bnviz --dask-scheduler`` uses, and its
    scores equal the same trials trained in this process.
    """
    sched_file = tmp_path / "scheduler.json"
    logs = [open(tmp_path / f"{n}.log", "w") for n in ("scheduler", "worker")]  # noqa: SIM115 - closed below
    # the same commands as `dask scheduler ...` / `dask worker ...`, run by this interpreter
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
         "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(sched_file)],
        stdout=logs[0], stderr=subprocess.STDOUT, cwd=tmp_path)
    worker = None
    ex = None
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() or not sched_file.read_text().strip():
            assert scheduler.poll() is None, (tmp_path / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler wrote no address in 60 s"
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
             "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--no-nanny", "--nthreads", "1",
             "--death-timeout", "60"],
            stdout=logs[1], stderr=subprocess.STDOUT, cwd=tmp_path)

        ex = dask_executor(address)
        client = ex._client
        client.wait_for_workers(1, timeout=60)
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 1 and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        assert client.run(os.getpid) == {next(iter(workers)): worker.pid}   # the process started above
        for proc in (scheduler, worker):   # nothing listens beyond loopback: no dashboard on 0.0.0.0
            assert _listening_ips(proc.pid) == {"127.0.0.1"}, proc.args

        space = Space(learning_rate=LogUniform(1e-3, 1e-1), hidden_units=IntUniform(4, 16))
        trials = sample(space, "random", 3, seed=1)
        objective = partial(train_trial, steps=30, curve_points=3)
        got = run_trials(objective, trials, ex, seed=0)
        assert [r.params for r in got] == trials
        assert all(r.status == "ok" for r in got), [r.message for r in got]
        here = [objective(dict(t), 0)["score"] for t in trials]
        assert [r.score for r in got] == here   # bitwise: same engine, same seed, another process
        assert all(0.0 <= s <= 1.0 for s in here)
    finally:
        if ex is not None:
            ex.shutdown(wait=True)
            ex._client.close()
        for proc in (worker, scheduler):
            if proc is not None:
                _stop(proc)
        for f in logs:
            f.close()
    assert scheduler.returncode is not None and (worker is None or worker.returncode is not None)
