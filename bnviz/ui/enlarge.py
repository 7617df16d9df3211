"""Enlarge one plot: it leaves its place for a while and fills the whole page, still drawn live.

A lecturer points at one thing at a time.  Double-clicking a plot (or the
window's key, which picks the plot under the mouse, else the last one
touched, else the largest) moves that very ``PlotWidget`` onto a *stage*: a
plain widget over the page, the size of the page.  A placeholder holds its
place in its layout or splitter meanwhile, so nothing else moves, and the
panel goes on calling ``setData`` on the same items: the enlarged plot keeps
updating.  Esc, the key again or another double-click puts it back where it
was.

Only the double-click itself is taken from pyqtgraph (pyqtgraph 0.14 gives
it no meaning; a single click, drags and the wheel, so pan and zoom, reach
the plot as before).
"""

from __future__ import annotations

import time
import weakref

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QVBoxLayout, QWidget

from bnviz.ui.i18n import tr

#: marks a plot whose viewport already reports double-clicks here
HOOKED = "bnviz_enlarge_hooked"
#: at most this often the page is searched for plots made since (a deeper network's histograms)
HOOK_INTERVAL = 1.0


def plots_under(root: QWidget) -> list[pg.PlotWidget]:
    """Every pyqtgraph plot widget under ``root``, shown or not."""
    return root.findChildren(pg.PlotWidget)


def plot_of(widget: QWidget | None) -> pg.PlotWidget | None:
    """The plot ``widget`` belongs to (a plot's viewport, the plot itself), or None."""
    while widget is not None:
        if isinstance(widget, pg.PlotWidget):
            return widget
        widget = widget.parentWidget()
    return None


class Enlarger(QObject):
    """Shows one plot of ``page`` alone, filling ``page``; puts it back on ``restore``."""

    #: the plot now enlarged, or None when every plot is in its place again
    changed = Signal(object)

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.stage = QWidget(page)
        self.stage.setObjectName("enlarged_stage")
        self.stage.setAutoFillBackground(True)     # opaque: the page under it is not painted
        lay = QVBoxLayout(self.stage)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        self.header = QLabel()
        self.header.setObjectName("enlarged_header")
        self.header.setStyleSheet("color: #606060")
        lay.addWidget(self.header)
        self.stage.hide()
        self.plot: pg.PlotWidget | None = None
        self._placeholder: QWidget | None = None
        self._put_back = None           # how to return the plot: a function of the plot
        self._last: weakref.ref | None = None
        self._hooked_at = 0.0
        page.installEventFilter(self)

    # ---------------------------------------------------------------- hooks
    def hook(self, force: bool = True) -> None:
        """Listen for double-clicks on every plot of the page (new ones too; at most once a second unless forced)."""
        now = time.perf_counter()
        if not force and now - self._hooked_at < HOOK_INTERVAL:
            return
        self._hooked_at = now
        for plot in plots_under(self.page):
            if not plot.property(HOOKED):
                plot.setProperty(HOOKED, True)
                plot.viewport().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # Qt override
        kind = event.type()
        if obj is self.page:
            if kind == QEvent.Type.Resize and self.plot is not None:
                self.stage.setGeometry(self.page.rect())
            return False
        if kind == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            plot = plot_of(obj)
            if plot is not None:
                self.toggle(plot)
                return True
        elif kind in (QEvent.Type.Enter, QEvent.Type.MouseButtonPress):
            plot = plot_of(obj)
            if plot is not None:
                self._last = weakref.ref(plot)
        return False

    # ------------------------------------------------------------- behaviour
    def target(self) -> pg.PlotWidget | None:
        """The plot the key means: under the mouse, else the last one touched, else the largest shown."""
        under = plot_of(QApplication.widgetAt(QCursor.pos()))
        if under is not None and self.page.isAncestorOf(under):
            return under
        last = self._last() if self._last is not None else None
        if last is not None and last.isVisible() and self.page.isAncestorOf(last):
            return last
        shown = [p for p in plots_under(self.page) if p.isVisible()]
        return max(shown, key=lambda p: p.width() * p.height(), default=None)

    def toggle(self, plot: pg.PlotWidget | None = None) -> None:
        """Enlarge ``plot`` (default: ``target()``), or put the enlarged plot back."""
        if self.plot is not None:
            self.restore()
            return
        plot = plot if plot is not None else self.target()
        if plot is not None:
            self.enlarge(plot)

    def enlarge(self, plot: pg.PlotWidget) -> None:
        """Move ``plot`` onto the stage, over the whole page; a placeholder keeps its place."""
        if self.plot is not None:
            self.restore()
        put_back = self._take(plot)
        if put_back is None:
            return
        self._put_back = put_back
        self.plot = plot
        self.retranslate()
        self.stage.layout().addWidget(plot, 1)
        plot.show()
        self.stage.setGeometry(self.page.rect())
        self.stage.show()
        self.stage.raise_()
        self.changed.emit(plot)

    def retranslate(self) -> None:
        """The header over the enlarged plot: its title (redrawn per frame in the new language) and how back."""
        if self.plot is None:
            return
        item = self.plot.getPlotItem()
        title = item.titleLabel.text if item.titleLabel.isVisible() else ""
        self.header.setText(tr("{title}  \u2014  Esc, Z or a double-click puts it back").format(title=title) if title
                            else tr("Esc, Z or a double-click puts it back"))

    def restore(self) -> None:
        """Put the enlarged plot back in its place."""
        plot, put_back = self.plot, self._put_back
        if plot is None:
            return
        self.plot = self._put_back = None
        self.stage.layout().removeWidget(plot)
        put_back(plot)
        plot.show()
        self._placeholder.deleteLater()
        self._placeholder = None
        self.stage.hide()
        self.changed.emit(None)

    def _take(self, plot: pg.PlotWidget):
        """Swap ``plot`` for a placeholder where it sits; a function that swaps it back, or None."""
        parent = plot.parentWidget()
        if parent is None:
            return None
        holder = QWidget()
        holder.setObjectName("enlarged_placeholder")
        holder.setSizePolicy(plot.sizePolicy())
        holder.setMinimumSize(plot.minimumSize())
        if isinstance(parent, QSplitter):
            index = parent.indexOf(plot)
            sizes = parent.sizes()
            parent.replaceWidget(index, holder)
            self._placeholder = holder

            def back(p: pg.PlotWidget, splitter=parent, index=index, sizes=sizes) -> None:
                splitter.replaceWidget(index, p)
                splitter.setSizes(sizes)
            return back
        layout = parent.layout()
        if layout is None or layout.replaceWidget(plot, holder) is None:
            holder.deleteLater()
            return None
        self._placeholder = holder

        def back(p: pg.PlotWidget, parent=parent, holder=holder) -> None:
            parent.layout().replaceWidget(holder, p)
            holder.hide()
        return back
