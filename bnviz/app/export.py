"""Figures for slides: every plot of a lab to PNG or SVG, and the numbers behind it to CSV.

Uses pyqtgraph's own exporters.  A lab may keep plots on inner tab pages;
``lab_plots`` visits each page so hidden plots are exported too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import CSVExporter, ImageExporter
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from bnviz.ui import i18n

FORMATS = ("png", "svg")


def _slug(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text or "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "plot"


def _title(plot: pg.PlotWidget) -> str:
    """The plot's title, else its objectName (untitled grid cells name themselves)."""
    label = plot.getPlotItem().titleLabel
    return (label.text if label.isVisible() else "") or plot.objectName()


def lab_plots(lab: QWidget) -> list[pg.PlotWidget]:
    """Every plot a user can see in ``lab``, visiting inner tab pages in turn."""
    seen: dict[int, pg.PlotWidget] = {}

    def collect() -> None:
        QApplication.processEvents()
        for w in lab.findChildren(pg.PlotWidget):
            if w.isVisible() and id(w) not in seen:
                seen[id(w)] = w

    collect()
    for tabs in lab.findChildren(QTabWidget):
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            collect()
        tabs.setCurrentIndex(current)
    return list(seen.values())


def export_lab(lab: QWidget, out_dir: Path, fmt: str = "png", width: int = 1600, csv: bool = True) -> list[Path]:
    """Write one image (and one CSV) per plot; returns the paths written.

    Images speak the interface's language.  A CSV opens with one comment line
    naming its plot and axes in that language, but its column names (the
    curves' names) are written while the lab speaks English, so that scripts
    read the same columns in every language.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not allowed: choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = getattr(lab, "key", "lab")
    written, tables = [], []
    if hasattr(lab, "before_export"):
        lab.before_export()             # what a page skips while off screen (BN's folded histograms)
    plots = lab_plots(lab)
    for n, plot in enumerate(plots, start=1):
        stem = plot_stem(out_dir, key, n, plot)
        item = plot.getPlotItem()
        if fmt == "png":
            ex = ImageExporter(item)
            ex.parameters()["width"] = int(width)
            ex.export(str(stem.with_suffix(".png")))
        else:
            write_svg(plot, stem.with_suffix(".svg"))
        written.append(stem.with_suffix(f".{fmt}"))
        if csv and any(hasattr(i, "implements") and i.implements("plotData") for i in item.items):
            tables.append((plot, stem.with_suffix(".csv"), _caption(plot)))
            written.append(stem.with_suffix(".csv"))
    write_csvs(lab, tables)
    return written


def plot_stem(out_dir: Path, key: str, n: int, plot: pg.PlotWidget) -> Path:
    """``out_dir/<lab>_<NN>_<title slug>``: one name per plot, shared by its image, CSV and animation."""
    title = _title(plot)
    return Path(out_dir) / f"{key}_{n:02d}_{_slug(title if title.isascii() else plot.objectName())}"


def write_csvs(lab: QWidget, tables: list[tuple[pg.PlotWidget, Path, str]]) -> None:
    """Write each (plot, path, comment) CSV while ``lab`` speaks English, so columns read the same in every language."""
    language = i18n.language()
    if tables and language != "en":
        i18n.set_language("en", [lab])
    try:
        for plot, path, comment in tables:
            write_csv(plot, path, comment)
    finally:
        if language != i18n.language():
            i18n.set_language(language, [lab])


def _caption(plot: pg.PlotWidget) -> str:
    """The plot's title and axis names, as one line."""
    axes = [plot.getPlotItem().getAxis(side) for side in ("bottom", "left")]
    names = " / ".join(_plain(a.labelText) for a in axes if a.labelText)
    return " - ".join(t for t in (_plain(_title(plot)), names) if t) or plot.objectName()


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "").replace("\n", " ")


def write_csv(plot: pg.PlotWidget, path: Path, comment: str) -> None:
    """The plot's curves as CSV (pyqtgraph's exporter) under a ``# comment`` line."""
    CSVExporter(plot.getPlotItem()).export(str(path))
    body = path.read_text(encoding="utf-8")
    path.write_text(f"# {comment}\n{body}", encoding="utf-8")


def write_svg(plot: pg.PlotWidget, path: Path) -> None:
    """Render ``plot`` as vector SVG through Qt's own SVG painter.

    pyqtgraph 0.14's SVGExporter fails on every plot with Qt 6.11 ("not
    enough values to unpack" while rewriting path coordinates), so the plot
    widget is rendered directly instead.
    """
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(plot.size())
    gen.setViewBox(QRect(0, 0, plot.width(), plot.height()))
    gen.setTitle(_title(plot))
    painter = QPainter(gen)
    try:
        plot.render(painter)
    finally:
        painter.end()


def copy_figure(widget: QWidget) -> None:
    """Put a PNG of ``widget`` on the clipboard."""
    QGuiApplication.clipboard().setPixmap(widget.grab())
