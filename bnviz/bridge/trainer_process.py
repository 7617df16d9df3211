"""A lab's training loop in a child process, and the GUI side's handle on it.

Training in a thread shares the GIL with the GUI: every Qt call of a frame
can wait a switch interval for the trainer, and the trainer loses whatever
time the GUI holds.  A child process has neither problem.  The engine is
pure NumPy and a snapshot is a frozen dataclass of arrays, so both travel
through a pipe; the child builds its model from a picklable recipe and
speaks to the GUI over two one-way pipes (these pickles are our own
objects between our own processes, never a user's file).

Flow control is a credit of one frame: the child sends a frame, then waits
for the GUI's "drawn" before it sends the next, so frames never queue.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import replace
from typing import Any, Callable, Iterator

from bnviz.search.runner import mp_context

from .loop import Frame, train_loop

POLL_SECONDS = 0.05


class Child:
    """GUI side: start the process, send it commands, receive its frames."""

    def __init__(self, recipe: Callable[[], Any]) -> None:
        ctx = mp_context()
        cmd_in, self._cmd_out = ctx.Pipe(duplex=False)
        self._frames_in, frames_out = ctx.Pipe(duplex=False)
        self._ends = (cmd_in, frames_out)
        self._process = ctx.Process(target=serve, args=(recipe, cmd_in, frames_out),
                                    name="bnviz-trainer", daemon=True)
        self._lock = threading.Lock()    # the GUI and the relay thread both send
        self._closed = False

    def send(self, cmd: str, arg: Any) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                self._cmd_out.send((cmd, arg))   # buffered by the pipe until the child reads it
            except OSError:
                self._closed = True              # the child is gone; frames() reports it

    def drawn(self) -> None:
        self.send("drawn", None)

    def frames(self, stop: threading.Event) -> Iterator[Frame]:
        """Start the child and yield its frames until ``stop`` is set or the child ends."""
        self._process.start()
        for end in self._ends:
            end.close()        # the child holds them now; its exit must read as EOF here
        last: Frame | None = None
        while not stop.is_set():
            if not self._frames_in.poll(POLL_SECONDS):
                continue
            try:
                msg = self._frames_in.recv()
            except EOFError:
                msg = ("error", f"the training process ended (exit code {self._process.exitcode})")
            if isinstance(msg, Frame):
                last = msg
                yield msg
                continue
            if last is None:
                raise RuntimeError(msg[1])
            yield replace(last, playing=False, steps_per_second=0.0, notice=f"training stopped: {msg[1]}")
            return

    def close(self, timeout: float = 0.5) -> None:
        self.send("stop", None)
        with self._lock:
            self._closed = True
        if self._process.pid is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout)
        self._cmd_out.close()
        self._frames_in.close()


class _PipeLink:
    """``train_loop``'s link inside the child."""

    def __init__(self, conn) -> None:
        self._conn = conn
        self._stop = False
        self._credit = 1

    def next_command(self, timeout: float):
        while not self._stop and self._conn.poll(timeout):
            cmd, arg = self._conn.recv()      # EOFError: the app is gone, and so is this process
            if cmd == "drawn":
                self._credit = 1
            elif cmd == "stop":
                self._stop = True
            else:
                return cmd, arg
            timeout = 0.0
        return None

    def stopped(self) -> bool:
        return self._stop

    def gui_busy(self) -> bool:
        return False           # a separate process does not slow the GUI down

    def may_post(self) -> bool:
        return self._credit > 0

    def sent(self) -> None:
        self._credit -= 1

    def draw_seconds(self) -> float:
        # the credit alone paces frames: the GUI draws a frame in short pieces between which
        # it handles input, and a separate process loses no training while the GUI draws
        return 0.0


def serve(recipe: Callable[[], Any], commands, frames) -> None:
    """The child's main: build the model, run the loop, send its frames."""
    from threadpoolctl import threadpool_limits

    # not niced, unlike the search's trial workers: one trainer leaves the GUI a core of its own,
    # and at nice 5 it lost ~5% of its speed to the GUI's short bursts for no gain in lateness
    link = _PipeLink(commands)
    try:
        # one BLAS thread: the GUI needs the other core
        with threadpool_limits(1):
            for frame in train_loop(recipe(), link):
                frames.send(frame)
                link.sent()
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass                   # the GUI process ended
    except Exception:  # noqa: BLE001 - report it to the GUI instead of dying silently
        try:
            frames.send(("error", traceback.format_exc(limit=3).strip().splitlines()[-1]))
        except OSError:
            pass
