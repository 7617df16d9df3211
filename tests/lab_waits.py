"""Waiting for a lab's frames in GUI tests (``lab.frame`` is the frame on screen)."""

WAIT = 15000    # ms: generous, for a busy CI machine


def wait_frame(qtbot, lab, pred, timeout: int = WAIT) -> None:
    qtbot.waitUntil(lambda: lab.frame is not None and pred(lab.frame), timeout=timeout)


def train_then_pause(qtbot, lab, steps: int) -> None:
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.step >= steps)
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
