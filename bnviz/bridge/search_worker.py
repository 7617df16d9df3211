"""Hyperparameter search at the GUI's edge (syllabus H1-H6).

Three pieces, from the pure inside to the Qt outside:

``SearchSession`` (pure: no Qt)
    The state of one search: its settings (``SearchConfig``), the
    coarse-to-fine rounds (``ZoomHistory``), the grid / random / quasi-random
    comparison arms, which trials are queued, running and finished, and the
    immutable ``SearchSnapshot`` the panels draw (scatter columns, distinct
    counts, best-so-far curves, the sampling-scale demo). It holds no thread
    and no executor; it could live in ``bnviz.search``.

``SearchWorker`` (Qt)
    The driver of a ``TrialRunner``: trials are handed over from the GUI
    thread and submitted on a worker thread (a superqt ``GeneratorWorker``)
    so that starting the process pool never blocks the GUI; the generator
    iterates ``runner.results()`` and yields each ``TrialResult``, which
    superqt delivers to the GUI thread. The worker ends when nothing is
    outstanding (no thread is held while idle) and runs in a private
    one-thread ``QThreadPool``: the labs' training bridges hold the global
    pool's threads for their whole life (2 on a 2-core machine), and a
    search must never wait behind them.

``SearchBridge`` (Qt)
    A search does not train step by step, so the lab does not use the
    training worker of ``TrainingBridge``. ``SearchBridge`` is a subclass
    that keeps its GUI-side surface (``play``/``pause``/``step``/``reset``/
    ``configure``/``call``/``frame``) so the window's toolbar drives the
    search: Play hands trials to the executor (a few more than it has
    workers, so a new zoom round jumps the queue) and stops by itself when
    every trial is done; Pause cancels the trials not yet started (they are
    queued again for the next Play); Step runs one more trial; Reset starts
    the same search again; a new config starts a new search. Frames carry a
    ``SearchSnapshot``, ``step`` = trials finished and ``epoch`` = current
    round.
"""

from __future__ import annotations

import functools
import gc
import math
import os
import queue
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from superqt.utils import GeneratorWorker

from bnviz.search.objective import synthetic_objective, train_trial
from bnviz.search.runner import STATUSES, TrialResult, TrialRunner, default_executor
from bnviz.search.samplers import distinct_counts, grid_per_axis, sample
from bnviz.search.spaces import (IntUniform, LogUniform, OneMinusLogUniform, Space, Uniform,
                                 averaging_window, decade_counts)
from bnviz.search.zoom import SCHEMA_VERSION as ZOOM_SCHEMA
from bnviz.search.zoom import ZoomHistory, ZoomRound

from .training import Frame, TrainingBridge

__all__ = [
    "PAIRS", "PairSpec", "SearchConfig", "SearchSession", "SearchSnapshot", "TrialTable", "ArmSummary",
    "RoundInfo", "ScaleDemo", "SearchWorker", "SearchBridge", "objective_for", "ARMS", "DATASETS",
]

Key = Hashable
ExecutorFactory = Callable[[], Executor]

# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class PairSpec:
    """The two hyperparameters a search explores, their ranges and scales, and what is held fixed."""

    label: str
    space: Space
    fixed: Mapping[str, Any]
    note: str

    @property
    def names(self) -> tuple[str, str]:
        return self.space.names  # type: ignore[return-value]


#: The pairs the lab offers. The first is the H1 preset "one important, one unimportant".
PAIRS: dict[str, PairSpec] = {
    "lr_eps": PairSpec(
        "learning rate \u03b1 vs Adam's \u03b5",
        Space(learning_rate=LogUniform(1e-4, 1.0), adam_eps=LogUniform(1e-10, 1e-6)),
        {"optimizer": "adam"},
        "Adam; \u03b1 matters most, \u03b5 almost never does"),
    "lr_beta": PairSpec(
        "learning rate \u03b1 vs momentum \u03b2",
        Space(learning_rate=LogUniform(1e-3, 10.0), beta1=OneMinusLogUniform(0.9, 0.999)),
        {"optimizer": "momentum"},
        "SGD with momentum; \u03b2 sampled as 1 - \u03b2 log-uniform"),
    "lr_units": PairSpec(
        "learning rate \u03b1 vs hidden units",
        Space(learning_rate=LogUniform(1e-4, 1.0), hidden_units=IntUniform(2, 64)),
        {"optimizer": "adam"},
        "Adam; width of both hidden layers, sampled uniformly"),
}

#: Data sets a trial may train on (2-D toys: each trial takes a fraction of a second).
DATASETS = ("spiral", "moons", "circles", "xor")
#: The comparison arms, in the order they are interleaved.
ARMS = ("grid", "random", "quasi_random")
OBJECTIVES = ("real", "synthetic")


def _fail(name: str, value: Any, allowed: str) -> ValueError:
    return ValueError(f"{name}={value!r} is out of range: {allowed}")


@dataclass(frozen=True)
class SearchConfig:
    """Everything that defines a search; a new one starts the search afresh.

    Parameters
    ----------
    pair : str
        Key of :data:`PAIRS`.
    sampler : str
        Sampler of the coarse-to-fine search: 'random', 'grid', 'quasi_random'.
    budget : int
        Trials per round (a grid uses the largest k x k that fits).
    steps : int
        Training steps of each real trial.
    dataset : str
        Data the trials train on (a data-shift round may use another).
    objective : str
        'real' (``train_trial``: every trial trains the engine) or
        'synthetic' (analytic, instant, labelled SYNTHETIC wherever shown).
    seed : int
        Seeds the samplers and every trial's data and initialization.
    compare : bool
        Also run the grid / random / quasi-random comparison arms (H2).
    """

    pair: str = "lr_eps"
    sampler: str = "random"
    budget: int = 25
    steps: int = 300
    dataset: str = "spiral"
    objective: str = "real"
    seed: int = 0
    compare: bool = True

    def __post_init__(self) -> None:
        if self.pair not in PAIRS:
            raise _fail("pair", self.pair, f"choose one of {', '.join(PAIRS)}")
        if self.sampler not in ARMS:
            raise _fail("sampler", self.sampler, f"choose one of {', '.join(ARMS)}")
        if not isinstance(self.budget, int) or not 4 <= self.budget <= 400:
            raise _fail("budget", self.budget, "allowed 4..400 trials")
        if not isinstance(self.steps, int) or not 10 <= self.steps <= 5000:
            raise _fail("steps", self.steps, "allowed 10..5000 steps")
        if self.dataset not in DATASETS:
            raise _fail("dataset", self.dataset, f"choose one of {', '.join(DATASETS)}")
        if self.objective not in OBJECTIVES:
            raise _fail("objective", self.objective, f"choose one of {', '.join(OBJECTIVES)}")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**31:
            raise _fail("seed", self.seed, "allowed 0..2**31-1")

    @property
    def synthetic(self) -> bool:
        return self.objective == "synthetic"

    @property
    def spec(self) -> PairSpec:
        return PAIRS[self.pair]


def objective_for(cfg: SearchConfig, dataset: str | None = None) -> Callable[[dict, int], Mapping[str, Any]]:
    """The picklable objective of a trial: ``train_trial`` bound to steps and data, or the SYNTHETIC one."""
    if cfg.synthetic:
        return synthetic_objective
    return functools.partial(train_trial, steps=cfg.steps, dataset=dataset or cfg.dataset, curve_points=10)


def describe_objective(cfg: SearchConfig, dataset: str | None = None) -> str:
    """One line saying what a trial is (shown above the plots)."""
    if cfg.synthetic:
        return "SYNTHETIC objective: an analytic score of \u03b1 only, no training"
    opt = cfg.spec.fixed.get("optimizer", "adam")
    return f"each trial = a real training run: {cfg.steps} steps of {opt} on '{dataset or cfg.dataset}', score = validation accuracy"


# --------------------------------------------------------------------------------------------
# snapshot


def _ro(a: Any, dtype: Any = float) -> np.ndarray:
    arr = np.array(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class TrialTable:
    """Finished trials as columns (one row per trial, finishing order).

    ``x``/``y`` are the values, ``ax``/``ay`` the displayed axis coordinates
    (``log10`` for log scales, ``log10(1 - beta)`` for betas); ``score`` is
    nan for diverged and failed trials.
    """

    keys: tuple[Key, ...]
    round: np.ndarray
    x: np.ndarray
    y: np.ndarray
    ax: np.ndarray
    ay: np.ndarray
    score: np.ndarray
    status: tuple[str, ...]
    params: tuple[dict, ...]
    messages: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def ok(self) -> np.ndarray:
        return np.array([s == "ok" for s in self.status], dtype=bool)


def _table(space: Space, rows: Sequence[tuple[Key, int, TrialResult]]) -> TrialTable:
    xn, yn = space.names
    x = [r.params[xn] for _, _, r in rows]
    y = [r.params[yn] for _, _, r in rows]
    return TrialTable(
        keys=tuple(k for k, _, _ in rows),
        round=_ro([i for _, i, _ in rows], np.int64),
        x=_ro(x), y=_ro(y),
        ax=_ro(space[xn].to_axis(x) if rows else []), ay=_ro(space[yn].to_axis(y) if rows else []),
        score=_ro([r.score for _, _, r in rows]),
        status=tuple(r.status for _, _, r in rows),
        params=tuple(dict(r.params) for _, _, r in rows),
        messages=tuple(r.message for _, _, r in rows),
    )


def _best(rows: Sequence[tuple[Key, int, TrialResult]]) -> tuple[float, dict | None, Key | None]:
    best, params, key = math.nan, None, None
    for k, _, r in rows:
        if r.ok and not r.score <= best:   # nan-safe: the first finite score wins over nan
            best, params, key = r.score, dict(r.params), k
    return best, params, key


@dataclass(frozen=True)
class RoundInfo:
    """One coarse-to-fine round: where it sampled and how it went."""

    index: int
    parent: int | None
    sampler: str
    dataset: str
    n_total: int
    n_done: int
    axis_range: dict[str, tuple[float, float]]
    best_score: float
    best_params: dict | None
    shifted_from: str | None   # the data set of the round it re-ran (a data-shift round)


@dataclass(frozen=True)
class ArmSummary:
    """One comparison arm (grid, random or quasi-random) with its budget."""

    name: str
    n_total: int
    n_done: int
    distinct: dict[str, int]      # distinct values tried (finished trials) per parameter
    planned_distinct: dict[str, int]
    best_score: float
    best_params: dict | None
    table: TrialTable


@dataclass(frozen=True)
class ScaleDemo:
    """1000 samples drawn uniformly vs on the right scale (H4, H5), and the 1/(1-beta) curve."""

    n: int
    lr_range: tuple[float, float]
    lr_edges: np.ndarray                 # histogram edges in log10(lr)
    lr_uniform: np.ndarray               # counts per bin
    lr_log: np.ndarray
    lr_uniform_decades: tuple[tuple[float, float, int], ...]
    lr_log_decades: tuple[tuple[float, float, int], ...]
    beta_range: tuple[float, float]
    beta_edges: np.ndarray               # edges in log10(1 - beta)
    beta_uniform: np.ndarray
    beta_log: np.ndarray
    beta_uniform_decades: tuple[tuple[float, float, int], ...]   # decades of 1 - beta
    beta_log_decades: tuple[tuple[float, float, int], ...]
    window_beta: np.ndarray
    window: np.ndarray                   # 1 / (1 - beta)
    intervals: tuple[tuple[float, float, float, float], ...]     # (beta0, beta1, window0, window1)


def scale_demo(seed: int, n: int = 1000, bins: int = 40) -> ScaleDemo:
    """Draw the H4/H5 samples with the search library's own dimensions."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 4]))
    lo, hi = 1e-4, 1.0
    lr_u = Uniform(lo, hi).sample(rng, n)
    lr_l = LogUniform(lo, hi).sample(rng, n)
    lr_edges = np.linspace(math.log10(lo), math.log10(hi), bins + 1)
    b0, b1 = 0.9, 0.999
    be_u = Uniform(b0, b1).sample(rng, n)
    be_l = OneMinusLogUniform(b0, b1).sample(rng, n)
    dim = OneMinusLogUniform(b0, b1)
    be_edges = np.linspace(dim.axis_lo, dim.axis_hi, bins + 1)
    wb = np.linspace(0.9, 0.9995, 600)
    intervals = tuple((a, b, float(averaging_window(a)), float(averaging_window(b)))
                      for a, b in ((0.9, 0.9005), (0.999, 0.9995)))
    return ScaleDemo(
        n=n, lr_range=(lo, hi), lr_edges=_ro(lr_edges),
        lr_uniform=_ro(np.histogram(np.log10(lr_u), lr_edges)[0], np.int64),
        lr_log=_ro(np.histogram(np.log10(lr_l), lr_edges)[0], np.int64),
        lr_uniform_decades=tuple(decade_counts(lr_u, lo, hi)), lr_log_decades=tuple(decade_counts(lr_l, lo, hi)),
        beta_range=(b0, b1), beta_edges=_ro(be_edges),
        beta_uniform=_ro(np.histogram(dim.to_axis(be_u), be_edges)[0], np.int64),
        beta_log=_ro(np.histogram(dim.to_axis(be_l), be_edges)[0], np.int64),
        beta_uniform_decades=tuple(decade_counts(1 - be_u, 1 - b1, 1 - b0)),
        beta_log_decades=tuple(decade_counts(1 - be_l, 1 - b1, 1 - b0)),
        window_beta=_ro(wb), window=_ro(averaging_window(wb)), intervals=intervals)


@dataclass(frozen=True)
class SearchSnapshot:
    """Everything the search lab draws; immutable, safe to hand to any panel."""

    config: SearchConfig
    generation: int
    names: tuple[str, str]
    scales: tuple[str, str]
    full_range: dict[str, tuple[float, float]]       # axis coordinates of the whole space
    main: TrialTable                                 # finished trials of every round
    rounds: tuple[RoundInfo, ...]
    current_round: int
    best_score: float                                # best on the current round's data
    best_params: dict | None
    best_key: Key | None
    stale_best: dict | None      # after a data shift: the old best's params, its old and new score
    arms: dict[str, ArmSummary]
    best_so_far: dict[str, np.ndarray]               # curve name -> best score after 1..n trials
    scales_demo: ScaleDemo
    n_done: int
    n_total: int
    n_running: int
    n_queued: int
    objective_text: str
    last_error: str

    @property
    def synthetic(self) -> bool:
        return self.config.synthetic


# --------------------------------------------------------------------------------------------
# session


def _seed_for(seed: int, *salt: int) -> int:
    return int(np.random.SeedSequence([seed, *salt]).generate_state(1)[0])


@dataclass
class _Job:
    key: Key
    params: dict
    dataset: str


class SearchSession:
    """The state of one search (pure: no threads, no Qt, no executor).

    Trials are identified by keys ``(generation, arm, round, index)``: arm is
    'main' for the coarse-to-fine rounds or one of :data:`ARMS`. A reset
    bumps the generation, so a result of a trial from before the reset is
    recognized and dropped.
    """

    def __init__(self, cfg: SearchConfig = SearchConfig(), generation: int = 0) -> None:
        self.cfg = cfg
        self.generation = generation
        self.priority = "main"
        self.last_error = ""
        self._demo: ScaleDemo | None = None
        self.start()

    # ---------------------------------------------------------------- building
    def start(self, cfg: SearchConfig | None = None) -> None:
        """Forget everything and plan round 0 (and the comparison arms) of ``cfg``."""
        if cfg is not None:
            if self._demo is not None and cfg.seed != self.cfg.seed:
                self._demo = None
            self.cfg = cfg
        self.generation += 1
        self.history = ZoomHistory()
        self.round_data: dict[int, str] = {}
        self.round_shift: dict[int, str] = {}
        self.jobs: dict[Key, _Job] = {}
        self.results: dict[Key, TrialResult] = {}
        self.running: set[Key] = set()
        self.queues: dict[str, list[Key]] = {"main": [], "compare": []}
        self.arm_keys: dict[str, list[Key]] = {}
        self.last_error = ""
        cfg = self.cfg
        r0 = self.history.start(cfg.spec.space, cfg.sampler, cfg.budget, _seed_for(cfg.seed, 0))
        self.round_data[0] = cfg.dataset
        self.queues["main"] = self._plan_round(r0.index)
        if cfg.compare:
            per_arm = []
            for j, arm in enumerate(ARMS):
                trials = sample(cfg.spec.space, arm, cfg.budget, _seed_for(cfg.seed, 1, j))
                keys = [self._add(("arm", arm, i), t, cfg.dataset) for i, t in enumerate(trials)]
                self.arm_keys[arm] = keys
                per_arm.append(keys)
            # interleave the arms so the side-by-side scatters fill at the same pace
            longest = max(len(k) for k in per_arm)
            self.queues["compare"] = [ks[i] for i in range(longest) for ks in per_arm if i < len(ks)]

    def _add(self, tag: tuple, params: Mapping[str, Any], dataset: str) -> Key:
        key = (self.generation, *tag)
        self.jobs[key] = _Job(key, {**params, **self.cfg.spec.fixed}, dataset)
        return key

    def _plan_round(self, index: int) -> list[Key]:
        r = self.history[index]
        return [self._add(("main", index, i), t, self.round_data[index]) for i, t in enumerate(r.trials)]

    def zoom(self, axis_rect: Mapping[str, tuple[float, float]]) -> int:
        """Sample the next round inside ``axis_rect`` (displayed axis coordinates); it runs first.

        Raises ``ValueError`` (history unchanged) when the rectangle misses the current round's space.
        """
        parent = self.history.current
        r = self.history.zoom(axis_rect, n=self.cfg.budget, seed=_seed_for(self.cfg.seed, 2, len(self.history)))
        self.round_data[r.index] = self.round_data[parent.index]
        self.queues["main"][:0] = self._plan_round(r.index)
        return r.index

    def back_to(self, index: int) -> None:
        """Make an earlier round current: the view returns to it, the next zoom branches from it."""
        self.history.back_to(index)

    def shift_data(self, dataset: str) -> int:
        """H6: re-run the current round's very trials on other data as a new round; it runs first."""
        if dataset not in DATASETS:
            raise _fail("dataset", dataset, f"choose one of {', '.join(DATASETS)}")
        parent = self.history.current
        if dataset == self.round_data[parent.index]:
            raise _fail("dataset", dataset, f"round {parent.index} already trains on it: pick other data")
        r = self.history.zoom({}, n=parent.n, seed=parent.seed, sampler=parent.sampler)
        self.round_data[r.index] = dataset
        self.round_shift[r.index] = self.round_data[parent.index]
        self.queues["main"][:0] = self._plan_round(r.index)
        return r.index

    def set_priority(self, which: str) -> None:
        """Which queue hands out trials first: 'main' (scatter) or 'compare' (grid vs random)."""
        if which not in self.queues:
            raise _fail("priority", which, "choose 'main' or 'compare'")
        self.priority = which

    # ------------------------------------------------------------ saving
    def to_state(self) -> dict[str, Any]:
        """The rounds and the finished trials as plain JSON (for session files; never pickle).

        ``{"rounds": ZoomHistory.to_json() (each round also with its "dataset" and
        "shifted_from"), "trials": [{"arm", "round" (main rounds only), "index",
        "result": TrialResult.to_json()}, ...]}``. Queued and running trials are left
        out: a restored search runs them on Play.
        """
        rounds = self.history.to_json()
        for r in rounds["rounds"]:
            r["dataset"] = self.round_data[r["index"]]
            r["shifted_from"] = self.round_shift.get(r["index"])
        trials = []
        order = sorted(self.results, key=lambda k: (k[1] != "main", k[2] if k[1] == "main" else -1, str(k[2]), k[3]))
        for k in order:
            entry: dict[str, Any] = {"arm": "main", "round": k[2]} if k[1] == "main" else {"arm": k[2]}
            entry["index"] = k[3]
            entry["result"] = self.results[k].to_json()
            trials.append(entry)
        return {"rounds": rounds, "trials": trials}

    @classmethod
    def restored(cls, cfg: SearchConfig, state: Mapping[str, Any], generation: int = 0) -> SearchSession:
        """A new session of ``cfg`` with :meth:`to_state`'s rounds and finished trials.

        Nothing is re-run: the trials found in ``state`` are finished, the others are queued.
        Raises ``ValueError`` naming the bad field (``rounds.rounds[1].space``,
        ``trials[3].result.score``, ...).
        """
        s = cls(cfg, generation)
        s._restore(state)
        return s

    def _restore(self, state: Mapping[str, Any]) -> None:
        if not isinstance(state, Mapping):
            raise ValueError("search state: expected an object")
        bad = sorted(set(state) - {"rounds", "trials"})
        if bad:
            raise ValueError(f"{bad[0]}: unknown field; allowed: rounds, trials")
        if state.get("rounds") is not None:
            history, data, shift = _check_rounds(self.cfg, state["rounds"])
            # the saved rounds replace the planned ones (round 0 included: it was planned the same way)
            for k in [k for k in self.jobs if k[1] == "main"]:
                del self.jobs[k]
            self.history, self.round_data, self.round_shift = history, data, shift
            self.queues["main"] = []
            for r in reversed(history.rounds):      # the newest round first, as after a zoom
                self.queues["main"].extend(self._plan_round(r.index))
        results = _check_trials(self, state.get("trials", []))
        done = set(results)
        for q in self.queues:
            self.queues[q] = [k for k in self.queues[q] if k not in done]
        self.results = results

    # --------------------------------------------------------------- running
    def take(self, n: int) -> list[_Job]:
        """Up to ``n`` queued trials, the preferred queue first; they count as running."""
        order = [self.priority] + [q for q in self.queues if q != self.priority]
        out: list[_Job] = []
        for q in order:
            while self.queues[q] and len(out) < n:
                key = self.queues[q].pop(0)
                self.running.add(key)
                out.append(self.jobs[key])
        return out

    def record(self, key: Key, result: TrialResult) -> bool:
        """Store a finished trial; False when it belongs to an older generation (dropped)."""
        if key not in self.jobs or key in self.results:
            return False
        self.running.discard(key)
        self.results[key] = result
        if result.status == "failed":
            self.last_error = result.message
        return True

    def requeue(self, keys: Sequence[Key]) -> None:
        """Trials cancelled before they started go back to the front of their queue."""
        for key in reversed(list(keys)):
            if key in self.running and key not in self.results:
                self.running.discard(key)
                self.queues["main" if key[1] == "main" else "compare"].insert(0, key)

    def requeue_all_running(self) -> None:
        """After the executor was lost: every running trial will be asked for again."""
        self.requeue(sorted(self.running, key=lambda k: k[1:]))

    @property
    def n_queued(self) -> int:
        return sum(len(q) for q in self.queues.values())

    @property
    def n_running(self) -> int:
        return len(self.running)

    @property
    def finished(self) -> bool:
        return not self.running and not self.n_queued

    def objective(self, dataset: str) -> Callable[[dict, int], Mapping[str, Any]]:
        return objective_for(self.cfg, dataset)

    # --------------------------------------------------------------- snapshot
    @property
    def demo(self) -> ScaleDemo:
        if self._demo is None:
            self._demo = scale_demo(self.cfg.seed)
        return self._demo

    def _rows(self, keys: Sequence[Key]) -> list[tuple[Key, int, TrialResult]]:
        # trial order, not finishing order: the snapshot (and which of tied trials is "best")
        # must not depend on which worker was faster
        done = sorted((k for k in keys if k in self.results), key=lambda k: k[2:])
        return [(k, k[2] if k[1] == "main" else 0, self.results[k]) for k in done]

    def _best_so_far(self) -> dict[str, np.ndarray]:
        def running_max(keys: Sequence[Key]) -> np.ndarray:
            out, best = [], math.nan
            for k in keys:               # the prefix of finished trials, in trial order
                r = self.results.get(k)
                if r is None:
                    break
                if r.ok and not r.score <= best:
                    best = r.score
                out.append(best)
            return _ro(out)

        curves: dict[str, np.ndarray] = {}
        if "grid" in self.arm_keys:
            grid = self.arm_keys["grid"]
            curves["grid, natural order"] = running_max(grid)
            perm = np.random.default_rng(_seed_for(self.cfg.seed, 3)).permutation(len(grid))
            # the shuffled order needs no new run: the finished grid trials, reordered
            curves["grid, shuffled"] = running_max([grid[i] for i in perm if grid[i] in self.results])
            curves["random"] = running_max(self.arm_keys["random"])
            curves["quasi-random (Sobol)"] = running_max(self.arm_keys["quasi_random"])
        return curves

    def snapshot(self) -> SearchSnapshot:
        cfg, space = self.cfg, self.cfg.spec.space
        names = space.names
        main_keys = [k for k in self.results if k[1] == "main"]
        main_rows = self._rows(main_keys)
        cur = self.history.current
        cur_data = self.round_data[cur.index]
        rounds = []
        for r in self.history:
            rows = [row for row in main_rows if row[1] == r.index]
            b, bp, _ = _best(rows)
            rounds.append(RoundInfo(
                index=r.index, parent=r.parent, sampler=r.sampler, dataset=self.round_data[r.index],
                n_total=len(r.trials), n_done=len(rows),
                axis_range={n: (r.space[n].axis_lo, r.space[n].axis_hi) for n in names},
                best_score=b, best_params=bp, shifted_from=self.round_shift.get(r.index)))
        # the scatter shows the rounds trained on the current round's data (after a data shift
        # the old scores would be meaningless colours on the same points)
        same_data = [row for row in main_rows if self.round_data[row[1]] == cur_data]
        best, best_params, best_key = _best(same_data)
        stale = None
        if cur.index in self.round_shift and cur.parent is not None:
            # the shift round re-ran its parent's trials in the same order, so the parent's
            # best has a twin with the same index: its score on the new data
            ob, obp, okey = _best([row for row in main_rows if row[1] == cur.parent])
            if obp is not None:
                twin = next((row for row in main_rows if row[1] == cur.index and row[0][3] == okey[3]), None)
                stale = {"params": obp, "axis": tuple(float(space[n].to_axis(obp[n])) for n in names),
                         "old_score": ob, "old_data": self.round_shift[cur.index],
                         "new_score": twin[2].score if twin else math.nan, "new_data": cur_data,
                         "round": cur.parent}
        arms = {}
        for arm, keys in self.arm_keys.items():
            rows = self._rows(keys)
            b, bp, _ = _best(rows)
            planned = [self.jobs[k].params for k in keys]
            arms[arm] = ArmSummary(
                name=arm, n_total=len(keys), n_done=len(rows),
                distinct={n: c for n, c in distinct_counts([r.params for _, _, r in rows]).items() if n in names},
                planned_distinct={n: c for n, c in distinct_counts(planned).items() if n in names},
                best_score=b, best_params=bp, table=_table(space, rows))
        n_total = len(self.jobs)
        return SearchSnapshot(
            config=cfg, generation=self.generation, names=names,
            scales=tuple(space[n].scale for n in names),
            full_range={n: (space[n].axis_lo, space[n].axis_hi) for n in names},
            main=_table(space, same_data), rounds=tuple(rounds), current_round=cur.index,
            best_score=best, best_params=best_params, best_key=best_key, stale_best=stale,
            arms=arms, best_so_far=self._best_so_far(), scales_demo=self.demo,
            n_done=len(self.results), n_total=n_total, n_running=self.n_running, n_queued=self.n_queued,
            objective_text=describe_objective(cfg) + (f"; round {cur.index} re-runs on '{cur_data}'"
                                                      if cur_data != cfg.dataset and not cfg.synthetic else ""),
            last_error=self.last_error)


#: Size limits of a restored search (a session file is untrusted input).
MAX_TRIALS = 10_000
MAX_ROUNDS = 200
MAX_CURVE = 10_000
MAX_TEXT = 20_000


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_rounds(cfg: SearchConfig, d: Any) -> tuple[ZoomHistory, dict[int, str], dict[int, str]]:
    """Validate a saved ``ZoomHistory`` (plus datasets); ValueError naming the field."""
    if not isinstance(d, Mapping):
        raise ValueError("rounds: expected an object")
    bad = sorted(set(d) - {"schema", "current", "rounds"})
    if bad:
        raise ValueError(f"rounds.{bad[0]}: unknown field; allowed: schema, current, rounds")
    if d.get("schema", ZOOM_SCHEMA) != ZOOM_SCHEMA:
        raise ValueError(f"rounds.schema={d.get('schema')!r} is not supported: expected {ZOOM_SCHEMA}")
    rounds = d.get("rounds")
    if not isinstance(rounds, list) or not 1 <= len(rounds) <= MAX_ROUNDS:
        raise ValueError(f"rounds.rounds: expected a list of 1..{MAX_ROUNDS} rounds")
    names = cfg.spec.space.names
    data: dict[int, str] = {}
    shift: dict[int, str] = {}
    for i, rd in enumerate(rounds):
        where = f"rounds.rounds[{i}]"
        if not isinstance(rd, Mapping):
            raise ValueError(f"{where}: expected an object")
        try:
            r = ZoomRound.from_json(rd)
        except KeyError as exc:
            raise ValueError(f"{where}.{exc.args[0]}: missing") from None
        except (TypeError, ValueError, AttributeError, IndexError) as exc:
            raise ValueError(f"{where}: {exc}") from None
        if r.index != i:
            raise ValueError(f"{where}.index={r.index!r}: expected {i}")
        if i == 0 and r.parent is not None or i > 0 and not (isinstance(r.parent, int) and 0 <= r.parent < i):
            raise ValueError(f"{where}.parent={r.parent!r} is out of range: a round zooms into an earlier one")
        if r.space.names != names:
            raise ValueError(f"{where}.space: explores {list(r.space.names)}, the config's pair explores {list(names)}")
        if not 1 <= len(r.trials) <= 400:
            raise ValueError(f"{where}.trials: expected 1..400 trials, got {len(r.trials)}")
        for j, t in enumerate(r.trials):
            for n in names:
                v, dim = t.get(n), r.space[n]
                ok = v in dim.values if dim.scale == "choice" else _is_num(v) and math.isfinite(v)
                if not ok:
                    raise ValueError(f"{where}.trials[{j}].{n}={v!r}: expected a value of the round's space")
        ds = rd.get("dataset", cfg.dataset if i == 0 else data.get(r.parent))
        if ds not in DATASETS:
            raise ValueError(f"{where}.dataset={ds!r} is not allowed: choose one of {', '.join(DATASETS)}")
        data[i] = ds
        sf = rd.get("shifted_from")
        if sf is not None:
            if sf not in DATASETS:
                raise ValueError(f"{where}.shifted_from={sf!r} is not allowed: choose one of {', '.join(DATASETS)}")
            shift[i] = sf
    cur = d.get("current")
    if not isinstance(cur, int) or isinstance(cur, bool) or not 0 <= cur < len(rounds):
        raise ValueError(f"rounds.current={cur!r} is out of range: allowed 0..{len(rounds) - 1}")
    return ZoomHistory.from_json(d), data, shift


_RESULT_FIELDS = ("trial_id", "params", "score", "curve", "status", "message", "wall_time")


def _check_result(where: str, d: Any, names: Sequence[str]) -> TrialResult:
    if not isinstance(d, Mapping):
        raise ValueError(f"{where}: expected an object")
    bad = sorted(set(d) - set(_RESULT_FIELDS))
    if bad:
        raise ValueError(f"{where}.{bad[0]}: unknown field; allowed: {', '.join(_RESULT_FIELDS)}")
    tid = d.get("trial_id", -1)
    if not isinstance(tid, int) or isinstance(tid, bool):
        raise ValueError(f"{where}.trial_id={tid!r}: expected an integer")
    params = d.get("params")
    if not isinstance(params, Mapping) or len(params) > 100:
        raise ValueError(f"{where}.params: expected an object of at most 100 values")
    for k, v in params.items():
        if not (v is None or isinstance(v, (str, bool)) or _is_num(v)):
            raise ValueError(f"{where}.params.{k}={v!r}: expected a number, a string or a boolean")
    for n in names:
        if not _is_num(params.get(n)) and not isinstance(params.get(n), str):
            raise ValueError(f"{where}.params.{n}={params.get(n)!r}: expected the trial's value")
    score = d.get("score")
    if score is not None and not _is_num(score):
        raise ValueError(f"{where}.score={score!r}: expected a number or null")
    curve = d.get("curve", [])
    if not isinstance(curve, list) or len(curve) > MAX_CURVE:
        raise ValueError(f"{where}.curve: expected a list of at most {MAX_CURVE} numbers")
    for j, c in enumerate(curve):
        if c is not None and not _is_num(c):
            raise ValueError(f"{where}.curve[{j}]={c!r}: expected a number or null")
    status = d.get("status", "ok")
    if status not in STATUSES:
        raise ValueError(f"{where}.status={status!r} is not allowed: choose one of {', '.join(STATUSES)}")
    msg = d.get("message", "")
    if not isinstance(msg, str) or len(msg) > MAX_TEXT:
        raise ValueError(f"{where}.message: expected a text of at most {MAX_TEXT} characters")
    wall = d.get("wall_time", 0.0)
    if not _is_num(wall) or not 0 <= wall < math.inf:
        raise ValueError(f"{where}.wall_time={wall!r}: expected a finite number >= 0")
    return TrialResult.from_json({**d, "trial_id": tid})


def _check_trials(s: SearchSession, trials: Any) -> dict[Key, TrialResult]:
    """Validate saved finished trials against the session's planned trials; ValueError naming the field."""
    if not isinstance(trials, list):
        raise ValueError("trials: expected a list")
    if len(trials) > MAX_TRIALS:
        raise ValueError(f"trials: {len(trials)} trials; a session holds at most {MAX_TRIALS}")
    names = s.cfg.spec.space.names
    out: dict[Key, TrialResult] = {}
    for i, t in enumerate(trials):
        where = f"trials[{i}]"
        if not isinstance(t, Mapping):
            raise ValueError(f"{where}: expected an object")
        bad = sorted(set(t) - {"arm", "round", "index", "result"})
        if bad:
            raise ValueError(f"{where}.{bad[0]}: unknown field; allowed: arm, round, index, result")
        arm, index = t.get("arm"), t.get("index")
        if arm == "main":
            rnd = t.get("round")
            if not isinstance(rnd, int) or isinstance(rnd, bool) or not 0 <= rnd < len(s.history):
                raise ValueError(f"{where}.round={rnd!r} is out of range: allowed 0..{len(s.history) - 1}")
            key: Key = (s.generation, "main", rnd, index)
        elif arm in ARMS:
            if arm not in s.arm_keys:
                raise ValueError(f"{where}.arm={arm!r}: the config does not compare grid and random")
            key = (s.generation, "arm", arm, index)
        else:
            raise ValueError(f"{where}.arm={arm!r} is not allowed: choose main or one of {', '.join(ARMS)}")
        if not isinstance(index, int) or isinstance(index, bool) or key not in s.jobs:
            raise ValueError(f"{where}.index={index!r}: no such trial in its round or arm")
        if key in out:
            raise ValueError(f"{where}: the same trial is listed twice")
        out[key] = _check_result(f"{where}.result", t.get("result"), names)
    return out


def grid_shape(budget: int) -> int:
    """Points per axis of the comparison grid for ``budget`` trials over 2 parameters."""
    return grid_per_axis(budget, 2)


# --------------------------------------------------------------------------------------------
# worker


class SearchWorker(QObject):
    """Run trials on an executor and stream their results to the GUI thread.

    Parameters
    ----------
    executor_factory : callable, optional
        Makes the executor, on the worker thread, at the first submission
        (e.g. ``lambda: dask_executor("tcp://host:8786")``). Default: the
        runner's default local process pool (one worker per core,
        forkserver). The executor is owned: :meth:`shutdown` shuts it down.
    max_workers : int, optional
        Workers of the default pool.

    Signals
    -------
    result(key, TrialResult)
        One finished trial (the key given to :meth:`submit`).
    cancelled(list of keys)
        Trials cancelled before they started.
    error(str)
        The executor could not be created; the affected trials come back as
        'failed' results.
    idle()
        Every submitted trial is accounted for; the worker thread has ended.
    """

    result = Signal(object, object)
    cancelled = Signal(object)
    error = Signal(str)
    idle = Signal()

    def __init__(self, executor_factory: ExecutorFactory | None = None, max_workers: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = executor_factory
        self.max_workers = max_workers or os.cpu_count() or 1
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = False
        self._stop = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._runner: TrialRunner | None = None
        self._executor: Executor | None = None
        self._ids: dict[int, Key] = {}
        self._cancel_seen = 0
        self._worker: GeneratorWorker | None = None
        self._workers: set[GeneratorWorker] = set()
        self._token = 0             # which _stream is the current one
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.in_flight = 0          # submitted and not yet reported (GUI-thread count)

    # ----------------------------------------------------------------- GUI side
    @property
    def busy(self) -> bool:
        return self._running

    def set_executor_factory(self, factory: ExecutorFactory | None) -> None:
        """Use ``factory`` for the next executor; the current one is shut down once idle."""
        self._factory = factory
        self._inbox.put(("replace", None))
        self._ensure_running()

    def submit(self, objective: Callable, items: Sequence[tuple[Key, dict]], seed: int) -> None:
        """Queue ``items`` (key, params) with ``objective``; returns at once."""
        if not items or self._stop.is_set():
            return
        self.in_flight += len(items)
        self._inbox.put(("submit", (objective, list(items), int(seed))))
        self._ensure_running()

    def cancel(self) -> None:
        """Cancel every trial not started yet (the running ones finish and are still reported)."""
        # drop batches the worker thread has not submitted yet
        dropped: list[Key] = []
        kept = []
        while True:
            try:
                cmd = self._inbox.get_nowait()
            except queue.Empty:
                break
            if cmd[0] == "submit":
                dropped.extend(k for k, _ in cmd[1][1])
            else:
                kept.append(cmd)
        for cmd in kept:
            self._inbox.put(cmd)
        runner = self._runner
        if runner is not None:
            runner.cancel()   # thread-safe; the worker thread reports the ids
        if dropped:
            self.in_flight -= len(dropped)
            self.cancelled.emit(dropped)

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Cancel pending trials, end the worker thread, shut the executor down (without waiting)."""
        self._stop.set()
        self.cancel()
        if self._worker is not None:
            self._worker.quit()
        ok = self._done.wait(timeout)
        self._pool.waitForDone(max(0, int(timeout * 1000)))
        self._close_executor()
        return ok

    def _ensure_running(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
            self._done.clear()
            self._token += 1
            token = self._token
        w = GeneratorWorker(self._stream, token)
        w.yielded.connect(self._on_yield)
        w.finished.connect(lambda w=w: self._on_finished(w))
        self._worker = w
        self._workers.add(w)     # keep the Python wrapper alive while the pool runs it
        self._pool.start(w)

    def _on_yield(self, item: tuple) -> None:
        kind, payload = item
        if kind == "result":
            self.in_flight -= 1
            self.result.emit(*payload)
        elif kind == "cancelled":
            self.in_flight -= len(payload)
            self.cancelled.emit(payload)
        elif kind == "error":
            self.error.emit(payload)

    def _on_finished(self, w: GeneratorWorker) -> None:
        self._workers.discard(w)
        if self._worker is w:
            self._worker = None
        if not self._stop.is_set():
            if self._running:           # a batch arrived while the thread was ending
                return
            self.idle.emit()

    # ------------------------------------------------------------ worker side
    def _make_executor(self) -> Executor:
        if self._factory is not None:
            return self._factory()
        return default_executor(self.max_workers)

    def _close_executor(self) -> None:
        ex, self._executor, self._runner = self._executor, None, None
        if ex is not None:
            try:
                ex.shutdown(wait=False, cancel_futures=True)
                client = getattr(ex, "_client", None)   # a Dask executor keeps its Client (see dask_executor)
                if client is not None:
                    client.close()
            except Exception:  # noqa: BLE001 - a lost cluster must not stop the app closing
                pass

    def _new_cancels(self) -> list[Key]:
        runner = self._runner
        if runner is None:
            return []
        ids = runner.cancelled_ids[self._cancel_seen:]
        self._cancel_seen += len(ids)
        return [self._ids.pop(i) for i in ids if i in self._ids]

    def _drain(self, block: bool) -> list[tuple]:
        """Apply queued commands on the worker thread; returns what to yield."""
        out: list[tuple] = []
        try:
            cmd = self._inbox.get(timeout=0.05) if block else self._inbox.get_nowait()
        except queue.Empty:
            return out
        while cmd is not None:
            kind, arg = cmd
            if kind == "replace":
                if self._runner is None or self._runner.n_pending == 0:
                    self._close_executor()
                    self._ids.clear()
                    self._cancel_seen = 0
            elif kind == "submit" and not self._stop.is_set():
                objective, items, seed = arg
                if self._runner is None:
                    try:
                        self._executor = self._make_executor()
                    except Exception as exc:  # noqa: BLE001 - e.g. no Dask scheduler there
                        msg = f"could not start the executor: {type(exc).__name__}: {exc}"
                        out.append(("error", msg))
                        out.extend(("result", (k, TrialResult.failed(-1, p, msg))) for k, p in items)
                        cmd = self._next()
                        continue
                    self._runner = TrialRunner(objective, self._executor)
                    self._cancel_seen = 0
                self._runner.objective = objective
                ids = self._runner.submit_all([p for _, p in items], seed)
                self._ids.update(zip(ids, (k for k, _ in items)))
            elif kind == "submit":
                out.append(("cancelled", [k for k, _ in arg[1]]))
            cmd = self._next()
        return out

    def _next(self) -> tuple | None:
        try:
            return self._inbox.get_nowait()
        except queue.Empty:
            return None

    def _stream(self, token: int):
        """The worker thread: submit what the GUI handed over, yield results as they finish."""
        try:
            while True:
                yield from self._drain(block=True)
                runner = self._runner
                if runner is not None and runner.n_pending and not self._stop.is_set():
                    for res in runner.results():
                        key = self._ids.pop(res.trial_id, None)
                        if key is not None:
                            yield ("result", (key, res))
                        gone = self._new_cancels()
                        if gone:
                            yield ("cancelled", gone)
                        if self._stop.is_set():
                            runner.cancel()
                        yield from self._drain(block=False)
                gone = self._new_cancels()
                if gone:
                    yield ("cancelled", gone)
                with self._lock:
                    idle = self._inbox.empty() and (self._runner is None or not self._runner.n_pending)
                    if idle or self._stop.is_set():
                        self._running = False
                        return
        finally:
            if self._stop.is_set():
                self._close_executor()
            with self._lock:
                if self._token == token:     # no newer stream was started meanwhile
                    self._running = False
                    self._done.set()


# --------------------------------------------------------------------------------------------
# bridge


class SearchBridge(TrainingBridge):
    """The toolbar's handle on a search (see the module docstring for what each command means).

    Everything runs on the GUI thread except the trials themselves (executor)
    and their submission (``SearchWorker``); frames are coalesced to ~15/s.
    """

    def __init__(self, cfg: SearchConfig = SearchConfig(), executor_factory: ExecutorFactory | None = None,
                 max_in_flight: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(lambda: None, parent)
        self._cfg = cfg
        self._session: SearchSession | None = None
        self._priority = "main"
        # the quasi-random arm needs scipy.stats (seconds to import on a busy machine): import it
        # in the background now, so neither the app's start nor the lab's first showing waits
        threading.Thread(target=_warm_imports, name="bnviz-search-imports", daemon=True).start()
        self.worker = SearchWorker(executor_factory, parent=self)
        self.worker.result.connect(self._on_result)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.error.connect(self._on_error_text)
        self.max_in_flight = max_in_flight or (64 if executor_factory is not None else 2 * self.worker.max_workers + 1)
        self._seq = 0
        self._notice = ""
        self._started = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # 15 frames a second: points appearing as trials finish need no more, and each frame
        # rebuilds the tables and redraws three plots on the GUI thread
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._emit_frame)
        self._rate_t0 = time.perf_counter()
        self._rate_n = 0
        self.rate = 0.0

    @property
    def session(self) -> SearchSession:
        """The search state, planned on first use (the lab's first showing), not at app start."""
        if self._session is None:
            self._session = SearchSession(self._cfg)
            self._session.set_priority(self._priority)
        return self._session

    # ------------------------------------------------------------ toolbar API
    def start(self) -> None:
        """Nothing runs until Play; draw the planned search (and the scale demo) at once."""
        self._started = True
        self._changed()

    def play(self) -> None:
        if self.session.finished:
            self._notice = "all trials done: zoom in, shift the data, or Reset (R)"
            self.playing = False
            self._changed()
            return
        self.playing = True
        self._pump()
        self._changed()

    def pause(self) -> None:
        self.playing = False
        self.worker.cancel()
        self._notice = "paused: trials already running finish; Play continues the rest"
        self._changed()

    def step(self, n: int = 1) -> None:
        """Run ``n`` more trials (without playing on)."""
        self._submit(self.session.take(n))
        self._changed()

    def step_epoch(self) -> None:
        """Run the rest of the search, like Play."""
        self.play()

    def reset(self) -> None:
        self._restart(None, "reset: the same search from the start")

    def configure(self, cfg: SearchConfig, **_options: Any) -> None:
        self._restart(cfg, "new search: the settings changed")

    def call(self, fn: Callable[[SearchSession], Any]) -> None:
        """Run ``fn(session)`` now (on the GUI thread: the session is the GUI thread's)."""
        fn(self.session)
        self._pump()
        self._changed()

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second   # trials run as fast as the executor allows

    def shutdown(self, timeout: float = 1.0) -> bool:
        self._closed = True
        self.playing = False
        self._timer.stop()
        ok = self.worker.shutdown(timeout)
        self.stopped.emit()
        return ok

    # -------------------------------------------------------------- search API
    def zoom(self, axis_rect: Mapping[str, tuple[float, float]]) -> int:
        """Sample the next round inside ``axis_rect`` and run it (it goes first)."""
        index = self.session.zoom(axis_rect)
        self._notice = f"round {index}: sampling inside the rectangle"
        self.play()
        return index

    def search_state(self) -> dict[str, Any]:
        """The search's rounds and finished trials (``SearchSession.to_state``); {} before the first showing."""
        return {} if self._session is None else self._session.to_state()

    def restore(self, cfg: SearchConfig, state: Mapping[str, Any]) -> None:
        """Replace the search with ``cfg`` and the saved rounds and trials (nothing re-runs).

        Raises ``ValueError`` naming the bad field before anything changes.
        """
        old = self._session
        new = SearchSession.restored(cfg, state, old.generation if old is not None else 0)
        if old is not None and old._demo is not None and old.cfg.seed == cfg.seed:
            new._demo = old._demo
        new.set_priority(self._priority)
        self.playing = False
        self.worker.cancel()          # old trials' keys belong to an older generation: dropped
        self._cfg = cfg
        self._session = new
        self._notice = (f"restored: {len(new.results)} finished trials, {len(new.history)} rounds"
                        + ("" if new.finished else "; Play runs the rest"))
        self._changed()

    def back_to(self, index: int) -> None:
        self.session.back_to(index)
        self._notice = f"back to round {index}: the next zoom starts from it"
        self._changed()

    def shift_data(self, dataset: str) -> int:
        index = self.session.shift_data(dataset)
        self._notice = f"round {index}: the same trials on the shifted data ('{dataset}')"
        self.play()
        return index

    def set_priority(self, which: str) -> None:
        self._priority = which
        if self._session is not None:
            self._session.set_priority(which)

    def set_executor_factory(self, factory: ExecutorFactory | None, max_in_flight: int | None = None) -> None:
        """Run trials on ``factory()``'s executor; ``max_in_flight`` trials are handed to it at a time.

        The default keeps a cluster busy (64) or the local pool (2 per worker + 1).
        """
        self.worker.set_executor_factory(factory)
        self.max_in_flight = max_in_flight or (64 if factory is not None else 2 * self.worker.max_workers + 1)

    # ----------------------------------------------------------------- inside
    def _restart(self, cfg: SearchConfig | None, notice: str) -> None:
        self.playing = False
        self.worker.cancel()
        if cfg is not None:
            self._cfg = cfg
        if self._session is not None:
            self._session.start(cfg)
        self._notice = notice
        self._changed()

    def _submit(self, jobs: Sequence[_Job]) -> None:
        by_data: dict[str, list[tuple[Key, dict]]] = {}
        for j in jobs:
            by_data.setdefault(j.dataset, []).append((j.key, j.params))
        for data, items in by_data.items():
            self.worker.submit(self.session.objective(data), items, self.session.cfg.seed)

    def _pump(self) -> None:
        if self._closed:
            return
        if self.playing:
            free = self.max_in_flight - self.session.n_running
            if free > 0:
                self._submit(self.session.take(free))
            if self.session.finished:
                self.playing = False
                self._notice = "search done: zoom in, or shift the data"

    def _on_result(self, key: Key, result: TrialResult) -> None:
        if self.session.record(key, result):
            self._rate_n += 1
        self._pump()
        self._changed()

    def _on_cancelled(self, keys: list) -> None:
        self.session.requeue(keys)
        self._pump()
        self._changed()

    def _on_error_text(self, text: str) -> None:
        self._notice = text
        self.playing = False
        self._changed()

    def _changed(self) -> None:
        if self._started and not self._closed and not self._timer.isActive():
            self._timer.start()

    def _emit_frame(self) -> None:
        now = time.perf_counter()
        if now - self._rate_t0 >= 1.0:
            self.rate, self._rate_t0, self._rate_n = self._rate_n / (now - self._rate_t0), now, 0
        snap = self.session.snapshot()
        self._seq += 1
        f = Frame(self._seq, snap, snap.n_done, snap.current_round, self.playing, 0.0, self._notice)
        self._notice = ""
        self.last_frame = f
        self.frame.emit(f)


FRAME_MS = 66


IMPORTS_WARM = threading.Event()   # set once the background imports are done (benchmarks wait for it)


def _warm_imports() -> None:
    try:
        import scipy.stats  # noqa: F401 - quasi_random_sample's qmc lives there
    except Exception:  # noqa: BLE001 - the sampler will report it when it is used
        pass
    IMPORTS_WARM.set()
    if gc.get_freeze_count():
        # the app froze its start-up objects (ui.application.keep_collector_short); freeze
        # these modules too, or every full collection walks scipy's ~28,000 objects (20 ms)
        gc.freeze()

