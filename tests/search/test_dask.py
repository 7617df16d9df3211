"""Trials on a Dask cluster through the same runner (the optional [cluster] extra)."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")

from bnviz.search.objective import synthetic_objective  # noqa: E402
from bnviz.search.runner import TrialRunner, dask_executor  # noqa: E402


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
