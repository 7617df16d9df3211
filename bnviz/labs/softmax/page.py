"""The Softmax Lab: C-class softmax regression on 2-D data, live; add hidden layers to bend the regions.

Left: decision regions (each class a colour) with the training points; hover
a point (click to pin it) to see, on the right, its class probabilities
A = softmax(z), its one-hot label Y, its loss -log a_y and the gradient
dZ = A - Y where backprop starts.  Below: loss and accuracy curves.  The
chosen example's numbers are computed by the engine in the training process.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS, NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import TOY_2D, DataConfig
from bnviz.engine.serialize import to_dict, train_config_from_dict
from bnviz.labs.page import LabPage
from bnviz.labs.softmax.model import SoftmaxLab, SoftmaxSnapshot
from bnviz.labs.softmax.panels.example import ExamplePanel, SoftmaxCurvesPanel
from bnviz.labs.softmax.panels.regions import SoftmaxRegionsPanel
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
    data=DataConfig(name="blobs", n_samples=400, noise=0.9, n_classes=3, seed=0),
    net=NetConfig(hidden=(), activation="relu", batch_norm=False),
    optim=OptimConfig(name="adam", learning_rate=0.02), batch_size=32, seed=0, probe_every=5)

DATASETS = ("blobs", "spiral")
DEFAULT_WIDTH = 16


class SoftmaxControls(SettingsPanel):
    """Settings of the Softmax Lab; emits ``config_changed(cfg)``."""

    config_changed = Signal(object)

    def __init__(self, cfg: TrainConfig, parent: QWidget | None = None) -> None:
        super().__init__("sm_controls", parent)
        lay = self.column
        self._cfg = cfg
        self._building = True
        d, n, o = cfg.data, cfg.net, cfg.optim

        f = self.group("Data")
        self.classes = make_spin("sm_classes", 2, 6, d.n_classes)
        f.addRow("Classes C", self.classes)
        self.dataset = make_combo("sm_dataset", DATASETS, d.name)
        f.addRow("Data set", self.dataset)
        self.noise = make_slider("sm_noise", 0.0, 1.0, d.noise)
        f.addRow("Noise", self.noise)

        f = self.group("Network")
        self.depth = make_spin("sm_depth", 0, 4, len(n.hidden))
        self.depth.setToolTip("0: softmax regression, linear decision boundaries")
        f.addRow("Hidden layers", self.depth)
        self.width = make_spin("sm_width", 2, 128, n.hidden[0] if n.hidden else DEFAULT_WIDTH)
        f.addRow("Units per layer", self.width)
        self.activation = make_combo("sm_activation", ACTIVATIONS, n.activation)
        f.addRow("Activation", self.activation)
        self.bn = make_check("sm_bn", "Batch norm in hidden layers", n.batch_norm)
        f.addRow(self.bn)

        f = self.group("Training")
        self.optimizer = make_combo("sm_optimizer", OPTIMIZERS, o.name)
        f.addRow("Optimizer", self.optimizer)
        self.lr = LogSlider(1e-4, 1.0, o.learning_rate)
        self.lr.setObjectName("sm_learning_rate")
        f.addRow("Learning rate \u03b1", self.lr)
        self.batch_size = make_combo("sm_batch_size", BATCH_SIZES, cfg.batch_size)
        f.addRow("Mini-batch size", self.batch_size)

        self.error = self.error_label("sm_config_error")
        lay.addStretch(1)

        for w in (self.dataset, self.activation, self.optimizer, self.batch_size):
            w.currentIndexChanged.connect(self._changed)
        for w in (self.classes, self.depth, self.width, self.noise, self.lr):
            w.valueChanged.connect(self._changed)
        self.bn.toggled.connect(self._changed)
        self._enable()
        self._building = False

    def _enable(self) -> None:
        hidden = self.depth.value() > 0
        for w in (self.width, self.activation, self.bn):
            w.setEnabled(hidden)

    def build(self) -> TrainConfig:
        c = self._cfg
        data = replace(c.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(c.net, hidden=(self.width.value(),) * self.depth.value(),
                      activation=self.activation.currentData(), batch_norm=self.bn.isChecked())
        optim = replace(c.optim, name=self.optimizer.currentData(), learning_rate=self.lr.value())
        return replace(c, data=data, net=net, optim=optim, batch_size=self.batch_size.currentData())

    def _changed(self, *_) -> None:
        if self._building:
            return
        self._enable()
        if (cfg := self.adopt_widgets()) is not None:
            self.config_changed.emit(cfg)

    def set_config(self, cfg: TrainConfig) -> None:
        """Show ``cfg`` without emitting a change per widget."""
        self._building = True
        try:
            d, n, o = cfg.data, cfg.net, cfg.optim
            for combo, v in ((self.dataset, d.name), (self.activation, n.activation),
                             (self.optimizer, o.name), (self.batch_size, cfg.batch_size)):
                select_data(combo, v)
            self.classes.setValue(d.n_classes)
            self.noise.setValue(d.noise)
            self.depth.setValue(len(n.hidden))
            self.width.setValue(n.hidden[0] if n.hidden else self.width.value())
            self.bn.setChecked(n.batch_norm)
            self.lr.setValue(o.learning_rate)
            self._cfg = cfg
            self._enable()
        finally:
            self._building = False


class SoftmaxLabPage(LabPage):
    key = "softmax"
    title = "Softmax Lab"
    restorable = True

    def __init__(self, cfg: TrainConfig = DEFAULT_CONFIG, parent: QWidget | None = None) -> None:
        self._cfg = cfg
        self._chosen: int | None = 0
        super().__init__(parent)
        self.controls = SoftmaxControls(cfg)
        self.controls.config_changed.connect(self.apply_config)

        self.regions = SoftmaxRegionsPanel()
        self.regions.hovered.connect(self.choose)
        self.regions.picked.connect(lambda i: self.choose(i) if i >= 0 else None)
        self.example = ExamplePanel()
        self.curves = SoftmaxCurvesPanel()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.example)
        right.addWidget(self.curves)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.regions)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 1100])            # the regions get a near-square plot, the bars the rest
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(split)

    # ---------------------------------------------------------------- engine
    def make_model(self) -> partial:
        return partial(SoftmaxLab, self._cfg, chosen=self._chosen)

    def apply_config(self, cfg: TrainConfig) -> None:
        self._cfg = cfg
        self.bridge.configure(cfg)

    def choose(self, index: int | None) -> None:
        """Ask the engine to explain training example ``index``."""
        self._chosen = index
        self.bridge.invoke("choose", index)

    def load(self, cfg: TrainConfig, chosen: int | None = None) -> None:
        """Show and run ``cfg`` (a lesson, a session)."""
        self.controls.set_config(cfg)
        self.apply_config(cfg)
        if chosen is not None:
            self.choose(chosen)

    def config(self) -> TrainConfig:
        return self._cfg

    def seed(self) -> int:
        return self._cfg.seed

    def set_seed(self, seed: int) -> None:
        self.apply_config(replace(self._cfg, seed=seed))
        self.controls.set_config(self._cfg)

    def refit(self) -> None:
        self.regions.refit()
        for p in (self.curves.loss, self.curves.acc):
            p.enableAutoRange()

    def state(self) -> dict:
        return {"config": to_dict(self._cfg), "chosen": self._chosen}

    def apply_state(self, state: dict) -> None:
        """Load a preset's or session's settings; refuses (ValueError naming the field) before changing anything."""
        if not isinstance(state, dict):
            raise ValueError("softmax lab state: expected an object")
        unknown = sorted(set(state) - {"config", "chosen"})
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field; allowed: config, chosen")
        cfg = train_config_from_dict(state.get("config", {}))
        if cfg.data.name not in TOY_2D:
            raise ValueError(f"config.data.name={cfg.data.name!r}: the Softmax Lab draws 2-D data; "
                             f"choose one of {', '.join(TOY_2D)}")
        chosen = state.get("chosen", 0)
        if chosen is not None and (isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 0):
            raise ValueError(f"chosen={chosen!r}: expected a training-example index >= 0 or null")
        self.regions.pinned = False
        self.controls.set_config(cfg)
        self.apply_config(cfg)
        self.choose(chosen)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        snap: SoftmaxSnapshot = frame.snapshot
        self.regions.show_snapshot(snap)
        self.example.show_example(snap.chosen, snap.n_classes)
        self.curves.show_run(snap.run)

    def status(self, frame: Frame) -> tuple[str, str]:
        r = frame.snapshot.run
        tl, vl, va = r.last("train_loss"), r.last("val_loss"), r.last("val_acc")
        text = (f"loss {tl:.3f} / val {vl:.3f}, val acc {va:.1%}" if math.isfinite(vl) else "")
        diverged = f"diverged at step {r.diverged_at} ({r.divergence_reason})" if r.diverged else ""
        return text, diverged
