"""The test-time lab's settings: BN's running-average momentum, the variance correction, data and run."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import OPTIMIZERS
from bnviz.labs.testtime.model import TRACKED_UNITS, TestTimeConfig
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
from bnviz.ui.i18n import QT_TR_NOOP, tr

DATASETS = ("moons", "circles", "xor", "spiral", "blobs", "digits")


class TestTimeControls(SettingsPanel):
    """Settings of the test-time lab; emits ``config_changed(TestTimeConfig)``."""

    FORM = (
        Group(QT_TR_NOOP("Test-time statistics"), (
            Field("momentum", "train.net.bn_momentum", QT_TR_NOOP("Momentum \u03b2"), slider(0.0, 0.999, 3),
                  name="tt_momentum",
                  tip=QT_TR_NOOP("running = momentum \u00b7 running + (1 \u2212 momentum) \u00b7 batch statistic")),
            Field("unbiased", "unbiased", QT_TR_NOOP("m/(m\u22121) variance correction"), check(), name="tt_unbiased",
                  tip=QT_TR_NOOP("The BN paper's unbiased population variance for the "
                                 "\u201cwhole training set\u201d statistics")),
        )),
        Group(QT_TR_NOOP("Data"), (
            Field("dataset", "train.data.name", QT_TR_NOOP("Data set"), choice(DATASETS), name="tt_dataset"),
            Field("noise", "train.data.noise", QT_TR_NOOP("Noise"), slider(0.0, 1.0), name="tt_noise"),
            Field("classes", "train.data.n_classes", QT_TR_NOOP("Classes (blobs, spiral)"), spin(2, 6),
                  name="tt_classes"),
        )),
        Group(QT_TR_NOOP("Network (BN on z)"), (
            hidden_depth("tt_depth", 1, 4),
            hidden_width("tt_width", TRACKED_UNITS, 128, default=32),
            Field("activation", "train.net.activation", QT_TR_NOOP("Activation"), choice(ACTIVATIONS),
                  name="tt_activation"),
        )),
        Group(QT_TR_NOOP("Training"), (
            Field("optimizer", "train.optim.name", QT_TR_NOOP("Optimizer"), choice(OPTIMIZERS), name="tt_optimizer",
                  tip=TIP_OPTIMIZER),
            Field("lr", "train.optim.learning_rate", QT_TR_NOOP("Learning rate \u03b1"), log(1e-4, 1.0),
                  name="tt_learning_rate", tip=TIP_LEARNING_RATE),
            Field("batch_size", "train.batch_size", QT_TR_NOOP("Mini-batch size"), choice(BATCH_SIZES[2:]),
                  name="tt_batch_size", tip=TIP_BATCH_SIZE),
        )),
    )
    FIXED = {"train.net.batch_norm": True}      # the lab is about BN's statistics: it is always on

    def __init__(self, cfg: TestTimeConfig, parent: QWidget | None = None) -> None:
        super().__init__("tt_controls", cfg, parent, error_name="tt_config_error")
        self.window_label = QLabel()
        self.window_label.setObjectName("tt_window")
        self.add_below(self.momentum, self.window_label)
        self.correction_label = QLabel()
        self.correction_label.setObjectName("tt_correction")
        self._correction: tuple[int, float] | None = None      # (m, factor) last shown
        self.add_below(self.unbiased, self.correction_label)
        self.momentum.valueChanged.connect(self._show_window)
        self._show_window(cfg.train.net.bn_momentum)

    def _show_window(self, beta: float) -> None:
        # 1/(1-beta): the notes' rule of thumb for how many steps an EWA averages over
        text = (tr("\u2248 1 batch") if beta <= 0
                else tr("averages \u2248 1/(1\u2212\u03b2) = {n:.0f} batches").format(n=1 / (1 - beta)))
        self.window_label.setText(text)

    def show_correction(self, m: int, factor: float) -> None:
        """Name the factor the checkbox applies (the engine reports m and m/(m-1))."""
        self._correction = (m, factor)
        self.correction_label.setText(tr("m = {m} training rows: \u03c3\u00b2 \u00d7 {factor:.4f}").format(
            m=m, factor=factor))

    def retranslate(self) -> None:
        """The window and correction lines in the new language (``set_language`` calls it)."""
        super().retranslate()
        self._show_window(self.momentum.value())
        if self._correction is not None:
            self.show_correction(*self._correction)

    def show_config(self, cfg: TestTimeConfig) -> None:
        super().show_config(cfg)
        self._show_window(cfg.train.net.bn_momentum)
