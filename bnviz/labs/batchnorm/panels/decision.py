"""Decision regions of a 2-D classifier: each class a colour, its probability the colour's strength.

Drawn in the data's raw units (the model reports them so, ``model.raw_units``):
the twins' maps share one plane, and students may draw their own points on the
first one ("Edit data", ``add_editor``).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bnviz.engine.snapshot import DecisionMap, RunSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot, region_image
from bnviz.ui.words import run_name

#: the twins, left to right (a single run uses the first)
VIEWS = 2


class DecisionView:
    """One plot: the region image and the validation points."""

    def __init__(self, name: str) -> None:
        self.widget = make_plot("", tr("x\u2081 (raw units)"), tr("x\u2082 (raw units)"))
        self.widget.setObjectName(name)
        self.widget.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.widget.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=6 * theme.scale(), pen=pg.mkPen("#202020", width=0.6))
        self.widget.addItem(self.points)
        self.follow = True          # fit the view to the map's box (not while a student draws on it)
        self._range = None
        self._points = None

    def show(self, dm: DecisionMap | None, title: str) -> None:
        self.widget.getPlotItem().setTitle(title)
        if dm is None:
            self.image.clear()
            self.points.clear()
            self._range = self._points = None
            return
        self.image.setImage(region_image(dm), levels=(0, 255))
        (x0, x1), (y0, y1) = dm.x_range, dm.y_range
        self.image.setRect(pg.QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        if self.follow and self._range != (dm.x_range, dm.y_range):
            self._range = (dm.x_range, dm.y_range)
            self.widget.setRange(xRange=dm.x_range, yRange=dm.y_range, padding=0)
        if dm.points is not self._points:       # new data (an edit): the points move, the view may not
            self._points = dm.points
            brushes = [pg.mkBrush(theme.CLASS_COLORS[int(k) % len(theme.CLASS_COLORS)]) for k in dm.labels]
            self.points.setData(dm.points[:, 0], dm.points[:, 1], brush=brushes)


class DecisionPanel(QWidget):
    """Side by side for the twins; the first map may carry the data editor (``add_editor``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decision_panel")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        self.editor_row = QHBoxLayout()          # the "Edit data" toggle, right (``add_editor``)
        self.editor_row.addStretch(1)
        col.addLayout(self.editor_row)
        self.editor_slot = QVBoxLayout()         # the editor's tool rows
        col.addLayout(self.editor_slot)
        self.note = QLabel(tr("Decision regions are drawn for 2-D data sets (moons, circles, xor, spiral, blobs)."))
        self.note.setWordWrap(True)
        col.addWidget(self.note)
        maps = QHBoxLayout()
        maps.setSpacing(2)
        self.views = [DecisionView(f"bn_regions_{i}") for i in range(VIEWS)]
        for v in self.views:
            maps.addWidget(v.widget, 1)
        col.addLayout(maps, 1)
        self.plot = self.views[0].widget         # where students draw
        self._last: tuple[RunSnapshot, ...] = ()

    def add_editor(self, editor) -> None:
        """Put a ``DataEditor``'s toggle above the maps, right, and its tool rows under it.

        While editing, the first map keeps its view where the student draws; the
        other follows its data as before.
        """
        self.editor_row.addWidget(editor.toggle)
        self.editor_slot.addWidget(editor)
        editor.editing.connect(self._editing)

    def _editing(self, on: bool) -> None:
        view = self.views[0]
        view.follow = not on
        if not on:
            view._range = None          # the map's box again at the next frame
            if self._last:
                self.show_runs(self._last)

    def retranslate(self) -> None:
        """The titles are composed (run name, accuracy): drawn again in the new language."""
        if self._last:
            self.show_runs(self._last)

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        self._last = runs
        is_2d = runs[0].decision is not None
        self.note.setVisible(not is_2d)
        for i, v in enumerate(self.views):
            r = runs[i] if i < len(runs) else None
            v.widget.setVisible(is_2d and r is not None)
            if r is not None:
                acc = r.last("val_acc")
                v.show(r.decision, tr("{run}: validation accuracy {acc:.1%}").format(run=run_name(r.label), acc=acc))
