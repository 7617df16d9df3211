"""Trial runner: real trials on the default local process pool vs one after another in one process.

24 real trials (``train_trial`` on the benchmark's 2-D net, 2-16-16-16-2
ReLU on moons, 500 steps each, with and without batch norm; the
hyperparameters of a random search over learning rate x Adam's eps) are run
twice in the same benchmark run:

* ``sequential``: one after another in this process (the engine imported and
  warmed up beforehand, so this side pays no start-up);
* ``pool``: through ``run_trials(..., executor=None)``, i.e. the runner's
  default process pool (one worker per core, forkserver), *including* its
  start-up: creating the pool, starting the workers, importing the engine in
  each, and shutting it down.

The two sides alternate for a few rounds, each round after waiting for a
quiet moment; the best round of each side is reported (the machine is
shared, see ``bench.contention``). Target: >= 1.6x on 2 cores.

Prints ``name: value unit`` lines; ``#`` lines are context.
"""

from __future__ import annotations

import functools
import os
import time

from bench.contention import Meter

TRIALS = 24
STEPS = 500
ROUNDS = 2
#: bench.models' net2d (2-16-16-16-2 ReLU, moons, batch 32) as trial settings, with and without BN
VARIANTS = {"net2d_bn": {"hidden_units": 16, "hidden_layers": 3, "batch_norm": True},
            "net2d_nobn": {"hidden_units": 16, "hidden_layers": 3, "batch_norm": False}}
TARGET = 1.6
MAX_OTHERS = 0.10       # a round counts as clean when other processes took at most 10% of all cores


def figure(name: str, value: float, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def workload(net: dict):
    """The trials and the objective (a picklable partial of the real ``train_trial``)."""
    from bnviz.search.objective import train_trial
    from bnviz.search.samplers import random_sample
    from bnviz.search.spaces import LogUniform, Space

    space = Space(learning_rate=LogUniform(1e-4, 1.0), adam_eps=LogUniform(1e-10, 1e-6))
    trials = [{**t, "optimizer": "adam", **net} for t in random_sample(space, TRIALS, seed=0)]
    return trials, functools.partial(train_trial, steps=STEPS, dataset="moons", curve_points=5)


def sequential(objective, trials) -> tuple[float, list[float]]:
    t0 = time.perf_counter()
    scores = [objective(dict(p), 0)["score"] for p in trials]
    return time.perf_counter() - t0, scores


def pooled(objective, trials) -> tuple[float, list[float], float]:
    """Wall time with the pool's whole life inside, the scores, and the time to the first result."""
    from bnviz.search.runner import run_trials

    first: list[float] = []
    t0 = time.perf_counter()
    out = run_trials(objective, trials, executor=None, seed=0,
                     on_result=lambda r: first or first.append(time.perf_counter() - t0))
    return time.perf_counter() - t0, [r.score for r in out], first[0]


def measure(name: str, net: dict, meter: Meter) -> None:
    trials, objective = workload(net)
    objective(dict(trials[0]), 0)   # warm up this process: imports, first allocations
    seq_times, pool_times, firsts, clean = [], [], [], 0
    seq_scores = pool_scores = None
    for _ in range(ROUNDS):
        for side in ("pool", "sequential"):
            meter.wait_quiet(MAX_OTHERS, max_wait=3.0)
            meter.start(os.getpid())
            if side == "pool":
                wall, pool_scores, first = pooled(objective, trials)
                pool_times.append(wall)
                firsts.append(first)
            else:
                wall, seq_scores = sequential(objective, trials)
                seq_times.append(wall)
            others = meter.stop()
            # the pool's own workers are other processes to the meter: only the sequential side is judged
            if side == "sequential" and (others is None or others <= MAX_OTHERS):
                clean += 1
    same = all(a == b or (a != a and b != b) for a, b in zip(seq_scores, pool_scores))
    best_seq, best_pool = min(seq_times), min(pool_times)
    figure(f"search_{name}_trials_sequential", best_seq, "s")
    figure(f"search_{name}_trials_pool", best_pool, "s")
    figure(f"search_{name}_pool_first_result", min(firsts), "s")
    figure(f"search_{name}_pool_trials_per_second", TRIALS / best_pool, "trials/s")
    figure(f"search_{name}_pool_speedup", best_seq / best_pool, "x")
    note(f"{name}: best of {ROUNDS} rounds per side (pool {', '.join(f'{t:.2f}' for t in pool_times)} s; "
         f"sequential {', '.join(f'{t:.2f}' for t in seq_times)} s); {clean}/{ROUNDS} sequential rounds on a "
         f"quiet machine; target >= {TARGET}x: {'met' if best_seq / best_pool >= TARGET else 'NOT met'}; "
         f"scores identical on both sides: {same}")


def main() -> None:
    cores = os.cpu_count() or 1
    note(f"search runner: {TRIALS} real trials (train_trial, {STEPS} steps each) per variant, {cores} cores; "
         "pool = the runner's default process pool, its start-up and shutdown included")
    meter = Meter()
    for name, net in VARIANTS.items():
        measure(name, net, meter)


if __name__ == "__main__":
    main()
