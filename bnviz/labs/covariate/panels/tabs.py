"""The Covariate Shift Lab's right-hand tabs: accuracy vs shift, internal covariate shift, noisy BN, re-tune.

Each panel draws only what the snapshot holds. The two sweep panels own a
button and a progress bar; the lab runs the sweep in the training process and
feeds progress back (``set_progress``), so the GUI never blocks.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.covariate.model import CovariateSnapshot
from bnviz.labs.covariate.shifts import KIND_TEXT
from bnviz.ui import theme
from bnviz.ui.plots import make_plot, run_curve

LABELS = ("BN", "no BN")


def caption(text: str, name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet("color: #444")
    if name:
        label.setObjectName(name)
    return label


class JobRow(QWidget):
    """A start button, a progress bar and a cancel button for one sweep."""

    start = Signal()
    cancel = Signal()

    def __init__(self, name: str, text: str, tip: str) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(text)
        self.button.setObjectName(name)
        self.button.setToolTip(tip)
        self.button.clicked.connect(self.start)
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress.setMinimumWidth(50)
        self.stop = QPushButton("Stop")
        self.stop.setObjectName(f"{name}_cancel")
        self.stop.setEnabled(False)
        self.stop.clicked.connect(self.cancel)
        lay.addWidget(self.button)
        lay.addWidget(self.progress, 1)
        lay.addWidget(self.stop)

    def set_running(self, running: bool) -> None:
        self.button.setEnabled(not running)
        self.stop.setEnabled(running)

    def set_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"%p%  {text}")


# --------------------------------------------------------------------------- accuracy vs shift


class ShiftSweepPanel(QWidget):
    """Test accuracy of both twins over the shift magnitude, from the engine's sweep."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shift_sweep_panel")
        lay = QVBoxLayout(self)
        self.job = JobRow("sweep_shift", "Sweep shift",
                          "Evaluate the trained twins at every magnitude of the current shift")
        lay.addWidget(self.job)
        self.plot = make_plot("Test accuracy vs shift magnitude", "shift magnitude (slider value)",
                              "test accuracy", legend=True)
        self.plot.setXRange(0, 1, padding=0.03)
        self.plot.setYRange(0, 1.02, padding=0)
        self.curves = {label: self.plot.plot([], [], pen=theme.pen(theme.run_color(label), 2.2), symbol="o",
                                             symbolSize=6 * theme.scale(), symbolPen=None,
                                             symbolBrush=theme.run_color(label), name=label) for label in LABELS}
        self.marker = pg.InfiniteLine(angle=90, pen=theme.pen("#8e44ad", 1.4, Qt.PenStyle.DashLine))
        self.plot.addItem(self.marker)
        lay.addWidget(self.plot, 1)
        self.note = caption("Press <i>Sweep shift</i>: the trained twins are evaluated on the test inputs "
                            "shifted by each magnitude (the dashed line is the slider).", "shift_sweep_note")
        lay.addWidget(self.note)
        self.last = None

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        self.marker.setValue(snap.config.shift.magnitude)
        sw = snap.shift_sweep
        if sw is self.last:
            return
        self.last = sw
        if sw is None:
            for c in self.curves.values():
                c.setData([], [])
            self.plot.getPlotItem().setTitle("Test accuracy vs shift magnitude (not swept yet)")
            return
        for label, c in self.curves.items():
            c.setData(sw.magnitudes, sw.accuracy[label])
        stats = "running averages" if sw.test_stats == "running" else "each batch's own statistics"
        self.plot.getPlotItem().setTitle(f"Test accuracy vs {KIND_TEXT[sw.kind].split(' (')[0]} magnitude")
        if sw.retrained:
            self.note.setText(f"Sub-population: each point is a fresh BN / no-BN pair trained for {sw.step} steps "
                              "on the slice of that magnitude (0: all rows), then tested on all test rows "
                              f"(BN uses {stats}).")
        else:
            self.note.setText(f"The twins as trained at step {sw.step}, evaluated on test inputs shifted by each "
                              f"magnitude (BN uses {stats}). The dashed line is the slider.")


# --------------------------------------------------------------------------- internal covariate shift


#: What the drift tab can plot: (key, combo text, snapshot field over time, run-average field, y label)
DRIFT_MEASURES = (
    ("mean", "input mean", "drift_mean", "drift_mean_avg", "|\u0394 mean| \u00f7 \u03c3"),
    ("var", "input variance", "drift_var", "drift_var_avg", "|\u0394 log var|"),
    ("w1", "whole distribution", "drift", "drift_avg", "W\u2081"),
)
BAR_TITLES = {"mean": "Mean moves", "var": "Variance moves", "w1": "W\u2081 moves"}


class DriftPanel(QWidget):
    """Internal covariate shift, measured: how far each layer's input moves between two probes.

    Three measures of the same probes (``DriftTracker``): each unit's input
    mean and variance (the lecture's claim: BN pins them, to beta and gamma)
    and the whole distribution (W1, where Santurkar et al. 2018 found BN does
    not help). Top: the chosen measure for one layer over training. Bottom:
    all three per layer, averaged over the run, the numbers the lesson check
    compares, side by side.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drift_panel")
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Layer"))
        self.layer = QComboBox()
        self.layer.setObjectName("drift_layer")
        row.addWidget(self.layer)
        row.addWidget(QLabel("plot"))
        self.measure = QComboBox()
        self.measure.setObjectName("drift_measure")
        for key, text, *_ in DRIFT_MEASURES:
            self.measure.addItem(text, key)
        self.measure.setToolTip("What the top plot shows for the chosen layer, probe to probe (the bars below show "
                                "all three for every layer)")
        row.addWidget(self.measure)
        self.relative = QCheckBox("\u00f7 \u03c3")
        self.relative.setObjectName("drift_relative")
        self.relative.setToolTip("W\u2081 only: divide by the layer's spread, so BN's unit-scale values and a plain "
                                 "layer's values of any scale compare fairly (mean and variance moves are "
                                 "scale-free already)")
        row.addWidget(self.relative)
        self.log_y = QCheckBox("log y")
        self.log_y.setObjectName("drift_log")
        row.addWidget(self.log_y)
        row.addStretch(1)
        lay.addLayout(row)
        self.plot = make_plot("", "step", "", legend=True)
        self.curves = {label: run_curve(self.plot, label, label, width=1.6) for label in LABELS}
        lay.addWidget(self.plot, 3)
        bars_row = QHBoxLayout()
        bars_row.setSpacing(2)
        self.bar_plots: dict[str, pg.PlotWidget] = {}
        self.bars: dict[tuple[str, str], pg.BarGraphItem] = {}
        for key, _, _, _, unit in DRIFT_MEASURES:
            plot = make_plot(BAR_TITLES[key], "layer", None)     # colours as in the legend above
            plot.setToolTip(f"{BAR_TITLES[key]} ({unit}) per probe, per layer, averaged over the run so far")
            plot.getPlotItem().getAxis("bottom").setTicks([[(i, str(i)) for i in range(1, 10)]])
            plot.setObjectName(f"drift_bars_{key}")
            for label in LABELS:
                b = pg.BarGraphItem(x=[], height=[], width=0.38, brush=theme.brush(theme.run_color(label), 200),
                                    pen=theme.pen(theme.run_color(label), 1))
                plot.addItem(b)
                self.bars[key, label] = b
            self.bar_plots[key] = plot
            bars_row.addWidget(plot, 1)
        lay.addLayout(bars_row, 3)
        self.note = caption("", "drift_note")
        lay.addWidget(self.note)
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self.measure.currentIndexChanged.connect(lambda _: self._redraw())
        self.relative.toggled.connect(lambda _: self._redraw())
        self.log_y.toggled.connect(self._log)
        self._last: CovariateSnapshot | None = None

    def _log(self, on: bool) -> None:
        self.plot.setLogMode(x=False, y=on)
        self._redraw()

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        n = len(snap.runs[0].layers)
        if self.layer.count() != n:
            self.layer.blockSignals(True)
            self.layer.clear()
            for i in range(n):
                self.layer.addItem(f"{i + 1}" + (" (last)" if i == n - 1 else ""), i)
            self.layer.setCurrentIndex(n - 1)
            self.layer.blockSignals(False)
        self._last = snap
        self._redraw()

    def _redraw(self) -> None:
        snap = self._last
        if snap is None:
            return
        li = max(0, self.layer.currentIndex())
        key, text, series, _, unit = DRIFT_MEASURES[max(0, self.measure.currentIndex())]
        rel = key == "w1" and self.relative.isChecked()
        self.relative.setEnabled(key == "w1")
        if rel:
            series, unit = "drift_relative", "W\u2081 \u00f7 \u03c3"
        k = snap.config.drift_every
        self.plot.getPlotItem().setTitle(f"Layer {li + 1}, {text}: move per {k} steps")
        self.plot.getPlotItem().setLabel("left", unit)
        for r in snap.runs:
            y = getattr(r, series)[:, li] if len(r.drift_step) else np.zeros(0)
            if self.log_y.isChecked():
                y = np.where(y > 0, y, np.nan)
            self.curves[r.label].setData(r.drift_step, y, connect="finite")
        for key, _, _, avg, unit in DRIFT_MEASURES:
            if key == "w1" and self.relative.isChecked():
                avg, unit = "drift_avg_relative", "W\u2081 \u00f7 \u03c3"
            self.bar_plots[key].getPlotItem().setTitle(BAR_TITLES[key] + (" \u00f7 \u03c3" if avg == "drift_avg_relative" else ""))
            for j, r in enumerate(snap.runs):
                values = getattr(r, avg)
                x = np.arange(1, len(values) + 1) + (-0.2 if j == 0 else 0.2)
                self.bars[key, r.label].setOpts(x=x, height=np.nan_to_num(values))
        noisy = snap.config.train.noise_shift or snap.config.train.noise_scale
        self.note.setText(
            f"The same probe batch every {k} steps; bars: each layer's moves averaged over the run. BN pins each "
            "unit's input mean and variance (to \u03b2, \u03b3); the whole distribution (W\u2081) can still move "
            "(Santurkar et al. 2018). Hover a plot for its unit."
            + (" <b>Noisy BN is on</b>: the probe includes the injected noise." if noisy else ""))


# --------------------------------------------------------------------------- noisy BN


class NoisyBNPanel(QWidget):
    """Training under injected noise: mini-batch loss and validation accuracy of both twins."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noisy_panel")
        lay = QVBoxLayout(self)
        self.loss = make_plot("Mini-batch training loss (with the injected noise)", "step", "loss", legend=True)
        self.acc = make_plot("Validation accuracy (no noise at test time)", "step", "accuracy", legend=True)
        self.acc.setYRange(0, 1.02, padding=0)
        self.acc.setXLink(self.loss)
        self.loss_curves = {label: run_curve(self.loss, label, label) for label in LABELS}
        self.acc_curves = {label: run_curve(self.acc, label, label) for label in LABELS}
        lay.addWidget(self.loss, 1)
        lay.addWidget(self.acc, 1)
        self.note = caption("", "noisy_note")
        lay.addWidget(self.note)

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        for r in snap.runs:
            h = r.run.history
            self.loss_curves[r.label].setData(h["step"], h["batch_loss"], connect="finite")
            self.acc_curves[r.label].setData(h["step"], h["val_acc"], connect="finite")
        t = snap.config.train
        a, b = t.noise_shift, t.noise_scale
        state = (f"Now: a = {a:.2f}, b = {b:.2f}." if (a or b) else
                 "Now <b>off</b>: set <i>shift a</i> (try 2) and <i>scale b</i> in Settings \u203a Noisy BN.")
        self.note.setText(
            "<b>Noisy BN</b> (Santurkar et al. 2018, <i>How does batch normalization help optimization?</i>): "
            "each step, every unit after each BN layer gets a random shift m ~ U(\u2212a, a) and scale "
            "s ~ U(1, 1+b); the no-BN twin gets the same noise at the same place. "
            f"{state} With noise the BN layers' outputs jump every step (drift tab), yet the BN twin still "
            "trains: steady layer inputs are not why BN helps, the paper concludes; BN smooths the loss "
            "landscape. Without BN the same noise tends to hurt more (default net: a = 2 stalls it); the noise is "
            "in absolute units, so its effect on a plain layer depends on that layer's scale.")


# --------------------------------------------------------------------------- re-tune after drift


class RetunePanel(QWidget):
    """A short learning-rate sweep before and after the drift; where the best rate went."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retune_panel")
        lay = QVBoxLayout(self)
        self.job = JobRow("sweep_lr", "Re-tune \u03b1",
                          "Short runs over log-spaced learning rates, on the data before and after the drift")
        lay.addWidget(self.job)
        self.plot = make_plot("Validation loss after a short run vs learning rate", "learning rate \u03b1 (log)",
                              "validation loss", legend=True)
        self.plot.setLogMode(x=True, y=False)
        self.curves = {}
        self.best = {}
        for label in LABELS:
            color = theme.run_color(label)
            for which, dashed in (("before", True), ("after", False)):
                self.curves[label, which] = self.plot.plot(
                    [], [], pen=theme.pen(color, 2.0, Qt.PenStyle.DashLine if dashed else None), symbol="o",
                    symbolSize=5 * theme.scale(), symbolPen=None, symbolBrush=color,
                    name=f"{label} {which} drift")
                self.best[label, which] = self.plot.plot([], [], pen=None, symbol="star",
                                                         symbolSize=(13 if which == "after" else 10) * theme.scale(),
                                                         symbolPen=pg.mkPen("#202020", width=0.8),
                                                         symbolBrush=color if which == "after" else "w")
        lay.addWidget(self.plot, 1)
        self.result = caption("", "retune_result")
        lay.addWidget(self.result)
        self.note = caption("", "retune_note")
        lay.addWidget(self.note)
        self.last = None
        self._explain(None)

    def _explain(self, snap: CovariateSnapshot | None) -> None:
        cfg = snap.config if snap is not None else None
        n, steps = (cfg.lr_points, cfg.lr_steps) if cfg else (6, 300)
        self.note.setText(
            f"{n} log-spaced rates, {steps} steps each, for both twins: on the data the models were trained on "
            "(dashed) and after the drift (solid; the shifted inputs through the old preprocessing, or all rows "
            "for a sub-population). Stars: the best rate (lowest validation loss); try scale 1.0 or a "
            "sub-population. The notes' advice: re-test hyperparameters as the data change.")

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        lr = snap.lr_sweep
        if lr is self.last:
            return
        self.last = lr
        self._explain(snap)
        if lr is None:
            self.result.setText("Not run yet: choose a shift, then press the button.")
            for c in (*self.curves.values(), *self.best.values()):
                c.setData([], [])
            return
        loss = {"before": lr.loss_before, "after": lr.loss_after}
        best = {"before": lr.best_before, "after": lr.best_after}
        for (label, which), c in self.curves.items():
            y = np.where(np.isfinite(loss[which][label]), loss[which][label], np.nan)
            c.setData(lr.rates, y, connect="finite")
            j = int(np.flatnonzero(lr.rates == best[which][label])[0])
            self.best[label, which].setData([lr.rates[j]], [y[j]])
        parts = []
        for label in LABELS:
            b0, b1 = lr.best_before[label], lr.best_after[label]
            moved = "<b>moved</b>" if b0 != b1 else "stayed"
            color = theme.run_color(label)
            parts.append(f"<span style='color:{color}'><b>{label}</b></span> best \u03b1 {b0:.3g} \u2192 "
                         f"{b1:.3g} ({moved})")
        shift = f"{KIND_TEXT[lr.shift.kind].split(' (')[0]} {lr.shift.magnitude:.2f}"
        self.result.setText(f"Drift: {shift}, {lr.optimizer}. " + "; ".join(parts) + ".")

