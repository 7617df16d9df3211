"""Snapshots: what crosses from the training process to the panels.

Every array in a snapshot is a private copy, marked read-only, so a panel on
the GUI thread can keep a snapshot while training goes on (and a snapshot
pickles plainly for the pipe from the worker process).  A panel draws
these numbers and computes none of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

if TYPE_CHECKING:       # only a type here: data.py imports this module, and config imports data
    from bnviz.engine.config import TrainConfig


def frozen(a: Any, dtype: Any = None, copy: bool = True) -> np.ndarray | None:
    """A read-only copy of ``a`` (None passes through); with ``copy=False``, ``a`` itself made read-only.

    Snapshots cross to the GUI (or another process) and must never change
    under a panel: every array they carry goes through here.
    """
    if a is None:
        return None
    a = np.array(a, dtype=dtype, copy=True) if copy else np.asarray(a, dtype=dtype)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class Histogram:
    edges: np.ndarray     # bin edges, stable between re-fits
    counts: np.ndarray    # counts per bin (the right edge included)
    below: int = 0        # values left of the edges, counted apart (never in counts[0])
    above: int = 0        # values right of the edges (never in counts[-1])

    @property
    def centers(self) -> np.ndarray:
        return 0.5 * (self.edges[1:] + self.edges[:-1])


@dataclass(frozen=True, eq=False)
class LayerStats:
    """One hidden block's statistics on the probe batch at one step.

    The four histograms are None when the model was told its page does not show
    them (``Trainer.show_histograms``); ``bn_out`` is None too without BN.
    """

    index: int                       # 1-based layer number
    width: int
    z: Histogram | None              # Dense output (BN's input when BN sits before the activation)
    bn_out: Histogram | None         # BN output z~ = gamma * z_norm + beta
    act_in: Histogram | None         # the activation's input
    a: Histogram | None              # the activation's output
    act_in_pct: np.ndarray           # 15/50/85th percentiles of the activation input, all units
    unit_pct: np.ndarray             # the same for the tracked unit (BN paper Figure 1)
    gamma: np.ndarray | None
    beta: np.ndarray | None
    batch_mean: np.ndarray | None    # statistics of the last training mini-batch
    batch_var: np.ndarray | None
    running_mean: np.ndarray | None  # exponentially weighted estimates used at test time
    running_var: np.ndarray | None
    grad_norm: float                 # ||dL/dW|| of the Dense layer on the last step
    bias_grad_norm: float            # ||dL/db|| (nan when the layer has no bias)


@dataclass(frozen=True, eq=False)
class DecisionMap:
    """Class probabilities on a grid over a 2-D input plane (TensorFlow Playground's view)."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    probs: np.ndarray     # (ny, nx, C); row 0 is y_range[0]
    points: np.ndarray    # (n, 2) the validation points drawn on top, in model-input coordinates
    labels: np.ndarray    # (n,)


class RunReadout:
    """What every run's snapshot answers from its ``diverged_at`` and ``history`` fields."""

    diverged_at: int | None
    history: Mapping[str, np.ndarray]

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def last(self, column: str) -> float:
        col = self.history.get(column)
        return float(col[-1]) if col is not None and len(col) else float("nan")


@dataclass(frozen=True, eq=False)
class RunSnapshot(RunReadout):
    """The state of one training run, as drawn by the labs."""

    label: str                        # "BN" or "no BN"
    config: TrainConfig
    step: int
    epoch: int
    learning_rate: float
    diverged_at: int | None
    divergence_reason: str
    history: Mapping[str, np.ndarray]  # bounded columns, see Trainer.HISTORY_DOC
    layers: tuple[LayerStats, ...]
    decision: DecisionMap | None
