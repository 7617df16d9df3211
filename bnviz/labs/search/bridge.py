"""Running a search's trials from the GUI: ``SearchWorker`` and ``SearchBridge`` (Qt).

``SearchWorker``
    The driver of a ``TrialRunner``: trials are handed over from the GUI
    thread and submitted on a worker thread (a superqt ``GeneratorWorker``)
    so that starting the process pool never blocks the GUI; the generator
    iterates ``runner.results()`` and yields each ``TrialResult``, which
    superqt delivers to the GUI thread. The worker ends when nothing is
    outstanding (no thread is held while idle) and runs in a private
    one-thread ``QThreadPool``: the labs' training bridges hold the global
    pool's threads for their whole life (2 on a 2-core machine), and a
    search must never wait behind them.

``SearchBridge``
    A search does not train step by step, so the lab names this bridge in
    its ``LabSpec`` instead of ``TrainingBridge``. It keeps the same GUI-side
    surface (``play``/``pause``/``step``/``reset``/``configure``/``frame``) so
    the window's toolbar drives the search: Play hands trials to the
    executor (a few more than it has workers, so a new zoom round jumps the
    queue) and stops by itself when every trial is done; Pause cancels the
    trials not yet started (they are queued again for the next Play); Step
    runs one more trial; Reset starts the same search again; a new config
    starts a new search. Frames carry a ``SearchSnapshot``, ``step`` =
    trials finished and ``epoch`` = current round.

``ClusterWatch``
    On a Dask cluster (``--dask-scheduler``), how many workers are
    connected, for the status bar: asked every few seconds on a short-lived
    thread through the search's own client, read by the GUI thread on its
    next tick, so the GUI never waits on the network.
"""

from __future__ import annotations

import gc
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from superqt.utils import GeneratorWorker

from bnviz.bridge.training import Frame, TrainingBridge
from bnviz.search.runner import TrialResult, TrialRunner, default_executor
from bnviz.ui.i18n import tr

ExecutorFactory = Callable[[], Executor]

from bnviz.labs.search.model import Key, SearchConfig, SearchSession, _Job

# --------------------------------------------------------------------------------------------
# worker


class SearchWorker(QObject):
    """Run trials on an executor and stream their results to the GUI thread.

    Parameters
    ----------
    executor_factory : callable, optional
        Makes the executor, on the worker thread, at the first submission
        (e.g. ``lambda: dask_executor("tcp://host:8786")``). Default: the
        runner's default local process pool (one worker per core,
        forkserver). The executor is owned: :meth:`shutdown` shuts it down.
    max_workers : int, optional
        Workers of the default pool.

    Signals
    -------
    result(key, TrialResult)
        One finished trial (the key given to :meth:`submit`).
    cancelled(list of keys)
        Trials cancelled before they started.
    error(str)
        The executor could not be created; the affected trials come back as
        'failed' results.
    idle()
        Every submitted trial is accounted for; the worker thread has ended.
    """

    result = Signal(object, object)
    cancelled = Signal(object)
    error = Signal(str)
    idle = Signal()

    def __init__(self, executor_factory: ExecutorFactory | None = None, max_workers: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = executor_factory
        self.max_workers = max_workers or os.cpu_count() or 1
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = False
        self._stop = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._runner: TrialRunner | None = None
        self._ids: dict[int, Key] = {}
        self._cancel_seen = 0
        self._worker: GeneratorWorker | None = None
        self._workers: set[GeneratorWorker] = set()
        self._token = 0             # which _stream is the current one
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.in_flight = 0          # submitted and not yet reported (GUI-thread count)
        self.executor: Executor | None = None   # the last one made (a Dask one has the cluster's client)

    # ----------------------------------------------------------------- GUI side
    @property
    def busy(self) -> bool:
        return self._running

    def set_executor_factory(self, factory: ExecutorFactory | None) -> None:
        """Use ``factory`` for the next executor; the current one is shut down once idle."""
        self._factory = factory
        self._inbox.put(("replace", None))
        self._ensure_running()

    def submit(self, objective: Callable, items: Sequence[tuple[Key, dict]], seed: int) -> None:
        """Queue ``items`` (key, params) with ``objective``; returns at once."""
        if not items or self._stop.is_set():
            return
        self.in_flight += len(items)
        self._inbox.put(("submit", (objective, list(items), int(seed))))
        self._ensure_running()

    def cancel(self) -> None:
        """Cancel every trial not started yet (the running ones finish and are still reported)."""
        # drop batches the worker thread has not submitted yet
        dropped: list[Key] = []
        kept = []
        while True:
            try:
                cmd = self._inbox.get_nowait()
            except queue.Empty:
                break
            if cmd[0] == "submit":
                dropped.extend(k for k, _ in cmd[1][1])
            else:
                kept.append(cmd)
        for cmd in kept:
            self._inbox.put(cmd)
        runner = self._runner
        if runner is not None:
            runner.cancel()   # thread-safe; the worker thread reports the ids
        if dropped:
            self.in_flight -= len(dropped)
            self.cancelled.emit(dropped)

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Cancel pending trials, end the worker thread, shut the executor down (without waiting)."""
        self._stop.set()
        self.cancel()
        if self._worker is not None:
            self._worker.quit()
        ok = self._done.wait(timeout)
        self._pool.waitForDone(max(0, int(timeout * 1000)))
        self._close_executor()
        return ok

    def _ensure_running(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
            self._done.clear()
            self._token += 1
            token = self._token
        w = GeneratorWorker(self._stream, token)
        w.yielded.connect(self._on_yield)
        w.finished.connect(lambda w=w: self._on_finished(w))
        self._worker = w
        self._workers.add(w)     # keep the Python wrapper alive while the pool runs it
        self._pool.start(w)

    def _on_yield(self, item: tuple) -> None:
        kind, payload = item
        if kind == "result":
            self.in_flight -= 1
            self.result.emit(*payload)
        elif kind == "cancelled":
            self.in_flight -= len(payload)
            self.cancelled.emit(payload)
        elif kind == "error":
            self.error.emit(payload)

    def _on_finished(self, w: GeneratorWorker) -> None:
        self._workers.discard(w)
        if self._worker is w:
            self._worker = None
        if not self._stop.is_set():
            if self._running:           # a batch arrived while the thread was ending
                return
            self.idle.emit()

    # ------------------------------------------------------------ worker side
    def _make_executor(self) -> Executor:
        ex = self._factory() if self._factory is not None else default_executor(self.max_workers)
        self.executor = ex
        return ex

    def _close_executor(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.shutdown(wait=False)     # the runner owns its executors (a Dask one closes its Client)

    def _new_cancels(self) -> list[Key]:
        runner = self._runner
        if runner is None:
            return []
        ids = runner.cancelled_ids[self._cancel_seen:]
        self._cancel_seen += len(ids)
        return [self._ids.pop(i) for i in ids if i in self._ids]

    def _drain(self, block: bool) -> list[tuple]:
        """Apply queued commands on the worker thread; returns what to yield."""
        out: list[tuple] = []
        try:
            cmd = self._inbox.get(timeout=0.05) if block else self._inbox.get_nowait()
        except queue.Empty:
            return out
        while cmd is not None:
            kind, arg = cmd
            if kind == "replace":
                if self._runner is None or self._runner.n_pending == 0:
                    self._close_executor()
                    self._ids.clear()
                    self._cancel_seen = 0
            elif kind == "submit" and not self._stop.is_set():
                objective, items, seed = arg
                if self._runner is None:
                    # the runner owns its executors: one whose worker died (a trial that kills its
                    # process) is replaced, and the trials it lost run again
                    runner = TrialRunner(objective, executor_factory=self._make_executor)
                    try:
                        runner.executor
                    except Exception as exc:  # noqa: BLE001 - e.g. no Dask scheduler there
                        msg = f"could not start the executor: {type(exc).__name__}: {exc}"
                        out.append(("error", msg))
                        out.extend(("result", (k, TrialResult.failed(-1, p, msg))) for k, p in items)
                        cmd = self._next()
                        continue
                    self._runner = runner
                    self._cancel_seen = 0
                self._runner.objective = objective
                ids = self._runner.submit_all([p for _, p in items], seed)
                self._ids.update(zip(ids, (k for k, _ in items)))
            elif kind == "submit":
                out.append(("cancelled", [k for k, _ in arg[1]]))
            cmd = self._next()
        return out

    def _next(self) -> tuple | None:
        try:
            return self._inbox.get_nowait()
        except queue.Empty:
            return None

    def _stream(self, token: int):
        """The worker thread: submit what the GUI handed over, yield results as they finish."""
        try:
            while True:
                yield from self._drain(block=True)
                runner = self._runner
                if runner is not None and runner.n_pending and not self._stop.is_set():
                    for res in runner.results():
                        key = self._ids.pop(res.trial_id, None)
                        if key is not None:
                            yield ("result", (key, res))
                        gone = self._new_cancels()
                        if gone:
                            yield ("cancelled", gone)
                        if self._stop.is_set():
                            runner.cancel()
                        yield from self._drain(block=False)
                gone = self._new_cancels()
                if gone:
                    yield ("cancelled", gone)
                with self._lock:
                    idle = self._inbox.empty() and (self._runner is None or not self._runner.n_pending)
                    if idle or self._stop.is_set():
                        self._running = False
                        return
        finally:
            if self._stop.is_set():
                self._close_executor()
            with self._lock:
                if self._token == token:     # no newer stream was started meanwhile
                    self._running = False
                    self._done.set()


# --------------------------------------------------------------------------------------------
# bridge


class SearchBridge(TrainingBridge):
    """The toolbar's handle on a search (see the module docstring for what each command means).

    Everything runs on the GUI thread except the trials themselves (executor)
    and their submission (``SearchWorker``); frames are coalesced to ~15/s.
    """

    def __init__(self, cfg: SearchConfig = SearchConfig(), executor_factory: ExecutorFactory | None = None,
                 max_in_flight: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(lambda: None, parent)
        self._cfg = cfg
        self._session: SearchSession | None = None
        self._priority = cfg.priority
        # the quasi-random arm needs scipy.stats (seconds to import on a busy machine): import it
        # in the background now, so neither the app's start nor the lab's first showing waits
        global _WARMING
        if not _WARMING:            # once per process
            _WARMING = True
            threading.Thread(target=_warm_imports, name="bnviz-search-imports", daemon=True).start()
        self.worker = SearchWorker(executor_factory, parent=self)
        self.worker.result.connect(self._on_result)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.error.connect(self._on_error_text)
        self.max_in_flight = max_in_flight or (64 if executor_factory is not None else 2 * self.worker.max_workers + 1)
        self._seq = 0
        self._notice = ""
        self._started = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # 15 frames a second: points appearing as trials finish need no more, and each frame
        # rebuilds the tables and redraws three plots on the GUI thread
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._emit_frame)
        self._rate_t0 = time.perf_counter()
        self._rate_n = 0
        self.rate = 0.0
        self.cluster: ClusterWatch | None = None   # on a Dask cluster: its worker count, for the status bar

    @classmethod
    def for_page(cls, page: Any) -> SearchBridge:
        """The search lab's bridge: its session starts from ``page.config()``; trials on the default pool."""
        return cls(page.config(), parent=page)

    @property
    def session(self) -> SearchSession:
        """The search state, planned on first use (the lab's first showing), not at app start."""
        if self._session is None:
            self._session = SearchSession(self._cfg)
            self._session.set_priority(self._priority)
        return self._session

    # ------------------------------------------------------------ toolbar API
    def start(self) -> None:
        """Nothing runs until Play; draw the planned search (and the scale demo) at once."""
        self._started = True
        self._changed()

    def play(self) -> None:
        if self.session.finished:
            self._notice = tr("all trials done: zoom in, shift the data, or Reset (R)")
            self.playing = False
            self._changed()
            return
        self.playing = True
        self._pump()
        self._changed()

    def pause(self) -> None:
        self.playing = False
        self.worker.cancel()
        self._notice = tr("paused: trials already running finish; Play continues the rest")
        self._changed()

    def step(self, n: int = 1) -> None:
        """Run ``n`` more trials (without playing on)."""
        self._submit(self.session.take(n))
        self._changed()

    def step_epoch(self) -> None:
        """Run the rest of the search, like Play."""
        self.play()

    def reset(self) -> None:
        self._restart(None, tr("reset: the same search from the start"))

    def configure(self, cfg: SearchConfig) -> None:
        """A new search, unless only the tab changed (then only which trials go first)."""
        self.set_priority(cfg.priority)
        if self._cfg.same_search(cfg):
            self._cfg = cfg
            if self._session is not None:
                self._session.cfg = cfg
            self._changed()
            return
        self._restart(cfg, tr("new search: the settings changed"))

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second   # trials run as fast as the executor allows

    def set_pause_at(self, step: int) -> None:
        self.pause_at = step            # a search ends by itself when its budget is spent

    def shutdown(self, timeout: float = 1.0) -> bool:
        self._closed = True
        self.playing = False
        self._timer.stop()
        if self.cluster is not None:
            self.cluster.stop()
        ok = self.worker.shutdown(timeout)
        self.stopped.emit()
        return ok

    # -------------------------------------------------------------- search API
    def zoom(self, axis_rect: Mapping[str, tuple[float, float]]) -> int:
        """Sample the next round inside ``axis_rect`` and run it (it goes first)."""
        index = self.session.zoom(axis_rect)
        self._notice = tr("round {n}: sampling inside the rectangle").format(n=index)
        self.play()
        return index

    def search_state(self) -> dict[str, Any]:
        """The search's rounds and finished trials (``SearchSession.to_state``); {} before the first showing."""
        return {} if self._session is None else self._session.to_state()

    def caught_up(self, frame: Frame) -> bool:
        """True when ``frame`` shows the current search (no older generation's)."""
        return frame.snapshot.generation == self.session.generation

    @property
    def generation(self) -> int:
        """The search's generation: a session restored after it must start from a later one."""
        return 0 if self._session is None else self._session.generation

    def adopt(self, new: SearchSession) -> None:
        """Replace the search with ``new``, restored from this bridge's ``generation`` on (nothing re-runs).

        Trials still running belong to an older generation: their results are dropped.
        """
        old = self._session
        if old is not None and old._demo is not None and old.cfg.seed == new.cfg.seed:
            new._demo = old._demo
        new.set_priority(self._priority)
        self.playing = False
        self.worker.cancel()
        self._cfg = new.cfg
        self._session = new
        self._notice = (tr("restored: {trials} finished trials, {rounds} rounds").format(
            trials=len(new.results), rounds=len(new.history)) + ("" if new.finished else tr("; Play runs the rest")))
        self._changed()

    def back_to(self, index: int) -> None:
        self.session.back_to(index)
        self._notice = tr("back to round {n}: the next zoom starts from it").format(n=index)
        self._changed()

    def shift_data(self, dataset: str) -> int:
        index = self.session.shift_data(dataset)
        self._notice = tr("round {n}: the same trials on the shifted data ('{data}')").format(
            n=index, data=tr(dataset))    # the data set names are marked in panels/scatter.py
        self.play()
        return index

    def set_priority(self, which: str) -> None:
        self._priority = which
        if self._session is not None:
            self._session.set_priority(which)

    def set_executor_factory(self, factory: ExecutorFactory | None, max_in_flight: int | None = None) -> None:
        """Run trials on ``factory()``'s executor; ``max_in_flight`` trials are handed to it at a time.

        The default keeps a cluster busy (64) or the local pool (2 per worker + 1).
        """
        self.worker.set_executor_factory(factory)
        self.max_in_flight = max_in_flight or (64 if factory is not None else 2 * self.worker.max_workers + 1)

    def set_dask_scheduler(self, address: str | None, poll_ms: int | None = None) -> None:
        """Run trials on the Dask cluster at ``address`` (None: the local pool), its worker count in the status.

        The client connects on the worker thread at the first trial (see :class:`SearchWorker`).
        """
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster.deleteLater()
            self.cluster = None
        if address is None:
            self.set_executor_factory(None)
            return
        from bnviz.search.runner import dask_executor

        self.set_executor_factory(lambda: dask_executor(address))
        self.cluster = ClusterWatch(address, lambda: getattr(self.worker.executor, "_client", None),
                                    poll_ms or CLUSTER_POLL_MS, parent=self)
        self.cluster.changed.connect(self._changed)

    @property
    def cluster_status(self) -> str:
        """'Dask cluster: 2 workers connected (4 threads)' and the like; '' on the local pool."""
        return self.cluster.text if self.cluster is not None else ""

    # ----------------------------------------------------------------- inside
    def _restart(self, cfg: SearchConfig | None, notice: str) -> None:
        self.playing = False
        self.worker.cancel()
        if cfg is not None:
            self._cfg = cfg
        if self._session is not None:
            self._session.start(cfg)
        self._notice = notice
        self._changed()

    def _submit(self, jobs: Sequence[_Job]) -> None:
        by_data: dict[str, list[tuple[Key, dict]]] = {}
        for j in jobs:
            by_data.setdefault(j.dataset, []).append((j.key, j.params))
        for data, items in by_data.items():
            self.worker.submit(self.session.objective(data), items, self.session.cfg.seed)

    def _pump(self) -> None:
        if self._closed:
            return
        if self.playing:
            free = self.max_in_flight - self.session.n_running
            if free > 0:
                self._submit(self.session.take(free))
            if self.session.finished:
                self.playing = False
                self._notice = tr("search done: zoom in, or shift the data")

    def _on_result(self, key: Key, result: TrialResult) -> None:
        if self.session.record(key, result):
            self._rate_n += 1
        self._pump()
        self._changed()

    def _on_cancelled(self, keys: list) -> None:
        self.session.requeue(keys)
        self._pump()
        self._changed()

    def _on_error_text(self, text: str) -> None:
        self._notice = text
        self.playing = False
        self._changed()

    def _changed(self) -> None:
        if self._started and not self._closed and not self._timer.isActive():
            self._timer.start()

    def _emit_frame(self) -> None:
        now = time.perf_counter()
        if now - self._rate_t0 >= 1.0:
            self.rate, self._rate_t0, self._rate_n = self._rate_n / (now - self._rate_t0), now, 0
        snap = self.session.snapshot()
        self._seq += 1
        f = Frame(self._seq, snap, snap.n_done, snap.current_round, self.playing, 0.0, self._notice)
        self._notice = ""
        self.last_frame = f
        self.frame.emit(f)


FRAME_MS = 66


# --------------------------------------------------------------------------------------------
# the cluster's worker count

CLUSTER_POLL_MS = 3000      # one small message to the scheduler every 3 s while the app runs


def describe_cluster(client: Any) -> str:
    """One status-bar phrase for a ``distributed.Client``; asks the scheduler (blocks: not on the GUI thread).

    ``scheduler_info(n_workers=0)`` returns the scheduler's totals without the per-worker
    listing.  On a lost connection the client answers from its cache, so its status is
    read again after the question.
    """
    def state() -> str | None:
        status = str(getattr(client, "status", "running"))
        if status in ("closing", "closed"):
            return tr("Dask cluster: disconnected")
        if status != "running":
            return tr("Dask cluster: connection lost, reconnecting")
        return None

    if (lost := state()) is not None:
        return lost
    info = client.scheduler_info(n_workers=0)
    if (lost := state()) is not None:
        return lost
    n = int(info.get("n_workers", len(info.get("workers", ()))))
    if n == 0:
        return tr("Dask cluster: no workers connected (trials wait for one)")
    threads = int(info.get("total_threads", 0))
    text = (tr("Dask cluster: {n} worker connected") if n == 1 else tr("Dask cluster: {n} workers connected")).format(n=n)
    if threads:
        text += (tr(" ({n} thread)") if threads == 1 else tr(" ({n} threads)")).format(n=threads)
    return text


class ClusterWatch(QObject):
    """How many workers the Dask cluster behind a search has, for the status bar (:attr:`text`).

    Every ``interval_ms`` the search's own client (``client()``; None until the
    first trial connects it) is asked on a short-lived daemon thread
    (:func:`describe_cluster`); the answer waits in a slot until the GUI
    timer shows it (a quarter second after asking, or at the next tick), so
    the GUI thread never touches the network.
    One question at a time: a scheduler that stops answering parks one
    thread, it never freezes the window. ``changed`` fires when the text does.
    """

    changed = Signal()

    def __init__(self, address: str, client: Callable[[], Any], interval_ms: int = CLUSTER_POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self._client = client
        self.text = tr("Dask cluster {address}: connects at the first trial").format(address=address)
        self._lock = threading.Lock()
        self._answer: str | None = None     # from the asking thread, under the lock
        self._asking = False
        self.asked = 0                      # questions sent (tests, and to see that it stays cheap)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._soon = QTimer(self)           # collects an answer shortly after asking
        self._soon.setSingleShot(True)
        self._soon.setInterval(min(250, interval_ms))
        self._soon.timeout.connect(self._collect)

    def stop(self) -> None:
        self._timer.stop()
        self._soon.stop()

    def _collect(self) -> bool:
        """Show the last answer, if one came; False while a question is still out."""
        with self._lock:
            answer, self._answer = self._answer, None
            busy = self._asking
        if answer is not None and answer != self.text:
            self.text = answer
            self.changed.emit()
        return not busy

    def _tick(self) -> None:
        if not self._collect():
            return
        client = self._client()
        if client is None:
            return
        with self._lock:
            self._asking = True
        self.asked += 1
        threading.Thread(target=self._ask, args=(client,), name="bnviz-cluster-watch", daemon=True).start()
        self._soon.start()

    def _ask(self, client: Any) -> None:
        try:
            text = describe_cluster(client)
        except Exception as exc:  # noqa: BLE001 - whatever the network says, the status bar says it
            text = tr("Dask cluster: no answer ({error})").format(error=type(exc).__name__)
        with self._lock:
            self._answer = text
            self._asking = False


IMPORTS_WARM = threading.Event()   # set once the background imports are done (benchmarks wait for it)


_WARMING = False


def _warm_imports() -> None:
    # no garbage collection runs on this thread: the app collects on the GUI thread only
    # (``application.collect_garbage_on_gui_thread``)
    try:
        import scipy.stats  # noqa: F401 - quasi_random_sample's qmc lives there
    except Exception:  # noqa: BLE001 - the sampler will report it when it is used
        pass
    IMPORTS_WARM.set()
    if gc.get_freeze_count():
        # the app froze its start-up objects (ui.application.keep_collector_short); freeze
        # these modules too, or every full collection walks scipy's ~28,000 objects (20 ms)
        gc.freeze()

