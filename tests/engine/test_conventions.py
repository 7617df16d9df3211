"""The conventions the settings' tooltips and the README state, checked one step by hand against the engine.

Momentum is the course's v = beta*v + (1-beta)*dW; L2 adds lambda*W to each
weight's gradient every step (the course's lambda/m); learning-rate decay
counts epochs from 0; RMSprop's beta is the beta2 setting (the one Adam uses).
"""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.optimizers import Optimizer
from bnviz.engine.trainer import Trainer

BLOBS = DataConfig(name="blobs", n_samples=300, n_classes=3, noise=0.3, seed=1)


def trainer(optim: OptimConfig, **kw) -> Trainer:
    return Trainer(TrainConfig(data=BLOBS, net=NetConfig(hidden=(8, 8), batch_norm=True, dtype="float64"),
                               optim=optim, batch_size=kw.pop("batch_size", 32), seed=5, **kw))


def params(tr: Trainer) -> dict[str, tuple[np.ndarray, np.ndarray, bool]]:
    """name -> (value copy, gradient copy, is_weight), as the last backward left them."""
    return {n: (p.copy(), g.copy(), w) for n, p, g, w in tr.net.parameters()}


def test_momentum_is_the_courses_exponentially_weighted_average():
    alpha, beta = 0.1, 0.8
    tr = trainer(OptimConfig(name="momentum", learning_rate=alpha, beta1=beta))
    before = params(tr)
    tr.step()
    first = params(tr)
    v = {}
    for n, (w0, _, _) in before.items():
        v[n] = (1 - beta) * first[n][1]                     # v starts at 0: v = beta*0 + (1-beta)*dW
        np.testing.assert_allclose(first[n][0], w0 - alpha * v[n], rtol=1e-12, atol=1e-15)
    tr.step()
    second = params(tr)
    for n in before:
        v_n = beta * v[n] + (1 - beta) * second[n][1]       # not v = beta*v + dW (no 1-beta), not W -= alpha*dW
        np.testing.assert_allclose(second[n][0], first[n][0] - alpha * v_n, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("batch_size", [8, 64])
def test_l2_adds_lambda_w_to_each_weights_gradient_whatever_the_batch_size(batch_size):
    alpha, lam = 0.05, 0.01
    tr = trainer(OptimConfig(name="sgd", learning_rate=alpha, weight_decay=lam), batch_size=batch_size)
    before = params(tr)
    tr.step()
    after = params(tr)
    decayed = set()
    for n, (w0, _, is_weight) in before.items():
        g = after[n][1] + (lam * w0 if is_weight else 0.0)   # lambda*W, not lambda/m*W: the course's lambda/m
        np.testing.assert_allclose(after[n][0], w0 - alpha * g, rtol=1e-12, atol=1e-15)
        if is_weight:
            decayed.add(n)
    assert decayed == {"W1", "W2", "W_out"}                  # weights only: no b, gamma, beta
    # the plotted loss is the cross-entropy alone: the penalty is not in it
    plain = trainer(OptimConfig(name="sgd", learning_rate=alpha), batch_size=batch_size)
    assert tr.history.columns()["val_loss"][0] == plain.history.columns()["val_loss"][0]


def test_learning_rate_decay_counts_epochs_from_zero():
    a0 = 0.2
    tr = trainer(OptimConfig(name="sgd", learning_rate=a0, decay="inverse", decay_rate=1.0))
    spe = tr.steps_per_epoch
    assert spe == len(tr.data.x_train) // 32
    tr.run(spe)                                   # the whole first epoch ran at alpha0: epoch_num = 0
    assert tr.epoch == 0 and tr.learning_rate == a0
    before = params(tr)
    tr.step()                                     # the first step of the second epoch: epoch_num = 1
    assert tr.epoch == 1 and tr.learning_rate == pytest.approx(a0 / (1 + 1.0 * 1))
    after = params(tr)
    for n, (w0, _, _) in before.items():
        np.testing.assert_allclose(after[n][0], w0 - 0.1 * after[n][1], rtol=1e-12, atol=1e-15)


def test_rmsprop_uses_the_beta2_setting():
    rng = np.random.default_rng(0)
    w0, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def one_step(**kw):
        opt = Optimizer(OptimConfig(name="rmsprop", **kw))
        w = w0.copy()
        opt.step([("W1", w, g, True)], lr=0.01)
        return w

    base = one_step(beta1=0.9, beta2=0.99, eps=1e-8)
    s = (1 - 0.99) * g * g                         # s = beta2*0 + (1-beta2)*dW^2
    np.testing.assert_allclose(base, w0 - 0.01 * g / (np.sqrt(s) + 1e-8), rtol=1e-12)
    assert np.array_equal(one_step(beta1=0.5, beta2=0.99, eps=1e-8), base)     # beta1 plays no part
    assert not np.allclose(one_step(beta1=0.9, beta2=0.9, eps=1e-8), base)     # beta2 is RMSprop's beta


def test_adam_is_bias_corrected_from_its_first_step():
    rng = np.random.default_rng(1)
    w0, g = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    opt = Optimizer(OptimConfig(name="adam", beta1=0.9, beta2=0.999, eps=1e-8))
    w = w0.copy()
    opt.step([("W1", w, g, True)], lr=0.01)
    v_hat = (0.1 * g) / (1 - 0.9)
    s_hat = (0.001 * g * g) / (1 - 0.999)
    np.testing.assert_allclose(w, w0 - 0.01 * v_hat / (np.sqrt(s_hat) + 1e-8), rtol=1e-10)


def test_the_population_engine_uses_the_same_momentum():
    from bnviz.engine.population import Population

    cfg = TrainConfig(data=BLOBS, net=NetConfig(hidden=(8,), batch_norm=False, dtype="float64"),
                      optim=OptimConfig(name="momentum", learning_rate=0.1, beta1=0.8), batch_size=32, seed=5)
    pop = Population(cfg, learning_rates=(0.1,))
    tr = Trainer(replace(cfg, seed=pop.init_seeds[0]))
    pop.step()
    tr.step()
    np.testing.assert_allclose(pop.p["W1"][0], tr.net.blocks[0].dense.W, rtol=1e-10, atol=1e-12)
