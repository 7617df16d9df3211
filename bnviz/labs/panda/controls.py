"""The Panda vs Caviar lab's settings: shared data and network, panda's checkpoints, caviar's sampling, the race."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.population import POPULATION_OPTIMIZERS
from bnviz.labs.panda.model import DATA_SETS, PandaLabConfig
from bnviz.ui.forms import (
    BATCH_SIZES,
    TIP_BATCH_SIZE,
    TIP_SGD_MOMENTUM,
    Field,
    Group,
    SettingsPanel,
    check,
    choice,
    log,
    slider,
    spin,
)
from bnviz.ui.i18n import QT_TR_NOOP, tr


TIP_OWN_DATA = QT_TR_NOOP("hand-made: your own points (File > Import data: a CSV of x1, x2, label); "
                          "all three runs train on them from step 0")


class PandaControls(SettingsPanel):
    """Settings of the three runs; emits ``config_changed(PandaLabConfig)``, or shows why not."""

    FORM = (
        Group(QT_TR_NOOP("Data and network (all runs)"), (
            Field("dataset", "train.data.name", QT_TR_NOOP("Data set"), choice(DATA_SETS), name="panda_dataset",
                  tip=TIP_OWN_DATA),
            Field("noise", "train.data.noise", QT_TR_NOOP("Noise"), slider(0.0, 1.0), name="panda_noise"),
            Field("classes", "train.data.n_classes", QT_TR_NOOP("Classes (blobs, spiral)"), spin(2, 6),
                  name="panda_classes"),
            Field("bn", "train.net.batch_norm", QT_TR_NOOP("Batch norm on"), check(), name="panda_bn"),
            Field("activation", "train.net.activation", QT_TR_NOOP("Activation"), choice(ACTIVATIONS),
                  name="panda_activation"),
            Field("batch_size", "train.batch_size", QT_TR_NOOP("Mini-batch size"), choice(BATCH_SIZES),
                  name="panda_batch_size", tip=TIP_BATCH_SIZE),
            Field("optimizer", "train.optim.name", QT_TR_NOOP("Optimizer"), choice(POPULATION_OPTIMIZERS),
                  name="panda_optimizer", tip=TIP_SGD_MOMENTUM),
        )),
        Group(QT_TR_NOOP("Panda: one model"), (
            Field("ckpt_every", "checkpoint_every", QT_TR_NOOP("Checkpoint every (steps)"), spin(1, 10000),
                  name="panda_checkpoint_every"),
            Field("keep", "keep", QT_TR_NOOP("Checkpoints kept"), spin(1, 200), name="panda_keep"),
        )),
        Group(QT_TR_NOOP("Caviar: many models"), (
            Field("n_models", "n_models", QT_TR_NOOP("Models"), spin(1, 128), name="caviar_n"),
            Field("lr_lo", "lr_from", QT_TR_NOOP("\u03b1 from"), log(1e-5, 10.0), name="caviar_lr_lo"),
            Field("lr_hi", "lr_to", QT_TR_NOOP("\u03b1 to"), log(1e-5, 10.0), name="caviar_lr_hi"),
            Field("tune_beta", "tune_beta", QT_TR_NOOP("Sample momentum \u03b2 too"), check(), name="caviar_tune_beta",
                  tip=QT_TR_NOOP("1 \u2212 \u03b2 log-uniform: \u03b2 matters through 1/(1\u2212\u03b2)")),
            Field("beta_lo", "beta_from", QT_TR_NOOP("\u03b2 from"), slider(0.5, 0.999, 3), name="caviar_beta_lo"),
            Field("beta_hi", "beta_to", QT_TR_NOOP("\u03b2 to"), slider(0.5, 0.9999, 4), name="caviar_beta_hi"),
            Field("same_init", "same_init", QT_TR_NOOP("Same initial weights"), check(), name="caviar_same_init",
                  tip=QT_TR_NOOP("Every model starts from the same weights: only the settings differ")),
            Field("halving", "halving", QT_TR_NOOP("Successive halving"), check(), name="caviar_halving",
                  tip=QT_TR_NOOP("At each rung the worse half stops; rungs get twice as far apart")),
            Field("rung", "rung_steps", QT_TR_NOOP("First rung (steps)"), spin(5, 100000), name="caviar_rung"),
        )),
        Group(QT_TR_NOOP("Race: equal compute"), (
            Field("race_steps", "race_steps", QT_TR_NOOP("Steps per caviar model"), spin(10, 100000, step=50),
                  name="race_steps_per_model"),
            Field("race_lr", "race_panda_lr", QT_TR_NOOP("Panda starts at \u03b1"), log(1e-4, 10.0),
                  name="race_panda_lr"),
            Field("race_check", "race_check_every", QT_TR_NOOP("Babysitter looks every"), spin(1, 10000),
                  name="race_check_every"),
        )),
    )

    def __init__(self, cfg: PandaLabConfig, parent: QWidget | None = None) -> None:
        super().__init__("panda_controls", cfg, parent, error_name="panda_config_error")
        self.resample = QPushButton(tr("Draw new settings"))
        self.resample.setObjectName("caviar_resample")
        self.groups["Caviar: many models"].addRow(self.resample)
        self.budget_note = QLabel()
        self.budget_note.setWordWrap(True)
        self.groups["Race: equal compute"].addRow(self.budget_note)
        self.resample.clicked.connect(self._draw_again)
        self._show_budget(cfg)

    def _draw_again(self) -> None:
        """Another sample of caviar's settings for the same seed: the config's ``draw`` counts up."""
        cfg = self.adopt_widgets()
        if cfg is not None:
            self._cfg = cfg = replace(cfg, draw=cfg.draw + 1)
            self.config_changed.emit(cfg)

    def _show_budget(self, cfg: PandaLabConfig) -> None:
        self.budget_note.setText(tr("Each side gets {budget} model-steps: panda {budget} steps of one model, "
                                    "caviar {steps} steps of each of {n}.").format(
            budget=cfg.budget, steps=cfg.race_steps, n=cfg.n_models))

    def retranslate(self) -> None:
        """The budget line in the new language (``set_language`` calls it)."""
        super().retranslate()
        self._show_budget(self.config())

    def build(self) -> PandaLabConfig:
        cfg = super().build()
        self._show_budget(cfg)
        return cfg

    def show_config(self, cfg: PandaLabConfig) -> None:
        super().show_config(cfg)
        self._show_budget(cfg)
