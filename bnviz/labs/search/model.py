"""The search lab's model (syllabus H1-H6): one search's state, pure NumPy, no Qt.

``SearchSession`` holds a search's settings (``SearchConfig``), the
coarse-to-fine rounds (``ZoomHistory``), the grid / random / quasi-random
comparison arms, which trials are queued, running and finished, and the
immutable ``SearchSnapshot`` the panels draw (scatter columns, distinct
counts, best-so-far curves, the sampling-scale demo).  It holds no thread
and no executor: ``bridge.SearchBridge`` runs its trials on an executor and
``headless.run_search`` runs them in order, without Qt, for export and checks.

The trials may train on a student's own points (File > Import data):
``dataset="custom"`` with the points in ``SearchConfig.points``, validated by
the engine's ``DataConfig`` rules and carried inside each trial's picklable
objective (``objective_for``) to the worker processes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bnviz.engine.data import CUSTOM, DataConfig
from bnviz.engine.snapshot import frozen
from bnviz.search.objective import synthetic_objective, train_trial, trial_data
from bnviz.search.runner import STATUSES, TrialResult, run_trial
from bnviz.search.samplers import distinct_counts, grid_per_axis, sample
from bnviz.search.spaces import (
    IntUniform,
    LogUniform,
    OneMinusLogUniform,
    Space,
    Uniform,
    averaging_window,
    decade_counts,
)
from bnviz.search.zoom import SCHEMA_VERSION as ZOOM_SCHEMA
from bnviz.search.zoom import ZoomHistory, ZoomRound

Key = Hashable

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
#: ... or the student's own points (``SearchConfig.points``); a data shift re-runs on one of ``DATASETS``
TRIAL_SETS = (*DATASETS, CUSTOM)
#: The comparison arms, in the order they are interleaved.
ARMS = ("grid", "random", "quasi_random")
OBJECTIVES = ("real", "synthetic")
TABS = ("search", "compare", "scales")


def shift_target(dataset: str) -> str:
    """H6's default 'new data': the hard spiral after an easy set (old ties break apart there)."""
    return "spiral" if dataset != "spiral" else "moons"


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
        Data the trials train on (a data-shift round may use another):
        one of :data:`DATASETS`, or ``custom`` for ``points``.
    objective : str
        'real' (``train_trial``: every trial trains the engine) or
        'synthetic' (analytic, instant, labelled SYNTHETIC wherever shown).
    seed : int
        Seeds the samplers and every trial's data and initialization.
    compare : bool
        Also run the grid / random / quasi-random comparison arms (H2).
    tab : str
        The tab on show (see :data:`TABS`); changing it does not restart the search.
    points : tuple of (float, float, int)
        The student's own 2-D points (``dataset="custom"``, File > Import data),
        checked by ``DataConfig``'s rules (finite, labels 0..5, at most 10,000,
        two classes at least); a generated ``dataset`` keeps them unused.
    """

    pair: str = "lr_eps"
    sampler: str = "random"
    budget: int = 25
    steps: int = 300
    dataset: str = "spiral"
    objective: str = "real"
    seed: int = 0
    compare: bool = True
    tab: str = "search"
    points: tuple[tuple[float, float, int], ...] = ()

    def __post_init__(self) -> None:
        if self.pair not in PAIRS:
            raise _fail("pair", self.pair, f"choose one of {', '.join(PAIRS)}")
        if self.sampler not in ARMS:
            raise _fail("sampler", self.sampler, f"choose one of {', '.join(ARMS)}")
        if not isinstance(self.budget, int) or not 4 <= self.budget <= 400:
            raise _fail("budget", self.budget, "allowed 4..400 trials")
        if not isinstance(self.steps, int) or not 10 <= self.steps <= 5000:
            raise _fail("steps", self.steps, "allowed 10..5000 steps")
        if self.dataset not in TRIAL_SETS:
            raise _fail("dataset", self.dataset, f"choose one of {', '.join(TRIAL_SETS)}")
        # the engine's rules, the same as every lab's hand-made set (a generated set: only the points' form)
        checked = DataConfig(name=self.dataset if self.dataset == CUSTOM else DATASETS[0], points=self.points)
        object.__setattr__(self, "points", checked.points)
        if self.objective not in OBJECTIVES:
            raise _fail("objective", self.objective, f"choose one of {', '.join(OBJECTIVES)}")
        if not isinstance(self.seed, int) or not 0 <= self.seed < 2**31:
            raise _fail("seed", self.seed, "allowed 0..2**31-1")
        if self.tab not in TABS:
            raise _fail("tab", self.tab, f"choose one of {', '.join(TABS)}")

    def with_seed(self, seed: int) -> SearchConfig:
        return replace(self, seed=seed)

    @property
    def priority(self) -> str:
        """Which trials go first: the comparison arms while their tab shows, else the zoom rounds."""
        return "compare" if self.tab == "compare" else "main"

    def same_search(self, other: SearchConfig) -> bool:
        """True when ``other`` differs at most in what is shown (the tab): no new search needed."""
        return replace(other, tab=self.tab) == self

    @property
    def synthetic(self) -> bool:
        return self.objective == "synthetic"

    def data(self, dataset: str | None = None) -> DataConfig:
        """The data a trial on ``dataset`` (default: the config's) trains on, as ``train_trial`` builds it."""
        name = dataset or self.dataset
        return trial_data(name, self.seed, self.points if name == CUSTOM else ())

    @property
    def spec(self) -> PairSpec:
        return PAIRS[self.pair]


def objective_for(cfg: SearchConfig, dataset: str | None = None) -> Callable[[dict, int], Mapping[str, Any]]:
    """The picklable objective of a trial: ``train_trial`` bound to steps and data, or the SYNTHETIC one.

    Hand-made data travel inside it: the points (at most 10,000 plain tuples,
    a few hundred kB pickled) go to every worker process with each trial.
    """
    if cfg.synthetic:
        return synthetic_objective
    name = dataset or cfg.dataset
    own = {"points": cfg.points} if name == CUSTOM else {}
    return functools.partial(train_trial, steps=cfg.steps, dataset=name, curve_points=10, **own)


def describe_objective(cfg: SearchConfig, dataset: str | None = None) -> str:
    """One line saying what a trial is (shown above the plots)."""
    if cfg.synthetic:
        return "SYNTHETIC objective: an analytic score of \u03b1 only, no training"
    opt = cfg.spec.fixed.get("optimizer", "adam")
    return f"each trial = a real training run: {cfg.steps} steps of {opt} on '{dataset or cfg.dataset}', score = validation accuracy"


# --------------------------------------------------------------------------------------------
# snapshot


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
        round=frozen([i for _, i, _ in rows], np.int64),
        x=frozen(x, float), y=frozen(y, float),
        ax=frozen(space[xn].to_axis(x) if rows else [], float), ay=frozen(space[yn].to_axis(y) if rows else [], float),
        score=frozen([r.score for _, _, r in rows]),
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
        n=n, lr_range=(lo, hi), lr_edges=frozen(lr_edges, float),
        lr_uniform=frozen(np.histogram(np.log10(lr_u), lr_edges)[0], np.int64),
        lr_log=frozen(np.histogram(np.log10(lr_l), lr_edges)[0], np.int64),
        lr_uniform_decades=tuple(decade_counts(lr_u, lo, hi)), lr_log_decades=tuple(decade_counts(lr_l, lo, hi)),
        beta_range=(b0, b1), beta_edges=frozen(be_edges, float),
        beta_uniform=frozen(np.histogram(dim.to_axis(be_u), be_edges)[0], np.int64),
        beta_log=frozen(np.histogram(dim.to_axis(be_l), be_edges)[0], np.int64),
        beta_uniform_decades=tuple(decade_counts(1 - be_u, 1 - b1, 1 - b0)),
        beta_log_decades=tuple(decade_counts(1 - be_l, 1 - b1, 1 - b0)),
        window_beta=frozen(wb, float), window=frozen(averaging_window(wb), float), intervals=intervals)


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
            return frozen(out, float)

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
        if ds not in TRIAL_SETS:
            raise ValueError(f"{where}.dataset={ds!r} is not allowed: choose one of {', '.join(TRIAL_SETS)}")
        if ds == CUSTOM and cfg.dataset != CUSTOM:
            raise ValueError(f"{where}.dataset='custom': the config's dataset is {cfg.dataset!r}, without points")
        data[i] = ds
        sf = rd.get("shifted_from")
        if sf is not None:
            if sf not in TRIAL_SETS:
                raise ValueError(f"{where}.shifted_from={sf!r} is not allowed: choose one of {', '.join(TRIAL_SETS)}")
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


class SearchModel:
    """The lab contract's model for a search run headless (export, lesson checks): one trial per step.

    The window runs the same ``SearchSession``'s trials on a process pool
    (``bridge.SearchBridge``); here each ``step()`` runs the next queued trial
    in this process, so the numbers are the same, only slower.
    """

    def __init__(self, cfg: SearchConfig) -> None:
        self.session = SearchSession(cfg)
        self.session.set_priority(cfg.priority)

    @property
    def step_count(self) -> int:
        return len(self.session.results)

    @property
    def epoch(self) -> int:
        return self.session.history.current.index

    @property
    def steps_per_epoch(self) -> int:
        return max(1, self.session.n_queued)      # "one epoch": the rest of the search

    def step(self) -> bool:
        """Run the next trial; False once none is left."""
        jobs = self.session.take(1)
        if not jobs:
            return False
        job = jobs[0]
        s = self.session
        s.record(job.key, run_trial(s.objective(job.dataset), len(s.results), job.params, s.cfg.seed))
        return True

    def configure(self, cfg: SearchConfig) -> bool:
        self.session.set_priority(cfg.priority)
        if self.session.cfg.same_search(cfg):
            self.session.cfg = cfg
            return False
        self.session.start(cfg)
        return True

    def reset(self) -> None:
        self.session.start()

    def probe(self) -> None:
        """Every trial is already reported as it finishes."""

    def snapshot(self) -> SearchSnapshot:
        return self.session.snapshot()
