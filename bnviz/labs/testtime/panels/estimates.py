"""Running estimates vs the population statistics they try to track, for one BN unit.

Three curves per plot: the statistic of each training mini-batch (faint,
noisy), the exponentially weighted running estimate built from them (blue),
and the statistic over the whole training set at the same weights (dark,
dashed).  A higher momentum gives a smoother curve that lags behind; a lower
one follows every batch's noise.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from bnviz.labs.testtime.model import InferenceSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot

BATCH_COLOR = "#9cc3ee"       # a light BN blue: the raw material of the running estimate
POPULATION_COLOR = "#202020"


class EstimatesPanel(QWidget):
    """Mean and variance of one unit's BN input over training."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("testtime_estimates")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.mean = make_plot(tr("mean \u03bc"), tr("step"), tr("mean of the BN input"), legend=True)
        self.var = make_plot(tr("variance \u03c3\u00b2"), tr("step"), tr("variance of the BN input"), legend=True)
        self.var.setXLink(self.mean)
        self.lines = {}
        for key, plot in (("mean", self.mean), ("var", self.var)):
            self.lines[f"batch_{key}"] = plot.plot([], [], pen=theme.pen(BATCH_COLOR, 1.0), name=tr("this mini-batch"),
                                                   connect="finite")
            self.lines[f"run_{key}"] = plot.plot([], [], pen=theme.pen(theme.BN_COLOR, 2.2),
                                                 name=tr("running estimate (EWA)"), connect="finite")
            self.lines[f"pop_{key}"] = plot.plot([], [], pen=theme.pen(POPULATION_COLOR, 1.8, Qt.PenStyle.DashLine),
                                                 name=tr("whole training set"), connect="finite")
            for line in (self.lines[f"batch_{key}"], self.lines[f"run_{key}"], self.lines[f"pop_{key}"]):
                line.setClipToView(True)            # following the last steps draws only those
                line.setDownsampling(auto=True, method="peak")
            plot.getPlotItem().getViewBox().setAutoVisible(y=True)   # y fits what the x window shows
            lay.addWidget(plot, 1)
        self.follow = 0
        self._shown: tuple | None = None      # the last show_snapshot's arguments

    def retranslate(self) -> None:
        """The titles are composed per frame: compose the last one's again (also while its tab is hidden)."""
        if self._shown is not None:
            self.show_snapshot(*self._shown)

    def set_follow(self, steps: int) -> None:
        """Show only the last ``steps`` steps (0: the whole run)."""
        self.follow = int(steps)
        if not self.follow:
            self.mean.enableAutoRange(x=True)

    def show_snapshot(self, snap: InferenceSnapshot, layer: int, unit: int) -> None:
        self._shown = (snap, layer, unit)
        est, m = snap.estimates, snap.measures
        layer = min(layer, len(snap.widths) - 1)
        if layer < 0:
            return
        for key in ("mean", "var"):
            self.lines[f"batch_{key}"].setData(est["step"], est[f"batch_{key}"][:, layer, unit])
            self.lines[f"run_{key}"].setData(est["step"], est[f"run_{key}"][:, layer, unit])
            self.lines[f"pop_{key}"].setData(m["step"], m[f"pop_{key}"][:, layer, unit])
        if self.follow:
            right = max(self.follow, snap.step)
            self.mean.setXRange(right - self.follow, right, padding=0.01)
        gm, gv = snap.last_gap(layer)
        where = tr("layer {layer}, unit {unit}").format(layer=layer + 1, unit=unit + 1)
        self.mean.getPlotItem().setTitle(
            tr("mean \u03bc, {where}").format(where=where)
            + (tr("  (all units: |\u03bc run \u2212 \u03bc pop| = {gap:.3f} \u03c3)").format(gap=gm)
               if math.isfinite(gm) else ""), size=f"{10 * theme.scale():.0f}pt")
        self.var.getPlotItem().setTitle(
            tr("variance \u03c3\u00b2, {where}").format(where=where)
            + (tr("  (all units: off by {gap:.1%})").format(gap=gv) if math.isfinite(gv) else ""),
            size=f"{10 * theme.scale():.0f}pt")
