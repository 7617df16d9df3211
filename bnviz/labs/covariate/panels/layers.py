"""Per-layer distributions under training vs shifted inputs, BN twin left, no-BN twin right.

Each cell is one hidden layer of one twin: the distribution of the
activation's input (z~ with BN, z without; all units pooled) on the model's
training inputs, filled in the twin's colour, and on the shifted inputs, as a
purple outline. The title holds the engine's distance between the two
(``shifts.layer_distance``, explained in ``DISTANCE_DOC``). Bin edges come
from the engine and only change when the values outgrow them, so the axes
keep still while the slider moves.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.covariate.model import CovariateSnapshot, LayerShift
from bnviz.labs.covariate.panels.inputs import SHIFT_COLOR
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot
from bnviz.ui.words import run_name

#: What W1 is (English; shown as ``tr(DISTANCE_DOC)``)
DISTANCE_DOC = QT_TR_NOOP("<b>W\u2081</b> = mean over the layer's units of the Wasserstein-1 (earth mover's) "
                          "distance between a unit's values on the training inputs and on the shifted inputs "
                          "(<i>shifts.layer_distance</i>), in activation units: a whole distribution moved by t "
                          "gives t. <b>\u00f7\u03c3</b>: the same divided by the units' spread on training inputs.")


def distance_text(layer: LayerShift) -> str:
    if not math.isfinite(layer.distance):
        return "W\u2081 \u2013"
    return tr("W\u2081 {distance:.3f} ({relative:.2f}\u03c3)").format(distance=layer.distance,
                                                                      relative=layer.relative)


class LayerCell:
    """One plot: the training histogram (filled) and the shifted one (outline)."""

    def __init__(self, label: str) -> None:
        self.widget = make_plot()
        self.widget.setMinimumSize(110, 90)
        color = theme.run_color(label)
        self.plot = self.widget.getPlotItem()
        self.train = self.plot.plot([0, 1], [0], stepMode="center", fillLevel=0, brush=theme.brush(color, 90),
                                    pen=theme.pen(color, 1.4))
        self.shifted = self.plot.plot([0, 1], [0], stepMode="center", pen=theme.pen(SHIFT_COLOR, 1.8))
        self.limit = None
        self.y_top = 0.0

    def show(self, layer: LayerShift, title: str) -> None:
        self.plot.setTitle(title, size=f"{9 * theme.scale():.0f}pt")
        self.train.setData(layer.reference.edges, layer.reference.counts)
        self.shifted.setData(layer.shifted.edges, layer.shifted.counts)
        lim = (float(layer.reference.edges[0]), float(layer.reference.edges[-1]))
        if lim != self.limit:
            self.limit = lim
            self.plot.setXRange(*lim, padding=0.02)
            self.y_top = 0.0
        top = float(max(layer.reference.counts.max(), layer.shifted.counts.max()))
        if top > self.y_top or top < self.y_top / 3:      # grow at once, shrink only when far too tall
            self.y_top = max(1e-3, top * 1.15)
            self.plot.setYRange(0, self.y_top, padding=0)


class LayerShiftGrid(QWidget):
    """Rows of layers, a column per twin; rebuilt only when the number of layers changes.

    The twins' headers sit above the scroll area, not in it: a word-wrapped
    label inside would make the scroll area size its body from the plots'
    large size hints instead of the viewport.
    """

    LABELS = ("BN", "no BN")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shift_layers")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        heads = QHBoxLayout()
        heads.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(heads)
        self.headers: dict[str, QLabel] = {}
        for label in self.LABELS:
            h = QLabel()
            h.setObjectName(f"shift_header_{'bn' if label == 'BN' else 'plain'}")
            h.setTextFormat(Qt.TextFormat.RichText)
            h.setWordWrap(True)
            h.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heads.addWidget(h, 1)
            self.headers[label] = h
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self._grid = QGridLayout(body)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(3)
        for j in range(len(self.LABELS)):
            self._grid.setColumnStretch(j, 1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.cells: list[dict[str, LayerCell]] = []
        self.titles: list[dict[str, str]] = []

    def _rebuild(self, n_layers: int) -> None:
        for row in self.cells:
            for cell in row.values():
                self._grid.removeWidget(cell.widget)
                cell.widget.deleteLater()
        self.cells = []
        for i in range(n_layers):
            row = {}
            for j, label in enumerate(self.LABELS):
                cell = LayerCell(label)
                if j == 0:
                    cell.plot.setLabel("left", tr("layer {n}").format(n=i + 1),
                                       **{"font-size": f"{9 * theme.scale():.0f}pt"})
                if i == n_layers - 1:
                    cell.plot.setLabel("bottom", tr("activation input z\u0303") if label == "BN"
                                       else tr("activation input z"))
                self._grid.addWidget(cell.widget, i, j)
                self._grid.setRowStretch(i, 1)
                row[label] = cell
            self.cells.append(row)

    def retranslate(self) -> None:
        """The rows' labels are numbered (the headers and titles are re-made with the next frame)."""
        for i, row in enumerate(self.cells):
            row[self.LABELS[0]].plot.setLabel("left", tr("layer {n}").format(n=i + 1))

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        n = len(snap.runs[0].layers)
        if n != len(self.cells):
            self._rebuild(n)
        sub = snap.config.shift.kind == "subpopulation"
        head = (tr("{run} test accuracy {before} \u2192 <b>{after}</b> all") if sub
                else tr("{run} test accuracy {before} \u2192 <b>{after}</b> shifted"))
        tip = (tr("{run}: {before} on test inputs from the training distribution, {after} on all test inputs") if sub
               else tr("{run}: {before} on test inputs from the training distribution, {after} on shifted test inputs"))
        titles = []
        for r in snap.runs:
            color = theme.run_color(r.label)
            before, after = _pct(r.acc_reference), _pct(r.acc_shifted)
            self.headers[r.label].setText(head.format(
                run=f"<span style='color:{color}'><b>{run_name(r.label)}</b></span>", before=before, after=after))
            self.headers[r.label].setToolTip(tip.format(run=run_name(r.label), before=before, after=after))
        for i, row in enumerate(self.cells):
            t = {}
            for r in snap.runs:
                layer = r.layers[i]
                t[r.label] = distance_text(layer)
                row[r.label].show(layer, t[r.label])
            titles.append(t)
        self.titles = titles


def _pct(v: float) -> str:
    return f"{v:.0%}" if np.isfinite(v) else "\u2013"

