"""Training runs: optimizers, live changes, determinism, divergence, bounded memory."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig, needs_rebuild
from bnviz.engine.data import DataConfig
from bnviz.engine.history import DecimatingHistory
from bnviz.engine.trainer import Trainer

BLOBS = DataConfig(name="blobs", n_samples=300, n_classes=3, noise=0.3, seed=1)


def cfg(**kw):
    base = dict(data=BLOBS, net=NetConfig(hidden=(16, 16)), optim=OptimConfig(name="sgd", learning_rate=0.1),
                batch_size=32, seed=7, probe_every=10)
    base.update(kw)
    return TrainConfig(**base)


@pytest.mark.parametrize("name,lr", [("sgd", 0.1), ("momentum", 0.1), ("rmsprop", 0.003), ("adam", 0.003)])
def test_each_optimizer_lowers_the_loss(name, lr):
    tr = Trainer(cfg(optim=OptimConfig(name=name, learning_rate=lr)))
    before = tr.evaluate("train")[0]
    tr.run(150)
    after = tr.evaluate("train")[0]
    assert after < 0.6 * before, (name, before, after)


def test_learning_rate_change_takes_effect_at_the_next_step():
    tr = Trainer(cfg(optim=OptimConfig(name="sgd", learning_rate=0.1)))
    tr.run(5)
    w = tr.net.blocks[0].dense.W.copy()
    tr.set_optim(OptimConfig(name="sgd", learning_rate=0.0001))
    assert tr.step_count == 5           # no reset
    tr.step()
    small = np.abs(tr.net.blocks[0].dense.W - w).max()
    w = tr.net.blocks[0].dense.W.copy()
    tr.set_optim(OptimConfig(name="sgd", learning_rate=0.1))
    tr.step()
    big = np.abs(tr.net.blocks[0].dense.W - w).max()
    assert big > 100 * small


def test_rebuild_rules():
    a = cfg()
    assert not needs_rebuild(a, replace(a, optim=OptimConfig(learning_rate=0.5)))
    assert not needs_rebuild(a, replace(a, net=replace(a.net, bn_momentum=0.5)))
    assert needs_rebuild(a, replace(a, net=replace(a.net, hidden=(16, 16, 16))))
    assert needs_rebuild(a, replace(a, seed=8))


def test_same_seed_same_history_different_seed_differs():
    r1, r2, r3 = Trainer(cfg()), Trainer(cfg()), Trainer(cfg(seed=8))
    for r in (r1, r2, r3):
        r.run(60)
    c1, c2, c3 = (r.history.columns() for r in (r1, r2, r3))
    for k in c1:
        assert np.array_equal(c1[k], c2[k], equal_nan=True), k
    assert not np.array_equal(c1["val_loss"], c3["val_loss"])
    assert all(np.array_equal(p, q) for (_, p, _, _), (_, q, _, _) in zip(r1.net.parameters(), r2.net.parameters()))


def test_reset_returns_to_the_same_first_snapshot():
    tr = Trainer(cfg())
    first = tr.snapshot()
    tr.run(30)
    tr.reset()
    again = tr.snapshot()
    assert again.step == 0
    assert np.array_equal(first.layers[0].z.counts, again.layers[0].z.counts)


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_huge_learning_rate_diverges_without_exception(opt):
    tr = Trainer(cfg(optim=OptimConfig(name=opt, learning_rate=1e3), net=NetConfig(hidden=(16, 16), batch_norm=False)))
    done = tr.run(500)
    assert tr.diverged_at is not None and tr.diverged_at <= 500
    assert done < 500
    assert not tr.step()              # stays stopped
    snap = tr.snapshot()
    assert snap.diverged and snap.diverged_at == tr.diverged_at and snap.divergence_reason


def test_snapshot_arrays_are_read_only_copies():
    tr = Trainer(cfg())
    tr.run(20)
    snap = tr.snapshot()
    gamma = snap.layers[0].gamma
    assert not gamma.flags.writeable
    tr.run(20)
    assert not np.array_equal(gamma, tr.net.blocks[0].bn.gamma)


def test_history_is_bounded_over_a_long_run():
    h = DecimatingHistory(capacity=64)
    for i in range(1_000_000):
        h.append(step=i, loss=1.0 / (i + 1))
    cols = h.columns()
    assert len(h) <= 64 and h.nbytes == 2 * 64 * 8
    assert cols["step"][0] == 0 and cols["step"][-1] > 900_000
    assert np.all(np.diff(cols["step"]) == h.stride)


def test_probe_does_not_change_the_run():
    a, b = Trainer(cfg()), Trainer(cfg())
    a.run(15)
    b.run(15)
    for _ in range(5):
        b.probe()
    a.run(15)
    b.run(15)
    assert np.array_equal(a.net.blocks[1].bn.running_mean, b.net.blocks[1].bn.running_mean)


def test_config_validation_names_the_field():
    with pytest.raises(ValueError, match="batch_size"):
        cfg(batch_size=0)
    with pytest.raises(ValueError, match="learning_rate"):
        OptimConfig(learning_rate=float("inf"))
    with pytest.raises(ValueError, match="width"):
        NetConfig(hidden=(2000,))
    with pytest.raises(ValueError, match="depth"):
        NetConfig(hidden=(4,) * 13)
