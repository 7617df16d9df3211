"""Axes that show a hyperparameter on its own scale (syllabus H4, H5).

A plot of a search draws each parameter in its *axis coordinate* (the
search library's ``to_axis``): ``log10(alpha)`` for a log-uniform learning
rate, ``log10(1 - beta)`` for a momentum beta, the value for an integer.
``ScaleAxis`` puts the *values* back on the ticks: ``0.001 0.01 0.1`` on a
log axis, ``0.9 0.99 0.999`` on a beta axis (equal steps in ``1 - beta``,
and the view is flipped so beta grows to the right / upwards).
"""

from __future__ import annotations

import math

import pyqtgraph as pg

from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.log_axis import MINOR, LogAxis, fmt_value, log_ticks
from bnviz.ui.plots import title_never_widens

SCALES = ("linear", "log", "one_minus_log", "int", "choice")


def fmt_beta(beta: float) -> str:
    """A beta near 1 with the digits that matter: 0.9, 0.95, 0.999, 0.9995."""
    gap = 1.0 - beta
    if not gap > 0:
        return f"{beta:g}"
    d = math.ceil(-math.log10(gap) - 1e-9) + 2   # two significant digits of 1 - beta: 0.9005, 0.99806
    return f"{beta:.{d}f}".rstrip("0").rstrip(".")


def fmt_param(name: str, v: float) -> str:
    if name == "hidden_units" or isinstance(v, int):
        return f"{int(v)}"
    if name.startswith("beta"):
        return fmt_beta(v)
    return fmt_value(v)


def axis_to_value(scale: str, u: float) -> float:
    if scale == "log":
        return 10.0 ** u
    if scale == "one_minus_log":
        return 1.0 - 10.0 ** u
    return u


class ScaleAxis(LogAxis):
    """An axis whose ticks are values of a parameter drawn in its axis coordinate."""

    def __init__(self, orientation: str, scale: str = "linear", **kw) -> None:
        super().__init__(orientation, **kw)
        self.scale_kind = scale

    def set_scale(self, scale: str) -> None:
        if scale not in SCALES:
            raise ValueError(f"scale={scale!r} is not allowed: choose one of {', '.join(SCALES)}")
        self.scale_kind = scale
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 - pyqtgraph override
        if self.scale_kind not in ("log", "one_minus_log"):
            return super().tickValues(minVal, maxVal, size)
        label = (lambda v: fmt_value(10.0 ** v)) if self.scale_kind == "log" else (lambda v: fmt_beta(1.0 - 10.0 ** v))
        ticks = log_ticks(minVal, maxVal, size, label=label, extent=self.extent)
        if ticks is not None:
            return ticks
        return super().tickValues(minVal, maxVal, size)   # very narrow: plain steps of the coordinate

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        if self.scale_kind == "log":
            return [fmt_value(10.0 ** v) for v in values] if spacing != MINOR else ["" for _ in values]
        if self.scale_kind == "one_minus_log":
            return [fmt_beta(1.0 - 10.0 ** v) for v in values] if spacing != MINOR else ["" for _ in values]
        if self.scale_kind == "int":
            return [f"{v:.0f}" if abs(v - round(v)) < 1e-9 else "" for v in values]
        return super().tickStrings(values, scale, spacing)


def scale_plot(title: str | None = None, x: str | None = None, y: str | None = None,
               xscale: str = "linear", yscale: str = "linear") -> pg.PlotWidget:
    """A themed plot with ``ScaleAxis`` on the bottom and left."""
    w = pg.PlotWidget(axisItems={"bottom": ScaleAxis("bottom", xscale), "left": ScaleAxis("left", yscale)})
    w.setMinimumSize(150, 110)
    theme.style_plot(w.getPlotItem(), title, x, y)
    title_never_widens(w.getPlotItem())      # "Random 25: best 0.975" pushed the colour bar off a narrow plot
    set_scales(w, xscale, yscale)
    return w


def set_scales(w: pg.PlotWidget, xscale: str, yscale: str) -> None:
    """Switch the axes' scales; a beta axis is flipped so beta grows rightwards / upwards."""
    pi = w.getPlotItem()
    pi.getAxis("bottom").set_scale(xscale)
    pi.getAxis("left").set_scale(yscale)
    pi.getViewBox().invertX(xscale == "one_minus_log")
    pi.getViewBox().invertY(yscale == "one_minus_log")


SCALE_NAMES = {"log": QT_TR_NOOP("log scale"), "one_minus_log": QT_TR_NOOP("log scale of 1 - \u03b2"),
               "int": QT_TR_NOOP("linear"), "linear": QT_TR_NOOP("linear"), "choice": QT_TR_NOOP("categories")}


def scale_name(scale: str) -> str:
    return tr(SCALE_NAMES[scale])
