"""The lab's real objective trains the real engine (guarded: the engine may be absent)."""

from __future__ import annotations

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from bnviz.search.objective import synthetic_objective

BASE = {"adam_eps": 1e-8, "beta1": 0.9, "beta2": 0.999, "hidden_units": 16, "batch_size": 32}


def test_synthetic_objective_depends_on_learning_rate_only() -> None:
    a = synthetic_objective({"learning_rate": 1e-3, "adam_eps": 1e-10}, seed=0)
    b = synthetic_objective({"learning_rate": 1e-3, "adam_eps": 1e-6, "beta1": 0.99}, seed=5)
    assert a == b and "SYNTHETIC" in a["message"]
    assert synthetic_objective({"learning_rate": 10**-2.5}, 0)["score"] == pytest.approx(0.95)
    assert synthetic_objective({"learning_rate": 1.0}, 0)["status"] == "diverged"
    with pytest.raises(ValueError):
        synthetic_objective({"learning_rate": 0.0}, 0)
    assert "SYNTHETIC" in synthetic_objective.__doc__


def test_train_trial_trains_the_engine() -> None:
    pytest.importorskip("bnviz.engine.trainer")
    from bnviz.search.objective import train_trial

    good = train_trial({**BASE, "learning_rate": 1e-2, "decay": 0.1}, seed=0, steps=120, curve_points=6)
    assert good["status"] == "ok" and good["score"] > 0.85
    assert len(good["curve"]) == 6 and all(0.0 <= c <= 1.0 for c in good["curve"])
    assert train_trial({**BASE, "learning_rate": 1e-2, "decay": 0.1}, seed=0, steps=120, curve_points=6) == good
    tiny = train_trial({**BASE, "learning_rate": 1e-5}, seed=0, steps=120)
    assert tiny["score"] < good["score"]  # alpha matters
    bad = train_trial({**BASE, "learning_rate": 50.0}, seed=0, steps=120)
    assert bad["status"] == "diverged" and math.isnan(bad["score"]) and "diverged at step" in bad["message"]


def test_build_config_maps_names_and_rejects_unknown() -> None:
    pytest.importorskip("bnviz.engine.trainer")
    from bnviz.search.objective import build_config

    cfg = build_config({**BASE, "learning_rate": 0.003, "hidden_units": 24, "batch_size": 64,
                        "beta1": 0.95, "decay": 0.5}, seed=3)
    assert cfg.net.hidden == (24, 24) and cfg.batch_size == 64 and cfg.seed == 3
    assert cfg.optim.learning_rate == 0.003 and cfg.optim.beta1 == 0.95 and cfg.optim.eps == 1e-8
    assert cfg.optim.decay == "inverse" and cfg.optim.decay_rate == 0.5
    with pytest.raises(ValueError, match="unknown"):
        build_config({"learning_rat": 0.1}, seed=0)


def test_train_trial_runs_in_a_worker_process() -> None:
    pytest.importorskip("bnviz.engine.trainer")
    from bnviz.search.objective import train_trial
    from bnviz.search.runner import run_trials

    trials = [{**BASE, "learning_rate": 1e-2}, {**BASE, "learning_rate": 50.0}]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as ex:
        out = run_trials(train_trial, trials, ex, seed=1)
    assert [r.status for r in out] == ["ok", "diverged"]
    assert out[0].score > 0.5 and len(out[0].curve) == 20
