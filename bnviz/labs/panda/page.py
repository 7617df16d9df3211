"""Panda vs Caviar (syllabus H7, H8): babysit one model, or train many at once and keep the best.

Three pages share one data set, network and seed:

* Panda: one model trains live; the dials change alpha and beta from the
  next step on, each change is marked on the curve, checkpoints are kept and
  any of them can be rolled back to.
* Caviar: N models with sampled learning rates (log-uniform) and optionally
  momenta (1 - beta log-uniform) train at once, vectorized over a model axis;
  optional successive halving.
* Race: the same compute spent both ways, with the final best compared.

The toolbar's Play/Step/Reset drive the page that is showing.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from bnviz.bridge.training import Frame
from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.population import POPULATION_OPTIMIZERS, CaviarConfig
from bnviz.engine.serialize import to_dict, train_config_from_dict
from bnviz.labs.page import LabPage
from bnviz.labs.panda.model import (
    MODES,
    PandaConfig,
    PandaVsCaviar,
    PandaVsCaviarConfig,
    RaceConfig,
)
from bnviz.labs.panda.panels.babysit import PandaPanel
from bnviz.labs.panda.panels.caviar import CaviarPanel
from bnviz.labs.panda.panels.race import RacePanel
from bnviz.search.spaces import LogUniform, OneMinusLogUniform
from bnviz.ui.forms import BATCH_SIZES, make_check, make_combo, make_slider, make_spin
from bnviz.ui.log_slider import LogSlider

TOY_SETS = ("spiral", "moons", "circles", "xor", "blobs")
# at most ~20 redraws a second (caviar's N curves: ~10): every millisecond the GUI holds is taken from training
DRAW_INTERVAL = {"panda": 0.05, "caviar": 0.1, "race": 0.05}

DEFAULT_TRAIN = TrainConfig(
    data=DataConfig(name="spiral", n_samples=600, noise=0.2, n_classes=3, seed=0),
    net=NetConfig(hidden=(16, 16, 16), activation="relu", batch_norm=True),
    optim=OptimConfig(name="momentum", learning_rate=0.05, beta1=0.9), batch_size=32, seed=0, probe_every=10)


def sample_hyperparameters(n: int, lr_range: tuple[float, float], beta_range: tuple[float, float] | None,
                           seed: int, draw: int = 0) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
    """Caviar's settings: alpha log-uniform, and 1 - beta log-uniform when ``beta_range`` is given.

    The learning rates are drawn first, so switching momentum sampling on
    or off keeps them.  ``draw`` numbers successive re-draws for one seed.
    """
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), int(draw), 0x50A4DA]))
    lrs = LogUniform(*lr_range).sample(rng, n)
    betas = OneMinusLogUniform(*beta_range).sample(rng, n) if beta_range is not None else None
    return (tuple(float(f"{v:.4g}") for v in lrs),
            None if betas is None else tuple(float(f"{v:.5g}") for v in betas))


class PandaControls(QScrollArea):
    """The settings of the three runs; emits ``changed`` with a validated config, or shows the error."""

    changed = Signal(object)

    def __init__(self, train: TrainConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panda_controls")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        self.setWidget(body)
        self._building = True
        self.draw = 0
        d, n = train.data, train.net

        f = self._group(lay, "Data and network (all runs)")
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

        f = self._group(lay, "Panda: one model")
        self.ckpt_every = make_spin("panda_checkpoint_every", 1, 10000, 50)
        f.addRow("Checkpoint every (steps)", self.ckpt_every)
        self.keep = make_spin("panda_keep", 1, 200, 20)
        f.addRow("Checkpoints kept", self.keep)

        f = self._group(lay, "Caviar: many models")
        self.n_models = make_spin("caviar_n", 1, 128, 25)
        f.addRow("Models", self.n_models)
        self.lr_lo = LogSlider(1e-5, 10.0, 1e-3)
        self.lr_lo.setObjectName("caviar_lr_lo")
        f.addRow("\u03b1 from", self.lr_lo)
        self.lr_hi = LogSlider(1e-5, 10.0, 1.0)
        self.lr_hi.setObjectName("caviar_lr_hi")
        f.addRow("\u03b1 to", self.lr_hi)
        self.tune_beta = make_check("caviar_tune_beta", "Sample momentum \u03b2 too", False)
        self.tune_beta.setToolTip("1 \u2212 \u03b2 log-uniform: \u03b2 matters through 1/(1\u2212\u03b2)")
        f.addRow(self.tune_beta)
        self.beta_lo = make_slider("caviar_beta_lo", 0.5, 0.999, 0.9, 3)
        f.addRow("\u03b2 from", self.beta_lo)
        self.beta_hi = make_slider("caviar_beta_hi", 0.5, 0.9999, 0.999, 4)
        f.addRow("\u03b2 to", self.beta_hi)
        self.same_init = make_check("caviar_same_init", "Same initial weights", False)
        self.same_init.setToolTip("Every model starts from the same weights: only the settings differ")
        f.addRow(self.same_init)
        self.halving = make_check("caviar_halving", "Successive halving", False)
        self.halving.setToolTip("At each rung the worse half stops; rungs get twice as far apart")
        f.addRow(self.halving)
        self.rung = make_spin("caviar_rung", 5, 100000, 100)
        f.addRow("First rung (steps)", self.rung)
        self.resample = QPushButton("Draw new settings")
        self.resample.setObjectName("caviar_resample")
        f.addRow(self.resample)

        f = self._group(lay, "Race: equal compute")
        self.race_steps = make_spin("race_steps_per_model", 10, 100000, 400)
        self.race_steps.setSingleStep(50)
        f.addRow("Steps per caviar model", self.race_steps)
        self.race_lr = LogSlider(1e-4, 10.0, 0.05)
        self.race_lr.setObjectName("race_panda_lr")
        f.addRow("Panda starts at \u03b1", self.race_lr)
        self.race_check = make_spin("race_check_every", 1, 10000, 50)
        f.addRow("Babysitter looks every", self.race_check)
        self.budget_note = QLabel()
        self.budget_note.setWordWrap(True)
        f.addRow(self.budget_note)

        self.error = QLabel()
        self.error.setObjectName("panda_config_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        lay.addWidget(self.error)
        lay.addStretch(1)

        for w in (self.dataset, self.activation, self.batch_size, self.optimizer):
            w.currentIndexChanged.connect(self._changed)
        for w in (self.classes, self.ckpt_every, self.keep, self.n_models, self.rung, self.race_steps,
                  self.race_check):
            w.valueChanged.connect(self._changed)
        for w in (self.bn, self.tune_beta, self.same_init, self.halving):
            w.toggled.connect(self._changed)
        for w in (self.noise, self.beta_lo, self.beta_hi, self.lr_lo, self.lr_hi, self.race_lr):
            w.valueChanged.connect(self._changed)
        self.resample.clicked.connect(self._redraw)
        self._building = False

    @staticmethod
    def _group(lay: QVBoxLayout, title: str) -> QFormLayout:
        g = QGroupBox(title)
        f = QFormLayout(g)
        f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        f.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(g)
        return f

    def _redraw(self) -> None:
        self.draw += 1
        self._changed()

    def build(self, base: TrainConfig, panda_optim: OptimConfig) -> PandaVsCaviarConfig:
        """The lab config the widgets describe; raises ValueError naming a bad field."""
        data = replace(base.data, name=self.dataset.currentData(), noise=round(self.noise.value(), 3),
                       n_classes=self.classes.value())
        net = replace(base.net, batch_norm=self.bn.isChecked(), activation=self.activation.currentData())
        name = self.optimizer.currentData()
        train = replace(base, data=data, net=net, batch_size=self.batch_size.currentData(),
                        optim=replace(base.optim, name=name))
        lo, hi = self.lr_lo.value(), self.lr_hi.value()
        if not lo < hi:
            raise ValueError(f"\u03b1 from={lo:g} is out of range: must be below \u03b1 to={hi:g}")
        beta_range = None
        if self.tune_beta.isChecked():
            blo, bhi = round(self.beta_lo.value(), 4), round(self.beta_hi.value(), 5)
            if not blo < bhi:
                raise ValueError(f"\u03b2 from={blo:g} is out of range: must be below \u03b2 to={bhi:g}")
            beta_range = (blo, bhi)
        lrs, betas = sample_hyperparameters(self.n_models.value(), (lo, hi), beta_range, train.seed, self.draw)
        caviar = CaviarConfig(train=train, learning_rates=lrs, betas=betas, same_init=self.same_init.isChecked(),
                              halving=self.halving.isChecked(), rung_steps=self.rung.value())
        panda = PandaConfig(train=replace(train, optim=replace(panda_optim, name=name)),
                            checkpoint_every=self.ckpt_every.value(), keep=self.keep.value())
        budget = self.n_models.value() * self.race_steps.value()
        race = RaceConfig(caviar=caviar, panda_lr=self.race_lr.value(), panda_beta=panda_optim.beta1,
                          budget=budget, check_every=self.race_check.value())
        self.budget_note.setText(f"Each side gets {budget} model-steps: panda {budget} steps of one model, "
                                 f"caviar {self.race_steps.value()} steps of each of {self.n_models.value()}.")
        return PandaVsCaviarConfig(panda=panda, caviar=caviar, race=race)

    def _changed(self, *_a) -> None:
        if not self._building:
            self.changed.emit(None)

    def set_state(self, d: dict) -> None:
        """Show saved settings (``PandaLab.state()``'s ``controls``) without emitting per widget."""
        self._building = True
        try:
            for name, v in d.items():
                w = getattr(self, name, None)
                if w is None:
                    continue
                if hasattr(w, "findData"):
                    i = w.findData(v)
                    if i >= 0:
                        w.setCurrentIndex(i)
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(v))
                elif isinstance(w, (QSpinBox, QLabeledDoubleSlider, LogSlider)):
                    w.setValue(v)
            self.draw = int(d.get("draw", self.draw))
        finally:
            self._building = False

    def get_state(self) -> dict:
        out: dict = {"draw": self.draw}
        for name in ("dataset", "activation", "batch_size", "optimizer"):
            out[name] = getattr(self, name).currentData()
        for name in ("bn", "tune_beta", "same_init", "halving"):
            out[name] = getattr(self, name).isChecked()
        for name in ("noise", "classes", "ckpt_every", "keep", "n_models", "lr_lo", "lr_hi", "beta_lo", "beta_hi",
                     "rung", "race_steps", "race_lr", "race_check"):
            out[name] = getattr(self, name).value()
        return out


#: A saved checkpoint's and change mark's metadata (a session file holds no weights): field -> kind.
CHECKPOINT_FIELDS = {"step": "int", "epoch": "int", "val_loss": "num", "val_acc": "num", "learning_rate": "num",
                     "beta": "num"}
MARK_FIELDS = {"step": "int", "kind": ("lr", "beta", "optimizer", "rollback"), "label": "text",
               "learning_rate": "num", "beta": "num"}
MAX_RECORDS = 1000


def _num(v: float) -> float | None:
    """A float for strict JSON: nan (a diverged run's loss) is written as null."""
    return None if v is None or not math.isfinite(v) else float(v)


def _check_records(name: str, records, fields: dict) -> list[dict]:
    """Validate a list of saved metadata records; ValueError naming the bad field."""
    if not isinstance(records, list):
        raise ValueError(f"{name}: expected a list")
    if len(records) > MAX_RECORDS:
        raise ValueError(f"{name}: {len(records)} entries; at most {MAX_RECORDS}")
    out = []
    for i, r in enumerate(records):
        where = f"{name}[{i}]"
        if not isinstance(r, dict):
            raise ValueError(f"{where}: expected an object")
        bad = sorted(set(r) - set(fields))
        if bad:
            raise ValueError(f"{where}.{bad[0]}: unknown field; allowed: {', '.join(fields)}")
        rec: dict = {}
        for f, kind in fields.items():
            if f not in r:
                raise ValueError(f"{where}.{f}: missing")
            v = r[f]
            if kind == "int":
                ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10**12
            elif kind == "num":
                ok = v is None or isinstance(v, (int, float)) and not isinstance(v, bool)
                v = float(v) if ok and v is not None and math.isfinite(v) else None if ok else v
            elif kind == "text":
                ok = isinstance(v, str) and len(v) <= 200
            else:
                ok = v in kind
            if not ok:
                raise ValueError(f"{where}.{f}={v!r} is not allowed")
            rec[f] = v
        out.append(rec)
    return out


class PandaLab(LabPage):
    key = "panda"
    title = "Panda vs Caviar"
    restorable = True

    def __init__(self, train: TrainConfig = DEFAULT_TRAIN, parent: QWidget | None = None) -> None:
        self._train = train
        self._panda_optim = train.optim
        self._mode = "panda"
        super().__init__(parent)
        self.controls = PandaControls(train)
        self.controls.changed.connect(lambda _=None: self.apply_config())
        self._cfg = self.controls.build(self._train, self._panda_optim)

        self.panda = PandaPanel()
        self.caviar = CaviarPanel()
        self.race = RacePanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("panda_modes")
        self.tabs.addTab(self.panda, "Panda: babysit one model")
        self.tabs.addTab(self.caviar, "Caviar: many models at once")
        self.tabs.addTab(self.race, "Race: same compute")
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.tabs)

        self.panda.nudge_requested.connect(self.nudge)
        self.panda.rollback_requested.connect(self.rollback)
        self.panda.checkpoint_requested.connect(lambda: self.bridge.invoke("checkpoint"))
        self.panda.set_dials(self._panda_optim.learning_rate, self._panda_optim.beta1)
        self._saved: tuple[list[dict], list[dict]] = ([], [])    # an opened session's checkpoint metadata
        self._drawn_at = 0.0
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.timeout.connect(self._draw_pending)

    # ---------------------------------------------------------------- engine
    def make_model(self) -> partial:
        return partial(PandaVsCaviar, self._cfg, self._mode)

    def config(self) -> PandaVsCaviarConfig:
        return self._cfg

    @property
    def mode(self) -> str:
        return self._mode

    def apply_config(self) -> None:
        try:
            cfg = self.controls.build(self._train, self._panda_optim)
        except ValueError as exc:
            self.controls.error.setText(str(exc))
            return
        self.controls.error.clear()
        self._train = cfg.panda.train
        self._cfg = cfg
        self.bridge.configure(cfg, mode=self._mode)

    def set_mode(self, mode: str) -> None:
        self.tabs.setCurrentIndex(MODES.index(mode))

    def _tab_changed(self, index: int) -> None:
        self._mode = MODES[index]
        mode = self._mode
        self.bridge.invoke("set_mode", mode)
        if self.frame is not None:
            self._draw(self.frame)

    def nudge(self, lr: float | None, beta: float | None) -> None:
        """Panda's dials: a new alpha and/or beta from the next step (a marked change)."""
        o = self._panda_optim
        self._panda_optim = replace(o, learning_rate=o.learning_rate if lr is None else float(lr),
                                    beta1=o.beta1 if beta is None else float(beta))
        self.bridge.invoke("nudge", lr, beta)

    def rollback(self, step: int) -> None:
        self.bridge.invoke("rollback", step)

    def load(self, cfg: TrainConfig | None = None, mode: str | None = None, **controls) -> None:
        """Show and run a preset: a training config, a page, and control values by name."""
        if cfg is not None:
            self._train = cfg
            self._panda_optim = cfg.optim
            self.panda.set_dials(cfg.optim.learning_rate, cfg.optim.beta1)
            d, n = cfg.data, cfg.net
            controls = {"dataset": d.name, "noise": d.noise, "classes": d.n_classes, "bn": n.batch_norm,
                        "activation": n.activation, "batch_size": cfg.batch_size, "optimizer": cfg.optim.name,
                        **controls}
        self.controls.set_state(controls)
        if mode is not None:
            self.set_mode(mode)
        self.apply_config()

    def seed(self) -> int:
        return self._train.seed

    def set_seed(self, seed: int) -> None:
        self._train = replace(self._train, seed=seed)
        self.apply_config()

    def refit(self) -> None:
        self.tabs.currentWidget().refit()

    def state(self) -> dict:
        """Settings, plus the babysat run's checkpoints and changes as metadata (never weights).

        ``checkpoints``: step, epoch, val loss / acc, learning rate, beta of each kept checkpoint;
        ``marks``: the changes drawn on the curve. A run that has not trained yet keeps the ones
        of the session it was opened from. Reopened, they are listed read-only ("saved session").
        """
        checkpoints, marks = self._saved
        p = None if self.frame is None else self.frame.snapshot.panda
        if p is not None and (p.compute > 0 or not checkpoints):
            checkpoints = [{"step": c.step, "epoch": c.epoch, "val_loss": _num(c.val_loss), "val_acc": _num(c.val_acc),
                            "learning_rate": _num(c.learning_rate), "beta": _num(c.beta)} for c in p.checkpoints]
            marks = [{"step": m.step, "kind": m.kind, "label": m.label, "learning_rate": _num(m.learning_rate),
                      "beta": _num(m.beta)} for m in p.marks]
        return {"mode": self._mode, "train": to_dict(self._train), "panda_optim": to_dict(self._panda_optim),
                "controls": self.controls.get_state(), "checkpoints": [dict(c) for c in checkpoints],
                "marks": [dict(m) for m in marks]}

    def apply_state(self, state: dict) -> None:
        """Load a preset's or session's settings; refuses (ValueError naming the field) before changing anything."""
        if not isinstance(state, dict):
            raise ValueError("panda lab state: expected an object")
        fields = ("mode", "train", "panda_optim", "controls", "checkpoints", "marks")
        unknown = sorted(set(state) - set(fields))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field; allowed: {', '.join(fields)}")
        saved = (_check_records("checkpoints", state.get("checkpoints", []), CHECKPOINT_FIELDS),
                 _check_records("marks", state.get("marks", []), MARK_FIELDS))
        train = train_config_from_dict(state.get("train", {}))
        optim = train_config_from_dict({"optim": state.get("panda_optim", to_dict(train.optim))}).optim
        mode = state.get("mode", "panda")
        if mode not in MODES:
            raise ValueError(f"mode={mode!r} is not allowed: choose one of {', '.join(MODES)}")
        controls = state.get("controls", {})
        if not isinstance(controls, dict):
            raise ValueError("controls: expected an object")
        known = set(self.controls.get_state())
        bad = sorted(set(controls) - known)
        if bad:
            raise ValueError(f"controls.{bad[0]}: unknown control; allowed: {', '.join(sorted(known))}")
        before = self.controls.get_state()
        self.controls.set_state(controls)
        try:
            self.controls.build(train, optim)
        except ValueError as exc:
            self.controls.set_state(before)
            raise ValueError(f"controls: {exc}") from None
        self.load(train, mode, **controls)
        self._panda_optim = optim
        self.panda.set_dials(optim.learning_rate, optim.beta1)
        self._saved = saved
        self.panda.set_saved(*saved)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        """Draw ``frame`` now, or the newest frame a little later if one was drawn just now."""
        wait = self._drawn_at + DRAW_INTERVAL[self._mode] - time.perf_counter()
        if wait > 0 and frame.playing:
            if not self._draw_timer.isActive():
                self._draw_timer.start(int(wait * 1000) + 1)
            return
        self._draw(frame)

    def _draw_pending(self) -> None:
        if self.frame is not None and self.isVisible():
            self._draw(self.frame)

    def _draw(self, frame: Frame) -> None:
        self._drawn_at = time.perf_counter()
        s = frame.snapshot
        page = {"panda": (self.panda, s.panda), "caviar": (self.caviar, s.caviar), "race": (self.race, s.race)}
        panel, snap = page[self._mode]
        panel.show_snapshot(snap)
        if self._mode == "panda":
            o = s.panda.config.optim
            self._panda_optim = replace(self._panda_optim, learning_rate=o.learning_rate, beta1=o.beta1)

    def status(self, frame: Frame) -> tuple[str, str]:
        s = frame.snapshot
        if self._mode == "panda":
            p = s.panda
            vl, va = p.last("val_loss"), p.last("val_acc")
            text = f"panda: val loss {vl:.3f}, acc {va:.1%}" if math.isfinite(vl) else "panda"
            div = f"panda diverged at step {p.diverged_at} ({p.divergence_reason})" if p.diverged else ""
            return text, div
        if self._mode == "caviar":
            c = s.caviar
            if c.best < 0:
                return f"caviar: {c.n_models} models, none training", "every model diverged"
            return (f"caviar: {c.n_active}/{c.n_models} training; best val loss {c.val_loss[c.best]:.3f}, "
                    f"acc {c.val_acc[c.best]:.1%}"), ""
        r = s.race
        text = f"race: {min(r.panda_compute, r.budget)}/{r.budget} model-steps"
        if r.result is not None:
            text += f"; {r.result.winner} wins"
        return text, ""
