"""The BN paper's Figure 1: validation accuracy, and the 15th/50th/85th percentiles of one unit's activation input.

(a) Validation accuracy of both runs, with the step at which each first
reached 90% (``claims.first_step`` on the run's history, the definition the
B8 claims use) printed above it: "BN reached 90% ... in N steps, no BN in M".
(b) One unit, (c) all units of the layer: solid line the median, dashed the
15th and 85th percentiles.  Without BN the band drifts and widens as earlier
layers learn; with BN it stays put.  The step axis is logarithmic by default,
so BN's first tens of steps are not squeezed against the left edge.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bnviz.engine.snapshot import RunSnapshot
from bnviz.labs.batchnorm.claims import first_step
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.legend import rename
from bnviz.ui.plots import fill_layers, make_plot, run_curve, steady_x, steady_y
from bnviz.ui.reflow import PlotStack
from bnviz.ui.words import run_name

TARGET = 0.9        # the validation accuracy whose first step is reported
#: the log step axis's ticks (log10 of the step): decades labelled, 2..9 times a decade unlabelled; pyqtgraph's
#: own labels every 2..9 times a decade, and on a wide plot they run into each other
LOG_TICKS = [[(k, ("1", "10", "100", "1000", "10\u2074", "10\u2075", "10\u2076")[k]) for k in range(7)],
             [(k + math.log10(m), "") for k in range(7) for m in range(2, 10)]]
#: the legend names of (b)'s three lines per run: 15th percentile, median, 85th percentile
PERCENTILE_NAMES = (QT_TR_NOOP("{run} 15th"), QT_TR_NOOP("{run} median"), QT_TR_NOOP("{run} 85th"))


def to_target_text(runs: tuple[RunSnapshot, ...], target: float = TARGET) -> str:
    """"BN reached 90% validation accuracy in N steps, no BN in M (M/N = k\u00d7 fewer)", from the histories."""
    pct = f"{target:.0%}"
    if not runs or not len(runs[0].history["step"]):
        return ""
    now = int(max(r.step for r in runs))
    hit = [(r, first_step(r.history, "val_acc", target)) for r in runs]

    def name(r: RunSnapshot) -> str:
        return f"<b style='color:{theme.run_color(r.label)}'>{run_name(r.label)}</b>"

    if len(hit) == 1:
        (r, n), = hit
        return (tr("{run} reached {pct} validation accuracy in {n:.0f} steps").format(run=name(r), pct=pct, n=n)
                if math.isfinite(n) else
                tr("{run} has not reached {pct} validation accuracy (step {now})").format(run=name(r), pct=pct,
                                                                                           now=now))
    (a, n), (b, m) = hit[0], hit[1]
    if not math.isfinite(n) and math.isfinite(m):
        (a, n), (b, m) = (b, m), (a, n)        # say first who got there first
    if not math.isfinite(n):
        return tr("Neither run has reached {pct} validation accuracy yet (step {now})").format(pct=pct, now=now)
    if math.isfinite(m):
        return tr("{a} reached {pct} validation accuracy in {n:.0f} steps, {b} in {m:.0f} "
                  "({m:.0f}/{n:.0f} = <b>{ratio:.1f}\u00d7</b> fewer steps with {winner})").format(
            a=name(a), b=name(b), pct=pct, n=n, m=m, ratio=m / n, winner=run_name(a.label))
    return tr("{a} reached {pct} validation accuracy in {n:.0f} steps, {b} not yet after {now} "
              "(already <b>&gt; {ratio:.0f}\u00d7</b>)").format(a=name(a), b=name(b), pct=pct, n=n, now=now,
                                                                 ratio=now / n)


class Figure1Panel(QWidget):
    unit_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure1_panel")
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.layer = QComboBox()
        self.layer.setObjectName("figure1_layer")
        self.unit = QSpinBox()
        self.unit.setObjectName("figure1_unit")
        self.unit.setRange(0, 1023)
        self.unit.setKeyboardTracking(False)
        self.unit.valueChanged.connect(self.unit_changed)
        form = QFormLayout()
        form.addRow(tr("Layer"), self.layer)
        row.addLayout(form)
        form = QFormLayout()
        form.addRow(tr("Unit"), self.unit)
        self.unit.setToolTip(tr("The unit whose percentiles are tracked, from the next probe on"))
        row.addLayout(form)
        self.log_x = QCheckBox(tr("log step axis"))
        self.log_x.setObjectName("figure1_log_x")
        self.log_x.setToolTip(tr("A logarithmic step axis shows BN's first tens of steps and no BN's hundreds side "
                                 "by side; untick for the paper's linear axis"))
        row.addWidget(self.log_x)
        row.addStretch(1)
        lay.addLayout(row)
        self.readout = QLabel()
        self.readout.setObjectName("figure1_to90")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        lay.addWidget(self.readout)
        self.acc_plot = make_plot(tr("(a) Validation accuracy"), tr("step"), tr("accuracy"))
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.acc_plot.addItem(pg.InfiniteLine(TARGET, angle=0, pen=theme.pen("#808080", 1.0, Qt.PenStyle.DashLine)))
        self.acc_curves: dict[str, pg.PlotDataItem] = {}
        self.marks: dict[str, pg.InfiniteLine] = {}
        self.plot = make_plot(tr("(b) One unit's activation input: 15/50/85th pct"),
                              tr("step"), tr("activation input"), legend=True)
        self.all_plot = make_plot(tr("(c) Same percentiles, all units of the layer"), tr("step"),
                                  tr("activation input"))
        self._linking = False
        for p in (self.acc_plot, self.plot, self.all_plot):
            p.getPlotItem().vb.sigXRangeChanged.connect(partial(self._same_steps, p))
        # a column as in the paper while there is room; (b) beside (c), or as tabs, on short screens
        self.stack = PlotStack([(self.acc_plot, QT_TR_NOOP("(a) Accuracy")), (self.plot, QT_TR_NOOP("(b) One unit")),
                                (self.all_plot, QT_TR_NOOP("(c) All units"))],
                               least=(300, 190))     # (b)'s legend takes two rows on a narrow pane: any less buries the curves
        self.stack.setObjectName("figure1_stack")
        lay.addWidget(self.stack, 1)
        note = QLabel(tr("BN paper (Ioffe & Szegedy 2015), Figure 1: with BN the net learns in far fewer steps "
                         "and the distribution a layer feeds its activation stays steady."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self._lines: dict[tuple, object] = {}
        self._drawn: dict[str, tuple] = {}      # plot tag -> what it shows now (``_shown_key``)
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self._last: tuple[RunSnapshot, ...] = ()
        self.log_x.toggled.connect(self._log)
        self.log_x.setChecked(True)

    def _same_steps(self, source: pg.PlotWidget, _vb, x_range) -> None:
        """The three plots show the same steps: a range one shows (drawn or panned) is given to the others.

        By value, not pyqtgraph's ``setXLink``: that lines views up pixel by pixel where they overlap on
        screen, so (a) spanning (b) and (c) side by side would show steps (c)'s width further on.
        """
        if self._linking:
            return
        self._linking = True
        try:
            for p in (self.acc_plot, self.plot, self.all_plot):
                if p is not source:
                    p.setXRange(*x_range, padding=0)
        finally:
            self._linking = False

    def _line(self, plot, label: str, k: int, tag: str):
        key = (tag, label, k)
        if key not in self._lines:
            name = tr(PERCENTILE_NAMES[k]).format(run=run_name(label))
            self._lines[key] = line = run_curve(plot, label, name, dashed=k != 1, width=2.4 if k == 1 else 1.5,
                                                steps=True)
            legend = plot.getPlotItem().legend
            if legend is not None and k == 2:
                legend.removeItem(line)      # one legend entry for the dashed pair is enough
        return self._lines[key]

    def retranslate(self) -> None:
        """The legend names, the layer items and the readout are composed: made again in the new language."""
        for (tag, label, k), line in self._lines.items():     # (b) has the legend, (c) the same names
            rename(self.plot, line, tr(PERCENTILE_NAMES[k]).format(run=run_name(label)))
        for i in range(self.layer.count()):
            self.layer.setItemText(i, tr("Layer {n}").format(n=i + 1))     # as fill_layers names them
        self._draw_accuracy()          # the readout, even while this tab is hidden

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        for piece in self.pieces(runs):
            piece()

    def pieces(self, runs: tuple[RunSnapshot, ...]) -> list:
        """One plot per piece (see LabPage.draw_steps)."""
        fill_layers(self.layer, len(runs[0].layers), select_last=True)
        self._last = runs
        return [self._draw_accuracy, partial(self._redraw, "unit"), partial(self._redraw, "all")]

    def _log(self, on: bool) -> None:
        for p in (self.acc_plot, self.plot, self.all_plot):
            p.setLogMode(x=on, y=False)
            p.getPlotItem().getAxis("bottom").setTicks(LOG_TICKS if on else None)
        self._drawn.clear()
        self._draw_accuracy()
        self._redraw()

    def _shown_key(self, tag: str) -> tuple | None:
        """What plot ``tag`` would show for ``self._last``: the same key twice, the same picture.

        A history is named by its source, halvings and length (``bnviz.engine.history.Columns``);
        rows are only appended, so equal keys mean equal rows.  None (always draw) for a history
        of unknown source.
        """
        key = [tag, self.log_x.isChecked(), self.layer.currentIndex()]
        for r in self._last:
            h = r.history
            source = getattr(h, "source", 0)
            if not source:
                return None
            key += [r.label, source, getattr(h, "generation", 0), len(h["step"])]
        return tuple(key)

    def _unchanged(self, tag: str) -> bool:
        """True if plot ``tag`` already shows what it would draw now; else remember that it will."""
        key = self._shown_key(tag)
        if key is not None and self._drawn.get(tag) == key:
            return True
        self._drawn[tag] = key
        return False

    def _fit_steps(self, plot: pg.PlotWidget) -> None:
        """The shared step range, moved in jumps when the steps leave it (``steady_x``), never every frame.

        The first plot whose steps left the range moves it; ``_same_steps`` gives it to the other two.
        """
        steps = max((r.history["step"] for r in self._last), key=lambda s: s[-1] if len(s) else -1)
        steady_x(plot, steps)

    def _x(self, steps: np.ndarray) -> np.ndarray:
        """Step 0 has no place on a log axis: it is drawn at step 1."""
        return np.maximum(steps, 1) if self.log_x.isChecked() else steps

    def _draw_accuracy(self) -> None:
        runs = self._last
        if not runs:
            return
        self.readout.setText(to_target_text(runs))
        if self._unchanged("acc"):
            return
        live = {r.label for r in runs}
        for label in list(self.acc_curves):
            self.acc_curves[label].setVisible(label in live)
            self.marks[label].setVisible(False)
        for r in runs:
            if r.label not in self.acc_curves:
                self.acc_curves[r.label] = run_curve(self.acc_plot, r.label, r.label, steps=True)
                self.marks[r.label] = line = pg.InfiniteLine(
                    angle=90, pen=theme.pen(theme.run_color(r.label), 1.2, Qt.PenStyle.DotLine))
                self.acc_plot.addItem(line)
            h = r.history
            self.acc_curves[r.label].setData(self._x(h["step"]), h["val_acc"], connect="finite")
            n = first_step(h, "val_acc", TARGET)
            if math.isfinite(n):
                x = max(n, 1.0)
                self.marks[r.label].setValue(math.log10(x) if self.log_x.isChecked() else x)
                self.marks[r.label].setVisible(True)
        self._fit_steps(self.acc_plot)

    def _redraw(self, only: str | None = None) -> None:
        runs = self._last
        if not runs:
            return
        li = max(0, self.layer.currentIndex())
        live = {r.label for r in runs}
        for key in [k for k in self._lines if k[1] not in live]:     # B1's runs after B8's: off the legend too
            (self.plot if key[0] == "unit" else self.all_plot).removeItem(self._lines.pop(key))
        for tag, plot, col in (("unit", self.plot, "unit_pct"), ("all", self.all_plot, "all_pct")):
            if only not in (None, tag) or self._unchanged(tag):
                continue
            for r in runs:
                for k in range(3):
                    self._line(plot, r.label, k, tag).setData(self._x(r.history["step"]), r.history[col][:, li, k])
            self._fit_steps(plot)
            steady_y(plot, [r.history[col][:, li, :].ravel() for r in runs])
