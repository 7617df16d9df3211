"""The worker's loop and its pipe link, driven directly (no process, no Qt)."""

from multiprocessing import Pipe

from bnviz.bridge.loop import train_loop
from bnviz.bridge.trainer_process import _PipeLink


class Sweeper:
    """A model with two long jobs: one that finishes, one that fails."""

    step_count = 0
    epoch = 0
    steps_per_epoch = 1

    def step(self) -> bool:
        self.step_count += 1
        return True

    def probe(self) -> None:
        pass

    def snapshot(self):
        return self.step_count

    def sweep(self, progress, should_stop):
        for i in range(3):
            if should_stop():
                return None
            progress(i + 1, 3, f"point {i + 1}")
        return "result"

    def broken(self, progress, should_stop):
        raise ValueError("no data")


class ListLink:
    """Commands from a list; records what the loop reports; stops once the list is empty."""

    def __init__(self, commands):
        self.commands = list(commands)
        self.events = []
        self.frames = 0

    def next_command(self, timeout):
        return self.commands.pop(0) if self.commands else None

    def stopped(self):
        return not self.commands and self.frames > 0

    def may_post(self):
        return True

    def should_stop(self):
        return False

    def progress(self, job, done, total, text):
        self.events.append(("progress", job, done, text))

    def job_done(self, job, completed):
        self.events.append(("done", job, completed))


def test_jobs_report_progress_and_a_failure_never_ends_the_loop():
    link = ListLink([("job", ("a", Sweeper.sweep)), ("job", ("b", Sweeper.broken)), ("step", 2)])
    for frame in train_loop(Sweeper(), link):
        link.frames += 1
    assert link.events == [("progress", "a", 1, "point 1"), ("progress", "a", 2, "point 2"),
                           ("progress", "a", 3, "point 3"), ("done", "a", True),
                           ("done", "b", False), ("progress", "b", 0, "failed: ValueError: no data")]
    assert frame.step == 2 and frame.applied == 3      # the step after the failed job was applied


def test_cancel_stops_a_job_and_other_commands_wait_for_the_loop():
    commands_in, commands_out = Pipe(duplex=False)
    frames_in, frames_out = Pipe(duplex=False)
    link = _PipeLink(commands_in, frames_out)
    for message in (("play", True), ("taken", None), ("cancel", None)):
        commands_out.send(message)
    assert link.should_stop()                      # the cancel, read while the job runs
    assert not link.should_stop()                  # once
    assert link.next_command(0.0) == ("play", True)     # kept for the loop, in order
    assert link.next_command(0.0) is None
    commands_out.send(("cancel", None))            # a late cancel, after its job ended: ignored
    commands_out.send(("step", 1))
    assert link.next_command(0.0) == ("step", 1)
    link.progress("a", 1, 2, "half")
    assert frames_in.recv() == ("progress", "a", 1, 2, "half")
    commands_out.send(("stop", None))
    assert link.should_stop() and link.stopped()   # quitting stops a job too


class Diverging(Sweeper):
    def step(self) -> bool:
        self.step_count += 1
        return self.step_count < 3          # "diverged" at step 3: the loop stops playing by itself

    def reset(self) -> None:
        self.step_count = 0


def test_a_run_that_stops_itself_says_so_even_after_other_commands():
    """The GUI adopts a frame's play state when its play_command is the GUI's last play/pause."""
    link = ListLink([("play", True)])
    link.stopped = lambda: len(seen) >= 2
    seen = []
    for frame in train_loop(Diverging(), link):
        if not frame.playing and not seen:
            seen.append(frame)
            link.commands.append(("reset", None))        # e.g. the user resets; no new play/pause
        elif seen and frame.applied == 2:
            seen.append(frame)
    stopped, after_reset = seen
    assert stopped.step == 3 and stopped.play_command == 1
    assert not after_reset.playing and after_reset.play_command == 1 and after_reset.step == 0


class Counter(Sweeper):
    def reset(self) -> None:
        self.step_count = 0


def test_a_lesson_pauses_where_its_point_is_made_every_time():
    """pause_at N: a playing run stops at step N with a notice; Play goes on past it; after a reset it
    stops there again."""
    link = ListLink([("pause_at", 5), ("play", True)])
    pauses, phase = [], ["first pause"]
    link.stopped = lambda: phase[0] == "done"
    model = Counter()
    for frame in train_loop(model, link):
        if phase[0] == "first pause" and not frame.playing and frame.step:
            pauses.append(frame)
            link.commands.append(("play", True))                 # Space: on, past the point
            phase[0] = "past it"
        elif phase[0] == "past it" and frame.playing and frame.step >= 12:
            link.commands += [("reset", None), ("play", True)]  # R, then Space: the lesson again
            phase[0] = "again"
        elif phase[0] == "again" and not frame.playing and frame.step and frame.step < 12:
            pauses.append(frame)
            phase[0] = "done"
    first, again = pauses
    assert first.step == 5 and "point" in first.notice
    assert again.step == 5 and "point" in again.notice
