"""Caviar's vectorized population: the same numbers as training each model alone, pruning, divergence."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig, make_dataset
from bnviz.engine.population import Caviar, CaviarConfig, Population, initial_net
from bnviz.engine.trainer import Trainer

SPIRAL = DataConfig(name="spiral", n_samples=300, noise=0.2, n_classes=3, seed=0)


def cfg(**kw):
    net = kw.pop("net", NetConfig(hidden=(16, 16, 16), dtype="float64"))
    base = dict(data=SPIRAL, net=net, optim=OptimConfig(name="sgd", learning_rate=0.1), batch_size=32, seed=5,
                probe_every=1)
    base.update(kw)
    return TrainConfig(**base)


def alone(c: TrainConfig, ds, model: int, lr: float, beta: float | None = None, init_seed: int | None = None):
    """Model ``model`` of a population, trained by the engine's own Trainer."""
    optim = replace(c.optim, learning_rate=lr, beta1=c.optim.beta1 if beta is None else beta)
    tr = Trainer(replace(c, optim=optim), ds)           # the population's batch stream (seed c.seed)
    tr.net.load_state(initial_net(c, ds, c.seed + model if init_seed is None else init_seed).state())
    return tr


CASES = {
    "bn-before-sgd": (NetConfig(hidden=(16, 16, 16), dtype="float64"), OptimConfig(name="sgd")),
    "bn-after-momentum-l2": (NetConfig(hidden=(16, 16, 16), bn_placement="after", activation="tanh", dtype="float64"),
                             OptimConfig(name="momentum", weight_decay=1e-3)),
    "no-bn-momentum-decay": (NetConfig(hidden=(16, 16), batch_norm=False, activation="sigmoid", dtype="float64"),
                             OptimConfig(name="momentum", decay="inverse", decay_rate=0.5)),
    "bn-keep-bias-leaky": (NetConfig(hidden=(8, 8), keep_bias=True, activation="leaky_relu", dtype="float64"),
                           OptimConfig(name="sgd")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_population_gives_the_losses_of_each_model_trained_alone(case):
    net, optim = CASES[case]
    c = cfg(net=net, optim=optim)
    ds = make_dataset(c.data)
    lrs = [0.003, 0.05, 0.3, 0.9]
    betas = [0.9, 0.5, 0.99, 0.95] if optim.name == "momentum" else None
    pop = Population(c, lrs, betas, dataset=ds)
    trainers = [alone(c, ds, i, lr, None if betas is None else betas[i]) for i, lr in enumerate(lrs)]
    losses = np.array([pop.step() for _ in range(40)])            # (steps, models)
    for tr in trainers:
        tr.run(40)
    assert pop.epoch == trainers[0].epoch > 0                     # the same batch stream, epochs included
    val, acc = pop.evaluate_split("val")
    for i, tr in enumerate(trainers):
        # probe_every=1: the Trainer's batch_loss column is each step's mini-batch loss
        np.testing.assert_allclose(losses[:, i], tr.history.columns()["batch_loss"][1:], rtol=1e-12, atol=1e-12)
        vl, va = tr.evaluate("val")
        assert val[i] == pytest.approx(vl, rel=1e-12, abs=1e-12)
        assert acc[i] == va
        mine, theirs = pop.model_state(i), tr.net.state()
        assert mine.keys() == theirs.keys()
        for k in mine:
            np.testing.assert_allclose(mine[k], theirs[k], rtol=1e-10, atol=1e-12, err_msg=k)


def test_float32_population_stays_close_to_trainer():
    c = cfg(net=NetConfig(hidden=(16, 16, 16)), optim=OptimConfig(name="momentum"))
    ds = make_dataset(c.data)
    pop = Population(c, [0.02, 0.2], dataset=ds)
    trainers = [alone(c, ds, i, lr) for i, lr in enumerate([0.02, 0.2])]
    losses = np.array([pop.step() for _ in range(30)])
    for i, tr in enumerate(trainers):
        tr.run(30)
        np.testing.assert_allclose(losses[:, i], tr.history.columns()["batch_loss"][1:], rtol=1e-4)


def test_same_init_starts_every_model_from_the_first_models_weights():
    c = cfg()
    ds = make_dataset(c.data)
    pop = Population(c, [0.1, 0.2, 0.3], dataset=ds, init_seeds=[c.seed] * 3)
    w = [pop.model_state(i)["W1"] for i in range(3)]
    assert np.array_equal(w[0], w[1]) and np.array_equal(w[0], w[2])
    assert np.array_equal(w[0], Trainer(c, ds).net.state()["W1"])
    other = Population(c, [0.1, 0.2], dataset=ds)
    assert not np.array_equal(other.model_state(0)["W1"], other.model_state(1)["W1"])


def test_dropping_models_leaves_the_others_untouched():
    c = cfg(optim=OptimConfig(name="momentum"))
    ds = make_dataset(c.data)
    full = Population(c, [0.01, 0.1, 0.5], dataset=ds)
    cut = Population(c, [0.01, 0.1, 0.5], dataset=ds)
    full.run(10)
    cut.run(10)
    cut.keep([0, 2])                      # model 1 stops; rows 0 and 1 are now models 0 and 2
    assert list(cut.index) == [0, 2] and cut.n_active == 2
    full.run(15)
    cut.run(15)
    for m in (0, 2):
        for k, v in cut.model_state(m).items():
            assert np.array_equal(v, full.model_state(m)[k]), (m, k)
    with pytest.raises(ValueError, match="not training"):
        cut.model_state(1)
    assert cut.model_steps == 10 * 3 + 15 * 2


def test_a_diverging_model_stops_and_the_others_go_on():
    c = cfg(net=NetConfig(hidden=(16, 16), batch_norm=False, dtype="float64"))
    pop = Population(c, [0.05, 500.0], dataset=make_dataset(c.data))
    pop.run(30)
    assert pop.diverged_at[1] > 0 and pop.diverged_at[0] == -1
    assert list(pop.index) == [0]
    assert np.isfinite(pop.evaluate_split("val")[0]).all()


def test_config_validation_names_the_field():
    c = cfg()
    with pytest.raises(ValueError, match="optimizer"):
        Population(replace(c, optim=OptimConfig(name="adam")), [0.1])
    with pytest.raises(ValueError, match="learning_rates"):
        CaviarConfig(train=c, learning_rates=(0.1, -1.0))
    with pytest.raises(ValueError, match="momentum"):
        CaviarConfig(train=c, learning_rates=(0.1, 0.2), betas=(0.9, 0.9))        # sgd has no beta
    with pytest.raises(ValueError, match="one per model"):
        CaviarConfig(train=replace(c, optim=OptimConfig(name="momentum")), learning_rates=(0.1, 0.2), betas=(0.9,))
    with pytest.raises(ValueError, match="noisy BN"):
        CaviarConfig(train=replace(c, noise_shift=0.1), learning_rates=(0.1,))


def test_caviar_records_every_model_and_picks_the_best():
    c = cfg(net=NetConfig(hidden=(16, 16)), probe_every=5)
    lrs = tuple(np.geomspace(1e-3, 1.0, 6))
    cav = Caviar(CaviarConfig(train=c, learning_rates=lrs))
    cav.run(40)
    s = cav.snapshot()
    assert s.history["val_loss"].shape == (9, 6)          # step 0 and every 5 steps
    assert np.array_equal(s.history["step"], np.arange(0, 41, 5))
    assert s.compute == 40 * 6
    assert s.best == int(np.nanargmin(s.val_loss))
    np.testing.assert_array_equal(s.val_loss, s.history["val_loss"][-1])
    assert not s.val_loss.flags.writeable and not s.history["val_loss"].flags.writeable


def test_successive_halving_stops_the_worse_half_at_each_rung():
    c = cfg(net=NetConfig(hidden=(16, 16)), probe_every=5)
    lrs = tuple(np.geomspace(1e-3, 1.0, 9))
    cav = Caviar(CaviarConfig(train=c, learning_rates=lrs, halving=True, rung_steps=10))
    cav.run(10)
    s = cav.snapshot()
    assert s.n_active == 5 and s.rungs == (10,)
    stopped = np.flatnonzero(~s.active)
    live = np.flatnonzero(s.active)
    assert (s.pruned_at[stopped] == 10).all()
    assert s.val_loss[stopped].min() >= s.val_loss[live].max()   # ranked on the rung's validation loss
    cav.run(30)                            # the next rung is 20 steps later (rungs get twice as far apart)
    s = cav.snapshot()
    assert s.rungs == (10, 30) and s.n_active == 3
    pruned_col = s.history["val_loss"][:, stopped]
    assert np.isnan(pruned_col[s.history["step"] > 10]).all()    # a stopped model's curve ends (greyed)
    assert s.active[s.best]
    assert s.compute == 10 * 9 + 20 * 5 + 10 * 3
