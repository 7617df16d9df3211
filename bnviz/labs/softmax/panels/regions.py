"""Decision regions of the softmax classifier with the training points; hover or click a point.

The view only finds which drawn point is under the mouse (geometry, not a
statistic) and reports its index; the lab asks the engine to explain it.
With the config's ``compare_flat`` (the check box above the plot) the map of
the twin with no hidden layer, trained beside the run, is drawn on its left.
The maps are in the data's raw units, where Edit data (``bnviz.ui.data_editor``,
its toggle at the right of the check box) draws and edits the points; while
it edits, the map keeps its view (the points must not move under the mouse).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from bnviz.labs.softmax.model import SoftmaxSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot, region_image

PICK_RADIUS_PX = 12


def _title(plot: pg.PlotWidget, text: str) -> None:
    plot.getPlotItem().setTitle(text, size=f"{10 * theme.scale():.0f}pt")


class RegionMap:
    """One decision-region plot: the class colours of a ``DecisionMap`` under its training points."""

    def __init__(self, name: str) -> None:
        self.plot = make_plot(tr("Decision regions"), tr("x\u2081 (raw units)"), tr("x\u2082 (raw units)"))
        self.plot.setObjectName(name)
        self.plot.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=6 * theme.scale(), pen=pg.mkPen("#202020", width=0.6))
        self.plot.addItem(self.points)
        self.xy: np.ndarray | None = None       # the drawn points (the panel picks among them)
        self.labels: np.ndarray | None = None
        self._range = None
        self.follow = True                      # False while editing data: the view stays where it is

    def show_map(self, dm) -> None:
        self.image.setImage(region_image(dm), levels=(0, 255))
        (x0, x1), (y0, y1) = dm.x_range, dm.y_range
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        if self.xy is not dm.points or self.labels is not dm.labels:
            self.xy, self.labels = dm.points, dm.labels
            brushes = [pg.mkBrush(theme.CLASS_COLORS[int(k) % len(theme.CLASS_COLORS)]) for k in dm.labels]
            self.points.setData(dm.points[:, 0], dm.points[:, 1], brush=brushes)
        if self._range != (dm.x_range, dm.y_range) and self.follow:
            self._range = (dm.x_range, dm.y_range)
            self.plot.setRange(xRange=dm.x_range, yRange=dm.y_range, padding=0)

    def set_follow(self, on: bool) -> None:
        """Follow the data's range (default), or keep the view (while editing data); on again refits next map."""
        self.follow = on
        if on:
            self._range = None

    def refit(self) -> None:
        if self._range is not None:
            self.plot.setRange(xRange=self._range[0], yRange=self._range[1], padding=0)


class SoftmaxRegionsPanel(QWidget):
    """``hovered(index)`` while the mouse is near a point (unless pinned); ``picked(index or -1)`` on click.

    ``compare_toggled(on)`` when the user ticks "beside it: 0 hidden layers";
    the page turns that into the config's ``compare_flat``.
    """

    hovered = Signal(int)
    picked = Signal(int)
    compare_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("softmax_regions")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.compare = QCheckBox(tr("Beside it: the same softmax with 0 hidden layers, trained together"))
        self.compare.setObjectName("softmax_compare_flat")
        self.compare.setToolTip(tr("Trains softmax regression (no hidden layer) on the same data and mini-batches, "
                                   "step for step, and draws its regions on the left; ticking it restarts both runs"))
        self.compare.toggled.connect(self.compare_toggled)
        self.top = QHBoxLayout()
        self.top.setSpacing(6)
        self.top.addWidget(self.compare, 1)
        lay.addLayout(self.top)
        self.editor_slot = QVBoxLayout()        # the data editor's tool rows go here (``add_editor``)
        lay.addLayout(self.editor_slot)
        maps = QHBoxLayout()
        maps.setSpacing(2)
        self.flat = RegionMap("softmax_flat_regions")
        self.flat.plot.hide()
        main = RegionMap("softmax_regions_plot")
        self.main_map = main
        self.plot, self.image, self.points = main.plot, main.image, main.points
        self.marker = pg.ScatterPlotItem(size=18 * theme.scale(), brush=None,
                                         pen=pg.mkPen("#000000", width=2.5 * theme.scale()))
        self.plot.addItem(self.marker)
        maps.addWidget(self.flat.plot, 1)
        maps.addWidget(self.plot, 1)
        lay.addLayout(maps, 1)
        self.pinned = False
        self._last_hover = -1
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._mouse_clicked)

    def add_editor(self, editor) -> None:
        """Put a ``DataEditor``'s toggle at the right of the check box and its tool rows under them."""
        self.top.addWidget(editor.toggle)
        self.editor_slot.addWidget(editor)
        editor.editing.connect(self._editing)

    def _editing(self, on: bool) -> None:
        self.main_map.set_follow(not on)
        self._last_hover = -1

    # ------------------------------------------------------------- drawing
    def show_snapshot(self, snap: SoftmaxSnapshot) -> None:
        self.main_map.show_map(snap.regions)
        flat = snap.flat_regions
        self.flat.plot.setVisible(flat is not None)
        if flat is not None:
            self.flat.show_map(flat)
            _title(self.flat.plot, tr("0 hidden layers: val. acc. {acc:.1%}").format(acc=snap.flat_run.last("val_acc")))
        c = snap.chosen
        if c is None or not 0 <= c.index < len(snap.regions.points):
            self.marker.setData([], [])
        else:                                   # drawn where the point is (raw units), not at its model input
            x, y = snap.regions.points[c.index]
            self.marker.setData([float(x)], [float(y)])
        acc = snap.run.last("val_acc")
        kind = tr("softmax regression") if snap.depth == 0 else tr("{n} hidden + softmax").format(n=snap.depth)
        if flat is not None:
            title = (tr("1 hidden layer: val. acc. {acc:.1%}") if snap.depth == 1
                     else tr("{n} hidden layers: val. acc. {acc:.1%}"))
            _title(self.plot, title.format(n=snap.depth, acc=acc))
        else:
            _title(self.plot, tr("C = {n}, {kind}: val. accuracy {acc:.1%}").format(n=snap.n_classes, kind=kind,
                                                                                   acc=acc))

    def refit(self) -> None:
        self.main_map.refit()
        self.flat.refit()

    # ------------------------------------------------------------- picking
    def point_at(self, scene_pos) -> int:
        """Index of the drawn point within ``PICK_RADIUS_PX`` of a scene position, or -1."""
        xy = self.main_map.xy
        if xy is None or not len(xy):
            return -1
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return -1
        p = vb.mapSceneToView(scene_pos)
        pw, ph = vb.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return -1
        d2 = ((xy[:, 0] - p.x()) / pw) ** 2 + ((xy[:, 1] - p.y()) / ph) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= PICK_RADIUS_PX ** 2 else -1

    def _mouse_moved(self, scene_pos) -> None:
        if self.pinned:
            return
        i = self.point_at(scene_pos)
        if i >= 0 and i != self._last_hover:
            self._last_hover = i
            self.hovered.emit(i)

    def _mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        i = self.point_at(event.scenePos())
        self.pinned = i >= 0
        self._last_hover = i
        self.picked.emit(i)
