"""BN at test time: the four inference modes, running estimates, batch-size noise."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig, make_dataset
from bnviz.engine.losses import cross_entropy
from bnviz.engine.network import population_stats
from bnviz.engine.trainer import Trainer
from bnviz.labs.testtime.model import (
    DROPOUT_KEEP,
    GAP_RUNS,
    GAP_STEPS,
    MODES,
    ROW_BN,
    ROW_CONTROL,
    ROW_DROPOUT,
    ROW_NO_BN,
    InferenceLab,
    TestTimeConfig,
    accuracy_four_ways,
    batch_size_gaps,
    batch_stat_spread,
    gap_run_config,
    single_example_logits,
)

MOONS = DataConfig(name="moons", n_samples=500, noise=0.25, seed=3)


def cfg(**kw):
    base = dict(data=MOONS, net=NetConfig(hidden=(16, 16), batch_norm=True),
                optim=OptimConfig(name="adam", learning_rate=0.01), batch_size=32, seed=5, probe_every=10)
    base.update(kw)
    return TrainConfig(**base)


def lab_cfg(unbiased=False, **kw):
    return TestTimeConfig(train=cfg(**kw), unbiased=unbiased)


@pytest.fixture(scope="module")
def trained():
    tr = Trainer(cfg())
    tr.want_decision = False
    tr.run(150)
    return tr


def direct_population_forward(net, x_train, x, unbiased):
    """The BN paper's inference written out layer by layer with plain NumPy."""
    from bnviz.engine import activations

    h_train, h = x_train.astype(np.float64), x.astype(np.float64)
    for b in net.blocks:
        z_train, z = h_train @ b.dense.W, h @ b.dense.W
        mean, var = z_train.mean(axis=0), z_train.var(axis=0)
        if unbiased:
            var = var * len(z_train) / (len(z_train) - 1)

        def bn(v):
            return b.bn.gamma * (v - mean) / np.sqrt(var + b.bn.eps) + b.bn.beta

        h_train = activations.forward(b.activation, bn(z_train))
        h = activations.forward(b.activation, bn(z))
    return h @ net.out.W + net.out.b


@pytest.mark.parametrize("unbiased", [False, True])
def test_population_inference_matches_a_direct_computation(trained, unbiased):
    net, d = trained.net, trained.data
    stats = population_stats(net, d.x_train, unbiased=unbiased)
    engine = net.forward(d.x_test, "eval", stats=stats)
    direct = direct_population_forward(net, d.x_train, d.x_test, unbiased)
    np.testing.assert_allclose(engine, direct, rtol=1e-4, atol=1e-4)
    acc = accuracy_four_ways(net, d, unbiased=unbiased)
    j = MODES.index("population")
    assert acc.accuracy[j] == pytest.approx(float((direct.argmax(1) == d.y_test).mean()))
    assert acc.loss[j] == pytest.approx(cross_entropy(direct, d.y_test)[0], rel=1e-4)


def test_correction_factor_is_m_over_m_minus_one(trained):
    net, d = trained.net, trained.data
    biased = population_stats(net, d.x_train, unbiased=False)
    corrected = population_stats(net, d.x_train, unbiased=True)
    m = len(d.x_train)
    np.testing.assert_allclose(corrected[0][1], biased[0][1] * m / (m - 1), rtol=1e-5)
    lab = InferenceLab(lab_cfg())
    assert lab.correction == pytest.approx(m / (m - 1))


def test_batch_of_one_is_finite_and_equals_one_forward_per_example(trained):
    net, d = trained.net, trained.data
    fast = single_example_logits(net, d.x_test)
    assert np.isfinite(fast).all()
    loop = np.concatenate([net.forward(d.x_test[i:i + 1], "batch") for i in range(25)])
    np.testing.assert_allclose(fast[:25], loop, rtol=1e-5, atol=1e-5)
    # every BN output collapses to beta: the answer is the same for every example
    acc = accuracy_four_ways(net, d)
    assert acc.single_distinct == 1
    assert acc.single_spread < 1e-4
    assert np.isfinite(acc.loss).all()
    j = MODES.index("single")
    assert acc.accuracy[j] < acc.of("running") - 0.2


def test_running_and_test_batch_inference_match_the_engine_modes(trained):
    net, d = trained.net, trained.data
    acc = accuracy_four_ways(net, d)
    for mode, engine_mode in (("running", "eval"), ("batch", "batch")):
        logits = net.forward(d.x_test, engine_mode)
        assert acc.of(mode) == pytest.approx(float((logits.argmax(1) == d.y_test).mean()))
    assert acc.of("running") > 0.85 and acc.of("population") > 0.85


def test_running_estimates_approach_the_population_statistics():
    lab = InferenceLab(lab_cfg(optim=OptimConfig(name="adam", learning_rate=0.003)))
    for _ in range(300):
        assert lab.step()
    m = lab.snapshot().measures
    start = m["mean_gap"][0] + m["var_gap"][0]     # step 0: the estimates start at mean 0, variance 1
    end = m["mean_gap"][-1] + m["var_gap"][-1]
    assert np.all(end < 0.3 * start), (start, end)
    assert np.all(m["mean_gap"][-1] < 0.1)
    assert np.all(m["var_gap"][-1] < 0.15)
    # the tracked curves converge too: running mean within 0.1 population std of the population mean
    est = lab.snapshot().estimates
    run, pop, var = est["run_mean"][-1], m["pop_mean"][-1], m["pop_var"][-1]
    assert np.nanmax(np.abs(run - pop) / np.sqrt(var)) < 0.25


def test_momentum_is_a_hot_change_and_sets_the_averaging_speed():
    lab = InferenceLab(lab_cfg())
    for _ in range(40):
        lab.step()
    rebuilt = lab.configure(TestTimeConfig(train=replace(cfg(), net=replace(cfg().net, bn_momentum=0.0))))
    assert not rebuilt and lab.step_count == 40
    lab.step()
    bn = lab.net.bn_layers[0]
    np.testing.assert_array_equal(bn.running_mean, bn.batch_mean)   # momentum 0: the last batch only
    est = lab.snapshot().estimates
    assert len(est["step"]) == 42          # step 0 plus one row per step


def test_batch_statistics_get_less_noisy_with_larger_batches(trained):
    d = make_dataset(replace(MOONS, n_samples=1000))
    spread = batch_stat_spread(trained.net, d.x_train, (8, 32, 64, 256), 60, np.random.default_rng(0))
    assert list(spread.batch_sizes) == [8, 32, 64, 256]
    assert np.all(np.diff(spread.mean_spread, axis=1) < 0)
    assert np.all(np.diff(spread.var_spread, axis=1) < 0)
    # the first layer's input does not depend on the batch: sampling theory holds
    np.testing.assert_allclose(spread.mean_spread[0], spread.mean_reference, rtol=0.3)


def test_batch_size_gaps_are_short_reproducible_runs():
    d = make_dataset(MOONS)
    c = cfg()
    g1 = batch_size_gaps(c, d, (8, 64), steps=30)
    g2 = batch_size_gaps(c, d, (8, 64), steps=30)
    assert g1.train_loss.shape == (4, 2) and g1.labels == GAP_RUNS == ("BN", "no BN", "BN, fixed stats", "dropout")
    assert g1.keep_prob == DROPOUT_KEEP
    np.testing.assert_array_equal(g1.loss_gap, g2.loss_gap)
    np.testing.assert_allclose(g1.loss_gap, g1.val_loss - g1.train_loss)
    np.testing.assert_allclose(g1.acc_gap, g1.train_acc - g1.val_acc)
    np.testing.assert_array_equal(g1.bn_minus_control, g1.loss_gap[ROW_BN] - g1.loss_gap[ROW_CONTROL])
    np.testing.assert_array_equal(g1.dropout_minus_no_bn, g1.loss_gap[ROW_DROPOUT] - g1.loss_gap[ROW_NO_BN])
    assert np.isfinite(g1.loss_gap).all()


def test_each_short_run_is_its_rows_net():
    c = replace(cfg(), net=replace(cfg().net, keep_prob=0.5))       # the lab's own keep_prob is not the rows'
    for run, bn, keep in (("BN", True, 1.0), ("no BN", False, 1.0), ("BN, fixed stats", True, 1.0),
                          ("dropout", False, 0.8)):
        rc = gap_run_config(c, run, 64, 30)
        assert (rc.net.batch_norm, rc.net.keep_prob, rc.batch_size, rc.seed) == (bn, keep, 64, c.seed)
    with pytest.raises(ValueError, match="run"):
        gap_run_config(c, "nope", 8, 30)


def test_the_control_trains_with_whole_set_statistics_and_only_they_differ_from_bn():
    """The control and BN start from the same weights and batches; the control's step loss is the
    batch's loss normalized with the whole training set's statistics at the current weights."""
    d = make_dataset(MOONS)
    c = gap_run_config(cfg(), "BN, fixed stats", 32, 1)
    ctrl, bn, order = (Trainer(c, dataset=d) for _ in range(3))
    assert all(np.array_equal(p, q) for (_, p, _, _), (_, q, _, _) in zip(ctrl.net.parameters(), bn.net.parameters()))
    idx = order._next_batch()                                    # the first batch both will see
    stats = population_stats(ctrl.net, d.x_train)
    expected = cross_entropy(ctrl.net.forward(d.x_train[idx], "train", stats=stats), d.y_train[idx])[0]
    batch_own = cross_entropy(bn.net.forward(d.x_train[idx], "batch"), d.y_train[idx])[0]
    ctrl.net.bn_reference = d.x_train.astype(np.float32)
    ctrl.step()
    bn.step()
    assert ctrl.history.columns()["batch_loss"][-1] == pytest.approx(expected, rel=1e-6)
    assert bn.history.columns()["batch_loss"][-1] == pytest.approx(batch_own, rel=1e-6)
    assert expected != pytest.approx(batch_own, rel=1e-4)
    assert not np.array_equal(ctrl.net.blocks[1].dense.W, bn.net.blocks[1].dense.W)


def test_noise_tab_trains_the_gap_runs_at_the_first_step_and_after_a_reset():
    small = replace(cfg(), data=replace(MOONS, n_samples=300))
    lab = InferenceLab(TestTimeConfig(train=small, tab="noise"))
    assert lab.snapshot().gaps is None                       # building the lab trains nothing extra
    lab.step()
    g = lab.snapshot().gaps
    assert g is not None and g.steps == GAP_STEPS
    lab.step()
    assert lab.snapshot().gaps is g                          # once, not every step
    lab.reset()
    assert lab.snapshot().gaps is None
    lab.step()
    np.testing.assert_array_equal(lab.snapshot().gaps.loss_gap, g.loss_gap)   # the same runs again
    other = InferenceLab(TestTimeConfig(train=small))        # the estimates tab: nothing extra
    other.step()
    assert other.snapshot().gaps is None


def test_gap_runs_report_progress_and_a_stop_keeps_the_last_result():
    small = replace(cfg(), data=replace(MOONS, n_samples=300))
    lab = InferenceLab(TestTimeConfig(train=small, tab="noise"))
    seen = []
    g = lab.run_gap_experiment(steps=30, progress=lambda done, total, text: seen.append((done, total, text)))
    n = 4 * len(g.batch_sizes)                          # four nets per usable batch size
    assert [d for d, _, _ in seen] == list(range(1, n + 1)) and {t for _, t, _ in seen} == {n}
    assert seen[0][2] == "BN, B=8" and seen[-1][2] == f"dropout, B={g.batch_sizes[-1]}"
    assert lab.snapshot().gaps is g and g.steps == 30
    calls = []
    stop = lambda: len(calls) >= 3                      # noqa: E731 - stops before the fourth run
    assert lab.run_gap_experiment(steps=40, progress=lambda *a: calls.append(a), should_stop=stop) is None
    assert len(calls) == 3 and lab.snapshot().gaps is g   # cancelled: the last result stays
    fresh = InferenceLab(TestTimeConfig(train=small, tab="noise"))
    assert fresh.run_gap_experiment(should_stop=lambda: True) is None
    fresh.step()
    assert fresh.snapshot().gaps is None                 # a stopped experiment is not re-run by the steps
    fresh.reset()
    fresh.step()
    assert fresh.snapshot().gaps is not None             # until the run starts afresh
    again = InferenceLab(TestTimeConfig(train=small, tab="noise"))
    again.run_gap_experiment(should_stop=lambda: True)
    again.configure(TestTimeConfig(train=small, tab="estimates"))
    again.configure(TestTimeConfig(train=small, tab="noise"))
    assert not again.snapshot().gaps_declined            # or the tab is left and shown again


def test_model_snapshot_is_read_only_and_bounded():
    lab = InferenceLab(lab_cfg(probe_every=1), history_capacity=16)
    for _ in range(60):
        lab.step()
    s = lab.snapshot()
    assert len(s.estimates["step"]) <= 16 and len(s.measures["step"]) <= 16
    with pytest.raises(ValueError):
        s.measures["acc_running"][0] = 1.0
    assert s.accuracy is not None and s.spread is not None
    assert s.widths == (16, 16)
    lab.configure(lab_cfg(unbiased=True, probe_every=1))
    assert lab.snapshot().unbiased
    lab.configure(TestTimeConfig(train=replace(cfg(), net=replace(cfg().net, hidden=(8,)))))
    assert lab.step_count == 0 and lab.snapshot().widths == (8,)
