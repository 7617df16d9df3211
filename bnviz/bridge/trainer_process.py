"""A lab's training loop in a child process, and the GUI side's handle on it.

Training in a thread shares the GIL with the GUI: every Qt call of a frame
can wait a switch interval for the trainer, and the trainer loses whatever
time the GUI holds.  A child process has neither problem.  The engine is
pure NumPy and a snapshot is a frozen dataclass of arrays, so both travel
through a pipe; the child builds its model from a picklable recipe and
speaks to the GUI over two one-way pipes (these pickles are our own
objects between our own processes, never a user's file).

Flow control is a credit of one frame: the child sends a frame, then waits
for the GUI's "taken" before it sends the next, so at most one frame waits.
A frame's histories travel as their new rows only (``bnviz.bridge.lean``).

The child ends with the app: on the end of its command pipe (the app's end
closes when the app dies, however it dies) and, should something keep that
pipe open, when its parent changes (``watch_parent``).  When the child ends
first (killed, crashed, its model raised), ``Child.frames`` returns and
``Child.ended`` says why, with the real exit code or signal.
"""

from __future__ import annotations

import os
import queue
import threading
import traceback
from collections import deque
from typing import Any, Callable, Iterator

from bnviz.bridge.lean import Decoder, Encoder
from bnviz.bridge.loop import Frame, train_loop
from bnviz.search.runner import describe_exit, mp_context, watch_parent

POLL_SECONDS = 0.05


class Child:
    """GUI side: start the process, send it commands, receive its frames."""

    def __init__(self, recipe: Callable[[], Any]) -> None:
        ctx = mp_context()
        cmd_in, self._cmd_out = ctx.Pipe(duplex=False)
        self._frames_in, frames_out = ctx.Pipe(duplex=False)
        self._ends = (cmd_in, frames_out)
        self._process = ctx.Process(target=serve, args=(recipe, cmd_in, frames_out, os.getpid()),
                                    name="bnviz-trainer", daemon=True)
        self._closed = False
        self._decoder = Decoder()
        self.ended = ""                  # why the child ended before it was told to stop ('' if it did not)
        # commands go out on a thread of their own: a pipe holds 64 KiB, so writing a bigger command
        # (a config carrying the user's points) to a child busy elsewhere would stop the GUI until it reads
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender = threading.Thread(target=self._send_queued, name="bnviz-commands", daemon=True)
        self._sender.start()

    def send(self, cmd: str, arg: Any) -> None:
        """Queue a command for the child; never waits (the GUI and the relay thread both send)."""
        if not self._closed:
            self._outbox.put((cmd, arg))

    def _send_queued(self) -> None:
        while (command := self._outbox.get()) is not None:
            try:
                self._cmd_out.send(command)      # waits while the pipe is full, until the child reads
            except (OSError, ValueError):
                self._closed = True              # the child is gone; frames() reports it
                return

    def frames(self, stop: threading.Event, on_job: Callable[..., None]) -> Iterator[Frame]:
        """Start the child and yield its frames until ``stop`` is set or the child ends.

        A job's messages (("progress", job, done, total, text), ("job_done", job, completed))
        go to ``on_job(kind, *args)``.  When the child ends by itself (its model raised, it was
        killed or crashed), the iteration stops and ``ended`` says why, e.g. "killed by signal 9
        (SIGKILL)" or the model's exception.
        """
        try:
            self._process.start()
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable recipe: the lab shows why
            self.ended = f"could not start the training process: {type(exc).__name__}: {exc}"
            return
        finally:
            for end in self._ends:
                end.close()    # the child holds them now; its exit must read as EOF here
        while not stop.is_set():
            if not self._frames_in.poll(POLL_SECONDS):
                if not self._process.is_alive():     # ended, yet its pipe end is held open elsewhere
                    self.ended = self._exit_reason()
                    return
                continue
            try:
                msg = self._frames_in.recv()
            except (EOFError, OSError):
                self.ended = self._exit_reason()
                return
            if isinstance(msg, Frame):
                yield self._decoder.decode(msg)
            elif msg[0] != "error":
                on_job(*msg)
            else:
                self.ended = msg[1]
                return

    def _exit_reason(self) -> str:
        # the pipe ends a moment before the process does: wait for it, or the exit code reads None
        self._process.join(1.0)
        return describe_exit(self._process.exitcode)

    def close(self, timeout: float = 0.5) -> None:
        self.send("stop", None)
        self._closed = True
        self._outbox.put(None)                   # the sender ends after what is queued
        if self._process.pid is None:
            for end in self._ends:
                end.close()    # never started: a write waiting for a reader fails instead of waiting
        else:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout)
        self._sender.join(timeout)               # a dead child's pipe refuses the rest at once
        if not self._sender.is_alive():
            self._cmd_out.close()
        self._frames_in.close()


class _PipeLink:
    """``train_loop``'s link inside the child."""

    def __init__(self, commands, frames) -> None:
        self._commands = commands
        self._frames = frames
        self._pending: deque = deque()     # commands that arrived while a job ran
        self._stop = False
        self._credit = 1
        self._encoder = Encoder()

    def _read(self, timeout: float):
        """The next command for the loop, handling flow control, stop and cancel on the way."""
        while not self._stop and self._commands.poll(timeout):
            cmd, arg = self._commands.recv()      # EOFError: the app is gone, and so is this process
            if cmd == "taken":
                self._credit = 1
            elif cmd == "stop":
                self._stop = True
            else:
                return cmd, arg
            timeout = 0.0
        return None

    def next_command(self, timeout: float):
        if self._pending:
            return self._pending.popleft()
        command = self._read(timeout)
        while command is not None and command[0] == "cancel":    # no job runs: nothing to cancel
            command = self._read(0.0)
        return command

    def should_stop(self) -> bool:
        while (command := self._read(0.0)) is not None:
            if command[0] == "cancel":
                return True
            self._pending.append(command)          # for the loop, once the job is over
        return self._stop

    def stopped(self) -> bool:
        return self._stop

    def may_post(self) -> bool:
        return self._credit > 0

    def post(self, frame: Frame) -> None:
        self._frames.send(self._encoder.encode(frame))
        self._credit -= 1

    def progress(self, job: str, done: int, total: int, text: str) -> None:
        self._frames.send(("progress", job, done, total, text))

    def job_done(self, job: str, completed: bool) -> None:
        self._frames.send(("job_done", job, completed))


def serve(recipe: Callable[[], Any], commands, frames, app_pid: int | None = None) -> None:
    """The child's main: build the model, run the loop, send its frames."""
    from threadpoolctl import threadpool_limits

    watch_parent(app_pid)      # an orphan ends even if a pipe end outlived the app
    link = _PipeLink(commands, frames)
    try:
        # one BLAS thread: the GUI needs the other core
        with threadpool_limits(1):
            for frame in train_loop(recipe(), link):
                link.post(frame)
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass                   # the GUI process ended
    except Exception as exc:  # noqa: BLE001 - report it to the GUI instead of dying silently
        try:
            text = " ".join("".join(traceback.format_exception_only(type(exc), exc)).split())
            frames.send(("error", text if len(text) <= 300 else text[:297] + "..."))   # one line for the lab
        except OSError:
            pass
