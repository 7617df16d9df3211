"""The bench's NumPy floor computes the engine's step: same loss, gradients, running averages and update."""

import numpy as np

from bench.models import train_config
from bench.numpy_floor import FloorStep
from bnviz.engine.trainer import Trainer


def test_floor_step_matches_the_engines_gradients_and_update():
    trainer = Trainer(train_config("bn_paper_net", True))
    floor = FloorStep(trainer)
    x, y = trainer.data.x_train[:60], trainer.data.y_train[:60]

    loss = trainer.net.loss_and_backward(x, y)
    floor_loss = floor.gradients(x, y)
    assert abs(floor_loss - loss) < 1e-5 * max(1.0, abs(loss))
    at = 0
    for name, p, g, _ in trainer.net.parameters():
        mine = floor.G[at:at + g.size].reshape(g.shape)
        at += g.size
        np.testing.assert_allclose(mine, g, rtol=1e-3, atol=1e-6 * float(np.abs(g).max()), err_msg=name)
    assert at == floor.G.size and float(np.abs(floor.G).max()) > 0
    for (_, _, _, run_mean, run_var), bn in zip(floor.layers, trainer.net.bn_layers):
        np.testing.assert_allclose(run_mean, bn.running_mean, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(run_var, bn.running_var, rtol=1e-5)

    before = floor.P.copy()
    floor.step()                                   # a step moves every weight by -lr * its gradient
    assert np.isfinite(floor.P).all() and not np.array_equal(floor.P, before)


def test_floor_step_refuses_a_net_it_does_not_compute():
    import pytest

    with pytest.raises(ValueError, match="BN paper net"):
        FloorStep(Trainer(train_config("bn_paper_net", False)))
