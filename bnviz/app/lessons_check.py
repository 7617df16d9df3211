"""``bnviz check-lessons``: every claim of every lesson, measured on the engine for three seeds.

A lesson preset states its caption's point as ``Claim`` s (``bnviz.app.presets``):
a metric of its lab's model (``bnviz/labs/<lab>/claims.py``, pure NumPy), the
steps it is read after, and a comparison with a threshold.  ``check_lessons``
builds each lesson's config from the preset, runs every claim headless for
the lesson's own seed and the next two, and reports one row per claim.  A
claim passes only when it holds on every seed: a claim that holds for one
seed is not a claim.

Seeds.  For seed ``s`` the config gets ``cfg.with_seed(s)`` (the training
seed: initial weights, batch order; for the search lab the samplers, data
and every trial) and, unless the claim says ``"reseed_data": false``, the
data set is drawn anew too (its seed moves by the same offset), so a claim
is about the lesson's kind of data rather than one draw of it.  A claim
about one example of the preset's data set (S2's default point) keeps the
preset's data, as the window's seed box does (it changes the training seed only).

Measurements shared by several claims run once per (config, steps) and are
kept until the check ends; BLAS is pinned to one thread, as in the
trainer and search worker processes.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bnviz import schema
from bnviz.app.presets import Claim, Preset, claims_module_name, scan_presets

SEED_OFFSETS = (0, 1, 2)      # the lesson's own seed and two more


@dataclass(frozen=True)
class ClaimResult:
    """One claim of one lesson, measured on each seed."""

    lesson: str
    row: str
    claim: Claim | None           # None: the lesson states no claim (that fails)
    seeds: tuple[int, ...]
    values: tuple[float, ...]
    seconds: float                # time spent in this claim's metric calls (a shared run counts once, first)
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.claim is not None and not self.error and all(self.claim.holds(v) for v in self.values)

    @property
    def id(self) -> str:
        return self.claim.id if self.claim is not None else f"{self.row}.(none)"

    def line(self) -> str:
        """``B8.bnfast  bn_to90 <= 60  30  30  30  PASS``"""
        if self.claim is None:
            return f"{self.id:<18} {self.error}  FAIL"
        c = self.claim
        vals = "  ".join(f"{format_value(v):>9}" for v in self.values)
        tail = f"  ({self.error})" if self.error else ""
        return (f"{c.id:<18} {c.metric + ' ' + c.op + ' ' + format_value(c.value, 8):<52} {vals}  "
                f"{'PASS' if self.passed else 'FAIL'}{tail}")


def format_value(v: float, digits: int = 4) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e9:
        return str(int(v))
    return f"{v:.{digits}g}"


def seeded(cfg: Any, seed: int, reseed_data: bool = True) -> Any:
    """``cfg`` for another seed: ``with_seed``, and the data set's seed moved by the same offset."""
    out = cfg.with_seed(seed)
    train = getattr(out, "train", None)
    if reseed_data and train is not None and seed != cfg.seed:
        out = replace(out, train=replace(train, data=replace(train.data, seed=train.data.seed + seed - cfg.seed)))
    return out


@contextlib.contextmanager
def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:                    # pragma: no cover - a runtime dependency
        yield
        return
    with threadpool_limits(limits=1):
        yield


def select(names: Sequence[str] | None = None, directory=None) -> list[Preset]:
    """The bundled lessons (syllabus order), or those named (a name, a row like B8, or row-name).

    KeyError (one line) for a name no lesson has; ValueError for a bundled lesson that does not read.
    """
    presets, problems = scan_presets(directory)
    if problems:
        raise ValueError(problems[0])
    if not names:
        return presets
    out = []
    for name in names:
        hit = [p for p in presets if name in (p.name, p.row, p.row.lower(), f"{p.row.lower()}-{p.name}")]
        if not hit:
            raise KeyError(schema.short(f"unknown lesson {name!r}; available: "
                                        + ", ".join(p.row for p in presets)))
        out.extend(p for p in hit if p not in out)
    return out


def _check_one(preset: Preset, config_cls: type, metrics: dict, where: str,
               offsets: Sequence[int]) -> list[ClaimResult]:
    seeds = tuple(preset.seed + k for k in offsets)
    if not preset.claims:
        return [ClaimResult(preset.name, preset.row, None, seeds, (), 0.0, "the lesson states no claim")]
    base = schema.from_json(config_cls, preset.state["config"], "state.config")
    out = []
    for c in preset.claims:
        metric: Callable[[Any, int], float] | None = metrics.get(c.metric)
        values, error, t0 = [], "", time.perf_counter()
        if metric is None:
            error = f"no metric {c.metric!r} in {where}"
        else:
            for s in seeds:
                try:
                    v = float(metric(seeded(base, s, c.reseed_data), c.steps))
                except Exception as exc:  # noqa: BLE001 - one broken claim must not stop the check
                    error = schema.short(f"seed {s}: {type(exc).__name__}: {exc}", 160)
                    v = math.nan
                values.append(v)
        out.append(ClaimResult(preset.name, preset.row, c, seeds, tuple(values), time.perf_counter() - t0, error))
    return out


def check_lab(config_cls: type, module_name: str, presets: Sequence[Preset],
              offsets: Sequence[int] = SEED_OFFSETS) -> list[ClaimResult]:
    """Every claim of ``presets`` (lessons of one lab), in this process, with one BLAS thread.

    Needs no Qt and no registry: the lab's ``Config`` and its claims module are given (so it runs in a
    spawned worker).  The module's measurement cache lives for this call only.
    """
    import importlib

    module = importlib.import_module(module_name)
    metrics = getattr(module, "METRICS", {})
    cache = getattr(module, "CACHE", None)
    cache = cache if isinstance(cache, dict) else {}
    cache.clear()
    try:
        with _one_blas_thread():
            return [r for p in presets for r in _check_one(p, config_cls, metrics, module_name, offsets)]
    finally:
        cache.clear()


def check_preset(preset: Preset, offsets: Sequence[int] = SEED_OFFSETS) -> list[ClaimResult]:
    """Every claim of one lesson on its own seed + each offset."""
    import bnviz.labs

    spec = bnviz.labs.spec(preset.lab)
    return check_lab(spec.Config, claims_module_name(spec), [preset], offsets)


def check_lessons(names: Sequence[str] | None = None, offsets: Sequence[int] = SEED_OFFSETS,
                  on_result: Callable[[ClaimResult], None] | None = None, directory=None,
                  jobs: int | None = None) -> list[ClaimResult]:
    """Every claim of every lesson (or of those ``names``), each on the lesson's seed + ``offsets``.

    The lessons of one lab run together, in one process (they share measurements: H6 re-runs H3's
    search trials on other data), and the labs are spread over ``jobs`` worker processes (default: up
    to 2, the cores of a lecture laptop; 1 runs everything here).  Rows come back in syllabus order;
    ``on_result`` gets each as soon as it and every row before it are measured (the command prints them).
    """
    import bnviz.labs

    presets = select(names, directory)
    parts = {}
    for p in presets:
        if p.lab not in parts:
            spec = bnviz.labs.spec(p.lab)
            parts[p.lab] = (spec.Config, claims_module_name(spec))
    jobs = min(2, os.cpu_count() or 1) if jobs is None else max(1, int(jobs))
    done: dict[str, list[ClaimResult]] = {}
    results: list[ClaimResult] = []
    shown = 0

    def collect(rows: list[ClaimResult]) -> None:
        nonlocal shown
        for r in rows:                 # a task's rows arrive together, lesson by lesson
            done.setdefault(r.lesson, []).append(r)
        while shown < len(presets) and presets[shown].name in done:
            for r in done.pop(presets[shown].name):
                results.append(r)
                if on_result is not None:
                    on_result(r)
            shown += 1

    tasks = [(cfg, module, [p for p in presets if p.lab == key]) for key, (cfg, module) in parts.items()]
    tasks.sort(key=lambda t: -sum(len(p.claims) for p in t[2]))      # the biggest lab first
    if jobs == 1 or len(tasks) == 1:
        for task in tasks:
            collect(check_lab(*task, offsets))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(check_lab, *task, tuple(offsets)) for task in tasks]
            for f in as_completed(futures):
                collect(f.result())
    return results


def main(names: Sequence[str]) -> int:
    """The command: one line per claim on stdout, a summary, exit 2 when any claim fails."""
    t0 = time.perf_counter()
    lessons: dict[str, float] = {}

    def show(r: ClaimResult) -> None:
        lessons[r.row] = lessons.get(r.row, 0.0) + r.seconds
        print(r.line(), flush=True)

    results = check_lessons(names, on_result=show)
    failed = [r for r in results if not r.passed]
    took = time.perf_counter() - t0
    slowest = ", ".join(f"{row} {s:.1f} s" for row, s in sorted(lessons.items(), key=lambda kv: -kv[1])[:3])
    print(f"{len(lessons)} lessons, {len(results)} claims, seeds +{'/+'.join(map(str, SEED_OFFSETS))}: "
          f"{len(results) - len(failed)} pass, {len(failed)} fail ({took:.1f} s; slowest {slowest})")
    if failed:
        print("bnviz: failed: " + ", ".join(r.id for r in failed), file=sys.stderr)
        return 2
    return 0
