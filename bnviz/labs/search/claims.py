"""What the search lab's lessons (H1-H6) claim, as measurements of its model (pure NumPy, no Qt).

``METRICS[name](cfg, steps) -> float`` builds the ``SearchSession`` the
config describes (``SearchModel`` runs the same session headless), with
``steps`` training steps per trial (0: a claim about the planned trials or
the sampling-scales demo, no training), runs its trials in this process,
drives it as a lecturer would (zoom into the good region, go back, re-run on
drifted data) and reads its snapshot: the trial table, the rounds, the arms'
distinct counts, the old best after a data shift, the scales demo.

A trial is a pure function of its data set, steps, parameters and seed, so
its result is memoized on those for one check run (H3's round 0 and H6's
drifted round train the very same settings on the spiral); ``CACHE`` holds
them and the measurements, cleared by the lesson check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bnviz.labs.claims import memo
from bnviz.labs.search.model import (
    PAIRS,
    SearchConfig,
    SearchSession,
    scale_demo,
    shift_target,
)
from bnviz.search.runner import run_trial

CACHE: dict = {}
TOP = 5               # "the region where the good points are": the box around the best 5 trials ...
PAD = 0.1             # ... padded by 10% of the whole axis range


def _session(cfg: SearchConfig, steps: int, **over) -> SearchSession:
    return SearchSession(replace(cfg, **({"steps": steps} if steps else {}), **over))


def _trial(s: SearchSession, job):
    key = ("trial", job.dataset, s.cfg.steps, s.cfg.objective, tuple(sorted(job.params.items())), s.cfg.seed)
    if key not in CACHE:
        CACHE[key] = run_trial(s.objective(job.dataset), 0, job.params, s.cfg.seed)
    return CACHE[key]


def run_queue(s: SearchSession, which: str = "main") -> None:
    """Every queued trial of ``which`` ('main': the coarse-to-fine rounds), in order, in this process."""
    s.set_priority(which)
    while s.queues[which]:
        job = s.take(1)[0]
        s.record(job.key, _trial(s, job))


def _nn_error(a: np.ndarray, score: np.ndarray) -> float:
    """Mean |score - score of the nearest other trial along one axis|: how well that axis predicts the score."""
    err = []
    for i in range(len(a)):
        d = np.abs(a - a[i])
        d[i] = np.inf
        err.append(abs(score[i] - score[int(np.argmin(d))]))
    return float(np.mean(err))


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


@memo(CACHE)
def _what_matters(cfg: SearchConfig, steps: int) -> dict:
    """H1: round 0's trials; does the score follow the first parameter (alpha) or the second (eps)?"""
    s = _session(cfg, steps, compare=False)
    run_queue(s)
    t = s.snapshot().main
    ok = t.ok
    ax, ay, sc = t.ax[ok], t.ay[ok], t.score[ok]
    ex, ey = _nn_error(ax, sc), _nn_error(ay, sc)
    return {"score_range": float(sc.max() - sc.min()), "nn_error_ratio_x_over_y": ex / ey,
            "abs_spearman_y": abs(_spearman(ay, sc))}


@memo(CACHE)
def _arms(cfg: SearchConfig, steps: int) -> dict:
    """H2: the comparison arms' planned trials (no training): budget and distinct values per axis."""
    s = _session(cfg, 0, compare=True)
    arms = s.snapshot().arms
    x, y = cfg.spec.names
    return {"grid_distinct_x": arms["grid"].planned_distinct[x], "grid_distinct_y": arms["grid"].planned_distinct[y],
            "random_distinct_x": arms["random"].planned_distinct[x], "random_budget": arms["random"].n_total,
            "grid_budget": arms["grid"].n_total}


@memo(CACHE)
def _coarse_to_fine(cfg: SearchConfig, steps: int) -> dict:
    """H3: round 0, a zoom into the box around its best trials, round 1; then back to round 0 and zoom again."""
    s = _session(cfg, steps, compare=False)
    run_queue(s)
    snap = s.snapshot()
    t, names = snap.main, snap.names
    top = np.argsort(-np.where(t.ok, t.score, -1.0))[:TOP]
    fx, fy = snap.full_range[names[0]], snap.full_range[names[1]]
    px, py = PAD * (fx[1] - fx[0]), PAD * (fy[1] - fy[0])
    rect = {names[0]: (float(t.ax[top].min() - px), float(t.ax[top].max() + px)),
            names[1]: (float(t.ay[top].min() - py), float(t.ay[top].max() + py))}
    s.zoom(rect)
    run_queue(s)
    t = s.snapshot().main
    r0, r1 = t.round == 0, t.round == 1
    int_y = cfg.spec.space[names[1]].scale == "int"     # integer axes: a sample rounds to the nearest integer
    tol_y = 0.5 if int_y else 1e-9

    def inside(ax: np.ndarray, ay: np.ndarray) -> np.ndarray:
        return ((ax >= rect[names[0]][0] - 1e-9) & (ax <= rect[names[0]][1] + 1e-9) &
                (ay >= rect[names[1]][0] - tol_y) & (ay <= rect[names[1]][1] + tol_y))

    s0, s1 = t.score[r0], t.score[r1]
    s.back_to(0)
    back = s.history.current.index
    s.zoom(rect)
    return {"zoomed_round_inside": float(bool(inside(t.ax[r1], t.ay[r1]).all())),
            "zoomed_density_gain": int(r1.sum()) / max(1, int(inside(t.ax[r0], t.ay[r0]).sum())),
            "zoomed_median_gain": float(np.nanmedian(s1) - np.nanmedian(s0)),
            "zoomed_best_change": float(np.nanmax(s1) - np.nanmax(s0)),
            "back_makes_round0_current": float(back == 0),
            "zoom_after_back_parent": float(s.history.current.parent)}


@memo(CACHE)
def _scales(cfg: SearchConfig, steps: int) -> dict:
    """H4/H5: the sampling-scales tab's 1000 samples and 1/(1-beta) intervals (no training)."""
    d = scale_demo(cfg.seed)
    lu, ll = [c for *_, c in d.lr_uniform_decades], [c for *_, c in d.lr_log_decades]
    bu, bl = [c for *_, c in d.beta_uniform_decades], [c for *_, c in d.beta_log_decades]
    (_, _, w0, w1), (_, _, v0, v1) = d.intervals
    return {"uniform_top_decade_share": lu[-1] / d.n, "log_decade_share_min": min(ll) / d.n,
            "log_decade_share_max": max(ll) / d.n,
            "hidden_units_integer_scale": float(PAIRS["lr_units"].space["hidden_units"].scale == "int"),
            "window_ratio_near_0_9": w1 / w0, "window_ratio_near_0_999": v1 / v0, "window_at_0_999": v0,
            "beta_log_decade_share_min": min(bl) / d.n, "beta_uniform_share_above_0_99": bu[0] / d.n,
            "beta_axis_one_minus_log": float(PAIRS["lr_beta"].space["beta1"].scale == "one_minus_log"),
            "opens_on_scales_tab": float(cfg.tab == "scales")}


@memo(CACHE)
def _drift(cfg: SearchConfig, steps: int) -> dict:
    """H6: round 0, then the same trials re-run on the lab's default new data (``shift_target``)."""
    s = _session(cfg, steps, compare=False)
    run_queue(s)
    old = s.snapshot().main.score
    s.shift_data(shift_target(cfg.dataset))
    run_queue(s)
    snap = s.snapshot()
    st = snap.stale_best
    new = snap.main.score[snap.main.round == 1]
    tied = old >= np.nanmax(old) - 0.01
    return {"old_best_drop": st["old_score"] - st["new_score"], "best_moved": float(snap.best_params != st["params"]),
            "new_best_minus_old_best": snap.best_score - st["new_score"],
            "tied_new_score_spread": float(np.nanmax(new[tied]) - np.nanmin(new[tied]))}


def _pick(measure, key: str) -> Callable[[SearchConfig, int], float]:
    def metric(cfg: SearchConfig, steps: int) -> float:
        return float(measure(cfg, steps)[key])
    return metric


METRICS: dict[str, Callable[[SearchConfig, int], float]] = {
    **{k: _pick(_what_matters, k) for k in ("score_range", "nn_error_ratio_x_over_y", "abs_spearman_y")},
    **{k: _pick(_arms, k) for k in ("grid_distinct_x", "grid_distinct_y", "random_distinct_x", "random_budget",
                                    "grid_budget")},
    **{k: _pick(_coarse_to_fine, k) for k in ("zoomed_round_inside", "zoomed_density_gain", "zoomed_median_gain",
                                              "zoomed_best_change", "back_makes_round0_current",
                                              "zoom_after_back_parent")},
    **{k: _pick(_scales, k) for k in ("uniform_top_decade_share", "log_decade_share_min", "log_decade_share_max",
                                      "hidden_units_integer_scale", "window_ratio_near_0_9", "window_ratio_near_0_999",
                                      "window_at_0_999", "beta_log_decade_share_min", "beta_uniform_share_above_0_99",
                                      "beta_axis_one_minus_log", "opens_on_scales_tab")},
    **{k: _pick(_drift, k) for k in ("old_best_drop", "best_moved", "new_best_minus_old_best",
                                     "tied_new_score_spread")},
}
