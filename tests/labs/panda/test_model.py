"""Panda: live changes with marks, bounded checkpoints, exact roll back; the race; the lab's model."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.population import CaviarConfig
from bnviz.labs.panda.model import (
    DEFAULT_TRAIN,
    Panda,
    PandaConfig,
    PandaLabConfig,
    PandaVsCaviar,
    Race,
    RaceConfig,
    RollbackHistory,
    sample_hyperparameters,
)

SPIRAL = DataConfig(name="spiral", n_samples=300, noise=0.2, n_classes=3, seed=0)
TRAIN = TrainConfig(data=SPIRAL, net=NetConfig(hidden=(16, 16)),
                    optim=OptimConfig(name="momentum", learning_rate=0.05, beta1=0.9), batch_size=32, seed=3,
                    probe_every=5)


def panda(every: int = 20, keep: int = 20, train: TrainConfig = TRAIN) -> Panda:
    return Panda(PandaConfig(train=train, checkpoint_every=every, keep=keep))


def test_a_change_takes_effect_at_the_next_step_and_is_marked_there():
    p = panda()
    p.run(30)
    w = p.trainer.net.blocks[0].dense.W.copy()
    p.nudge(learning_rate=0.2)
    assert p.step_count == 30                                  # no reset
    assert np.array_equal(p.trainer.net.blocks[0].dense.W, w)  # nothing changed until the next step
    assert p.trainer.learning_rate == 0.2
    p.nudge(beta=0.99)
    s = p.snapshot()
    assert [(m.step, m.kind) for m in s.marks] == [(30, "lr"), (30, "beta")]
    assert s.marks[0].label == "\u03b1 0.05 \u2192 0.2"
    assert s.checkpoints[-1].step == 30 and s.checkpoints[-1].learning_rate == 0.05   # taken before the change
    p.step()
    assert not np.array_equal(p.trainer.net.blocks[0].dense.W, w)
    assert p.snapshot().history["lr"][-1] in (0.05, 0.2)      # the history reports the rate in use


def test_roll_back_gives_back_exactly_the_checkpoints_loss_and_state():
    p = panda()
    p.run(60)
    ck = p.find_checkpoint(60)
    saved = {k: v.copy() for k, v in p.trainer.net.state().items()}
    p.nudge(learning_rate=2.0)                                 # a change that hurts
    p.run(25)
    assert p.trainer.evaluate("val")[0] != ck.val_loss
    p.rollback(60)
    assert p.trainer.evaluate("val")[0] == ck.val_loss         # bitwise
    for k, v in p.trainer.net.state().items():
        assert np.array_equal(v, saved[k]), k
    assert (p.step_count, p.epoch) == (60, ck.epoch)
    assert p.trainer.cfg.optim.learning_rate == 0.05           # the change is undone too
    s = p.snapshot()
    assert s.history["step"][-1] == 60 and s.history["val_loss"][-1] == ck.val_loss
    assert [m.kind for m in s.marks] == ["rollback"] and s.marks[0].step == 60
    assert len(s.branches) == 1 and s.branches[0].from_step == 60 and s.branches[0].to_step == 85
    assert s.compute == 85                                     # the abandoned steps were spent
    assert s.restores == 1


def test_after_a_roll_back_training_continues_exactly_as_the_first_time():
    straight = panda()
    straight.run(100)
    p = panda()
    p.run(60)
    p.nudge(learning_rate=0.5)
    p.run(30)
    p.rollback(60)
    p.run(40)
    a, b = straight.trainer.history.columns(), p.trainer.history.columns()
    assert a.keys() == b.keys()
    for k in a:
        assert np.array_equal(a[k], b[k], equal_nan=True), k
    for k, v in straight.trainer.net.state().items():
        assert np.array_equal(v, p.trainer.net.state()[k]), k


def test_checkpoints_are_kept_every_n_steps_and_bounded():
    p = panda(every=10, keep=5)
    p.run(200)
    steps = [c.step for c in p.snapshot().checkpoints]
    assert steps == [160, 170, 180, 190, 200]
    with pytest.raises(ValueError, match="no checkpoint"):
        p.rollback(100)
    assert p.find_checkpoint(175, nearest=True).step == 170
    assert p.rollback(105, nearest=True).step == 160           # a GUI may ask for one that is gone
    assert [c.step for c in p.snapshot().checkpoints] == [160]  # the later ones were on the abandoned branch


def test_roll_back_rescues_a_diverged_run():
    p = panda(train=replace(TRAIN, net=NetConfig(hidden=(16, 16), batch_norm=False)))
    p.run(40)
    p.nudge(learning_rate=500.0)
    p.run(50)
    assert p.diverged and not p.step()
    assert p.checkpoint() is None                              # nothing to save from a diverged run
    p.rollback()                                               # the latest: taken just before the change
    assert not p.diverged and p.step_count == 40
    assert p.run(20) == 20


def test_later_marks_and_checkpoints_belong_to_the_abandoned_branch():
    p = panda(every=20)
    p.run(40)
    p.nudge(learning_rate=0.1)
    p.run(30)
    p.nudge(learning_rate=0.2)
    p.rollback(40)
    s = p.snapshot()
    assert [c.step for c in s.checkpoints] == [0, 20, 40]
    assert [m.kind for m in s.marks] == ["rollback"]


def test_rollback_history_truncates_by_step():
    h = RollbackHistory(8)
    for i in range(6):
        h.append(step=i * 10, v=float(i))
    calls = h.calls
    h.append(step=60, v=6.0)
    h.truncate(30, 4)
    assert list(h.select(["step"])["step"]) == [0, 10, 20, 30] and h.calls == 4
    assert calls == 6
    assert list(h.rows_after(20, ["v"])["v"]) == [2.0, 3.0]


def race_cfg(**kw) -> RaceConfig:
    lrs = (0.003, 0.03, 0.3, 1.0)
    base = dict(caviar=CaviarConfig(train=TRAIN, learning_rates=lrs), panda_lr=0.05, budget=4 * 60, check_every=10)
    base.update(kw)
    return RaceConfig(**base)


def test_the_race_spends_equal_compute_and_compares_the_best():
    r = Race(race_cfg())
    res = r.run_to_end()
    assert r.panda.compute == r.caviar.compute == 240
    assert r.caviar.step_count == 60
    s = r.snapshot()
    assert s.done and s.result is res
    assert res.caviar_val_loss == pytest.approx(np.nanmin(s.caviar.val_loss))
    assert res.panda_val_loss == r.panda.trainer.evaluate("val")[0]
    assert res.winner == ("panda" if res.panda_val_loss < res.caviar_val_loss else "caviar")
    assert res.caviar_lr == r.cfg.caviar.learning_rates[res.caviar_model]
    assert s.history["compute"][-1] == 240
    assert {m.kind for m in s.marks} <= {"up", "keep", "back"} and s.marks
    assert not r.step()


def test_the_race_with_halving_gives_the_survivors_the_budget():
    r = Race(race_cfg(caviar=CaviarConfig(train=TRAIN, learning_rates=(0.003, 0.03, 0.3, 1.0), halving=True,
                                          rung_steps=10)))
    r.run_to_end()
    assert r.panda.compute == 240
    assert 240 <= r.caviar.compute < 240 + 4
    assert r.caviar.step_count > 60                             # survivors trained longer than 60 steps


def test_the_lab_model_steps_the_run_shown_and_caches_the_others():
    cfg = PandaLabConfig(train=TRAIN, checkpoint_every=20, n_models=3, lr_from=0.01, lr_to=1.0, race_steps=60,
                         race_check_every=10)
    m = PandaVsCaviar(cfg)
    m.step()
    s1 = m.snapshot()
    assert (s1.panda.step, s1.caviar.step, s1.race.ticks) == (1, 0, 0)
    assert m.configure(replace(cfg, mode="caviar")) is False     # another page: nothing restarts
    m.step()
    m.step()
    s2 = m.snapshot()
    assert s2.mode == "caviar"
    assert s2.panda is s1.panda                                 # unchanged run: the cached snapshot
    assert s2.caviar.step == 2 and m.step_count == 2 and s2.current is s2.caviar
    m.nudge(learning_rate=0.3)                                  # panda's dial works from any page
    assert m.snapshot().panda.marks[-1].label.endswith("0.3")
    m.rollback(12345)                                           # a stale request never raises: nearest before
    assert m.panda.step_count == 1
    assert m.panda.trainer.cfg.optim.learning_rate == 0.05     # that checkpoint was taken before the nudge
    m.nudge(learning_rate=0.3)
    bigger = replace(cfg, mode="caviar", n_models=4)
    assert m.configure(bigger) is True                          # the caviar (shown) restarted
    assert m.snapshot().caviar.n_models == 4 and m.caviar.step_count == 0
    assert m.panda.step_count == 1                              # the panda run was not touched
    keep = replace(bigger, mode="panda", checkpoint_every=7)
    m.configure(keep)
    m.step()
    assert m.configure(replace(keep, keep=9)) is False           # not a rebuild: the panda run goes on
    assert m.panda.step_count == 2 and m.panda.cfg.checkpoint_every == 7 and m.panda.cfg.keep == 9
    assert m.panda.trainer.cfg.optim.learning_rate == 0.3      # the live dial survives a settings change
    restores = m.snapshot().panda.restores
    moons = replace(keep, train=replace(TRAIN, data=replace(SPIRAL, name="moons", n_classes=2)))
    assert m.configure(moons) is True                           # new data: all three runs restart
    s3 = m.snapshot()
    assert s3.panda.step == 0 and s3.panda.config.data.name == "moons" and s3.caviar.config.train.data.name == "moons"
    assert s3.panda.learning_rate == 0.05                       # at the config's start, not the old dial
    assert s3.panda.restores > restores                          # so the page re-reads its dials


def test_the_lab_config_derives_the_three_runs():
    cfg = PandaLabConfig(train=TRAIN, n_models=6, lr_from=0.01, lr_to=0.5, tune_beta=True, beta_from=0.8,
                         beta_to=0.99, halving=True, rung_steps=20, race_steps=30, race_panda_lr=0.2,
                         race_check_every=15, checkpoint_every=25, keep=7)
    e = cfg.engine_config()
    assert e.panda == PandaConfig(train=TRAIN, checkpoint_every=25, keep=7)   # starts at train.optim's alpha, beta
    lrs, betas = sample_hyperparameters(6, (0.01, 0.5), (0.8, 0.99), TRAIN.seed)
    assert e.caviar.learning_rates == lrs and e.caviar.betas == betas
    assert e.caviar.halving and e.caviar.rung_steps == 20 and e.caviar.train == TRAIN
    assert (e.race.budget, e.race.panda_lr, e.race.panda_beta, e.race.check_every) == (180, 0.2, 0.9, 15)
    assert e.race.caviar == e.caviar
    assert cfg.budget == 180
    again = replace(cfg, draw=1).engine_config()                 # "Draw new settings": another sample
    assert again.caviar.learning_rates != lrs and again.panda == e.panda
    assert replace(cfg, tune_beta=False).engine_config().caviar.learning_rates == lrs   # the rates drawn first
    assert cfg.with_seed(9).seed == 9 and cfg.with_seed(9).train.seed == 9
    assert PandaLabConfig().train == DEFAULT_TRAIN and PandaLabConfig().mode == "panda"


@pytest.mark.parametrize("kw, match", [
    (dict(mode="zoo"), "mode"),
    (dict(lr_from=1.0, lr_to=0.1), "lr_from"),
    (dict(lr_from=0.0), "lr_from"),
    (dict(n_models=0), "n_models"),
    (dict(n_models=2.5), "n_models"),
    (dict(tune_beta=True, train=replace(DEFAULT_TRAIN, optim=replace(DEFAULT_TRAIN.optim, name="sgd"))),
     "tune_beta.*momentum"),
    (dict(tune_beta=True, beta_from=0.99, beta_to=0.95), "beta_from"),
    (dict(train=replace(DEFAULT_TRAIN, optim=replace(DEFAULT_TRAIN.optim, name="adam"))), "train.optim.name"),
    (dict(train=replace(DEFAULT_TRAIN, data=replace(DEFAULT_TRAIN.data, name="digits"))), "train.data.name"),
    (dict(keep=0), "keep"),
    (dict(checkpoint_every=0), "checkpoint_every"),
    (dict(race_steps=5), "race_steps"),
    (dict(race_panda_lr=-1.0), "race_panda_lr"),
    (dict(halving="yes"), "halving"),
])
def test_the_lab_config_refuses_what_the_engine_would(kw, match):
    with pytest.raises(ValueError, match=match):
        PandaLabConfig(**kw)
