"""The inputs themselves: what the twins trained on next to the shifted inputs.

2-D sets: one scatter, training points grey, shifted points purple, in raw
units, over a fixed box the engine chose to hold every magnitude of the
current kind (so moving the slider moves the points, not the axes). Digits:
the intensity histogram of all pixels, and a few example images above their
shifted versions.  On 2-D sets the "Edit data" toggle above the scatter lets
students draw the training points themselves (``add_editor``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from bnviz.labs.covariate.model import CovariateSnapshot, InputView
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.legend import rename
from bnviz.ui.plots import make_plot

TRAIN_COLOR = "#7f7f7f"
SHIFT_COLOR = "#8e44ad"      # purple: "shifted" in every panel of this lab


def montage(left: np.ndarray, right: np.ndarray, gap: int = 1) -> np.ndarray:
    """Two columns of equally sized images, as one (x, y) array for ImageItem (y up, gaps white)."""
    k, h, w = left.shape
    out = np.zeros((k * (h + gap) - gap, 2 * w + 2 * gap), dtype=np.float32)   # 0 is drawn white
    for i in range(k):
        r = i * (h + gap)
        out[r:r + h, :w] = left[i]
        out[r:r + h, w + 2 * gap:] = right[i]
    return np.flipud(out).T        # row 0 of an image is its top; ImageItem puts y=0 at the bottom


class ShiftInputsPanel(QStackedWidget):
    """Scatter (2-D) or intensity histogram + examples (images); only redrawn when the inputs change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shift_inputs")
        self.scatter = make_plot(tr("Inputs"), tr("x\u2081 (raw units)"), tr("x\u2082 (raw units)"), legend=True)
        s = 5 * theme.scale()
        self.train_points = pg.ScatterPlotItem(size=s, pen=None, brush=theme.brush(TRAIN_COLOR, 150),
                                               name=tr("training inputs"))
        self.shift_points = pg.ScatterPlotItem(size=s, pen=pg.mkPen(SHIFT_COLOR, width=1.1), brush=None,
                                               symbol="o", name=tr("shifted inputs"))
        self.scatter.addItem(self.train_points)      # named items join the legend by themselves
        self.scatter.addItem(self.shift_points)
        points = QWidget()
        col = QVBoxLayout(points)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        self.editor_row = QHBoxLayout()          # the data editor's toggle and tool rows (``add_editor``)
        self.editor_row.addStretch(1)
        col.addLayout(self.editor_row)
        self.editor_slot = QVBoxLayout()
        col.addLayout(self.editor_slot)
        col.addWidget(self.scatter, 1)
        self.follow = True                       # fit the view to the engine's box (not while editing)
        self.addWidget(points)

        images = QWidget()
        lay = QHBoxLayout(images)
        lay.setContentsMargins(0, 0, 0, 0)
        self.pixels = make_plot(tr("Pixel intensities"), tr("intensity"), tr("fraction of pixels"), legend=True)
        self.train_hist = self.pixels.plot([0, 1], [0], stepMode="center", fillLevel=0,
                                           brush=theme.brush(TRAIN_COLOR, 110), pen=theme.pen(TRAIN_COLOR, 1.4),
                                           name=tr("training inputs"))
        self.shift_hist = self.pixels.plot([0, 1], [0], stepMode="center", pen=theme.pen(SHIFT_COLOR, 2.0),
                                           name=tr("shifted inputs"))
        self.pixels.setXRange(0, 1, padding=0.02)
        lay.addWidget(self.pixels, 3)
        col = QVBoxLayout()
        self.examples = make_plot(tr("training | shifted"))
        self.examples.getPlotItem().hideAxis("left")
        self.examples.getPlotItem().hideAxis("bottom")
        self.examples.setAspectLocked(True)
        self.examples.setMouseEnabled(False, False)
        self.examples.getPlotItem().showGrid(False, False)
        self.example_image = pg.ImageItem()
        self.example_image.setLookupTable(np.array([[255 - i] * 3 for i in range(256)], dtype=np.ubyte))
        self.examples.addItem(self.example_image)
        col.addWidget(self.examples)
        lay.addLayout(col, 1)
        self.addWidget(images)
        self.last: InputView | None = None
        self._snap: CovariateSnapshot | None = None
        self._range = None
        self._y_top = 0.0

    def add_editor(self, editor) -> None:
        """Put a ``DataEditor``'s toggle above the scatter, right, and its tool rows under it.

        While editing, the view stays where the student draws: a frame does not re-fit it.
        """
        self.editor_row.addWidget(editor.toggle)
        self.editor_slot.addWidget(editor)
        editor.editing.connect(self._editing)

    def _editing(self, on: bool) -> None:
        self.follow = not on
        if not on and self._snap is not None:       # the engine's box again
            self.last = self._range = None
            self.show_snapshot(self._snap)

    def retranslate(self) -> None:
        """Redraw the inputs last shown: their titles and legend are composed."""
        if self._snap is not None:
            self.last = None
            self.show_snapshot(self._snap)

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        self._snap = snap
        iv = snap.inputs
        if iv is self.last:
            return
        self.last = iv
        kind = snap.config.shift.kind
        what = tr("all inputs") if kind == "subpopulation" else tr("shifted inputs")
        if not iv.image:
            self.setCurrentIndex(0)
            rename(self.scatter, self.shift_points, what)
            self.train_points.setData(iv.reference_points[:, 0], iv.reference_points[:, 1])
            self.shift_points.setData(iv.shifted_points[:, 0], iv.shifted_points[:, 1])
            self.scatter.getPlotItem().setTitle(
                tr("Inputs: {n} training rows (grey) vs {what} (purple)").format(n=snap.n_train, what=what))
            if self.follow and self._range != (iv.x_range, iv.y_range):
                self._range = (iv.x_range, iv.y_range)
                self.scatter.setRange(xRange=iv.x_range, yRange=iv.y_range, padding=0)
            return
        self.setCurrentIndex(1)
        self.examples.getPlotItem().setTitle(tr("training | all") if kind == "subpopulation"
                                             else tr("training | shifted"))
        rename(self.pixels, self.shift_hist, what)
        self.train_hist.setData(iv.reference_pixels.edges, iv.reference_pixels.counts)
        self.shift_hist.setData(iv.shifted_pixels.edges, iv.shifted_pixels.counts)
        top = float(max(iv.reference_pixels.counts.max(), iv.shifted_pixels.counts.max()))
        if top > self._y_top or top < self._y_top / 2:
            self._y_top = top * 1.1
            self.pixels.setYRange(0, self._y_top, padding=0)
        img = montage(iv.reference_examples, iv.shifted_examples)
        self.example_image.setImage(img, levels=(0.0, 1.0))
        self.examples.getPlotItem().vb.setRange(xRange=(0, img.shape[0]), yRange=(0, img.shape[1]), padding=0.02)
