"""Memory held by a long run's history (``DecimatingHistory``)."""

from __future__ import annotations

from dataclasses import replace

from bench.models import train_config
from bnviz.engine.trainer import Trainer


def history_after_rows(n_rows: int = 10**6) -> tuple[int, int]:
    """(bytes, rows kept) of a 2-D net trainer's history after ``n_rows`` appended rows.

    The trainer really trains 100 steps with a probe every 10 (its own history
    rows); its last row is then appended again through the same
    ``history.append`` the trainer calls, until ``n_rows`` rows were offered:
    the history of a 10^6-step run probed at every step, without training
    10^6 steps.
    """
    cfg = replace(train_config("net2d", True), probe_every=10)
    tr = Trainer(cfg)
    tr.run(100)
    offered = len(tr.history)   # nothing decimated yet: 11 rows < capacity
    last = {k: col[-1] for k, col in tr.history.columns().items()}
    append = tr.history.append
    for _ in range(n_rows - offered):
        append(**last)
    return tr.history.nbytes, len(tr.history)
