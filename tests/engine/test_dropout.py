"""Inverted dropout (NetConfig.keep_prob) and BN trained with fixed statistics (MLP.bn_reference).

Gradient checks in float64 with a fixed mask (the dropout stream re-seeded
before every forward), eval mode identical to no dropout, masks reproducible
from the run's seed, and keep_prob=1 drawing nothing.
"""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.losses import cross_entropy
from bnviz.engine.network import MLP, population_stats
from bnviz.engine.population import check_population_config
from bnviz.engine.trainer import Trainer, split_seeds
from bnviz.schema import from_json, to_json
from tests.engine.test_gradients import TOL, numeric_grad, rel_error

MASK_SEED = 7


def _net(keep: float, bn: bool, placement: str = "before", activation: str = "tanh", seed: int = 0) -> MLP:
    cfg = NetConfig(hidden=(5, 4, 3), activation=activation, batch_norm=bn, bn_placement=placement,
                    init="xavier", dtype="float64", keep_prob=keep)
    net = MLP(cfg, 3, 3, np.random.default_rng(seed))
    for b in net.bn_layers:      # non-trivial gamma/beta so their gradients are tested
        b.gamma[:] = np.linspace(0.6, 1.4, b.gamma.size)
        b.beta[:] = np.linspace(-0.3, 0.3, b.beta.size)
    return net


def _fixed_mask_loss(net: MLP, x: np.ndarray, y: np.ndarray, stats=None) -> float:
    """The training loss with the same mask every call: the dropout stream re-seeded first."""
    net.dropout_rng = np.random.default_rng(MASK_SEED)
    return cross_entropy(net.forward(x, "train", stats=stats), y)[0]


@pytest.mark.parametrize("bn,placement", [(False, "before"), (True, "before"), (True, "after")])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_dropout_gradients_with_a_fixed_mask(bn, placement, activation):
    rng = np.random.default_rng(1)
    net = _net(0.6, bn, placement, activation)
    x, y = rng.standard_normal((9, 3)), rng.integers(0, 3, 9)
    net.dropout_rng = np.random.default_rng(MASK_SEED)
    net.loss_and_backward(x, y)
    masks = [b._mask for b in net.blocks]
    assert all(m is not None for m in masks)
    assert any((m == 0).any() for m in masks)            # some units really were dropped
    for name, p, g, _ in net.parameters():
        num = numeric_grad(lambda: _fixed_mask_loss(net, x, y), p)
        assert rel_error(g, num) < TOL, name


def test_mask_is_inverted_dropout():
    net = _net(0.8, bn=False)
    net.dropout_rng = np.random.default_rng(0)
    x = np.random.default_rng(2).standard_normal((4000, 3))
    net.forward(x, "train")
    for b in net.blocks:
        m = b._mask
        assert set(np.unique(m)) <= {0.0, 1.0 / 0.8}
        assert abs((m > 0).mean() - 0.8) < 0.02               # each unit kept with probability keep_prob
        assert m.shape == b.trace.a.shape


def test_eval_and_batch_modes_equal_no_dropout_exactly():
    x = np.random.default_rng(3).standard_normal((11, 3))
    for bn in (False, True):
        with_drop, without = _net(0.5, bn), _net(1.0, bn)          # same init stream: the same weights
        with_drop.dropout_rng = np.random.default_rng(0)
        if not bn:      # (with BN a training forward would fold dropped activations into the running estimates)
            with_drop.forward(x, "train")                          # a training forward in between changes nothing
        for mode in ("eval", "batch"):
            assert np.array_equal(with_drop.forward(x, mode), without.forward(x, mode))
        drawn = with_drop.dropout_rng.bit_generator.state
        with_drop.forward(x, "eval")
        assert with_drop.dropout_rng.bit_generator.state == drawn  # inference draws no mask


def test_keep_prob_one_draws_no_mask_and_needs_no_stream():
    cfg = TrainConfig(data=DataConfig(name="moons", n_samples=200), net=NetConfig(hidden=(8, 8)), batch_size=16)
    tr = Trainer(cfg)
    assert tr.net.dropout_rng is None
    tr.run(5)
    assert all(b._mask is None for b in tr.net.blocks)


def test_trainer_masks_come_from_the_seed_and_leave_the_other_streams_alone():
    base = TrainConfig(data=DataConfig(name="moons", n_samples=300), net=NetConfig(hidden=(8, 8), batch_norm=False),
                       batch_size=16, seed=3, probe_every=5)
    drop = replace(base, net=replace(base.net, keep_prob=0.7))
    a, b, plain = Trainer(drop), Trainer(drop), Trainer(base)
    # the initial weights come from the same stream with or without dropout
    assert all(np.array_equal(p, q) for (_, p, _, _), (_, q, _, _) in zip(a.net.parameters(), plain.net.parameters()))
    for t in (a, b, plain):
        t.run(40)
    assert np.array_equal(a.history.columns()["train_loss"], b.history.columns()["train_loss"])
    assert not np.array_equal(a.history.columns()["train_loss"], plain.history.columns()["train_loss"])
    other = Trainer(replace(drop, seed=4))
    other.run(1)
    a.reset()
    a.run(1)
    assert not np.array_equal(a.net.blocks[0]._mask, other.net.blocks[0]._mask)
    assert len(split_seeds(3)) == 3


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.5, float("nan"), True])
def test_config_refuses_bad_keep_prob(bad):
    with pytest.raises(ValueError, match="keep_prob"):
        NetConfig(keep_prob=bad)


def test_schema_accepts_the_field_and_old_files_without_it():
    old = to_json(NetConfig())
    del old["keep_prob"]
    assert from_json(NetConfig, old).keep_prob == 1.0
    assert from_json(NetConfig, {**old, "keep_prob": 0.8}).keep_prob == 0.8
    with pytest.raises(ValueError, match="keep_prob"):
        from_json(NetConfig, {**old, "keep_prob": "0.8"})
    with pytest.raises(ValueError, match="keep_prob"):
        from_json(NetConfig, {**old, "keep_prob": 0})


def test_population_refuses_dropout_clearly():
    cfg = TrainConfig(net=NetConfig(keep_prob=0.9), optim=replace(TrainConfig().optim, name="sgd"))
    with pytest.raises(ValueError, match=r"keep_prob=0.9 \(dropout\) is not supported by a population"):
        check_population_config(cfg)
    check_population_config(replace(cfg, net=NetConfig()))


# ------------------------------------------------------------------ BN with fixed, noise-free statistics


@pytest.mark.parametrize("placement", ["before", "after"])
@pytest.mark.parametrize("keep", [1.0, 0.7])
def test_fixed_statistics_gradients_hold_the_statistics_constant(placement, keep):
    rng = np.random.default_rng(4)
    net = _net(keep, True, placement)
    x, y = rng.standard_normal((6, 3)), rng.integers(0, 3, 6)
    ref = rng.standard_normal((40, 3)) * 2 + 0.5
    net.bn_reference = ref
    stats = population_stats(net, ref)                 # what the step normalizes with, frozen here
    net.dropout_rng = np.random.default_rng(MASK_SEED)
    net.loss_and_backward(x, y)
    for name, p, g, _ in net.parameters():
        num = numeric_grad(lambda: _fixed_mask_loss(net, x, y, stats), p)
        assert rel_error(g, num) < TOL, name


def test_fixed_statistics_make_an_example_independent_of_its_batch():
    net = _net(1.0, True)
    rng = np.random.default_rng(5)
    ref, x = rng.standard_normal((50, 3)), rng.standard_normal((8, 3))
    stats = population_stats(net, ref)
    alone = net.forward(x[:1], "train", stats=stats)
    together = net.forward(x, "train", stats=stats)[:1]
    assert np.allclose(alone, together, rtol=0, atol=1e-12)            # no nudge from the others
    assert np.allclose(together, net.forward(x, "eval", stats=stats)[:1], rtol=0, atol=1e-12)
    batch = net.forward(x, "train")[:1]
    assert not np.allclose(batch, together)                           # the batch's own statistics do nudge
