"""Bridge tests make and drop many Qt objects (bridges, pages, windows, search workers)."""

import gc

import pytest


@pytest.fixture(autouse=True)
def free_qt_objects_on_the_gui_thread():
    """After each test, delete its Qt objects and collect their cycles here, on the GUI thread.

    Left to the cyclic collector, they would be freed whenever it next runs, possibly on a later
    test's worker thread (a search's), where destroying a Qt object can deadlock with the GUI
    thread over the GIL.
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
