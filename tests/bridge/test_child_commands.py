"""Sending a command never waits for the child: a full pipe waits on the sender thread, not the GUI."""

from __future__ import annotations

import os
import signal
import threading
import time
from functools import partial

from bnviz.bridge.trainer_process import Child
from bnviz.labs.softmax.model import SoftmaxConfig, SoftmaxLab
from tests.bridge.child_helpers import ignore

WAIT = 20.0    # s: generous for a loaded 2-core machine; every wait ends as soon as its condition holds


def _wait(condition) -> bool:
    end = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def test_commands_to_a_child_that_does_not_read_are_queued_and_arrive_in_order():
    child = Child(partial(SoftmaxLab, SoftmaxConfig()))
    stop, frames = threading.Event(), []

    def relay():
        for f in child.frames(stop, lambda *a: None):
            frames.append(f)
            child.send("taken", None)

    relay_thread = threading.Thread(target=relay, daemon=True)
    relay_thread.start()
    try:
        assert _wait(lambda: bool(frames))
        pid = child._process.pid
        os.kill(pid, signal.SIGSTOP)            # the child reads nothing now
        payload = bytes(200_000)                # each command is three times what a pipe holds
        sender = threading.Thread(target=lambda: [child.send("call", (ignore, (payload,))) for _ in range(10)]
                                  + [child.send("step", 3)])
        sender.start()
        sender.join(WAIT)
        assert not sender.is_alive()            # 2 MB sent to a stopped child, and send() returned
        assert not frames or frames[-1].step == 0
        os.kill(pid, signal.SIGCONT)
        assert _wait(lambda: frames[-1].step == 3)     # the step came after all ten calls
        assert frames[-1].applied == 11 and frames[-1].notice == ""    # every call applied, none failed
    finally:
        os.kill(child._process.pid, signal.SIGCONT)
        stop.set()
        relay_thread.join(WAIT)
        child.close()
    assert not child._process.is_alive() and not child._sender.is_alive()


def test_a_child_never_started_closes_with_a_full_pipe():
    child = Child(partial(SoftmaxLab, SoftmaxConfig()))
    for _ in range(3):
        child.send("call", (ignore, (bytes(200_000),)))     # nobody will ever read these
    child.close()
    assert not child._sender.is_alive()
