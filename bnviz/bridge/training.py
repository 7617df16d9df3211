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
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from superqt.utils import GeneratorWorker, create_worker

from bnviz.bridge import trainer_process
from bnviz.bridge.loop import Frame, LabModel
from bnviz.bridge.mailbox import Mailbox

__all__ = ["Frame", "LabModel", "TrainingBridge"]


class TrainingBridge(QObject):
    """GUI-side handle of a training process.  Every method is safe to call from the GUI.

    ``make_recipe()`` is called on the GUI thread when the worker starts and
    returns a picklable zero-argument callable (e.g. a ``functools.partial``)
    that builds the engine object in the worker process.
    """

    frame = Signal(object)                  # a Frame, delivered on the GUI thread
    job_progress = Signal(str, int, int, str)   # job, done, total, text
    job_finished = Signal(str, bool)        # job, completed (False: cancelled or failed)
    stopped = Signal()

    def __init__(self, make_recipe: Callable[[], Callable[[], Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_recipe = make_recipe
        self._child: trainer_process.Child | None = None
        self._sent = 0              # commands sent
        self._play_sent = 0         # the number of the last play/pause sent
        self._mailbox: Mailbox[Frame] = Mailbox()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._deferred = False
        self._drawing = False       # a frame was handed to the lab and is not drawn yet
        self._worker: GeneratorWorker | None = None
        self.playing = False
        self.speed = 0.0            # steps per second; 0 means as fast as possible
        self.last_frame: Frame | None = None

    @classmethod
    def for_page(cls, page: Any) -> TrainingBridge:
        """The bridge of a lab page: its model is built from ``page.make_model()`` when it starts."""
        return cls(page.make_model, page)

    # ----------------------------------------------------------- GUI side API
    def start(self) -> None:
        self._child = trainer_process.Child(self._make_recipe())
        self._worker = create_worker(self._relay, _start_thread=False)
        self._worker.yielded.connect(self._deliver)
        self._worker.finished.connect(self.stopped)
        # set by the worker thread as the very last thing it does: shutdown() returning earlier
        # would let the bridge be deleted while the thread still emits its signals (a crash)
        self._worker.finished.connect(self._done.set, Qt.ConnectionType.DirectConnection)
        self._worker.errored.connect(self._on_error)
        self._worker.start()

    def play(self) -> None:
        self.playing = True
        self._send("play", True)
        self._play_sent = self._sent

    def pause(self) -> None:
        self.playing = False
        self._send("play", False)
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

    def run_job(self, job: str, action: Callable[..., Any]) -> None:
        """Run ``action(model, progress=..., should_stop=...)``, a long computation, between two steps.

        Its progress arrives as ``job_progress`` and its end as ``job_finished``.
        """
        self._send("job", (job, action))

    def cancel_job(self) -> None:
        """Stop the running job at its next check (nothing happens if none runs)."""
        if self._child is not None:
            self._child.send("cancel", None)      # not a loop command: a job reads it itself

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second
        self._send("speed", steps_per_second)

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop the worker; True if it ended within ``timeout`` seconds."""
        self._stop.set()
        if self._worker is None:
            return True
        # no worker.quit(): superqt would then drop the generator at its next yield without
        # resuming it; the relay sees _stop itself and returns within a poll
        return self._done.wait(timeout)

    def _send(self, cmd: str, arg: Any) -> None:
        if self._child is None:
            return      # not started: the recipe made at start() will carry the lab's state then
        self._sent += 1
        self._child.send(cmd, arg)

    def _deliver(self, _seq: int = 0) -> None:
        if self._drawing:
            return              # the frame waits in the mailbox until the one on its way is drawn
        f = self._mailbox.take()
        if f is None:
            return
        self.last_frame = f
        if f.play_command == self._play_sent:
            # the loop has seen our latest play/pause, so its state is the truth: e.g. a run
            # that diverged stopped itself, whatever other commands went out since
            self.playing = f.playing
        # taken: the child may make the next frame while this one is drawn (one in the GUI's
        # hands, at most one waiting), so drawing and snapshotting overlap instead of alternating
        self._child.send("taken", None)
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
        QTimer.singleShot(0, self._drawn)   # after the repaint of the last turn

    def _drawn(self) -> None:
        self._drawing = False
        self._deliver()                     # a frame that came while this one was drawn

    def _on_error(self, exc: Exception) -> None:   # never expected: the loop reports errors as notices
        self.last_frame = None
        raise exc

    # ----------------------------------------------------------- relay thread
    def _relay(self):
        try:
            for f in self._child.frames(self._stop, self._on_job):
                if self._mailbox.put(f):
                    yield f.seq
        finally:
            self._child.close()

    def _on_job(self, kind: str, job: str, *args: Any) -> None:
        # on the relay thread: the signals reach the GUI's slots queued
        if kind == "progress":
            self.job_progress.emit(job, *args)
        elif kind == "job_done":
            self.job_finished.emit(job, *args)
