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
from bnviz.ui.plots import fill_layers, make_plot, run_curve, steady_range

TARGET = 0.9        # the validation accuracy whose first step is reported


def to_target_text(runs: tuple[RunSnapshot, ...], target: float = TARGET) -> str:
    """"BN reached 90% validation accuracy in N steps, no BN in M (M/N = k\u00d7 fewer)", from the histories."""
    pct = f"{target:.0%}"
    if not runs or not len(runs[0].history["step"]):
        return ""
    now = int(max(r.step for r in runs))
    hit = [(r, first_step(r.history, "val_acc", target)) for r in runs]

    def name(r: RunSnapshot) -> str:
        return f"<b style='color:{theme.run_color(r.label)}'>{r.label}</b>"

    if len(hit) == 1:
        (r, n), = hit
        return (f"{name(r)} reached {pct} validation accuracy in {n:.0f} steps" if math.isfinite(n)
                else f"{name(r)} has not reached {pct} validation accuracy (step {now})")
    (a, n), (b, m) = hit[0], hit[1]
    if not math.isfinite(n) and math.isfinite(m):
        (a, n), (b, m) = (b, m), (a, n)        # say first who got there first
    if not math.isfinite(n):
        return f"Neither run has reached {pct} validation accuracy yet (step {now})"
    head = f"{name(a)} reached {pct} validation accuracy in {n:.0f} steps, "
    if math.isfinite(m):
        return head + f"{name(b)} in {m:.0f} ({m:.0f}/{n:.0f} = <b>{m / n:.1f}\u00d7</b> fewer steps with {a.label})"
    return head + f"{name(b)} not yet after {now} (already <b>&gt; {now / n:.0f}\u00d7</b>)"


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
        form.addRow("Layer", self.layer)
        row.addLayout(form)
        form = QFormLayout()
        form.addRow("Unit", self.unit)
        self.unit.setToolTip("The unit whose percentiles are tracked, from the next probe on")
        row.addLayout(form)
        self.log_x = QCheckBox("log step axis")
        self.log_x.setObjectName("figure1_log_x")
        self.log_x.setToolTip("A logarithmic step axis shows BN's first tens of steps and no BN's hundreds side by "
                              "side; untick for the paper's linear axis")
        row.addWidget(self.log_x)
        row.addStretch(1)
        lay.addLayout(row)
        self.readout = QLabel()
        self.readout.setObjectName("figure1_to90")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        lay.addWidget(self.readout)
        self.acc_plot = make_plot("(a) Validation accuracy", "step", "accuracy")
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.acc_plot.addItem(pg.InfiniteLine(TARGET, angle=0, pen=theme.pen("#808080", 1.0, Qt.PenStyle.DashLine)))
        self.acc_curves: dict[str, pg.PlotDataItem] = {}
        self.marks: dict[str, pg.InfiniteLine] = {}
        lay.addWidget(self.acc_plot, 1)
        self.plot = make_plot("(b) One unit's activation input: 15/50/85th pct",
                              "step", "activation input", legend=True)
        lay.addWidget(self.plot, 1)
        self.all_plot = make_plot("(c) Same percentiles, all units of the layer", "step", "activation input")
        self.all_plot.setXLink(self.plot)
        self.acc_plot.setXLink(self.plot)
        lay.addWidget(self.all_plot, 1)
        note = QLabel("BN paper (Ioffe & Szegedy 2015), Figure 1: with BN the net learns in far fewer steps and "
                      "the distribution a layer feeds its activation stays steady.")
        note.setWordWrap(True)
        lay.addWidget(note)
        self._lines: dict[tuple, object] = {}
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self._last: tuple[RunSnapshot, ...] = ()
        self.log_x.toggled.connect(self._log)
        self.log_x.setChecked(True)

    def _line(self, plot, label: str, k: int, tag: str):
        key = (tag, label, k)
        if key not in self._lines:
            name = f"{label} {('15th', 'median', '85th')[k]}"
            self._lines[key] = line = run_curve(plot, label, name, dashed=k != 1, width=2.4 if k == 1 else 1.5)
            legend = plot.getPlotItem().legend
            if legend is not None and k == 2:
                legend.removeItem(line)      # one legend entry for the dashed pair is enough
        return self._lines[key]

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
        self._draw_accuracy()
        self._redraw()

    def _x(self, steps: np.ndarray) -> np.ndarray:
        """Step 0 has no place on a log axis: it is drawn at step 1."""
        return np.maximum(steps, 1) if self.log_x.isChecked() else steps

    def _draw_accuracy(self) -> None:
        runs = self._last
        if not runs:
            return
        live = {r.label for r in runs}
        for label in list(self.acc_curves):
            self.acc_curves[label].setVisible(label in live)
            self.marks[label].setVisible(False)
        for r in runs:
            if r.label not in self.acc_curves:
                self.acc_curves[r.label] = run_curve(self.acc_plot, r.label, r.label)
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
        self.readout.setText(to_target_text(runs))

    def _redraw(self, only: str | None = None) -> None:
        runs = self._last
        if not runs:
            return
        li = max(0, self.layer.currentIndex())
        live = {r.label for r in runs}
        for (tag, label, k), c in self._lines.items():
            c.setVisible(label in live)
        for tag, plot, col in (("unit", self.plot, "unit_pct"), ("all", self.all_plot, "all_pct")):
            if only not in (None, tag):
                continue
            for r in runs:
                for k in range(3):
                    self._line(plot, r.label, k, tag).setData(self._x(r.history["step"]), r.history[col][:, li, k])
            steady_range(plot, runs[0].history["step"], [r.history[col][:, li, :].ravel() for r in runs])
