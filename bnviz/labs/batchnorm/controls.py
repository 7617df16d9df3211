"""The Batch Norm Lab's settings: the training form plus what the twin compares."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from bnviz.labs.batchnorm.model import TWINS, BatchNormConfig
from bnviz.ui.forms import TrainSettings, make_combo, select_data

TWIN_TEXT = {"bn": "BN vs no BN", "normalize": "normalized vs raw inputs", "off": "off: one run"}


class BatchNormControls(TrainSettings):
    """Every setting of the lab except the plot tab; emits ``config_changed(BatchNormConfig)``."""

    def __init__(self, cfg: BatchNormConfig, parent: QWidget | None = None) -> None:
        super().__init__("controls", cfg, cfg.train, parent)
        self.twin = make_combo("twin", TWINS, cfg.twin)
        for i, k in enumerate(TWINS):
            self.twin.setItemText(i, TWIN_TEXT[k])
        self.bn_group.insertRow(1, "Twin", self.twin)
        self.watch(self.twin)

    def build(self) -> BatchNormConfig:
        c = self._cfg
        return replace(c, train=self.train_from_widgets(c.train), twin=self.twin.currentData())

    def show_config(self, cfg: BatchNormConfig) -> None:
        self.show_train(cfg.train)
        select_data(self.twin, cfg.twin)
