"""Settings forms: the widgets a student changes, turned into the lab's one validated config.

Plain Qt widgets in labelled groups (every one has an objectName so tests
and lessons can drive it).  A ``SettingsPanel`` holds the lab's config it
shows; each widget change rebuilds it (``build``) and emits
``config_changed(cfg)``; a config the engine would refuse is never sent: its
``ValueError`` text is shown in red under the controls instead.
``TrainSettings`` is the form of a ``TrainConfig`` that several labs embed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import DECAYS, INITS, OPTIMIZERS, OptimConfig, TrainConfig
from bnviz.ui.log_slider import LogSlider

DATASET_CHOICES = ("moons", "circles", "xor", "spiral", "blobs", "digits")
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 60, 64, 128, 256, 512)


def make_combo(name: str, items, current) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    for it in items:
        c.addItem(str(it), it)
    c.setCurrentIndex(max(0, c.findData(current)))
    return c


def select_data(combo: QComboBox, value) -> None:
    """Select the item whose data is ``value``, adding it if a preset names one the list lacks."""
    i = combo.findData(value)
    if i < 0:
        combo.addItem(str(value), value)
        i = combo.count() - 1
    combo.setCurrentIndex(i)


def make_spin(name: str, lo: int, hi: int, value: int) -> QSpinBox:
    s = QSpinBox()
    s.setObjectName(name)
    s.setRange(lo, hi)
    s.setValue(value)
    s.setKeyboardTracking(False)
    return s


def make_check(name: str, text: str, value: bool) -> QCheckBox:
    c = QCheckBox(text)
    c.setObjectName(name)
    c.setChecked(value)
    return c


def make_slider(name: str, lo: float, hi: float, value: float, decimals: int = 2) -> QLabeledDoubleSlider:
    s = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    s.setObjectName(name)
    s.setDecimals(decimals)
    s.setRange(lo, hi)
    s.setValue(value)
    return s


class SettingsPanel(QScrollArea):
    """A scrolling column of titled form groups that shows and edits one lab config.

    Subclasses create their widgets, pass them to ``watch``, and define
    ``build()`` (the config the widgets describe, from ``self._cfg``) and
    ``show_config(cfg)`` (the widgets from a config).
    """

    config_changed = Signal(object)      # the lab's new, validated config

    def __init__(self, name: str, cfg: Any, parent: QWidget | None = None, error_name: str = "config_error") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(6, 6, 6, 6)
        self.setWidget(body)
        self.error = QLabel()          # the red line under the groups: why a setting was refused
        self.error.setObjectName(error_name)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.column.addWidget(self.error)
        self.column.addStretch(1)
        self._cfg = cfg
        self._building = False

    def group(self, title: str, at: int = -1) -> QFormLayout:
        """Add a titled group (after the others, or at position ``at``) and return its form layout."""
        g = QGroupBox(title)
        f = QFormLayout(g)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f.setContentsMargins(6, 4, 6, 4)
        self.column.insertWidget(self.column.indexOf(self.error) if at < 0 else at, g)
        return f

    def build(self) -> Any:
        """The config the widgets describe; raises ValueError naming a bad field."""
        raise NotImplementedError

    def show_config(self, cfg: Any) -> None:
        """Put ``cfg`` in the widgets."""
        raise NotImplementedError

    def config(self) -> Any:
        return self._cfg

    def set_config(self, cfg: Any) -> None:
        """Show ``cfg`` without emitting a change per widget."""
        self._building = True
        try:
            self.show_config(cfg)
            self._cfg = cfg
        finally:
            self._building = False
        self.error.clear()

    def watch(self, *widgets: QWidget) -> None:
        """Rebuild and emit the config whenever one of ``widgets`` changes."""
        for w in widgets:
            if isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.changed)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self.changed)
            else:                                   # spin boxes, sliders, log sliders
                w.valueChanged.connect(self.changed)

    def changed(self, *_: Any) -> None:
        if self._building:
            return
        old = self._cfg
        if (cfg := self.adopt_widgets()) is not None and cfg != old:
            self.config_changed.emit(cfg)

    def adopt_widgets(self) -> Any:
        """The config the widgets now show (kept as ``_cfg``), or None with the reason in the error line."""
        try:
            cfg = self.build()
        except ValueError as exc:
            self.error.setText(str(exc))
            return None
        self.error.clear()
        self._cfg = cfg
        return cfg


class TrainSettings(SettingsPanel):
    """The form of a ``TrainConfig`` (data, network, batch norm, optimizer), for labs that train one.

    A lab's controls subclass it, add their own widgets, and build their
    config with ``train_from_widgets`` / show it with ``show_train``.
    """

    def __init__(self, name: str, cfg: Any, train: TrainConfig, parent: QWidget | None = None) -> None:
        super().__init__(name, cfg, parent)
        d, n, o = train.data, train.net, train.optim

        f = self.group("Data")
        self.dataset = make_combo("dataset", DATASET_CHOICES, d.name)
        f.addRow("Data set", self.dataset)
        self.noise = make_slider("noise", 0.0, 1.0, d.noise)
        f.addRow("Noise", self.noise)
        self.classes = make_spin("classes", 2, 6, d.n_classes)
        f.addRow("Classes (blobs, spiral)", self.classes)
        self.normalize = make_check("normalize", "Normalize inputs", d.normalize)
        f.addRow(self.normalize)
        self.elongate = make_slider("elongate", 1.0, 20.0, d.elongate, 1)
        self.elongate.setToolTip("Stretch and offset the first raw input (2-D sets): elongated cost contours")
        f.addRow("Stretch x\u2081", self.elongate)

        f = self.group("Network")
        self.depth = make_spin("depth", 1, 8, max(1, len(n.hidden)))
        f.addRow("Hidden layers", self.depth)
        self.width = make_spin("width", 1, 256, n.hidden[0] if n.hidden else 16)
        f.addRow("Units per layer", self.width)
        self.activation = make_combo("activation", ACTIVATIONS, n.activation)
        f.addRow("Activation", self.activation)
        self.init = make_combo("init", INITS, n.init)
        f.addRow("Init", self.init)
        self.init_std = LogSlider(1e-3, 1.0, n.init_std)
        self.init_std.setObjectName("init_std")
        f.addRow("Gaussian init std", self.init_std)

        f = self.bn_group = self.group("Batch norm")
        self.bn = make_check("bn", "Batch norm on", n.batch_norm)
        f.addRow(self.bn)
        self.placement = make_combo("placement", ("before", "after"), n.bn_placement)
        self.placement.setItemText(0, "on z, before activation")
        self.placement.setItemText(1, "on a, after activation")
        f.addRow("BN placement", self.placement)
        self.bn_eps = LogSlider(1e-8, 1e-1, n.bn_eps)
        self.bn_eps.setObjectName("bn_eps")
        f.addRow("BN eps", self.bn_eps)
        self.bn_momentum = make_slider("bn_momentum", 0.0, 0.999, n.bn_momentum, 3)
        f.addRow("Running avg momentum", self.bn_momentum)
        self.keep_bias = make_check("keep_bias", "Keep Dense bias b", n.keep_bias)
        f.addRow(self.keep_bias)

        f = self.group("Optimizer")
        self.optimizer = make_combo("optimizer", OPTIMIZERS, o.name)
        f.addRow("Optimizer", self.optimizer)
        self.lr = LogSlider(1e-4, 10.0, o.learning_rate)
        self.lr.setObjectName("learning_rate")
        f.addRow("Learning rate \u03b1", self.lr)
        self.beta1 = make_slider("beta1", 0.0, 0.999, o.beta1, 3)
        f.addRow("\u03b2\u2081 (momentum)", self.beta1)
        self.beta2 = make_slider("beta2", 0.0, 0.9999, o.beta2, 4)
        f.addRow("\u03b2\u2082", self.beta2)
        self.adam_eps = LogSlider(1e-10, 1e-1, o.eps)
        self.adam_eps.setObjectName("adam_eps")
        f.addRow("\u03b5", self.adam_eps)
        self.decay = make_combo("decay", DECAYS, o.decay)
        f.addRow("LR decay", self.decay)
        self.decay_rate = QDoubleSpinBox()
        self.decay_rate.setObjectName("decay_rate")
        self.decay_rate.setRange(0.0, 100.0)
        self.decay_rate.setDecimals(3)
        self.decay_rate.setValue(o.decay_rate)
        self.decay_rate.setKeyboardTracking(False)
        f.addRow("Decay rate", self.decay_rate)
        self.batch_size = make_combo("batch_size", BATCH_SIZES, train.batch_size)
        f.addRow("Mini-batch size", self.batch_size)
        self.l2 = QDoubleSpinBox()
        self.l2.setObjectName("l2")
        self.l2.setRange(0.0, 1.0)
        self.l2.setDecimals(4)
        self.l2.setSingleStep(0.0005)
        self.l2.setValue(o.weight_decay)
        self.l2.setKeyboardTracking(False)
        f.addRow("L2 \u03bb", self.l2)

        self.watch(self.dataset, self.activation, self.init, self.placement, self.optimizer, self.decay,
                   self.batch_size, self.classes, self.depth, self.width, self.decay_rate, self.l2,
                   self.normalize, self.bn, self.keep_bias, self.noise, self.elongate, self.bn_momentum,
                   self.beta1, self.beta2, self.init_std, self.bn_eps, self.lr, self.adam_eps)

    def train_from_widgets(self, c: TrainConfig) -> TrainConfig:
        """``c`` with what the widgets show; raises ValueError naming a bad field."""
        data = replace(c.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value(), normalize=self.normalize.isChecked(),
                       elongate=round(self.elongate.value(), 2))
        net = replace(c.net, hidden=(self.width.value(),) * self.depth.value(),
                      activation=self.activation.currentData(), init=self.init.currentData(),
                      init_std=self.init_std.value(), batch_norm=self.bn.isChecked(),
                      bn_placement=self.placement.currentData(), bn_eps=self.bn_eps.value(),
                      bn_momentum=round(self.bn_momentum.value(), 4), keep_bias=self.keep_bias.isChecked())
        optim = OptimConfig(name=self.optimizer.currentData(), learning_rate=self.lr.value(),
                            beta1=round(self.beta1.value(), 4), beta2=round(self.beta2.value(), 5),
                            eps=self.adam_eps.value(), weight_decay=self.l2.value(),
                            decay=self.decay.currentData(), decay_rate=self.decay_rate.value())
        return replace(c, data=data, net=net, optim=optim, batch_size=self.batch_size.currentData())

    def show_train(self, cfg: TrainConfig) -> None:
        """Put ``cfg`` in the training widgets (call from ``show_config``)."""
        d, n, o = cfg.data, cfg.net, cfg.optim
        for combo, v in ((self.dataset, d.name), (self.activation, n.activation), (self.init, n.init),
                         (self.placement, n.bn_placement), (self.optimizer, o.name), (self.decay, o.decay),
                         (self.batch_size, cfg.batch_size)):
            select_data(combo, v)
        self.noise.setValue(d.noise)
        self.classes.setValue(d.n_classes)
        self.normalize.setChecked(d.normalize)
        self.elongate.setValue(d.elongate)
        self.depth.setValue(max(1, len(n.hidden)))
        self.width.setValue(n.hidden[0] if n.hidden else 16)
        self.init_std.setValue(n.init_std)
        self.bn.setChecked(n.batch_norm)
        self.bn_eps.setValue(n.bn_eps)
        self.bn_momentum.setValue(n.bn_momentum)
        self.keep_bias.setChecked(n.keep_bias)
        self.lr.setValue(o.learning_rate)
        self.beta1.setValue(o.beta1)
        self.beta2.setValue(o.beta2)
        self.adam_eps.setValue(o.eps)
        self.decay_rate.setValue(o.decay_rate)
        self.l2.setValue(o.weight_decay)
