"""What the F1 lesson claims, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` runs ``InsideEngine(cfg)`` over
``steps`` new mini-batches (and the first) and returns the worst value seen:
the engine's BN forward against the notes' formulas, its backward against
central differences, the mean and variance of its z_norm.  Two metrics run
the same check on a deliberately broken batch norm, to show the check has
teeth: one whose sigma^2 divides by m - 1 instead of m, one whose backward
drops the ``z_norm * mean(g * z_norm)`` term.  ``*_float32`` metrics run the
engine in float32, as the labs train.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.engine.batchnorm import BatchNorm
from bnviz.labs.claims import memo
from bnviz.labs.framework.model import BNCheck, FrameworkConfig, run

CACHE: dict = {}


class UnbiasedVarianceBN(BatchNorm):
    """A wrong BN: sigma^2 divided by m - 1 (the population estimate) where the notes divide by m."""

    def forward(self, x: np.ndarray, training: bool, update_running: bool = True) -> np.ndarray:
        if not training:
            return super().forward(x, training, update_running)
        n = x.shape[0]
        mu = x.sum(axis=0) / n
        xc = x - mu
        var = (xc * xc).sum(axis=0) / (n - 1)
        inv_std = 1.0 / np.sqrt(var + self.dtype.type(self.eps))
        x_norm = xc * inv_std
        if update_running:
            self.batch_mean, self.batch_var = mu, var
            self._cache = (x_norm, inv_std)
        return self.gamma * x_norm + self.beta


class ShortBackwardBN(BatchNorm):
    """A wrong BN: its backward forgets that sigma^2 depends on z (no ``- x_norm * mean(g * x_norm)``)."""

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        x_norm, inv_std = self._cache
        n = grad_out.shape[0]
        self.dbeta = grad_out.sum(axis=0)
        self.dgamma = (grad_out * x_norm).sum(axis=0)
        g = grad_out * self.gamma
        return inv_std * (g - g.sum(axis=0) / n)


BROKEN = {"unbiased_var": UnbiasedVarianceBN, "short_backward": ShortBackwardBN}


@memo(CACHE)
def _worst(cfg: FrameworkConfig, steps: int) -> dict:
    """The worst of every check over the first batch and ``steps`` more."""
    worst = {"forward_err_max": 0.0, "stats_err_max": 0.0, "grad_rel_max": 0.0,
             "z_norm_mean_max": 0.0, "z_norm_var_dev_max": 0.0}

    def see(c: BNCheck) -> None:
        for key, v in (("forward_err_max", c.forward_err), ("stats_err_max", c.stats_err),
                       ("grad_rel_max", c.grad_rel), ("z_norm_mean_max", float(np.abs(c.z_norm_mean).max())),
                       ("z_norm_var_dev_max", float(np.abs(c.z_norm_var - 1).max()))):
            worst[key] = max(worst[key], v) if v == v else float("nan")

    run(cfg, steps, each=see)
    return worst


@memo(CACHE)
def _broken(cfg: FrameworkConfig, steps: int) -> dict:
    """The same checks on each broken BN: the smallest error it shows (caught on every batch?)."""
    out = {}
    for name, cls in BROKEN.items():
        least = {"forward": float("inf"), "grad": float("inf")}

        def see(c: BNCheck) -> None:
            least["forward"] = min(least["forward"], c.forward_err)
            least["grad"] = min(least["grad"], c.grad_rel)

        run(cfg, steps, bn_class=cls, each=see)
        out[f"{name}_forward_err_min"] = least["forward"]
        out[f"{name}_grad_rel_min"] = least["grad"]
    return out


def _pick(measure, key: str, **change) -> Callable[[FrameworkConfig, int], float]:
    def metric(cfg: FrameworkConfig, steps: int) -> float:
        return float(measure(replace(cfg, **change) if change else cfg, steps)[key])
    return metric


_WORST = ("forward_err_max", "stats_err_max", "grad_rel_max", "z_norm_mean_max", "z_norm_var_dev_max")
METRICS: dict[str, Callable[[FrameworkConfig, int], float]] = {
    **{k: _pick(_worst, k) for k in _WORST},
    **{f"{k}_float32": _pick(_worst, k, dtype="float32") for k in ("forward_err_max", "grad_rel_max")},
    **{f"{name}_{what}": _pick(_broken, f"{name}_{what}") for name in BROKEN
       for what in ("forward_err_min", "grad_rel_min")},
}
