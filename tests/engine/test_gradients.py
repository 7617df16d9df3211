"""Finite-difference gradient checks in float64: every analytic gradient the engine uses."""

import numpy as np
import pytest

from bnviz.engine import activations
from bnviz.engine.batchnorm import BatchNorm
from bnviz.engine.config import NetConfig
from bnviz.engine.layers import Dense
from bnviz.engine.losses import cross_entropy
from bnviz.engine.network import MLP

TOL = 1e-6


def rel_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


def numeric_grad(f, x, h=1e-4):
    """Five-point central difference: error O(h^4) from truncation plus ~1.5 eps |f| / h from rounding.

    The two-point ``(f(x+h) - f(x-h)) / 2h`` at h=1e-6 has a rounding floor of
    ~eps |f| / h = 1e-10 absolute, which is 5e-6 *relative* on a gradient
    component of 2e-5: whether a check passed depended on how a NumPy release
    ordered its float64 sums (numpy 1.26 failed one at 2.6e-6, the analytic
    gradient being right to 2e-9). Here the floor is ~3e-12 and truncation
    (h^4 / 30 times the fifth derivative) stays below it, so TOL needs no slack.
    """
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        vals = []
        for k in (2, 1, -1, -2):
            x[i] = old + k * h
            vals.append(f())
        x[i] = old
        f2, f1, fm1, fm2 = vals
        g[i] = (8 * (f1 - fm1) - (f2 - fm2)) / (12 * h)   # differences first: exactly 0 where f is flat
    return g


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize("name", activations.ACTIVATIONS)
def test_activation_gradients(name, rng):
    z = rng.standard_normal((5, 4))
    z[np.abs(z) < 1e-3] = 0.1   # keep away from the rectifiers' kink
    w = rng.standard_normal((5, 4))
    a = activations.forward(name, z)
    analytic = activations.backward(name, z, a, w)
    numeric = numeric_grad(lambda: float((activations.forward(name, z) * w).sum()), z)
    assert rel_error(analytic, numeric) < TOL


def test_softmax_cross_entropy_gradient_is_a_minus_y(rng):
    z = rng.standard_normal((6, 4))
    y = rng.integers(0, 4, 6)
    loss, dz = cross_entropy(z, y)
    numeric = numeric_grad(lambda: cross_entropy(z, y)[0], z)
    assert rel_error(dz, numeric) < TOL
    a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(dz * 6, a - np.eye(4)[y])


def test_cross_entropy_is_stable_for_huge_logits():
    z = np.array([[1000.0, 0.0, -1000.0]])
    loss, dz = cross_entropy(z, np.array([0]))
    assert np.isfinite(loss) and np.isfinite(dz).all()


def test_dense_gradients(rng):
    layer = Dense(4, 3, bias=True, init="xavier", init_std=0.1, rng=rng, dtype=np.float64)
    x = rng.standard_normal((5, 4))
    w = rng.standard_normal((5, 3))
    f = lambda: float((layer.forward(x) * w).sum())
    f()
    dx = layer.backward(w)
    assert rel_error(layer.dW, numeric_grad(f, layer.W)) < TOL
    assert rel_error(layer.db, numeric_grad(f, layer.b)) < TOL
    assert rel_error(dx, numeric_grad(f, x)) < TOL


def test_batchnorm_training_gradients(rng):
    bn = BatchNorm(3, eps=1e-5, dtype=np.float64)
    bn.gamma = rng.standard_normal(3)
    bn.beta = rng.standard_normal(3)
    x = rng.standard_normal((8, 3)) * 3 + 1
    w = rng.standard_normal((8, 3))
    f = lambda: float((bn.forward(x, training=True, update_running=False) * w).sum())
    bn.forward(x, training=True)
    dx = bn.backward(w)
    assert rel_error(dx, numeric_grad(f, x)) < TOL
    assert rel_error(bn.dgamma, numeric_grad(f, bn.gamma)) < TOL
    assert rel_error(bn.dbeta, numeric_grad(f, bn.beta)) < TOL


@pytest.mark.parametrize("placement", ["before", "after"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_whole_network_with_bn(placement, activation, rng):
    cfg = NetConfig(hidden=(5, 4, 3), activation=activation, batch_norm=True, bn_placement=placement,
                    init="xavier", dtype="float64", keep_bias=True)
    net = MLP(cfg, 3, 3, rng)
    for bn in net.bn_layers:   # non-trivial gamma/beta so their gradients are tested
        bn.gamma[:] = rng.uniform(0.5, 1.5, bn.gamma.shape)
        bn.beta[:] = rng.normal(0, 0.5, bn.beta.shape)
    x = rng.standard_normal((7, 3))
    y = rng.integers(0, 3, 7)
    f = lambda: cross_entropy(net.forward(x, "batch"), y)[0]
    net.loss_and_backward(x, y)
    for name, p, g, _ in net.parameters():
        num = numeric_grad(f, p)
        if name.startswith("b") and name[1:].isdigit() and placement == "before":
            # the bias in front of BN: mean subtraction cancels it
            assert np.abs(g).max() < 1e-9 and np.abs(num).max() < 1e-6
            continue
        assert rel_error(g, num) < TOL, name


def test_network_with_injected_noise_gradients(rng):
    cfg = NetConfig(hidden=(4, 4), activation="tanh", batch_norm=True, init="xavier", dtype="float64")
    net = MLP(cfg, 2, 2, rng)
    noise = [(rng.normal(size=4), rng.uniform(1, 2, 4)) for _ in range(2)]
    x = rng.standard_normal((6, 2))
    y = rng.integers(0, 2, 6)
    f = lambda: cross_entropy(net.forward(x, "train", noise), y)[0]
    net.loss_and_backward(x, y, noise)
    for name, p, g, _ in net.parameters():
        assert rel_error(g, numeric_grad(f, p)) < TOL, name
