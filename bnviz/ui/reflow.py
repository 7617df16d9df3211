"""Panes that sit side by side while there is room, and become tabs when there is not.

A lab page shows a few panes next to each other (per-layer histograms and
a tab of curves, say).  On a 1280x720 projector, side by side, each would
get plots too small to read; one at a time, as tabs, each gets the whole
width.  ``SideBySide`` decides from its own width: it puts its panes in a
splitter when every pane can have its least width (``least`` pixels at
scale 1, times the current theme scale: bigger text needs more room), and
in a tab widget otherwise.  The panes are the same widgets either way, so
a page keeps drawing on them without knowing which arrangement is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from bnviz.ui import theme


class SideBySide(QWidget):
    """A splitter's panes side by side, or as tabs when the width is below their least widths' total."""

    #: "side" or "tabs", after the arrangement changed
    arranged = Signal(str)

    def __init__(self, split: QSplitter, panes: list[tuple[str, int]], parent: QWidget | None = None) -> None:
        """Wrap ``split`` (a horizontal splitter a page built), naming its widgets: (tab title, least width)."""
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
                self.tabs.addTab(w, title)
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
