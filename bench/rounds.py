"""Rates measured in alternating rounds on a shared machine, keeping the clean rounds."""

from __future__ import annotations

import time

from bench.contention import Meter

WARM_UP_SECONDS = 0.5
ROUND_SECONDS = 1.0
CLEAN_ROUNDS = 4            # best of this many clean rounds per side; rounds alternate engine / PyTorch
BUDGET_SECONDS = 10.0       # per measurement, when other processes keep spoiling rounds
MAX_OTHERS = 0.05           # a round is clean when other processes took at most 5% of all cores
MAX_WAIT_SECONDS = 2.0      # before a round, wait up to this long for the machine to be quiet


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
