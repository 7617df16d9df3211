"""The Panda vs Caviar lab's settings: shared data and network, panda's checkpoints, caviar's sampling, the race."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.population import POPULATION_OPTIMIZERS
from bnviz.labs.panda.model import TOY_SETS, PandaLabConfig
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


def _log_slider(name: str, lo: float, hi: float, value: float) -> LogSlider:
    s = LogSlider(lo, hi, value)
    s.setObjectName(name)
    return s


class PandaControls(SettingsPanel):
    """Settings of the three runs; emits ``config_changed(PandaLabConfig)``, or shows why not."""

    def __init__(self, cfg: PandaLabConfig, parent: QWidget | None = None) -> None:
        super().__init__("panda_controls", cfg, parent, error_name="panda_config_error")
        train = cfg.train
        d, n = train.data, train.net

        f = self.group("Data and network (all runs)")
        self.dataset = make_combo("panda_dataset", TOY_SETS, d.name)
        f.addRow("Data set", self.dataset)
        self.noise = make_slider("panda_noise", 0.0, 1.0, d.noise)
        f.addRow("Noise", self.noise)
        self.classes = make_spin("panda_classes", 2, 6, d.n_classes)
        f.addRow("Classes (blobs, spiral)", self.classes)
        self.bn = make_check("panda_bn", "Batch norm on", n.batch_norm)
        f.addRow(self.bn)
        self.activation = make_combo("panda_activation", ACTIVATIONS, n.activation)
        f.addRow("Activation", self.activation)
        self.batch_size = make_combo("panda_batch_size", BATCH_SIZES, train.batch_size)
        f.addRow("Mini-batch size", self.batch_size)
        self.optimizer = make_combo("panda_optimizer", POPULATION_OPTIMIZERS, train.optim.name)
        f.addRow("Optimizer", self.optimizer)

        f = self.group("Panda: one model")
        self.ckpt_every = make_spin("panda_checkpoint_every", 1, 10000, cfg.checkpoint_every)
        f.addRow("Checkpoint every (steps)", self.ckpt_every)
        self.keep = make_spin("panda_keep", 1, 200, cfg.keep)
        f.addRow("Checkpoints kept", self.keep)

        f = self.group("Caviar: many models")
        self.n_models = make_spin("caviar_n", 1, 128, cfg.n_models)
        f.addRow("Models", self.n_models)
        self.lr_lo = _log_slider("caviar_lr_lo", 1e-5, 10.0, cfg.lr_from)
        f.addRow("\u03b1 from", self.lr_lo)
        self.lr_hi = _log_slider("caviar_lr_hi", 1e-5, 10.0, cfg.lr_to)
        f.addRow("\u03b1 to", self.lr_hi)
        self.tune_beta = make_check("caviar_tune_beta", "Sample momentum \u03b2 too", cfg.tune_beta)
        self.tune_beta.setToolTip("1 \u2212 \u03b2 log-uniform: \u03b2 matters through 1/(1\u2212\u03b2)")
        f.addRow(self.tune_beta)
        self.beta_lo = make_slider("caviar_beta_lo", 0.5, 0.999, cfg.beta_from, 3)
        f.addRow("\u03b2 from", self.beta_lo)
        self.beta_hi = make_slider("caviar_beta_hi", 0.5, 0.9999, cfg.beta_to, 4)
        f.addRow("\u03b2 to", self.beta_hi)
        self.same_init = make_check("caviar_same_init", "Same initial weights", cfg.same_init)
        self.same_init.setToolTip("Every model starts from the same weights: only the settings differ")
        f.addRow(self.same_init)
        self.halving = make_check("caviar_halving", "Successive halving", cfg.halving)
        self.halving.setToolTip("At each rung the worse half stops; rungs get twice as far apart")
        f.addRow(self.halving)
        self.rung = make_spin("caviar_rung", 5, 100000, cfg.rung_steps)
        f.addRow("First rung (steps)", self.rung)
        self.resample = QPushButton("Draw new settings")
        self.resample.setObjectName("caviar_resample")
        f.addRow(self.resample)

        f = self.group("Race: equal compute")
        self.race_steps = make_spin("race_steps_per_model", 10, 100000, cfg.race_steps)
        self.race_steps.setSingleStep(50)
        f.addRow("Steps per caviar model", self.race_steps)
        self.race_lr = _log_slider("race_panda_lr", 1e-4, 10.0, cfg.race_panda_lr)
        f.addRow("Panda starts at \u03b1", self.race_lr)
        self.race_check = make_spin("race_check_every", 1, 10000, cfg.race_check_every)
        f.addRow("Babysitter looks every", self.race_check)
        self.budget_note = QLabel()
        self.budget_note.setWordWrap(True)
        f.addRow(self.budget_note)

        self.watch(self.dataset, self.activation, self.batch_size, self.optimizer, self.classes, self.ckpt_every,
                   self.keep, self.n_models, self.rung, self.race_steps, self.race_check, self.bn, self.tune_beta,
                   self.same_init, self.halving, self.noise, self.beta_lo, self.beta_hi, self.lr_lo, self.lr_hi,
                   self.race_lr)
        self.resample.clicked.connect(self._draw_again)
        self._show_budget(cfg)

    def _draw_again(self) -> None:
        """Another sample of caviar's settings for the same seed: the config's ``draw`` counts up."""
        cfg = self.adopt_widgets()
        if cfg is not None:
            self._cfg = cfg = replace(cfg, draw=cfg.draw + 1)
            self.config_changed.emit(cfg)

    def _show_budget(self, cfg: PandaLabConfig) -> None:
        self.budget_note.setText(f"Each side gets {cfg.budget} model-steps: panda {cfg.budget} steps of one model, "
                                 f"caviar {cfg.race_steps} steps of each of {cfg.n_models}.")

    def build(self) -> PandaLabConfig:
        c = self._cfg
        t = c.train
        data = replace(t.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(t.net, batch_norm=self.bn.isChecked(), activation=self.activation.currentData())
        train = replace(t, data=data, net=net, batch_size=self.batch_size.currentData(),
                        optim=replace(t.optim, name=self.optimizer.currentData()))
        cfg = replace(c, train=train, checkpoint_every=self.ckpt_every.value(), keep=self.keep.value(),
                      n_models=self.n_models.value(), lr_from=self.lr_lo.value(), lr_to=self.lr_hi.value(),
                      tune_beta=self.tune_beta.isChecked(), beta_from=round(self.beta_lo.value(), 4),
                      beta_to=round(self.beta_hi.value(), 5), same_init=self.same_init.isChecked(),
                      halving=self.halving.isChecked(), rung_steps=self.rung.value(),
                      race_steps=self.race_steps.value(), race_panda_lr=self.race_lr.value(),
                      race_check_every=self.race_check.value())
        self._show_budget(cfg)
        return cfg

    def show_config(self, cfg: PandaLabConfig) -> None:
        t = cfg.train
        for combo, v in ((self.dataset, t.data.name), (self.activation, t.net.activation),
                         (self.batch_size, t.batch_size), (self.optimizer, t.optim.name)):
            select_data(combo, v)
        self.noise.setValue(t.data.noise)
        self.classes.setValue(t.data.n_classes)
        self.bn.setChecked(t.net.batch_norm)
        for check, v in ((self.tune_beta, cfg.tune_beta), (self.same_init, cfg.same_init),
                         (self.halving, cfg.halving)):
            check.setChecked(v)
        for w, v in ((self.ckpt_every, cfg.checkpoint_every), (self.keep, cfg.keep), (self.n_models, cfg.n_models),
                     (self.lr_lo, cfg.lr_from), (self.lr_hi, cfg.lr_to), (self.beta_lo, cfg.beta_from),
                     (self.beta_hi, cfg.beta_to), (self.rung, cfg.rung_steps), (self.race_steps, cfg.race_steps),
                     (self.race_lr, cfg.race_panda_lr), (self.race_check, cfg.race_check_every)):
            w.setValue(v)
        self._show_budget(cfg)
