"""What the Covariate Shift Lab's lesson (B5) claims, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds ``CovariateExperiment(cfg)``,
trains both twins ``steps`` steps and reads the number from the experiment's
snapshot, the one the lab draws: the train-vs-shifted distances, the test
accuracies, and the drift tracker's history (every ``cfg.drift_every`` steps,
per layer: how far each unit's input mean and variance moved,
:func:`~bnviz.labs.covariate.model.moment_drift`, the lecture's "each later
layer's input mean and variance stay put", and the whole distribution's W1
move; the Internal cov. shift tab plots all three).  One run serves every
metric of a (config, steps): ``CACHE``, cleared by the lesson check.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bnviz.labs.claims import memo
from bnviz.labs.covariate.model import CovariateConfig, CovariateExperiment

CACHE: dict = {}


@memo(CACHE)
def _shift(cfg: CovariateConfig, steps: int) -> dict:
    ex = CovariateExperiment(cfg)
    ex.run(steps)
    snap = ex.snapshot()
    bn, nb = snap.run("BN"), snap.run("no BN")
    later = slice(1, None)          # layers 2.. : inputs that move while earlier layers learn
    out = {"shift_rel_distance_min": float(min(min(lay.relative for lay in bn.layers),
                                               min(lay.relative for lay in nb.layers))),
           "bn_acc_drop": float(bn.acc_reference - bn.acc_shifted)}
    if len(bn.drift_step) and len(nb.drift_step):
        # the run's averages over every probe: the bars of the Internal cov. shift tab
        out["mean_drift_ratio_later_min"] = float(np.min(nb.drift_mean_avg[later] / bn.drift_mean_avg[later]))
        out["var_drift_ratio_later_min"] = float(np.min(nb.drift_var_avg[later] / bn.drift_var_avg[later]))
        out["w1_drift_ratio_bn_over_nobn_last_layer"] = float(bn.drift_avg[-1] / nb.drift_avg[-1])
    return out


def _pick(key: str) -> Callable[[CovariateConfig, int], float]:
    def metric(cfg: CovariateConfig, steps: int) -> float:
        return float(_shift(cfg, steps).get(key, np.nan))
    return metric


METRICS: dict[str, Callable[[CovariateConfig, int], float]] = {
    k: _pick(k) for k in ("mean_drift_ratio_later_min", "var_drift_ratio_later_min",
                          "w1_drift_ratio_bn_over_nobn_last_layer", "shift_rel_distance_min", "bn_acc_drop")}
