"""Steps per second of a training loop: warm up, then time rounds of about ``seconds``."""

from __future__ import annotations

import time
from typing import Callable


def warm_up(run: Callable[[int], None], seconds: float) -> tuple[float, int]:
    """Run for ``seconds``; return the rate seen and a chunk size worth ~20 ms of steps."""
    n, chunk = 0, 1
    t0 = time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        run(chunk)
        n += chunk
        chunk = min(chunk * 2, 64)
    rate = n / elapsed
    return rate, max(1, int(rate * 0.02))


def timed_round(run: Callable[[int], None], seconds: float, chunk: int) -> float:
    """Steps per second over one round of at least ``seconds``."""
    n = 0
    t0 = time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        run(chunk)
        n += chunk
    return n / elapsed


class TimedRun:
    """``warm_up`` and ``timed_round`` over the subclass's ``run(n)``: the interface ``bench.rounds.measure`` times."""

    chunk = 1

    def run(self, n: int) -> None:
        raise NotImplementedError

    def warm_up(self, seconds: float) -> float:
        rate, self.chunk = warm_up(self.run, seconds)
        return rate

    def timed_round(self, seconds: float) -> float:
        return timed_round(self.run, seconds, self.chunk)
