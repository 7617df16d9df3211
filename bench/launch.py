"""A start-up to time, in a fresh process: ``python -m bench.launch bare|app [APP ARGS...]``.

``bare``: a PySide6 + pyqtgraph main window with one plot of 100 points (the
floor any Qt + pyqtgraph app stands on).  ``app``: bnviz itself, through its
real entry point (``bnviz.cli.main``) with ``APP ARGS`` (e.g. ``--preset B8``).

Prints ``@window T`` at the first paint inside the main window and, with
``--frame``, ``@frame T`` once the first lab shown has drawn its first frame
(``bench.watch``), T being ``time.time()`` so the parent can subtract the
moment it started this process.  Then the app quits as a user would.

The probe goes in by handing the app a QApplication subclass (bnviz makes its
QApplication itself, after its own imports); nothing of bnviz is imported
here before ``bnviz.cli`` does it, and nothing of Qt at import: a worker process
re-imports the main module (as ``__mp_main__``), and ``app.py`` gives it no Qt
either, so neither may this stand-in for it.
"""

from __future__ import annotations

import sys
import time

TIMEOUT_S = 60.0


def _probed_application() -> type:
    """A QApplication that arms the probe as it is made."""
    from PySide6 import QtWidgets

    class _ProbedApplication(QtWidgets.QApplication):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            _ProbedApplication.probe = _arm(self)

    return _ProbedApplication


_want_frame = False


def _arm(app):
    from PySide6.QtCore import QTimer

    from bench.watch import Watch

    watch = Watch(clock=time.time)
    app.installEventFilter(watch)
    state = {"window": False, "frame": not _want_frame}

    def maybe_quit() -> None:
        if state["window"] and state["frame"]:
            app.removeEventFilter(watch)
            QTimer.singleShot(0, app.quit)

    def on_window(t: float) -> None:
        print(f"@window {t:.6f}", flush=True)
        state["window"] = True
        if not _want_frame:
            app.removeEventFilter(watch)     # nothing more to see: keep the filter off the app's events
        maybe_quit()

    def on_frame(t: float, frame) -> None:
        print(f"@frame {t:.6f} step={getattr(frame, 'step', '?')}", flush=True)
        state["frame"] = True
        maybe_quit()

    def on_lab_shown(lab) -> None:
        if not state["frame"] and not getattr(on_lab_shown, "armed", False):
            on_lab_shown.armed = True
            watch.watch_lab(lab, lambda f: True, on_frame)

    watch.on_window = on_window
    watch.on_lab_shown = on_lab_shown if _want_frame else None
    QTimer.singleShot(int(TIMEOUT_S * 1000), lambda: (print("@timeout", flush=True), app.quit()))
    return watch


def bare() -> int:
    import numpy as np
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication(sys.argv[:1])
    win = QtWidgets.QMainWindow()
    plot = pg.PlotWidget()
    plot.plot(np.arange(100.0), np.sin(np.arange(100.0) / 10.0))
    win.setCentralWidget(plot)
    win.resize(1360, 740)
    win.show()
    return app.exec()


def main(argv: list[str]) -> int:
    global _want_frame
    if "--frame" in argv:
        argv = [a for a in argv if a != "--frame"]
        _want_frame = True
    from PySide6 import QtWidgets

    QtWidgets.QApplication = _probed_application()      # whoever makes the app makes a probed one
    if argv[:1] == ["bare"]:
        return bare()
    if argv[:1] == ["app"]:
        from bnviz.cli import main as app_main

        sys.argv = ["app.py", *argv[1:]]
        return app_main(argv[1:])
    print("usage: python -m bench.launch bare|app [--frame] [APP ARGS...]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
