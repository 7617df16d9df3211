"""Panes that sit side by side while there is room, and become tabs when there is not.

A lab page shows a few panes next to each other (per-layer histograms and
a tab of curves, say).  On a 1280x720 projector, side by side, each would
get plots too small to read; one at a time, as tabs, each gets the whole
width.  ``SideBySide`` decides from its own width: it puts its panes in a
splitter when every pane can have its least width (``least`` pixels at
scale 1, times the current theme scale: bigger text needs more room), and
in a tab widget otherwise.  The panes are the same widgets either way, so
a page keeps drawing on them without knowing which arrangement is shown.

``PlotStack`` does the same for a few plots one under another (a column,
else the first on top and the others side by side, else a row, else the first over
the others as tabs, else every plot a tab),
from its own width and height.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QSplitter, QTabWidget, QVBoxLayout, QWidget

from bnviz.ui import theme
from bnviz.ui.i18n import tr


class SideBySide(QWidget):
    """A splitter's panes side by side, or as tabs when the width is below their least widths' total."""

    #: "side" or "tabs", after the arrangement changed
    arranged = Signal(str)

    def __init__(self, split: QSplitter, panes: list[tuple[str, int]], parent: QWidget | None = None) -> None:
        """Wrap ``split`` (a horizontal splitter a page built), naming its widgets: (tab title, least width).

        The titles are English (marked with ``QT_TR_NOOP``); the tabs show them in the language of the
        moment they are made.
        """
        super().__init__(parent)
        if len(panes) != split.count():
            raise ValueError(f"{split.count()} panes in the splitter, {len(panes)} named")
        self.panes = [(split.widget(i), title, least) for i, (title, least) in enumerate(panes)]
        self.split = split
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reflow_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabPosition(QTabWidget.TabPosition.West)    # tabs take width, which is what there is then
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.split)
        lay.addWidget(self.tabs)
        self.tabs.hide()
        self.mode = "side"
        self._tab = 0
        self._sizes: list[int] = []

    def reveal(self, widget: QWidget) -> None:
        """Make the pane holding ``widget`` the one shown when the panes are tabs (now, or once they are)."""
        for i, (pane, _, _) in enumerate(self.panes):
            if pane is widget or pane.isAncestorOf(widget):
                self._tab = i
                if self.mode == "tabs":
                    self.tabs.setCurrentIndex(i)
                return

    def least_width(self) -> int:
        """The width below which the panes go into tabs (at the current scale)."""
        handles = self.split.handleWidth() * (len(self.panes) - 1)
        return int(sum(least for _, _, least in self.panes) * theme.scale()) + handles

    def arrange(self, mode: str | None = None) -> None:
        """Side by side or as tabs (default: whichever the current width allows)."""
        mode = mode or ("side" if self.width() >= self.least_width() else "tabs")
        if mode == self.mode:
            return
        sizes = self.split.sizes()
        current = self.tabs.currentIndex()
        self.mode = mode
        if mode == "tabs":
            if self.split.isVisible() and min(sizes, default=0) > 0:
                self._sizes = sizes             # the lecturer's split, for when there is room again
            for w, title, _ in self.panes:
                self.tabs.addTab(w, tr(title))
            self.tabs.setCurrentIndex(max(0, self._tab))
            self.split.hide()
            self.tabs.show()
        else:
            self._tab = current
            while self.tabs.count():
                self.tabs.removeTab(0)
            for w, _, _ in self.panes:
                self.split.addWidget(w)
                w.show()
            self.tabs.hide()
            self.split.show()
            shares = self._sizes or [least for _, _, least in self.panes]
            total = max(1, self.width() - self.split.handleWidth() * (len(self.panes) - 1))
            self.split.setSizes([total * s // sum(shares) for s in shares])
        self.arranged.emit(mode)

    def resizeEvent(self, event) -> None:  # Qt override: the arrangement follows the width
        super().resizeEvent(event)
        self.arrange()


class PlotStack(QWidget):
    """Plots one under another while each gets its least size; else the first on top and the others in a
    row under it; else all in one row; else the first on top and the others as tabs under it; else (a
    projector's short window) every plot a tab of its own, each with all the room.

    A panel of three linked plots (the BN paper's Figure 1) reads best as a column, as in the paper; on
    a short screen, or in a narrow split, the column would give each plot a sliver.  The arrangement
    follows this widget's own size (its size hint is ignored, so the arrangement never changes the
    room it is given), and the plots are the same widgets in every arrangement.  ``least`` is in screen
    pixels: the plots' fonts grow with the theme scale, the readable minimum is a size on the screen.
    """

    MODES = ("column", "split", "row", "tabs", "all_tabs")
    #: one of MODES, after the arrangement changed
    arranged = Signal(str)

    def __init__(self, panes: list[tuple[QWidget, str]], least: tuple[int, int] = (240, 160),
                 parent: QWidget | None = None) -> None:
        """``panes``: (plot, tab title) top to bottom; the titles (English, ``QT_TR_NOOP``) show only as tabs."""
        super().__init__(parent)
        if len(panes) < 2:
            raise ValueError(f"a stack needs two panes or more, got {len(panes)}")
        self.panes = panes
        self.least = least
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stack_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.hide()
        self.mode = ""
        self._place("column")

    def fits(self, mode: str, width: int, height: int) -> bool:
        """Whether every plot gets its least size in ``mode`` at this size ("all_tabs" always does)."""
        n, gap = len(self.panes), self.grid.spacing()
        w, h = self.least
        if mode == "tabs":          # the first plot over a tab page: the tab bar takes from the page
            bar = max(self.tabs.tabBar().sizeHint().height(), self.fontMetrics().height() + 10)
            return width >= w and (height - gap - bar) // 2 >= h
        cells = {"column": (1, n), "split": (n - 1, 2), "row": (n, 1)}.get(mode)
        if cells is None:
            return True
        cols, rows = cells
        return (width - (cols - 1) * gap) // cols >= w and (height - (rows - 1) * gap) // rows >= h

    def best_mode(self) -> str:
        """The first of MODES in which every plot is readable at the current size."""
        return next(m for m in self.MODES if self.fits(m, self.width(), self.height()))

    def arrange(self, mode: str | None = None) -> None:
        """Place the plots in ``mode`` (default: the best one for the current size)."""
        mode = mode or self.best_mode()
        if mode != self.mode:
            self._place(mode)
            self.arranged.emit(mode)

    def _place(self, mode: str) -> None:
        widgets = [w for w, _ in self.panes]
        for w in [*widgets, self.tabs]:
            self.grid.removeWidget(w)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for i in range(len(widgets) + 1):
            self.grid.setRowStretch(i, 0)
            self.grid.setColumnStretch(i, 0)
        first, rest = widgets[0], widgets[1:]
        if mode == "column":
            spots = [(w, i, 0, 1) for i, w in enumerate(widgets)]
        elif mode == "row":
            spots = [(w, 0, i, 1) for i, w in enumerate(widgets)]
        elif mode == "split":
            spots = [(first, 0, 0, len(rest))] + [(w, 1, i, 1) for i, w in enumerate(rest)]
        elif mode == "tabs":
            for w, title in self.panes[1:]:
                self.tabs.addTab(w, tr(title))
            spots = [(first, 0, 0, 1), (self.tabs, 1, 0, 1)]
        else:
            for w, title in self.panes:
                self.tabs.addTab(w, tr(title))
            spots = [(self.tabs, 0, 0, 1)]
        for w, row, col, span in spots:
            self.grid.addWidget(w, row, col, 1, span)
            self.grid.setRowStretch(row, 1)
            self.grid.setColumnStretch(col, 1)
            w.show()
        self.tabs.setVisible(mode in ("tabs", "all_tabs"))
        self.mode = mode

    def resizeEvent(self, event) -> None:  # Qt override: the arrangement follows the size
        super().resizeEvent(event)
        self.arrange()
