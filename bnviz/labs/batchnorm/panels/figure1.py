"""The BN paper's Figure 1: the 15th/50th/85th percentiles of one unit's activation input over training.

Solid line: median; dashed: 15th and 85th percentiles.  Without BN the band
drifts and widens as earlier layers learn; with BN it stays put.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bnviz.engine.snapshot import RunSnapshot
from bnviz.ui.plots import fill_layers, make_plot, run_curve, steady_range


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
        row.addStretch(1)
        lay.addLayout(row)
        self.plot = make_plot("One unit's activation input: 15/50/85th pct",
                              "step", "activation input", legend=True)
        lay.addWidget(self.plot, 1)
        self.all_plot = make_plot("Same percentiles, all units of the layer", "step", "activation input")
        self.all_plot.setXLink(self.plot)
        lay.addWidget(self.all_plot, 1)
        note = QLabel("BN paper (Ioffe & Szegedy 2015), Figure 1: with BN the distribution a layer feeds "
                      "its activation stays steady while the network learns.")
        note.setWordWrap(True)
        lay.addWidget(note)
        self._lines: dict[tuple, object] = {}
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self._last: tuple[RunSnapshot, ...] = ()

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
        return [partial(self._redraw, "unit"), partial(self._redraw, "all")]

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
                    self._line(plot, r.label, k, tag).setData(r.history["step"], r.history[col][:, li, k])
            steady_range(plot, runs[0].history["step"], [r.history[col][:, li, :].ravel() for r in runs])
