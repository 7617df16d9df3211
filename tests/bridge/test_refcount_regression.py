"""Guard against PySide6 6.12.0's reference leak on CPython 3.11.

6.12.0 loses a reference to True on every Signal.emit and to None on every
Python slot call; after a few thousand calls the interpreter aborts.
pyproject.toml caps PySide6 below 6.12 on 3.11; this test notices if a
version with the leak comes back.
"""

import gc
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal

N = 100_000


class Emitter(QObject):
    ping = Signal(bool)


class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def on_ping(self, value):
        self.count += 1


class Sender(QThread):
    def __init__(self, emitter):
        super().__init__()
        self.emitter = emitter

    def run(self):
        for _ in range(N):
            self.emitter.ping.emit(True)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal on 3.12+")
def test_cross_thread_emits_do_not_leak_none_or_true(qtbot):
    # free what earlier tests left (deferred deletes, cycles) now, not while counting
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    emitter, receiver = Emitter(), Receiver()
    emitter.ping.connect(receiver.on_ping)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    sender = Sender(emitter)
    sender.start()
    qtbot.waitUntil(lambda: receiver.count == N, timeout=120_000)
    sender.wait()
    drift_none = sys.getrefcount(None) - none_before
    drift_true = sys.getrefcount(True) - true_before
    # the bug loses one reference per call (~N); unrelated objects freed meanwhile move the count by far less
    assert abs(drift_none) < N // 20, drift_none
    assert abs(drift_true) < N // 20, drift_true
