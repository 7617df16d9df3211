"""Edit data: students draw their own 2-D points on a lab's plot (click, shift-click, right-click, drag).

Why: students learn most when they break a model with data they made.  Any
lab whose plot shows 2-D data in its raw units can offer it: the lab creates a
``DataEditor`` for its pyqtgraph plot, places ``editor.toggle`` (the "Edit
data" button) near the plot and the editor itself (the tool rows) above or
below it, and turns each ``edited(points)`` into a new config of its own
(``DataConfig(name="custom", points=...)``).  The editor never trains and
never validates a data set: it edits a working copy of the points with the
engine's pure functions (``bnviz.engine.userdata``) and shows what the lab
reports back (``set_problem``).

While editing, the plot

* shows the working set (every point, of every split) in the class colours
  and hides the lab's own point items (``hide_while_editing``),
* has a crosshair cursor with a dot in the selected class's colour, a ghost
  point under the mouse and an amber frame, and the tool rows say what each
  gesture does, so the mode is obvious;
* takes the mouse: a click adds a point of the selected class (shift: of the
  next class), a right-click or ctrl-click removes the nearest point (within
  ``ERASE_PX``), a drag paints a stroke of points (a right drag erases along
  its path).  The wheel still zooms; panning waits until the mode is off.

One gesture is one edit: ``edited`` is emitted when the button is released
(and after Clear, Noise +/−, Start from), never per mouse move.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QCursor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bnviz.engine import userdata
from bnviz.engine.data import MAX_CLASSES_2D, MAX_POINTS
from bnviz.ui import theme
from bnviz.ui.forms import value_text
from bnviz.ui.i18n import tr

ERASE_PX = 30            # a right-click removes the nearest point within this many pixels
BRUSH_PX = 12            # a right drag removes every point within this many pixels of its path
SPACING_PX = 9           # a drag paints one point per this many pixels of travel
JITTER_PX = 4            # ... scattered by up to this much, so a stroke is a thin cloud, not a line
NOISE_STEP = 0.03        # Noise +: Gaussian noise of 3% of the data's span per axis
EDIT_COLOR = "#e65100"   # the amber of the edit mode's frame and banner


def class_color(k: int) -> str:
    return theme.CLASS_COLORS[k % len(theme.CLASS_COLORS)]


def class_cursor(k: int) -> QCursor:
    """A crosshair with a dot in class ``k``'s colour: the cursor says which class a click adds."""
    s = theme.scale()
    size = int(round(32 * s))
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c, gap = size / 2, 5 * s
    for color, width in (("#ffffff", 3.5 * s), ("#000000", 1.5 * s)):
        p.setPen(QPen(QColor(color), width))
        for a, b in (((0, c), (c - gap, c)), ((c + gap, c), (size, c)), ((c, 0), (c, c - gap)),
                     ((c, c + gap), (c, size))):
            p.drawLine(QPointF(*a), QPointF(*b))
    p.setPen(QPen(QColor("#000000"), 1.2 * s))
    p.setBrush(QColor(class_color(k)))
    p.drawEllipse(QPointF(c + 9 * s, c + 9 * s), 4.5 * s, 4.5 * s)
    p.end()
    return QCursor(pix, size // 2, size // 2)


class DataEditor(QFrame):
    """The "Edit data" mode of a 2-D plot: tool rows (this frame), a toggle button and the plot's mouse.

    Parameters
    ----------
    plot : pg.PlotWidget
        The plot whose view coordinates are the data's raw units.
    start : callable
        ``start(name) -> points``: the lab's generated set ``name`` (one of
        ``sets``) as points, for "Start from data set".
    sets : sequence of str
        The generated sets offered by "Start from"; the first is the default.
    hide_while_editing : sequence of graphics items
        The lab's own items that draw the data (its training points, a marker):
        hidden while the editor draws the working set.

    Signals
    -------
    edited(tuple)
        The working set after one edit (it may be invalid, e.g. one class: the
        lab says so with ``set_problem``).
    editing(bool)
        Edit mode switched on or off (the lab loads its points with ``load``).
    """

    edited = Signal(object)
    editing = Signal(bool)

    def __init__(self, plot: pg.PlotWidget, start: Callable[[str], tuple], sets: Sequence[str],
                 hide_while_editing: Sequence = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data_editor")
        self.plot = plot
        self.vb = plot.getPlotItem().getViewBox()
        self._start = start
        self.sets = tuple(sets)
        self.default_set = self.sets[0]
        self._hidden = tuple(hide_while_editing)
        self.points: tuple = ()
        self.label = 0
        self.problem = ""
        self._rng = np.random.default_rng(0)
        self._gesture: str | None = None        # "paint" or "erase" while a button is held
        self._gesture_label = 0
        self._last_px: QPointF | None = None
        self._before: tuple = ()
        self._border = None

        # the toggle lives wherever the lab puts it (next to the plot)
        self.toggle = QPushButton(tr("Edit data"))
        self.toggle.setObjectName("edit_data_toggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(tr("Draw your own data on the plot: click adds a point, drag paints, "
                                  "right-click removes; the training goes on with the new points"))
        self.toggle.setStyleSheet(f"QPushButton:checked {{ background: {EDIT_COLOR}; color: white; "
                                  "font-weight: bold; border: 1px solid #8a3000; border-radius: 3px; "
                                  "padding: 3px 8px; }")
        self.toggle.toggled.connect(self.set_active)

        self.setStyleSheet(f"#data_editor {{ background: #fff3e0; border: 2px solid {EDIT_COLOR}; "
                           "border-radius: 3px; }")
        col = QVBoxLayout(self)
        col.setContentsMargins(4, 3, 4, 3)
        col.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(3)
        self.class_label = QLabel(tr("Class:"))
        row.addWidget(self.class_label)
        self.swatches = QButtonGroup(self)
        self.swatches.setExclusive(True)
        for k in range(MAX_CLASSES_2D):
            b = QToolButton()
            b.setObjectName(f"data_class_{k}")
            b.setCheckable(True)
            b.setText(str(k))
            side = int(round(24 * theme.scale()))
            b.setFixedSize(side, side)
            b.setStyleSheet(self._swatch_style(k))
            self.swatches.addButton(b, k)
            row.addWidget(b)
        self.swatches.button(0).setChecked(True)
        self.swatches.idToggled.connect(lambda k, on: self.select_class(k) if on else None)
        row.addSpacing(6)
        self.clear_button = self._button(row, tr("Clear"), "data_clear", self.clear,
                                         tr("Remove every point (the training keeps its data until you draw "
                                            "points of two classes)"))
        self.noise_up = self._button(row, tr("Noise +"), "data_noise_up", self.noise_more,
                                     tr("Move every point by a little Gaussian noise"))
        self.noise_down = self._button(row, tr("Noise \u2212"), "data_noise_down", self.noise_less,
                                       tr("Pull every point towards its nearest neighbours of the same class"))
        self.start_button = QToolButton()
        self.start_button.setObjectName("data_start_from")
        self.start_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.start_button.clicked.connect(lambda: self.start_from(self.default_set))
        menu = QMenu(self.start_button)
        self.start_actions: dict[str, QAction] = {}
        for name in self.sets:
            a = QAction(value_text(name), menu)      # parented: the menu owns it, not its Python wrapper
            menu.addAction(a)
            a.triggered.connect(lambda _=False, name=name: self.start_from(name))
            self.start_actions[name] = a
        self.start_button.setMenu(menu)
        row.addWidget(self.start_button)
        row.addSpacing(6)
        self.status = QLabel()                   # points per class, and why the set does not train (if so)
        self.status.setObjectName("data_edit_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.status, 1)
        col.addLayout(row)
        self.hint = QLabel()
        self.hint.setObjectName("data_edit_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {EDIT_COLOR}; font-weight: bold")
        col.addWidget(self.hint)
        self.hide()

        self.overlay = pg.ScatterPlotItem(size=7 * theme.scale(), pen=pg.mkPen("#202020", width=0.6))
        self.overlay.setZValue(20)
        self.ghost = pg.ScatterPlotItem(size=11 * theme.scale(), pen=pg.mkPen("#000000", width=1.5), brush=None)
        self.ghost.setZValue(21)
        self.active = False
        self.set_default_set(self.default_set)
        self.retranslate()

    def _button(self, row: QHBoxLayout, text: str, name: str, slot, tip: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        row.addWidget(b)
        return b

    @staticmethod
    def _swatch_style(k: int) -> str:
        c = class_color(k)
        return (f"QToolButton {{ background: {c}; color: white; font-weight: bold; border: 1px solid #606060; "
                f"border-radius: 3px; }} QToolButton:checked {{ border: 3px solid #000000; }}")

    # ------------------------------------------------------------- the mode
    def set_active(self, on: bool) -> None:
        """Switch edit mode on (the plot takes the mouse, shows the working set) or off."""
        on = bool(on)
        if on == self.active:
            return
        self.active = on
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)
        self.setVisible(on)
        viewport = self.plot.viewport()
        if on:
            viewport.installEventFilter(self)
            viewport.setMouseTracking(True)
            self.plot.addItem(self.overlay)
            self.plot.addItem(self.ghost)
            self._border = self.vb.border
            self.vb.setBorder(pg.mkPen(EDIT_COLOR, width=3 * theme.scale()))
            self._set_cursor()
        else:
            viewport.removeEventFilter(self)
            self.plot.removeItem(self.overlay)
            self.plot.removeItem(self.ghost)
            self.vb.setBorder(self._border)
            viewport.unsetCursor()
            self._gesture = None
        for item in self._hidden:
            item.setVisible(not on)
        self.editing.emit(on)

    def load(self, points: tuple) -> None:
        """Make ``points`` the working set (the lab's current data), without emitting ``edited``."""
        self.points = tuple(points)
        self.problem = ""
        self._redraw()

    def set_problem(self, text: str) -> None:
        """What the lab says about the working set ('' when it trains on it)."""
        self.problem = text
        self._show_status()

    def set_default_set(self, name: str) -> None:
        """The generated set "Start from" uses when clicked (the lab's current one)."""
        if name in self.sets:
            self.default_set = name
        self.start_button.setText(tr("Start from {name}").format(name=value_text(self.default_set)))

    def select_class(self, k: int) -> None:
        """Choose the class a click adds."""
        self.label = int(k)
        b = self.swatches.button(self.label)
        if not b.isChecked():
            b.setChecked(True)
        self._set_cursor()
        self._show_hint()

    @property
    def n_classes(self) -> int:
        """Classes of the working set: its largest label + 1 (at least 2)."""
        return max(2, 1 + max((p[2] for p in self.points), default=0))

    def next_class(self) -> int:
        """The class a shift-click adds: the one after the selected, among the set's classes."""
        return (self.label + 1) % max(self.n_classes, self.label + 1)

    def retranslate(self) -> None:
        """The texts composed here (the language switch swaps only whole texts)."""
        for k in range(MAX_CLASSES_2D):
            tip = tr("Class {k}: click on the plot adds a point of this class")
            self.swatches.button(k).setToolTip(tip.format(k=k))
        self.set_default_set(self.default_set)
        for name, a in self.start_actions.items():
            a.setText(value_text(name))
        self._show_hint()
        self._show_status()

    # ------------------------------------------------------------ the edits
    def _commit(self, points: tuple) -> None:
        self.points = points
        self._redraw()
        self.edited.emit(points)

    def clear(self) -> None:
        self._commit(())

    def noise_more(self) -> None:
        self._commit(userdata.add_noise(self.points, NOISE_STEP, self._rng))

    def noise_less(self) -> None:
        self._commit(userdata.smooth(self.points))

    def start_from(self, name: str) -> None:
        """Replace the working set by the lab's generated set ``name``."""
        self.set_default_set(name)
        self._commit(tuple(self._start(name)))

    def add_at(self, x: float, y: float, label: int | None = None) -> None:
        """Add one point at data coordinates (x, y) (the selected class unless ``label``) and emit."""
        self._commit(userdata.add_points(self.points, [(x, y)], self.label if label is None else label))

    # ------------------------------------------------------------- the mouse
    def _scale(self) -> tuple[float, float]:
        pw, ph = self.vb.viewPixelSize()
        return (pw if pw > 0 else 1.0, ph if ph > 0 else 1.0)

    def _view_pos(self, widget_pos: QPointF) -> QPointF | None:
        scene = self.plot.mapToScene(widget_pos.toPoint())
        if not self.vb.sceneBoundingRect().contains(scene):
            return None
        return self.vb.mapSceneToView(scene)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override: the plot's mouse while editing
        t = event.type()
        if t == QEvent.Type.Leave:
            self.ghost.setData([], [])
            return False
        if t == QEvent.Type.ContextMenu:         # a right-click removes a point here, it opens no menu
            return True
        if t not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
                     QEvent.Type.MouseButtonRelease):
            return False
        pos = event.position()
        p = self._view_pos(pos)
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if p is None or self._gesture is not None:
                return p is not None
            self._press(event, p, pos)
            return True
        if t == QEvent.Type.MouseMove:          # not to the lab's hover either: the mouse edits now
            self._move(p, pos)
            return self._gesture is not None or p is not None
        if self._gesture is None:
            return False
        self._release()
        return True

    def _press(self, event, p: QPointF, pos: QPointF) -> None:
        button, mods = event.button(), event.modifiers()
        self._before = self.points
        self._last_px = pos
        if button == Qt.MouseButton.RightButton or (button == Qt.MouseButton.LeftButton
                                                    and mods & Qt.KeyboardModifier.ControlModifier):
            self._gesture = "erase"
            self.points = userdata.remove_nearest(self.points, p.x(), p.y(), self._scale(), ERASE_PX)
        elif button == Qt.MouseButton.LeftButton:
            self._gesture = "paint"
            self._gesture_label = self.next_class() if mods & Qt.KeyboardModifier.ShiftModifier else self.label
            self.points = userdata.add_points(self.points, [(p.x(), p.y())], self._gesture_label)
        else:
            return
        self._redraw()

    def _move(self, p: QPointF | None, pos: QPointF) -> None:
        if p is None:
            self.ghost.setData([], [])
            return
        self.ghost.setData([p.x()], [p.y()], brush=None,
                           pen=pg.mkPen(class_color(self.label), width=2.5 * theme.scale()))
        if self._gesture is None or self._last_px is None:
            return
        step = math.hypot(pos.x() - self._last_px.x(), pos.y() - self._last_px.y())
        if self._gesture == "erase":
            self.points = userdata.remove_within(self.points, p.x(), p.y(), self._scale(), BRUSH_PX)
            self._last_px = pos
        elif step >= SPACING_PX:
            # one point per SPACING_PX along the segment since the last one, each scattered a little
            n = int(step // SPACING_PX)
            sx, sy = self._scale()
            last = self.vb.mapSceneToView(self.plot.mapToScene(self._last_px.toPoint()))
            t = np.arange(1, n + 1) / n
            xs = last.x() + t * (p.x() - last.x())
            ys = last.y() + t * (p.y() - last.y())
            r = np.sqrt(self._rng.random(n)) * JITTER_PX
            a = self._rng.random(n) * 2 * math.pi
            xy = np.column_stack([xs + r * np.cos(a) * sx, ys + r * np.sin(a) * sy])
            self.points = userdata.add_points(self.points, xy, self._gesture_label)
            self._last_px = pos
        else:
            return
        self._redraw()

    def _release(self) -> None:
        self._gesture = None
        self._last_px = None
        if self.points != self._before:
            self.edited.emit(self.points)

    # ----------------------------------------------------------- drawing
    def _set_cursor(self) -> None:
        if self.active:
            self.plot.viewport().setCursor(class_cursor(self.label))

    def _redraw(self) -> None:
        if self.points:
            a = np.asarray([p[:2] for p in self.points], dtype=np.float64)
            brushes = [pg.mkBrush(class_color(p[2])) for p in self.points]
            self.overlay.setData(a[:, 0], a[:, 1], brush=brushes)
        else:
            self.overlay.setData([], [])
        self._show_status()

    def _show_hint(self) -> None:
        self.hint.setText(tr("Editing data: click adds class {k}, shift-click class {next}; right-click or "
                             "ctrl-click removes the nearest point; drag paints").format(
                                 k=self.label, next=self.next_class()))

    def _show_status(self) -> None:
        counts = userdata.class_counts(self.points)
        parts = [f'<span style="color:{class_color(k)}">\u25a0</span>\u2009{n}'
                 for k, n in enumerate(counts) if n or k < 2]
        text = tr("{n} points").format(n=len(self.points)) + ": " + " \u2003".join(parts)
        if len(self.points) >= MAX_POINTS:
            text += " \u2014 " + tr("at most {n} points").format(n=MAX_POINTS)
        if self.problem:
            text += f' <br><span style="color:#c62828">{_escape(self.problem)}</span>'
        self.status.setText(text)
        self._show_hint()


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
