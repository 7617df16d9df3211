"""Tests of bnviz.labs.covariate.model: the Covariate Shift Lab's experiment, without Qt."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig, make_dataset
from bnviz.engine.network import MLP
from bnviz.labs.covariate.model import (
    CovariateConfig,
    CovariateExperiment,
    DriftTracker,
    drifted_dataset,
    moment_drift,
    unit_moments,
    slice_dataset,
)
from bnviz.labs.covariate.shifts import ShiftConfig, layer_distance

TRAIN = TrainConfig(data=DataConfig(name="moons", n_samples=300, noise=0.2, seed=0),
                    net=NetConfig(hidden=(8, 8), activation="sigmoid", init="xavier"),
                    optim=OptimConfig(name="sgd", learning_rate=0.3), batch_size=32, seed=3, probe_every=10)


def make(kind: str = "translate", magnitude: float = 0.0, **kw) -> CovariateExperiment:
    return CovariateExperiment(CovariateConfig(train=kw.pop("train", TRAIN), shift=ShiftConfig(kind, magnitude), **kw))


@pytest.fixture(scope="module")
def trained() -> CovariateExperiment:
    e = make(lr_steps=40, lr_points=3, sweep_points=5)
    e.run(200)
    return e


def at(e: CovariateExperiment, kind: str, magnitude: float, **kw) -> CovariateExperiment:
    e.configure(replace(e.cfg, shift=ShiftConfig(kind, magnitude), **kw))
    return e


# --------------------------------------------------------------------------- config


def test_config_refuses_a_shift_that_does_not_suit_the_data() -> None:
    with pytest.raises(ValueError, match="brightness"):
        CovariateConfig(train=TRAIN, shift=ShiftConfig("brightness", 0.5))
    digits = replace(TRAIN, data=DataConfig(name="digits"))
    with pytest.raises(ValueError, match="translate"):
        CovariateConfig(train=digits, shift=ShiftConfig("translate", 0.5))
    with pytest.raises(ValueError, match="test_stats"):
        CovariateConfig(train=TRAIN, test_stats="median")
    with pytest.raises(ValueError, match="drift_every"):
        CovariateConfig(train=TRAIN, drift_every=0)


# --------------------------------------------------------------------------- distances


@pytest.mark.parametrize("kind", ["translate", "scale", "rotate"])
def test_distances_are_zero_without_shift_and_grow_with_it(trained: CovariateExperiment, kind: str) -> None:
    zero = at(trained, kind, 0.0).layer_distances()
    for label, d in zero.items():
        np.testing.assert_array_equal(d, 0.0, err_msg=label)
    prev = zero
    for m in (0.3, 0.6, 1.0):
        cur = at(trained, kind, m).layer_distances()
        for label in cur:
            assert np.all(np.isfinite(cur[label])) and np.all(cur[label] > 0)
            if kind != "rotate":    # a rotation is not monotone in every unit's marginal
                assert cur[label].mean() > prev[label].mean(), (kind, m, label, cur[label], prev[label])
        prev = cur


def test_snapshot_distance_is_layer_distance_of_the_same_activations(trained: CovariateExperiment) -> None:
    s = at(trained, "translate", 0.5).snapshot()
    assert s.parameter == pytest.approx(1.5)
    for r in s.runs:
        assert [l.index for l in r.layers] == [1, 2]
        for l in r.layers:
            assert l.distance > 0 and l.relative > 0
            assert l.reference.counts.sum() == pytest.approx(1.0)
            assert l.shifted.counts.sum() == pytest.approx(1.0)
            np.testing.assert_array_equal(l.reference.edges, l.shifted.edges)
    # recompute one number by hand from the same network
    run = trained.runs[0]
    v = trained._build_views()
    run.net.forward(v["ref_x"], "eval")
    a = run.net.blocks[1].trace.act_in.copy()
    run.net.forward(v["sh_x"], "eval")
    b = run.net.blocks[1].trace.act_in.copy()
    assert s.runs[0].layers[1].distance == pytest.approx(layer_distance(a, b), rel=1e-9)


def test_batch_statistics_undo_an_affine_input_shift(trained: CovariateExperiment) -> None:
    """With the batch's own statistics the first BN layer removes a translation exactly."""
    d = at(trained, "translate", 0.7, test_stats="batch").layer_distances()
    assert np.all(d["BN"] < 1e-5)
    assert np.all(d["no BN"] > 0.01)
    at(trained, "translate", 0.0, test_stats="running")


def test_input_view_shows_the_same_rows_shifted(trained: CovariateExperiment) -> None:
    s = at(trained, "translate", 1.0).snapshot()
    iv = s.inputs
    assert not iv.image and iv.reference_points.shape == iv.shifted_points.shape
    np.testing.assert_allclose(iv.shifted_points - iv.reference_points, 3.0 / np.sqrt(2), atol=1e-5)
    (x0, x1), (y0, y1) = iv.x_range, iv.y_range
    assert x0 <= iv.shifted_points[:, 0].min() and iv.shifted_points[:, 0].max() <= x1
    assert y0 <= iv.reference_points[:, 1].min() and iv.shifted_points[:, 1].max() <= y1
    # the view range is stable while the slider moves within one kind
    assert at(trained, "translate", 0.2).snapshot().inputs.x_range == iv.x_range
    with pytest.raises(ValueError):
        iv.shifted_points[0, 0] = 1.0


def test_digits_get_intensity_histograms_and_examples() -> None:
    train = replace(TRAIN, data=DataConfig(name="digits", seed=0), net=NetConfig(hidden=(8,), activation="relu"))
    e = make("brightness", 0.5, train=train)
    iv = e.snapshot().inputs
    assert iv.image and iv.reference_points is None
    assert iv.reference_pixels.counts.sum() == pytest.approx(1.0)
    assert iv.reference_examples.shape == (4, 8, 8)
    np.testing.assert_allclose(iv.shifted_examples, np.clip(iv.reference_examples + 0.25, 0, 1), atol=1e-6)
    # brighter: mass moves to higher intensity bins
    c = iv.reference_pixels.centers
    assert (iv.shifted_pixels.counts * c).sum() > (iv.reference_pixels.counts * c).sum() + 0.2


# --------------------------------------------------------------------------- sub-population


def test_subpopulation_trains_on_a_slice_and_tests_on_all() -> None:
    base = make_dataset(TRAIN.data)
    ds, thr = slice_dataset(base, 1.0, normalize=True)
    assert len(ds.x_train) < 0.4 * len(base.x_train)
    assert set(np.unique(ds.y_train)) == set(np.unique(base.y_train))
    assert np.all(ds.raw_val[:, 0] <= thr)
    assert len(ds.x_test) == len(base.x_test)
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-4)   # the slice's own normalization
    after = drifted_dataset(base, ds, ShiftConfig("subpopulation", 1.0))
    assert len(after.x_train) == len(base.x_train)
    np.testing.assert_array_equal(after.mean, ds.mean)                    # frozen preprocessing

    e = make("subpopulation", 0.0)
    assert e.snapshot().n_train == len(base.x_train)
    assert e.configure(replace(e.cfg, shift=ShiftConfig("subpopulation", 1.0)))     # a new training set: rebuilt
    s = e.snapshot()
    assert s.n_train == len(ds.x_train) and s.step == 0
    for r in s.runs:
        assert all(l.distance > 0 for l in r.layers)
    assert not e.configure(replace(e.cfg, test_stats="batch"))


def test_transform_shift_and_noise_do_not_rebuild(trained: CovariateExperiment) -> None:
    step = trained.step_count
    assert not trained.configure(replace(trained.cfg, shift=ShiftConfig("rotate", 0.4)))
    assert not trained.configure(replace(trained.cfg, train=replace(TRAIN, noise_shift=0.5)))
    assert trained.step_count == step
    trained.configure(replace(trained.cfg, train=TRAIN, shift=ShiftConfig("translate", 0.0)))


# --------------------------------------------------------------------------- sweeps


def test_shift_sweep_gives_one_accuracy_per_magnitude_for_both_twins(trained: CovariateExperiment) -> None:
    at(trained, "translate", 0.5)
    calls = []
    sw = trained.sweep_shift(progress=lambda d, t, text: calls.append((d, t)))
    assert sw is trained.shift_sweep is trained.snapshot().shift_sweep
    assert sw.kind == "translate" and not sw.retrained and sw.step == trained.step_count
    assert len(sw.magnitudes) == 5 and sw.magnitudes[0] == 0 and sw.magnitudes[-1] == 1
    np.testing.assert_allclose(sw.parameters, 3.0 * sw.magnitudes)
    assert set(sw.accuracy) == {"BN", "no BN"}
    for acc in sw.accuracy.values():
        assert acc.shape == (5,) and np.all((acc >= 0) & (acc <= 1))
    # the first point is the model's accuracy on the unshifted test set
    s = trained.snapshot()
    for r in s.runs:
        assert sw.accuracy[r.label][0] == pytest.approx(r.acc_reference)
    assert calls[-1] == (5, 5)


def test_subpopulation_sweep_retrains_and_can_be_stopped() -> None:
    e = make("subpopulation", 0.5, sweep_points=3)
    e.run(20)
    assert e.sweep_shift(should_stop=lambda: True) is None and e.shift_sweep is None
    sw = e.sweep_shift()
    assert sw.retrained and sw.step == 100 and len(sw.magnitudes) == 3
    assert all(a.shape == (3,) for a in sw.accuracy.values())


def test_learning_rate_sweep_before_and_after_drift(trained: CovariateExperiment) -> None:
    at(trained, "scale", 1.0)
    lr = trained.sweep_learning_rate()
    assert lr.rates.shape == (3,) and lr.steps == 40 and lr.shift == ShiftConfig("scale", 1.0)
    for d in (lr.loss_before, lr.loss_after, lr.acc_before, lr.acc_after):
        assert set(d) == {"BN", "no BN"} and all(v.shape == (3,) for v in d.values())
    for label in ("BN", "no BN"):
        assert lr.best_before[label] == lr.rates[np.argmin(lr.loss_before[label])]
        assert lr.best_after[label] in lr.rates
    assert trained.snapshot().lr_sweep is lr
    assert trained.sweep_learning_rate(should_stop=lambda: True) is None
    assert trained.lr_sweep is lr       # a cancelled sweep keeps the last result


def test_sweeps_do_not_touch_the_live_runs(trained: CovariateExperiment) -> None:
    before = [r.net.state() for r in trained.runs]
    step = trained.step_count
    trained.sweep_shift()
    trained.sweep_learning_rate()
    assert trained.step_count == step
    for r, st in zip(trained.runs, before):
        for k, v in r.net.state().items():
            np.testing.assert_array_equal(v, st[k])


# --------------------------------------------------------------------------- internal covariate shift


def test_internal_covariate_shift_is_finite_and_bounded() -> None:
    e = make(drift_every=1)
    e.run(600)
    s = e.snapshot()
    for r in s.runs:
        n = len(r.drift_step)
        assert 0 < n <= 512
        assert r.drift.shape == r.drift_relative.shape == (n, 2)
        assert np.all(np.isfinite(r.drift)) and np.all(r.drift >= 0)
        assert np.all(np.isfinite(r.drift_relative))
        assert np.all(np.diff(r.drift_step) > 0) and 590 < r.drift_step[-1] <= 600   # decimated, still covers the run
        assert np.all(np.isfinite(r.drift_avg))
    # a bigger step between probes means a longer way travelled
    e2 = make(drift_every=25)
    e2.run(600)
    assert e2.snapshot().runs[0].drift_avg.mean() > s.runs[0].drift_avg.mean()


def test_drift_tracker_history_is_bounded_and_zero_for_a_still_network() -> None:
    x = make_dataset(TRAIN.data).x_train[:64]
    net = MLP(TRAIN.net, 2, 2, np.random.default_rng(0))
    t = DriftTracker(x, seed=0, capacity=8)
    for step in range(100):
        t.measure(net, step)
    steps, dist, rel = t.columns(2)
    assert len(steps) <= 8 and len(t.history) <= 8
    np.testing.assert_array_equal(dist, 0.0)       # nothing learned: the distribution did not move


def test_moment_drift_is_the_scale_free_move_of_each_units_mean_and_variance() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(0.0, 2.0, (4000, 3))
    sd = a.std(axis=0)
    moved = a + np.array([1.0, 0.0, -1.0])         # means moved by 1, 0, 1; variances unchanged
    dm, dv = moment_drift(unit_moments([a]), unit_moments([moved]))
    assert dm[0] == pytest.approx(np.mean(np.array([1.0, 0.0, 1.0]) / sd))
    assert dv[0] == pytest.approx(0.0, abs=1e-9)
    # a spread x1.5 about each unit's mean: the variance moves by log(2.25), the mean not at all
    wider = (a - a.mean(0)) * 1.5 + a.mean(0)
    dm, dv = moment_drift(unit_moments([a, a]), unit_moments([wider, a * 10]))
    assert dm[0] == pytest.approx(0.0, abs=1e-9)
    assert dv == pytest.approx([2 * np.log(1.5), 2 * np.log(10)])
    assert dm[1] == pytest.approx(np.mean(np.abs(9 * a.mean(0)) / sd))   # in units of the previous spread


def test_bn_pins_the_later_layers_input_mean_and_variance_but_not_the_whole_distribution() -> None:
    """The lesson B5's point on the lab's own model: the snapshot carries all three measures per layer."""
    cfg = CovariateConfig(train=replace(TRAIN, net=replace(TRAIN.net, hidden=(16, 16, 16)), seed=0))
    e = CovariateExperiment(cfg)
    e.run(300)
    s = e.snapshot()
    bn, nb = s.run("BN"), s.run("no BN")
    n = len(bn.drift_step)
    assert n == 30
    for r in (bn, nb):
        assert r.drift_mean.shape == r.drift_var.shape == (n, 3)
        np.testing.assert_allclose(r.drift_mean_avg, r.drift_mean.mean(axis=0))
        np.testing.assert_allclose(r.drift_var_avg, r.drift_var.mean(axis=0))
        np.testing.assert_allclose(r.drift_avg, r.drift.mean(axis=0))
    assert np.all(nb.drift_mean_avg[1:] > 4 * bn.drift_mean_avg[1:])
    assert np.all(nb.drift_var_avg[1:] > 2 * bn.drift_var_avg[1:])
    assert bn.drift_avg[-1] > nb.drift_avg[-1]      # W1: BN's whole distribution still moves


def test_noisy_bn_makes_the_measured_drift_jump() -> None:
    quiet = make(drift_every=5)
    quiet.run(100)
    noisy = make(drift_every=5, train=replace(TRAIN, noise_shift=1.0, noise_scale=0.5))
    noisy.run(100)
    q, n = quiet.snapshot().run("BN"), noisy.snapshot().run("BN")
    assert np.all(n.drift_avg > 5 * q.drift_avg)
    assert np.all(np.isfinite(n.drift))


def test_same_config_same_numbers() -> None:
    a, b = make("rotate", 0.5), make("rotate", 0.5)
    a.run(60)
    b.run(60)
    sa, sb = a.snapshot(), b.snapshot()
    for ra, rb in zip(sa.runs, sb.runs):
        np.testing.assert_array_equal(ra.drift, rb.drift)
        assert [l.distance for l in ra.layers] == [l.distance for l in rb.layers]


def test_reset_clears_drift_and_sweep(trained: CovariateExperiment) -> None:
    e = make()
    e.run(30)
    e.sweep_shift()
    e.reset()
    s = e.snapshot()
    assert s.step == 0 and s.shift_sweep is None
    assert all(len(r.drift_step) == 0 for r in s.runs)
