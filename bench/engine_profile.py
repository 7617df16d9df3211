"""How much of the BN paper net's training step is matmul, and where the rest goes.

``engine_gemm_fraction`` is the engine's GFLOP/s on a step (matmul FLOPs
only, as ``bench.flops`` counts them) over the GFLOP/s of the step's
matmuls alone (``GemmRun``): the share of the step the matmuls would take if
everything else were free.  Both are timed in alternating rounds in this run
(``bench.rounds``), with NumPy's BLAS threads as they are (as the issue's
figure), and again with one BLAS thread (as a lab's worker process runs).
The same rounds time the NumPy floor (``bench.numpy_floor``): the step with
the fewest NumPy calls, whose fraction is about the most a NumPy step reaches.

The step breakdown times ``Trainer.run`` with a timer around each engine
function of a kind (Dense forward and backward, BatchNorm, the activation,
the loss, the optimizer: ``HOOKS``, wrapped in this process only, ~0.3 us a
call); the rest of the step is what is outside them (``Trainer.step``, the
mini-batch gather, Block and MLP glue).  The matmuls alone are timed per
direction for comparison with the Dense layer's forward and backward.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

from bench.contention import Meter
from bench.engine_speed import EngineRun
from bench.flops import GemmRun, step_flops, step_matmuls
from bench.models import label, layer_sizes, train_config
from bench.numpy_floor import FloorRun
from bench.report import figure, note, target
from bench.rounds import measure

MODEL = "bn_paper_net"
TARGET = 0.5
PROFILE_STEPS = 500
REPEATS = 3

# kind -> the engine functions it times: (module, attribute path); none of them calls another
HOOKS = {
    "forward matmul (Dense x W + b)": [("bnviz.engine.layers", "Dense.forward")],
    "backward matmul (Dense dW, db, dx)": [("bnviz.engine.layers", "Dense.backward")],
    "BN forward": [("bnviz.engine.batchnorm", "BatchNorm.forward")],
    "BN backward": [("bnviz.engine.batchnorm", "BatchNorm.backward")],
    "activation forward": [("bnviz.engine.activations", "forward")],
    "activation backward": [("bnviz.engine.activations", "backward")],
    "loss (softmax cross-entropy)": [("bnviz.engine.network", "cross_entropy")],
    "optimizer update": [("bnviz.engine.optimizers", "Optimizer.step"), ("bnviz.engine.network", "MLP.parameters")],
}
REST = "rest (Trainer.step, batch gather, Block/MLP glue)"


class Timers:
    """Wrap the engine functions of ``HOOKS`` with timers, in this process only (the files are untouched).

    ``network.py`` calls ``activations.forward`` through the module and has its own name for
    ``cross_entropy``, so patching those attributes reaches every call a step makes.  A
    function that no longer exists is reported as missing and its time falls into REST.
    """

    def __init__(self) -> None:
        self.ns: dict[str, int] = dict.fromkeys(HOOKS, 0)
        self.missing: list[str] = []
        self._undo: list[tuple[object, str, object]] = []

    def __enter__(self) -> "Timers":
        import importlib

        for kind, targets in HOOKS.items():
            for module, path in targets:
                owner = importlib.import_module(module)
                *outer, attr = path.split(".")
                for part in outer:
                    owner = getattr(owner, part, None)
                original = getattr(owner, attr, None) if owner is not None else None
                if original is None:
                    self.missing.append(f"{module}.{path}")
                    continue
                setattr(owner, attr, self._timed(kind, original))
                self._undo.append((owner, attr, original))
        return self

    def _timed(self, kind: str, fn):
        ns, clock = self.ns, time.perf_counter_ns

        def timed(*args, **kwargs):
            t0 = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                ns[kind] += clock() - t0
        return timed

    def __exit__(self, *exc) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)


def profile_steps(steps: int) -> tuple[dict[str, float], float, list[str]]:
    """(seconds per kind per step, timed seconds per step, functions not found) over ``steps`` steps."""
    with Timers() as timers:
        run = EngineRun(MODEL, True)        # built after patching: every call goes through the timers
        run.warm_up(0.3)
        run.trainer.reset()
        best = None
        for _ in range(REPEATS):            # the quickest of a few runs: the least disturbed
            for k in timers.ns:
                timers.ns[k] = 0
            t0 = time.perf_counter_ns()
            run.trainer.run(steps)
            wall = time.perf_counter_ns() - t0
            if best is None or wall < best[0]:
                best = (wall, dict(timers.ns))
    wall, ns = best
    per = {k: v / steps / 1e9 for k, v in ns.items()}
    per[REST] = wall / steps / 1e9 - sum(per.values())
    return per, wall / steps / 1e9, timers.missing


def matmul_seconds(sizes, batch, reps: int = 300) -> dict[str, float]:
    """Seconds per step of the step's forward and backward matmuls alone."""
    g = GemmRun(sizes, batch)
    kinds = [k for k, _, _ in step_matmuls(sizes, batch)]
    out = {}
    for direction, members in (("forward", ("x W",)), ("backward", ("x.T g", "g W.T"))):
        ops = [op for op, k in zip(g.ops, kinds) if k in members]
        for a, b in ops * 20:
            np.matmul(a, b)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(reps):
                for a, b in ops:
                    np.matmul(a, b)
            best = min(best, (time.perf_counter() - t0) / reps)
        out[direction] = best
    return out


def fraction(meter: Meter, sizes, batch, flops: int, threads: str) -> tuple[float, float, float, float, str]:
    """GFLOP/s of the engine's step, the NumPy floor's step and the matmuls alone; the engine's steps/s; a note."""
    engine = EngineRun(MODEL, True)
    rates, how, _ = measure({"engine": engine, "numpy floor": FloorRun(engine.trainer),
                             "matmuls": GemmRun(sizes, batch)}, meter, round_seconds=0.5, budget=10.0)
    eng, floor, gemm = (rates[k] * flops / 1e9 for k in ("engine", "numpy floor", "matmuls"))
    return eng, floor, gemm, rates["engine"], f"{threads}: {how}"


def main() -> None:
    meter = Meter()
    sizes, batch = layer_sizes(MODEL), train_config(MODEL, True).batch_size
    flops = step_flops(sizes, batch)
    name = label(MODEL, True)
    note(f"{name}: {'-'.join(map(str, sizes))} sigmoid, BN, batch {batch}, SGD; {flops / 1e6:.3f} MFLOP of matmuls "
         "a step; GFLOP/s = those FLOPs over the step time; rounds alternate the engine's step and the step's "
         "matmuls alone (np.matmul, float32, the engine's layouts)")
    note("the NumPy floor (bench/numpy_floor.py) is the same step in the fewest NumPy calls, in place, one flat "
         "parameter buffer, nothing kept for the probes: about as high as a NumPy step of this net can go")
    eng, floor, gemm, _, how = fraction(meter, sizes, batch, flops, "BLAS threads as they are")
    note(how)
    figure(f"{name}_step_gflops", eng, "GFLOP/s", ".1f")
    figure(f"{name}_step_numpy_floor_gflops", floor, "GFLOP/s", ".1f")
    figure(f"{name}_step_matmuls_only_gflops", gemm, "GFLOP/s", ".1f")
    target("engine_gemm_fraction", eng / gemm, "ratio", ">=", TARGET)
    figure("numpy_floor_gemm_fraction", floor / gemm, "ratio")
    with threadpool_limits(1):
        eng1, floor1, gemm1, step_rate1, how1 = fraction(meter, sizes, batch, flops, "one BLAS thread")
        note(how1)
        figure(f"{name}_step_gflops_1thread", eng1, "GFLOP/s", ".1f")
        figure(f"{name}_step_numpy_floor_gflops_1thread", floor1, "GFLOP/s", ".1f")
        figure(f"{name}_step_matmuls_only_gflops_1thread", gemm1, "GFLOP/s", ".1f")
        figure("engine_gemm_fraction_1thread", eng1 / gemm1, "ratio")
        figure("numpy_floor_gemm_fraction_1thread", floor1 / gemm1, "ratio")
        # the breakdown with one thread: a worker's step, and the BLAS pool's spinning out of the picture
        per_step, timed, missing = profile_steps(PROFILE_STEPS)
        mm = matmul_seconds(sizes, batch)
    step_s = 1.0 / step_rate1
    note(f"step breakdown, one BLAS thread, the quickest of {REPEATS} runs of {PROFILE_STEPS} steps with a timer around each engine function "
         f"({timed * 1e3:.3f} ms a step timed, {step_s * 1e3:.3f} ms in the rounds above); each kind's ms includes "
         "the NumPy calls it makes and the Python around them"
         + (f"; not found (their time is in the rest): {', '.join(missing)}" if missing else ""))
    for kind, sec in sorted(per_step.items(), key=lambda kv: -kv[1]):
        key = "".join(c if c.isalnum() else "_" for c in kind.split(" (")[0].lower()).strip("_")
        figure(f"step_ms_{key}", sec * 1e3, f"ms ({sec / timed:.0%}: {kind})", ".3f")
    fwd = per_step[next(iter(HOOKS))]
    bwd = per_step[list(HOOKS)[1]]
    note(f"the matmuls alone, one thread: forward {mm['forward'] * 1e3:.3f} ms (Dense forward takes "
         f"{fwd * 1e3:.3f}), backward {mm['backward'] * 1e3:.3f} ms (Dense backward takes {bwd * 1e3:.3f}); "
         f"all matmuls {sum(mm.values()) * 1e3:.3f} ms = {sum(mm.values()) / timed:.0%} of the timed step; the "
         f"other {(timed - sum(mm.values())) * 1e3:.3f} ms is everything else")


if __name__ == "__main__":
    sys.exit(main())
