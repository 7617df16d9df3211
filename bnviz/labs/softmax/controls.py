"""The Softmax Lab's settings: classes, data, depth and the optimizer of its one run."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS
from bnviz.engine.data import CUSTOM
from bnviz.labs.softmax.model import SoftmaxConfig
from bnviz.ui.forms import (
    BATCH_SIZES,
    TIP_BATCH_SIZE,
    TIP_LEARNING_RATE,
    TIP_OPTIMIZER,
    Field,
    Group,
    SettingsPanel,
    check,
    choice,
    hidden_depth,
    hidden_width,
    log,
    slider,
    spin,
)
from bnviz.ui.i18n import QT_TR_NOOP

DATASETS = ("blobs", "spiral")
#: the data set choice: the generated sets, and the students' own (drawn with Edit data, or imported)
DATASET_CHOICE = {"blobs": QT_TR_NOOP("blobs"), "spiral": QT_TR_NOOP("spiral"), CUSTOM: QT_TR_NOOP("hand-made")}
TIP_DATASET = QT_TR_NOOP("hand-made: your own points (Edit data on the plot, or File > Import data); "
                         "choosing it starts from the generated set on screen")
DEFAULT_WIDTH = 16


class SoftmaxControls(SettingsPanel):
    """Settings of the Softmax Lab's run; emits ``config_changed(SoftmaxConfig)``."""

    FORM = (
        Group(QT_TR_NOOP("Data"), (
            Field("classes", "train.data.n_classes", QT_TR_NOOP("Classes C"), spin(2, 6), name="sm_classes"),
            Field("dataset", "train.data.name", QT_TR_NOOP("Data set"), choice(DATASET_CHOICE), name="sm_dataset",
                  tip=TIP_DATASET),
            Field("noise", "train.data.noise", QT_TR_NOOP("Noise"), slider(0.0, 1.0), name="sm_noise"),
        )),
        Group(QT_TR_NOOP("Network"), (
            hidden_depth("sm_depth", 0, 4, tip=QT_TR_NOOP("0: softmax regression, linear decision boundaries")),
            # with 0 hidden layers the width waits, unused, for layers to come back
            hidden_width("sm_width", 2, 128, default=DEFAULT_WIDTH, keep=True),
            Field("activation", "train.net.activation", QT_TR_NOOP("Activation"), choice(ACTIVATIONS),
                  name="sm_activation"),
            Field("bn", "train.net.batch_norm", QT_TR_NOOP("Batch norm in hidden layers"), check(), name="sm_bn"),
        )),
        Group(QT_TR_NOOP("Training"), (
            Field("optimizer", "train.optim.name", QT_TR_NOOP("Optimizer"), choice(OPTIMIZERS), name="sm_optimizer",
                  tip=TIP_OPTIMIZER),
            Field("lr", "train.optim.learning_rate", QT_TR_NOOP("Learning rate \u03b1"), log(1e-4, 1.0),
                  name="sm_learning_rate", tip=TIP_LEARNING_RATE),
            Field("batch_size", "train.batch_size", QT_TR_NOOP("Mini-batch size"), choice(BATCH_SIZES),
                  name="sm_batch_size", tip=TIP_BATCH_SIZE),
        )),
    )

    def __init__(self, cfg: SoftmaxConfig, parent: QWidget | None = None) -> None:
        super().__init__("sm_controls", cfg, parent, error_name="sm_config_error")
        self.depth.valueChanged.connect(self._enable)
        self._enable()

    def _enable(self, *_) -> None:
        hidden = self.depth.value() > 0
        for w in (self.width, self.activation, self.bn):
            w.setEnabled(hidden)
