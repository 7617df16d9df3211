"""What the Batch Norm Lab's lessons (B1-B4, B8) claim, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds ``TwinTrainer(cfg)`` (or, for a
claim about one run, the ``Trainer`` of ``cfg.train``), trains it ``steps``
steps and reads the number from what the runs report (their histories, the
traces of a forward pass, their parameters).  A true/false measurement is 1.0
or 0.0; "never reached" is ``inf``.  Several metrics share one run: it is
trained once per (config, steps) and kept in ``CACHE`` until the lesson check
clears it.  The claims themselves (thresholds, plain words) live in the
lesson presets; ``bnviz check-lessons`` runs them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.engine.batchnorm import BatchNorm
from bnviz.engine.trainer import Trainer
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from bnviz.labs.claims import memo

CACHE: dict = {}
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


def _twin(cfg: BatchNormConfig, steps: int) -> TwinTrainer:
    t = TwinTrainer(replace(cfg, tab="curves"))      # no decision maps: they are not measured
    t.run(steps)
    return t


def _run(t: TwinTrainer, label: str) -> Trainer:
    return next(r for r in t.runs if r.label == label)


def first_step(h: dict, column: str, threshold: float) -> float:
    """The first probed step at which ``column`` reached ``threshold`` (inf: never)."""
    idx = np.flatnonzero(np.asarray(h[column]) >= threshold)
    return float(h["step"][idx[0]]) if len(idx) else math.inf


def _last(h: dict, column: str) -> float:
    return float(np.asarray(h[column])[-1])


# --------------------------------------------------------------------------------- twins
@memo(CACHE)
def _inputs(cfg: BatchNormConfig, steps: int) -> dict:
    """B1 at step 0: the raw and the normalized inputs, and whether both runs start alike."""
    t = TwinTrainer(replace(cfg, tab="curves"))
    a, b = t.runs
    same = all(np.array_equal(p[1], q[1]) for p, q in zip(a.net.parameters(), b.net.parameters()))
    raw = _run(t, "raw").data.x_train.astype(np.float64) if cfg.twin == "normalize" else \
        a.data.x_train.astype(np.float64)
    norm = _run(t, "normalized").data.x_train.astype(np.float64) if cfg.twin == "normalize" else raw
    return {"same_start": float(same), "raw_std_ratio_x1_over_x2": float(raw[:, 0].std() / raw[:, 1].std()),
            "raw_mean_x1_abs": float(abs(raw[:, 0].mean())),
            "normalized_std_err": float(max(np.abs(norm.std(0) - 1).max(), np.abs(norm.mean(0)).max()))}


@memo(CACHE)
def _curves(cfg: BatchNormConfig, steps: int) -> dict:
    """Both runs' validation curves after ``steps`` steps: first run (BN / normalized) vs second."""
    t = _twin(cfg, steps)
    h1, h2 = (r.history.columns() for r in t.runs)
    return {"val_loss_ratio": _last(h1, "val_loss") / _last(h2, "val_loss"),
            "first_to90": first_step(h1, "val_acc", 0.9), "second_to90": first_step(h2, "val_acc", 0.9),
            "second_reached90": float(first_step(h2, "val_acc", 0.9) <= steps)}


@memo(CACHE)
def _contours(cfg: BatchNormConfig, steps: int) -> dict:
    """B1's contour view: each run's two-weight companion (``contour.TwoWeightGD``) after ``steps`` steps.

    The Hessian's condition number at the minimum says how elongated the rings
    are (their axes are in the ratio sqrt(kappa)); "settled" is the first step
    since which the companion's cost stays within ``SETTLE_EPS`` of its minimum
    (inf: not by ``steps``).
    """
    if cfg.twin != "normalize":
        raise ValueError(f"twin={cfg.twin!r}: the contour claims compare normalized and raw inputs (twin='normalize')")
    t = _twin(cfg, steps)
    out = {}
    for label in ("normalized", "raw"):
        gd = t.companion(next(i for i, r in enumerate(t.runs) if r.label == label))
        out[f"contour_condition_{label}"] = gd.condition
        out[f"contour_settled_{label}"] = float(gd.settled_at) if gd.settled_at is not None else math.inf
        out[f"contour_gap_{label}"] = gd.cost(gd.w) - gd.min_cost
        out[f"contour_path_rows_{label}"] = float(len(gd.path))
        cols = gd.path.columns()
        d = np.diff(np.column_stack([cols["w1"], cols["w2"]]), axis=0)
        # zig-zag: the share of steps that turn back (more than 90 degrees from the step before)
        out[f"contour_turn_back_{label}"] = float(np.mean(np.sum(d[1:] * d[:-1], axis=1) < 0)) if len(d) > 1 else 0.0
    out["contour_condition_ratio_raw_over_normalized"] = out["contour_condition_raw"] / out["contour_condition_normalized"]
    out["contour_raw_settled"] = float(math.isfinite(out["contour_settled_raw"]))
    return out


def _bn_identities(run: Trainer) -> tuple[float, float]:
    """Per unit on the probe batch: |mean of BN's output - beta| and the relative error of its std."""
    with np.errstate(all="ignore"):
        run.net.forward(run._probe_x, "batch")
    mean_err = std_err = 0.0
    for b in run.net.blocks:
        ai = b.trace.act_in.astype(np.float64)
        var = b.trace.bn_in.astype(np.float64).var(0)
        want = np.abs(b.bn.gamma.astype(np.float64)) * np.sqrt(var / (var + b.bn.eps))
        mean_err = max(mean_err, float(np.max(np.abs(ai.mean(0) - b.bn.beta))))
        std_err = max(std_err, float(np.max(np.abs(ai.std(0) - want) / np.maximum(want, 1e-6))))
    return mean_err, std_err


@memo(CACHE)
def _histograms(cfg: BatchNormConfig, steps: int) -> dict:
    """B2: what BN does to each layer's z, and the raw z of the no-BN twin."""
    t = _twin(cfg, steps)
    bn, plain = _run(t, "BN"), _run(t, "no BN")
    mean_err, std_err = _bn_identities(bn)
    with np.errstate(all="ignore"):
        plain.net.forward(plain._probe_x, "batch")
    pct = bn.history.columns()["all_pct"]
    spread = pct[:, :, 2] - pct[:, :, 0]            # (probes, layers): 15-85 percentile range
    return {"bn_mean_minus_beta_max": mean_err, "bn_std_rel_err_max": std_err,
            "nobn_act_in_is_z": float(all(b.trace.act_in is b.trace.z for b in plain.net.blocks)),
            "bn_act_in_1585_range_min": float(spread.min()), "bn_act_in_1585_range_max": float(spread.max())}


@memo(CACHE)
def _after(cfg: BatchNormConfig, steps: int) -> dict:
    """B2's other placement: BN after the activation normalizes a = g(z) (for a sigmoid: values in (0, 1))."""
    train = cfg.train.with_bn(True)
    tr = Trainer(replace(train, net=replace(train.net, bn_placement="after")))
    tr.want_decision = False
    tr.run(steps)
    with np.errstate(all="ignore"):
        tr.net.forward(tr._probe_x, "batch")
    inside = all(bool(((b.trace.bn_in > 0) & (b.trace.bn_in < 1)).all()) for b in tr.net.blocks)
    err = max(float(np.max(np.abs(b.trace.bn_out.astype(np.float64).mean(0) - b.bn.beta))) for b in tr.net.blocks)
    return {"after_bn_input_in_0_1": float(inside), "after_bn_out_mean_minus_beta_max": err}


# ------------------------------------------------------------------------ gamma and beta
@memo(CACHE)
def _gamma_beta(cfg: BatchNormConfig, steps: int) -> dict:
    """B3: one BN run; its gamma, beta and how much of the sigmoid's input leaves the linear middle."""
    tr = Trainer(cfg.train.with_bn(True))
    tr.want_decision = False

    def outside(k: float = 2.0) -> list[float]:
        with np.errstate(all="ignore"):
            tr.net.forward(tr._probe_x, "batch")
        return [float((np.abs(b.trace.act_in) > k).mean()) for b in tr.net.blocks]

    out0 = outside()
    z = tr.net.blocks[0].trace.bn_in.astype(tr.net.dtype)
    tr.run(steps)
    out1 = outside()
    g = np.concatenate([b.bn.gamma for b in tr.net.blocks]).astype(np.float64)
    be = np.concatenate([b.bn.beta for b in tr.net.blocks]).astype(np.float64)
    # gamma = sqrt(var + eps), beta = mu gives back the identity (the engine's BatchNorm on layer 1's z)
    bn = BatchNorm(z.shape[1], eps=tr.cfg.net.bn_eps, dtype=tr.cfg.net.dtype)
    bn.gamma[...] = np.sqrt(z.var(0) + bn.eps)
    bn.beta[...] = z.mean(0)
    ident = float(np.max(np.abs(bn.forward(z, training=True, update_running=False) - z)) /
                  max(1e-6, float(np.abs(z).max())))
    return {"mean_abs_gamma_minus_1": float(np.mean(np.abs(g - 1))), "mean_abs_beta": float(np.mean(np.abs(be))),
            "max_gamma": float(g.max()),
            "frac_units_moved": float(np.mean((np.abs(g - 1) > 0.25) | (np.abs(be) > 0.25))),
            "outside_linear_growth": max(out1) / max(max(out0), 1e-3), "identity_rel_err": ident}


# ------------------------------------------------------------------------------- the bias
@memo(CACHE)
def _bias(cfg: BatchNormConfig, steps: int) -> dict:
    """B4: the kept Dense bias in front of BN, its gradient and its value; the no-BN twin's bias."""
    cfg = replace(cfg, train=replace(cfg.train, net=replace(cfg.train.net, keep_bias=True)))
    t = _twin(cfg, steps)
    bn, plain = _run(t, "BN"), _run(t, "no BN")
    hb, hp = bn.history.columns(), plain.history.columns()
    m = hb["step"] >= 5
    bn_max = float(np.nanmax(hb["bias_grad"][m]))
    plain_med = float(np.min(np.nanmedian(hp["bias_grad"][hp["step"] >= 5], axis=0)))
    x = bn._probe_x
    with np.errstate(all="ignore"):
        before = bn.net.forward(x, "batch").astype(np.float64)
        saved = [b.dense.b.copy() for b in bn.net.blocks]
        for b in bn.net.blocks:
            b.dense.b[...] = 0
        after = bn.net.forward(x, "batch").astype(np.float64)
        for b, s in zip(bn.net.blocks, saved):
            b.dense.b[...] = s
    return {"bn_bias_grad_max": bn_max, "nobn_bias_grad_median_min_layer": plain_med,
            "bias_grad_ratio_nobn_over_bn": plain_med / max(bn_max, 1e-30),
            "bn_bias_value_max_abs": max(float(np.abs(s).max()) for s in saved),
            "logits_change_when_b_zeroed": float(np.abs(before - after).max())}


@memo(CACHE)
def _optimizers(cfg: BatchNormConfig, steps: int) -> dict:
    """B4 with each of the four optimizers: b's gradient stays at rounding level, W, gamma, beta learn."""
    base = cfg.train.with_bn(True)
    base = replace(base, net=replace(base.net, keep_bias=True))
    grad_max, learn_min = 0.0, math.inf
    for name in OPTIMIZERS:
        tr = Trainer(replace(base, optim=replace(base.optim, name=name)))
        tr.want_decision = False
        tr.run(steps)
        h = tr.history.columns()
        grad_max = max(grad_max, float(np.nanmax(h["bias_grad"][h["step"] >= 5])))
        w = min(float(np.linalg.norm(b.dense.dW)) for b in tr.net.blocks)
        gb = min(float(np.linalg.norm(b.bn.dgamma)) + float(np.linalg.norm(b.bn.dbeta)) for b in tr.net.blocks)
        learn_min = min(learn_min, w, gb)
    return {"bias_grad_max_all_optimizers": grad_max, "learning_grad_min_all_optimizers": learn_min}


# ------------------------------------------------------------------------- BN paper Fig. 1
@memo(CACHE)
def _figure1(cfg: BatchNormConfig, steps: int) -> dict:
    """B8: steps to 90% validation accuracy and the tracked last-layer unit's percentiles, BN vs no BN."""
    t = _twin(cfg, steps)
    out = {}
    for label, tag in (("BN", "bn"), ("no BN", "nobn")):
        h = _run(t, label).history.columns()
        up = h["unit_pct"][:, -1, :]
        spread = up[:, 2] - up[:, 0]
        out[f"{tag}_to90"] = first_step(h, "val_acc", 0.9)
        out[f"{tag}_spread_maxmin_ratio"] = float(spread.max() / spread.min())
        out[f"{tag}_median_range"] = float(up[:, 1].max() - up[:, 1].min())
    out["nobn_reached90"] = float(out["nobn_to90"] <= steps)
    out["to90_ratio_nobn_over_bn"] = out["nobn_to90"] / out["bn_to90"]    # the Figure 1 tab's readout
    out["median_range_ratio"] = out["nobn_median_range"] / out["bn_median_range"]
    return out


def _pick(measure: Callable[[BatchNormConfig, int], dict], key: str) -> Callable[[BatchNormConfig, int], float]:
    def metric(cfg: BatchNormConfig, steps: int) -> float:
        return float(measure(cfg, steps)[key])
    metric.__doc__ = f"{key}: see {measure.__name__}"
    return metric


METRICS: dict[str, Callable[[BatchNormConfig, int], float]] = {
    **{k: _pick(_inputs, k) for k in ("same_start", "raw_std_ratio_x1_over_x2", "raw_mean_x1_abs",
                                      "normalized_std_err")},
    **{k: _pick(_curves, k) for k in ("val_loss_ratio", "first_to90", "second_reached90")},
    **{k: _pick(_contours, k) for k in ("contour_condition_normalized", "contour_condition_raw",
                                        "contour_condition_ratio_raw_over_normalized", "contour_settled_normalized",
                                        "contour_settled_raw", "contour_raw_settled", "contour_gap_normalized",
                                        "contour_gap_raw", "contour_path_rows_normalized", "contour_path_rows_raw",
                                        "contour_turn_back_normalized", "contour_turn_back_raw")},
    **{k: _pick(_histograms, k) for k in ("bn_mean_minus_beta_max", "bn_std_rel_err_max", "nobn_act_in_is_z",
                                          "bn_act_in_1585_range_min", "bn_act_in_1585_range_max")},
    **{k: _pick(_after, k) for k in ("after_bn_input_in_0_1", "after_bn_out_mean_minus_beta_max")},
    **{k: _pick(_gamma_beta, k) for k in ("mean_abs_gamma_minus_1", "mean_abs_beta", "max_gamma", "frac_units_moved",
                                          "outside_linear_growth", "identity_rel_err")},
    **{k: _pick(_bias, k) for k in ("bn_bias_grad_max", "nobn_bias_grad_median_min_layer",
                                    "bias_grad_ratio_nobn_over_bn", "bn_bias_value_max_abs",
                                    "logits_change_when_b_zeroed")},
    **{k: _pick(_optimizers, k) for k in ("bias_grad_max_all_optimizers", "learning_grad_min_all_optimizers")},
    **{k: _pick(_figure1, k) for k in ("bn_to90", "nobn_to90", "nobn_reached90", "to90_ratio_nobn_over_bn",
                                       "bn_spread_maxmin_ratio",
                                       "nobn_spread_maxmin_ratio", "median_range_ratio")},
}
