"""Coarse-to-fine rounds (syllabus H3): rectangles in axis coordinates, back_to, JSON."""

from __future__ import annotations

import json
import math

import pytest

from bnviz.search.spaces import IntUniform, LogUniform, OneMinusLogUniform, Space
from bnviz.search.zoom import ZoomHistory, ZoomRound, axis_rect_to_ranges


@pytest.fixture
def history() -> ZoomHistory:
    h = ZoomHistory()
    h.start(
        Space(
            learning_rate=LogUniform(1e-4, 1.0),
            beta1=OneMinusLogUniform(0.9, 0.999),
            hidden_units=IntUniform(4, 64),
        ),
        "random",
        40,
        seed=0,
    )
    return h


def test_zoom_samples_only_inside_the_rectangle_in_value_space(history: ZoomHistory) -> None:
    # dragged on a log10 axis for alpha and a log10(1 - beta) axis for beta
    r1 = history.zoom({"learning_rate": (-3.0, -2.0), "beta1": (-1.5, -2.5)}, n=50, seed=1)
    assert r1.index == 1 and r1.parent == 0 and history.current is r1
    assert len(r1.trials) == 50
    b_lo, b_hi = 1 - 10**-1.5, 1 - 10**-2.5
    for t in r1.trials:
        assert 1e-3 <= t["learning_rate"] <= 1e-2
        assert b_lo <= t["beta1"] <= b_hi
        assert 4 <= t["hidden_units"] <= 64  # not in the rectangle: parent's range
    assert r1.space["learning_rate"] == LogUniform(1e-3, 1e-2)
    assert math.isclose(r1.space["beta1"].lo, b_lo) and math.isclose(r1.space["beta1"].hi, b_hi)


def test_zoom_rectangle_is_clipped_to_parent_and_nests(history: ZoomHistory) -> None:
    r1 = history.zoom({"learning_rate": (-9.0, -3.0)}, n=20, seed=1, sampler="quasi_random")
    assert r1.space["learning_rate"] == LogUniform(1e-4, 1e-3)
    assert r1.sampler == "quasi_random"
    r2 = history.zoom({"learning_rate": (-3.5, 0.0), "hidden_units": (10.2, 20.7)}, n=20, seed=2)
    assert r2.parent == 1 and r2.sampler == "quasi_random"  # inherits the parent's sampler
    assert math.isclose(r2.space["learning_rate"].lo, 10**-3.5) and r2.space["learning_rate"].hi == 1e-3
    assert r2.space["hidden_units"] == IntUniform(11, 20)
    assert all(10**-3.5 <= t["learning_rate"] <= 1e-3 and 11 <= t["hidden_units"] <= 20 for t in r2.trials)


def test_zoom_outside_parent_is_rejected_and_history_unchanged(history: ZoomHistory) -> None:
    with pytest.raises(ValueError):
        history.zoom({"learning_rate": (1.0, 2.0)}, n=10, seed=0)
    with pytest.raises(ValueError, match="unknown"):
        history.zoom({"momentum": (0.0, 1.0)}, n=10, seed=0)
    assert len(history) == 1 and history.current.index == 0


def test_back_to_keeps_later_rounds_and_branches(history: ZoomHistory) -> None:
    history.zoom({"learning_rate": (-3.0, -2.0)}, n=10, seed=1)
    history.zoom({"learning_rate": (-2.5, -2.0)}, n=10, seed=2)
    assert history.back_to(0).index == 0
    assert history.current.index == 0 and len(history) == 3  # kept
    r3 = history.zoom({"learning_rate": (-1.0, 0.0)}, n=10, seed=3)
    assert r3.index == 3 and r3.parent == 0
    assert [r.index for r in history.lineage()] == [0, 3]
    assert [r.index for r in history.lineage(2)] == [0, 1, 2]
    with pytest.raises(ValueError, match="index"):
        history.back_to(7)


def test_grid_rounds_use_the_budget(history: ZoomHistory) -> None:
    r = history.zoom({"learning_rate": (-3.0, -2.0)}, n=30, seed=0, sampler="grid")
    assert len(r.trials) == 27  # 3 x 3 x 3 fits a budget of 30


def test_json_round_trip(history: ZoomHistory) -> None:
    history.zoom({"learning_rate": (-3.0, -2.0), "beta1": (-2.0, -3.0)}, n=10, seed=1)
    history.back_to(0)
    text = json.dumps(history.to_json(), allow_nan=False)
    back = ZoomHistory.from_json(json.loads(text))
    assert back.current_index == 0 and len(back) == 2
    for a, b in zip(back, history):
        assert a == b
    assert back[1].axis_rect == {"learning_rate": (-3.0, -2.0), "beta1": (-2.0, -3.0)}
    assert ZoomRound.from_json(history[1].to_json()) == history[1]


def test_axis_rect_to_ranges_orders_reversed_axes() -> None:
    space = Space(beta2=OneMinusLogUniform(0.9, 0.9999))
    lo, hi = axis_rect_to_ranges(space, {"beta2": (-1.0, -3.0)})["beta2"]
    assert math.isclose(lo, 0.9) and math.isclose(hi, 0.999)


def test_current_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        ZoomHistory().current


def test_choice_axis_zoom_keeps_categories_inside() -> None:
    from bnviz.search.spaces import Choice

    space = Space(act=Choice(("relu", "tanh", "sigmoid", "elu")))
    assert axis_rect_to_ranges(space, {"act": (0.6, 2.4)})["act"] == ("tanh", "sigmoid")
    assert axis_rect_to_ranges(space, {"act": (2.2, 2.4)})["act"] == ("sigmoid", "sigmoid")
    h = ZoomHistory()
    h.start(space, "random", 10, seed=0)
    r = h.zoom({"act": (0.6, 2.4)}, n=20, seed=1)
    assert {t["act"] for t in r.trials} == {"tanh", "sigmoid"}
