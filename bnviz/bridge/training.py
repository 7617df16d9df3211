"""The GUI's handle on a lab's training worker process.

The lab's engine object lives in a child process (see ``trainer_process``):
training there never holds the GUI's GIL and has a core of its own.  A
superqt ``GeneratorWorker`` thread relays the child's frames and yields
(which makes superqt emit ``yielded`` on the GUI thread) only when the
one-slot ``Mailbox`` went from empty to full; the child sends a frame only
once the GUI has taken the one before, and a frame that arrives while the
GUI still draws waits in the mailbox: one frame drawn, at most one waiting.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from superqt.utils import GeneratorWorker

from bnviz.bridge import trainer_process
from bnviz.bridge.loop import Frame, LabModel
from bnviz.bridge.mailbox import Mailbox

__all__ = ["Frame", "LabModel", "TrainingBridge"]


class _Ended:
    """The relay's last word: the worker process ended by itself, and why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Run:
    """One worker process and the relay thread that reads it; a restart makes a new one."""

    def __init__(self, number: int, child: trainer_process.Child) -> None:
        self.number = number
        self.child = child
        self.mailbox: Mailbox[Frame] = Mailbox()
        self.stop = threading.Event()
        self.done = threading.Event()     # the relay thread has ended (or never started)
        self.worker: GeneratorWorker | None = None
        self.delivered = False            # a frame of this process reached the GUI


class TrainingBridge(QObject):
    """GUI-side handle of a training process.  Every method is safe to call from the GUI.

    ``make_recipe()`` is called on the GUI thread when the worker starts and
    returns a picklable zero-argument callable (e.g. a ``functools.partial``)
    that builds the engine object in the worker process.

    A worker that ends by itself (killed, crashed, its model raised) sets
    ``failure`` to why (e.g. "killed by signal 9 (SIGKILL)"), stops playing,
    shows its last frame once more with the reason as the notice (when it
    sent one) and emits ``failed(reason)``.  The next Play, Step, Reset, new
    config or action starts a new worker from ``make_recipe()`` (the lab's
    current config); its first frame says "training process restarted after:
    <reason>".
    """

    frame = Signal(object)                  # a Frame, delivered on the GUI thread
    failed = Signal(str)                    # the worker process ended by itself: why
    job_progress = Signal(str, int, int, str)   # job, done, total, text
    job_finished = Signal(str, bool)        # job, completed (False: cancelled or failed)
    stopped = Signal()

    def __init__(self, make_recipe: Callable[[], Callable[[], Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_recipe = make_recipe
        self._run: _Run | None = None
        self._runs: list[_Run] = []  # every run whose relay thread may still be on (shutdown waits for them)
        self._sent = 0              # commands sent to the current process
        self._play_sent = 0         # the number of the last play/pause sent
        self._closing = False
        self._deferred = False
        self._drawing = False       # a frame was handed to the lab and is not drawn yet
        self._restart_notice = ""   # for the first frame of a restarted process
        self._runs_made = 0
        self._open_jobs: set[str] = set()   # jobs sent and not finished: a dying worker ends them
        self.job_finished.connect(self._job_ended)      # a method: run on the GUI thread
        self.playing = False
        self.speed = 0.0            # steps per second; 0 means as fast as possible
        self.pause_at = 0           # the step a lesson pauses at (0: none)
        self.last_frame: Frame | None = None
        self.failure = ""           # why the worker process ended by itself; '' while it runs
        #: the worker was given back (``release``) and none runs; the next start or command makes one
        self.released = False
        self._pristine = True       # the current worker was never told to step, play, call or run a job
        self._view: dict[str, tuple] = {}     # set_view's latest (action, args) per key

    @classmethod
    def for_page(cls, page: Any) -> TrainingBridge:
        """The bridge of a lab page: its model is built from ``page.make_model()`` when it starts."""
        return cls(page.make_model, page)

    @property
    def _child(self) -> trainer_process.Child | None:
        return self._run.child if self._run is not None else None

    @property
    def _done(self) -> threading.Event:
        """Set once the current worker's relay thread has ended (or when none was started)."""
        if self._run is None:
            done = threading.Event()
            done.set()
            return done
        return self._run.done

    # ----------------------------------------------------------- GUI side API
    def start(self) -> None:
        if self._run is None and not self._closing:
            self._launch()

    def play(self) -> None:
        self.playing = True
        self._send("play", True)
        self._play_sent = self._sent
        if self.failure:            # the new process could not even be made
            self.playing = False

    def pause(self) -> None:
        self.playing = False
        self._send("play", False, revive=False)
        self._play_sent = self._sent

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self, n: int = 1) -> None:
        self._send("step", n)

    def step_epoch(self) -> None:
        self._send("epoch", None)

    def reset(self) -> None:
        self._send("reset", None)

    def configure(self, cfg: Any) -> None:
        """Hand the lab's new config to ``model.configure(cfg)`` before the next step."""
        self._send("configure", cfg)

    def invoke(self, action: Callable[..., Any], *args: Any) -> None:
        """Call ``action(model, *args)`` between two steps; ``action`` is a picklable function of the model."""
        self._send("call", (action, args))

    def set_view(self, key: str, action: Callable[..., Any], *args: Any) -> None:
        """Tell the model what the page shows, as ``invoke`` does (``TwinTrainer.show_histograms``).

        What is on screen is not a setting and not use: it starts no released worker, keeps
        an idle one idle (``release``), and every worker made later is told it first.  The
        latest call per ``key`` is the one kept.
        """
        self._view[key] = (action, args)
        self._send("view", (action, args), revive=False)

    def run_job(self, job: str, action: Callable[..., Any]) -> None:
        """Run ``action(model, progress=..., should_stop=...)``, a long computation, between two steps.

        Its progress arrives as ``job_progress`` and its end as ``job_finished``.
        """
        self._send("job", (job, action))
        if self._run is not None and not self.failure:
            self._open_jobs.add(job)
            return
        # not sent (no worker could be made): it ends now, or the lab's job row would wait forever
        self.job_finished.emit(job, False)
        if self.failure:
            self.job_progress.emit(job, 0, 1, f"failed: {self.failure}")    # after, as in ``_fail``

    def cancel_job(self) -> None:
        """Stop the running job at its next check (nothing happens if none runs)."""
        if self._run is not None and not self.failure:
            self._run.child.send("cancel", None)      # not a loop command: a job reads it itself

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second
        self._send("speed", steps_per_second, revive=False)

    def set_pause_at(self, step: int) -> None:
        """Pause a playing run each time it reaches ``step`` (0: never): a lesson's point, held still."""
        self.pause_at = step
        self._send("pause_at", step, revive=False)

    def release(self) -> bool:
        """Give back the memory of an idle worker; True if it was stopped.

        Idle: paused at step 0, never told to step, play, call an action or run a job, its
        last frame made after every command sent.  Such a model is its lab's config and seed
        and nothing more (what a session saves), so the worker the next ``start`` or command
        makes from the lab's current config (``make_recipe``) is the same step 0; the page
        keeps its last frame meanwhile.  A lab that has trained keeps its worker: a new one
        would start again from step 0.
        """
        run, f = self._run, self.last_frame
        if run is None or self._closing or self.failure or self.playing or self._open_jobs or self._drawing \
                or not self._pristine or f is None or f.step != 0 or not self.caught_up(f):
            return False
        run.stop.set()          # the relay closes the process (``Child.close``) on its own thread
        self._run = None
        self.released = True
        return True

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop the worker; True if it ended within ``timeout`` seconds."""
        self._closing = True
        self.playing = False
        runs = [r for r in self._runs if not r.done.is_set()]
        for run in runs:
            run.stop.set()
        # no worker.quit(): superqt would then drop the generator at its next yield without
        # resuming it; the relay sees its stop itself and returns within a poll
        end = time.monotonic() + timeout
        return all(run.done.wait(max(0.0, end - time.monotonic())) for run in runs)

    def _send(self, cmd: str, arg: Any, revive: bool = True) -> None:
        if revive and self.failure and not self._closing:
            self._restart()
        if revive and self.released and not self._closing:
            self._launch()      # a released worker: a new one from the lab's config, then the command
        run = self._run
        if run is None or self.failure:
            return      # not started: the recipe made at start() will carry the lab's state then
        if cmd in ("step", "epoch", "call", "job") or (cmd == "play" and arg):
            self._pristine = False
        self._sent += 1
        run.child.send(cmd, arg)

    def _launch(self) -> None:
        """A new worker process from ``make_recipe()`` and a relay thread for it."""
        self._runs = [r for r in self._runs if not r.done.is_set()]
        self._runs_made += 1
        number = self._runs_made
        self._sent = self._play_sent = 0
        self.released, self._pristine = False, True
        try:
            child = trainer_process.Child(self._make_recipe())
        except Exception as exc:  # noqa: BLE001 - the lab shows why, the next command tries again
            self._run = None
            self._fail(f"could not start the training process: {type(exc).__name__}: {exc}")
            return
        run = self._run = _Run(number, child)
        self._runs.append(run)
        worker = run.worker = GeneratorWorker(self._relay, run)
        worker.yielded.connect(self._on_yield)
        worker.finished.connect(self.stopped)
        # set by the worker thread as the very last thing it does: shutdown() returning earlier
        # would let the bridge be deleted while the thread still emits its signals (a crash)
        worker.finished.connect(run.done.set, Qt.ConnectionType.DirectConnection)
        # the global pool has a thread per lab and two more (application.py): a restart's relay
        # waits at most for the ending one
        QThreadPool.globalInstance().start(worker)
        if self.speed:
            self._send("speed", self.speed, revive=False)
        if self.pause_at:
            self._send("pause_at", self.pause_at, revive=False)
        for view in self._view.values():
            self._send("view", view, revive=False)

    def _restart(self) -> None:
        reason, self.failure = self.failure, ""
        self._restart_notice = f"training process restarted after: {reason}"
        self._launch()

    def _fail(self, reason: str) -> None:
        self.failure = reason
        self.playing = False
        self._restart_notice = ""
        for job in sorted(self._open_jobs):      # a job the dead process ran will never report its end
            self.job_finished.emit(job, False)
            self.job_progress.emit(job, 0, 1, f"failed: {reason}")    # after: "cancelled" would hide it
        self._open_jobs.clear()
        self.failed.emit(reason)

    def _job_ended(self, job: str, _completed: bool) -> None:
        self._open_jobs.discard(job)

    def _on_yield(self, item: tuple) -> None:
        number, ended = item
        run = self._run
        if run is None or run.number != number or self._closing:
            return                  # an earlier process's
        if ended is None:
            self._deliver()
            return
        # the process is gone: its newest frame once more, not playing, with the reason
        newest = run.mailbox.take() or (self.last_frame if run.delivered else None)
        self._fail(ended.reason)
        if newest is not None:
            run.mailbox.put(replace(newest, playing=False, steps_per_second=0.0,
                                    notice=f"training stopped: {ended.reason}"))
            self._deliver()

    def _deliver(self, _seq: int = 0) -> None:
        run = self._run
        if self._drawing or run is None:
            return              # the frame waits in the mailbox until the one on its way is drawn
        f = run.mailbox.take()
        if f is None:
            return
        if self._restart_notice and not self.failure:      # the new process's first frame
            f = replace(f, notice=self._restart_notice + (f"; {f.notice}" if f.notice else ""))
            self._restart_notice = ""
        self.last_frame = f
        run.delivered = True
        if f.play_command == self._play_sent and not self.failure:
            # the loop has seen our latest play/pause, so its state is the truth: e.g. a run
            # that diverged stopped itself, whatever other commands went out since
            self.playing = f.playing
        if not self.failure:
            # taken: the child may make the next frame while this one is drawn (one in the GUI's
            # hands, at most one waiting), so drawing and snapshotting overlap instead of alternating
            run.child.send("taken", None)
        self._drawing, self._deferred = True, False
        self.frame.emit(f)
        if not self._deferred:
            self.drawn()

    def caught_up(self, frame: Frame) -> bool:
        """True when ``frame`` was made after every command this bridge has sent."""
        return frame.applied >= self._sent

    def defer_drawn(self) -> None:
        """Called by a receiver of ``frame`` that draws in several turns: it calls ``drawn()`` itself."""
        self._deferred = True

    def drawn(self) -> None:
        QTimer.singleShot(0, self, self._drawn)   # after the repaint of the last turn; dropped with the bridge

    def _drawn(self) -> None:
        self._drawing = False
        self._deliver()                     # a frame that came while this one was drawn

    # ----------------------------------------------------------- relay thread
    def _relay(self, run: _Run):
        """Relay ``run``'s frames; never raises (superqt would swallow a RuntimeError, and skip ``finished``)."""
        try:
            try:
                for f in run.child.frames(run.stop, self._on_job):
                    if run.mailbox.put(f):
                        yield run.number, None
                reason = run.child.ended
            except Exception as exc:  # noqa: BLE001 - reported to the lab like any other end
                reason = f"{type(exc).__name__}: {exc}"
            if reason and not run.stop.is_set():
                yield run.number, _Ended(reason)
        finally:
            run.child.close()

    def _on_job(self, kind: str, job: str, *args: Any) -> None:
        # on the relay thread: the signals reach the GUI's slots queued
        if kind == "progress":
            self.job_progress.emit(job, *args)
        elif kind == "job_done":
            self.job_finished.emit(job, *args)
