"""Frozen, validated configs: the only thing the UI hands to the engine.

Each config checks itself in ``__post_init__`` and raises ``ValueError``
naming the field, the value and what is allowed, so the UI can show the
message verbatim and an invalid config never reaches a training step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.data import DataConfig

INITS = ("gaussian", "xavier", "he")
PLACEMENTS = ("before", "after")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
DECAYS = ("none", "inverse", "exponential", "step")
DTYPES = ("float32", "float64")


def check_range(name: str, value: float, lo: float, hi: float, *, lo_open: bool = False) -> None:
    """Raise the one ValueError format every config uses."""
    try:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    except OverflowError:       # an integer too large for a float
        ok = False
    ok = ok and (value > lo if lo_open else value >= lo) and value <= hi
    if not ok:
        left = "(" if lo_open else "["
        raise ValueError(f"{name}={value!r} is out of range: allowed {left}{lo:g}, {hi:g}]")


def check_choice(name: str, value: Any, allowed: tuple) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed: choose one of {', '.join(map(str, allowed))}")


@dataclass(frozen=True)
class NetConfig:
    """Architecture of the MLP; input and output sizes come from the data set."""

    hidden: tuple[int, ...] = (16, 16, 16)
    activation: str = "relu"
    batch_norm: bool = True
    bn_placement: str = "before"   # on z before the activation (the notes' default) or on a after it
    bn_eps: float = 1e-5
    bn_momentum: float = 0.9       # weight of the old running estimate (not PyTorch's convention)
    keep_bias: bool = False        # keep the Dense bias in front of BN to show its gradient is zero
    init: str = "he"
    init_std: float = 0.01         # std of the small-Gaussian init (the BN paper's experiments)
    dtype: str = "float32"
    keep_prob: float = 1.0         # inverted dropout on hidden activations in training (1.0: off, no mask drawn)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(w) for w in self.hidden))
        check_range("depth (number of hidden layers)", len(self.hidden), 0, 12)
        for i, w in enumerate(self.hidden):
            check_range(f"hidden[{i}] (width)", w, 1, 1024)
        check_choice("activation", self.activation, ACTIVATIONS)
        check_choice("bn_placement", self.bn_placement, PLACEMENTS)
        check_range("bn_eps", self.bn_eps, 0.0, 1.0, lo_open=True)
        check_range("bn_momentum", self.bn_momentum, 0.0, 0.9999)
        check_choice("init", self.init, INITS)
        check_range("init_std", self.init_std, 0.0, 10.0, lo_open=True)
        check_choice("dtype", self.dtype, DTYPES)
        check_range("keep_prob (dropout)", self.keep_prob, 0.0, 1.0, lo_open=True)


@dataclass(frozen=True)
class OptimConfig:
    """Optimizer and learning-rate schedule; may change between two steps."""

    name: str = "adam"
    learning_rate: float = 0.01
    beta1: float = 0.9     # momentum's beta, Adam's beta1
    beta2: float = 0.999   # RMSprop's and Adam's beta2
    eps: float = 1e-8
    weight_decay: float = 0.0   # L2 on the weights (not biases, gamma, beta)
    decay: str = "none"
    decay_rate: float = 0.0     # inverse: alpha0/(1+rate*epoch); exponential: alpha0*rate^epoch; step: halve every int(rate) epochs

    def __post_init__(self) -> None:
        check_choice("optimizer", self.name, OPTIMIZERS)
        check_range("learning_rate", self.learning_rate, 0.0, 1e4, lo_open=True)
        check_range("beta1", self.beta1, 0.0, 0.99999)
        check_range("beta2", self.beta2, 0.0, 0.99999)
        check_range("eps", self.eps, 0.0, 1.0, lo_open=True)
        check_range("weight_decay (L2)", self.weight_decay, 0.0, 10.0)
        check_choice("decay", self.decay, DECAYS)
        if self.decay == "exponential":
            check_range("decay_rate", self.decay_rate, 0.0, 1.0, lo_open=True)
        elif self.decay == "step":
            check_range("decay_rate", self.decay_rate, 1.0, 1e6)
        else:
            check_range("decay_rate", self.decay_rate, 0.0, 1e6)

    def rate_at(self, epoch: int, a0: Any = None) -> Any:
        """Learning rate in ``epoch`` under the schedule, from ``learning_rate`` or from ``a0``.

        ``a0`` may be an array: a population of models, each with its own starting rate.
        """
        a0 = self.learning_rate if a0 is None else a0
        if self.decay == "inverse":
            return a0 / (1.0 + self.decay_rate * epoch)
        if self.decay == "exponential":
            return a0 * self.decay_rate ** epoch
        if self.decay == "step":
            return a0 * 0.5 ** (epoch // int(self.decay_rate))
        return a0 * 1.0     # a copy when ``a0`` is an array


@dataclass(frozen=True)
class TrainConfig:
    """Everything one run needs; same config and seed give bitwise the same run."""

    data: DataConfig = field(default_factory=DataConfig)
    net: NetConfig = field(default_factory=NetConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    batch_size: int = 32
    seed: int = 0
    probe_every: int = 10      # steps between two probes (statistics for the panels)
    probe_unit: int = 0        # the unit whose input percentiles are tracked (BN paper Figure 1)
    noise_shift: float = 0.0   # "noisy BN": per-step shift ~ U(-a, a) injected after each BN layer
    noise_scale: float = 0.0   # "noisy BN": per-step scale ~ U(1, 1+b)

    def __post_init__(self) -> None:
        check_range("batch_size", self.batch_size, 1, 4096)
        check_range("seed", self.seed, 0, 2**32 - 1)
        check_range("probe_every", self.probe_every, 1, 100000)
        check_range("probe_unit", self.probe_unit, 0, 1023)
        check_range("noise_shift", self.noise_shift, 0.0, 10.0)
        check_range("noise_scale", self.noise_scale, 0.0, 10.0)

    def with_bn(self, on: bool) -> TrainConfig:
        return replace(self, net=replace(self.net, batch_norm=on))


# Fields that can change between two steps of a live run; anything else rebuilds it.
HOT_NET_FIELDS = frozenset({"bn_momentum", "bn_eps"})
HOT_TRAIN_FIELDS = frozenset({"optim", "batch_size", "probe_every", "probe_unit", "noise_shift", "noise_scale"})


def needs_rebuild(old: TrainConfig, new: TrainConfig) -> bool:
    """True when going from ``old`` to ``new`` needs a fresh run (new data or architecture)."""
    for f in fields(TrainConfig):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a == b or f.name in HOT_TRAIN_FIELDS:
            continue
        if f.name == "net":
            if any(getattr(a, g.name) != getattr(b, g.name)
                   for g in fields(NetConfig) if g.name not in HOT_NET_FIELDS):
                return True
            continue
        return True
    return False


class TrainsOneRun:
    """Mixin for a lab config whose run is its ``train`` field: the lab's seed is the run's.

    Every lab config has ``seed`` and ``with_seed`` (the toolbar's seed box
    and New seed act through them); most labs train one ``TrainConfig``.
    """

    train: TrainConfig

    @property
    def seed(self) -> int:
        return self.train.seed

    def with_seed(self, seed: int) -> Any:
        return replace(self, train=replace(self.train, seed=seed))

    def runs(self) -> tuple[TrainConfig, ...]:
        """The runs the lab trains from this config; a lab that trains twins says which (BN and no BN)."""
        return (self.train,)
