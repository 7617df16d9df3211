"""Training speed of the bnviz engine (pure NumPy), one Trainer per network."""

from __future__ import annotations

import os

from bench.models import train_config
from bench.timing import timed_round, warm_up
from bnviz.engine.trainer import Trainer


class EngineRun:
    """A Trainer of one benchmark network, stepped exactly as the app steps it (``Trainer.run``)."""

    def __init__(self, model: str, batch_norm: bool) -> None:
        self.cfg = train_config(model, batch_norm)
        self.trainer = Trainer(self.cfg)
        self.chunk = 1
        self.rate = 0.0
        self.pid = os.getpid()   # the process doing the work (for the contention meter)

    def _run(self, n: int) -> None:
        if self.trainer.run(n) != n:
            raise RuntimeError(f"the benchmark run diverged: {self.trainer.divergence_reason}")

    def _no_probe_ahead(self, seconds: float) -> None:
        # a probe fires every probe_every steps; restart (untimed) before a round could reach one
        if self.trainer.step_count + 2 * self.rate * seconds + 2 * self.chunk >= self.cfg.probe_every:
            self.trainer.reset()
            warm_up(self._run, 0.1)

    def warm_up(self, seconds: float) -> float:
        self.rate, self.chunk = warm_up(self._run, seconds)
        return self.rate

    def timed_round(self, seconds: float) -> float:
        self._no_probe_ahead(seconds)
        return timed_round(self._run, seconds, self.chunk)
