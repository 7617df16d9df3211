"""Cyclic garbage is collected on the GUI thread only: a collection in a relay thread could delete a Qt object there."""

import gc
import threading
import weakref

from bnviz.app import application


class Node:
    pass


def test_the_app_collects_cyclic_garbage_on_its_timer_on_the_gui_thread(qtbot):
    app = application.ensure_app()
    assert app is not None and not gc.isenabled() and application.GARBAGE.timer.isActive()
    threads = []

    def seen(phase, info):
        if phase == "start":
            threads.append(threading.current_thread())

    gc.callbacks.append(seen)
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a                 # a cycle: only the cyclic collector frees it
        gone = weakref.ref(a)
        del a, b
        keep = [[] for _ in range(2000)]        # allocations past the first generation's threshold

        def churn():                            # a relay thread allocating as it unpickles frames
            junk = [[[] for _ in range(2000)] for _ in range(5)]
            del junk
        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert gone() is not None               # nothing collected it on the allocating threads
        qtbot.waitUntil(lambda: gone() is None, timeout=10000)     # the timer's check did
        assert threads and all(t is threading.main_thread() for t in threads)
        del keep
    finally:
        gc.callbacks.remove(seen)
