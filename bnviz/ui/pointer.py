"""A pointer for the class: a highlight pen over a page, and pins that mark a step on time-series plots.

The pen draws on an ``InkOverlay``: a transparent sheet over the page,
above every plot (and above an enlarged one).  While the pen is off the
sheet lets every mouse event through (pan, zoom and clicks work as usual)
and, with no strokes left, is hidden so it costs nothing.  A stroke stays
for ``HOLD`` seconds and fades out over ``FADE`` more, so the lecturer never
has to clean up; a key clears them at once.

``Pins`` puts a vertical line ("look here") at a step on every plot of the
page whose x axis is the training step, found by its axis label.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from bnviz.ui import theme
from bnviz.ui.i18n import tr

HOLD = 3.0           # seconds a stroke stays at full strength after it is drawn
FADE = 1.5           # seconds it then takes to vanish
TICK_MS = 50         # fade animation interval
INK_COLOR = "#ff1493"
PIN_COLOR = "#9c27b0"


@dataclass
class Stroke:
    """One drag of the pen, in overlay coordinates; ``done`` is when the button was released."""

    path: QPainterPath = field(default_factory=QPainterPath)
    done: float | None = None

    def alpha(self, now: float) -> float:
        if self.done is None:
            return 1.0
        age = now - self.done
        return 1.0 if age <= HOLD else max(0.0, 1.0 - (age - HOLD) / FADE)


class InkOverlay(QWidget):
    """A transparent sheet over ``page`` to draw highlight strokes on; they fade after a few seconds."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.setObjectName("ink_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.page = page
        self.drawing = False
        self.strokes: list[Stroke] = []
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        page.installEventFilter(self)
        self.hide()

    def width_px(self) -> float:
        return 5.0 * theme.scale()

    # ------------------------------------------------------------- behaviour
    def set_drawing(self, on: bool) -> None:
        """Pen mode on: the sheet takes the mouse; off: every mouse event goes to the plots again."""
        self.drawing = on
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not on)
        self._sync_shown()

    def clear(self) -> None:
        """Remove every stroke now."""
        self.strokes.clear()
        self.update()
        self._sync_shown()

    def _sync_shown(self) -> None:
        if self.drawing or self.strokes:
            self.setGeometry(self.page.rect())
            self.show()
            self.raise_()
            if self.strokes and not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.hide()

    def _tick(self) -> None:
        now = time.perf_counter()
        fading = [s for s in self.strokes if s.done is not None and now - s.done > HOLD]
        if not fading:
            return
        dirty = QRect()
        for s in fading:
            dirty = dirty.united(self._rect(s))
        self.strokes = [s for s in self.strokes if s.alpha(now) > 0.0]
        self.update(dirty)               # only where strokes fade: the plots under it repaint there only
        if not self.strokes:
            self._sync_shown()

    def _rect(self, s: Stroke) -> QRect:
        pad = int(self.width_px()) + 2
        return s.path.boundingRect().toAlignedRect().adjusted(-pad, -pad, pad, pad)

    # ------------------------------------------------------------ Qt events
    def eventFilter(self, obj, event) -> bool:  # Qt override: follow the page's size
        if obj is self.page and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.page.rect())
        return False

    def mousePressEvent(self, event) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            s = Stroke()
            s.path.moveTo(QPointF(event.position()))
            s.path.lineTo(QPointF(event.position()) + QPointF(0.1, 0.1))     # a dot is visible too
            self.strokes.append(s)
            self.update(self._rect(s))
            if not self._timer.isActive():
                self._timer.start()

    def mouseMoveEvent(self, event) -> None:  # Qt override
        if self.strokes and self.strokes[-1].done is None:
            s = self.strokes[-1]
            before = self._rect(s)
            s.path.lineTo(QPointF(event.position()))
            self.update(before.united(self._rect(s)))

    def mouseReleaseEvent(self, event) -> None:  # Qt override
        if self.strokes and self.strokes[-1].done is None:
            self.strokes[-1].done = time.perf_counter()

    def paintEvent(self, event) -> None:  # Qt override
        if not self.strokes:
            return
        now = time.perf_counter()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for s in self.strokes:
            color = QColor(INK_COLOR)
            color.setAlphaF(0.8 * s.alpha(now))
            pen = QPen(color, self.width_px(), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                       Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.drawPath(s.path)
        p.end()


def step_plots(root: QWidget) -> list[pg.PlotWidget]:
    """The plots under ``root`` whose x axis is the training step (bottom axis "step", or its translation)."""
    names = {"step", tr("step").lower()}
    return [w for w in root.findChildren(pg.PlotWidget)
            if w.getPlotItem().getAxis("bottom").labelText.strip().lower() in names]


class Pins(QObject):
    """Vertical "look here" lines at chosen steps on every time-series plot of a page."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.lines: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
        self.steps: list[int] = []

    def pin(self, step: int) -> int:
        """Mark ``step`` on every step plot; the number of plots marked."""
        if step in self.steps:
            return 0
        self.steps.append(step)
        n = 0
        for w in step_plots(self.page):
            self._mark(w.getPlotItem(), step)
            n += 1
        return n

    def extend(self, root: QWidget) -> None:
        """Mark the pinned steps on the step plots under ``root``, made after the pins (a tab built on first show)."""
        for w in step_plots(root):
            for step in self.steps:
                self._mark(w.getPlotItem(), step)

    def _mark(self, item: pg.PlotItem, step: int) -> None:
        line = pg.InfiniteLine(pos=step, angle=90, movable=False,
                               pen=pg.mkPen(PIN_COLOR, width=2.5 * theme.scale(), style=Qt.PenStyle.DashLine),
                               label=tr("step {step}").format(step=step),
                               labelOpts={"position": 0.95, "color": PIN_COLOR, "fill": (255, 255, 255, 200)})
        line.setZValue(50)
        item.addItem(line, ignoreBounds=True)       # a pin never changes the axes' range
        self.lines.append((item, line))

    def clear(self) -> None:
        for item, line in self.lines:
            item.removeItem(line)
        self.lines.clear()
        self.steps.clear()
