"""The GUI's handle on a lab's training worker: a thread, or a subprocess.

A superqt ``GeneratorWorker`` runs on a pool thread and yields (which makes
superqt emit ``yielded`` on the GUI thread) only when the one-slot
``Mailbox`` went from empty to full, so a busy GUI drops frames rather than
queueing them.  In thread mode that worker runs ``train_loop`` itself.  In
process mode it only relays: the loop runs in a child process (see
``trainer_process``), which keeps the GUI thread clear of the trainer's GIL
and gives training a core of its own; the child sends a frame only when the
GUI has drawn the previous one.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from superqt.utils import GeneratorWorker, create_worker

from . import trainer_process
from .loop import Frame, Model, train_loop
from .mailbox import Mailbox

__all__ = ["Frame", "Model", "TrainingBridge"]


class TrainingBridge(QObject):
    """GUI-side handle of the training worker.  Every method is safe to call from the GUI.

    ``make_model`` builds the engine object on the worker thread; with
    ``in_process=True`` it must instead return a picklable zero-argument
    callable (e.g. a ``functools.partial``) that the worker process calls.
    """

    frame = Signal(object)      # a Frame, delivered on the GUI thread
    stopped = Signal()

    def __init__(self, make_model: Callable[[], Any], parent: QObject | None = None,
                 in_process: bool = False) -> None:
        super().__init__(parent)
        self._make_model = make_model
        self.in_process = in_process
        self._commands: queue.SimpleQueue = queue.SimpleQueue()
        self._child: trainer_process.Child | None = None
        self._sent = 0              # commands sent; a frame that applied them all tells the true play state
        self._mailbox: Mailbox[Frame] = Mailbox()
        self._stop = threading.Event()
        self._done = threading.Event()
        # set while the GUI draws a frame: a training thread then waits instead of competing
        # for the GIL, which otherwise stalls every Qt call of the drawing by a switch interval
        self._gui_busy = threading.Event()
        self._busy_since = 0.0
        self._deferred = False
        self.draw_seconds = 0.0     # how long the GUI took to draw the last frame
        self._worker: GeneratorWorker | None = None
        self.playing = False
        self.speed = 0.0            # steps per second; 0 means as fast as possible
        self.last_frame: Frame | None = None

    # ----------------------------------------------------------- GUI side API
    def start(self) -> None:
        if self.in_process:
            self._child = trainer_process.Child(self._make_model())
            work = self._relay
        else:
            work = self._run_thread
        self._worker = create_worker(work, _start_thread=False)
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

    def pause(self) -> None:
        self.playing = False
        self._send("play", False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self, n: int = 1) -> None:
        self._send("step", n)

    def step_epoch(self) -> None:
        self._send("epoch", None)

    def reset(self) -> None:
        self._send("reset", None)

    def configure(self, cfg: Any, **options: Any) -> None:
        """Hand ``cfg`` to ``model.configure(cfg, **options)`` before the next step."""
        self._send("configure", (cfg, options))

    def invoke(self, method: str, *args: Any, **kwargs: Any) -> None:
        """Call ``model.<method>(*args, **kwargs)`` between two steps (works in both modes)."""
        self._send("call", (method, args, kwargs))

    def call(self, fn: Callable[[Model], Any]) -> None:
        """Run ``fn(model)`` on the training thread between two steps (thread mode only)."""
        if self.in_process:
            raise TypeError("a worker process runs named methods only: use invoke()")
        self._send("call", fn)

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second
        self._send("speed", steps_per_second)

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop the worker; True if it ended within ``timeout`` seconds."""
        self._stop.set()
        if self._worker is None:
            return True
        # no worker.quit(): superqt would then drop the generator at its next yield without
        # resuming it; the loop sees _stop itself and returns within one step
        return self._done.wait(timeout)

    @property
    def dropped_frames(self) -> int:
        return self._mailbox.dropped

    def _send(self, cmd: str, arg: Any) -> None:
        self._sent += 1
        if self._child is not None:
            self._child.send(cmd, arg)
        else:
            self._commands.put((cmd, arg))

    def _deliver(self, _seq: int) -> None:
        f = self._mailbox.take()
        if f is None:
            return
        self.last_frame = f
        if f.applied == self._sent:
            self.playing = f.playing     # e.g. a diverged run stopped itself
        self._busy_since = time.perf_counter()
        self._gui_busy.set()
        self._deferred = False
        self.frame.emit(f)
        if not self._deferred:
            # the frame counts as drawn once the event loop is idle again, i.e. after its repaint
            QTimer.singleShot(0, self._drawn)

    def defer_drawn(self) -> None:
        """Called by a receiver of ``frame`` that draws in several turns: it calls ``drawn()`` itself."""
        self._deferred = True

    def drawn(self) -> None:
        QTimer.singleShot(0, self._drawn)   # after the repaint of the last turn

    def _drawn(self) -> None:
        self.draw_seconds = time.perf_counter() - self._busy_since
        self._gui_busy.clear()
        if self._child is not None:
            self._child.drawn()

    def _on_error(self, exc: Exception) -> None:   # never expected: the loop reports errors as notices
        self.last_frame = None
        raise exc

    # ---------------------------------------------------------- worker thread
    def _run_thread(self):
        from threadpoolctl import threadpool_limits

        # one BLAS thread: the GUI shares the 2 cores; two threads doubled its lateness
        with threadpool_limits(1):
            for f in train_loop(self._make_model(), _ThreadLink(self)):
                if self._mailbox.put(f):
                    yield f.seq

    def _relay(self):
        try:
            for f in self._child.frames(self._stop):
                if self._mailbox.put(f):
                    yield f.seq
        finally:
            self._child.close()


class _ThreadLink:
    """``train_loop``'s link when it runs on a thread of the GUI's process."""

    def __init__(self, bridge: TrainingBridge) -> None:
        self._bridge = bridge

    def next_command(self, timeout: float):
        try:
            return self._bridge._commands.get(timeout=timeout) if timeout > 0 else self._bridge._commands.get_nowait()
        except queue.Empty:
            return None

    def stopped(self) -> bool:
        return self._bridge._stop.is_set()

    def gui_busy(self) -> bool:
        return self._bridge._gui_busy.is_set()

    def may_post(self) -> bool:
        return not self._bridge._gui_busy.is_set()

    def draw_seconds(self) -> float:
        return self._bridge.draw_seconds
