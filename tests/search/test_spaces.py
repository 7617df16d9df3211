"""Dimensions and spaces: the scales of syllabus H4/H5, validation, zoom ranges, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from bnviz.search.spaces import (
    Choice,
    IntUniform,
    LogUniform,
    OneMinusLogUniform,
    Space,
    Uniform,
    averaging_window,
    decade_counts,
    dimension_from_json,
    pow10,
)

N = 4000


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_log_uniform_is_uniform_in_log10() -> None:
    x = LogUniform(1e-4, 1.0).sample(rng(1), N)
    assert x.min() >= 1e-4 and x.max() <= 1.0
    assert stats.kstest(np.log10(x), stats.uniform(loc=-4, scale=4).cdf).pvalue > 0.01
    # ...and clearly not uniform in the value itself
    assert stats.kstest(x, stats.uniform(loc=1e-4, scale=1 - 1e-4).cdf).pvalue < 1e-6


def test_decade_counts_uniform_vs_log_uniform() -> None:
    uni = Uniform(1e-4, 1.0).sample(rng(2), N)
    log = LogUniform(1e-4, 1.0).sample(rng(3), N)
    cu = decade_counts(uni)
    cl = decade_counts(log)
    assert [(a, b) for a, b, _ in cu] == [(1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1), (1e-1, 1.0)]
    assert sum(c for *_, c in cu) == N and sum(c for *_, c in cl) == N
    top = cu[-1][2] / N
    assert 0.87 < top < 0.93  # uniform sampling puts ~90% in [0.1, 1]
    for *_, c in cl:
        assert 0.21 < c / N < 0.29  # log-uniform: ~25% per decade


@pytest.fixture
def inexact_power(monkeypatch):
    """``np.power`` one ulp low everywhere, as numpy 1.26's SIMD pow is at 10**-1: the fix may not lean on it."""
    real = np.power

    def low(base, u, *args, **kwargs):
        return np.nextafter(real(base, u, *args, **kwargs), 0.0)

    monkeypatch.setattr(np, "power", low)
    return real


def test_pow10_is_the_typed_decimal_at_whole_exponents(inexact_power) -> None:
    got = pow10(np.arange(-8, 3, dtype=float))
    assert got.tolist() == [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0]
    assert pow10(-1.0).shape == () and float(pow10(-1.0)) == 0.1
    half = pow10(np.array([-0.5, 2.5]))   # non-whole exponents keep np.power's value
    assert half.tolist() == np.nextafter(inexact_power(10.0, np.array([-0.5, 2.5])), 0.0).tolist()


def test_log_grids_and_decade_edges_are_exact_decimals(inexact_power) -> None:
    assert LogUniform(1e-4, 1.0).grid(5).tolist() == [1e-4, 1e-3, 1e-2, 0.1, 1.0]
    assert OneMinusLogUniform(0.9, 0.9999).from_axis(np.array([-1.0, -2.0])).tolist() == [1 - 0.1, 1 - 0.01]
    assert LogUniform(1e-4, 1.0).from_axis(-1.0) == 0.1
    edges = [(a, b) for a, b, _ in decade_counts([0.1, 0.01], 1e-4, 1.0)]
    assert edges == [(1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 0.1), (0.1, 1.0)]
    counts = [c for *_, c in decade_counts([0.1, 0.01], 1e-4, 1.0)]
    assert counts == [0, 0, 1, 1]   # 0.01 and 0.1 each open their own decade


def test_decade_counts_ignores_values_outside_and_includes_hi() -> None:
    out = decade_counts([1e-5, 1e-4, 0.5, 1.0, 2.0], lo=1e-4, hi=1.0)
    assert [c for *_, c in out] == [1, 0, 0, 2]


def test_one_minus_log_uniform_stays_in_range_and_is_log_uniform_in_one_minus_beta() -> None:
    dim = OneMinusLogUniform(0.9, 0.999)
    b = dim.sample(rng(4), N)
    assert b.min() >= 0.9 and b.max() <= 0.999
    assert stats.kstest(np.log10(1 - b), stats.uniform(loc=-3, scale=2).cdf).pvalue > 0.01
    # the axis coordinate is log10(1 - beta), and it maps back
    np.testing.assert_allclose(dim.to_axis([0.9, 0.99, 0.999]), [-1, -2, -3])
    np.testing.assert_allclose(dim.from_axis(dim.to_axis(b)), b)
    assert dim.scale == "one_minus_log"
    np.testing.assert_allclose(averaging_window([0.9, 0.999]), [10, 1000])


@pytest.mark.parametrize(
    ("dim", "expected"),
    [
        (Uniform(0.0, 1.0), [0.0, 0.25, 0.5, 0.75, 1.0]),
        (LogUniform(1e-4, 1.0), [1e-4, 1e-3, 1e-2, 1e-1, 1.0]),
        (OneMinusLogUniform(0.9, 0.99999), [0.9, 0.99, 0.999, 0.9999, 0.99999]),
        (IntUniform(0, 8), [0, 2, 4, 6, 8]),
        (Choice(("a", "b", "c", "d", "e")), ["a", "b", "c", "d", "e"]),
    ],
)
def test_grid_is_evenly_spaced_in_own_scale_with_endpoints(dim, expected) -> None:
    g = dim.grid(5)
    assert len(g) == 5
    if dim.scale == "choice":
        assert list(g) == expected
    else:
        np.testing.assert_allclose(g, expected, rtol=1e-12)
        assert g[0] == dim.lo and g[-1] == dim.hi
        assert np.allclose(np.diff(dim.to_axis(g)), np.diff(dim.to_axis(g))[0])


@pytest.mark.parametrize(
    "dim",
    [Uniform(-1.0, 3.0), LogUniform(1e-6, 10.0), OneMinusLogUniform(0.5, 0.999), IntUniform(2, 7)],
)
def test_axis_round_trip_and_contains(dim) -> None:
    x = dim.sample(rng(5), 200)
    assert dim.contains(x).all()
    np.testing.assert_allclose(dim.from_axis(dim.to_axis(x)), x)
    assert not dim.contains(dim.hi + 1.0)
    assert dim.contains(dim.lo) is True


def test_int_uniform_is_inclusive() -> None:
    x = IntUniform(1, 3).sample(rng(6), 300)
    assert set(x.tolist()) == {1, 2, 3}
    assert IntUniform(1, 3).from_unit(np.array([0.0, 0.5, 0.999999])).tolist() == [1, 2, 3]
    assert IntUniform(1, 3).grid(10).tolist() == [1, 2, 3]  # fewer than k when the range is small


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Uniform(1.0, 1.0), "lo"),
        (lambda: Uniform(0.0, float("nan")), "hi"),
        (lambda: LogUniform(0.0, 1.0), "lo"),
        (lambda: LogUniform(-1.0, 1.0), "lo"),
        (lambda: OneMinusLogUniform(0.9, 1.0), "hi"),
        (lambda: OneMinusLogUniform(0.0, 0.9), "lo"),
        (lambda: IntUniform(5, 2), "lo"),
        (lambda: IntUniform(1.5, 2), "lo"),
        (lambda: Choice(()), "values"),
        (lambda: Choice(("a", "a")), "values"),
    ],
)
def test_validation_names_field_and_value(make, field) -> None:
    with pytest.raises(ValueError, match=field):
        make()


def test_sub_restricts_and_clips_and_keeps_kind() -> None:
    assert LogUniform(1e-4, 1.0).sub(1e-3, 1e-2) == LogUniform(1e-3, 1e-2)
    assert LogUniform(1e-4, 1.0).sub(1e-6, 1e-3) == LogUniform(1e-4, 1e-3)  # clipped
    assert OneMinusLogUniform(0.9, 0.999).sub(0.995, 0.95) == OneMinusLogUniform(0.95, 0.995)
    assert IntUniform(1, 10).sub(2.5, 4.5) == IntUniform(3, 4)
    assert Choice((8, 16, 32, 64)).sub(16, 32) == Choice((16, 32))
    assert Choice(("relu", "tanh", "sigmoid")).sub("tanh", "sigmoid") == Choice(("tanh", "sigmoid"))
    with pytest.raises(ValueError, match="overlap"):
        Uniform(0.0, 1.0).sub(2.0, 3.0)


def test_choice_axis_is_index() -> None:
    c = Choice(("relu", "tanh", "sigmoid"))
    assert c.to_axis(["tanh", "relu"]).tolist() == [1.0, 0.0]
    assert c.from_axis(1.8).item() == "sigmoid"
    assert set(c.sample(rng(7), 100).tolist()) == {"relu", "tanh", "sigmoid"}
    assert c.contains("tanh") and not c.contains("elu")


def test_space_order_sub_and_json_round_trip() -> None:
    space = Space(
        learning_rate=LogUniform(1e-4, 1.0),
        beta1=OneMinusLogUniform(0.9, 0.999),
        hidden_units=IntUniform(4, 64),
        x=Uniform(-1.0, 1.0),
        activation=Choice(("relu", "tanh")),
    )
    assert space.names == ("learning_rate", "beta1", "hidden_units", "x", "activation")
    text = json.dumps(space.to_json(), allow_nan=False)
    back = Space.from_json(json.loads(text))
    assert back == space and back.names == space.names
    small = space.sub({"learning_rate": (1e-3, 1e-2)})
    assert small["learning_rate"] == LogUniform(1e-3, 1e-2)
    assert small["beta1"] == space["beta1"]
    with pytest.raises(ValueError, match="unknown"):
        space.sub({"nope": (0, 1)})
    with pytest.raises(ValueError):
        Space()
    for name in space.names:
        assert dimension_from_json(space[name].to_json()) == space[name]


def test_space_is_immutable_and_pickles() -> None:
    import copy
    import pickle

    space = Space(learning_rate=LogUniform(1e-4, 1.0), units=IntUniform(4, 64))
    with pytest.raises(AttributeError):
        space.foo = 1
    assert pickle.loads(pickle.dumps(space)) == space
    assert copy.deepcopy(space) == space and hash(copy.copy(space)) == hash(space)
