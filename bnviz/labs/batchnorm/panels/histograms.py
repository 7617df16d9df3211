"""Per-layer distributions before and after batch norm, BN and no-BN twins overlaid.

One row per hidden layer, three columns:

1. z = Wx (+b), the Dense output (BN's input when BN sits before the activation);
2. the activation's input: z~ = gamma * z_norm + beta with BN, plain z without;
   the activation function is drawn over it on a right-hand axis, so a
   saturated sigmoid is visible at a glance;
3. the layer's output.

Bin edges come from the engine and stay put between re-fits (the engine
re-fits them by itself, rarely, when a run's values leave them), so the x
ranges are fixed too; only the counts move while training.  Values outside a
run's edges are not data in a bin: they are drawn apart, as hatched grey
overflow bars just beyond the ends with a "+N" label (``OverflowMarks``).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGridLayout, QScrollArea, QWidget

from bnviz.engine import activations
from bnviz.engine.snapshot import Histogram, RunSnapshot
from bnviz.ui import theme
from bnviz.ui.forms import value_text
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot

COLUMNS = ("z", "act_in", "a")


FILL_ALPHA = 70


class StepFills(pg.GraphicsObject):
    """The filled area under each run's step histogram, drawn with opaque colours.

    Looks like translucent fills (each run's tint, and where two runs share
    bins their overlap in the two colours blended) at a tenth of the cost:
    the raster engine blends every pixel of a translucent fill.  The step
    outlines are separate curves drawn on top.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self._paths: list[tuple[QPainterPath, QColor]] = []
        self._rect = QRectF()

    def set_runs(self, runs: list[tuple[str, Histogram]]) -> None:
        self.prepareGeometryChange()
        self._paths = []
        for label, h in runs:
            self._paths.append((_step_path(h.edges, h.counts), theme.tint(theme.run_color(label), FILL_ALPHA)))
        if len(runs) == 2 and np.array_equal(runs[0][1].edges, runs[1][1].edges):
            (la, a), (lb, b) = runs
            both = theme.tint(theme.run_color(lb), FILL_ALPHA, theme.tint(theme.run_color(la), FILL_ALPHA))
            self._paths.append((_step_path(a.edges, np.minimum(a.counts, b.counts)), both))
        if runs:
            lo = min(float(h.edges[0]) for _, h in runs)
            hi = max(float(h.edges[-1]) for _, h in runs)
            top = max(float(h.counts.max()) for _, h in runs)
            self._rect = QRectF(lo, 0.0, hi - lo, top)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, *_args) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for path, color in self._paths:
            painter.fillPath(path, color)


OVERFLOW_COLOR = "#8a8a8a"      # neutral: an overflow bar belongs to no bin, so it wears no run's fill


class OverflowMarks(pg.GraphicsObject):
    """Each run's out-of-range counts, as hatched grey bars one bin wide just beyond its edges.

    The engine counts values outside the bin edges apart (``Histogram.below``
    and ``above``); folding them into the end bins made 5,000-count spikes
    that looked like data.  Here they are visibly something else: a hatched
    neutral bar outlined (dashed) in the run's colour, outside the bins,
    with a "+N" label in the run's colour (a few values make a bar too low
    to see: the label says which run and how many), explained in the
    tooltip.  Two runs with an overflow at the same edge stand side by
    side, outwards, their labels one above the other.  Labels grow inwards
    from the outer end, so the plot's edge never clips them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(2)
        self.bars: list[tuple[str, str, QRectF, int]] = []     # (run, "below"/"above", rect, count)
        self._rect = QRectF()
        self._labels: list[pg.TextItem] = []
        self._brush = QBrush(QColor(OVERFLOW_COLOR), Qt.BrushStyle.BDiagPattern)
        self.setToolTip(tr("Hatched grey bars beyond the ends: values outside the bins (+N of them), "
                           "counted apart, not data in a bin. The bins re-fit by themselves when "
                           "many values leave them; F re-fits them now."))

    def set_runs(self, runs: list[tuple[str, Histogram]]) -> None:
        self.prepareGeometryChange()
        bars = []
        taken: dict[tuple[str, float], int] = {}
        for label, h in runs:
            e = h.edges
            w = float(e[1] - e[0])
            for side, n, x in (("below", h.below, float(e[0]) - w), ("above", h.above, float(e[-1]))):
                if not n:
                    continue
                k = taken.get((side, x), 0)
                taken[(side, x)] = k + 1
                x += -k * w if side == "below" else k * w
                bars.append((label, side, QRectF(x, 0.0, w, float(n)), int(n)))
        self.bars = bars
        self._rect = QRectF()
        for *_, r, _n in bars:
            self._rect = self._rect.united(r)
        while len(self._labels) < len(bars):
            t = pg.TextItem(color=OVERFLOW_COLOR)
            t.setParentItem(self)
            self._labels.append(t)
        stacked = {"below": 0, "above": 0}          # labels at one end stand one above the other
        for i, t in enumerate(self._labels):
            if i >= len(bars):
                t.hide()
                continue
            label, side, r, n = bars[i]
            k = stacked[side]
            stacked[side] += 1
            text = f"+{n}"
            if t.toPlainText() != text or t.color != QColor(theme.run_color(label)):
                t.setColor(theme.run_color(label))
                t.setText(text)
            t.setAnchor((0.0 if side == "below" else 1.0, 1.0 + k))
            t.setPos(r.left() if side == "below" else r.right(), r.bottom())
            t.show()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, *_args) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        to_screen = painter.transform()
        for label, _side, r, _n in self.bars:
            painter.fillRect(r, QColor(theme.current().background))
            # the hatch in screen pixels: under the view's stretched data-to-pixel transform a pattern
            # brush is filled as a transformed texture, the costliest part of a frame (2 ms a plot)
            painter.save()
            painter.resetTransform()
            painter.fillRect(to_screen.mapRect(r), self._brush)
            painter.restore()
            painter.setPen(theme.pen(theme.run_color(label), 1.2, Qt.PenStyle.DashLine))
            painter.drawRect(r)


def _step_path(edges: np.ndarray, counts: np.ndarray) -> QPainterPath:
    x = np.repeat(edges, 2)
    y = np.concatenate(([0.0], np.repeat(counts.astype(float), 2), [0.0]))
    return pg.arrayToQPath(x, y)


class HistogramCell:
    """One plot: a step histogram per run and an optional activation curve."""

    def __init__(self, title: str, x_label: str) -> None:
        self.widget = make_plot(title, x_label, tr("count"))
        self.plot = self.widget.getPlotItem()
        self.curves: dict[str, pg.PlotCurveItem] = {}
        self.edges_key: tuple | None = None
        self.act_view: pg.ViewBox | None = None
        self.act_curve: pg.PlotDataItem | None = None
        self.fills = StepFills()
        self.plot.addItem(self.fills)
        self.overflow = OverflowMarks()
        self.plot.addItem(self.overflow)
        self.shown: list[tuple[str, Histogram | None]] = []     # what the cell draws now (``same_as_shown``)

    def same_as_shown(self, runs: list[tuple[str, Histogram | None]]) -> bool:
        """True if the cell already draws these histograms (a paused frame, a tab change): no redraw."""
        if len(runs) != len(self.shown):
            return False
        for (label, h), (old_label, old) in zip(runs, self.shown):
            if label != old_label or (h is None) != (old is None):
                return False
            if h is not None and not (h.below == old.below and h.above == old.above
                                      and np.array_equal(h.counts, old.counts)
                                      and np.array_equal(h.edges, old.edges)):
                return False
        return True

    def curve(self, label: str) -> pg.PlotCurveItem:
        # a bare PlotCurveItem: PlotDataItem's wrapper (down-sampling, log modes, symbols) would
        # cost more than the curve itself, nine plots times two runs, every frame
        if label not in self.curves:
            color = theme.run_color(label)
            self.curves[label] = c = pg.PlotCurveItem([0.0, 1.0], [0.0], stepMode="center",
                                                      pen=theme.pen(color, 1.6), name=label)
            self.plot.addItem(c)
        return self.curves[label]

    def set_activation(self, name: str | None, lo: float, hi: float) -> None:
        """Draw the activation function over [lo, hi] on the right axis."""
        if name is None:
            if self.act_curve is not None:
                self.act_curve.setData([], [])
            return
        if self.act_view is None:
            self.act_view = pg.ViewBox()
            self.plot.showAxis("right")
            self.plot.scene().addItem(self.act_view)
            self.plot.getAxis("right").linkToView(self.act_view)
            self.plot.getAxis("right").setLabel("g(x)")
            self.plot.getAxis("right").setStyle(maxTickLevel=1)     # as the other axes (theme.style_plot)
            self.act_view.setXLink(self.plot)
            self.plot.vb.sigResized.connect(lambda: self.act_view.setGeometry(self.plot.vb.sceneBoundingRect()))
            self.act_curve = pg.PlotDataItem(pen=theme.pen(theme.ACTIVATION_COLOR, 1.5, pg.QtCore.Qt.PenStyle.DotLine))
            # g(x) changes only on a re-fit: a cached pixmap, not a redraw with every histogram
            self.act_curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.act_view.addItem(self.act_curve)
        x, y = activations.curve(name, lo, hi)
        self.act_curve.setData(x, y)
        self.act_view.setYRange(float(y.min()), float(y.max()) if y.max() > y.min() else float(y.min()) + 1, padding=0.05)
        self.act_view.setGeometry(self.plot.vb.sceneBoundingRect())

    def show(self, label: str, h: Histogram | None) -> None:
        c = self.curve(label)
        if h is None:
            c.hide()
            return
        c.show()
        c.setData(h.edges, h.counts, skipFiniteCheck=True)


def counted(runs: tuple[RunSnapshot, ...]) -> bool:
    """Whether the runs carry their layer histograms (a model told they are off screen skips them)."""
    return all(ls.z is not None for r in runs for ls in r.layers)


class HistogramGrid(QScrollArea):
    """Rows of HistogramCells, rebuilt when the number of layers changes."""

    # on screen or not (counting the histograms is most of a frame's cost in the worker)
    shown_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("histograms")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(4)
        self.setWidget(self._body)
        self.rows: list[list[HistogramCell]] = []
        self._signature: tuple | None = None
        self._edges: tuple = ()
        self._y_max: list[list[float]] = []
        self.last: tuple[RunSnapshot, ...] = ()
        self._unshown: tuple | None = None        # (runs, refit) drawn while folded away: drawn when shown

    def _rebuild(self, runs: tuple[RunSnapshot, ...]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        n_layers = len(runs[0].layers)
        titles = self._titles(runs)
        self.rows = []
        for i in range(n_layers):
            row = []
            for j, t in enumerate(titles):
                cell = HistogramCell(t if i == 0 else None, tr("value") if i == n_layers - 1 else None)
                cell.widget.setMinimumSize(120, 140)
                cell.widget.setObjectName(f"layer{i + 1}_{COLUMNS[j]}")
                if j == 0:
                    cell.plot.setLabel("left", tr("layer {n}: count").format(n=i + 1))
                self._grid.addWidget(cell.widget, i, j + 1)
                row.append(cell)
            self.rows.append(row)
        for j in range(1, 4):
            self._grid.setColumnStretch(j, 1)
        self._grid.setColumnStretch(0, 0)
        self._y_max = [[0.0] * 3 for _ in range(n_layers)]

    @staticmethod
    def _titles(runs: tuple[RunSnapshot, ...]) -> tuple[str, str, str]:
        """The three columns' titles: they name the network's activation."""
        cfg = runs[0].config.net
        act = value_text(cfg.activation)
        has_bn = any(r.config.net.batch_norm for r in runs)
        return ("z = Wx", tr("{act} input").format(act=act),
                tr("output (BN: BN(a))") if has_bn and cfg.bn_placement != "before"
                else f"a = {act}(\u00b7)")

    def retranslate(self) -> None:
        """Titles and layer labels are composed (the activation's name, the layer's number)."""
        if not self.rows or not self.last:
            return
        for j, t in enumerate(self._titles(self.last)):
            self.rows[0][j].plot.setTitle(t)
        for i, row in enumerate(self.rows):
            row[0].plot.setLabel("left", tr("layer {n}: count").format(n=i + 1))

    def show_runs(self, runs: tuple[RunSnapshot, ...], refit: bool = False) -> None:
        for piece in self.pieces(runs, refit):
            piece()

    def pieces(self, runs: tuple[RunSnapshot, ...], refit: bool = False) -> list:
        """The drawing of ``runs``, one plot per piece (see LabPage.draw_steps).

        None while the grid is not on screen (folded into a tab on a narrow window): the
        latest runs are drawn, and the plots first built, when it shows (``showEvent``), not
        nine hidden plots every frame.  Frames made while it was folded away carry no
        histograms (the page told the model, ``shown_changed``): the plots keep what they
        show until the first frame counted again arrives.
        """
        refit = refit or (self._unshown is not None and self._unshown[1])
        if not self.isVisible() or not counted(runs):
            self.last = runs
            self._unshown = (runs, refit)
            return []
        self._unshown = None
        refit = self.prepare(runs, refit)
        return [partial(self.show_cell, i, j, runs, refit) for i in range(len(self.rows)) for j in range(3)]

    def showEvent(self, event) -> None:  # Qt override: draw what came while folded away
        super().showEvent(event)
        self.shown_changed.emit(True)
        if self._unshown is not None:
            runs, refit = self._unshown
            self.show_runs(runs, refit)

    def hideEvent(self, event) -> None:  # Qt override: folded away, or the page left
        super().hideEvent(event)
        self.shown_changed.emit(False)

    def prepare(self, runs: tuple[RunSnapshot, ...], refit: bool = False) -> bool:
        """Rebuild for a new network shape; True if the axes must be re-fitted."""
        self.last = runs
        net = runs[0].config.net
        sig = (len(runs[0].layers), tuple(r.label for r in runs), net.activation, net.bn_placement,
               tuple(r.config.net.batch_norm for r in runs))
        if sig != self._signature:
            self._rebuild(runs)
            self._signature = sig
            refit = True
        # new bin edges (a reset or the engine's re-fit) re-fit the axes too
        edges = tuple((float(h.edges[0]), float(h.edges[-1])) for r in runs for ls in r.layers
                      for h in (ls.z, ls.act_in, ls.a))
        refit = refit or edges != self._edges
        self._edges = edges
        return refit

    def show_cell(self, i: int, j: int, runs: tuple[RunSnapshot, ...], refit: bool) -> None:
        """Draw layer ``i``'s plot of column ``j``."""
        cell, key = self.rows[i][j], COLUMNS[j]
        hists = [getattr(r.layers[i], key) for r in runs]
        drawn = [(r.label, h) for r, h in zip(runs, hists)]
        if not refit and cell.same_as_shown(drawn):
            return
        cell.shown = drawn
        for run, h in zip(runs, hists):
            cell.show(run.label, h)
        shown = [(r.label, h) for r, h in zip(runs, hists) if h is not None]
        cell.fills.set_runs(shown)
        cell.overflow.set_runs(shown)
        hists = [h for h in hists if h is not None]
        top = max(max(float(np.max(h.counts)), h.below, h.above) for h in hists)
        if refit:
            # room for one overflow bar per run beyond each end
            w = max(float(h.edges[1] - h.edges[0]) for h in hists) * len(hists)
            lo = min(float(h.edges[0]) for h in hists)
            hi = max(float(h.edges[-1]) for h in hists)
            cell.plot.setXRange(lo - w, hi + w, padding=0.01)
            if j == 1:
                cell.set_activation(runs[0].config.net.activation, lo, hi)
        # the y range only grows between re-fits, so bars never jump
        if refit or top > self._y_max[i][j]:
            self._y_max[i][j] = max(1.0, top * 1.15)
            cell.plot.setYRange(0, self._y_max[i][j], padding=0)
