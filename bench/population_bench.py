"""Caviar's population training: one vectorized step over a model axis vs a Python loop over Trainers.

N copies of the 2-D net (2 -> 16 -> 16 -> 16 -> 2 with BN, ReLU, moons,
batch 32, float32, SGD), each with its own learning rate, are trained two
ways in the same run:

* ``loop``: N engine ``Trainer`` objects stepped one after another (what a
  lab without a population would do);
* ``vectorized``: one ``Population`` whose weights carry a leading model
  axis, stepped with batched matmuls.

Both do the same arithmetic on the same batches (``tests/engine/test_population.py``
checks the losses agree). Probing is switched off on both sides so only
training is timed. The figure is model-steps per second (one mini-batch
through one model); rounds alternate between the sides after waiting for a
quiet machine, and the best clean round of each is kept (see
``bench.contention``). Target: vectorized >= 4x the loop for N = 25.

Prints ``name: value unit`` lines; ``#`` lines are context.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

import numpy as np

from bench.contention import Meter

SIZES = (25, 64)
TARGET = 4.0
ROUND_SECONDS = 0.6
ROUNDS = 3
MAX_OTHERS = 0.10      # a round is clean when other processes took at most 10% of all cores
MAX_EXTRA_ROUNDS = 4   # more rounds when the machine keeps spoiling them


def figure(name: str, value: float, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def config():
    from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
    from bnviz.engine.data import DataConfig

    return TrainConfig(data=DataConfig(name="moons", n_samples=600, noise=0.2, seed=0),
                       net=NetConfig(hidden=(16, 16, 16), activation="relu", batch_norm=True),
                       optim=OptimConfig(name="sgd", learning_rate=0.1), batch_size=32, seed=0,
                       probe_every=100000)


def build(n: int):
    """(loop step, vectorized step): each call trains every one of the ``n`` models on one batch."""
    from bnviz.engine.data import make_dataset
    from bnviz.engine.population import Population
    from bnviz.engine.trainer import Trainer

    cfg = config()
    ds = make_dataset(cfg.data)
    lrs = np.geomspace(1e-3, 0.5, n)     # small enough that no model diverges (a stopped one is cheaper)
    trainers = [Trainer(replace(cfg, optim=replace(cfg.optim, learning_rate=float(lr))), ds) for lr in lrs]
    for t in trainers:
        t.want_decision = False
    pop = Population(cfg, lrs, dataset=ds)

    def loop() -> None:
        for t in trainers:
            t.step()

    def vectorized() -> None:
        pop.step()

    return loop, vectorized, pop


def rate(fn, n_models: int, seconds: float) -> float:
    """Model-steps per second of ``fn`` over about ``seconds``."""
    fn()
    calls, t0 = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        dt = time.perf_counter() - t0
        if dt >= seconds:
            return calls * n_models / dt


def measure(n: int, meter: Meter) -> tuple[float, float, int, int]:
    loop, vectorized, pop = build(n)
    best = {"loop": 0.0, "vectorized": 0.0}
    clean = {"loop": 0, "vectorized": 0}
    rounds = 0
    while rounds < ROUNDS + MAX_EXTRA_ROUNDS and (min(clean.values()) < ROUNDS or rounds < ROUNDS):
        rounds += 1
        for name, fn in (("loop", loop), ("vectorized", vectorized)):
            meter.wait_quiet(MAX_OTHERS, 1.0)
            meter.start(os.getpid())
            r = rate(fn, n, ROUND_SECONDS)
            others = meter.stop()
            if others is None or others <= MAX_OTHERS:
                clean[name] += 1
                best[name] = max(best[name], r)
            elif not clean[name]:
                best[name] = max(best[name], r)    # no clean round yet: keep the best spoiled one meanwhile
    if pop.n_active != n:
        note(f"{n - pop.n_active} of {n} models diverged during the vectorized rounds")
    return best["loop"], best["vectorized"], clean["loop"], clean["vectorized"]


def main() -> None:
    from threadpoolctl import threadpool_limits

    note("population training: N copies of 2-16-16-16-2 (BN, ReLU), moons, batch 32, float32, SGD, "
         "each with its own learning rate; model-steps/s, best clean round")
    meter = Meter()
    with threadpool_limits(1):           # as on the training worker; these matrices are far too small to share
        for n in SIZES:
            loop, vec, c_loop, c_vec = measure(n, meter)
            figure(f"population_loop_{n}", loop, "model-steps/s", ".0f")
            figure(f"population_vectorized_{n}", vec, "model-steps/s", ".0f")
            figure(f"population_speedup_{n}", vec / loop, "x")
            if min(c_loop, c_vec) < ROUNDS:
                note(f"N={n}: only {c_loop} / {c_vec} clean rounds (loop / vectorized): the machine was busy")
    note(f"target: population_speedup_25 >= {TARGET:g}x")


if __name__ == "__main__":
    main()
