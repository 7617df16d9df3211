"""Run trials over any :class:`concurrent.futures.Executor` (syllabus H1, H2, H8).

"Caviar" search trains many models at once and keeps the best. The runner
does that over whatever executor it is given: a process pool on this
machine (the default), a thread pool in tests, or a Dask cluster
(:func:`dask_executor`). It is pure: no Qt. The GUI adapts it at the edge,
the way Orange3's ``owparameterfitter`` does, through :func:`run_trials`'
result callback and stop check.

Guarantees
----------
* Every submitted trial yields exactly one :class:`TrialResult`, unless it
  was cancelled before it started.
* An exception in the objective, an unpicklable objective or a crashed
  worker process becomes ``status='failed'`` with the message; it never
  propagates into the caller (a GUI must not die because one trial did).
* Worker processes are started with ``forkserver`` (``spawn`` where that is
  missing), never ``fork``: forking a process that runs Qt threads copies
  locks held by those threads and can deadlock the child.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "TrialResult",
    "TrialRunner",
    "run_trials",
    "dask_executor",
    "default_executor",
    "STATUSES",
]

STATUSES = ("ok", "diverged", "failed")

Objective = Callable[[dict[str, Any], int], Mapping[str, Any]]


def _nan_to_none(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _none_to_nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


@dataclass(frozen=True)
class TrialResult:
    """The outcome of one trial.

    Attributes
    ----------
    trial_id : int
        Unique within a runner; the position of the trial among all trials
        submitted to it.
    params : dict
        The hyperparameters tried.
    score : float
        Validation accuracy (higher is better); ``nan`` when the run
        diverged or failed, so it can never be picked as the best.
    curve : tuple of float
        Validation metric every few steps, for overlaid live curves (H8).
    status : str
        ``'ok'``, ``'diverged'`` or ``'failed'``.
    message : str
        Human-readable note: the divergence step, the exception, ...
    wall_time : float
        Seconds the objective ran (measured in the worker).
    """

    trial_id: int
    params: dict[str, Any]
    score: float = math.nan
    curve: tuple[float, ...] = ()
    status: str = "ok"
    message: str = ""
    wall_time: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status={self.status!r} is not allowed: choose one of {', '.join(STATUSES)}")
        object.__setattr__(self, "params", dict(self.params))
        object.__setattr__(self, "score", _none_to_nan(self.score))
        object.__setattr__(self, "curve", tuple(_none_to_nan(c) for c in self.curve))
        object.__setattr__(self, "wall_time", float(self.wall_time))

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @classmethod
    def from_objective(
        cls, trial_id: int, params: Mapping[str, Any], out: Mapping[str, Any], wall_time: float
    ) -> "TrialResult":
        """Normalize an objective's dict (``score``, ``curve``, ``status``, ``message``)."""
        status = str(out.get("status", "ok"))
        score = out.get("score", math.nan)
        if status != "ok":
            score = math.nan
        return cls(
            trial_id=trial_id,
            params=dict(params),
            score=_none_to_nan(score),
            curve=tuple(out.get("curve", ())),
            status=status,
            message=str(out.get("message", "")),
            wall_time=float(out.get("wall_time", wall_time)),
        )

    @classmethod
    def failed(cls, trial_id: int, params: Mapping[str, Any], message: str, wall_time: float = 0.0) -> "TrialResult":
        return cls(trial_id, dict(params), math.nan, (), "failed", message, wall_time)

    def to_json(self) -> dict[str, Any]:
        """Strict-JSON dict: ``nan`` is written as ``null``."""
        return {
            "trial_id": self.trial_id,
            "params": dict(self.params),
            "score": _nan_to_none(self.score),
            "curve": [_nan_to_none(c) for c in self.curve],
            "status": self.status,
            "message": self.message,
            "wall_time": self.wall_time,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "TrialResult":
        """Inverse of :meth:`to_json`."""
        return cls(
            trial_id=int(d["trial_id"]),
            params=dict(d["params"]),
            score=_none_to_nan(d.get("score")),
            curve=tuple(_none_to_nan(c) for c in d.get("curve", ())),
            status=d.get("status", "ok"),
            message=d.get("message", ""),
            wall_time=float(d.get("wall_time", 0.0)),
        )


def run_trial(objective: Objective, trial_id: int, params: dict[str, Any], seed: int) -> TrialResult:
    """Run one trial (in a pool worker, or in-process headless); turn any exception into a 'failed' result.

    Top-level so it pickles by reference to any process or cluster worker.
    """
    t0 = time.perf_counter()
    try:
        out = objective(dict(params), seed)
        if not isinstance(out, Mapping):
            raise TypeError(f"objective returned {type(out).__name__}, expected a dict")
        return TrialResult.from_objective(trial_id, params, out, time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - a trial must never take the runner down
        tb = traceback.format_exception_only(type(exc), exc)
        return TrialResult.failed(trial_id, params, "".join(tb).strip(), time.perf_counter() - t0)


WORKER_NICE = 10    # trial workers run at this niceness: one per core, so the GUI must go first


def mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists (never fork: the GUI process has threads), else spawn.

    The fork server imports the engine once, so each trial worker or lab
    trainer it forks starts without re-importing NumPy and the engine.
    """
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # with what a first trial would import lazily (numpy.random, numpy.ma, the history): ~100 ms
    # a worker otherwise spends before its first result
    ctx.set_forkserver_preload(["numpy.random", "numpy.ma", "bnviz.engine.history", "bnviz.engine.trainer",
                                "bnviz.search.objective"])
    return ctx


def _init_worker(parent_pid: int) -> None:
    """Pool initializer: yield the CPU to the app, and end with it.

    One worker per core keeps every core busy, so the GUI must win when it
    needs one (a niced worker loses little: the GUI needs a fraction of a
    core).  A killed app (SIGKILL) never shuts its pool down; without the
    watch its workers would wait on their queue forever.
    """
    os.nice(WORKER_NICE)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="bnviz-parent-watch", daemon=True).start()


def default_executor(max_workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool with one worker per core, started with forkserver/spawn (never fork)."""
    return ProcessPoolExecutor(max_workers=max_workers or os.cpu_count() or 1, mp_context=mp_context(),
                               initializer=_init_worker, initargs=(os.getpid(),))


@dataclass
class _Pending:
    trial_id: int
    params: dict[str, Any]
    t0: float = field(default_factory=time.perf_counter)


class TrialRunner:
    """Submit trials to an executor and collect results as they finish.

    Parameters
    ----------
    objective : callable
        ``objective(params, seed) -> dict`` with ``score``, ``curve``,
        ``status``, ``message``. For process pools and clusters it must be a
        picklable top-level function.
    executor : concurrent.futures.Executor, optional
        Borrowed, not owned: :meth:`shutdown` leaves it running. When
        omitted, a :func:`default_executor` is created on first use and
        owned (shut down by :meth:`shutdown`).
    max_workers : int, optional
        Workers of the default executor (default: ``os.cpu_count()``).

    Notes
    -----
    :meth:`results` may run in one thread (a bridge worker) while
    :meth:`cancel` is called from another (the GUI); the shared state is
    guarded by a lock.
    """

    def __init__(self, objective: Objective, executor: Executor | None = None, max_workers: int | None = None) -> None:
        self.objective = objective
        self._executor = executor
        self._owns_executor = executor is None
        self._max_workers = max_workers
        self._lock = threading.Lock()
        self._pending: dict[Future, _Pending] = {}
        self._ready: list[TrialResult] = []
        self._next_id = 0
        self.cancelled_ids: list[int] = []

    @property
    def executor(self) -> Executor:
        """The executor in use (the default one is created here, lazily)."""
        if self._executor is None:
            self._executor = default_executor(self._max_workers)
        return self._executor

    @property
    def n_pending(self) -> int:
        """Trials submitted whose result has not been yielded yet."""
        with self._lock:
            return len(self._pending) + len(self._ready)

    def submit_all(self, trials: Sequence[Mapping[str, Any]], seed: int = 0) -> list[int]:
        """Queue every trial; return their ids.

        Every trial gets the same ``seed`` on purpose (common random numbers):
        the same data split and initialization for all, so score differences
        come from the hyperparameters and not from luck.
        """
        ex = self.executor
        ids = []
        with self._lock:
            for params in trials:
                tid = self._next_id
                self._next_id += 1
                ids.append(tid)
                p = dict(params)
                try:
                    fut = ex.submit(run_trial, self.objective, tid, p, int(seed))
                except Exception as exc:  # noqa: BLE001 - e.g. executor already shut down
                    self._ready.append(TrialResult.failed(tid, p, f"could not submit: {exc!r}"))
                    continue
                self._pending[fut] = _Pending(tid, p)
        return ids

    def _collect(self, fut: Future, info: _Pending) -> TrialResult:
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - pickling errors, broken pools, lost workers
            return TrialResult.failed(info.trial_id, info.params, f"{type(exc).__name__}: {exc}",
                                      time.perf_counter() - info.t0)
        if not isinstance(res, TrialResult):
            return TrialResult.failed(info.trial_id, info.params, f"worker returned {type(res).__name__}")
        return res

    def results(self, poll: float = 0.05) -> Iterator[TrialResult]:
        """Yield each trial's result as soon as it finishes (completion order).

        Stops when nothing is outstanding. Trials submitted while iterating
        are picked up; after :meth:`cancel`, only the trials already running
        are still yielded.
        """
        while True:
            with self._lock:
                ready, self._ready = self._ready, []
                futs = list(self._pending)
            yield from ready
            if not futs:
                with self._lock:
                    if not self._pending and not self._ready:
                        return
                continue
            done, _ = wait(futs, timeout=poll, return_when=FIRST_COMPLETED)
            for fut in done:
                with self._lock:
                    info = self._pending.pop(fut, None)
                if info is None:
                    continue
                if fut.cancelled():
                    with self._lock:
                        self.cancelled_ids.append(info.trial_id)
                    continue
                yield self._collect(fut, info)

    def cancel(self) -> int:
        """Cancel every trial that has not started; return how many were cancelled.

        Running trials cannot be interrupted; :meth:`results` still yields
        them and then stops.
        """
        n = 0
        with self._lock:
            for fut, info in list(self._pending.items()):
                if fut.cancel():
                    n += 1
                    del self._pending[fut]
                    self.cancelled_ids.append(info.trial_id)
        return n

    def shutdown(self, wait: bool = True) -> None:
        """Cancel pending trials and shut down the executor if the runner owns it."""
        self.cancel()
        if self._owns_executor and self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> "TrialRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def run_trials(
    objective: Objective,
    trials: Sequence[Mapping[str, Any]],
    executor: Executor | None = None,
    seed: int = 0,
    on_result: Callable[[TrialResult], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[TrialResult]:
    """Run ``trials`` and return their results sorted by ``trial_id``.

    The Orange3 ``owparameterfitter`` shape: a pure loop that reports each
    result through ``on_result`` (e.g. to a GUI worker's ``yield``) and asks
    ``should_stop`` after each one; when it says stop, trials not yet
    started are cancelled and the ones running are still collected.
    ``executor=None`` uses a default process pool, shut down at the end.
    """
    runner = TrialRunner(objective, executor)
    out: list[TrialResult] = []
    try:
        if should_stop is not None and should_stop():
            return out
        runner.submit_all(trials, seed)
        for res in runner.results():
            out.append(res)
            if on_result is not None:
                on_result(res)
            if should_stop is not None and should_stop():
                runner.cancel()
    finally:
        runner.shutdown()
    return sorted(out, key=lambda r: r.trial_id)


def dask_executor(address: str) -> Executor:
    """A ``concurrent.futures`` executor backed by a Dask cluster at ``address``.

    The returned executor keeps its ``distributed.Client`` alive; the client
    is closed by ``executor._client.close()`` (or at interpreter exit).

    Raises
    ------
    ImportError
        When ``distributed`` is not installed (it is the optional
        ``[cluster]`` extra).
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise ImportError(
            "Running trials on a Dask cluster needs the 'distributed' package: "
            "install the cluster extra with  pip install 'bnviz[cluster]'"
        ) from exc
    return Client(address).get_executor()
