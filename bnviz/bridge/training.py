"""The training worker: the only place where a thread meets the engine.

A superqt ``GeneratorWorker`` runs ``_loop`` on a pool thread.  The loop owns
the model (a ``TwinTrainer`` or any object with the same small surface),
applies commands the GUI queued (play, pause, step, reset, new config), trains,
and at most ~30 times a second puts a fresh snapshot in a one-slot
``Mailbox``.  It yields (which makes superqt emit ``yielded`` to the GUI
thread) only when that slot was empty, so a busy GUI drops frames rather than
queueing them.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from superqt.utils import GeneratorWorker, create_worker

from .mailbox import Mailbox

FRAME_INTERVAL = 1.0 / 30.0


class Model(Protocol):
    """What the worker needs from a lab's engine object."""

    step_count: int
    epoch: int

    def step(self) -> bool: ...
    def configure(self, cfg: Any) -> bool: ...
    def reset(self) -> None: ...
    def snapshot(self) -> Any: ...


@dataclass(frozen=True, eq=False)
class Frame:
    """One delivery to the GUI: the model's snapshot plus the worker's own state."""

    seq: int
    snapshot: Any
    step: int
    epoch: int
    playing: bool
    steps_per_second: float
    notice: str        # e.g. "rebuilt: the architecture changed" or a config error


class TrainingBridge(QObject):
    """GUI-side handle of the training thread.  Every method is safe to call from the GUI."""

    frame = Signal(object)      # a Frame, delivered on the GUI thread
    stopped = Signal()

    def __init__(self, make_model: Callable[[], Model], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_model = make_model
        self._commands: queue.SimpleQueue = queue.SimpleQueue()
        self._mailbox: Mailbox[Frame] = Mailbox()
        self._stop = threading.Event()
        self._done = threading.Event()
        # set while the GUI draws a frame: the trainer then waits instead of competing for
        # the GIL, which otherwise stalls every Qt call of the drawing by up to a switch interval
        self._gui_busy = threading.Event()
        self._busy_since = 0.0
        self.draw_seconds = 0.0     # how long the GUI took to draw the last frame
        self._worker: GeneratorWorker | None = None
        self.playing = False
        self.speed = 0.0            # steps per second; 0 means as fast as possible
        self.last_frame: Frame | None = None

    # ----------------------------------------------------------- GUI side API
    def start(self) -> None:
        self._worker = create_worker(self._loop, _start_thread=False)
        self._worker.yielded.connect(self._deliver)
        self._worker.finished.connect(self.stopped)
        # set from the worker thread itself, even if the generator never resumes
        self._worker.finished.connect(self._done.set, Qt.ConnectionType.DirectConnection)
        self._worker.errored.connect(self._on_error)
        self._worker.start()

    def play(self) -> None:
        self.playing = True
        self._commands.put(("play", True))

    def pause(self) -> None:
        self.playing = False
        self._commands.put(("play", False))

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step(self, n: int = 1) -> None:
        self._commands.put(("step", n))

    def step_epoch(self) -> None:
        self._commands.put(("epoch", None))

    def reset(self) -> None:
        self._commands.put(("reset", None))

    def configure(self, cfg: Any, **options: Any) -> None:
        """Hand ``cfg`` to ``model.configure(cfg, **options)`` before the next step."""
        self._commands.put(("configure", (cfg, options)))

    def call(self, fn: Callable[[Model], Any]) -> None:
        """Run ``fn(model)`` on the training thread between two steps."""
        self._commands.put(("call", fn))

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second
        self._commands.put(("speed", steps_per_second))

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop the training thread; True if it ended within ``timeout`` seconds."""
        self._stop.set()
        if self._worker is None:
            return True
        # no worker.quit(): superqt would then drop the generator at its next yield without
        # resuming it; the loop sees _stop itself and returns within one step
        return self._done.wait(timeout)

    @property
    def dropped_frames(self) -> int:
        return self._mailbox.dropped

    def _deliver(self, _seq: int) -> None:
        f = self._mailbox.take()
        if f is not None:
            self.last_frame = f
            self._busy_since = time.perf_counter()
            self._gui_busy.set()
            self.frame.emit(f)
            # cleared once the event loop is idle again, i.e. after the repaint this frame caused
            QTimer.singleShot(0, self._drawn)

    def _drawn(self) -> None:
        self.draw_seconds = time.perf_counter() - self._busy_since
        self._gui_busy.clear()

    def _on_error(self, exc: Exception) -> None:   # never expected: the loop reports errors as notices
        self.last_frame = None
        raise exc

    # ----------------------------------------------------- training-thread side
    def _loop(self):
        """Runs on the worker thread.  Yields only to nudge the GUI."""
        try:
            from threadpoolctl import threadpool_limits

            # one BLAS thread: the GUI shares the 2 cores; two threads doubled its lateness
            with threadpool_limits(1):
                yield from self._train()
        finally:
            self._done.set()

    def _train(self):
        model = self._make_model()
        playing, speed = False, 0.0
        seq = 0
        dirty, notice = True, ""
        last_post = 0.0
        rate_t, rate_steps, rate = time.perf_counter(), 0, 0.0
        next_step_at = 0.0
        while not self._stop.is_set():
            # apply every queued command; block briefly when idle so an idle thread sleeps
            wait = 0.0 if playing else 0.05 if not dirty else max(0.0, last_post + FRAME_INTERVAL - time.perf_counter())
            try:
                cmd, arg = self._commands.get(timeout=wait) if wait > 0 else self._commands.get_nowait()
            except queue.Empty:
                cmd = None
            while cmd is not None:
                if cmd == "play":
                    playing = arg
                elif cmd == "speed":
                    speed = arg
                elif cmd == "reset":
                    model.reset()
                    notice = "reset to step 0"
                elif cmd == "configure":
                    try:
                        notice = "rebuilt from step 0: data or architecture changed" if model.configure(arg[0], **arg[1]) else ""
                    except ValueError as exc:   # validated configs should never get here
                        notice = f"config refused: {exc}"
                elif cmd == "step":
                    self._manual_steps(model, arg)
                elif cmd == "epoch":
                    self._manual_steps(model, getattr(model, "steps_per_epoch", 1))
                elif cmd == "call":
                    try:
                        arg(model)
                    except Exception as exc:  # a lab action failed: report it, keep the worker alive
                        notice = f"action failed: {type(exc).__name__}: {exc}"
                dirty = True
                try:
                    cmd, arg = self._commands.get_nowait()
                except queue.Empty:
                    cmd = None
            now = time.perf_counter()
            if playing and self._gui_busy.is_set():
                time.sleep(0.0005)
            elif playing and now >= next_step_at:
                if not model.step():
                    playing = False
                    self.playing = False
                rate_steps += 1
                dirty = True
                if speed > 0:
                    next_step_at = max(next_step_at + 1.0 / speed, now - 0.1)
            elif playing:
                time.sleep(min(0.005, next_step_at - now))
            if now - rate_t >= 0.5:
                rate, rate_t, rate_steps = rate_steps / (now - rate_t), now, 0
            # at most ~30 frames a second, and never more than half the time spent drawing:
            # a heavy lab drops to fewer frames rather than starving its training
            gap = max(FRAME_INTERVAL, 2.0 * self.draw_seconds)
            if dirty and now - last_post >= gap and not self._gui_busy.is_set():
                seq += 1
                frame = Frame(seq, model.snapshot(), model.step_count, model.epoch, playing,
                              rate if playing else 0.0, notice)
                notice = ""
                dirty = False
                last_post = now
                if self._mailbox.put(frame):
                    yield seq

    @staticmethod
    def _manual_steps(model: Model, n: int) -> None:
        for _ in range(n):
            if not model.step():
                break
        probe = getattr(model, "probe", None)
        if probe is not None:
            probe()   # a manual step shows its effect at once, between regular probes
