"""What the Covariate Shift Lab's lesson (B5) claims, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds ``CovariateExperiment(cfg)``,
trains both twins ``steps`` steps and reads the number from the experiment:
its snapshot (the train-vs-shifted distances, the test accuracies, the W1
drift the Internal cov. shift tab plots) and, every ``cfg.drift_every``
steps, the drift tracker's own fixed probe rows forwarded through each twin
(the per-unit mean and variance of every layer's activation input, the
lecture's "each later layer's input mean and variance stay put").  One run
serves every metric of a (config, steps): ``CACHE``, cleared by the lesson check.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bnviz.labs.covariate.model import CovariateConfig, CovariateExperiment

CACHE: dict = {}


def _moments(net, x: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per layer and unit: mean and variance of the activation input for the rows ``x`` (batch mode)."""
    with np.errstate(all="ignore"):
        net.forward(x, "batch")
    acts = [b.trace.act_in.astype(np.float64) for b in net.blocks]
    return [a.mean(0) for a in acts], [a.var(0) for a in acts]


def _shift(cfg: CovariateConfig, steps: int) -> dict:
    key = ("shift", cfg, steps)
    if key in CACHE:
        return CACHE[key]
    ex = CovariateExperiment(cfg)
    x = ex.trackers[0].x
    k = cfg.drift_every
    prev = {r.label: _moments(r.net, x) for r in ex.runs}
    dmean: dict[str, list] = {r.label: [] for r in ex.runs}
    dvar: dict[str, list] = {r.label: [] for r in ex.runs}
    for _ in range(steps // k):
        ex.run(k)
        for r in ex.runs:
            m, v = _moments(r.net, x)
            pm, pv = prev[r.label]
            dmean[r.label].append([float(np.mean(np.abs(a - b) / np.sqrt(c + 1e-12))) for a, b, c in zip(m, pm, pv)])
            dvar[r.label].append([float(np.mean(np.abs(np.log(a + 1e-12) - np.log(b + 1e-12)))) for a, b in zip(v, pv)])
            prev[r.label] = (m, v)
    ex.run(steps - ex.step_count)
    snap = ex.snapshot()
    bn, nb = snap.run("BN"), snap.run("no BN")
    later = slice(1, None)          # layers 2.. : inputs that move while earlier layers learn
    out = {"shift_rel_distance_min": float(min(min(lay.relative for lay in bn.layers),
                                               min(lay.relative for lay in nb.layers))),
           "bn_acc_drop": float(bn.acc_reference - bn.acc_shifted)}
    if dmean["BN"]:
        mB, mN = np.mean(dmean["BN"], 0), np.mean(dmean["no BN"], 0)
        vB, vN = np.mean(dvar["BN"], 0), np.mean(dvar["no BN"], 0)
        out["mean_drift_ratio_later_min"] = float(np.min(mN[later] / mB[later]))
        out["var_drift_ratio_later_min"] = float(np.min(vN[later] / vB[later]))
    if len(bn.drift) and len(nb.drift):
        out["w1_drift_ratio_bn_over_nobn_last_layer"] = float(bn.drift.mean(0)[-1] / nb.drift.mean(0)[-1])
    CACHE[key] = out
    return out


def _pick(key: str) -> Callable[[CovariateConfig, int], float]:
    def metric(cfg: CovariateConfig, steps: int) -> float:
        return float(_shift(cfg, steps).get(key, np.nan))
    return metric


METRICS: dict[str, Callable[[CovariateConfig, int], float]] = {
    k: _pick(k) for k in ("mean_drift_ratio_later_min", "var_drift_ratio_later_min",
                          "w1_drift_ratio_bn_over_nobn_last_layer", "shift_rel_distance_min", "bn_acc_drop")}
