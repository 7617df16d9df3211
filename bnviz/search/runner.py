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
* A trial whose worker process dies (killed, out of memory, ``os._exit``)
  breaks a process pool for good.  A runner that owns its executor replaces
  it and runs the trials the broken pool lost once more, each alone, so
  the one that killed its worker is known: a trial whose worker dies twice
  is recorded as failed, and every other trial runs as usual.
* Worker processes are started with ``forkserver`` (``spawn`` where that is
  missing), never ``fork``: forking a process that runs Qt threads copies
  locks held by those threads and can deadlock the child.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
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
    "describe_exit",
    "watch_parent",
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


def describe_exit(exitcode: int | None) -> str:
    """A process's end in words: 'exit code 3', 'killed by signal 9 (SIGKILL)'."""
    if exitcode is None:
        return "exit code unknown"
    if exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
        return f"killed by signal {-exitcode}{name}"
    return f"exit code {exitcode}"


PARENT_POLL = 0.2   # seconds between two looks at the parent: an orphan ends well within 1 s


def _alive(pid: int) -> bool:
    """False once ``pid`` has ended, a zombie included (``os.kill(pid, 0)`` succeeds on a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):      # no /proc (macOS): the best the OS offers
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


def watch_parent(app_pid: int | None = None, poll: float = PARENT_POLL) -> threading.Thread:
    """End this worker process (``os._exit(0)``) within ``poll`` seconds of its parent's death.

    When a process dies its children are handed to init (or a subreaper) at
    once, reaped or not, so a change of ``os.getppid()`` is the sure sign;
    a SIGKILLed app stays a zombie until its own parent reaps it, and
    ``os.kill(pid, 0)`` succeeds on a zombie.  A worker started by the
    fork server has the fork server as its parent, which ends when the app
    does; ``app_pid`` (the app, when it is not the parent) is watched too,
    a zombie counting as dead.
    """
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != ppid or (app_pid is not None and app_pid != ppid and not _alive(app_pid)):
                os._exit(0)

    t = threading.Thread(target=watch, name="bnviz-parent-watch", daemon=True)
    t.start()
    return t


def _init_worker(parent_pid: int) -> None:
    """Pool initializer: yield the CPU to the app, and end with it.

    One worker per core keeps every core busy, so the GUI must win when it
    needs one (a niced worker loses little: the GUI needs a fraction of a
    core).  A killed app (SIGKILL) never shuts its pool down; without the
    watch its workers would wait on their queue forever.
    """
    os.nice(WORKER_NICE)
    watch_parent(parent_pid)


def default_executor(max_workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool with one worker per core, started with forkserver/spawn (never fork)."""
    return ProcessPoolExecutor(max_workers=max_workers or os.cpu_count() or 1, mp_context=mp_context(),
                               initializer=_init_worker, initargs=(os.getpid(),))


@dataclass
class _Pending:
    trial_id: int
    params: dict[str, Any]
    objective: Objective
    seed: int
    t0: float = field(default_factory=time.perf_counter)
    generation: int = 0     # which executor it was submitted to (a new one replaces a broken one)
    losses: int = 0         # how many times its worker process died under it


MAX_LOSSES = 2      # a trial whose worker dies this many times is recorded as failed


def _close_executor(ex: Executor, wait: bool) -> None:
    try:
        try:
            ex.shutdown(wait=wait, cancel_futures=True)
        except TypeError:       # distributed's ClientExecutor.shutdown takes no cancel_futures
            ex.shutdown(wait=wait)
        client = getattr(ex, "_client", None)   # a Dask executor keeps its Client (see dask_executor)
        if client is not None:
            client.close()
    except Exception:  # noqa: BLE001 - a lost cluster or a broken pool must not stop the caller
        pass


def _graves(ex: Executor) -> tuple[Any, list]:
    """A broken pool's manager thread and worker processes, to tell later how they ended (best effort)."""
    try:   # private API of ProcessPoolExecutor: no note if it changes
        return getattr(ex, "_executor_manager_thread", None), list((getattr(ex, "_processes", None) or {}).values())
    except Exception:  # noqa: BLE001
        return None, []


def _death_note(manager: Any, processes: list) -> str:
    """How the workers of a broken pool ended, e.g. 'exit code 3' (others were SIGTERMed by the pool)."""
    try:
        if manager is not None:
            # it joins the workers after marking the trials failed: let it read their ends (a second
            # reader of a fork-server worker's end would see 255)
            manager.join(1.0)
            if manager.is_alive():
                return ""
        codes = [p.exitcode for p in processes]
    except Exception:  # noqa: BLE001
        return ""
    return ", ".join(sorted({describe_exit(c) for c in codes if c not in (None, 0, -signal.SIGTERM)}))


class TrialRunner:
    """Submit trials to an executor and collect results as they finish.

    Parameters
    ----------
    objective : callable
        ``objective(params, seed) -> dict`` with ``score``, ``curve``,
        ``status``, ``message``. For process pools and clusters it must be a
        picklable top-level function.
    executor : concurrent.futures.Executor, optional
        Borrowed, not owned: :meth:`shutdown` leaves it running, and a
        broken one is not replaced (its trials are recorded as failed).
    max_workers : int, optional
        Workers of the default executor (default: ``os.cpu_count()``).
    executor_factory : callable, optional
        Makes the executors the runner owns (default: :func:`default_executor`),
        the first on first use and a new one whenever a worker process died
        and broke the last.

    Notes
    -----
    :meth:`results` may run in one thread (a bridge worker) while
    :meth:`cancel` is called from another (the GUI); the shared state is
    guarded by a lock.  A trial lost with a broken pool runs once more on
    the new one, alone (no other trial runs beside it), so that a second
    death is its own: then it is recorded as failed with the reason.
    """

    def __init__(self, objective: Objective, executor: Executor | None = None, max_workers: int | None = None,
                 executor_factory: Callable[[], Executor] | None = None) -> None:
        self.objective = objective
        self._executor = executor
        self._owns_executor = executor is None or executor_factory is not None
        self._max_workers = max_workers
        self._factory = executor_factory
        self._lock = threading.Lock()
        self._pending: dict[Future, _Pending] = {}
        self._ready: list[TrialResult] = []
        self._queue: deque[_Pending] = deque()      # not submitted yet: a lost trial runs alone first
        self._suspects: deque[_Pending] = deque()   # lost with a broken pool, to run again, one at a time
        self._generation = 0
        self._graves: dict[int, tuple] = {}         # generation -> its broken pool's manager and workers
        self._next_id = 0
        self.cancelled_ids: list[int] = []
        self.replaced = 0                           # broken executors replaced

    @property
    def executor(self) -> Executor:
        """The executor in use (an owned one is created here, lazily)."""
        if self._executor is None:
            self._executor = self._factory() if self._factory is not None else default_executor(self._max_workers)
        return self._executor

    @property
    def n_pending(self) -> int:
        """Trials submitted whose result has not been yielded yet."""
        with self._lock:
            return len(self._pending) + len(self._ready) + len(self._queue) + len(self._suspects)

    def submit_all(self, trials: Sequence[Mapping[str, Any]], seed: int = 0) -> list[int]:
        """Queue every trial; return their ids.

        Every trial gets the same ``seed`` on purpose (common random numbers):
        the same data split and initialization for all, so score differences
        come from the hyperparameters and not from luck.
        """
        failure = ""
        if self._executor is None:
            try:
                self.executor       # made outside the lock: a cluster's may take a while
            except Exception as exc:  # noqa: BLE001 - e.g. no cluster there: every trial says so
                failure = f"could not start the executor: {type(exc).__name__}: {exc}"
        ids = []
        with self._lock:
            for params in trials:
                tid = self._next_id
                self._next_id += 1
                ids.append(tid)
                if failure:
                    self._ready.append(TrialResult.failed(tid, dict(params), failure))
                else:
                    self._queue.append(_Pending(tid, dict(params), self.objective, int(seed)))
            self._dispatch()
        return ids

    # ------------------------------------------------------------- under the lock
    def _dispatch(self) -> None:
        """Hand queued trials to the executor; a lost trial goes alone (called with the lock held)."""
        current = [i for i in self._pending.values() if i.generation == self._generation]
        if any(i.losses for i in current):
            return                      # a second chance runs alone
        if self._suspects:
            if not current:
                self._submit(self._suspects.popleft())
            return
        while self._queue and not self._suspects:
            self._submit(self._queue.popleft())

    def _submit(self, info: _Pending, retry: bool = True) -> None:
        try:
            ex = self.executor
        except Exception as exc:  # noqa: BLE001 - e.g. no cluster there
            self._ready.append(TrialResult.failed(info.trial_id, info.params,
                                                  f"could not start the executor: {type(exc).__name__}: {exc}"))
            return
        try:
            fut = ex.submit(run_trial, info.objective, info.trial_id, info.params, info.seed)
        except BrokenExecutor as exc:
            if retry and self._owns_executor:   # broke before we saw its trials fail: a new one
                self._retire()
                self._submit(info, retry=False)
                return
            self._ready.append(TrialResult.failed(info.trial_id, info.params, f"could not submit: {exc!r}"))
            return
        except Exception as exc:  # noqa: BLE001 - e.g. executor already shut down
            self._ready.append(TrialResult.failed(info.trial_id, info.params, f"could not submit: {exc!r}"))
            return
        info.generation, info.t0 = self._generation, time.perf_counter()
        self._pending[fut] = info

    def _retire(self) -> None:
        """Drop the current (broken) executor; the next submission makes a new one."""
        ex, self._executor = self._executor, None
        if ex is not None:
            self._graves[self._generation] = _graves(ex)
            for old in [g for g in self._graves if g < self._generation - 4]:
                del self._graves[old]       # only a trial of the last few pools can still need its note
            _close_executor(ex, wait=False)
        self._generation += 1
        self.replaced += 1

    def _lost(self, info: _Pending) -> bool:
        """A trial whose pool broke: True if it runs again (alone), False if it is to be failed."""
        if info.generation == self._generation:
            self._retire()
        info.losses += 1
        if info.losses < MAX_LOSSES:
            self._suspects.append(info)
            return True
        return False

    def _failed_twice(self, info: _Pending, exc: BaseException) -> TrialResult:
        how = _death_note(*self._graves.get(info.generation, (None, [])))
        return TrialResult.failed(
            info.trial_id, info.params,
            f"its worker process died {info.losses} times" + (f" ({how})" if how else "")
            + f": {type(exc).__name__}: {exc}", time.perf_counter() - info.t0)

    # ----------------------------------------------------------------- results
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
                self._dispatch()
                ready, self._ready = self._ready, []
                futs = list(self._pending)
            yield from ready
            if not futs:
                with self._lock:
                    if not (self._pending or self._ready or self._queue or self._suspects):
                        return
                continue
            done, _ = wait(futs, timeout=poll, return_when=FIRST_COMPLETED)
            for fut in done:
                with self._lock:
                    info = self._pending.pop(fut, None)
                    if info is None:
                        continue
                    if fut.cancelled():
                        self.cancelled_ids.append(info.trial_id)
                        continue
                    exc = fut.exception()
                    broken = isinstance(exc, BrokenExecutor) and self._owns_executor
                    if broken:
                        again = self._lost(info)
                        self._dispatch()
                        if again:
                            continue
                yield self._failed_twice(info, exc) if broken else self._collect(fut, info)

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
            for waiting in (self._suspects, self._queue):
                n += len(waiting)
                self.cancelled_ids.extend(info.trial_id for info in waiting)
                waiting.clear()
        return n

    def shutdown(self, wait: bool = True) -> None:
        """Cancel pending trials and shut down the executor if the runner owns it."""
        self.cancel()
        if self._owns_executor and self._executor is not None:
            ex, self._executor = self._executor, None
            _close_executor(ex, wait)

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
