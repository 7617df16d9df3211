"""Cyclic garbage is collected on the GUI thread only: a collection in a relay thread could delete a Qt object there.

Run in a fresh process with the app's own event loop (``app.exec``), as a user runs it.
"""

import subprocess
import sys

SCRIPT = """
import gc, threading, weakref
from PySide6.QtCore import QTimer
from bnviz.app.application import ensure_app

class Node:
    pass

app = ensure_app()
threads = []
gc.callbacks.append(lambda phase, info: phase == "start" and threads.append(threading.current_thread().name))
a, b = Node(), Node()
a.other, b.other = b, a                     # a cycle: only the cyclic collector frees it
gone = weakref.ref(a)
del a, b
keep = [[] for _ in range(2000)]            # past the first generation's threshold

def churn():                                # a relay thread allocating as it unpickles frames
    junk = [[[] for _ in range(2000)] for _ in range(5)]
    del junk
worker = threading.Thread(target=churn, name="relay")
worker.start()
worker.join()
print("AFTER_THREADS", gone() is None, gc.isenabled())

def poll():
    if gone() is None:
        app.quit()
timer = QTimer()
timer.timeout.connect(poll)
timer.start(50)
QTimer.singleShot(15000, app.quit)
app.exec()
print("COLLECTED", gone() is None, sorted(set(threads)))
"""


def test_the_app_collects_cyclic_garbage_on_its_timer_on_the_gui_thread():
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "AFTER_THREADS False False" in out.stdout, out.stdout     # allocating threads collected nothing
    assert "COLLECTED True ['MainThread']" in out.stdout, out.stdout  # the timer did, on the GUI thread
