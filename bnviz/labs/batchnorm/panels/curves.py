"""Learning curves: loss and accuracy over steps for each run (train dashed, validation solid)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from bnviz.engine.snapshot import RunSnapshot
from bnviz.ui.i18n import tr
from bnviz.ui.legend import rename
from bnviz.ui.plots import make_plot, run_curve, steady_range
from bnviz.ui.words import run_name


class CurvesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curves_panel")
        lay = QVBoxLayout(self)
        self.loss = make_plot(tr("Loss (cross-entropy)"), tr("step"), tr("loss"), legend=True)
        self.acc = make_plot(tr("Accuracy"), tr("step"), tr("accuracy"), legend=True)
        self.acc.setYRange(0, 1.02, padding=0)
        self.acc.setXLink(self.loss)
        # the loss plot's steps (``steady_range``), not an auto-range of its own re-fitting both every frame
        self.acc.getPlotItem().disableAutoRange(axis="x")
        self.log_x = QCheckBox(tr("log-scale steps"))
        self.log_x.setObjectName("curves_log_x")
        self.log_x.toggled.connect(self._log)
        lay.addWidget(self.loss, 1)
        lay.addWidget(self.acc, 1)
        lay.addWidget(self.log_x)
        self._curves: dict[tuple[str, str], object] = {}

    def _log(self, on: bool) -> None:
        for p in (self.loss, self.acc):
            p.setLogMode(x=on, y=False)

    def _curve(self, plot, label: str, col: str):
        key = (label, col)
        if key not in self._curves:
            dashed = col.startswith("train")
            self._curves[key] = run_curve(plot, label, self._name(label, col), dashed=dashed, steps=True)
        return self._curves[key]

    @staticmethod
    def _name(label: str, col: str) -> str:
        return (tr("{run} train") if col.startswith("train") else tr("{run} validation")).format(run=run_name(label))

    def retranslate(self) -> None:
        """The legend names are composed from the run's name."""
        for (label, col), curve in self._curves.items():
            plot = self.loss if col.endswith("loss") else self.acc
            rename(plot, curve, self._name(label, col))

    def show_runs(self, runs: tuple[RunSnapshot, ...]) -> None:
        live = {r.label for r in runs}
        # the curves of runs gone (B1's normalized and raw, then B2's BN and no BN) leave their plot
        # and its legend: a hidden curve would stay there, crossed out
        for key in [k for k in self._curves if k[0] not in live]:
            (self.loss if key[1].endswith("loss") else self.acc).removeItem(self._curves.pop(key))
        for r in runs:
            h = r.history
            steps = np.maximum(h["step"], 1) if self.log_x.isChecked() else h["step"]
            for plot, cols in ((self.loss, ("train_loss", "val_loss")), (self.acc, ("train_acc", "val_acc"))):
                for col in cols:
                    self._curve(plot, r.label, col).setData(steps, h[col])
        h = runs[0].history
        steady_range(self.loss, h["step"], [r.history[c] for r in runs for c in ("train_loss", "val_loss")])
