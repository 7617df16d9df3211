"""When the app has put something on screen: its first paint, a lab's first drawn frame.

``Watch`` is an application-wide event filter.  It notes

* the first paint of a widget inside a main window (the window is on screen:
  the offscreen platform paints into its backing store as a real one would);
* for a lab page, the moment a frame it announced (``LabPage.frame_shown``)
  is completely drawn: ``lab.frame`` is that frame (all of its drawing pieces
  ran) and the repaint that follows has reached a widget of the lab.  A frame
  whose last piece changed nothing on screen paints nothing: it counts as
  drawn ``SETTLE`` seconds after its pieces were done, at that moment.

Lab pages are recognised by class name along their MRO, so nothing of bnviz
is imported before the app itself imports it (start-up is measured with it).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, QTimer

SETTLE = 0.1
POLL_MS = 5


def is_lab_page(obj: Any) -> bool:
    return any(c.__name__ == "LabPage" for c in type(obj).__mro__)


class _Pending:
    """A frame a lab announced, waiting to be drawn."""

    def __init__(self, lab: Any, frame: Any, callback: Callable[[float, Any], None]) -> None:
        self.lab, self.frame, self.callback = lab, frame, callback
        self.pieces_done: float | None = None


class Watch(QObject):
    """Install on the QApplication; ``on_window(t)`` once, ``watch_lab(lab, accept, cb)`` per lab."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__()
        self.clock = clock
        self.window_painted: float | None = None
        self.window_exposed: float | None = None
        self.on_window: Callable[[float], None] | None = None
        self.on_lab_shown: Callable[[Any], None] | None = None     # a lab page became visible
        self._pending: list[_Pending] = []
        self._seen_labs: set[int] = set()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_pieces)

    # ------------------------------------------------------------------ labs
    def watch_lab(self, lab: Any, accept: Callable[[Any], bool], callback: Callable[[float, Any], None]) -> None:
        """Call ``callback(t, frame)`` when the next frame of ``lab`` that ``accept``s is drawn (once)."""
        state = {"done": False}

        def shown(frame: Any) -> None:
            if state["done"] or frame is None or not lab.isVisible() or not accept(frame):
                return
            state["done"] = True
            lab.frame_shown.disconnect(shown)
            self._pending.append(_Pending(lab, frame, callback))
            self._poll.start()

        lab.frame_shown.connect(shown)

    def _check_pieces(self) -> None:
        now = self.clock()
        for p in list(self._pending):
            if p.pieces_done is None and getattr(p.lab, "frame", None) is p.frame:
                p.pieces_done = now
            elif p.pieces_done is not None and now - p.pieces_done >= SETTLE:
                self._finish(p, p.pieces_done)      # drawn, but nothing was repainted
        if not self._pending:
            self._poll.stop()

    def _finish(self, p: _Pending, t: float) -> None:
        self._pending.remove(p)
        p.callback(t, p.frame)

    # ---------------------------------------------------------------- events
    def eventFilter(self, obj, event) -> bool:  # Qt override
        kind = event.type()
        if kind == QEvent.Type.Paint:
            now = self.clock()
            if self.window_painted is None and obj.isWidgetType():
                win = obj.window()
                if win.inherits("QMainWindow"):
                    self.window_painted = now
                    if self.on_window is not None:
                        self.on_window(now)
            for p in list(self._pending):
                if getattr(p.lab, "frame", None) is p.frame and obj.isWidgetType() and \
                        (obj is p.lab or p.lab.isAncestorOf(obj)):
                    self._finish(p, now)
        elif kind == QEvent.Type.Expose and self.window_exposed is None:
            self.window_exposed = self.clock()
        elif kind == QEvent.Type.Show and self.on_lab_shown is not None and id(obj) not in self._seen_labs \
                and is_lab_page(obj):
            self._seen_labs.add(id(obj))
            self.on_lab_shown(obj)
        return False


def wait_background_imports(timeout: float = 60.0) -> float:
    """Wait for the app's background imports (the search lab's scipy, a thread it starts when built).

    Seconds waited; no wait when no such thread runs (the search lab not built yet).
    """
    import threading

    t0 = time.perf_counter()
    for t in threading.enumerate():
        if t.name == "bnviz-search-imports":
            t.join(timeout)
    return time.perf_counter() - t0
