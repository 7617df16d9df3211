"""B1's contour view: each run's two-weight cost J(w1, w2) as contour rings, its gradient-descent path on top.

Draws the engine's ``ContourView`` (``bnviz.labs.batchnorm.contour``): the
grid of costs, the levels and the minimum come from the model; here they are
only traced and painted.  Both axes have the same scale (locked aspect), so a
long narrow valley looks long and narrow and not stretched to fill the plot.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bnviz.engine.snapshot import RunSnapshot
from bnviz.labs.batchnorm.contour import SETTLE_EPS, CostSurface, ContourView
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot
from bnviz.ui.words import run_name

SHADES = 64     # lookup-table entries of the background shading


def ring_lines(rings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Closed rings (k, n, 2) as one w1 and one w2 array, nan between rings (one curve to draw)."""
    if not len(rings):
        return np.empty(0), np.empty(0)
    gap = np.full((len(rings), 1), np.nan)
    return (np.hstack([rings[:, :, 0], gap]).ravel(), np.hstack([rings[:, :, 1], gap]).ravel())


def _shade_lut(color: str) -> np.ndarray:
    """From a light tint of the run's colour at the minimum to the plot background far up the cost."""
    lo, hi = theme.tint(color, 70), QColor(theme.current().background)
    t = np.linspace(0.0, 1.0, SHADES)[:, None]
    a = np.array(lo.getRgb()[:3], dtype=np.float64)
    b = np.array(hi.getRgb()[:3], dtype=np.float64)
    return (a + (b - a) * t).astype(np.uint8)


class ContourView2D:
    """One run: shading, rings, the innermost ring in the run's colour, the minimum, the path."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.widget = QWidget()
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = make_plot(run_name(label), tr("weight w\u2081"), tr("weight w\u2082"))
        self.plot.setObjectName(f"contour_plot_{label}")
        self.plot.setAspectLocked(True, ratio=1.0)
        color = theme.run_color(label)
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.rings = self.plot.plot([], [], pen=theme.pen(theme.current().foreground, 1.0), connect="finite")
        self.rings.setOpacity(0.45)
        self.inner = self.plot.plot([], [], pen=theme.pen(color, 2.0), connect="finite")
        self.inner.setZValue(5)     # over the path: a zig-zag's many crossings must not hide the ring
        self.path = self.plot.plot([], [], pen=theme.pen(color, 1.3))
        self.start = pg.ScatterPlotItem(size=9 * theme.scale(), symbol="o", pen=theme.pen(color, 1.5),
                                        brush=pg.mkBrush(theme.current().background))
        self.now = pg.ScatterPlotItem(size=9 * theme.scale(), symbol="o", pen=theme.pen(theme.current().foreground, 1),
                                      brush=theme.shared_brush(color))
        self.minimum = pg.ScatterPlotItem(size=14 * theme.scale(), symbol="+",
                                          pen=theme.pen(theme.current().foreground, 2.0))
        for item in (self.start, self.minimum, self.now):
            item.setZValue(6)       # markers over the rings and the path
            self.plot.addItem(item)
        self.readout = QLabel()
        self.readout.setObjectName(f"contour_readout_{label}")
        self.readout.setWordWrap(True)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.readout)
        self._surface_key = None

    def show(self, run: RunSnapshot, view: ContourView) -> None:
        kappa = tr("\u03ba = {k:.0f}") if view.condition >= 10 else tr("\u03ba = {k:.1f}")
        inputs = tr("normalized inputs") if view.normalized else tr("raw inputs")
        title = f"{inputs}, {kappa.format(k=view.condition)}"
        if run.label not in ("normalized", "raw"):          # the BN twins: say which run too
            title = f"{run_name(run.label)}: {title}"
        self.plot.getPlotItem().setTitle(title)
        if view.surface is not None:
            self._show_surface(view.surface)
        p = view.path
        self.path.setData(p["w1"], p["w2"], connect="finite")
        if len(p["w1"]):
            self.start.setData([p["w1"][0]], [p["w2"][0]])
            self.now.setData([p["w1"][-1]], [p["w2"][-1]])
        self.readout.setText(self._readout(view))

    @staticmethod
    def _readout(view: ContourView) -> str:
        p = view.path
        if not len(p["cost"]) or not math.isfinite(view.min_cost):
            return tr("this cost has no lowest point (the classes are separable through the origin)")
        gap = float(p["cost"][-1]) - view.min_cost
        text = tr("step {step}: cost {gap:.3f} above its minimum (+)").format(step=int(p["step"][-1]), gap=gap)
        if view.settled_at is not None:
            return text + "; " + tr("inside the coloured ring ({eps}) since step {step}").format(
                eps=SETTLE_EPS, step=view.settled_at)
        return text + "; " + tr("not inside the coloured ring ({eps})").format(eps=SETTLE_EPS)

    def _show_surface(self, s: CostSurface) -> None:
        key = (s.w1_range, s.w2_range, s.rows.source, s.rows.generation)
        if key == self._surface_key:
            return
        self._surface_key = key
        (a0, a1), (b0, b1) = s.w1_range, s.w2_range
        n = s.cost.shape[0]
        dx, dy = (a1 - a0) / (n - 1), (b1 - b0) / (n - 1)
        # shade by the cost's height above the minimum, on a log scale (the rings' own spacing)
        gap = np.log2(np.maximum(np.asarray(s.cost).T - s.min_cost, SETTLE_EPS) / SETTLE_EPS)
        self.image.setImage(gap, levels=(0.0, float(len(s.levels))), lut=_shade_lut(theme.run_color(self.label)))
        self.image.setRect(QRectF(a0 - dx / 2, b0 - dy / 2, a1 - a0 + dx, b1 - b0 + dy))
        rings = s.rings
        self.rings.setData(*ring_lines(rings[1:]), connect="finite")
        self.inner.setData(*ring_lines(rings[:1]), connect="finite")
        if math.isfinite(s.minimum[0]):
            self.minimum.setData([s.minimum[0]], [s.minimum[1]])
        else:
            self.minimum.clear()
        self.plot.setRange(xRange=s.w1_range, yRange=s.w2_range, padding=0)


class ContourPanel(QWidget):
    """Side by side for the twins: normalized on the left, raw on the right (B1), one plot for a single run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contour_panel")
        lay = QVBoxLayout(self)
        self._row = QHBoxLayout()
        lay.addLayout(self._row, 1)
        self.note = QLabel()
        self.note.setObjectName("contour_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.note)
        self.views: dict[str, ContourView2D] = {}
        self._last: tuple[RunSnapshot, ...] = ()
        self._note_text(False)

    def _note_text(self, shown: bool) -> None:
        if shown:
            self.note.setText(tr(
                "Each plot: the cost J(w\u2081, w\u2082) of a logistic regression with two weights and no bias, "
                "on the inputs that run trains on. Rings: 0.01, 0.02, 0.04, \u2026 above the lowest cost (+); "
                "the innermost ring is coloured. Line: gradient descent on the whole training set from (0, 0), "
                "one step per training step, at the run's learning rate. \u03ba: how many times more the cost "
                "curves across the valley than along it (the Hessian's condition number at +)."))
        else:
            self.note.setText(tr("The contour view needs data with two inputs and two classes "
                                 "(moons, circles, xor)."))

    def retranslate(self) -> None:
        """Titles and readouts are composed: drawn again in the new language."""
        self._note_text(any(getattr(r, "contour", None) is not None for r in self._last))
        if self._last:
            self.show_runs(self._last)

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        self._last = runs
        views = [(r, getattr(r, "contour", None)) for r in runs]
        shown = any(v is not None for _, v in views)
        self._note_text(shown)
        labels = [r.label for r in runs]
        for label in list(self.views):
            if label not in labels:
                self.views.pop(label).widget.deleteLater()
        for r, v in views:
            if r.label not in self.views:
                self.views[r.label] = ContourView2D(r.label)
                self._row.addWidget(self.views[r.label].widget, 1)
            view = self.views[r.label]
            view.widget.setVisible(v is not None)
            if v is not None:
                view.show(r, v)
