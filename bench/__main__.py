"""``python -m bench``: engine speed vs PyTorch CPU, GEMM efficiency, history memory.

Prints one ``name: value unit`` line per figure; ``#`` lines give context.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info

from bench import torch_speed
from bench.contention import Meter
from bench.engine_speed import EngineRun
from bench.flops import GemmRun, step_flops
from bench.history_mem import history_after_rows
from bench.models import MODELS, label, layer_sizes, train_config

WARM_UP_SECONDS = 0.5
ROUND_SECONDS = 1.0
CLEAN_ROUNDS = 5            # best of this many clean rounds per side; rounds alternate engine / PyTorch
BUDGET_SECONDS = 16.0       # per measurement, when other processes keep spoiling rounds
MAX_OTHERS = 0.05           # a round is clean when other processes took at most 5% of all cores
MAX_WAIT_SECONDS = 2.0      # before a round, wait up to this long for the machine to be quiet
TARGETS = {                 # engine steps/s over PyTorch's, in one run
    "bn_paper_net_bn": 1.2, "bn_paper_net_nobn": 1.3, "net2d_bn": 2.5, "net2d_nobn": 3.0,
}


def figure(name: str, value: float, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def blas_threads() -> int:
    return max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=1)


def measure(runs: dict, meter: Meter, round_seconds: float = ROUND_SECONDS,
            budget: float = BUDGET_SECONDS) -> tuple[dict[str, float], str, bool]:
    """Best steps/s of each run over its clean rounds, a note on the rounds used, and whether all were clean.

    Rounds alternate between the runs so all see the same machine, each
    after waiting for a quiet moment; a round in which other processes took
    more than MAX_OTHERS of the cores is dropped, unless no clean round can
    be had within ``budget`` seconds (then the best of all rounds is used and
    the note says so).
    """
    deadline = time.perf_counter() + budget
    for run in runs.values():
        run.warm_up(WARM_UP_SECONDS)
    clean = {who: [] for who in runs}
    spoiled = {who: [] for who in runs}
    while not all(len(c) >= CLEAN_ROUNDS for c in clean.values()):
        if time.perf_counter() > deadline and all(clean[w] or spoiled[w] for w in runs):
            break
        for who, run in runs.items():
            if len(clean[who]) < CLEAN_ROUNDS:
                meter.wait_quiet(MAX_OTHERS, MAX_WAIT_SECONDS)
                meter.start(run.pid)
                rate = run.timed_round(round_seconds)
                others = meter.stop()
                if others is None or others <= MAX_OTHERS:
                    clean[who].append(rate)
                else:
                    spoiled[who].append((rate, others))
    best, parts = {}, []
    for who in runs:
        if clean[who]:
            best[who] = max(clean[who])
            parts.append(f"{who} best of {len(clean[who])} clean rounds"
                         + (f" ({len(spoiled[who])} dropped: others used up to "
                            f"{max(o for _, o in spoiled[who]):.0%} of the cores)" if spoiled[who] else ""))
        else:
            best[who] = max(r for r, _ in spoiled[who])
            parts.append(f"WARNING {who}: no clean round, best of {len(spoiled[who])} with others using "
                         f"{min(o for _, o in spoiled[who]):.0%}..{max(o for _, o in spoiled[who]):.0%} of the cores")
    all_clean = all(clean[who] for who in runs)
    return best, f"{round_seconds:g} s rounds: " + "; ".join(parts), all_clean


def main() -> int:
    t_start = time.perf_counter()
    note(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
         f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} (left as is)")
    for pool in threadpool_info():
        note(f"threadpool_info: {pool}")
    threads = blas_threads()
    meter = Meter()
    if not meter.works:
        note("no /proc/stat: rounds are not checked for other processes' load")

    worker = None
    if torch_speed.available():
        try:
            worker = torch_speed.TorchWorker(threads)
            info = worker.info
            note(f"PyTorch {info['version']} CPU in a worker process, torch.set_num_threads({threads}) "
                 f"= numpy's BLAS threads -> {info['threads']} intra-op threads, float32")
            for model in MODELS:
                chk = worker.ask(op="check", model=model, batch_norm=True)
                fmt = lambda xs: " ".join(f"{x:.6f}" for x in xs)  # noqa: E731
                note(f"same model? {label(model, True)} loss on one batch, init then 3 SGD steps: "
                     f"engine {fmt(chk['engine_losses'])} | torch {fmt(chk['torch_losses'])}")
        except (OSError, RuntimeError) as exc:
            note(f"PyTorch worker failed ({exc}); comparison skipped")
            if worker is not None:
                worker.close()
            worker = None
    else:
        note("PyTorch is not importable: the comparison is skipped")

    rates: dict[str, dict[str, float]] = {}
    contended: list[str] = []
    try:
        for model in MODELS:
            for bn in (True, False):
                name = label(model, bn)
                cfg = train_config(model, bn)
                runs = {"engine": EngineRun(model, bn)}
                if worker is not None:
                    runs["torch"] = torch_speed.TorchRunProxy(worker, model, bn)
                rates[name], how, all_clean = measure(runs, meter)
                if not all_clean:
                    contended.append(name)
                for who, rate in rates[name].items():
                    figure(f"{name}_{who}", rate, "steps/s", ".0f")
                if "torch" in rates[name]:
                    figure(f"{name}_vs_torch", rates[name]["engine"] / rates[name]["torch"], "ratio")
                note(f"{name}: {'-'.join(map(str, layer_sizes(model)))} {cfg.net.activation}, "
                     f"batch {cfg.batch_size}, SGD; {how}")
    finally:
        if worker is not None:
            worker.close()

    # GFLOP/s of the BN paper network against np.matmul on the same shapes
    sizes, batch = layer_sizes("bn_paper_net"), train_config("bn_paper_net", True).batch_size
    flops = step_flops(sizes, batch)
    gemm, how, _ = measure({"matmuls": GemmRun(sizes, batch)}, meter, round_seconds=0.5, budget=6.0)
    note(f"bn_paper_net matmul FLOPs per step (forward + backward, 2mnk each): {flops / 1e6:.3f} MFLOP")
    for name in ("bn_paper_net_bn", "bn_paper_net_nobn"):
        for who, rate in rates[name].items():
            figure(f"{name}_{who}_gflops", rate * flops / 1e9, "GFLOP/s", ".1f")
    figure("bn_paper_net_step_matmuls_only_gflops", gemm["matmuls"] * flops / 1e9, "GFLOP/s", ".1f")
    note(f"the physical limit: the step's {len(sizes) * 3 - 4} matmuls alone by np.matmul (float32, the "
         f"engine's layouts, {threads} BLAS threads) = {gemm['matmuls']:.0f} steps/s at most; {how}")

    # memory of a long run's history
    nbytes, kept = history_after_rows(10**6)
    figure("net2d_history_bytes_after_1e6_rows_appended", nbytes, "bytes", "d")
    figure("net2d_history_rows_kept_after_1e6_rows_appended", kept, "rows", "d")
    note("history: 100 real steps probed every 10, then the trainer's last row re-appended via "
         "history.append up to 10^6 rows (a 10^6-step run probed every step); the columns are "
         "preallocated, so the bytes are the same at any run length")

    if any("torch" in r for r in rates.values()):
        met = []
        for k, target in TARGETS.items():
            ratio = rates[k]["engine"] / rates[k]["torch"]
            met.append(f"{k} {ratio:.2f}x {'>=' if ratio >= target else '< (MISSED)'} {target}x"
                       + (" (UNRELIABLE: no clean round)" if k in contended else ""))
        note("targets, engine / PyTorch: " + "; ".join(met))
    note(f"engine bench took {time.perf_counter() - t_start:.0f} s")
    return 0


def run_all() -> int:
    """The engine bench, then the population, trial-runner and GUI benches."""
    from bench import gui_bench, population_bench, search_bench

    status = main()
    for bench in (population_bench, search_bench):
        note(f"--- {bench.__name__}")
        bench.main()
    # the GUI bench in a process of its own: the benches before leave BLAS threads, a fork
    # server and a large heap behind, none of which the app has when a lecturer starts it
    note(f"--- {gui_bench.__name__} (own process)")
    sys.stdout.flush()
    subprocess.run([sys.executable, "-m", gui_bench.__name__], check=False)
    return status


if __name__ == "__main__":
    sys.exit(run_all())
