"""What the BN at Test Time lab's lessons (B6, B7) claim, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds ``InferenceLab(cfg)``, trains
it ``steps`` steps and reads its snapshot (running estimates vs whole-set
statistics, the test accuracy four ways, the spread of batch statistics per
batch size) or runs its batch-size experiment (``batch_size_gaps``: one
``steps``-step run per batch size, with and without BN).  One run serves
every metric of a (config, steps): ``CACHE``, cleared by the lesson check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.engine.trainer import trained
from bnviz.labs.claims import memo
from bnviz.labs.testtime.model import ROW_BN, ROW_CONTROL, ROW_NO_BN, InferenceLab, TestTimeConfig, batch_size_gaps

CACHE: dict = {}


@memo(CACHE)
def _spread(cfg: TestTimeConfig, steps: int) -> dict:
    """B6: batch-mean and batch-variance noise per batch size (8 ... 256), at the weights after ``steps``."""
    lab = InferenceLab(cfg)
    lab.trainer.run(steps)
    sp = lab.measure_spread()
    ms, vs = sp.mean_spread, sp.var_spread              # (layers, batch sizes)
    return {"mean_spread_ratio_small_over_large_min": float(np.min(ms[:, 0] / ms[:, -1])),
            "var_spread_ratio_small_over_large_min": float(np.min(vs[:, 0] / vs[:, -1])),
            "layer1_mean_spread_vs_theory_err": float(np.max(np.abs(ms[0] / sp.mean_reference - 1)))}


@memo(CACHE)
def _gaps(cfg: TestTimeConfig, steps: int) -> dict:
    """B6: validation minus training loss after ``steps`` steps per batch size, for each row of ``GAP_RUNS``
    (BN, no BN, BN with fixed whole-set statistics, no BN with dropout), and the two noise effects."""
    lab = InferenceLab(cfg)
    g = batch_size_gaps(lab.cfg, lab.data, steps=steps)
    gap, bn_eff, drop_eff = g.loss_gap, g.bn_minus_control, g.dropout_minus_no_bn
    return {"every_gap_growth_small_to_large_min": float(np.min(gap[:, -1] - gap[:, 0])),
            "bn_minus_control_max": float(np.max(bn_eff)),
            "dropout_minus_no_bn_largest_batch": float(drop_eff[-1]),
            "bn_effect_minus_dropout_effect_largest_batch": float(bn_eff[-1] - drop_eff[-1]),
            "bn_effect_ratio_smallest_over_largest_batch": float(bn_eff[0] / bn_eff[-1]),
            "nobn_minus_bn_gap_largest_batch": float(gap[ROW_NO_BN, -1] - gap[ROW_BN, -1]),
            "nobn_minus_control_gap_largest_batch": float(gap[ROW_NO_BN, -1] - gap[ROW_CONTROL, -1])}


def _trained(cfg: TestTimeConfig, steps: int, momentum: float | None = None):
    if momentum is not None:
        cfg = replace(cfg, train=replace(cfg.train, net=replace(cfg.train.net, bn_momentum=momentum)))
    return trained(InferenceLab(cfg), steps).snapshot()


@memo(CACHE)
def _estimates(cfg: TestTimeConfig, steps: int) -> dict:
    """B7: running estimates vs the whole training set's statistics, and test accuracy four ways."""
    s = _trained(cfg, steps)
    m, a = s.measures, s.accuracy
    acc = dict(zip(a.modes, (float(v) for v in a.accuracy)))
    three = [acc["running"], acc["population"], acc["batch"]]
    return {"mean_gap_step0_later_max": float(np.max(m["mean_gap"][0][1:])),
            "mean_gap_max": float(np.max(m["mean_gap"][-1])), "var_gap_max": float(np.max(m["var_gap"][-1])),
            "acc_three_min": min(three), "acc_three_spread": max(three) - min(three),
            "acc_single": acc["single"], "single_distinct_classes": float(a.single_distinct)}


@memo(CACHE)
def _momenta(cfg: TestTimeConfig, steps: int) -> dict:
    """B7: how smooth the running mean is for momentum 0.5, the config's, and 0.99 (step-to-step change
    over the second half of ``steps``), and how far it still is from the population mean after ``steps``."""
    jitter, gap = {}, {}
    own = cfg.train.net.bn_momentum
    for mom in (0.5, own, 0.99):
        s = _trained(cfg, steps, None if mom == own else mom)
        rm = s.estimates["run_mean"]
        jitter[mom] = float(np.nanmean(np.abs(np.diff(rm[steps // 2:], axis=0))))
        gap[mom] = float(np.nanmean(s.measures["mean_gap"][-1][1:]))
    return {"jitter_ratio_099_over_own": jitter[0.99] / jitter[own],
            "jitter_ratio_05_over_own": jitter[0.5] / jitter[own], "mean_gap_ratio_099_over_own": gap[0.99] / gap[own]}


def _pick(measure, key: str) -> Callable[[TestTimeConfig, int], float]:
    def metric(cfg: TestTimeConfig, steps: int) -> float:
        return float(measure(cfg, steps)[key])
    return metric


METRICS: dict[str, Callable[[TestTimeConfig, int], float]] = {
    **{k: _pick(_spread, k) for k in ("mean_spread_ratio_small_over_large_min", "var_spread_ratio_small_over_large_min",
                                      "layer1_mean_spread_vs_theory_err")},
    **{k: _pick(_gaps, k) for k in ("every_gap_growth_small_to_large_min", "bn_minus_control_max",
                                    "dropout_minus_no_bn_largest_batch", "bn_effect_minus_dropout_effect_largest_batch",
                                    "bn_effect_ratio_smallest_over_largest_batch", "nobn_minus_bn_gap_largest_batch",
                                    "nobn_minus_control_gap_largest_batch")},
    **{k: _pick(_estimates, k) for k in ("mean_gap_step0_later_max", "mean_gap_max", "var_gap_max", "acc_three_min",
                                         "acc_three_spread", "acc_single", "single_distinct_classes")},
    **{k: _pick(_momenta, k) for k in ("jitter_ratio_099_over_own", "jitter_ratio_05_over_own",
                                       "mean_gap_ratio_099_over_own")},
}
