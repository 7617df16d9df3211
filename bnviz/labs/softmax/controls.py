"""The Softmax Lab's settings: classes, data, depth and the optimizer of its one run."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS
from bnviz.labs.softmax.model import SoftmaxConfig
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

DATASETS = ("blobs", "spiral")
DEFAULT_WIDTH = 16


class SoftmaxControls(SettingsPanel):
    """Settings of the Softmax Lab's run; emits ``config_changed(SoftmaxConfig)``."""

    def __init__(self, cfg: SoftmaxConfig, parent: QWidget | None = None) -> None:
        super().__init__("sm_controls", cfg, parent, error_name="sm_config_error")
        train = cfg.train
        d, n, o = train.data, train.net, train.optim

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
        self.batch_size = make_combo("sm_batch_size", BATCH_SIZES, train.batch_size)
        f.addRow("Mini-batch size", self.batch_size)

        self.watch(self.dataset, self.activation, self.optimizer, self.batch_size, self.classes, self.depth,
                   self.width, self.noise, self.lr, self.bn)
        self.depth.valueChanged.connect(self._enable)
        self._enable()

    def _enable(self, *_) -> None:
        hidden = self.depth.value() > 0
        for w in (self.width, self.activation, self.bn):
            w.setEnabled(hidden)

    def build(self) -> SoftmaxConfig:
        c = self._cfg.train
        data = replace(c.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(c.net, hidden=(self.width.value(),) * self.depth.value(),
                      activation=self.activation.currentData(), batch_norm=self.bn.isChecked())
        optim = replace(c.optim, name=self.optimizer.currentData(), learning_rate=self.lr.value())
        train = replace(c, data=data, net=net, optim=optim, batch_size=self.batch_size.currentData())
        return replace(self._cfg, train=train)

    def show_config(self, cfg: SoftmaxConfig) -> None:
        t = cfg.train
        d, n, o = t.data, t.net, t.optim
        for combo, v in ((self.dataset, d.name), (self.activation, n.activation),
                         (self.optimizer, o.name), (self.batch_size, t.batch_size)):
            select_data(combo, v)
        self.classes.setValue(d.n_classes)
        self.noise.setValue(d.noise)
        self.depth.setValue(len(n.hidden))
        self.width.setValue(n.hidden[0] if n.hidden else self.width.value())
        self.bn.setChecked(n.batch_norm)
        self.lr.setValue(o.learning_rate)
