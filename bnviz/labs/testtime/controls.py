"""The test-time lab's settings: BN's running-average momentum, the variance correction, data and run."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS
from bnviz.labs.testtime.model import TRACKED_UNITS, TestTimeConfig
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

DATASETS = ("moons", "circles", "xor", "spiral", "blobs", "digits")


class TestTimeControls(SettingsPanel):
    """Settings of the test-time lab; emits ``config_changed(TestTimeConfig)``."""

    def __init__(self, cfg: TestTimeConfig, parent: QWidget | None = None) -> None:
        super().__init__("tt_controls", cfg, parent, error_name="tt_config_error")
        train = cfg.train
        d, n, o = train.data, train.net, train.optim

        f = self.group("Test-time statistics")
        self.momentum = make_slider("tt_momentum", 0.0, 0.999, n.bn_momentum, 3)
        self.momentum.setToolTip("running = momentum \u00b7 running + (1 \u2212 momentum) \u00b7 batch statistic")
        f.addRow("Momentum \u03b2", self.momentum)
        self.window_label = QLabel()
        self.window_label.setObjectName("tt_window")
        f.addRow(self.window_label)
        self.unbiased = make_check("tt_unbiased", "m/(m\u22121) variance correction", cfg.unbiased)
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
        self.batch_size = make_combo("tt_batch_size", BATCH_SIZES[2:], train.batch_size)
        f.addRow("Mini-batch size", self.batch_size)

        self.watch(self.dataset, self.activation, self.optimizer, self.batch_size, self.classes, self.depth,
                   self.width, self.momentum, self.noise, self.lr, self.unbiased)
        self.momentum.valueChanged.connect(self._show_window)
        self._show_window(n.bn_momentum)

    def _show_window(self, beta: float) -> None:
        # 1/(1-beta): the notes' rule of thumb for how many steps an EWA averages over
        text = "\u2248 1 batch" if beta <= 0 else f"averages \u2248 1/(1\u2212\u03b2) = {1 / (1 - beta):.0f} batches"
        self.window_label.setText(text)

    def show_correction(self, m: int, factor: float) -> None:
        """Name the factor the checkbox applies (the engine reports m and m/(m-1))."""
        self.correction_label.setText(f"m = {m} training rows: \u03c3\u00b2 \u00d7 {factor:.4f}")

    def build(self) -> TestTimeConfig:
        c = self._cfg.train
        data = replace(c.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(c.net, hidden=(self.width.value(),) * self.depth.value(),
                      activation=self.activation.currentData(), batch_norm=True,
                      bn_momentum=round(self.momentum.value(), 4))
        optim = replace(c.optim, name=self.optimizer.currentData(), learning_rate=self.lr.value())
        train = replace(c, data=data, net=net, optim=optim, batch_size=self.batch_size.currentData())
        return replace(self._cfg, train=train, unbiased=self.unbiased.isChecked())

    def show_config(self, cfg: TestTimeConfig) -> None:
        t = cfg.train
        d, n, o = t.data, t.net, t.optim
        for combo, v in ((self.dataset, d.name), (self.activation, n.activation),
                         (self.optimizer, o.name), (self.batch_size, t.batch_size)):
            select_data(combo, v)
        self.noise.setValue(d.noise)
        self.classes.setValue(d.n_classes)
        self.depth.setValue(max(1, len(n.hidden)))
        self.width.setValue(n.hidden[0] if n.hidden else 32)
        self.momentum.setValue(n.bn_momentum)
        self.lr.setValue(o.learning_rate)
        self.unbiased.setChecked(cfg.unbiased)
        self._show_window(n.bn_momentum)
