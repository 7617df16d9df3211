"""The Batch Norm Lab's settings: the training form plus what the twin compares."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bnviz.labs.batchnorm.model import TWINS, BatchNormConfig
from bnviz.ui.forms import TRAIN_FORM, Field, SettingsPanel, choice, insert_field
from bnviz.ui.i18n import QT_TR_NOOP

TWIN_TEXT = {"bn": QT_TR_NOOP("BN vs no BN"), "normalize": QT_TR_NOOP("normalized vs raw inputs"),
             "off": QT_TR_NOOP("off: one run")}


class BatchNormControls(SettingsPanel):
    """Every setting of the lab except the plot tab; emits ``config_changed(BatchNormConfig)``."""

    FORM = insert_field(TRAIN_FORM, "Batch norm", 1,
                        Field("twin", "twin", QT_TR_NOOP("Twin"), choice({k: TWIN_TEXT[k] for k in TWINS})))

    def __init__(self, cfg: BatchNormConfig, parent: QWidget | None = None) -> None:
        super().__init__("controls", cfg, parent)
