"""The BN at Test Time lab: where a BN layer's mu and sigma^2 come from when there is no mini-batch.

Tab 1: the running estimates (exponentially weighted averages of the batch
statistics, the notes' recipe) next to the statistics of the whole training
set, and test accuracy with four kinds of inference statistics, live.  The
momentum slider is a hot change: the run goes on with the new averaging.
Tab 2: the noise of per-batch statistics against the batch size, and the
train/validation gap of short runs per batch size (the notes' "slight
regularization").
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bnviz.bridge.training import Frame
from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS, NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.serialize import to_dict, train_config_from_dict
from bnviz.labs.page import LabPage
from bnviz.labs.testtime.model import (
    MODE_TITLES,
    MODES,
    TRACKED_UNITS,
    InferenceLab,
    InferenceSnapshot,
)
from bnviz.labs.testtime.panels.accuracy import InferenceAccuracyPanel
from bnviz.labs.testtime.panels.estimates import EstimatesPanel
from bnviz.labs.testtime.panels.noise import BatchNoisePanel
from bnviz.ui.forms import (
    BATCH_SIZES,
    SettingsPanel,
    make_check,
    make_combo,
    make_slider,
    make_spin,
    select_data,
)
from bnviz.ui.log_slider import LogSlider

DEFAULT_CONFIG = TrainConfig(
    data=DataConfig(name="moons", n_samples=1000, noise=0.3, seed=0),
    net=NetConfig(hidden=(32, 32, 32), activation="relu", batch_norm=True, bn_momentum=0.9),
    optim=OptimConfig(name="adam", learning_rate=0.01), batch_size=32, seed=0, probe_every=10)

DATASETS = ("moons", "circles", "xor", "spiral", "blobs", "digits")
FOLLOW_STEPS = 400


class BNTestTimeControls(SettingsPanel):
    """Settings of the test-time lab; emits ``config_changed(cfg)`` and ``unbiased_changed(on)``."""

    config_changed = Signal(object)
    unbiased_changed = Signal(bool)

    def __init__(self, cfg: TrainConfig, unbiased: bool = False, parent: QWidget | None = None) -> None:
        super().__init__("tt_controls", parent)
        lay = self.column
        self._cfg = cfg
        self._building = True
        d, n, o = cfg.data, cfg.net, cfg.optim

        f = self.group("Test-time statistics")
        self.momentum = make_slider("tt_momentum", 0.0, 0.999, n.bn_momentum, 3)
        self.momentum.setToolTip("running = momentum \u00b7 running + (1 \u2212 momentum) \u00b7 batch statistic")
        f.addRow("Momentum \u03b2", self.momentum)
        self.window_label = QLabel()
        self.window_label.setObjectName("tt_window")
        f.addRow(self.window_label)
        self.unbiased = make_check("tt_unbiased", "m/(m\u22121) variance correction", unbiased)
        self.unbiased.setToolTip("The BN paper's unbiased population variance for the "
                                 "\u201cwhole training set\u201d statistics")
        f.addRow(self.unbiased)
        self.correction_label = QLabel()
        self.correction_label.setObjectName("tt_correction")
        f.addRow(self.correction_label)

        f = self.group("Data")
        self.dataset = make_combo("tt_dataset", DATASETS, d.name)
        f.addRow("Data set", self.dataset)
        self.noise = make_slider("tt_noise", 0.0, 1.0, d.noise)
        f.addRow("Noise", self.noise)
        self.classes = make_spin("tt_classes", 2, 6, d.n_classes)
        f.addRow("Classes (blobs, spiral)", self.classes)

        f = self.group("Network (BN on z)")
        self.depth = make_spin("tt_depth", 1, 4, max(1, len(n.hidden)))
        f.addRow("Hidden layers", self.depth)
        self.width = make_spin("tt_width", TRACKED_UNITS, 128, n.hidden[0] if n.hidden else 32)
        f.addRow("Units per layer", self.width)
        self.activation = make_combo("tt_activation", ACTIVATIONS, n.activation)
        f.addRow("Activation", self.activation)

        f = self.group("Training")
        self.optimizer = make_combo("tt_optimizer", OPTIMIZERS, o.name)
        f.addRow("Optimizer", self.optimizer)
        self.lr = LogSlider(1e-4, 1.0, o.learning_rate)
        self.lr.setObjectName("tt_learning_rate")
        f.addRow("Learning rate \u03b1", self.lr)
        self.batch_size = make_combo("tt_batch_size", BATCH_SIZES[2:], cfg.batch_size)
        f.addRow("Mini-batch size", self.batch_size)

        self.error = self.error_label("tt_config_error")
        lay.addStretch(1)

        for w in (self.dataset, self.activation, self.optimizer, self.batch_size):
            w.currentIndexChanged.connect(self._changed)
        for w in (self.classes, self.depth, self.width):
            w.valueChanged.connect(self._changed)
        for w in (self.momentum, self.noise, self.lr):
            w.valueChanged.connect(self._changed)
        self.unbiased.toggled.connect(self.unbiased_changed)
        self._show_window(n.bn_momentum)
        self._building = False

    def _show_window(self, beta: float) -> None:
        # 1/(1-beta): the notes' rule of thumb for how many steps an EWA averages over
        text = "\u2248 1 batch" if beta <= 0 else f"averages \u2248 1/(1\u2212\u03b2) = {1 / (1 - beta):.0f} batches"
        self.window_label.setText(text)

    def show_correction(self, m: int, factor: float) -> None:
        """Name the factor the checkbox applies (the engine reports m and m/(m-1))."""
        self.correction_label.setText(f"m = {m} training rows: \u03c3\u00b2 \u00d7 {factor:.4f}")

    def build(self) -> TrainConfig:
        c = self._cfg
        data = replace(c.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(c.net, hidden=(self.width.value(),) * self.depth.value(),
                      activation=self.activation.currentData(), batch_norm=True,
                      bn_momentum=round(self.momentum.value(), 4))
        optim = replace(c.optim, name=self.optimizer.currentData(), learning_rate=self.lr.value())
        return replace(c, data=data, net=net, optim=optim, batch_size=self.batch_size.currentData())

    def _changed(self, *_) -> None:
        if not self._building and (cfg := self.adopt_widgets()) is not None:
            self._show_window(cfg.net.bn_momentum)
            self.config_changed.emit(cfg)

    def set_config(self, cfg: TrainConfig, unbiased: bool | None = None) -> None:
        """Show ``cfg`` without emitting a change per widget."""
        self._building = True
        try:
            d, n, o = cfg.data, cfg.net, cfg.optim
            for combo, v in ((self.dataset, d.name), (self.activation, n.activation),
                             (self.optimizer, o.name), (self.batch_size, cfg.batch_size)):
                select_data(combo, v)
            self.noise.setValue(d.noise)
            self.classes.setValue(d.n_classes)
            self.depth.setValue(max(1, len(n.hidden)))
            self.width.setValue(n.hidden[0] if n.hidden else 32)
            self.momentum.setValue(n.bn_momentum)
            self.lr.setValue(o.learning_rate)
            if unbiased is not None:
                self.unbiased.blockSignals(True)
                self.unbiased.setChecked(unbiased)
                self.unbiased.blockSignals(False)
            self._show_window(n.bn_momentum)
            self._cfg = cfg
        finally:
            self._building = False


class BNTestTimeLab(LabPage):
    key = "testtime"
    title = "BN at Test Time"
    restorable = True
    TAB_KEYS = ("estimates", "noise")

    def __init__(self, cfg: TrainConfig = DEFAULT_CONFIG, unbiased: bool = False,
                 parent: QWidget | None = None) -> None:
        self._cfg, self._unbiased = cfg.with_bn(True), unbiased
        self._gap_request = 0
        super().__init__(parent)
        self.controls = BNTestTimeControls(self._cfg, unbiased)
        self.controls.config_changed.connect(self.apply_config)
        self.controls.unbiased_changed.connect(self.set_unbiased)

        top = QHBoxLayout()
        top.addWidget(QLabel("Layer"))
        self.layer = QComboBox()
        self.layer.setObjectName("tt_layer")
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.layer)
        top.addWidget(QLabel("Unit"))
        self.unit = QSpinBox()
        self.unit.setObjectName("tt_unit")
        self.unit.setRange(1, TRACKED_UNITS)
        top.addWidget(self.unit)
        self.follow = QCheckBox(f"last {FOLLOW_STEPS} steps")
        self.follow.setObjectName("tt_follow")
        self.follow.setToolTip("Follow the most recent steps, where the momentum's smoothing and lag show; "
                               "untick for the whole run")
        self.follow.setChecked(True)
        top.addWidget(self.follow)
        self.note = QLabel("At test time there is no mini-batch: BN uses running estimates of \u03bc and "
                           "\u03c3\u00b2 (exponentially weighted averages over training batches).")
        self.note.setWordWrap(True)
        top.addWidget(self.note, 1)

        self.estimates = EstimatesPanel()
        self.estimates.set_follow(FOLLOW_STEPS)
        self.follow.toggled.connect(self._follow)
        self.accuracy = InferenceAccuracyPanel()
        self.noise = BatchNoisePanel()
        self.noise.run_requested.connect(self.run_gap_experiment)
        first = QWidget()
        fl = QVBoxLayout(first)
        fl.setContentsMargins(2, 2, 2, 2)
        fl.addWidget(self.estimates, 1)
        fl.addWidget(self.accuracy, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tt_tabs")
        self.tabs.addTab(first, "Running estimates && inference")
        self.tabs.addTab(self.noise, "Batch-size noise (regularization)")
        self.tabs.currentChanged.connect(lambda _: self._redraw())
        self.layer.currentIndexChanged.connect(lambda _: self._redraw())
        self.unit.valueChanged.connect(lambda _: self._redraw())

        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)

    # ---------------------------------------------------------------- engine
    def make_model(self) -> partial:
        return partial(InferenceLab, self._cfg, unbiased=self._unbiased)

    def apply_config(self, cfg: TrainConfig) -> None:
        self._cfg = cfg.with_bn(True)
        self.bridge.configure(self._cfg)

    def set_unbiased(self, on: bool) -> None:
        self._unbiased = bool(on)
        self.bridge.invoke("set_unbiased", self._unbiased)

    def _follow(self, on: bool) -> None:
        self.estimates.set_follow(FOLLOW_STEPS if on else 0)
        self._redraw()

    def run_gap_experiment(self, steps: int) -> None:
        """Ask the worker for the short runs; the button stays disabled until they are in a frame."""
        self._gap_request += 1
        request = self._gap_request
        self.noise.set_running(True)
        self.bridge.invoke("run_gap_experiment", steps, request=request)

    def load(self, cfg: TrainConfig, unbiased: bool | None = None) -> None:
        """Show and run ``cfg`` (a lesson, a session)."""
        self.controls.set_config(cfg, unbiased)
        if unbiased is not None and unbiased != self._unbiased:
            self._unbiased = bool(unbiased)
            self.bridge.configure(cfg.with_bn(True), unbiased=self._unbiased)
            self._cfg = cfg.with_bn(True)
        else:
            self.apply_config(cfg)

    def config(self) -> TrainConfig:
        return self._cfg

    def seed(self) -> int:
        return self._cfg.seed

    def set_seed(self, seed: int) -> None:
        self.apply_config(replace(self._cfg, seed=seed))
        self.controls.set_config(self._cfg)

    def refit(self) -> None:
        for p in (self.estimates.mean, self.estimates.var, self.accuracy.history, self.noise.spread_plot,
                  self.noise.gap_plot):
            p.enableAutoRange()

    def state(self) -> dict:
        return {"config": to_dict(self._cfg), "unbiased": self._unbiased,
                "tab": self.TAB_KEYS[self.tabs.currentIndex()]}

    def apply_state(self, state: dict) -> None:
        """Load a preset's or session's settings; refuses (ValueError naming the field) before changing anything."""
        if not isinstance(state, dict):
            raise ValueError("testtime lab state: expected an object")
        unknown = sorted(set(state) - {"config", "unbiased", "tab"})
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field; allowed: config, unbiased, tab")
        cfg = train_config_from_dict(state.get("config", {}))
        if not cfg.net.hidden:
            raise ValueError("config.net.hidden: the test-time lab needs at least one hidden (BN) layer")
        unbiased = state.get("unbiased", False)
        if not isinstance(unbiased, bool):
            raise ValueError(f"unbiased={unbiased!r}: expected true or false")
        tab = state.get("tab", "estimates")
        if tab not in self.TAB_KEYS:
            raise ValueError(f"tab={tab!r} is not allowed: choose one of {', '.join(self.TAB_KEYS)}")
        self.tabs.setCurrentIndex(self.TAB_KEYS.index(tab))
        self.load(cfg, unbiased)

    # --------------------------------------------------------------- drawing
    def _sync_selectors(self, snap: InferenceSnapshot) -> None:
        n = len(snap.widths)
        if self.layer.count() != n:
            self.layer.blockSignals(True)
            keep = self.layer.currentIndex()
            self.layer.clear()
            for i, w in enumerate(snap.widths):
                self.layer.addItem(f"{i + 1} ({w} units)", i)
            self.layer.setCurrentIndex(min(max(keep, 0), n - 1))
            self.layer.blockSignals(False)
        self.unit.setMaximum(max(1, min(snap.tracked, min(snap.widths) if snap.widths else 1)))

    def selection(self) -> tuple[int, int]:
        """(layer index, unit index) the plots show, both 0-based."""
        return max(0, self.layer.currentIndex()), self.unit.value() - 1

    def _redraw(self) -> None:
        if self.frame is not None and self.isVisible():
            self.show_frame(self.frame)

    def show_frame(self, frame: Frame) -> None:
        snap: InferenceSnapshot = frame.snapshot
        self._sync_selectors(snap)
        self.controls.show_correction(snap.n_train, snap.correction)
        layer, unit = self.selection()
        if snap.gaps_request >= self._gap_request and not self.noise.run_button.isEnabled():
            self.noise.set_running(False)
        if self.tabs.currentWidget() is self.noise:
            self.noise.show_snapshot(snap, layer)
        else:
            self.estimates.show_snapshot(snap, layer, unit)
            self.accuracy.show_snapshot(snap)

    def status(self, frame: Frame) -> tuple[str, str]:
        snap: InferenceSnapshot = frame.snapshot
        acc = snap.accuracy
        text = ""
        if acc is not None:
            text = "test accuracy: " + ", ".join(
                f"{MODE_TITLES[m]} {a:.1%}" if math.isfinite(a) else f"{MODE_TITLES[m]} -"
                for m, a in zip(MODES, acc.accuracy))
        diverged = f"diverged at step {snap.diverged_at} ({snap.divergence_reason})" if snap.diverged else ""
        return text, diverged
