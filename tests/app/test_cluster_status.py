"""On a Dask cluster (``bnviz --dask-scheduler``) the status bar says how many workers are connected.

The count is asked off the GUI thread every few seconds (``ClusterWatch``); a scheduler that
never answers must not freeze the window, and one question is out at a time.
"""

from __future__ import annotations

import threading
import time

import pytest

from bnviz.labs.search import bridge as search_bridge
from bnviz.labs.search.bridge import ClusterWatch, describe_cluster
from bnviz.labs.search.model import SearchConfig


class FakeClient:
    """The two things ``describe_cluster`` reads of a ``distributed.Client``."""

    def __init__(self, status="running", n_workers=1, threads=1, gate: threading.Event | None = None):
        self.status, self.n, self.threads, self.gate = status, n_workers, threads, gate
        self.calls: list[str] = []

    def scheduler_info(self, n_workers=-1):
        self.calls.append(threading.current_thread().name)
        assert n_workers == 0            # totals only: no per-worker listing over the wire
        if self.gate is not None:
            self.gate.wait(30)
        return {"type": "Scheduler", "n_workers": self.n, "total_threads": self.threads, "workers": {}}


@pytest.mark.parametrize(("client", "text"), [
    (FakeClient(n_workers=1, threads=1), "Dask cluster: 1 worker connected (1 thread)"),
    (FakeClient(n_workers=3, threads=6), "Dask cluster: 3 workers connected (6 threads)"),
    (FakeClient(n_workers=0, threads=0), "Dask cluster: no workers connected (trials wait for one)"),
    (FakeClient(status="connecting"), "Dask cluster: connection lost, reconnecting"),
    (FakeClient(status="closed"), "Dask cluster: disconnected"),
])
def test_describe_cluster(client, text):
    assert describe_cluster(client) == text


def test_a_scheduler_that_never_answers_does_not_block_the_gui(qtbot):
    gate = threading.Event()
    client = FakeClient(n_workers=2, threads=2, gate=gate)
    watch = ClusterWatch("tcp://127.0.0.1:1", lambda: client, interval_ms=50)
    try:
        t0 = time.perf_counter()
        qtbot.wait(600)                 # 12 ticks while the first question hangs
        assert time.perf_counter() - t0 < 1.5
        assert watch.asked == 1 and len(client.calls) == 1     # one question out at a time
        assert client.calls[0] == "bnviz-cluster-watch" != threading.current_thread().name
        assert watch.text == "Dask cluster tcp://127.0.0.1:1: connects at the first trial"
        with qtbot.waitSignal(watch.changed, timeout=2000):
            gate.set()
        assert watch.text == "Dask cluster: 2 workers connected (2 threads)"
    finally:
        gate.set()
        watch.stop()


def test_no_client_yet_asks_nothing(qtbot):
    watch = ClusterWatch("tcp://127.0.0.1:1", lambda: None, interval_ms=20)
    qtbot.wait(200)
    watch.stop()
    assert watch.asked == 0 and watch.text.endswith("connects at the first trial")


# --------------------------------------------------------------------------- a real cluster of one worker


@pytest.mark.timeout(120)
def test_the_status_bar_counts_the_workers_of_a_local_cluster(qtbot, settings, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from bnviz.app.application import create_window

    asked_on: list[str] = []
    real = search_bridge.describe_cluster

    def spy(client):
        asked_on.append(threading.current_thread().name)
        return real(client)

    monkeypatch.setattr(search_bridge, "describe_cluster", spy)
    monkeypatch.setattr(search_bridge, "CLUSTER_POLL_MS", 500)     # 3 s in the app; the test need not wait that long
    client = None
    with distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        win = create_window(settings=settings, dask_scheduler=address)     # what bnviz --dask-scheduler does
        qtbot.addWidget(win)
        try:
            lab = win.lab_by_key("search")
            lab.apply_config(SearchConfig(objective="synthetic", budget=9, compare=False))
            win.show()
            win.tabs.setCurrentWidget(lab)
            qtbot.waitUntil(lambda: "search: 0/" in win.metrics_label.text(), timeout=15000)
            assert f"Dask cluster {address}: connects at the first trial  |  search: 0/" in win.metrics_label.text()

            t0 = time.monotonic()
            win.step_action.trigger()              # one trial: the client connects on the worker thread
            qtbot.waitUntil(lambda: "Dask cluster: 1 worker connected (1 thread)  |  search: 1/"
                            in win.metrics_label.text(), timeout=30000)
            assert [r.status for r in lab.bridge.session.results.values()] == ["ok"]
            client = lab.bridge.worker.executor._client

            cluster.scale(2)                       # a second worker joins: the count follows
            qtbot.waitUntil(lambda: "Dask cluster: 2 workers connected (2 threads)" in win.metrics_label.text(),
                            timeout=30000)
            elapsed = time.monotonic() - t0
            watch = lab.bridge.cluster
            assert watch.asked <= elapsed / (search_bridge.CLUSTER_POLL_MS / 1000) + 1   # one question per interval
            assert asked_on and "MainThread" not in asked_on and set(asked_on) == {"bnviz-cluster-watch"}
        finally:
            win.close()
            # closing the window should close the search's client (runner._close_executor), but
            # distributed's ClientExecutor.shutdown takes no cancel_futures: close it here, or it keeps
            # trying to reconnect to the cluster that closes now
            if client is not None:
                client.close()
        assert lab.bridge.cluster is not None and not lab.bridge.cluster._timer.isActive()
