"""Decision regions of a 2-D classifier: each class a colour, its probability the colour's strength."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from bnviz.engine.snapshot import DecisionMap, RunSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot, region_image
from bnviz.ui.words import run_name


class DecisionView:
    """One plot: the region image and the validation points."""

    def __init__(self, title: str) -> None:
        self.widget = make_plot(title, tr("x\u2081 (model input)"), tr("x\u2082 (model input)"))
        self.widget.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.widget.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=6 * theme.scale(), pen=pg.mkPen("#202020", width=0.6))
        self.widget.addItem(self.points)
        self._range = None

    def show(self, dm: DecisionMap | None, title: str) -> None:
        self.widget.getPlotItem().setTitle(title)
        if dm is None:
            self.image.clear()
            self.points.clear()
            return
        self.image.setImage(region_image(dm), levels=(0, 255))
        (x0, x1), (y0, y1) = dm.x_range, dm.y_range
        self.image.setRect(pg.QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        if self._range != (dm.x_range, dm.y_range):
            self._range = (dm.x_range, dm.y_range)
            self.widget.setRange(xRange=dm.x_range, yRange=dm.y_range, padding=0)
            brushes = [pg.mkBrush(theme.CLASS_COLORS[int(k) % len(theme.CLASS_COLORS)]) for k in dm.labels]
            self.points.setData(dm.points[:, 0], dm.points[:, 1], brush=brushes)


class DecisionPanel(QWidget):
    """Side by side for the twins."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decision_panel")
        self._lay = QHBoxLayout(self)
        self.views: dict[str, DecisionView] = {}
        self.note = QLabel(tr("Decision regions are drawn for 2-D data sets (moons, circles, xor, spiral, blobs)."))
        self.note.setWordWrap(True)
        self._lay.addWidget(self.note)
        self._last: tuple[RunSnapshot, ...] = ()

    def retranslate(self) -> None:
        """The titles are composed (run name, accuracy): drawn again in the new language."""
        if self._last:
            self.show_runs(self._last)

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        self._last = runs
        is_2d = runs[0].decision is not None
        self.note.setVisible(not is_2d)
        labels = [r.label for r in runs]
        for label in list(self.views):
            if label not in labels:
                self.views.pop(label).widget.deleteLater()
        for r in runs:
            if r.label not in self.views:
                self.views[r.label] = DecisionView(run_name(r.label))
                self._lay.addWidget(self.views[r.label].widget, 1)
            v = self.views[r.label]
            v.widget.setVisible(is_2d)
            acc = r.last("val_acc")
            v.show(r.decision, tr("{run}: validation accuracy {acc:.1%}").format(run=run_name(r.label), acc=acc))
