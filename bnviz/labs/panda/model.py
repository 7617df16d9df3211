"""Panda: babysit one model.  Plus the equal-compute race of panda against caviar.

The notes contrast two ways of tuning.  With little compute you babysit one
model ("panda"): watch its learning curve, nudge the learning rate or the
momentum day by day, and when a change hurt, go back to the model from
before it.  With a lot of compute you train many models in parallel
("caviar", ``population.py``) and keep the best.

``Panda`` wraps one ``Trainer`` (``BabysatTrainer``, a subclass that can save
and restore *all* of its state) and adds what babysitting needs:

* changes of the optimizer settings take effect at the next step, with no
  reset, and each one leaves a ``ChangeMark`` at the step where it happened;
* a ``Checkpoint`` every ``checkpoint_every`` steps and just before every
  change (weights, running BN statistics, optimizer state, batch position,
  RNG states, the history's length); only the last ``keep`` are kept;
* ``rollback`` restores a checkpoint exactly (its validation loss comes back
  bitwise) and training continues from it exactly as it did the first time;
  the abandoned stretch of the curve is kept as a ``Branch`` to draw greyed.

``Race`` spends the same number of model-steps on an automatic babysitter
(the "bold driver" rule: after each stretch, keep the model and raise the
rate a little if the validation loss went down; if it went up by more than
the noise, go back to the checkpoint and halve the rate, down to a floor) and on a caviar population, and compares
the best each found.  ``PandaLabConfig`` holds every setting of the lab
(``engine_config()`` derives the three runs' configs from it, sampling
caviar's hyperparameters); ``PandaVsCaviar`` is the lab's model: the three
runs behind one ``configure``/``step``/``snapshot`` surface for the training
worker.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

from bnviz.engine.config import (
    NetConfig,
    OptimConfig,
    TrainConfig,
    TrainsOneRun,
    check_choice,
    check_range,
    needs_rebuild,
)
from bnviz.engine.data import CUSTOM, DataConfig, Dataset, make_dataset
from bnviz.engine.history import DecimatingHistory
from bnviz.engine.population import (
    POPULATION_OPTIMIZERS,
    Caviar,
    CaviarConfig,
    CaviarSnapshot,
)
from bnviz.engine.snapshot import RunReadout, frozen
from bnviz.engine.trainer import OneTrainerModel, Trainer, run_steps
from bnviz.search.spaces import LogUniform, OneMinusLogUniform

PANDA_COLUMNS = ("step", "epoch", "lr", "batch_loss", "train_loss", "train_acc", "val_loss", "val_acc")
MAX_MARKS = 64
MAX_BRANCHES = 6


# ================================================================ history
class RollbackHistory(DecimatingHistory):
    """A ``DecimatingHistory`` that can forget the rows after a step (a roll back)."""

    @property
    def calls(self) -> int:
        """Rows offered so far (kept or not); restoring it keeps the decimation phase."""
        return self._calls

    def select(self, names) -> dict[str, np.ndarray]:
        """Copies of just the columns ``names`` (a snapshot needs a few of many)."""
        return {k: self._cols[k][: self._n].copy() for k in names if k in self._cols}

    def rows_after(self, step: int, names) -> dict[str, np.ndarray]:
        """Copies of ``names`` for the rows at ``step`` and later (an abandoned branch)."""
        if not self._n:
            return {k: np.empty(0) for k in names}
        steps = self._cols["step"][: self._n]
        first = int(np.searchsorted(steps, step, side="left"))
        return {k: self._cols[k][first: self._n].copy() for k in names if k in self._cols}

    def truncate(self, step: int, calls: int) -> None:
        """Drop every row after ``step`` and rewind the offer count to ``calls``."""
        if self._n:
            steps = self._cols["step"][: self._n]
            keep = int(np.searchsorted(steps, step, side="right"))
            for col in self._cols.values():
                col[keep: self._n] = np.nan
            self._n = keep
        self._calls = calls
        self.rows_changed()

    @classmethod
    def adopt(cls, h: DecimatingHistory) -> "RollbackHistory":
        """The same rows in a ``RollbackHistory``."""
        out = cls(h.capacity)
        cols = h.columns()
        n = len(h)
        for i in range(n):
            out.append(**{k: v[i] for k, v in cols.items()})
        return out


# ============================================================ checkpoints
@dataclass(frozen=True, eq=False)
class Checkpoint:
    """Everything needed to continue a run from ``step`` exactly as it went the first time."""

    seq: int                      # order of events (checkpoints and marks) in this run
    step: int
    epoch: int
    pos: int                      # batch position within the epoch's permutation
    cfg: TrainConfig              # the settings then (a roll back restores the learning rate too)
    net: dict                     # MLP.state(): parameters and running BN statistics
    optimizer: dict               # Optimizer.state(): velocities, squared averages, Adam's t
    perm: np.ndarray
    order_state: dict             # the batch-order generator's state
    noise_state: dict
    loss_sum: float
    loss_n: int
    history_len: int
    history_calls: int
    val_loss: float               # the checkpoint's loss (test-time mode), restored bitwise
    val_acc: float


@dataclass(frozen=True)
class ChangeMark:
    """A change made at ``step``: drawn as a vertical line with ``label`` on the learning curve."""

    seq: int
    step: int
    kind: str          # 'lr', 'beta', 'optimizer' or 'rollback'
    label: str
    learning_rate: float
    beta: float


@dataclass(frozen=True)
class CheckpointInfo:
    """What the panel lists about a checkpoint (no arrays)."""

    step: int
    epoch: int
    val_loss: float
    val_acc: float
    learning_rate: float
    beta: float


@dataclass(frozen=True, eq=False)
class Branch:
    """An abandoned stretch of the curve, from the checkpoint rolled back to until the roll back."""

    from_step: int
    to_step: int
    step: np.ndarray
    val_loss: np.ndarray
    train_loss: np.ndarray


class BabysatTrainer(Trainer):
    """A ``Trainer`` whose whole state can be saved and restored (panda's checkpoints)."""

    def reset(self) -> None:
        super().reset()
        self.history = RollbackHistory.adopt(self.history)

    def save(self, seq: int) -> Checkpoint:
        vl, va = self.evaluate("val")
        return Checkpoint(
            seq=seq, step=self.step_count, epoch=self.epoch, pos=self._pos, cfg=self.cfg,
            net={k: frozen(v) for k, v in self.net.state().items()}, optimizer=self.optimizer.state(),
            perm=frozen(self._perm), order_state=self._order_rng.bit_generator.state,
            noise_state=self._noise_rng.bit_generator.state, loss_sum=self._loss_sum, loss_n=self._loss_n,
            history_len=len(self.history), history_calls=self.history.calls, val_loss=vl, val_acc=va)

    def restore(self, ck: Checkpoint) -> None:
        """Continue from ``ck``: the same weights, optimizer state, batch stream and settings."""
        self.cfg = ck.cfg
        self.net.load_state(ck.net)
        self.net.set_bn_hyper(ck.cfg.net.bn_eps, ck.cfg.net.bn_momentum)
        self.optimizer.load_state(ck.optimizer)
        self.step_count, self.epoch, self._pos = ck.step, ck.epoch, ck.pos
        self._perm = np.array(ck.perm)
        self._order_rng.bit_generator.state = ck.order_state
        self._noise_rng.bit_generator.state = ck.noise_state
        self._loss_sum, self._loss_n = ck.loss_sum, ck.loss_n
        self.diverged_at = None
        self.divergence_reason = ""
        self.history.truncate(ck.step, ck.history_calls)
        # the per-layer traces shown by Trainer.snapshot belong to the abandoned branch: recompute
        with np.errstate(all="ignore"):
            self.net.forward(self._probe_x, "batch")
        self._traces = [b.trace for b in self.net.blocks]
        self._layers = None
        self._decision = None


# ================================================================== panda
@dataclass(frozen=True)
class PandaConfig:
    """One babysat run: its training config and how often to checkpoint."""

    train: TrainConfig = field(default_factory=TrainConfig)
    checkpoint_every: int = 50
    keep: int = 20

    def __post_init__(self) -> None:
        check_range("checkpoint_every", self.checkpoint_every, 1, 1_000_000)
        check_range("keep (checkpoints kept)", self.keep, 1, 1000)


@dataclass(frozen=True, eq=False)
class PandaSnapshot(RunReadout):
    """The babysat run as the Panda panel draws it."""

    config: TrainConfig
    label: str
    step: int
    epoch: int
    compute: int                    # steps ever taken, the abandoned ones included
    learning_rate: float            # the rate in use (after any schedule)
    beta: float
    optimizer: str
    diverged_at: int | None
    divergence_reason: str
    history: dict                   # PANDA_COLUMNS
    marks: tuple[ChangeMark, ...]
    checkpoints: tuple[CheckpointInfo, ...]
    branches: tuple[Branch, ...]
    restores: int                   # roll backs and resets so far: the UI re-reads the dials when it changes
    counts: tuple[int, ...] = ()    # rows of each class the run trains on (training split): whose data it is


def _fmt(v: float) -> str:
    return f"{v:.3g}"


class Panda(OneTrainerModel):
    """One model, babysat: live optimizer changes with marks, checkpoints, roll back."""

    def __init__(self, cfg: PandaConfig, dataset: Dataset | None = None) -> None:
        self.cfg = cfg
        self.data = dataset if dataset is not None else make_dataset(cfg.train.data)
        self.version = 0
        self.restores = 0
        self.trainer = BabysatTrainer(cfg.train, self.data, label="BN" if cfg.train.net.batch_norm else "no BN")
        self.trainer.want_decision = False
        self._start()

    def _start(self) -> None:
        self._seq = 0
        self.compute = 0
        self.checkpoints: deque[Checkpoint] = deque(maxlen=self.cfg.keep)
        self.marks: deque[ChangeMark] = deque(maxlen=MAX_MARKS)
        self.branches: deque[Branch] = deque(maxlen=MAX_BRANCHES)
        self.checkpoint()
        self.version += 1

    def reset(self) -> None:
        """Back to step 0 with the configured settings; marks, checkpoints and branches are cleared."""
        self.trainer.cfg = self.cfg.train
        self.trainer.reset()
        self.restores += 1
        self._start()

    def configure(self, cfg: PandaConfig) -> bool:
        """Adopt ``cfg``; True when that rebuilt the run (data or architecture changed)."""
        if cfg == self.cfg:
            return False            # e.g. the lab switched pages: the run and its snapshot stay as they are
        old = self.cfg
        self.cfg = cfg
        if cfg.keep != old.keep:
            self.checkpoints = deque(self.checkpoints, maxlen=cfg.keep)
        if needs_rebuild(old.train, cfg.train):
            if cfg.train.data != old.train.data:
                self.data = make_dataset(cfg.train.data)
            self.trainer = BabysatTrainer(cfg.train, self.data, label="BN" if cfg.train.net.batch_norm else "no BN")
            self.trainer.want_decision = False
            self.restores += 1
            self._start()
            return True
        # alpha and beta are the live dials (changed by nudges, restored by roll backs): keep them;
        # another optimizer kind or other optimizer settings are a marked change like a nudge
        live = self.trainer.cfg.optim
        optim = replace(cfg.train.optim, learning_rate=live.learning_rate, beta1=live.beta1)
        if optim != live:
            self.set_optim(optim)
        self.trainer.configure(replace(cfg.train, optim=self.trainer.cfg.optim))
        self.version += 1
        return False

    # ------------------------------------------------------------- training

    @property
    def diverged(self) -> bool:
        return self.trainer.diverged_at is not None

    def step(self) -> bool:
        """One training step; a checkpoint every ``checkpoint_every`` steps.  False once diverged."""
        tr = self.trainer
        if tr.diverged_at is not None:
            return False
        self.compute += 1             # a step that blows up was spent too
        if not tr.step():
            self.version += 1
            return False
        if tr.step_count % self.cfg.checkpoint_every == 0:
            self.checkpoint()
        self.version += 1
        return True

    run = run_steps

    def probe(self) -> None:
        """A history row now, unless there is one for this step already (the worker probes after
        manual steps; a second row would change what an uninterrupted run records)."""
        h = self.trainer.history
        if len(h) and h.select(("step",))["step"][-1] == self.trainer.step_count:
            return
        self.trainer.probe()
        self.version += 1

    def checkpoint(self) -> Checkpoint | None:
        """Save the current state (unless one exists for this step or the run has diverged)."""
        tr = self.trainer
        if tr.diverged_at is not None:
            return None
        if self.checkpoints and self.checkpoints[-1].step == tr.step_count:
            return self.checkpoints[-1]
        if not len(tr.history) or tr.history.select(("step",))["step"][-1] != tr.step_count:
            tr.probe()     # so that the curve has a point exactly at the checkpoint
        self._seq += 1
        ck = tr.save(self._seq)
        self.checkpoints.append(ck)
        self.version += 1
        return ck

    # ---------------------------------------------------------- babysitting
    def set_optim(self, optim: OptimConfig) -> None:
        """Change the optimizer settings from the next step on (no reset); mark the change.

        A checkpoint is taken first, so rolling back to it undoes the change.
        """
        old = self.trainer.cfg.optim
        if optim == old:
            return
        self.checkpoint()
        self.trainer.set_optim(optim)
        step = self.trainer.step_count
        if optim.name != old.name:
            self._mark(step, "optimizer", f"{old.name} \u2192 {optim.name}")
        if optim.learning_rate != old.learning_rate:
            self._mark(step, "lr", f"\u03b1 {_fmt(old.learning_rate)} \u2192 {_fmt(optim.learning_rate)}")
        if optim.beta1 != old.beta1:
            self._mark(step, "beta", f"\u03b2 {_fmt(old.beta1)} \u2192 {_fmt(optim.beta1)}")
        other = replace(optim, name=old.name, learning_rate=old.learning_rate, beta1=old.beta1)
        if other != old:
            self._mark(step, "optimizer", "optimizer settings")
        self.version += 1

    def nudge(self, learning_rate: float | None = None, beta: float | None = None) -> None:
        """Set the learning rate and/or momentum beta (the dials of the Panda lab)."""
        o = self.trainer.cfg.optim
        self.set_optim(replace(o, learning_rate=o.learning_rate if learning_rate is None else float(learning_rate),
                               beta1=o.beta1 if beta is None else float(beta)))

    def _mark(self, step: int, kind: str, label: str) -> None:
        self._seq += 1
        o = self.trainer.cfg.optim
        self.marks.append(ChangeMark(self._seq, step, kind, label, o.learning_rate, o.beta1))

    def find_checkpoint(self, step: int | None = None, nearest: bool = False) -> Checkpoint:
        """The checkpoint at ``step`` (the latest one when None).

        With ``nearest``, a step that has no checkpoint (any more) gives the
        latest one before it, or the oldest kept; otherwise that is a ValueError.
        """
        if not self.checkpoints:
            raise ValueError("no checkpoint to roll back to")
        if step is None:
            return self.checkpoints[-1]
        for ck in self.checkpoints:
            if ck.step == step:
                return ck
        if nearest:
            before = [ck for ck in self.checkpoints if ck.step <= step]
            return before[-1] if before else self.checkpoints[0]
        kept = ", ".join(str(c.step) for c in self.checkpoints)
        raise ValueError(f"step={step} has no checkpoint: kept are {kept}")

    def rollback(self, step: int | None = None, nearest: bool = False) -> Checkpoint:
        """Go back to the checkpoint at ``step`` (default: the latest) and continue from there.

        The weights, optimizer state, batch position and settings (so the
        learning rate too) become the checkpoint's.  Later checkpoints and
        marks belong to the abandoned branch and are dropped; the branch's
        curve is kept for drawing.  ``nearest`` accepts a step whose
        checkpoint is gone (see ``find_checkpoint``): a GUI's list can be a
        frame older than the run.
        """
        ck = self.find_checkpoint(step, nearest)
        tr = self.trainer
        if tr.step_count > ck.step:
            rows = tr.history.rows_after(ck.step, ("step", "val_loss", "train_loss"))
            self.branches.append(Branch(ck.step, tr.step_count, frozen(rows["step"]),
                                        frozen(rows["val_loss"]), frozen(rows["train_loss"])))
        tr.restore(ck)
        while self.checkpoints and self.checkpoints[-1].seq > ck.seq:
            self.checkpoints.pop()
        kept = [m for m in self.marks if m.seq < ck.seq]
        self.marks = deque(kept, maxlen=MAX_MARKS)
        self._mark(ck.step, "rollback", f"\u21b6 back to step {ck.step}")
        self.restores += 1
        self.version += 1
        return ck

    # ------------------------------------------------------------- snapshot
    def snapshot(self) -> PandaSnapshot:
        tr = self.trainer
        o = tr.cfg.optim
        return PandaSnapshot(
            config=tr.cfg, label=tr.label, step=tr.step_count, epoch=tr.epoch, compute=self.compute,
            learning_rate=tr.learning_rate, beta=o.beta1, optimizer=o.name, diverged_at=tr.diverged_at,
            divergence_reason=tr.divergence_reason,
            history={k: frozen(v) for k, v in tr.history.select(PANDA_COLUMNS).items()},
            marks=tuple(self.marks),
            checkpoints=tuple(CheckpointInfo(c.step, c.epoch, c.val_loss, c.val_acc, c.cfg.optim.learning_rate,
                                             c.cfg.optim.beta1) for c in self.checkpoints),
            branches=tuple(self.branches), restores=self.restores,
            counts=tuple(int(c) for c in np.bincount(tr.data.y_train, minlength=tr.data.n_classes)))


# =================================================================== race
@dataclass(frozen=True)
class RaceConfig:
    """Panda against caviar on the same number of model-steps.

    Parameters
    ----------
    caviar : CaviarConfig
        The population (and, through ``caviar.train``, the data, network,
        batch size, optimizer kind and seed the panda uses too).
    panda_lr, panda_beta : float
        Where the babysitter starts.
    budget : int
        Model-steps for each side: the panda takes ``budget`` steps, the N
        caviar models about ``budget / N`` each (more for the survivors of
        successive halving).
    check_every : int
        Steps between two looks of the babysitter at the validation loss.
    """

    caviar: CaviarConfig = field(default_factory=CaviarConfig)
    panda_lr: float = 0.05
    panda_beta: float = 0.9
    budget: int = 10000
    check_every: int = 50

    def __post_init__(self) -> None:
        check_range("panda_lr", self.panda_lr, 0.0, 1e4, lo_open=True)
        check_range("panda_beta", self.panda_beta, 0.0, 0.99999)
        check_range("budget (model-steps)", self.budget, 1, 10_000_000)
        check_range("check_every", self.check_every, 1, 1_000_000)

    def panda_config(self) -> PandaConfig:
        t = self.caviar.train
        optim = replace(t.optim, learning_rate=self.panda_lr, beta1=self.panda_beta)
        # the race draws its own rows, so the panda only needs a history point at each look
        return PandaConfig(train=replace(t, optim=optim, probe_every=self.check_every),
                           checkpoint_every=self.check_every, keep=4)


@dataclass(frozen=True)
class RaceMark:
    """A decision of the babysitter: 'up' (better: kept, rate raised), 'keep' (no better, within
    the noise or at the rate floor: kept as is) or 'back' (worse: rolled back, rate halved)."""

    compute: int
    val_loss: float
    kind: str
    learning_rate: float


@dataclass(frozen=True)
class RaceResult:
    """The final best of each side, chosen on validation loss; test accuracy reported alongside."""

    panda_val_loss: float
    panda_val_acc: float
    panda_test_acc: float
    panda_lr: float
    panda_rollbacks: int
    caviar_model: int
    caviar_val_loss: float
    caviar_val_acc: float
    caviar_test_acc: float
    caviar_lr: float
    caviar_beta: float
    winner: str          # 'panda', 'caviar' or 'tie' (on validation loss)


@dataclass(frozen=True, eq=False)
class RaceSnapshot:
    """``history`` columns (one row per caviar probe): ``compute``, ``panda_val_loss``,
    ``panda_val_acc``, ``panda_lr``, ``caviar_best_loss``, ``caviar_best_acc``."""

    config: RaceConfig
    ticks: int
    panda_compute: int
    caviar_compute: int
    budget: int
    done: bool
    history: dict
    marks: tuple[RaceMark, ...]
    caviar: CaviarSnapshot
    result: RaceResult | None


class Race:
    """Equal compute: each tick the panda takes as many steps as the caviar has live models."""

    BACK_FACTOR = 0.5      # bold driver: halve the rate after a stretch that made things worse
    UP_FACTOR = 1.2        # and raise it a little after one that helped
    TOLERANCE = 0.05       # "worse" means 5% above the checkpoint: validation noise is not a failure
    FLOOR = 1 / 64         # at panda_lr / 64 the babysitter stops going back and lets the model be

    def __init__(self, cfg: RaceConfig, dataset: Dataset | None = None) -> None:
        self.cfg = cfg
        self.data = dataset if dataset is not None else make_dataset(cfg.caviar.train.data)
        self.version = 0
        self.reset()

    def reset(self) -> None:
        self.panda = Panda(self.cfg.panda_config(), self.data)
        self.caviar = Caviar(self.cfg.caviar, self.data)
        self.ticks = 0
        self.history = DecimatingHistory(1024)
        self.marks: deque[RaceMark] = deque(maxlen=400)
        self.rollbacks = 0
        self.result: RaceResult | None = None
        self._record()
        self.version += 1

    def configure(self, cfg: RaceConfig) -> bool:
        if cfg == self.cfg:
            return False
        if cfg.caviar.train.data != self.cfg.caviar.train.data:
            self.data = make_dataset(cfg.caviar.train.data)
        self.cfg = cfg
        self.reset()
        return True

    @property
    def step_count(self) -> int:
        return self.ticks

    @property
    def epoch(self) -> int:
        return self.caviar.epoch

    @property
    def steps_per_epoch(self) -> int:
        return self.caviar.steps_per_epoch

    @property
    def done(self) -> bool:
        return self.result is not None

    def _caviar_running(self) -> bool:
        return self.caviar.n_active > 0 and self.caviar.compute < self.cfg.budget

    def step(self) -> bool:
        """One tick; False once both sides have spent the budget (the result is then ready)."""
        if self.done:
            return False
        budget = self.cfg.budget
        k = self.caviar.n_active if self._caviar_running() else self.cfg.caviar.n_models
        k = max(0, min(k, budget - self.panda.compute))
        for _ in range(k):
            self._panda_step()
        probes = self.caviar.probes
        if self._caviar_running():
            self.caviar.step()
        self.ticks += 1
        if self.caviar.probes != probes or self.ticks % self.cfg.caviar.train.probe_every == 0:
            self._record()
        if self.panda.compute >= budget and not self._caviar_running():
            self._finish()
        self.version += 1
        return not self.done

    run = run_steps

    def run_to_end(self) -> RaceResult:
        while self.step():
            pass
        return self.result

    def _panda_step(self) -> None:
        p = self.panda
        if not p.step():
            self._look(diverged=True)
        elif p.step_count % self.cfg.check_every == 0:
            self._look(diverged=False)

    def _look(self, diverged: bool) -> None:
        """The babysitter looks at the curve: keep going bolder, or go back and be careful."""
        p = self.panda
        ck = p.checkpoints[-1]
        if not diverged and ck.step == p.step_count and len(p.checkpoints) > 1:
            ref = p.checkpoints[-2]       # the checkpoint just taken is the current model
        else:
            ref = ck
        lr = p.trainer.cfg.optim.learning_rate
        floor = self.cfg.panda_lr * self.FLOOR
        if diverged:
            worse, now = True, math.inf
        else:
            now = p.trainer.evaluate("val")[0]
            worse = not (now <= ref.val_loss * (1 + self.TOLERANCE)) and lr > floor * (1 + 1e-9)
        if worse:
            new_lr = max(lr * self.BACK_FACTOR, floor)
            p.rollback(ref.step)
            p.nudge(learning_rate=new_lr)
            self.rollbacks += 1
            self.marks.append(RaceMark(p.compute, ref.val_loss, "back", new_lr))
        elif now <= ref.val_loss:
            new_lr = min(lr * self.UP_FACTOR, 1e4)
            p.nudge(learning_rate=new_lr)
            self.marks.append(RaceMark(p.compute, now, "up", new_lr))
        else:
            self.marks.append(RaceMark(p.compute, now, "keep", lr))

    def _record(self) -> None:
        vl, va = self.panda.trainer.evaluate("val")
        c = self.caviar
        cl, ca = c.scores(c.best) if c.best >= 0 else (math.nan, math.nan)
        self.history.append(compute=self.panda.compute, caviar_compute=c.compute, panda_val_loss=vl,
                            panda_val_acc=va, panda_lr=self.panda.trainer.cfg.optim.learning_rate,
                            caviar_best_loss=cl, caviar_best_acc=ca)

    def _finish(self) -> None:
        p = self.panda
        # the babysitter's last look costs no training: keep the better of now and the last checkpoint
        now = p.trainer.evaluate("val")[0] if not p.diverged else math.inf
        ck = p.checkpoints[-1]
        if ck.step != p.step_count and not now <= ck.val_loss:
            p.rollback(ck.step)
            self.rollbacks += 1
        self.caviar.probe()
        self._record()
        pvl, pva = p.trainer.evaluate("val")
        pta = p.trainer.evaluate("test")[1]
        c = self.caviar
        best = c.best
        if best >= 0:
            cvl, cva = c.scores(best)
            cta = c.evaluate_model(best, "test")[1]
            clr, cbeta = c.cfg.learning_rates[best], float(c.cfg.beta_array()[best])
        else:
            cvl, cva, cta, clr, cbeta = math.inf, math.nan, math.nan, math.nan, math.nan
        if math.isclose(pvl, cvl, rel_tol=1e-9):
            winner = "tie"
        else:
            winner = "panda" if pvl < cvl else "caviar"
        self.result = RaceResult(pvl, pva, pta, p.trainer.cfg.optim.learning_rate, self.rollbacks,
                                 best, cvl, cva, cta, clr, cbeta, winner)

    def snapshot(self) -> RaceSnapshot:
        return RaceSnapshot(
            config=self.cfg, ticks=self.ticks, panda_compute=self.panda.compute,
            caviar_compute=self.caviar.compute, budget=self.cfg.budget, done=self.done,
            history=self.history.columns(), marks=tuple(self.marks),
            caviar=self.caviar.snapshot(), result=self.result)


# ======================================================= the lab's model
MODES = ("panda", "caviar", "race")
TOY_SETS = ("spiral", "moons", "circles", "xor", "blobs")
#: the lab's data sets: the generated ones and the students' own points (File > Import data)
DATA_SETS = (*TOY_SETS, CUSTOM)

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


@dataclass(frozen=True)
class PandaVsCaviarConfig:
    """The three runs of the Panda vs Caviar lab (they share data, network and seed)."""

    panda: PandaConfig = field(default_factory=PandaConfig)
    caviar: CaviarConfig = field(default_factory=CaviarConfig)
    race: RaceConfig = field(default_factory=RaceConfig)


def _check_int(name: str, value: int, lo: int, hi: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not allowed: an integer in [{lo}, {hi}]")
    check_range(name, value, lo, hi)


def _check_bool(name: str, value: bool) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not allowed: true or false")


@dataclass(frozen=True)
class PandaLabConfig(TrainsOneRun):
    """Every setting of the Panda vs Caviar lab.

    Parameters
    ----------
    train : TrainConfig
        Data, network, batch size, optimizer kind and seed of all three runs;
        its ``optim`` learning rate and beta1 are where the babysat panda
        *starts* (its dials then move the live run: see ``Panda.nudge``).
    mode : str
        The page shown and trained: ``panda``, ``caviar`` or ``race``.
    checkpoint_every, keep : int
        Panda's checkpoint interval (steps) and how many checkpoints it keeps.
    n_models : int
        Caviar's population size.
    lr_from, lr_to : float
        Caviar's learning rates are drawn log-uniform in [lr_from, lr_to].
    tune_beta : bool
        Draw each model's momentum too (1 - beta log-uniform in
        [beta_from, beta_to]); needs the momentum optimizer.
    same_init, halving, rung_steps
        Caviar: every model from the same weights; successive halving and
        its first rung (steps).
    draw : int
        The re-draw counter ("Draw new settings"): another sample for the same seed.
    race_steps : int
        Race: steps per caviar model; each side gets ``n_models * race_steps`` model-steps.
    race_panda_lr : float
        Race: the babysitter's starting learning rate (its beta is ``train.optim.beta1``).
    race_check_every : int
        Race: steps between two looks of the babysitter.
    """

    train: TrainConfig = field(default_factory=lambda: DEFAULT_TRAIN)
    mode: str = "panda"
    checkpoint_every: int = 50
    keep: int = 20
    n_models: int = 25
    lr_from: float = 1e-3
    lr_to: float = 1.0
    tune_beta: bool = False
    beta_from: float = 0.9
    beta_to: float = 0.999
    same_init: bool = False
    halving: bool = False
    rung_steps: int = 100
    draw: int = 0
    race_steps: int = 400
    race_panda_lr: float = 0.05
    race_check_every: int = 50

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, MODES)
        check_choice("train.data.name", self.train.data.name, DATA_SETS)
        check_choice("train.optim.name", self.train.optim.name, POPULATION_OPTIMIZERS)
        _check_int("checkpoint_every", self.checkpoint_every, 1, 10_000)
        _check_int("keep (checkpoints kept)", self.keep, 1, 200)
        _check_int("n_models", self.n_models, 1, 128)
        check_range("lr_from", self.lr_from, 1e-5, 10.0)
        check_range("lr_to", self.lr_to, 1e-5, 10.0)
        if not self.lr_from < self.lr_to:
            raise ValueError(f"lr_from={self.lr_from:g} is out of range: must be below lr_to={self.lr_to:g}")
        for name in ("tune_beta", "same_init", "halving"):
            _check_bool(name, getattr(self, name))
        check_range("beta_from", self.beta_from, 0.5, 0.999)
        check_range("beta_to", self.beta_to, 0.5, 0.9999)
        if self.tune_beta:
            if self.train.optim.name != "momentum":
                raise ValueError(f"tune_beta=True needs train.optim.name='momentum', not {self.train.optim.name!r}")
            if not self.beta_from < self.beta_to:
                raise ValueError(f"beta_from={self.beta_from:g} is out of range: "
                                 f"must be below beta_to={self.beta_to:g}")
        _check_int("rung_steps", self.rung_steps, 5, 100_000)
        _check_int("draw", self.draw, 0, 10**9)
        _check_int("race_steps", self.race_steps, 10, 100_000)
        check_range("race_panda_lr", self.race_panda_lr, 1e-4, 10.0)
        _check_int("race_check_every", self.race_check_every, 1, 10_000)
        self.engine_config()        # anything else the engine would refuse (e.g. noisy BN in a population)

    @property
    def budget(self) -> int:
        """The race's model-steps for each side."""
        return self.n_models * self.race_steps

    def engine_config(self) -> PandaVsCaviarConfig:
        """The three runs these settings describe (caviar's hyperparameters sampled here)."""
        t = self.train
        beta_range = (self.beta_from, self.beta_to) if self.tune_beta else None
        lrs, betas = sample_hyperparameters(self.n_models, (self.lr_from, self.lr_to), beta_range, t.seed,
                                            self.draw)
        caviar = CaviarConfig(train=t, learning_rates=lrs, betas=betas, same_init=self.same_init,
                              halving=self.halving, rung_steps=self.rung_steps)
        panda = PandaConfig(train=t, checkpoint_every=self.checkpoint_every, keep=self.keep)
        race = RaceConfig(caviar=caviar, panda_lr=self.race_panda_lr, panda_beta=t.optim.beta1,
                          budget=self.budget, check_every=self.race_check_every)
        return PandaVsCaviarConfig(panda=panda, caviar=caviar, race=race)


@dataclass(frozen=True, eq=False)
class PandaVsCaviarSnapshot:
    mode: str
    panda: PandaSnapshot
    caviar: CaviarSnapshot
    race: RaceSnapshot

    @property
    def current(self):
        return getattr(self, self.mode)


class PandaVsCaviar:
    """Panda, caviar and the race behind one surface; ``cfg.mode`` says which one ``step`` trains.

    The three share one data set.  Snapshots of the two resting runs are
    cached and only rebuilt after they changed.  ``nudge``, ``rollback`` and
    ``checkpoint`` are the page's actions (``bridge.invoke(PandaVsCaviar.nudge, ...)``).
    """

    def __init__(self, cfg: PandaLabConfig) -> None:
        self.cfg = cfg
        self._build(cfg.engine_config(), restores=0)
        self._cache: dict[str, tuple] = {}   # name -> (version, snapshot, run object)

    def _build(self, eng: PandaVsCaviarConfig, restores: int) -> None:
        self.data = make_dataset(eng.panda.train.data)
        self.panda = Panda(eng.panda, self.data)
        self.panda.restores = restores       # counts on across a rebuild: the page re-reads its dials
        self.caviar = Caviar(eng.caviar, self.data)
        self.race = Race(eng.race, self.data)

    @property
    def mode(self) -> str:
        return self.cfg.mode

    @property
    def active(self):
        return getattr(self, self.mode)

    def configure(self, cfg: PandaLabConfig) -> bool:
        """Adopt ``cfg`` (its mode too); True when the run now shown restarted from step 0."""
        old, self.cfg = self.cfg, cfg
        eng = cfg.engine_config()
        if cfg.train.data != old.train.data:
            self._build(eng, restores=self.panda.restores + 1)
            return True
        rebuilt = {"panda": self.panda.configure(eng.panda), "caviar": self.caviar.configure(eng.caviar),
                   "race": self.race.configure(eng.race)}
        return rebuilt[self.mode]

    # ------------------------------------------------- the worker's surface
    @property
    def step_count(self) -> int:
        return self.active.step_count

    @property
    def epoch(self) -> int:
        return self.active.epoch

    @property
    def steps_per_epoch(self) -> int:
        return self.active.steps_per_epoch

    def step(self) -> bool:
        return self.active.step()

    def reset(self) -> None:
        self.active.reset()

    def probe(self) -> None:
        """The worker's probe after manual steps: a row for the run shown, if it has none for this step."""
        if self.mode == "panda":
            self.panda.probe()
        elif self.mode == "caviar" and self.caviar.probed_at != self.caviar.step_count:
            self.caviar.probe()
            self.caviar.version += 1

    # ------------------------------------------------------ panda's actions
    def nudge(self, learning_rate: float | None = None, beta: float | None = None) -> None:
        """Panda's dials: a new alpha and/or beta from the next step (a marked change), from any page."""
        self.panda.nudge(learning_rate, beta)

    def rollback(self, step: int | None = None) -> None:
        """Panda's roll back to ``step``, or the nearest kept checkpoint before it (never raises
        for a checkpoint dropped since the GUI listed it: this runs in the training process)."""
        self.panda.rollback(step, nearest=True)

    def checkpoint(self) -> None:
        self.panda.checkpoint()

    def _snap(self, name: str):
        run = getattr(self, name)
        hit = self._cache.get(name)
        if hit is None or hit[0] != run.version or hit[2] is not run:
            hit = (run.version, run.snapshot(), run)
            self._cache[name] = hit
        return hit[1]

    def snapshot(self) -> PandaVsCaviarSnapshot:
        return PandaVsCaviarSnapshot(self.mode, self._snap("panda"), self._snap("caviar"), self._snap("race"))
