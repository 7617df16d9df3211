"""The training loop of a lab's worker process.

``train_loop`` owns a lab's engine object: it applies the commands the GUI
sent (play, pause, step, reset, new config, a named method call, a long
job), trains, and yields a ``Frame`` whenever a fresh one may be shown.
Where commands come from and where frames go is the ``Link``'s business
(two pipes and a one-frame credit, see ``trainer_process``), which keeps
the loop a plain function that tests can drive without any process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterator, Protocol

from bnviz.translatable import QT_TR_NOOP

FRAME_INTERVAL = 1.0 / 30.0


class LabModel(Protocol):
    """The lab contract's model side: what the loop needs from a lab's model.

    ``LabModel(cfg)`` builds it from the lab's config; ``configure(cfg)`` adopts a
    new config between two steps and returns True when that rebuilt the run
    from step 0.  Named actions are plain functions of the model
    (``TwinTrainer.refit_bins``), sent to the loop as picklable callables.
    """

    step_count: int
    epoch: int
    steps_per_epoch: int

    def step(self) -> bool: ...
    def configure(self, cfg: Any) -> bool: ...
    def reset(self) -> None: ...
    def probe(self) -> None: ...
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
    applied: int = 0       # how many GUI commands the loop had applied when it made this frame
    play_command: int = 0  # the number (1, 2, ...) of the play/pause command its play state last followed


class Link(Protocol):
    """The loop's view of the GUI."""

    def next_command(self, timeout: float) -> tuple[str, Any] | None:
        """The next queued command, waiting up to ``timeout`` seconds (0: do not wait)."""

    def stopped(self) -> bool: ...

    def may_post(self) -> bool:
        """True if the GUI can take a frame now."""

    def should_stop(self) -> bool:
        """Asked by a long job between its pieces: True once the GUI cancelled it (or quits)."""

    def progress(self, job: str, done: int, total: int, text: str) -> None: ...

    def job_done(self, job: str, completed: bool) -> None: ...


def train_loop(model: LabModel, link: Link) -> Iterator[Frame]:
    """Run ``model`` as the GUI commands, yielding frames.  ``pause_at`` N (a lesson's) pauses a playing
    run when it reaches step N, every time it does (after R it pauses there again)."""
    playing, speed, pause_at = False, 0.0, 0
    seq = applied = play_command = 0
    dirty, notice = True, ""
    last_post = 0.0
    rate_t, rate_steps, rate = time.perf_counter(), 0, 0.0
    next_step_at = 0.0
    while not link.stopped():
        # apply every queued command; block when paused, so a paused loop sleeps (a "taken" from
        # the GUI, like any command, ends the wait)
        if playing:
            wait = 0.0
        elif dirty and link.may_post():
            wait = max(0.0, last_post + FRAME_INTERVAL - time.perf_counter())
        else:
            wait = 0.05
        command = link.next_command(wait)
        while command is not None:
            cmd, arg = command
            applied += 1
            if cmd == "play":
                playing, play_command = arg, applied
            elif cmd == "speed":
                speed = arg
            elif cmd == "pause_at":
                pause_at = arg
            elif cmd == "reset":
                model.reset()
                notice = QT_TR_NOOP("reset to step 0")
            elif cmd == "configure":
                try:
                    notice = QT_TR_NOOP("rebuilt from step 0: data or architecture changed") if model.configure(arg) \
                        else ""
                except ValueError as exc:   # validated configs should never get here
                    notice = f"config refused: {exc}"
            elif cmd == "step":
                _manual_steps(model, arg)
            elif cmd == "epoch":
                _manual_steps(model, model.steps_per_epoch)
            elif cmd in ("call", "view"):       # a lab's action, or what its page shows
                action, args = arg
                try:
                    action(model, *args)
                except Exception as exc:  # a lab action failed: report it, keep the worker alive
                    notice = f"action failed: {type(exc).__name__}: {exc}"
            elif cmd == "job":
                _run_job(model, link, *arg)
            dirty = True
            command = link.next_command(0.0)
        now = time.perf_counter()
        if playing and now >= next_step_at:
            if not model.step():
                playing = False
            elif pause_at and model.step_count == pause_at:
                playing = False
                notice = QT_TR_NOOP("paused where the lesson makes its point: Space goes on, R replays")
            rate_steps += 1
            dirty = True
            if speed > 0:
                next_step_at = max(next_step_at + 1.0 / speed, now - 0.1)
        elif playing:
            time.sleep(min(0.005, next_step_at - now))
        if now - rate_t >= 0.5:
            rate, rate_t, rate_steps = rate_steps / (now - rate_t), now, 0
        # at most ~30 frames a second, each only once the GUI has taken the one before
        if dirty and now - last_post >= FRAME_INTERVAL and link.may_post():
            seq += 1
            yield Frame(seq, model.snapshot(), model.step_count, model.epoch, playing,
                        rate if playing else 0.0, notice, applied, play_command)
            notice = ""
            dirty = False
            # on a 30 Hz grid while the GUI keeps up (stepping past the due time must not make
            # every frame a step late: 27 frames/s instead of 30); a late frame starts a new grid
            last_post = last_post + FRAME_INTERVAL if now - last_post < 2 * FRAME_INTERVAL else now


def _run_job(model: LabModel, link: Link, job: str, action: Callable[..., Any]) -> None:
    """A long computation (a sweep): reports progress, stops when cancelled, never kills the loop."""
    try:
        result = action(model, progress=partial(link.progress, job), should_stop=link.should_stop)
    except Exception as exc:  # noqa: BLE001 - the lab shows it on the job's row
        link.job_done(job, False)
        link.progress(job, 0, 1, f"failed: {type(exc).__name__}: {exc}")   # after: "cancelled" would hide it
        return
    link.job_done(job, result is not None)    # None: cancelled


def _manual_steps(model: LabModel, n: int) -> None:
    for _ in range(n):
        if not model.step():
            break
    model.probe()   # a manual step shows its effect at once, between regular probes
