"""Inside the Engine: the engine's BN checked against the notes' formulas and central differences (no Qt)."""

import inspect
import pickle

import numpy as np
import pytest

from bnviz import schema
from bnviz.engine import batchnorm
from bnviz.labs.framework.claims import METRICS, ShortBackwardBN, UnbiasedVarianceBN
from bnviz.labs.framework.model import (
    HISTORY,
    FrameworkConfig,
    InsideEngine,
    check_batch,
    draw_batch,
    engine_source,
    formula_forward,
    numerical_gradients,
    relative_difference,
)


def batch(seed=3, m=8, units=4):
    return draw_batch(np.random.default_rng(seed), m, units)


def test_the_formulas_are_the_notes_on_a_hand_computed_batch():
    z = np.array([[1.0], [3.0]])              # mu = 2, sigma^2 = 1 (divided by m = 2, not m - 1)
    f = formula_forward(z, np.array([2.0]), np.array([0.5]), eps=0.0)
    assert f["mu"] == pytest.approx([2.0]) and f["sigma2"] == pytest.approx([1.0])
    assert f["z_norm"][:, 0] == pytest.approx([-1.0, 1.0])
    assert f["z_tilde"][:, 0] == pytest.approx([-1.5, 2.5])


def test_relative_difference_is_the_courses():
    assert relative_difference([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_difference([0.0], [0.0]) == 0.0
    assert relative_difference([3.0, 4.0], [0.0, 0.0]) == 1.0
    assert relative_difference([1.0], [1.0 + 2e-7]) == pytest.approx(1e-7, rel=1e-6)


def test_numerical_gradients_of_a_known_function():
    """L = sum(dout * z~) has dL/dbeta = sum_i dout and dL/dgamma = sum_i dout * z_norm exactly."""
    z, gamma, beta, dout = batch()
    num = numerical_gradients(batchnorm.BatchNorm, z, gamma, beta, dout, 1e-5)
    f = formula_forward(z, gamma, beta, 1e-5)
    assert num["dbeta"] == pytest.approx(dout.sum(0), rel=1e-8)
    assert num["dgamma"] == pytest.approx((dout * f["z_norm"]).sum(0), rel=1e-7)
    assert np.allclose(num["dz"].sum(0), 0, atol=1e-6)      # shifting a whole unit changes nothing


def test_the_engine_agrees_with_the_notes_in_float64():
    c = check_batch(*batch(), eps=1e-5)
    assert c.dtype == "float64" and (c.m, c.units) == (8, 4)
    assert c.forward_err <= 1e-12 and c.stats_err <= 1e-12
    assert c.grad_rel <= 1e-7 and max(c.dz_rel, c.dgamma_rel, c.dbeta_rel) == c.grad_rel
    assert np.abs(c.z_norm_mean).max() <= 1e-12
    assert np.allclose(c.z_norm_var, c.sigma2 / (c.sigma2 + 1e-5), rtol=1e-10)   # just under 1: eps's share
    assert np.array_equal(c.engine_mu, c.mu) or np.abs(c.engine_mu - c.mu).max() <= 1e-12


def test_float32_agrees_to_rounding_only():
    c = check_batch(*batch(), eps=1e-5, dtype="float32")
    assert c.dtype == "float32"
    assert 1e-10 < c.forward_err <= 1e-5 and c.grad_rel <= 1e-5


@pytest.mark.parametrize("broken,what", [(UnbiasedVarianceBN, "forward"), (ShortBackwardBN, "backward")])
def test_a_broken_batch_norm_is_caught(broken, what):
    c = check_batch(*batch(), eps=1e-5, bn_class=broken)
    if what == "forward":
        assert c.forward_err >= 1e-2 and c.stats_err >= 1e-2
    else:
        assert c.forward_err <= 1e-12 and c.dz_rel >= 1e-3


def test_the_check_uses_the_engines_class_at_call_time(monkeypatch):
    """The lab checks whatever ``bnviz.engine.batchnorm.BatchNorm`` is: swap in a wrong one and it shows."""
    monkeypatch.setattr(batchnorm, "BatchNorm", UnbiasedVarianceBN)
    lab = InsideEngine(FrameworkConfig())
    assert lab.snapshot().check.forward_err >= 1e-2


def test_each_step_checks_a_new_batch_and_keeps_a_bounded_history():
    lab = InsideEngine(FrameworkConfig(seed=1))
    first = lab.snapshot()
    assert first.step == 0 and list(first.steps) == [0] and first.forward_err[0] == first.check.forward_err
    lab.step()
    s = lab.snapshot()
    assert s.step == 1 and list(s.steps) == [0, 1]
    assert not np.array_equal(s.check.mu, first.check.mu)            # a new mini-batch
    assert s.grad_rel[-1] == s.check.grad_rel
    for _ in range(HISTORY + 5):
        lab.step()
    s = lab.snapshot()
    assert len(s.steps) == HISTORY and s.steps[-1] == s.step == HISTORY + 6
    assert not s.forward_err.flags.writeable
    pickle.loads(pickle.dumps(s))                                    # crosses the pipe


def test_same_seed_same_checks_and_reset_replays():
    a, b = InsideEngine(FrameworkConfig(seed=4)), InsideEngine(FrameworkConfig(seed=4))
    for lab in (a, b):
        for _ in range(3):
            lab.step()
    assert np.array_equal(a.snapshot().grad_rel, b.snapshot().grad_rel)
    a.reset()
    assert a.step_count == 0 and a.snapshot().check.mu.tolist() == InsideEngine(FrameworkConfig(seed=4)).last.mu.tolist()


def test_configure_rebuilds_only_on_a_change():
    lab = InsideEngine(FrameworkConfig())
    lab.step()
    assert lab.configure(FrameworkConfig()) is False and lab.step_count == 1
    assert lab.configure(FrameworkConfig(units=6)) is True and lab.step_count == 0
    assert lab.snapshot().check.units == 6


def test_the_source_is_the_installed_engines_with_each_formula_found():
    src = engine_source()
    assert src.module == "bnviz.engine.batchnorm" and src.path == inspect.getsourcefile(batchnorm)
    fwd, back = src.functions
    assert fwd.text.startswith("def forward(") and back.text.startswith("def backward(")
    lines = open(src.path, encoding="utf-8").read().split("\n")
    for fn in src.functions:
        assert lines[fn.first_line - 1].strip() == fn.text.split("\n")[0].strip()
    expected = {"mu": "mu =", "sigma2": "var =", "z_norm": "x_norm =", "z_tilde": "self.gamma * x_norm + self.beta",
                "dbeta": "self.dbeta =", "dgamma": "self.dgamma =", "dz": "return inv_std"}
    for key, text in expected.items():
        n = src.line_of(key)
        assert n > 0 and text in lines[n - 1], key


@pytest.mark.parametrize("field,bad", [("batch_size", 1), ("batch_size", 65), ("units", 0), ("eps", 0.0),
                                       ("dtype", "float16"), ("batch_size", 8.0), ("seed", -1), ("units", True)])
def test_the_config_refuses_bad_values_in_one_line(field, bad):
    with pytest.raises(ValueError) as exc:
        FrameworkConfig(**{field: bad})
    assert field in str(exc.value) and "\n" not in str(exc.value)


def test_the_config_round_trips_through_the_file_layer():
    cfg = FrameworkConfig(seed=5, batch_size=16, units=3, eps=1e-3, dtype="float32")
    assert schema.from_json(FrameworkConfig, schema.to_json(cfg)) == cfg
    assert cfg.with_seed(9) == FrameworkConfig(seed=9, batch_size=16, units=3, eps=1e-3, dtype="float32")
    with pytest.raises(ValueError):
        schema.from_json(FrameworkConfig, {"batch_size": "8"})


def test_every_metric_reads_a_short_run():
    cfg = FrameworkConfig()
    values = {k: m(cfg, 3) for k, m in METRICS.items()}
    assert values["forward_err_max"] <= 1e-12 and values["grad_rel_max"] <= 1e-7
    assert values["unbiased_var_forward_err_min"] >= 1e-2 and values["short_backward_grad_rel_min"] >= 1e-3
    assert 0 < values["forward_err_max_float32"] <= 1e-5



def test_a_build_without_source_files_says_so(monkeypatch):
    def no_source(obj):
        raise OSError("could not get source code")

    monkeypatch.setattr(inspect, "getsourcelines", no_source)
    src = engine_source()
    assert all("not in this build" in fn.text for fn in src.functions) and src.line_of("mu") == 0
