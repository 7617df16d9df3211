"""Building the QApplication and the main window (its labs are built when first shown)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pyqtgraph.util.garbage_collector import GarbageCollector

from bnviz.app import desktop, preferences
from bnviz.ui import theme


GARBAGE: GarbageCollector | None = None     # the app's collector (``collect_garbage_on_gui_thread``)


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("bnviz")
        app.setOrganizationName("bnviz")
        # the desktop matches the window to its menu entry and icon by this id (the Wayland app id)
        app.setDesktopFileName(desktop.APP_ID)
        app.setWindowIcon(desktop.app_icon())
    collect_garbage_on_gui_thread()
    return app


def collect_garbage_on_gui_thread() -> None:
    """Cyclic garbage is collected by a timer on the GUI thread, never by whichever thread allocates.

    Why: a collection that starts in a relay thread (unpickling a frame allocates a lot) can
    delete a Qt object left over from a closed window there; its C++ destructor waits for a
    lock the GUI thread holds while the GUI thread waits for the GIL that thread has: the app
    freezes for good (seen in the suite: the main thread waiting for the GIL, a relay thread
    inside ``pickle.loads``).  pyqtgraph's ``GarbageCollector`` turns automatic collection off
    and collects each second on the thread that made it.  Once per process.
    """
    global GARBAGE
    if GARBAGE is None:
        GARBAGE = GarbageCollector(interval=1.0)


def create_window(theme_name: str | None = None, scale: float | None = None, settings: QSettings | None = None,
                  start_workers: bool = True, dask_scheduler: str | None = None, language: str | None = None):
    """The main window; theme, scale and language default to the last ones used (QSettings).

    The language is set before anything is built, so every text is created in it
    (an unset one follows the system locale: Chinese for any zh locale).
    """
    from bnviz.app.main_window import MainWindow
    from bnviz.ui import i18n

    settings = settings if settings is not None else QSettings("bnviz", "bnviz")
    theme_name = theme_name or preferences.read(settings, "view/theme", str, "light")
    if theme_name not in theme.THEMES:
        theme_name = "light"
    if scale is None:
        scale = min(4.0, max(0.5, preferences.read(settings, "view/scale", float, 1.0)))
    theme.apply(theme_name, scale)
    i18n.set_language(i18n.pick_language(language or preferences.read(settings, "view/language", str, "")))
    import bnviz.labs

    # every started lab's worker holds a pool thread for the lab's lifetime; the default pool has
    # only as many threads as cores, so later labs' workers would never start
    pool = QThreadPool.globalInstance()
    pool.setMaxThreadCount(max(pool.maxThreadCount(), len(bnviz.labs.LABS) + 2))
    win = MainWindow(bnviz.labs.LABS, settings=settings, start_workers=start_workers, dask_scheduler=dask_scheduler)
    win.setWindowIcon(desktop.app_icon())     # also when the QApplication was made elsewhere (tests, embedding)
    return win


def keep_collector_short() -> None:
    """Take everything built so far out of the cyclic garbage collector's full scans.

    The window's many long-lived Qt wrappers and pyqtgraph items made each
    full collection take 70-100 ms on the reference machine: a visible hitch
    in the middle of a lesson.  Frozen, they are never scanned again, and a
    full collection only walks what frames allocated since.  Called once the
    window is up (not in tests, whose many windows would then never be freed).
    """
    gc.collect()
    gc.freeze()
