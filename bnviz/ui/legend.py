"""Legends that never cover data: a row of entries above the plot, outside its view box.

pyqtgraph's ``PlotItem.addLegend`` floats the legend *inside* the view box,
at a fixed offset from a corner, so sooner or later a curve runs under it
(accuracy climbs into the top right, a bar grows into the top left).  No
corner is safe for every lesson and every seed, so here the legend takes a
place of its own in the plot's layout: the row between the title and the view
box (the hidden top axis' cell), left-aligned, with as many entries side by
side as the plot's width holds and further rows when it does not.  The view
box shrinks by one text line; nothing plotted can ever lie under an entry.

The legend is still ``plot_item.legend``, so ``plot(..., name=...)`` adds an
entry as usual.  It holds one entry per name: a second item under a name
already shown (an item with a ``name`` added by ``addItem`` *and* by hand, two
twins drawn with one style) is not listed again.  Text and samples follow
``theme.scale()`` when an entry is made and when the theme is re-applied
(``theme.restyle`` calls ``restyle``).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from bnviz.ui import theme

TEXT_PT = 8.5          # legend text at scale 1, a little smaller than titles and axis labels
SAMPLE_PX = 20         # pyqtgraph's line/symbol sample, at scale 1
ROW = (1, 1)           # the PlotItem layout cell above the view box (the top axis', hidden in bnviz)
BELOW = (4, 1)         # the cell under the bottom axis, for a plot that shows its top axis


def text_size() -> str:
    """The legend's font size at the current theme scale, as pyqtgraph's CSS string."""
    return f"{TEXT_PT * theme.scale():.1f}pt"


class ScaledSample(pg.ItemSample):
    """pyqtgraph's line/symbol/bar sample drawn at the theme scale (its own is a fixed 20 px)."""

    def __init__(self, item) -> None:
        super().__init__(item)
        self.set_scale(theme.scale())

    def set_scale(self, k: float) -> None:
        self.k = k
        self.setFixedWidth(SAMPLE_PX * k)
        self.setFixedHeight(SAMPLE_PX * k)
        self.update()

    def boundingRect(self):  # Qt override
        return pg.QtCore.QRectF(0, 0, SAMPLE_PX * self.k, SAMPLE_PX * self.k)

    def paint(self, p, *args):  # Qt override
        p.scale(self.k, self.k)
        super().paint(p, *args)


class OutsideLegend(pg.LegendItem):
    """A LegendItem laid out in its PlotItem's grid above the view box, one entry per name.

    Placing it is the layout's job: ``setOffset`` and ``anchor`` (which would
    float it over the data again) are ignored, and the number of columns
    follows the plot's width (``setColumnCount`` is likewise decided here).
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__(offset=None, frame=False, labelTextSize=text_size(),
                         labelTextColor=theme.current().foreground, sampleType=ScaledSample,
                         horSpacing=4, verSpacing=0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.layout.setContentsMargins(2, 0, 2, 0)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.plot_item = plot_item
        self._fitting = False
        self._placed = 0                # entries laid out by the last fit
        top = plot_item.getAxis("top")
        if top.isVisible():             # the row above is taken: below the bottom axis then
            plot_item.layout.addItem(self, *BELOW)
        else:                           # a grid cell holds one item: the hidden top axis leaves it
            plot_item.layout.removeItem(top)
            plot_item.layout.addItem(self, *ROW)
        plot_item.layout.setAlignment(self, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        plot_item.geometryChanged.connect(self.fit)
        self.setVisible(False)          # no entries yet: the row takes no height

    # --- placement -------------------------------------------------------------------------
    def setOffset(self, offset) -> None:  # pyqtgraph override: placed by the layout, not by an offset
        self.opts["offset"] = None

    def anchor(self, *args, **kwargs) -> None:  # pyqtgraph override: idem
        pass

    def setColumnCount(self, columnCount) -> None:  # pyqtgraph override: the width decides (see fit)
        self.fit()

    def _addItemToLayout(self, sample, label) -> None:  # pyqtgraph override: fit places every entry
        self._placed = -1

    def updateSize(self) -> None:  # pyqtgraph override: let the plot's layout size and place it
        self.setVisible(bool(self.items))
        self.updateGeometry()
        self.fit()

    def available_width(self) -> float:
        """The width of the view box's column: the plot's width less its left and right axes."""
        w = self.plot_item.width()
        for side in ("left", "right"):
            ax = self.plot_item.getAxis(side)
            if ax.isVisible():
                w -= ax.width()
        return max(w, 0.0)

    def columns_that_fit(self, width: float) -> int:
        """The most entries per row (rows filled left to right, like the layout) within ``width``."""
        entries = [sample.width() + self.layout.horizontalSpacing() + label.minimumWidth() + 3
                   for sample, label in self.items]
        for k in range(len(entries), 1, -1):
            cols = [max(entries[i::k]) for i in range(k)]
            if sum(cols) + 6 <= width:
                return k
        return 1

    def fit(self) -> None:
        """Re-flow the entries into as many columns as the plot's width holds."""
        if self._fitting or not self.items:
            return
        k = self.columns_that_fit(self.available_width())
        if k == self.columnCount and self._placed == len(self.items):
            return
        self._fitting = True
        try:
            # pyqtgraph's setColumnCount re-adds into the old grid's row/column counts and
            # collides with cells still counted as taken: place every entry explicitly
            for i in range(self.layout.count() - 1, -1, -1):
                self.layout.removeAt(i)
            for i, (sample, label) in enumerate(self.items):
                self.layout.addItem(sample, i // k, 2 * (i % k), alignment=Qt.AlignmentFlag.AlignVCenter)
                self.layout.addItem(label, i // k, 2 * (i % k) + 1)
            self.columnCount, self.rowCount = k, -(-len(self.items) // k)
            self._placed = len(self.items)
            self.updateGeometry()
        finally:
            self._fitting = False

    def sizeHint(self, which, constraint=pg.QtCore.QSizeF()):  # Qt override
        """No minimum width: a legend wider than its plot re-flows (``fit``) instead of widening the plot."""
        hint = super().sizeHint(which, constraint)
        if which == Qt.SizeHint.MinimumSize:
            hint.setWidth(0)
        return hint

    # --- entries ---------------------------------------------------------------------------
    def addItem(self, item, name) -> None:  # pyqtgraph override: one entry per name
        if any(label.text == name for _, label in self.items):
            return
        self.opts["labelTextSize"] = text_size()
        super().addItem(item, name)

    def setLabelTextSize(self, size) -> None:  # pyqtgraph override: re-render (pyqtgraph only stores it)
        self.opts["labelTextSize"] = size
        for sample, label in self.items:
            label.setText(label.text, size=size, color=self.opts["labelTextColor"])
            if isinstance(sample, ScaledSample):
                sample.set_scale(theme.scale())
        self.updateSize()


def rename(plot: pg.PlotItem | pg.PlotWidget, item, name: str) -> None:
    """Give a plotted item a new name (e.g. in another language): its legend entry and its own name,
    which the CSV export uses for its columns."""
    if hasattr(item, "opts"):
        item.opts["name"] = name
    legend = (plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot).legend
    entry = legend.getLabel(item) if legend is not None else None
    if entry is not None:
        entry.setText(name)


def add_legend(plot: pg.PlotItem | pg.PlotWidget) -> OutsideLegend:
    """Give ``plot`` an outside legend (or return the one it has): named items are listed in it."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    if not isinstance(item.legend, OutsideLegend):
        if item.legend is not None:           # a floating pyqtgraph legend: move its entries over
            old, item.legend = item.legend, None
            entries = [(sample.item, label.text) for sample, label in old.items]
            old.clear()
            if old.scene() is not None:
                old.scene().removeItem(old)
        else:
            entries = []
        item.legend = OutsideLegend(item)
        for it, name in entries:
            item.legend.addItem(it, name)
    return item.legend


def restyle(legend: pg.LegendItem) -> None:
    """Re-apply the theme's text colour and scale to a legend's entries (theme switch, presentation mode)."""
    legend.opts["labelTextColor"] = theme.current().foreground
    if isinstance(legend, OutsideLegend):
        legend.setLabelTextSize(text_size())
    else:
        for _, label in legend.items:
            label.setText(label.text, size=text_size(), color=theme.current().foreground)
