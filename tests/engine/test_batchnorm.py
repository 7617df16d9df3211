"""Batch norm against its textbook definition, in training and test mode."""

import numpy as np

from bnviz.engine.batchnorm import BatchNorm
from bnviz.engine.config import NetConfig
from bnviz.engine.network import MLP


def test_training_mode_matches_the_lecture_formula():
    rng = np.random.default_rng(1)
    x = rng.normal(3.0, 2.0, (64, 5))
    bn = BatchNorm(5, eps=1e-3, dtype=np.float64)
    bn.gamma[:] = 2.0
    bn.beta[:] = -1.0
    out = bn.forward(x, training=True)
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).sum(axis=0) / 64   # biased: divide by m
    expected = 2.0 * (x - mu) / np.sqrt(var + 1e-3) - 1.0
    assert np.allclose(out, expected)


def test_gamma_sqrt_var_beta_mu_gives_back_the_input():
    rng = np.random.default_rng(2)
    x = rng.normal(-4.0, 0.5, (32, 3))
    bn = BatchNorm(3, eps=1e-5, dtype=np.float64)
    bn.gamma[:] = np.sqrt(x.var(axis=0) + bn.eps)
    bn.beta[:] = x.mean(axis=0)
    assert np.allclose(bn.forward(x, training=True), x)


def test_eval_mode_uses_running_estimates():
    bn = BatchNorm(2, eps=1e-5, dtype=np.float64)
    bn.running_mean[:] = [1.0, -2.0]
    bn.running_var[:] = [4.0, 0.25]
    x = np.array([[3.0, -1.0]])
    out = bn.forward(x, training=False)
    assert np.allclose(out, [[(3 - 1) / np.sqrt(4 + 1e-5), (-1 + 2) / np.sqrt(0.25 + 1e-5)]])


def test_running_estimates_follow_the_lecture_convention_and_converge():
    rng = np.random.default_rng(3)
    bn = BatchNorm(1, momentum=0.9, dtype=np.float64)
    first = rng.normal(5.0, 3.0, (50, 1))
    bn.forward(first, training=True)
    assert np.allclose(bn.running_mean, 0.1 * first.mean())          # 0.9 * 0 + 0.1 * batch
    assert np.allclose(bn.running_var, 0.9 + 0.1 * first.var())
    for _ in range(300):
        bn.forward(rng.normal(5.0, 3.0, (50, 1)), training=True)
    assert abs(bn.running_mean[0] - 5.0) < 0.3
    assert abs(bn.running_var[0] - 9.0 * 49 / 50) < 1.5


def test_batch_of_one_is_finite():
    bn = BatchNorm(4)
    out = bn.forward(np.ones((1, 4), np.float32) * 7, training=True)
    assert np.isfinite(out).all()
    assert np.isfinite(bn.backward(np.ones((1, 4), np.float32))).all()


def test_kept_bias_in_front_of_bn_gets_zero_gradient():
    rng = np.random.default_rng(4)
    net = MLP(NetConfig(hidden=(8, 8), keep_bias=True, dtype="float64"), 3, 2, rng)
    x = rng.standard_normal((16, 3))
    net.loss_and_backward(x, rng.integers(0, 2, 16))
    for block in net.blocks:
        assert block.dense.db is not None
        assert np.abs(block.dense.db).max() < 1e-12
        assert np.abs(block.dense.dW).max() > 1e-6


def test_bias_dropped_by_default_with_bn_and_kept_without():
    rng = np.random.default_rng(5)
    assert all(b.dense.b is None for b in MLP(NetConfig(hidden=(4,)), 2, 2, rng).blocks)
    assert all(b.dense.b is not None for b in MLP(NetConfig(hidden=(4,), batch_norm=False), 2, 2, rng).blocks)
