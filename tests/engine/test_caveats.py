"""The batch-of-one caveat the lab pages show is a checked claim: BN on one row trains nothing below it."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.caveats import bn_batch_of_one
from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.population import Population
from bnviz.engine.trainer import Trainer

BLOBS = DataConfig(name="blobs", n_samples=300, n_classes=3, noise=0.3, seed=1)


def one_row(**net) -> TrainConfig:
    return TrainConfig(data=BLOBS, net=NetConfig(hidden=(8, 8, 8), batch_norm=True, **net),
                       optim=OptimConfig(name="sgd", learning_rate=0.1), batch_size=1, seed=3)


@pytest.mark.parametrize("net", [dict(), dict(bn_placement="after"), dict(keep_bias=True),
                                 dict(activation="tanh", dtype="float64")])
def test_batch_of_one_gives_the_hidden_layers_exactly_zero_gradient(net):
    cfg = one_row(**net)
    assert bn_batch_of_one(cfg)
    tr = Trainer(cfg)
    for _ in range(5):                      # several rows, each its own mini-batch
        tr.step()
        grads = {name: g for name, _, g, _ in tr.net.parameters()}
        for i, block in enumerate(tr.net.blocks, start=1):
            assert not grads[f"W{i}"].any(), f"W{i}"                     # exactly 0, not small
            assert not grads[f"gamma{i}"].any()                          # dgamma = sum(dy * z_norm), z_norm = 0
            if f"b{i}" in grads:
                assert not grads[f"b{i}"].any()
            if i < len(tr.net.blocks):
                assert not grads[f"beta{i}"].any()                       # behind the next BN layer
        # what can still learn: the last beta and the output layer (the output bias always does)
        assert grads["b_out"].any()


def test_the_hidden_weights_do_not_move_and_the_net_predicts_one_class():
    tr = Trainer(one_row())
    w = [b.dense.W.copy() for b in tr.net.blocks]
    tr.run(200)
    assert all(np.array_equal(a, b.dense.W) for a, b in zip(w, tr.net.blocks))
    # normalized as in training (each row its own batch) every row gives the same logits: each BN layer
    # outputs its beta, whatever its input
    x = tr.data.x_val[:20]
    logits = np.stack([tr.net.forward(x[i:i + 1], "batch")[0] for i in range(len(x))])
    assert np.ptp(logits, axis=0).max() == 0


def test_two_rows_do_train_the_hidden_layers():
    tr = Trainer(replace(one_row(), batch_size=2))
    assert not bn_batch_of_one(tr.cfg)
    tr.step()
    assert all(b.dense.dW.any() for b in tr.net.blocks)


def test_the_population_engine_agrees():
    pop = Population(one_row(), learning_rates=(0.1, 0.3))
    w = pop.p["W1"].copy()
    pop.step()
    assert not pop.g["W1"].any() and np.array_equal(w, pop.p["W1"])


@pytest.mark.parametrize("change", [dict(batch_size=2), dict(net=NetConfig(hidden=(8,), batch_norm=False)),
                                    dict(net=NetConfig(hidden=(), batch_norm=True))])
def test_the_caveat_names_only_batch_norm_on_one_row(change):
    assert not bn_batch_of_one(replace(one_row(), **change))
