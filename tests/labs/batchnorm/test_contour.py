"""B1's contour view, no Qt: the surface is the cost, the path is gradient descent, both ride along the twins."""

import math
import pickle
from dataclasses import replace

import numpy as np
import pytest

from bnviz.bridge.lean import Decoder, Encoder
from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.labs.batchnorm.contour import GRID, PATH_CAPACITY, SETTLE_EPS, TwoWeightGD
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer

B1_DATA = DataConfig(name="moons", n_samples=600, noise=0.2, seed=0, elongate=5.0)


def b1(tab="contour", lr=0.2, **data):
    return BatchNormConfig(
        train=TrainConfig(data=replace(B1_DATA, **data), net=NetConfig(hidden=(16, 16), activation="tanh"),
                          optim=OptimConfig(name="sgd", learning_rate=lr), batch_size=32, seed=0, probe_every=5),
        twin="normalize", tab=tab)


def companions(t):
    return {r.label: t.companion(i) for i, r in enumerate(t.runs)}


def direct_cost(x, y, w1, w2):
    """J written out another way, one weight pair at a time: the mean of -log p(true class)."""
    z = x.astype(np.float64) @ np.array([w1, w2])
    sign = 2.0 * y - 1.0                            # p(true class) = sigmoid(sign * z)
    return float(np.mean(np.log1p(np.exp(-sign * z))))


def test_each_run_gets_its_own_inputs_and_the_surface_is_the_cost_computed_directly():
    t = TwinTrainer(b1())
    snaps = t.snapshot()
    for r, s in zip(t.runs, snaps):
        view = s.contour
        assert view.normalized == r.cfg.data.normalize
        surf = view.surface
        assert surf.cost.shape == (GRID, GRID)
        w1 = np.linspace(*surf.w1_range, GRID)
        w2 = np.linspace(*surf.w2_range, GRID)
        x, y = r.data.x_train, r.data.y_train
        for i, j in [(0, 0), (GRID - 1, 0), (7, 41), (30, 30), (GRID - 1, GRID - 1)]:
            assert surf.cost[j, i] == pytest.approx(direct_cost(x, y, w1[i], w2[j]), rel=1e-9)
        # the minimum (+) is the lowest cost: no grid point lies below it, and the gradient vanishes there
        assert surf.cost.min() >= view.min_cost - 1e-12
        gd = t.companion(t.runs.index(r))
        assert np.abs(gd.grad(gd.minimum)).max() < 1e-9


def test_gradient_and_hessian_match_central_differences():
    gd = companions(TwinTrainer(b1()))["raw"]
    h = 1e-6
    for w in (np.array([0.0, 0.0]), np.array([0.1, -2.0]), gd.minimum):
        num = [(gd.cost(w + h * e) - gd.cost(w - h * e)) / (2 * h) for e in np.eye(2)]
        assert np.allclose(gd.grad(w), num, rtol=1e-5, atol=1e-8)
        hn = np.array([(gd.grad(w + 1e-5 * e) - gd.grad(w - 1e-5 * e)) / 2e-5 for e in np.eye(2)])
        assert np.allclose(gd.hessian(w), hn, rtol=1e-5, atol=1e-8)
    ev = np.linalg.eigvalsh(gd.hessian(gd.minimum))
    assert gd.condition == pytest.approx(ev[1] / ev[0])


def test_path_steps_are_gradient_descent_steps_at_the_runs_learning_rate_one_per_lab_step():
    t = TwinTrainer(b1(lr=0.2))
    t.run(40)
    for label, gd in companions(t).items():
        p = gd.path.columns()
        assert list(p["step"]) == list(range(41))
        w = np.column_stack([p["w1"], p["w2"]])
        assert np.array_equal(w[0], [0.0, 0.0])          # both start at (0, 0)
        for k in range(40):
            assert np.allclose(w[k + 1], w[k] - 0.2 * gd.grad(w[k]), rtol=0, atol=1e-12)
            assert p["cost"][k] == pytest.approx(gd.cost(w[k]))


def test_raw_is_an_elongated_valley_normalized_is_close_to_round_and_gd_settles_only_there():
    t = TwinTrainer(b1())
    t.run(200)
    c = companions(t)
    assert c["normalized"].condition <= 5 and c["raw"].condition >= 200 * c["normalized"].condition
    assert c["normalized"].settled_at is not None and c["normalized"].settled_at <= 160
    assert c["raw"].settled_at is None
    assert c["raw"].cost(c["raw"].w) - c["raw"].min_cost > SETTLE_EPS


def test_reset_starts_the_path_again_and_the_path_stays_bounded():
    t = TwinTrainer(b1())
    t.run(3 * PATH_CAPACITY)
    for gd in companions(t).values():
        assert len(gd.path) <= PATH_CAPACITY
        p = gd.path.columns()
        assert p["step"][0] == 0 and p["step"][-1] <= 3 * PATH_CAPACITY
    t.reset()
    t.run(2)
    for gd in companions(t).values():
        assert list(gd.path.columns()["step"]) == [0, 1, 2]


def test_surface_only_on_the_contour_tab_and_sent_once_through_the_lean_pipe():
    assert all(s.contour.surface is None and s.contour is not None for s in TwinTrainer(b1(tab="curves")).snapshot())
    t = TwinTrainer(b1())
    enc, dec = Encoder(), Decoder()
    first = dec.decode(pickle.loads(pickle.dumps(enc.encode(t.snapshot()))))
    t.run(1)
    msg = enc.encode(t.snapshot())
    again = dec.decode(pickle.loads(pickle.dumps(msg)))
    for a, b, m in zip(first, again, msg):
        assert m.contour.surface.rows.tail["cost"].shape[0] == 0       # the grid did not cross again
        assert np.array_equal(a.contour.surface.cost, b.contour.surface.cost)
        assert len(b.contour.path["w1"]) == 2


def test_no_contour_for_data_that_are_not_two_inputs_and_two_classes():
    cfg = b1()
    cfg = replace(cfg, train=replace(cfg.train, data=DataConfig(name="blobs", n_samples=300, n_classes=3, seed=1)))
    assert all(s.contour is None for s in TwinTrainer(cfg).snapshot())


def test_separable_through_the_origin_has_no_minimum_and_does_not_break():
    x = np.array([[1.0, 0.5], [2.0, 1.0], [-1.0, -0.3], [-2.0, -1.0]])
    gd = TwoWeightGD(x, np.array([1, 1, 0, 0]))
    assert math.isnan(gd.min_cost)
    for _ in range(5):
        gd.step(0.5)
    assert gd.settled_at is None and gd.surface().cost.shape == (GRID, GRID)


def test_every_ring_point_lies_on_its_level_even_across_the_narrow_raw_valley():
    t = TwinTrainer(b1())
    for i, s in enumerate(t.snapshot()):
        gd = t.companion(i)
        surf = s.contour.surface
        assert surf.rings.shape == (len(surf.levels), surf.rings.shape[1], 2)
        for level, ring in zip(surf.levels, surf.rings):
            assert np.allclose(gd.costs_at(ring), level, rtol=0, atol=1e-9)
            assert np.allclose(ring[0], ring[-1], rtol=0, atol=1e-9)      # closed
    raw = t.companion([r.label for r in t.runs].index("raw")).surface()
    width = np.ptp(raw.rings[0][:, 0])
    cell = (raw.w1_range[1] - raw.w1_range[0]) / (GRID - 1)
    assert width < cell             # the innermost raw ring is thinner than one grid cell: traced, not gridded


def test_a_large_own_data_set_is_costed_on_a_fixed_subset():
    """10,000 hand-made points: the companion's cost is over MAX_ROWS of them, the same ones each time."""
    from bnviz.labs.batchnorm.contour import MAX_ROWS

    rng = np.random.default_rng(3)
    x = rng.normal(size=(10_000, 2)) * [10, 1] + [12, 0]
    y = (x[:, 0] - 12 + x[:, 1] > 0).astype(float)
    a, b = TwoWeightGD(x, y), TwoWeightGD(x, y)
    assert len(a.y) == MAX_ROWS and np.array_equal(a.x, b.x)
    rows = {tuple(r) for r in x}
    assert all(tuple(r) in rows for r in a.x)          # real rows of the set, not made-up ones
