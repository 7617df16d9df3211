"""Figures for slides: every plot of a lab to PNG or SVG, and the numbers behind it to CSV.

Uses pyqtgraph's own exporters.  A lab may keep plots on inner tab pages;
``lab_plots`` visits each page so hidden plots are exported too.
"""

from __future__ import annotations

import csv
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
    """Write one image (and one CSV) per plot; returns the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not allowed: choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = getattr(lab, "key", "lab")
    written = []
    for n, plot in enumerate(lab_plots(lab), start=1):
        title = _title(plot)
        stem = out_dir / f"{key}_{n:02d}_{_slug(title if title.isascii() else plot.objectName())}"
        item = plot.getPlotItem()
        if fmt == "png":
            ex = ImageExporter(item)
            ex.parameters()["width"] = int(width)
            ex.export(str(stem.with_suffix(".png")))
        else:
            write_svg(plot, stem.with_suffix(".svg"))
        written.append(stem.with_suffix(f".{fmt}"))
        if csv and any(hasattr(i, "implements") and i.implements("plotData") for i in item.items):
            write_csv(plot, stem.with_suffix(".csv"))
            written.append(stem.with_suffix(".csv"))
    return written


def write_csv(plot: pg.PlotWidget, path: Path) -> None:
    """The plot's curves as CSV (pyqtgraph's exporter), under one comment line naming the plot and its
    axes in the interface's language.  Column names stay English and ASCII for the tools that read
    them: a curve's translated name goes back to its English source."""
    CSVExporter(plot.getPlotItem()).export(str(path))
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows:
        rows[0] = [_english_column(c) for c in rows[0]]
    axes = [plot.getPlotItem().getAxis(side) for side in ("bottom", "left")]
    names = " / ".join(_plain(a.labelText) for a in axes if a.labelText)
    comment = " - ".join(t for t in (_plain(_title(plot)), names) if t) or plot.objectName()
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(f"# {comment}\n")
        csv.writer(f).writerows(rows)


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "").replace("\n", " ")


def _english_column(name: str) -> str:
    """``<curve name>_x`` / ``_y`` with the curve's English name (what a script expects in every language)."""
    stem, sep, axis = name.rpartition("_")
    return f"{i18n.english(stem)}{sep}{axis}" if sep else i18n.english(name)


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
