"""Softmax Lab: probabilities, loss and dZ for one example; linear regions without hidden layers."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.losses import softmax
from bnviz.labs.softmax.model import (
    FLAT_LABEL,
    SoftmaxConfig,
    SoftmaxLab,
    class_changes_along,
    flat_config,
    region_bounds,
)


def cfg(n_classes=4, hidden=(), name="blobs", noise=0.5, steps_lr=0.05, chosen=0):
    train = TrainConfig(data=DataConfig(name=name, n_samples=400, noise=noise, n_classes=n_classes, seed=2),
                        net=NetConfig(hidden=hidden, batch_norm=False),
                        optim=OptimConfig(name="adam", learning_rate=steps_lr), batch_size=32, seed=1,
                        probe_every=5)
    return SoftmaxConfig(train=train, chosen=chosen)


def test_softmax_regression_has_depth_zero_and_learns():
    lab = SoftmaxLab(cfg())
    assert lab.net.blocks == []
    for _ in range(200):
        lab.step()
    s = lab.snapshot()
    assert s.depth == 0 and s.n_classes == 4
    assert s.run.last("val_acc") > 0.8


@pytest.mark.parametrize("index", [0, 7, 123])
def test_chosen_example_probabilities_sum_to_one_and_dz_is_a_minus_y(index):
    lab = SoftmaxLab(cfg())
    for _ in range(30):
        lab.step()
    lab.configure(cfg(chosen=index))
    c = lab.snapshot().chosen
    d = lab.data
    assert c.index == index and c.label == d.y_train[index]
    np.testing.assert_array_equal(c.x, d.x_train[index])
    assert c.probs.sum() == pytest.approx(1.0, abs=1e-9)
    assert np.all(c.probs > 0)
    y = np.zeros(4)
    y[c.label] = 1
    np.testing.assert_array_equal(c.one_hot, y)
    np.testing.assert_allclose(c.dz, c.probs - y, atol=1e-6)
    assert c.loss == pytest.approx(-np.log(c.probs[c.label]), rel=1e-5)
    # the same probabilities the trainer predicts for that row
    np.testing.assert_allclose(c.probs, lab.trainer.predict_proba(d.x_train[index:index + 1])[0], atol=1e-6)
    np.testing.assert_allclose(c.probs, softmax(c.logits[None].astype(np.float64))[0], atol=1e-12)


def test_no_chosen_example_and_out_of_range_are_none():
    lab = SoftmaxLab(cfg(chosen=None))
    assert lab.snapshot().chosen is None
    lab.configure(cfg(chosen=10**6))
    assert lab.snapshot().chosen is None


def random_lines(lab, n, rng):
    lo, hi = region_bounds(lab.data)
    for _ in range(n):
        yield rng.uniform(lo, hi), rng.uniform(lo, hi)


@pytest.mark.parametrize("c", [2, 3, 6])
def test_without_hidden_layers_the_regions_are_separated_by_lines(c):
    lab = SoftmaxLab(cfg(n_classes=c))
    for _ in range(150):
        lab.step()
    rng = np.random.default_rng(0)
    changes = [class_changes_along(lab.net, p0, p1) for p0, p1 in random_lines(lab, 200, rng)]
    assert max(changes) <= c - 1
    # and the grid's probabilities are those of a linear model: the log-odds are affine in x
    dm = lab.snapshot().regions
    logp = np.log(dm.probs.astype(np.float64))
    lo = logp[..., 1] - logp[..., 0]
    second_diff_x = lo[:, 2:] - 2 * lo[:, 1:-1] + lo[:, :-2]
    assert np.abs(second_diff_x).max() < 1e-2 * max(1.0, np.abs(lo).max())
    np.testing.assert_allclose(dm.probs.sum(axis=-1), 1.0, atol=1e-5)


def test_hidden_layers_bend_the_regions():
    lab = SoftmaxLab(cfg(n_classes=3, hidden=(32, 32), name="spiral", noise=0.05, steps_lr=0.02))
    for _ in range(800):
        lab.step()
    rng = np.random.default_rng(0)
    changes = [class_changes_along(lab.net, p0, p1) for p0, p1 in random_lines(lab, 200, rng)]
    assert max(changes) > 3 - 1


def test_class_count_change_rebuilds_and_keeps_the_choice():
    lab = SoftmaxLab(cfg(n_classes=3, chosen=5))
    for _ in range(10):
        lab.step()
    assert lab.configure(cfg(n_classes=5, chosen=5))
    s = lab.snapshot()
    assert s.step == 0 and s.n_classes == 5 and s.chosen.index == 5 and len(s.chosen.probs) == 5
    assert s.regions.probs.shape[-1] == 5


def test_flat_twin_trains_beside_the_run_exactly_as_softmax_regression_alone():
    """compare_flat: the 0-hidden-layer twin is the run S3's claims and left map show, step for step."""
    deep = cfg(n_classes=3, hidden=(16, 16), name="spiral", noise=0.2, chosen=None)
    lab = SoftmaxLab(replace(deep, compare_flat=True))
    alone = SoftmaxLab(replace(deep, train=flat_config(deep.train)))
    for _ in range(120):
        lab.step()
        alone.step()
    lab.probe()
    alone.probe()
    s, a = lab.snapshot(), alone.snapshot()
    assert s.depth == 2 and s.flat_run is not None and s.flat_run.label == FLAT_LABEL
    np.testing.assert_array_equal(s.flat_run.history["val_acc"], a.run.history["val_acc"])
    np.testing.assert_array_equal(s.flat_regions.probs, a.regions.probs)
    assert s.flat_run.step == s.run.step == 120
    # the deep run is untouched by its twin
    solo = SoftmaxLab(deep)
    for _ in range(120):
        solo.step()
    solo.probe()
    np.testing.assert_array_equal(s.run.history["val_acc"], solo.snapshot().run.history["val_acc"])


def test_switching_the_twin_on_restarts_both_and_off_drops_it():
    deep = cfg(n_classes=3, hidden=(8,), chosen=None)
    lab = SoftmaxLab(deep)
    for _ in range(30):
        lab.step()
    assert lab.snapshot().flat_run is None
    assert lab.configure(replace(deep, compare_flat=True)) is True      # trained together from step 0
    assert lab.step_count == 0 and lab.flat.step_count == 0
    for _ in range(10):
        lab.step()
    fast = replace(deep, compare_flat=True, train=replace(deep.train, optim=replace(deep.train.optim, learning_rate=0.01)))
    assert lab.configure(fast) is False                                 # an optimizer change keeps both runs
    assert lab.flat.cfg.optim.learning_rate == 0.01 and lab.flat.step_count == 10
    lab.configure(replace(deep, compare_flat=False))
    assert lab.flat is None and lab.snapshot().flat_regions is None
    flat_only = replace(deep, compare_flat=True, train=flat_config(deep.train))
    lab.configure(flat_only)
    assert lab.flat is None       # a run without hidden layers has no twin to compare with
    with pytest.raises(ValueError, match="compare_flat"):
        SoftmaxConfig(compare_flat=1)
