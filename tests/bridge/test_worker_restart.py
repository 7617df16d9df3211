"""A lab whose worker process dies says why and runs again on the next command (issue 13, Workers)."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from functools import partial

import pytest

from bnviz.labs.softmax.model import SoftmaxConfig
from bnviz.labs.softmax.page import SoftmaxPage

WAIT = 20000    # ms: generous for a loaded 2-core machine; the waits end as soon as the condition holds
SIGKILL_REASON = "killed by signal 9 (SIGKILL)"


class FlakySoftmaxPage(SoftmaxPage):
    """The Softmax Lab whose model cannot be built while ``broken`` (the recipe raises in the worker)."""

    broken = False

    def make_model(self):
        return partial(int, "not a model") if self.broken else super().make_model()


def _page(qtbot, cls=SoftmaxPage, cfg: SoftmaxConfig | None = None):
    page = cls(cfg or SoftmaxConfig())
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    return page


def _kill_worker(bridge) -> int:
    pid = bridge._child._process.pid
    os.kill(pid, signal.SIGKILL)
    return pid


def _close(page) -> None:
    t0 = time.perf_counter()
    assert page.shutdown(2.0)          # every relay thread ended: nothing waits out the timeout
    assert time.perf_counter() - t0 < 1.5


def test_a_killed_worker_says_why_and_reset_then_play_trains_a_new_one(qtbot):
    page = _page(qtbot)
    frames, failures = [], []
    page.bridge.frame.connect(frames.append)
    page.bridge.failed.connect(failures.append)
    page.ensure_started()
    try:
        page.bridge.play()
        qtbot.waitUntil(lambda: page.frame is not None and page.frame.playing and page.frame.step > 5, timeout=WAIT)
        old_pid = _kill_worker(page.bridge)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
        assert failures == [SIGKILL_REASON] and page.bridge.failure == SIGKILL_REASON
        assert not page.bridge.playing          # the toolbar shows Play: nothing runs
        # the newest frame once more, stopped, with the real signal (not "exit code None")
        qtbot.waitUntil(lambda: frames[-1].notice == f"training stopped: {SIGKILL_REASON}", timeout=WAIT)
        assert not frames[-1].playing and frames[-1].steps_per_second == 0 and frames[-1].step >= frames[-2].step
        label = page.failure_label
        assert label is not None and label.isVisible() and SIGKILL_REASON in label.text()
        # a new setting while dead: the new process is built from the page's current config
        page.apply_config(replace(page.config(), chosen=5))
        n = len(frames)
        page.bridge.reset()
        page.bridge.play()
        assert page.bridge.playing and not page.bridge.failure
        qtbot.waitUntil(lambda: any(f.notice.startswith("training process restarted after: killed by signal 9")
                                    for f in frames[n:]), timeout=WAIT)
        qtbot.waitUntil(lambda: frames[-1].playing and frames[-1].step > 5
                        and page.bridge.caught_up(frames[-1]), timeout=WAIT)
        assert page.bridge._child._process.pid != old_pid
        assert frames[-1].snapshot.chosen.index == 5
        assert page.bridge.playing and not label.isVisible()
        page.bridge.pause()
        qtbot.waitUntil(lambda: not frames[-1].playing and page.bridge.caught_up(frames[-1]), timeout=WAIT)
    finally:
        _close(page)


def test_a_worker_that_fails_before_its_first_frame_shows_the_reason_on_the_lab(qtbot):
    page = _page(qtbot, FlakySoftmaxPage)
    page.broken = True
    shown = []
    page.frame_shown.connect(shown.append)
    page.ensure_started()
    try:
        qtbot.waitUntil(lambda: bool(page.bridge.failure), timeout=WAIT)
        reason = page.bridge.failure
        assert reason.startswith("ValueError: invalid literal for int()") and "not a model" in reason
        assert page.frame is None and not page.bridge.playing
        assert page.failure_label.isVisible() and reason in page.failure_label.text()
        assert shown == [None]              # the window's status bar is told, without a frame
        # Play while the recipe still fails: it says so again, and does not pretend to play
        page.bridge.play()
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=WAIT)
        assert not page.bridge.playing and page.bridge.failure == reason
        # fixed: the next Step starts a working process
        page.broken = False
        page.bridge.step(3)
        qtbot.waitUntil(lambda: page.frame is not None and page.frame.step == 3, timeout=WAIT)
        assert not page.failure_label.isVisible() and not page.bridge.failure
        assert page.frame.notice.startswith("training process restarted after: ValueError")
    finally:
        _close(page)


def test_a_recipe_that_cannot_even_be_made_is_reported_too(qtbot):
    from bnviz.bridge.training import TrainingBridge

    def no_recipe():
        raise RuntimeError("no such model")

    bridge = TrainingBridge(no_recipe)
    failures = []
    bridge.failed.connect(failures.append)
    bridge.start()
    assert failures == ["could not start the training process: RuntimeError: no such model"]
    bridge.play()
    assert not bridge.playing and len(failures) == 2
    assert bridge.shutdown(0.1)


def test_a_job_the_dead_worker_ran_ends_as_failed(qtbot):
    from bnviz.bridge.training import TrainingBridge
    from bnviz.labs.softmax.model import SoftmaxLab
    from tests.bridge.child_helpers import endless_job

    bridge = TrainingBridge(lambda: partial(SoftmaxLab, SoftmaxConfig()))
    progress, finished = [], []
    bridge.job_progress.connect(lambda job, done, total, text: progress.append((job, text)))
    bridge.job_finished.connect(lambda job, completed: finished.append((job, completed)))
    bridge.start()
    try:
        bridge.run_job("sweep", endless_job)
        qtbot.waitUntil(lambda: ("sweep", "running") in progress, timeout=WAIT)
        _kill_worker(bridge)
        qtbot.waitUntil(lambda: bool(finished), timeout=WAIT)
        assert finished == [("sweep", False)]
        qtbot.waitUntil(lambda: progress[-1] == ("sweep", f"failed: {SIGKILL_REASON}"), timeout=WAIT)
    finally:
        assert bridge.shutdown(2.0)


def test_the_window_shows_the_current_labs_real_state(window, qtbot):
    """Play button and status bar: the dead lab says Play and why; another lab shows none of its numbers."""
    lab = window.lab_by_key("softmax")
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=WAIT)
    window.play_action.trigger()
    assert window.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: lab.frame.playing and lab.frame.step > 5, timeout=WAIT)
    assert window.step_label.text().startswith(f"step {lab.frame.step} ")
    _kill_worker(lab.bridge)
    qtbot.waitUntil(lambda: window.play_action.text() == "Play", timeout=WAIT)
    assert not window.play_action.isChecked()
    qtbot.waitUntil(lambda: SIGKILL_REASON in window.notice_label.text(), timeout=WAIT)
    # another lab, not started before: none of the softmax lab's numbers or notice
    other = window.lab_by_key("bn")
    assert other.frame is None
    window.tabs.setCurrentWidget(other)
    assert window.step_label.text() == "step 0" and window.metrics_label.text() == ""
    assert window.notice_label.text() == "" and window.play_action.text() == "Play"
    qtbot.waitUntil(lambda: other.frame is not None, timeout=WAIT)
    # back: the dead lab still says why, and Play trains a new process
    window.tabs.setCurrentWidget(lab)
    assert SIGKILL_REASON in window.notice_label.text() and window.play_action.text() == "Play"
    assert window.step_label.text().startswith(f"step {lab.frame.step} ")
    notices = []        # what the status bar said as each frame was shown (the window's slot runs first)
    lab.frame_shown.connect(lambda f: notices.append(window.notice_label.text()))
    window.play_action.trigger()
    assert window.play_action.text() == "Pause" and lab.bridge.playing
    # the new process's first frame says so (a later playing frame clears the notice)
    qtbot.waitUntil(lambda: any(n.startswith("training process restarted after: killed by signal 9")
                                for n in notices), timeout=WAIT)
    qtbot.waitUntil(lambda: lab.frame.playing and lab.frame.step > 5, timeout=WAIT)
    window.play_action.trigger()
    assert window.play_action.text() == "Play" and not lab.bridge.playing


KILLED_APP = """
import sys
from functools import partial
from PySide6.QtCore import QCoreApplication
from bnviz.bridge.training import TrainingBridge
from bnviz.labs.softmax.model import SoftmaxConfig, SoftmaxLab

if __name__ == "__main__":
    app = QCoreApplication([])
    bridge = TrainingBridge(lambda: partial(SoftmaxLab, SoftmaxConfig()))
    bridge.frame.connect(lambda f: print(bridge._child._process.pid, flush=True))
    bridge.start()
    bridge.play()
    app.exec()
"""


def _gone(pid: int) -> bool:
    """True once ``pid`` ended (a zombie waiting for its reaper counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads process states from /proc")
def test_the_training_process_ends_within_a_second_of_a_sigkilled_unreaped_app(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "killed_app.py"
    script.write_text(KILLED_APP)
    out = tmp_path / "out.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with open(out, "w") as f:          # a file, not a pipe: the orphan would hold a pipe open
        app = subprocess.Popen([sys.executable, str(script)], stdout=f, stderr=subprocess.STDOUT, env=env)
    try:
        end = time.monotonic() + 60
        while not out.read_text().split() and time.monotonic() < end and app.poll() is None:
            time.sleep(0.02)
        child = int(out.read_text().split()[0])
        assert not _gone(child)
        app.send_signal(signal.SIGKILL)     # and not reaped until the end: the app stays a zombie
        t0 = time.monotonic()
        while not _gone(child) and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        assert _gone(child) and time.monotonic() - t0 <= 1.0
    finally:
        app.kill()
        app.wait()
