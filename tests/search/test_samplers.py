"""Grid vs random vs Sobol with the same budget (syllabus H2)."""

from __future__ import annotations

import json

import pytest

from bnviz.search.samplers import (
    distinct_counts,
    grid_per_axis,
    grid_sample,
    quasi_random_sample,
    random_sample,
    sample,
)
from bnviz.search.spaces import (
    Choice,
    IntUniform,
    LogUniform,
    OneMinusLogUniform,
    Space,
)


@pytest.fixture
def space() -> Space:
    return Space(learning_rate=LogUniform(1e-4, 1.0), adam_eps=LogUniform(1e-10, 1e-6))


def test_grid_has_per_axis_distinct_values_in_row_major_order(space: Space) -> None:
    trials = grid_sample(space, 5)
    assert len(trials) == 25
    assert distinct_counts(trials) == {"learning_rate": 5, "adam_eps": 5}
    # row-major: the last name varies fastest
    assert [t["learning_rate"] for t in trials[:5]] == [1e-4] * 5
    assert trials[0]["adam_eps"] == 1e-10 and trials[4]["adam_eps"] == 1e-6
    assert trials[-1] == {"learning_rate": 1.0, "adam_eps": 1e-6}


def test_grid_per_axis_mapping() -> None:
    space = Space(a=LogUniform(1e-3, 1.0), b=OneMinusLogUniform(0.9, 0.999), c=Choice(("x", "y")))
    trials = grid_sample(space, {"a": 4, "b": 3, "c": 2})
    assert len(trials) == 24
    assert distinct_counts(trials) == {"a": 4, "b": 3, "c": 2}


@pytest.mark.parametrize("fn", [random_sample, quasi_random_sample])
def test_random_and_sobol_try_n_distinct_values_per_axis(space: Space, fn) -> None:
    trials = fn(space, 25, seed=0)
    assert len(trials) == 25
    assert distinct_counts(trials) == {"learning_rate": 25, "adam_eps": 25}
    assert all(space.contains(t) for t in trials)
    assert fn(space, 25, seed=0) == trials  # same seed, same trials
    assert fn(space, 25, seed=1) != trials


def test_values_are_python_scalars_and_json_ready() -> None:
    space = Space(lr=LogUniform(1e-4, 1.0), units=IntUniform(4, 64), act=Choice(("relu", "tanh")))
    for trials in (grid_sample(space, 2), random_sample(space, 5, 3), quasi_random_sample(space, 5, 3)):
        for t in trials:
            assert type(t["lr"]) is float and type(t["units"]) is int and type(t["act"]) is str
            assert list(t) == ["lr", "units", "act"]
        json.dumps(trials, allow_nan=False)


def test_sobol_covers_the_log_axis_evenly(space: Space) -> None:
    import numpy as np

    trials = quasi_random_sample(space, 64, seed=5)
    r = np.log10([t["learning_rate"] for t in trials])
    counts, _ = np.histogram(r, bins=4, range=(-4, 0))
    assert counts.tolist() == [16, 16, 16, 16]  # a power of two: perfectly balanced strata


def test_dispatch_by_name_and_grid_budget(space: Space) -> None:
    assert grid_per_axis(25, 2) == 5 and grid_per_axis(26, 2) == 5 and grid_per_axis(8, 3) == 2
    assert grid_per_axis(3, 2) == 1
    assert sample(space, "grid", 25, seed=None) == grid_sample(space, 5)
    assert sample(space, "random", 7, seed=2) == random_sample(space, 7, 2)
    with pytest.raises(ValueError, match="sampler"):
        sample(space, "bayes", 5, 0)
    with pytest.raises(ValueError, match="n="):
        random_sample(space, 0, 0)
