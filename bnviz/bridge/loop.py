"""The training loop shared by the worker thread and the worker process.

``train_loop`` owns a lab's engine object: it applies the commands the GUI
sent (play, pause, step, reset, new config, a named method call), trains,
and yields a ``Frame`` whenever a fresh one may be shown.  Where commands
come from and where frames go is the ``Link``'s business, so the same loop
runs on a thread (a queue and a one-slot mailbox) and in a subprocess (two
pipes and a one-frame credit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Iterator, Protocol

FRAME_INTERVAL = 1.0 / 30.0


class Model(Protocol):
    """What the loop needs from a lab's engine object."""

    step_count: int
    epoch: int

    def step(self) -> bool: ...
    def configure(self, cfg: Any) -> bool: ...
    def reset(self) -> None: ...
    def snapshot(self) -> Any: ...


@dataclass(frozen=True, eq=False)
class Frame:
    """One delivery to the GUI: the model's snapshot plus the loop's own state."""

    seq: int
    snapshot: Any
    step: int
    epoch: int
    playing: bool
    steps_per_second: float
    notice: str        # e.g. "rebuilt: the architecture changed" or a config error
    applied: int = 0   # how many GUI commands the loop had applied when it made this frame


class Link(Protocol):
    """The loop's view of the GUI."""

    def next_command(self, timeout: float) -> tuple[str, Any] | None:
        """The next queued command, waiting up to ``timeout`` seconds (0: do not wait)."""

    def stopped(self) -> bool: ...

    def gui_busy(self) -> bool:
        """True while the GUI draws and the loop should not compete with it (a thread shares the GIL)."""

    def may_post(self) -> bool:
        """True if the GUI can take a frame now."""

    def draw_seconds(self) -> float:
        """How long the GUI took to draw the last frame."""


def train_loop(model: Model, link: Link) -> Iterator[Frame]:
    playing, speed = False, 0.0
    seq = applied = 0
    dirty, notice = True, ""
    last_post = 0.0
    rate_t, rate_steps, rate = time.perf_counter(), 0, 0.0
    next_step_at = 0.0
    while not link.stopped():
        # apply every queued command; block briefly when idle so an idle loop sleeps
        wait = 0.0 if playing else 0.05 if not dirty else max(0.0, last_post + FRAME_INTERVAL - time.perf_counter())
        command = link.next_command(wait)
        while command is not None:
            cmd, arg = command
            applied += 1
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
                _manual_steps(model, arg)
            elif cmd == "epoch":
                _manual_steps(model, getattr(model, "steps_per_epoch", 1))
            elif cmd == "call":
                try:
                    if isinstance(arg, tuple):   # (method name, args, kwargs): picklable, works in a process
                        getattr(model, arg[0])(*arg[1], **arg[2])
                    else:
                        arg(model)
                except Exception as exc:  # a lab action failed: report it, keep the worker alive
                    notice = f"action failed: {type(exc).__name__}: {exc}"
            dirty = True
            command = link.next_command(0.0)
        now = time.perf_counter()
        if playing and link.gui_busy():
            time.sleep(0.0005)
        elif playing and now >= next_step_at:
            if not model.step():
                playing = False
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
        gap = max(FRAME_INTERVAL, 2.0 * link.draw_seconds())
        if dirty and now - last_post >= gap and link.may_post():
            seq += 1
            yield Frame(seq, model.snapshot(), model.step_count, model.epoch, playing,
                        rate if playing else 0.0, notice, applied)
            notice = ""
            dirty = False
            last_post = now


def _manual_steps(model: Model, n: int) -> None:
    for _ in range(n):
        if not model.step():
            break
    probe = getattr(model, "probe", None)
    if probe is not None:
        probe()   # a manual step shows its effect at once, between regular probes
