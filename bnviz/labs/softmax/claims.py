"""What the Softmax Lab's lessons (S1-S3) claim, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds ``SoftmaxLab(cfg)``, trains it
``steps`` steps and reads its snapshot: the learning curves, the region map,
the chosen example's A, Y, L and dZ (``ChosenExample``), and how often the
predicted class changes along straight lines across the plane
(``class_changes_along``: softmax regression's convex regions allow at most
C - 1 changes on any line).  One run serves every metric of a (config,
steps): ``CACHE``, cleared by the lesson check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.engine.data import Dataset
from bnviz.engine.losses import one_hot, softmax
from bnviz.engine.network import MLP
from bnviz.engine.trainer import trained
from bnviz.labs.claims import memo
from bnviz.labs.softmax.model import (
    SoftmaxConfig,
    SoftmaxLab,
    class_changes_along,
    region_bounds,
)

CACHE: dict = {}
LINES = 24            # random straight lines across the data


def line_changes(net: MLP, data: Dataset, n_lines: int = LINES, seed: int = 0) -> int:
    """The most class changes along ``n_lines`` random straight lines across ``data``."""
    lo, hi = region_bounds(data)
    rng = np.random.default_rng(seed)
    span = float(np.linalg.norm(hi - lo))
    best = 0
    for _ in range(n_lines):
        p = lo + rng.random(2) * (hi - lo)
        ang = rng.random() * math.pi
        u = np.array([math.cos(ang), math.sin(ang)])
        best = max(best, class_changes_along(net, p - u * span, p + u * span, n=600))
    return best


@memo(CACHE)
def _regions(cfg: SoftmaxConfig, steps: int) -> dict:
    """S1/S3: the config's network after ``steps``: accuracy, loss, straightness of its regions."""
    lab = trained(SoftmaxLab(cfg), steps)
    s = lab.snapshot()
    h = s.run.history
    probs = s.regions.probs.astype(np.float64)
    changes = line_changes(lab.net, lab.data)
    return {"val_acc": float(h["val_acc"][-1]), "val_loss": float(h["val_loss"][-1]), "line_changes": float(changes),
            "line_changes_over_c_minus_1": changes / max(1, lab.data.n_classes - 1),
            "prob_sum_err_max": float(np.abs(probs.sum(-1) - 1).max())}


@memo(CACHE)
def _classes(cfg: SoftmaxConfig, steps: int) -> dict:
    """S1: for C = 2..6 classes, the most line crossings divided by C - 1 (<= 1: straight boundaries)."""
    worst = 0.0
    for c in range(2, 7):
        k = replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, n_classes=c)), chosen=None)
        lab = trained(SoftmaxLab(k), steps)
        worst = max(worst, line_changes(lab.net, lab.data) / (c - 1))
    return {"line_changes_over_c_minus_1_for_2_to_6_classes": worst}


@memo(CACHE)
def _no_hidden(cfg: SoftmaxConfig, steps: int) -> dict:
    """S3: the config's network against its twin with no hidden layer (``compare_flat``: the lab's side-by-side)."""
    lab = trained(SoftmaxLab(replace(cfg, compare_flat=True)), steps)
    s = lab.snapshot()
    if s.flat_run is None or lab.flat is None:
        raise ValueError("the lesson's network has no hidden layer to compare with")
    own, flat = float(s.run.history["val_acc"][-1]), float(s.flat_run.history["val_acc"][-1])
    return {"val_acc_no_hidden": flat, "val_acc_gain_over_no_hidden": own - flat,
            "line_changes_no_hidden": float(line_changes(lab.flat.net, lab.data))}


@memo(CACHE)
def _chosen(cfg: SoftmaxConfig, steps: int) -> dict:
    """S2: the chosen example's A, Y, L and dZ after ``steps``; mean |A - Y| over the training set."""
    lab = SoftmaxLab(cfg)
    x, y, c = lab.data.x_train, lab.data.y_train, lab.data.n_classes

    def mean_dz() -> float:
        with np.errstate(all="ignore"):
            p = softmax(lab.net.forward(x, "eval").astype(np.float64))
        return float(np.abs(p - one_hot(y, c, np.float64)).sum(1).mean())

    before = mean_dz()
    trained(lab, steps)
    e = lab.snapshot().chosen
    if e is None:
        raise ValueError(f"chosen={cfg.chosen}: no such training example")
    return {"loss_vs_minus_log_a_y_err": abs(e.loss + math.log(e.probs[e.label])),
            "dz_vs_a_minus_y_err": float(np.abs(e.dz - (e.probs - e.one_hot)).max()),
            "a_sum_err": abs(float(e.probs.sum()) - 1), "mean_dz_shrink": before / mean_dz(),
            "chosen_misclassified": float(e.predicted != e.label), "chosen_dz_l1": float(np.abs(e.dz).sum())}


def _pick(measure, key: str) -> Callable[[SoftmaxConfig, int], float]:
    def metric(cfg: SoftmaxConfig, steps: int) -> float:
        return float(measure(cfg, steps)[key])
    return metric


METRICS: dict[str, Callable[[SoftmaxConfig, int], float]] = {
    **{k: _pick(_regions, k) for k in ("val_acc", "val_loss", "line_changes", "line_changes_over_c_minus_1",
                                       "prob_sum_err_max")},
    "line_changes_over_c_minus_1_for_2_to_6_classes":
        _pick(_classes, "line_changes_over_c_minus_1_for_2_to_6_classes"),
    **{k: _pick(_no_hidden, k) for k in ("val_acc_no_hidden", "val_acc_gain_over_no_hidden",
                                         "line_changes_no_hidden")},
    **{k: _pick(_chosen, k) for k in ("loss_vs_minus_log_a_y_err", "dz_vs_a_minus_y_err", "a_sum_err",
                                      "mean_dz_shrink", "chosen_misclassified", "chosen_dz_l1")},
}
