"""Colours, fonts and line widths shared by every plot.

BN is always blue and no-BN always orange, in every panel, so a student can
tell the twins apart at a glance; the pair is also distinguishable for the
common colour-vision deficiencies.  ``scale`` enlarges fonts and lines for a
projector (presentation mode).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

BN_COLOR = "#1f6fd1"
PLAIN_COLOR = "#f07f09"
RUN_COLORS = {"BN": BN_COLOR, "no BN": PLAIN_COLOR, "normalized": BN_COLOR, "raw": PLAIN_COLOR}
CLASS_COLORS = ("#1f6fd1", "#f07f09", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
ACTIVATION_COLOR = "#444444"
DIVERGED_COLOR = "#c62828"


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    grid_alpha: float


THEMES = {
    "light": Theme("light", "#ffffff", "#202020", 0.25),
    "dark": Theme("dark", "#1e1e1e", "#e8e8e8", 0.3),
}

_state = {"theme": THEMES["light"], "scale": 1.0}


def current() -> Theme:
    return _state["theme"]


def scale() -> float:
    return _state["scale"]


def run_color(label: str) -> str:
    return RUN_COLORS.get(label, BN_COLOR)


def pen(color: str, width: float = 2.0, style=None) -> "pg.QtGui.QPen":
    p = pg.mkPen(color, width=width * scale())
    if style is not None:
        p.setStyle(style)
    return p


def tint(color: str, alpha: int, under: QColor | None = None) -> QColor:
    """The opaque colour ``color`` at ``alpha`` would give over ``under`` (default: the background).

    Opaque fills cost a tenth of translucent ones on Qt's raster engine.
    """
    base = QColor(under if under is not None else current().background)
    top = QColor(color)
    a = alpha / 255.0
    return QColor.fromRgbF(*(a * t + (1 - a) * b for t, b in zip(top.getRgbF()[:3], base.getRgbF()[:3])))


_brushes: dict[int, "pg.QtGui.QBrush"] = {}


def shared_brush(color) -> "pg.QtGui.QBrush":
    """One brush object per colour, for scatter points.

    pyqtgraph's scatter caches a rendered symbol per brush *object*: a fresh
    brush per point and frame re-renders every symbol each frame and grows
    that cache without end.
    """
    key = QColor(color).rgba()
    if key not in _brushes:
        if len(_brushes) > 4096:      # colours that drift (a moving colour scale): start afresh
            _brushes.clear()
        _brushes[key] = pg.mkBrush(QColor.fromRgba(key))
    return _brushes[key]


def brush(color: str, alpha: int = 90) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def apply(theme_name: str = "light", factor: float = 1.0) -> None:
    """Set pyqtgraph's defaults and the application font for a theme and a scale."""
    _state["theme"] = THEMES[theme_name]
    _state["scale"] = factor
    pg.setConfigOptions(antialias=False, background=THEMES[theme_name].background,
                        foreground=THEMES[theme_name].foreground)
    app = QApplication.instance()
    if app is not None:
        f = QFont(app.font())
        f.setPointSizeF(9.5 * factor)
        app.setFont(f)


def style_plot(plot: pg.PlotItem, title: str | None = None, x: str | None = None, y: str | None = None) -> None:
    """Titles, axis labels and grid at the current scale."""
    t = current()
    size = f"{10 * scale():.0f}pt"
    if title:
        plot.setTitle(title, size=size, color=t.foreground)
    for side, label in (("bottom", x), ("left", y)):
        if label:
            plot.setLabel(side, label, **{"font-size": size, "color": t.foreground})
        ax = plot.getAxis(side)
        # pyqtgraph 0.14 still scales a unitless axis whose range lies in (0, 1) when asked to
        # update, even with the prefix off: a re-style (F11) drew a 0.08 gap as 80; no range scales
        ax.setSIPrefixEnableRanges(())
        ax.enableAutoSIPrefix(False)   # "loss (x0.001)" confuses students; show plain numbers
        # major and minor grid lines only: the third, finest level more than doubles
        # the repaint cost of a plot whose curve changes every frame
        ax.setStyle(maxTickLevel=1)
        f = QFont()
        f.setPointSizeF(8.5 * scale())
        ax.setTickFont(f)
        ax.setPen(t.foreground)
        ax.setTextPen(t.foreground)
    plot.showGrid(x=False, y=False)
    for side in ("left", "bottom", "right", "top"):
        # an axis overlaps its plot's edge, so every new curve would repaint its ticks and
        # labels; cached, it is a pixmap blit until its range or style changes
        plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def style_colorbar(bar: pg.ColorBarItem) -> None:
    """A colour bar's label and tick values at the current scale (pyqtgraph draws them at its own fixed size)."""
    t = current()
    f = QFont()
    f.setPointSizeF(8.5 * scale())
    style = {"font-size": f"{10 * scale():.0f}pt", "color": t.foreground}
    for side in ("left", "right", "top", "bottom"):
        ax = bar.getAxis(side)
        if ax.labelText:
            ax.setLabel(ax.labelText, **style)
        else:
            ax.labelStyle = style           # a label set later (without a style) keeps this one
        if ax.style["showValues"]:
            ax.setTickFont(f)
            ax.setTextPen(t.foreground)
    if not bar.horizontal:     # pyqtgraph's fixed 45 px: room for the ticks and the label at scale 1 only
        label = QFont()
        label.setPointSizeF(10 * scale())
        bar.axis.setWidth(int(QFontMetricsF(f).horizontalAdvance("-0.55") + QFontMetricsF(label).height() + 14))


def restyle(root, old_scale: float) -> None:
    """Re-apply the current theme and scale to every plot under ``root`` (theme switch, presentation mode)."""
    t = current()
    ratio = scale() / old_scale if old_scale else 1.0
    if ratio != 1.0:
        # a widget under a style sheet keeps the font it was polished with, not the application's new
        # one (the data editor's "Edit data" button stayed small in presentation mode): re-polish them
        QApplication.sendPostedEvents()     # the new application font reaches every widget first
        for w in root.findChildren(QWidget):
            if w.styleSheet():
                w.setStyleSheet(w.styleSheet())
            # superqt sizes a labeled slider's value box when it is shown, not when its font changes
            # (panda's beta read ".900" in presentation mode): ask it again
            if callable(getattr(w, "_update_size", None)):
                w._update_size()
    for w in root.findChildren(pg.PlotWidget):
        w.setBackground(t.background)
        item = w.getPlotItem()
        title = item.titleLabel.text if item.titleLabel.isVisible() else None
        labels = {side: item.getAxis(side).labelText for side in ("bottom", "left")}
        style_plot(item, title, labels["bottom"] or None, labels["left"] or None)
        for k in range(item.layout.count()):             # colour bars placed in the plot's own grid
            if isinstance(bar := item.layout.itemAt(k), pg.ColorBarItem):
                style_colorbar(bar)
        if item.legend is not None:
            from bnviz.ui.legend import restyle as restyle_legend   # legend.py imports this module
            restyle_legend(item.legend)
        if ratio != 1.0:
            for side in ("bottom", "top"):          # a fixed axis height (e.g. two-line tick names) grows too
                axis = item.getAxis(side)
                if axis.fixedHeight is not None:
                    axis.setHeight(int(round(axis.fixedHeight * ratio)))
            for text in (i for i in item.items if isinstance(i, pg.TextItem)):    # notes on the data
                font = text.textItem.font()
                font.setPointSizeF(max(1.0, font.pointSizeF() * ratio))
                text.setFont(font)
            for curve in item.listDataItems():
                p = curve.opts.get("pen")
                if isinstance(p, pg.QtGui.QPen) and hasattr(curve, "setPen"):
                    p = pg.QtGui.QPen(p)
                    p.setWidthF(p.widthF() * ratio)
                    curve.setPen(p)
