"""The search lab survives a trial that kills its pool worker: later trials, Reset and new searches run."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from bnviz.labs.search.bridge import SearchBridge, SearchWorker
from bnviz.labs.search.model import SearchConfig
from bnviz.search.objective import synthetic_objective
from bnviz.search.runner import mp_context

WAIT = 30000    # ms: generous for a loaded 2-core machine; the waits end as soon as the condition holds


def pool() -> ProcessPoolExecutor:
    """A process pool like the default one, but not niced: on a busy test machine a niced pool's
    start-ups (one per replacement) would crawl. The runner owns it, so a broken one is replaced."""
    return ProcessPoolExecutor(max_workers=2, mp_context=mp_context())


# top-level, so the pool's worker processes can unpickle them
def crashing_synthetic(params: dict, seed: int, victim: float) -> dict:
    """The SYNTHETIC objective, except that the trial with learning rate ``victim`` kills its worker."""
    if params["learning_rate"] == victim:
        os._exit(3)
    return synthetic_objective(params, seed)


def kill_once(params: dict, seed: int, marker: str) -> dict:
    """Score = x; the first call of all kills its worker (``marker`` says it happened)."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return {"score": float(params["x"])}
    os.close(fd)
    os._exit(3)


def test_the_search_worker_goes_on_after_a_trial_killed_its_pool_worker(qtbot, tmp_path) -> None:
    w = SearchWorker(pool)
    got = {}
    w.result.connect(lambda k, r: got.__setitem__(k, r))
    try:
        objective = partial(kill_once, marker=str(tmp_path / "killed"))
        with qtbot.waitSignal(w.idle, timeout=WAIT):
            w.submit(objective, [(i, {"x": i / 10}) for i in range(5)], seed=0)
        assert (tmp_path / "killed").exists()
        assert sorted(got) == list(range(5)) and all(r.status == "ok" for r in got.values())
        assert [got[i].score for i in range(5)] == [i / 10 for i in range(5)]
        # a later batch: no "could not submit: BrokenProcessPool"
        with qtbot.waitSignal(w.idle, timeout=WAIT):
            w.submit(objective, [("later", {"x": 0.7})], seed=0)
        assert got["later"].status == "ok" and got["later"].score == 0.7
    finally:
        assert w.shutdown(2.0)


def test_a_search_with_a_worker_killing_trial_finishes_and_reset_and_a_new_search_run(qtbot) -> None:
    b = SearchBridge(SearchConfig(objective="synthetic", budget=9, compare=False), pool, max_in_flight=5)
    b.start()
    victim = min(j.params["learning_rate"] for j in b.session.jobs.values())
    b.session.objective = lambda data: partial(crashing_synthetic, victim=victim)
    try:
        def finished_run() -> list:
            b.play()
            qtbot.waitUntil(lambda: b.session.finished and not b.playing, timeout=WAIT)
            return list(b.session.results.values())

        def check(results: list) -> None:
            assert len(results) == 9
            for r in results:
                if r.params["learning_rate"] == victim:
                    assert r.status == "failed" and r.message.startswith("its worker process died 2 times")
                else:
                    assert r.status in ("ok", "diverged") and "could not submit" not in r.message, r.message

        first = finished_run()
        check(first)
        assert sum(r.status == "failed" for r in first) == 1
        b.reset()                                   # the same search again, on a new pool
        assert b.session.snapshot().n_done == 0
        check(finished_run())
        b.configure(SearchConfig(objective="synthetic", budget=9, compare=False, seed=1))     # a new search
        assert b.session.snapshot().n_done == 0
        check(finished_run())
    finally:
        assert b.shutdown(2.0)
