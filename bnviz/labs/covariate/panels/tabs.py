"""The Covariate Shift Lab's right-hand tabs: accuracy vs shift, internal covariate shift, noisy BN, re-tune.

Each panel draws only what the snapshot holds. The two sweep panels own a
button and a progress bar; the lab runs the sweep in the training process and
feeds progress back (``set_progress``), so the GUI never blocks.
"""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.covariate.model import CovariateSnapshot
from bnviz.labs.covariate.shifts import KIND_TEXT
from bnviz.ui import theme
from bnviz.ui.forms import value_text
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.job_row import JobRow, job_words
from bnviz.ui.legend import rename
from bnviz.ui.plots import make_plot, run_curve
from bnviz.ui.words import run_name

LABELS = ("BN", "no BN")
#: a sweep's progress as the engine says it (CovariateExperiment.sweep_*), and its words on screen
PROGRESS = (
    (re.compile(r"magnitude (?P<m>\S+)$"), QT_TR_NOOP("magnitude {m}")),
    (re.compile(r"slice (?P<m>[^,]+), (?P<run>.+)$"), QT_TR_NOOP("slice {m}, {run}")),
    (re.compile(r"before drift, (?P<run>.+), \u03b1=(?P<lr>\S+)$"), QT_TR_NOOP("before drift, {run}, \u03b1={lr}")),
    (re.compile(r"after drift, (?P<run>.+), \u03b1=(?P<lr>\S+)$"), QT_TR_NOOP("after drift, {run}, \u03b1={lr}")),
)


def progress_text(text: str) -> str:
    """A sweep's progress text (the engine's English) in the interface's language."""
    for pattern, source in PROGRESS:
        m = pattern.match(text)
        if m:
            parts = m.groupdict()
            if "run" in parts:
                parts["run"] = run_name(parts["run"])
            return tr(source).format(**parts)
    return job_words(text)


def kind_name(kind: str) -> str:
    """A shift kind's short name, for titles ("sub-population", not its explanation)."""
    return tr("sub-population") if kind == "subpopulation" else tr(KIND_TEXT[kind])


def caption(text: str, name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setStyleSheet("color: #444")
    if name:
        label.setObjectName(name)
    return label


# --------------------------------------------------------------------------- accuracy vs shift


class ShiftSweepPanel(QWidget):
    """Test accuracy of both twins over the shift magnitude, from the engine's sweep."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shift_sweep_panel")
        lay = QVBoxLayout(self)
        self.job = JobRow("sweep_shift", tr("Sweep shift"),
                          tr("Evaluate the trained twins at every magnitude of the current shift"), progress_text)
        lay.addWidget(self.job)
        self.plot = make_plot(tr("Test accuracy vs shift magnitude"), tr("shift magnitude (slider value)"),
                              tr("test accuracy"), legend=True)
        self.plot.setXRange(0, 1, padding=0.03)
        self.plot.setYRange(0, 1.02, padding=0)
        self.curves = {label: self.plot.plot([], [], pen=theme.pen(theme.run_color(label), 2.2), symbol="o",
                                             symbolSize=6 * theme.scale(), symbolPen=None,
                                             symbolBrush=theme.run_color(label), name=run_name(label))
                       for label in LABELS}
        self.marker = pg.InfiniteLine(angle=90, pen=theme.pen("#8e44ad", 1.4, Qt.PenStyle.DashLine))
        self.plot.addItem(self.marker)
        lay.addWidget(self.plot, 1)
        self.note = caption(tr("Press <i>Sweep shift</i>: the trained twins are evaluated on the test inputs "
                               "shifted by each magnitude (the dashed line is the slider)."), "shift_sweep_note")
        lay.addWidget(self.note)
        self.last = None
        self._snap: CovariateSnapshot | None = None

    def retranslate(self) -> None:
        """Redraw the sweep last shown: its title and note are composed."""
        if self._snap is not None:
            self.last = ()
            self.show_snapshot(self._snap)

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        self._snap = snap
        self.marker.setValue(snap.config.shift.magnitude)
        sw = snap.shift_sweep
        if sw is self.last:
            return
        self.last = sw
        if sw is None:
            for c in self.curves.values():
                c.setData([], [])
            self.plot.getPlotItem().setTitle(tr("Test accuracy vs shift magnitude (not swept yet)"))
            return
        for label, c in self.curves.items():
            c.setData(sw.magnitudes, sw.accuracy[label])
        stats = tr("running averages") if sw.test_stats == "running" else tr("each batch's own statistics")
        self.plot.getPlotItem().setTitle(tr("Test accuracy vs {kind} magnitude").format(kind=kind_name(sw.kind)))
        if sw.retrained:
            self.note.setText(tr("Sub-population: each point is a fresh BN / no-BN pair trained for {step} steps "
                                 "on the slice of that magnitude (0: all rows), then tested on all test rows "
                                 "(BN uses {stats}).").format(step=sw.step, stats=stats))
        else:
            self.note.setText(tr("The twins as trained at step {step}, evaluated on test inputs shifted by each "
                                 "magnitude (BN uses {stats}). The dashed line is the slider.").format(
                step=sw.step, stats=stats))


# --------------------------------------------------------------------------- internal covariate shift


#: What the drift tab can plot: (key, combo text, snapshot field over time, run-average field, y label)
DRIFT_MEASURES = (
    ("mean", QT_TR_NOOP("input mean"), "drift_mean", "drift_mean_avg", QT_TR_NOOP("|\u0394 mean| \u00f7 \u03c3")),
    ("var", QT_TR_NOOP("input variance"), "drift_var", "drift_var_avg", QT_TR_NOOP("|\u0394 log var|")),
    ("w1", QT_TR_NOOP("whole distribution"), "drift", "drift_avg", "W\u2081"),
)
BAR_TITLES = {"mean": QT_TR_NOOP("Mean moves"), "var": QT_TR_NOOP("Variance moves"), "w1": QT_TR_NOOP("W\u2081 moves")}


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
        row.addWidget(QLabel(tr("Layer")))
        self.layer = QComboBox()
        self.layer.setObjectName("drift_layer")
        row.addWidget(self.layer)
        row.addWidget(QLabel(tr("plot")))
        self.measure = QComboBox()
        self.measure.setObjectName("drift_measure")
        for key, text, *_ in DRIFT_MEASURES:
            self.measure.addItem(tr(text), key)
        self.measure.setToolTip(tr("What the top plot shows for the chosen layer, probe to probe (the bars below "
                                   "show all three for every layer)"))
        row.addWidget(self.measure)
        self.relative = QCheckBox("\u00f7 \u03c3")
        self.relative.setObjectName("drift_relative")
        self.relative.setToolTip(tr("W\u2081 only: divide by the layer's spread, so BN's unit-scale values and a "
                                    "plain layer's values of any scale compare fairly (mean and variance moves are "
                                    "scale-free already)"))
        row.addWidget(self.relative)
        self.log_y = QCheckBox(tr("log y"))
        self.log_y.setObjectName("drift_log")
        row.addWidget(self.log_y)
        row.addStretch(1)
        lay.addLayout(row)
        self.plot = make_plot("", tr("step"), "", legend=True)
        self.curves = {label: run_curve(self.plot, label, run_name(label), width=1.6) for label in LABELS}
        lay.addWidget(self.plot, 3)
        bars_row = QHBoxLayout()
        bars_row.setSpacing(2)
        self.bar_plots: dict[str, pg.PlotWidget] = {}
        self.bars: dict[tuple[str, str], pg.BarGraphItem] = {}
        for key, _, _, _, unit in DRIFT_MEASURES:
            plot = make_plot(tr(BAR_TITLES[key]), tr("layer"), None)     # colours as in the legend above
            plot.setToolTip(self._bar_tip(key, unit))
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

    @staticmethod
    def _bar_tip(key: str, unit: str) -> str:
        return tr("{title} ({unit}) per probe, per layer, averaged over the run so far").format(
            title=tr(BAR_TITLES[key]), unit=tr(unit))

    @staticmethod
    def _layer_text(i: int, n: int) -> str:
        return tr("{n} (last)").format(n=i + 1) if i == n - 1 else f"{i + 1}"

    def retranslate(self) -> None:
        """Tooltips and the last layer's item are composed; the plot titles are redrawn."""
        for key, _, _, _, unit in DRIFT_MEASURES:
            self.bar_plots[key].setToolTip(self._bar_tip(key, unit))
        n = self.layer.count()
        for i in range(n):
            self.layer.setItemText(i, self._layer_text(i, n))
        self._redraw()

    def _log(self, on: bool) -> None:
        self.plot.setLogMode(x=False, y=on)
        self._redraw()

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        n = len(snap.runs[0].layers)
        if self.layer.count() != n:
            self.layer.blockSignals(True)
            self.layer.clear()
            for i in range(n):
                self.layer.addItem(self._layer_text(i, n), i)
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
        self.plot.getPlotItem().setTitle(tr("Layer {n}, {measure}: move per {k} steps").format(
            n=li + 1, measure=tr(text), k=k))
        self.plot.getPlotItem().setLabel("left", tr(unit))
        for r in snap.runs:
            y = getattr(r, series)[:, li] if len(r.drift_step) else np.zeros(0)
            if self.log_y.isChecked():
                y = np.where(y > 0, y, np.nan)
            self.curves[r.label].setData(r.drift_step, y, connect="finite")
        for key, _, _, avg, unit in DRIFT_MEASURES:
            if key == "w1" and self.relative.isChecked():
                avg, unit = "drift_avg_relative", "W\u2081 \u00f7 \u03c3"
            self.bar_plots[key].getPlotItem().setTitle(tr(BAR_TITLES[key])
                                                       + (" \u00f7 \u03c3" if avg == "drift_avg_relative" else ""))
            for j, r in enumerate(snap.runs):
                values = getattr(r, avg)
                x = np.arange(1, len(values) + 1) + (-0.2 if j == 0 else 0.2)
                self.bars[key, r.label].setOpts(x=x, height=np.nan_to_num(values))
        noisy = snap.config.train.noise_shift or snap.config.train.noise_scale
        self.note.setText(
            tr("The same probe batch every {k} steps; bars: each layer's moves averaged over the run. BN pins each "
               "unit's input mean and variance (to \u03b2, \u03b3); the whole distribution (W\u2081) can still move "
               "(Santurkar et al. 2018). Hover a plot for its unit.").format(k=k)
            + (tr(" <b>Noisy BN is on</b>: the probe includes the injected noise.") if noisy else ""))


# --------------------------------------------------------------------------- noisy BN


class NoisyBNPanel(QWidget):
    """Training under injected noise: mini-batch loss and validation accuracy of both twins."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noisy_panel")
        lay = QVBoxLayout(self)
        self.loss = make_plot(tr("Mini-batch training loss (with the injected noise)"), tr("step"), tr("loss"),
                              legend=True)
        self.acc = make_plot(tr("Validation accuracy (no noise at test time)"), tr("step"), tr("accuracy"),
                             legend=True)
        self.acc.setYRange(0, 1.02, padding=0)
        self.acc.setXLink(self.loss)
        self.loss_curves = {label: run_curve(self.loss, label, run_name(label)) for label in LABELS}
        self.acc_curves = {label: run_curve(self.acc, label, run_name(label)) for label in LABELS}
        lay.addWidget(self.loss, 1)
        lay.addWidget(self.acc, 1)
        self.note = caption("", "noisy_note")
        lay.addWidget(self.note)
        self._snap: CovariateSnapshot | None = None

    def retranslate(self) -> None:
        """The note is composed (the noise's settings): made again in the new language."""
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        self._snap = snap
        for r in snap.runs:
            h = r.run.history
            self.loss_curves[r.label].setData(h["step"], h["batch_loss"], connect="finite")
            self.acc_curves[r.label].setData(h["step"], h["val_acc"], connect="finite")
        t = snap.config.train
        a, b = t.noise_shift, t.noise_scale
        state = (tr("Now: a = {a:.2f}, b = {b:.2f}.").format(a=a, b=b) if (a or b) else
                 tr("Now <b>off</b>: set <i>shift a</i> (try 2) and <i>scale b</i> in Settings \u203a Noisy BN."))
        self.note.setText(tr(
            "<b>Noisy BN</b> (Santurkar et al. 2018, <i>How does batch normalization help optimization?</i>): "
            "each step, every unit after each BN layer gets a random shift m ~ U(\u2212a, a) and scale "
            "s ~ U(1, 1+b); the no-BN twin gets the same noise at the same place. "
            "{state} With noise the BN layers' outputs jump every step (drift tab), yet the BN twin still "
            "trains: steady layer inputs are not why BN helps, the paper concludes; BN smooths the loss "
            "landscape. Without BN the same noise tends to hurt more (default net: a = 2 stalls it); the noise is "
            "in absolute units, so its effect on a plain layer depends on that layer's scale.").format(state=state))


# --------------------------------------------------------------------------- re-tune after drift


class RetunePanel(QWidget):
    """A short learning-rate sweep before and after the drift; where the best rate went."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retune_panel")
        lay = QVBoxLayout(self)
        self.job = JobRow("sweep_lr", tr("Re-tune \u03b1"),
                          tr("Short runs over log-spaced learning rates, on the data before and after the drift"),
                          progress_text)
        lay.addWidget(self.job)
        self.plot = make_plot(tr("Validation loss after a short run vs learning rate"),
                              tr("learning rate \u03b1 (log)"), tr("validation loss"), legend=True)
        self.plot.setLogMode(x=True, y=False)
        self.curves = {}
        self.best = {}
        for label in LABELS:
            color = theme.run_color(label)
            for which, dashed in (("before", True), ("after", False)):
                self.curves[label, which] = self.plot.plot(
                    [], [], pen=theme.pen(color, 2.0, Qt.PenStyle.DashLine if dashed else None), symbol="o",
                    symbolSize=5 * theme.scale(), symbolPen=None, symbolBrush=color,
                    name=self._name(label, which))
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
        self._snap: CovariateSnapshot | None = None
        self._explain(None)

    @staticmethod
    def _name(label: str, which: str) -> str:
        return (tr("{run} before drift") if which == "before" else tr("{run} after drift")).format(
            run=run_name(label))

    def retranslate(self) -> None:
        """Legend names, the note and the result are composed: made again in the new language."""
        for (label, which), curve in self.curves.items():
            rename(self.plot, curve, self._name(label, which))
        self._explain(self._snap)
        if self._snap is not None:
            self.last = ()
            self.show_snapshot(self._snap)

    def _explain(self, snap: CovariateSnapshot | None) -> None:
        cfg = snap.config if snap is not None else None
        n, steps = (cfg.lr_points, cfg.lr_steps) if cfg else (6, 300)
        self.note.setText(tr(
            "{n} log-spaced rates, {steps} steps each, for both twins: on the data the models were trained on "
            "(dashed) and after the drift (solid; the shifted inputs through the old preprocessing, or all rows "
            "for a sub-population). Stars: the best rate (lowest validation loss); try scale 1.0 or a "
            "sub-population. The notes' advice: re-test hyperparameters as the data change.").format(n=n, steps=steps))

    def show_snapshot(self, snap: CovariateSnapshot) -> None:
        self._snap = snap
        lr = snap.lr_sweep
        if lr is self.last:
            return
        self.last = lr
        self._explain(snap)
        if lr is None:
            self.result.setText(tr("Not run yet: choose a shift, then press the button."))
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
            moved = tr("<b>moved</b>") if b0 != b1 else tr("stayed")
            color = theme.run_color(label)
            parts.append(tr("{run} best \u03b1 {before:.3g} \u2192 {after:.3g} ({moved})").format(
                run=f"<span style='color:{color}'><b>{run_name(label)}</b></span>", before=b0, after=b1, moved=moved))
        shift = f"{kind_name(lr.shift.kind)} {lr.shift.magnitude:.2f}"
        self.result.setText(tr("Drift: {shift}, {optimizer}. ").format(shift=shift, optimizer=value_text(lr.optimizer))
                            + tr("; ").join(parts) + tr("."))

