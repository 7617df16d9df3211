"""What the Panda vs Caviar lab's lessons (H7, H8) claim, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds the runs ``cfg.engine_config()``
describes (the ``Panda``, the ``Caviar`` population and the ``Race`` that
``PandaVsCaviar`` holds), drives them as a lecturer would (train, turn a
dial, roll back) and reads what they report: validation losses, marks,
checkpoints, the population's snapshot, the race's compute counters.  One
run serves every metric of a (config, steps): ``CACHE``, cleared by the
lesson check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.engine.population import Caviar
from bnviz.engine.trainer import Trainer
from bnviz.labs.claims import memo
from bnviz.labs.panda.model import Panda, PandaLabConfig, Race

CACHE: dict = {}
HURT_BETA = 0.999          # the change that hurts: momentum beta 0.9 -> 0.999
AFTER = 100                # steps trained after the change before looking


@memo(CACHE)
def _babysit(cfg: PandaLabConfig, steps: int) -> dict:
    """H7: train ``steps``, raise beta to 0.999, train 100 more, roll back to the checkpoint before the
    change and train 100 again; an unchanged run of ``steps + 100`` for comparison."""
    pc = cfg.engine_config().panda
    base = Panda(pc)
    base.run(steps + AFTER)
    v_base = base.trainer.evaluate("val")
    p = Panda(pc, base.data)
    p.run(steps)
    v_before = p.trainer.evaluate("val")
    p.nudge(beta=HURT_BETA)
    marks = [(m.step, m.kind) for m in p.marks]
    p.run(AFTER)
    v_after = p.trainer.evaluate("val")
    p.rollback(steps)
    v_back = p.trainer.evaluate("val")
    beta_back = p.trainer.cfg.optim.beta1
    p.run(AFTER)
    v_again = p.trainer.evaluate("val")
    return {"mark_at_change": float(marks == [(steps, "beta")]), "hurt_ratio": v_after[0] / v_base[0],
            "rollback_restores_val_loss": float(v_back == v_before),
            "rollback_restores_beta": float(beta_back == pc.train.optim.beta1),
            "replay_equals_unchanged_run": float(v_again == v_base)}


@memo(CACHE)
def _retention(cfg: PandaLabConfig, steps: int) -> dict:
    """H7: change alpha at step 300, train ``steps`` more: is the checkpoint from before the change still kept?"""
    pc = cfg.engine_config().panda
    p = Panda(pc)
    p.run(300)
    p.nudge(learning_rate=pc.train.optim.learning_rate * 2)
    p.run(steps)
    return {"pre_change_checkpoint_kept": float(any(c.step == 300 for c in p.snapshot().checkpoints)),
            "checkpoint_every": float(p.cfg.checkpoint_every)}


@memo(CACHE)
def _population(cfg: PandaLabConfig, steps: int) -> dict:
    """H8: the caviar population after ``steps``, and model 0 against a single Trainer with its alpha."""
    cc = cfg.engine_config().caviar
    cav = Caviar(cc)
    cav.run(steps)
    cav.probe()
    s = cav.snapshot()
    va, vl, lr = s.val_acc, s.val_loss, s.learning_rates
    low = lr < 0.01
    tr = Trainer(replace(cc.train, optim=replace(cc.train.optim, learning_rate=float(lr[0]))), cav.data)
    tr.want_decision = False
    tr.run(steps)
    return {"steps_all_models": float(s.step) if bool(np.all(s.active)) else float("nan"),
            "best_is_lowest_val_loss": float(s.best == int(np.nanargmin(vl))),
            "best_minus_worst_val_acc": float(va[s.best] - np.nanmin(va)), "best_lr": float(lr[s.best]),
            "best_minus_best_low_lr_val_acc": float(va[s.best] - np.nanmax(va[low])) if low.any() else float("nan"),
            "model0_vs_single_trainer_val_loss_err": abs(float(vl[0]) - tr.evaluate("val")[0])}


@memo(CACHE)
def _race(cfg: PandaLabConfig, steps: int) -> dict:
    """H8's race run to the end with a budget of ``steps`` model-steps for each side."""
    rc = replace(cfg.engine_config().race, budget=steps)
    race = Race(rc)
    race.run_to_end()
    s = race.snapshot()
    return {"race_equal_compute": float(s.panda_compute == s.caviar_compute == steps)}


def _pick(measure, key: str) -> Callable[[PandaLabConfig, int], float]:
    def metric(cfg: PandaLabConfig, steps: int) -> float:
        return float(measure(cfg, steps)[key])
    return metric


METRICS: dict[str, Callable[[PandaLabConfig, int], float]] = {
    **{k: _pick(_babysit, k) for k in ("mark_at_change", "hurt_ratio", "rollback_restores_val_loss",
                                       "rollback_restores_beta", "replay_equals_unchanged_run")},
    **{k: _pick(_retention, k) for k in ("pre_change_checkpoint_kept", "checkpoint_every")},
    **{k: _pick(_population, k) for k in ("steps_all_models", "best_is_lowest_val_loss", "best_minus_worst_val_acc",
                                          "best_lr", "best_minus_best_low_lr_val_acc",
                                          "model0_vs_single_trainer_val_loss_err")},
    "race_equal_compute": _pick(_race, "race_equal_compute"),
}
