"""Grid vs random with the same budget (syllabus H2), and best-so-far vs trials.

Two scatters side by side, each axis saying how many distinct values it
tried; under each, score projected onto each parameter, where a 5x5 grid
shows 5 columns of points and 25 random trials show 25. On the right, the
best score found after n trials for the grid in its natural (row-major)
order and shuffled, random and quasi-random (Sobol) sampling.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from bnviz.labs.search.model import ArmSummary, SearchSnapshot
from bnviz.labs.search.panels.axes import fmt_param
from bnviz.labs.search.panels.scatter import (
    ProjectionPlot,
    TrialScatter,
    param_label,
    param_short,
)
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot

ARM_COLORS = {"grid": "#2ca02c", "random": "#9467bd", "quasi_random": "#8c564b"}
ARM_TITLES = {"grid": QT_TR_NOOP("Grid"), "random": QT_TR_NOOP("Random"),
              "quasi_random": QT_TR_NOOP("Quasi-random (Sobol)")}
CURVE_STYLES = {
    "grid, natural order": (ARM_COLORS["grid"], None),
    "grid, shuffled": (ARM_COLORS["grid"], Qt.PenStyle.DashLine),
    "random": (ARM_COLORS["random"], None),
    "quasi-random (Sobol)": (ARM_COLORS["quasi_random"], Qt.PenStyle.DotLine),
}
#: the legend names of CURVE_STYLES (its keys are the model's ``best_so_far`` keys)
CURVE_NAMES = {
    "grid, natural order": QT_TR_NOOP("grid, natural order"),
    "grid, shuffled": QT_TR_NOOP("grid, shuffled"),
    "random": QT_TR_NOOP("random"),
    "quasi-random (Sobol)": QT_TR_NOOP("quasi-random (Sobol)"),
}


def distinct_label(name: str, n: int) -> str:
    """Short on purpose: a plot's labels set its minimum width, and three columns share ~900 px."""
    text = tr("{param} \u2014 {n} distinct values") if n != 1 else tr("{param} \u2014 {n} distinct value")
    return text.format(param=param_short(name), n=n)


class ArmColumn:
    """One arm: its scatter and the score projected onto each parameter."""

    def __init__(self, arm: str, colorbar: bool) -> None:
        self.arm = arm
        self.scatter = TrialScatter(tr(ARM_TITLES[arm]), colorbar=colorbar)
        self.scatter.widget.setObjectName(f"search_{arm}_scatter")
        self.proj = (ProjectionPlot(color=ARM_COLORS[arm]), ProjectionPlot(color=ARM_COLORS[arm]))
        for p, axis in zip(self.proj, "xy"):
            p.widget.setObjectName(f"search_{arm}_proj_{axis}")

    def show(self, s: SearchSnapshot, a: ArmSummary) -> None:
        names, scales = s.names, s.scales
        dx, dy = (a.distinct.get(n, 0) for n in names)
        self.scatter.set_axes(names, scales, distinct_label(names[0], dx), distinct_label(names[1], dy))
        self.scatter.set_view(s.full_range[names[0]], s.full_range[names[1]])
        best = tr("best {score:.3f}").format(score=a.best_score) if math.isfinite(a.best_score) else tr("best -")
        if self.arm == "grid":
            k = round(math.sqrt(a.n_total))
            shape = f"{k}\u00d7{k}"
        else:
            shape = f"{a.n_total}"
        done = f" ({a.n_done}/{a.n_total})" if a.n_done < a.n_total else ""
        # a second line: the title's width sets the plot's minimum width, and 3 columns share ~900 px
        tag = "<br><span style='color:#c62828'><b>SYNTHETIC</b></span>" if s.synthetic else ""
        self.scatter.set_title(f"{tr(ARM_TITLES[self.arm])} {shape}{done}: {best}{tag}")
        best_key = None
        if a.best_params is not None:
            best_key = next((k for k, p in zip(a.table.keys, a.table.params) if p == a.best_params), None)
        self.scatter.show_table(a.table, names, best_key=best_key, round_marks=False)
        for p, name, scale, coords, d in ((self.proj[0], names[0], scales[0], a.table.ax, dx),
                                          (self.proj[1], names[1], scales[1], a.table.ay, dy)):
            p.set_axis(name, scale, distinct_label(name, d))
            p.set_xrange(s.full_range[name])
            p.show(coords, a.table, names, round_marks=False)


class ComparePanel(QWidget):
    """Grid | random | best-so-far, all fed from one snapshot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_compare")
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.columns = {"grid": ArmColumn("grid", colorbar=False), "random": ArmColumn("random", colorbar=True)}
        for c, col in enumerate(self.columns.values()):
            lay.addWidget(col.scatter.widget, 0, c)
            lay.addWidget(col.proj[0].widget, 1, c)
            lay.addWidget(col.proj[1].widget, 2, c)
        self.best = make_plot(tr("Best score so far"), tr("trials run"), tr("best val. accuracy"), legend=True)
        self.best.setObjectName("search_best_so_far")
        self.best.setYRange(0.5, 1.01, padding=0)
        self.curves = {}
        for name, (color, style) in CURVE_STYLES.items():
            self.curves[name] = self.best.plot([], [], pen=theme.pen(color, 2.2, style), name=tr(CURVE_NAMES[name]))
        self.summary = QLabel()
        self.summary.setObjectName("search_compare_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.best, 0, 2, 2, 1)
        lay.addWidget(self.summary, 2, 2)
        lay.setRowStretch(0, 5)
        lay.setRowStretch(1, 3)
        lay.setRowStretch(2, 3)
        for c in range(3):
            lay.setColumnStretch(c, 1)
        self._budget = None
        self._snap: SearchSnapshot | None = None

    def retranslate(self) -> None:
        """Titles, axis labels and the summary are composed: make them again (also while hidden)."""
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def show_snapshot(self, s: SearchSnapshot) -> None:
        self._snap = s
        if not s.arms:
            self.summary.setText(tr("The comparison arms are off for this search."))
            return
        for arm, col in self.columns.items():
            col.show(s, s.arms[arm])
        n = max(a.n_total for a in s.arms.values())
        if self._budget != n:
            self._budget = n
            self.best.setXRange(1, n, padding=0.02)
        for name, curve in self.curves.items():
            y = s.best_so_far.get(name)
            if y is None or len(y) == 0:
                curve.setData([], [])
                continue
            x = 1 + np.arange(len(y))
            ok = np.isfinite(y)
            curve.setData(x[ok], y[ok])
        self.summary.setText(self._summary(s))

    @staticmethod
    def _summary(s: SearchSnapshot) -> str:
        names = s.names
        head = "".join(f"<th align='right'>&nbsp;{param_short(n)}</th>" for n in names)
        rows = []
        for arm, a in s.arms.items():
            best = f"{a.best_score:.3f}" if math.isfinite(a.best_score) else "-"
            cells = "".join(f"<td align='right'>{a.distinct.get(n, 0)}</td>" for n in names)
            rows.append(f"<tr><td><span style='color:{ARM_COLORS[arm]}'>&#9632;</span> {tr(ARM_TITLES[arm])}</td>"
                        f"<td align='right'>{a.n_done}/{a.n_total}</td>{cells}<td align='right'><b>{best}</b></td></tr>")
        where = ""
        a = s.arms.get("random")
        if a is not None and a.best_params:
            where = tr("random's best at {where}").format(
                where=tr(", ").join(f"{param_label(n)} = {fmt_param(n, a.best_params[n])}" for n in names))
        tag = ("<br><b style='color:#c62828'>" + tr("SYNTHETIC objective: no training") + "</b>") if s.synthetic else ""
        sampler, done, best = tr("sampler"), tr("done"), tr("best")
        return (f"<table cellspacing='3'><tr><th align='left'>{sampler}</th><th align='right'>{done}</th>"
                f"{head}<th align='right'>{best}</th></tr>{''.join(rows)}</table>"
                "<small>" + tr("distinct values tried per parameter; same budget for every sampler.")
                + f" {where}</small>{tag}")
