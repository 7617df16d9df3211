"""The notes' formulas beside the engine's lines, this batch's check numbers, and the errors over the batches.

``FormulasPanel`` writes the notes' batch norm (mu, sigma^2, z_norm, z~) with,
for each formula, a link to the line of the engine's code that computes it
(``EngineSource.marks``).  ``ChecksPanel`` shows the numbers of the newest
``BNCheck`` and plots, per batch checked, the forward error and the
gradient check's relative difference on a log axis, with the course's
thresholds (1e-7 great, 1e-3 a bug) drawn.  Both only show what the snapshot
carries.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bnviz.labs.framework.model import BNCheck, EngineSource, FrameworkSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot

FORWARD_COLOR = theme.BN_COLOR
GRAD_COLOR = "#2ca02c"
FLOOR = 1e-17            # an exact 0 is drawn here on the log axis
GREAT, BUG = 1e-7, 1e-3  # the course's gradient-check scale
FORWARD_OK, GRAD_OK = 1e-6, 1e-5   # what the page calls agreement (float32 included)


def _e(v: float) -> str:
    return "0" if v == 0 else f"{v:.1e}"


def _line_link(source: EngineSource | None, key: str) -> str:
    n = source.line_of(key) if source is not None else 0
    text = tr("line {n}").format(n=n)
    return f'<a href="#L{n}">{text}</a>' if n else ""


class FormulasPanel(QLabel):
    """The notes' BN formulas (rich text), each beside a link to the engine line computing it."""

    line_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fw_formulas")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.linkActivated.connect(lambda href: self.line_clicked.emit(int(href.removeprefix("#L"))))
        self.source: EngineSource | None = None
        self.compose()

    def show_source(self, source: EngineSource) -> None:
        if source != self.source:
            self.source = source
            self.compose()

    def compose(self) -> None:
        s = self.source
        rows = [
            ("\u03bc = (1/m) \u03a3<sub>i</sub> z<sup>(i)</sup>", _line_link(s, "mu")),
            ("\u03c3\u00b2 = (1/m) \u03a3<sub>i</sub> (z<sup>(i)</sup> \u2212 \u03bc)\u00b2", _line_link(s, "sigma2")),
            ("z<sub>norm</sub><sup>(i)</sup> = (z<sup>(i)</sup> \u2212 \u03bc) / \u221a(\u03c3\u00b2 + \u03b5)",
             _line_link(s, "z_norm")),
            ("z\u0303<sup>(i)</sup> = \u03b3 \u00b7 z<sub>norm</sub><sup>(i)</sup> + \u03b2", _line_link(s, "z_tilde")),
        ]
        back = [
            ("d\u03b2 = \u03a3<sub>i</sub> dz\u0303<sup>(i)</sup>", _line_link(s, "dbeta")),
            ("d\u03b3 = \u03a3<sub>i</sub> dz\u0303<sup>(i)</sup> \u00b7 z<sub>norm</sub><sup>(i)</sup>",
             _line_link(s, "dgamma")),
            ("dz = (g \u2212 mean(g) \u2212 z<sub>norm</sub> \u00b7 mean(g \u00b7 z<sub>norm</sub>)) / "
             "\u221a(\u03c3\u00b2 + \u03b5), g = \u03b3 \u00b7 dz\u0303", _line_link(s, "dz")),
        ]

        def table(items) -> str:
            return "<table cellspacing='0' cellpadding='2'>" + "".join(
                f"<tr><td style='padding-right:14px'>{f}</td><td>{link}</td></tr>" for f, link in items) + "</table>"

        self.setText(
            tr("<b>The notes' batch norm</b>, per unit over the m rows of a mini-batch:") + table(rows)
            + tr("<b>Its backward</b> (not in the notes; the engine's compact form, checked by central "
                 "differences):") + table(back))


class ChecksPanel(QWidget):
    """This batch's check, in numbers, over the errors of every batch checked so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fw_checks")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.numbers = QLabel()
        self.numbers.setObjectName("fw_check_numbers")
        self.numbers.setWordWrap(True)
        self.numbers.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.numbers)
        self.plot = make_plot(tr("Engine vs the notes, batch by batch"), tr("mini-batch checked"),
                              tr("error (log scale)"), legend=True)
        self.plot.setObjectName("fw_error_plot")
        self.plot.setLogMode(y=True)
        self.plot.setMinimumHeight(170)
        self.forward = self.plot.plot([], [], pen=theme.pen(FORWARD_COLOR, 2.0),
                                      name=tr("forward: max |engine \u2212 formula|"))
        self.grad = self.plot.plot([], [], pen=theme.pen(GRAD_COLOR, 2.0),
                                   name=tr("backward: relative difference"))
        for y, text in ((GREAT, tr("1e-7: great")), (BUG, tr("1e-3: a bug"))):
            line = pg.InfiniteLine(np.log10(y), angle=0, pen=theme.pen("#999999", 1.0, Qt.PenStyle.DashLine),
                                   label=text, labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)],
                                                          "color": "#666666"})
            self.plot.addItem(line)
        self.plot.setYRange(np.log10(FLOOR), 0, padding=0.02)
        lay.addWidget(self.plot, 1)

    def show_snapshot(self, snap: FrameworkSnapshot) -> None:
        self.numbers.setText(check_text(snap.check, snap.step))
        x = snap.steps
        self.forward.setData(x, np.maximum(snap.forward_err, FLOOR))
        self.grad.setData(x, np.maximum(snap.grad_rel, FLOOR))


def verdict(ok: bool) -> str:
    if ok:
        return "<span style='color:#2e7d32'>" + tr("agrees") + "</span>"
    return "<span style='color:#c62828'><b>" + tr("does not agree") + "</b></span>"


def check_text(c: BNCheck, step: int) -> str:
    """The newest check in words and numbers (rich text)."""
    head = tr("<b>Mini-batch {n}</b>: m = {m} rows, {units} units, engine in {dtype}, \u03b5 = {eps:g}").format(
        n=step, m=c.m, units=c.units, dtype=c.dtype, eps=c.eps)
    fwd = tr("Forward: max |engine \u2212 notes' formula| = {f} for z\u0303, {s} for \u03bc and \u03c3\u00b2").format(
        f=_e(c.forward_err), s=_e(c.stats_err))
    grad = tr("Backward vs central differences, relative difference \u2016approx \u2212 exact\u2016 / "
              "(\u2016approx\u2016 + \u2016exact\u2016): dz {dz}, d\u03b3 {dg}, d\u03b2 {db}").format(
        dz=_e(c.dz_rel), dg=_e(c.dgamma_rel), db=_e(c.dbeta_rel))
    zn = tr("z_norm per unit: mean up to {mean}, variance {lo:.5f} to {hi:.5f} (just under 1: "
            "\u03c3\u00b2/(\u03c3\u00b2 + \u03b5))").format(
        mean=_e(float(np.abs(c.z_norm_mean).max())), lo=float(c.z_norm_var.min()), hi=float(c.z_norm_var.max()))
    return (f"{head}<br>{fwd} \u2014 {verdict(c.forward_err <= FORWARD_OK and c.stats_err <= FORWARD_OK)}"
            f"<br>{grad} \u2014 {verdict(c.grad_rel <= GRAD_OK)}<br>{zn}")
