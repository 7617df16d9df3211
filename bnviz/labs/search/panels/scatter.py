"""The live scatter of a search and its 1-D projections (syllabus H1, H3, H6).

``TrialScatter`` draws finished trials at their two hyperparameters (each
axis on its own scale), coloured by validation score with a colour bar; the
best trial gets a red star, rounds of a coarse-to-fine search get their own
marker, and hovering a point shows its parameters and score. Diverged or
failed trials are grey crosses (their score is nan: they can never be the
best). ``ProjectionPlot`` is score against one parameter: the picture that
shows which parameter matters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from bnviz.labs.search.model import TrialTable
from bnviz.labs.search.panels.axes import fmt_param, scale_name, scale_plot, set_scales
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: Colour range of validation accuracy: 0.5 is chance for the 2-class data sets.
SCORE_LEVELS = (0.5, 1.0)
CMAP = pg.colormap.get("viridis")
BEST_COLOR = "#d62728"
FAILED_COLOR = "#9a9a9a"
#: Marker of round i (cycled), and the glyph the breadcrumb shows for it.
ROUND_SYMBOLS = ("o", "t", "s", "d", "p", "h", "star", "t1")
ROUND_GLYPHS = ("\u25cf", "\u25bc", "\u25a0", "\u25c6", "\u2b1f", "\u2b22", "\u2605", "\u25b2")
#: Where a diverged trial is drawn on a score axis (below chance, labelled).
FAILED_Y = 0.44

PARAM_LABELS = {
    "learning_rate": QT_TR_NOOP("learning rate \u03b1"),
    "adam_eps": QT_TR_NOOP("Adam's \u03b5"),
    "beta1": QT_TR_NOOP("momentum \u03b2"),
    "hidden_units": QT_TR_NOOP("hidden units per layer"),
}


PARAM_SHORT = {"learning_rate": "\u03b1", "adam_eps": "\u03b5", "beta1": "\u03b2", "hidden_units": QT_TR_NOOP("units")}
#: data sets and samplers the model names in its snapshot, as the plots show them
DATASET_NAMES = {"spiral": QT_TR_NOOP("spiral"), "moons": QT_TR_NOOP("moons"), "circles": QT_TR_NOOP("circles"),
                 "xor": QT_TR_NOOP("xor"), "custom": QT_TR_NOOP("hand-made")}
STATUS_NAMES = {"diverged": QT_TR_NOOP("diverged"), "failed": QT_TR_NOOP("failed")}


def dataset_name(name: str) -> str:
    return tr(DATASET_NAMES[name]) if name in DATASET_NAMES else name


#: the trial messages of ``bnviz.search.objective`` (Qt-free, English), as (pattern, translated source)
MESSAGES = (
    (re.compile(r"diverged at step (?P<step>\d+) \(loss (?P<value>.*)\)$"),
     QT_TR_NOOP("diverged at step {step} (loss {value})")),
    (re.compile(r"diverged at step (?P<step>\d+) \(a parameter became non-finite\)$"),
     QT_TR_NOOP("diverged at step {step} (a parameter became non-finite)")),
    (re.compile(r"diverged at step (?P<step>\d+)$"), QT_TR_NOOP("diverged at step {step}")),
    (re.compile(r"val loss (?P<loss>\S+) after (?P<steps>\d+) steps$"), QT_TR_NOOP("val loss {loss} after {steps} steps")),
    (re.compile(r"SYNTHETIC objective: diverged \(log10 lr = (?P<r>\S+) > -0\.5\)$"),
     QT_TR_NOOP("SYNTHETIC objective: diverged (log10 lr = {r} > -0.5)")),
    (re.compile(r"SYNTHETIC objective \(analytic, no training\): log10 lr = (?P<r>\S+)$"),
     QT_TR_NOOP("SYNTHETIC objective (analytic, no training): log10 lr = {r}")),
)


def message_text(message: str) -> str:
    """A trial's message in the interface's language (a failure's exception text stays as it is)."""
    for pattern, source in MESSAGES:
        m = pattern.match(message)
        if m:
            return tr(source).format(**m.groupdict())
    return message


def param_label(name: str) -> str:
    return tr(PARAM_LABELS[name]) if name in PARAM_LABELS else name


def param_short(name: str) -> str:
    return tr(PARAM_SHORT[name]) if name in PARAM_SHORT else name


def axis_label(name: str, scale: str, distinct: int | None = None) -> str:
    text = tr("{param} ({scale})").format(param=param_label(name), scale=scale_name(scale))
    if distinct is not None:
        text += (tr(" \u2014 {n} distinct values") if distinct != 1 else tr(" \u2014 {n} distinct value")).format(
            n=distinct)
    return text


SCORE_SHADES = 64     # colour-bar steps: finer than the eye tells apart on a 10 px dot


def score_brushes(scores: np.ndarray) -> list:
    lo, hi = SCORE_LEVELS
    t = np.clip((np.asarray(scores, float) - lo) / (hi - lo), 0.0, 1.0)
    t = np.round(t * (SCORE_SHADES - 1)) / (SCORE_SHADES - 1)
    return [theme.shared_brush(c) for c in CMAP.map(t, mode="qcolor")]


def set_title(plot: pg.PlotItem, text: str, points: float) -> None:
    """Set a plot's title only when it changed: a new title re-lays out and repaints the plot."""
    size = f"{points * theme.scale():.0f}pt"
    if getattr(plot, "_bnviz_title", None) != (text, size):
        plot._bnviz_title = (text, size)
        plot.setTitle(text, size=size)


def round_symbol(i: int) -> str:
    return ROUND_SYMBOLS[int(i) % len(ROUND_SYMBOLS)]


def round_glyph(i: int) -> str:
    return ROUND_GLYPHS[int(i) % len(ROUND_GLYPHS)]


def trial_tip(names: Sequence[str], params: dict, score: float, status: str, message: str,
              round_index: int | None = None) -> str:
    """Hover text of one trial."""
    head = tr("round {n}").format(n=round_index) if round_index is not None else tr("trial")
    lines = [head]
    lines += [f"{param_label(k)} = {fmt_param(k, params[k])}" for k in names]
    lines.append(tr("val accuracy {score:.3f}").format(score=score) if status == "ok"
                 else tr(STATUS_NAMES[status]) if status in STATUS_NAMES else status)
    if message:
        lines.append(message_text(message))
    return "\n".join(lines)


class TrialScatter:
    """Scatter of finished trials in the plane of two hyperparameters."""

    def __init__(self, title: str, colorbar: bool = True, roi: bool = False) -> None:
        self.widget = scale_plot(title)
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.points = pg.ScatterPlotItem(size=10 * theme.scale(), pen=pg.mkPen("#303030", width=0.8),
                                         hoverable=True, tip=lambda x, y, data: data,
                                         hoverPen=pg.mkPen(BEST_COLOR, width=2))
        self.failed = pg.ScatterPlotItem(size=9 * theme.scale(), symbol="x", pen=None,
                                         brush=pg.mkBrush(FAILED_COLOR), hoverable=True,
                                         tip=lambda x, y, data: data)
        self.best = pg.ScatterPlotItem(size=24 * theme.scale(), symbol="star", brush=None,
                                       pen=pg.mkPen(BEST_COLOR, width=2.5))
        self.stale = pg.ScatterPlotItem(size=26 * theme.scale(), symbol="o", brush=None,
                                        pen=pg.mkPen("#202020", width=2, style=Qt.PenStyle.DashLine))
        self.best_text = pg.TextItem(color=BEST_COLOR, anchor=(-0.15, 1.1))
        self.stale_text = pg.TextItem(color="#202020", anchor=(1, 0))
        for item in (self.points, self.failed, self.best, self.stale, self.best_text, self.stale_text):
            self.plot.addItem(item)
        self.best.setZValue(10)
        self.best_text.setZValue(11)          # over the points it may fall on, on a backing of its own
        self.stale.setZValue(9)
        self.colorbar = None
        if colorbar:
            self.colorbar = pg.ColorBarItem(values=SCORE_LEVELS, colorMap=CMAP, label=tr("validation accuracy"),
                                            interactive=False, width=12, colorMapMenu=False)
            self.colorbar.setImageItem([], insert_in=self.plot)
            theme.style_colorbar(self.colorbar)
        self.roi: pg.RectROI | None = None
        if roi:
            self.roi = pg.RectROI([0, 0], [1, 1], pen=pg.mkPen(BEST_COLOR, width=2, style=Qt.PenStyle.DashLine),
                                  rotatable=False)
            self.roi.setZValue(20)
            self.plot.addItem(self.roi)
        self._axes: tuple | None = None
        self._view: tuple | None = None
        self.shown_keys: tuple = ()
        self.shown_scores = np.zeros(0)

    # ----------------------------------------------------------------- axes
    def set_axes(self, names: Sequence[str], scales: Sequence[str], xlabel: str | None = None,
                 ylabel: str | None = None) -> None:
        xl = xlabel or axis_label(names[0], scales[0])
        yl = ylabel or axis_label(names[1], scales[1])
        if self._axes == (tuple(names), tuple(scales), xl, yl):
            return
        self._axes = (tuple(names), tuple(scales), xl, yl)
        set_scales(self.widget, scales[0], scales[1])
        size = f"{9.5 * theme.scale():.0f}pt"
        self.plot.setLabel("bottom", xl, **{"font-size": size})
        self.plot.setLabel("left", yl, **{"font-size": size})

    def set_view(self, xr: tuple[float, float], yr: tuple[float, float]) -> None:
        """Show this axis-coordinate box (only when it changed: the user may have panned)."""
        if self._view == (xr, yr):
            return
        self._view = (xr, yr)
        self.plot.setRange(xRange=xr, yRange=yr, padding=0.06)
        if self.roi is not None:
            # start the rectangle on the middle half; keep it inside the box
            w, h = xr[1] - xr[0], yr[1] - yr[0]
            self.roi.maxBounds = QRectF(xr[0], yr[0], w, h)
            self.roi.setPos([xr[0] + w / 4, yr[0] + h / 4], update=False, finish=False)
            self.roi.setSize([w / 2, h / 2], update=True, finish=False)

    def forget_view(self) -> None:
        """The next ``set_view`` applies its box again (Re-fit axes), even if the user panned."""
        self._view = None

    def roi_rect(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The rectangle's (x range, y range) in axis coordinates."""
        assert self.roi is not None
        (x, y), (w, h) = self.roi.pos(), self.roi.size()
        return (float(x), float(x + w)), (float(y), float(y + h))

    def set_title(self, text: str) -> None:
        set_title(self.plot, text, 10)

    # ----------------------------------------------------------------- data
    def show_table(self, t: TrialTable, names: Sequence[str], current_round: int | None = None,
                   best_key=None, stale: dict | None = None, round_marks: bool = True) -> None:
        ok = t.ok
        idx = np.flatnonzero(ok)
        tips = [trial_tip(names, t.params[i], t.score[i], t.status[i], t.messages[i],
                          int(t.round[i]) if round_marks else None) for i in range(len(t))]
        if round_marks:
            symbols = [round_symbol(t.round[i]) for i in idx]
            sizes = [(10.5 if current_round is None or t.round[i] == current_round else 7.0) * theme.scale()
                     for i in idx]
        else:
            symbols, sizes = "o", 10 * theme.scale()
        self.points.setData(t.ax[idx], t.ay[idx], brush=score_brushes(t.score[idx]), symbol=symbols,
                            size=sizes, data=[tips[i] for i in idx])
        bad = np.flatnonzero(~ok)
        self.failed.setData(t.ax[bad], t.ay[bad], data=[tips[i] for i in bad])
        self.shown_keys = tuple(t.keys[i] for i in idx)
        self.shown_scores = t.score[idx]
        if best_key is not None and best_key in t.keys:
            i = t.keys.index(best_key)
            self.best.setData([t.ax[i]], [t.ay[i]])
            self.best_text.fill = pg.mkBrush(theme.brush(theme.current().background, 215))   # readable over a point
            self.best_text.setText(tr("best {score:.3f}").format(score=t.score[i]))
            # write the label on the side of the star with more room (items are clipped to the view)
            (x0, x1), _ = self.plot.getViewBox().viewRange()
            right_half = (t.ax[i] - x0) / ((x1 - x0) or 1.0) > 0.6
            self.best_text.setAnchor((1.15, 1.1) if right_half else (-0.15, 1.1))
            self.best_text.setPos(t.ax[i], t.ay[i])
            self.best_text.show()
        else:
            self.best.setData([], [])
            self.best_text.hide()
        if stale is not None:
            xs, ys = stale["axis"]
            self.stale.setData([xs], [ys])
            new = stale["new_score"]
            self.stale_text.setText(
                tr("old best on {old}: {score:.3f}\nnow on {new}:").format(
                    old=dataset_name(stale["old_data"]), score=stale["old_score"], new=dataset_name(stale["new_data"]))
                + " " + (f"{new:.3f}" if math.isfinite(new) else "-"))
            self.stale_text.setPos(xs, ys)
            self.stale_text.show()
        else:
            self.stale.setData([], [])
            self.stale_text.hide()


class ProjectionPlot:
    """Score against one hyperparameter (the other one projected away)."""

    def __init__(self, title: str | None = None, color: str = "#3b3b6d") -> None:
        self.widget = scale_plot(title, None, tr("val. accuracy"))
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.color = color
        self.points = pg.ScatterPlotItem(size=8 * theme.scale(), pen=pg.mkPen("#202020", width=0.6),
                                         brush=pg.mkBrush(color), hoverable=True, tip=lambda x, y, data: data)
        self.failed = pg.ScatterPlotItem(size=8 * theme.scale(), symbol="x", pen=None, brush=pg.mkBrush(FAILED_COLOR))
        self.plot.addItem(self.points)
        self.plot.addItem(self.failed)
        # dotted: chance level (a text label here would sit on the points)
        self.chance = pg.InfiniteLine(pos=SCORE_LEVELS[0], angle=0,
                                      pen=pg.mkPen("#888888", width=1, style=Qt.PenStyle.DotLine))
        self.plot.addItem(self.chance)
        # diverged / failed trials (score nan) sit on their own row below chance, named on the axis
        self._ticks_text = None
        self._set_ticks()
        self.plot.setYRange(FAILED_Y - 0.04, 1.02, padding=0)
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        self._axis: tuple | None = None
        self._xr: tuple | None = None

    def _set_ticks(self) -> None:
        """Name the row of diverged trials (again after a language change: ticks are not re-translated)."""
        text = tr("diverged")
        if text != self._ticks_text:
            self._ticks_text = text
            self.plot.getAxis("left").setTicks([[(FAILED_Y, text)] + [(v / 10, f"{v / 10:.1f}") for v in range(5, 11)],
                                                 []])

    def set_title(self, text: str) -> None:
        set_title(self.plot, text, 9)

    def set_axis(self, name: str, scale: str, label: str | None = None) -> None:
        label = label or axis_label(name, scale)
        if self._axis == (name, scale, label):
            return
        self._axis = (name, scale, label)
        set_scales(self.widget, scale, "linear")
        self.plot.setLabel("bottom", label, **{"font-size": f"{9.5 * theme.scale():.0f}pt"})

    def forget_view(self) -> None:
        self._xr = None

    def set_xrange(self, xr: tuple[float, float]) -> None:
        if self._xr == xr:
            return
        self._xr = xr
        self.plot.setXRange(*xr, padding=0.08)

    def show(self, coords: np.ndarray, table: TrialTable, names: Sequence[str], current_round: int | None = None,
             round_marks: bool = True) -> None:
        self._set_ticks()
        ok = table.ok
        idx = np.flatnonzero(ok)
        tips = [trial_tip(names, table.params[i], table.score[i], table.status[i], "",
                          int(table.round[i]) if round_marks else None) for i in idx]
        if round_marks:
            symbols = [round_symbol(table.round[i]) for i in idx]
            brushes = [theme.shared_brush(self.color if current_round is None or table.round[i] == current_round
                                          else theme.brush(self.color, 110)) for i in idx]
        else:
            symbols, brushes = "o", theme.shared_brush(self.color)
        self.points.setData(coords[idx], table.score[idx], symbol=symbols, brush=brushes, data=tips)
        bad = np.flatnonzero(~ok)
        self.failed.setData(coords[bad], np.full(len(bad), FAILED_Y))
