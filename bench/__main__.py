"""``python -m bench [PART ...]``: every bench, or the parts named (``--list`` lists them).

Engine speed vs PyTorch CPU, GEMM efficiency and the step's breakdown, history
memory, populations, the trial runner, start-up, lesson switching and memory,
snapshot sizes, the GUI at laptop and projector sizes, recording.  Prints one
``name: value unit`` line per figure (``(target OP X: met)`` or ``NOT met``
where the figure has a target); ``#`` lines give context, and a full run ends
with every target line again.
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
from bench.flops import step_flops
from bench.history_mem import history_after_rows
from bench.models import MODELS, label, layer_sizes, train_config
from bench.rounds import measure

TARGETS = {                 # engine steps/s over PyTorch's, in one run
    "bn_paper_net_bn": 1.2, "bn_paper_net_nobn": 1.3, "net2d_bn": 2.5, "net2d_nobn": 3.0,
}


def figure(name: str, value: float, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def blas_threads() -> int:
    return max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=1)


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
    from bnviz.labs.framework.speed import save_last_run   # the F1 lesson shows these ratios
    note(save_last_run(rates, contended, worker.info if worker is not None else None))

    # GFLOP/s of the BN paper network (the matmuls alone, and the engine's share of them: the flops part)
    sizes, batch = layer_sizes("bn_paper_net"), train_config("bn_paper_net", True).batch_size
    flops = step_flops(sizes, batch)
    note(f"bn_paper_net matmul FLOPs per step (forward + backward, 2mnk each): {flops / 1e6:.3f} MFLOP "
         f"({threads} BLAS threads); the step's matmuls alone and engine_gemm_fraction: the flops part")
    for name in ("bn_paper_net_bn", "bn_paper_net_nobn"):
        for who, rate in rates[name].items():
            figure(f"{name}_{who}_gflops", rate * flops / 1e9, "GFLOP/s", ".1f")

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


#: ``python -m bench [PART ...]``: the parts of a full run, in order.  In-process parts name a module
#: whose main() runs here; the others run ``python -m MODULE`` in a process of their own: the benches
#: before leave BLAS threads, a fork server and a large heap behind, none of which the app has when
#: a lecturer starts it, and a Qt screen is fixed per process.
PARTS = {
    "engine": (None, "engine steps/s (vs PyTorch), GFLOP/s, history memory"),
    "flops": ("bench.engine_profile", "engine_gemm_fraction and where the BN paper net's step goes"),
    "population": ("bench.population_bench", "caviar's vectorized population vs a loop of trainers"),
    "search": ("bench.search_bench", "the trial runner's process pool vs sequential trials"),
    "startup": ("bench.startup", "window shown and B8's first frame vs a bare PySide6 + pyqtgraph window"),
    "lessons": ("bench.lessons_bench", "PageDown over the 19 lessons, then the RSS of the app and its workers"),
    "snapshots": ("bench.snapshot_bench", "pickled snapshot KiB per frame and a frame's cost, per lab"),
    "gui": ("bench.gui_bench", "B8 frames/s, lateness, training: 1366x768 and 1920x1080 presentation"),
    "recording": ("bench.recording_bench", "the lab's frame rate while File > Record records it"),
}
IN_PROCESS = ("engine", "flops", "population", "search")
ALIASES = {"switch": "lessons", "memory": "lessons", "presentation": "gui", "profile": "flops"}


def _own_process(module: str) -> list[str]:
    """Run ``python -m module``, echoing its output; the target lines it printed."""
    sys.stdout.flush()
    proc = subprocess.Popen([sys.executable, "-m", module], stdout=subprocess.PIPE, text=True, bufsize=1)
    lines = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        if "(target " in line:
            lines.append(line.rstrip("\n"))
    proc.wait()
    return lines


def run_all(argv: list[str] | None = None) -> int:
    """Every part (or those named), then a summary of the targets."""
    import importlib

    from bench import report

    argv = sys.argv[1:] if argv is None else argv
    if argv in (["-h"], ["--help"], ["--list"]):
        print("usage: python -m bench [PART ...]   (default: all, in this order)")
        for name, (_, what) in PARTS.items():
            print(f"  {name:11} {what}")
        print("  aliases: " + ", ".join(f"{a} = {p}" for a, p in ALIASES.items()))
        return 0
    wanted = [ALIASES.get(a, a) for a in argv] or list(PARTS)
    unknown = [a for a in wanted if a not in PARTS]
    if unknown:
        print(f"bench: no part {unknown[0]!r}; parts: {', '.join(PARTS)} (see --list)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    status, targets = 0, []
    for name in PARTS:
        if name not in wanted:
            continue
        module, what = PARTS[name]
        note(f"--- {name}: {what}" + ("" if name in IN_PROCESS else f" ({module}, own process)"))
        t_part = time.perf_counter()
        if name == "engine":
            status = main()
        elif name in IN_PROCESS:
            importlib.import_module(module).main()
        else:
            targets += _own_process(module)
        note(f"{name} took {time.perf_counter() - t_part:.0f} s")
    targets = report.TARGET_LINES + targets
    if targets:
        note(f"--- targets ({sum('NOT met' not in t for t in targets)} of {len(targets)} met):")
        for line in targets:
            note(f"  {line}")
    note(f"bench took {time.perf_counter() - t0:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(run_all())
