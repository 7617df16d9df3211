"""The MLP: hidden blocks of Dense -> [BatchNorm] -> activation, then softmax.

A block records what it computed in the last forward (``z``, the BN output,
the activation's input and output) so the probes can report the
distributions the Batch Norm Lab draws without a second pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bnviz.engine import activations
from bnviz.engine.batchnorm import BatchNorm
from bnviz.engine.config import NetConfig
from bnviz.engine.layers import Dense
from bnviz.engine.losses import cross_entropy

MODES = ("train", "eval", "batch")


@dataclass
class Trace:
    """What one hidden block computed in the last forward pass."""

    z: np.ndarray                 # Dense output
    bn_in: np.ndarray | None      # BN input (z before the activation, or a after it)
    bn_out: np.ndarray | None     # BN output z~ = gamma * z_norm + beta
    act_in: np.ndarray            # the activation's input (the BN paper's "sigmoid input")
    a: np.ndarray                 # block output (before dropout, which only training applies)


class Block:
    """One hidden layer: Dense, optional BN before or after the activation, optional noise, optional dropout."""

    def __init__(self, n_in: int, n_out: int, cfg: NetConfig, rng: np.random.Generator) -> None:
        self.activation = cfg.activation
        self.placement = cfg.bn_placement
        bias = (not cfg.batch_norm) or cfg.bn_placement == "after" or cfg.keep_bias
        self.dense = Dense(n_in, n_out, bias=bias, init=cfg.init, init_std=cfg.init_std,
                           rng=rng, dtype=cfg.dtype)
        self.bn = (BatchNorm(n_out, eps=cfg.bn_eps, momentum=cfg.bn_momentum, dtype=cfg.dtype)
                   if cfg.batch_norm else None)
        self.keep_prob = float(cfg.keep_prob)
        self.trace: Trace | None = None
        self._noise_scale: np.ndarray | None = None
        self._act_in: np.ndarray | None = None
        self._mask: np.ndarray | None = None          # last training forward's dropout mask / keep_prob
        self._fixed: tuple[np.ndarray, np.ndarray] | None = None   # (z_norm, 1/std) of a fixed-stats training step

    def _bn(self, x: np.ndarray, mode: str, stats: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
        if stats is None:
            if mode == "train":
                self._fixed = None
            return self.bn.forward(x, training=mode != "eval", update_running=mode == "train")
        if mode == "train":
            return self._bn_fixed(x, stats)
        mean, var = stats
        return self.bn.gamma * (x - mean) / np.sqrt(var + self.bn.eps) + self.bn.beta

    def _bn_fixed(self, x: np.ndarray, stats: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Training with given (noise-free) statistics, held constant in the backward pass.

        Why: the test-time lab's control normalizes every batch with the whole
        training set's mean and variance, so no example is nudged by the others
        in its batch; the statistics are treated like inference's, not differentiated.
        """
        mean, var = stats
        dt = x.dtype.type
        inv_std = (1.0 / np.sqrt(var + dt(self.bn.eps))).astype(x.dtype, copy=False)
        x_norm = (x - mean.astype(x.dtype, copy=False)) * inv_std
        self._fixed = (x_norm, inv_std)
        return self.bn.gamma * x_norm + self.bn.beta

    def _bn_fixed_backward(self, g: np.ndarray) -> np.ndarray:
        """The backward of ``_bn_fixed``: the statistics are constants, so only gamma's scaling remains."""
        x_norm, inv_std = self._fixed
        self.bn.dbeta = g.sum(axis=0)
        self.bn.dgamma = (g * x_norm).sum(axis=0)
        return g * (self.bn.gamma * inv_std)

    def _dropout(self, a: np.ndarray, rng: np.random.Generator | None) -> np.ndarray:
        """Inverted dropout: keep each unit with probability ``keep_prob`` and divide by it.

        Dividing by ``keep_prob`` keeps the expected activation, so test time
        needs no rescaling (the notes' inverted dropout).  Only a training
        forward with ``keep_prob`` < 1 calls this; with 1 no mask is ever drawn.
        """
        if rng is None:
            raise RuntimeError("keep_prob < 1 needs the network's dropout_rng (the Trainer sets it)")
        keep = self.keep_prob
        u = rng.random(a.shape, dtype=np.float32 if a.dtype == np.float32 else np.float64)
        self._mask = (u < keep).astype(a.dtype) * a.dtype.type(1.0 / keep)
        return a * self._mask

    def forward(self, x: np.ndarray, mode: str, noise: tuple[np.ndarray, np.ndarray] | None,
                stats: tuple[np.ndarray, np.ndarray] | None = None,
                drop_rng: np.random.Generator | None = None) -> np.ndarray:
        train = mode == "train"
        z = self.dense.forward(x, keep=train)
        bn_in = bn_out = None
        if self.bn is not None and self.placement == "before":
            bn_in = z
            bn_out = self._bn(z, mode, stats)
            act_in = self._inject(bn_out, noise, train)
            a = activations.forward(self.activation, act_in)
        elif self.bn is not None:
            act_in = z
            bn_in = activations.forward(self.activation, z)
            bn_out = self._bn(bn_in, mode, stats)
            a = self._inject(bn_out, noise, train)
        else:
            act_in = self._inject(z, noise, train)
            a = activations.forward(self.activation, act_in)
        self.trace = Trace(z, bn_in, bn_out, act_in, a)
        return self._dropout(a, drop_rng) if train and self.keep_prob < 1.0 else a

    def _inject(self, x: np.ndarray, noise: tuple[np.ndarray, np.ndarray] | None, train: bool) -> np.ndarray:
        """Noisy BN (Santurkar et al. 2018): x * s + m with a fresh s, m per training step."""
        if noise is None or not train:
            self._noise_scale = None
            return x
        shift, scale = noise
        self._noise_scale = scale
        return x * scale + shift

    def backward(self, grad_a: np.ndarray, need_input_grad: bool) -> np.ndarray | None:
        t = self.trace
        s = self._noise_scale
        if self._mask is not None:
            grad_a = grad_a * self._mask          # the same mask as the forward: dropped units get none
        if self.bn is not None and self.placement == "before":
            g = activations.backward(self.activation, t.act_in, t.a, grad_a)
            if s is not None:
                g = g * s
            g = self.bn.backward(g) if self._fixed is None else self._bn_fixed_backward(g)
        elif self.bn is not None:
            g = grad_a * s if s is not None else grad_a
            g = self.bn.backward(g) if self._fixed is None else self._bn_fixed_backward(g)
            g = activations.backward(self.activation, t.z, t.bn_in, g)
        else:
            g = activations.backward(self.activation, t.act_in, t.a, grad_a)
            if s is not None:
                g = g * s
        return self.dense.backward(g, need_input_grad)


class MLP:
    """Hidden blocks then a Dense softmax output, trained with cross-entropy."""

    def __init__(self, cfg: NetConfig, n_inputs: int, n_classes: int, rng: np.random.Generator) -> None:
        self.cfg = cfg
        self.dtype = np.dtype(cfg.dtype)
        sizes = (n_inputs, *cfg.hidden)
        self.blocks = [Block(sizes[i], sizes[i + 1], cfg, rng) for i in range(len(cfg.hidden))]
        # the output layer's init follows Xavier unless the small-Gaussian scheme is asked for
        out_init = "gaussian" if cfg.init == "gaussian" else "xavier"
        self.out = Dense(sizes[-1], n_classes, bias=True, init=out_init, init_std=cfg.init_std,
                         rng=rng, dtype=cfg.dtype)
        # dropout's own random stream (``cfg.keep_prob`` < 1); the Trainer gives it one from the run's seed
        self.dropout_rng: np.random.Generator | None = None
        # rows whose statistics every BN layer trains with instead of the batch's (the noise-free control)
        self.bn_reference: np.ndarray | None = None

    @property
    def bn_layers(self) -> list[BatchNorm]:
        return [b.bn for b in self.blocks if b.bn is not None]

    def forward(self, x: np.ndarray, mode: str = "eval",
                noise: list[tuple[np.ndarray, np.ndarray]] | None = None,
                stats: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
        """Logits for ``x``.

        ``mode``: ``train`` (batch statistics, running estimates updated),
        ``eval`` (running estimates, or ``stats`` per BN block when given) or
        ``batch`` (the input's own statistics, nothing updated).  A
        ``train`` forward with ``stats`` normalizes with them, held constant in
        the backward; only ``train`` applies dropout.
        """
        h = x.astype(self.dtype, copy=False)
        drop = self.dropout_rng if mode == "train" else None
        for i, block in enumerate(self.blocks):
            h = block.forward(h, mode, noise[i] if noise else None, stats[i] if stats else None, drop)
        return self.out.forward(h, keep=mode == "train")

    def loss_and_backward(self, x: np.ndarray, y: np.ndarray,
                          noise: list[tuple[np.ndarray, np.ndarray]] | None = None) -> float:
        """One training forward and backward pass; gradients land on the layers.

        With ``bn_reference`` set, every BN layer normalizes with the mean and
        variance of those rows at the current weights (recomputed now, so
        noise-free but up to date) instead of the batch's own.
        """
        stats = None
        if self.bn_reference is not None and self.bn_layers:
            with np.errstate(all="ignore"):
                stats = population_stats(self, self.bn_reference)
        logits = self.forward(x, "train", noise, stats)
        loss, dz = cross_entropy(logits, y)
        g = self.out.backward(dz.astype(self.dtype, copy=False), need_input_grad=bool(self.blocks))
        for i in range(len(self.blocks) - 1, -1, -1):
            g = self.blocks[i].backward(g, need_input_grad=i > 0)
        return loss

    def parameters(self) -> list[tuple[str, np.ndarray, np.ndarray, bool]]:
        """(name, value, gradient, is_weight) for every trainable array, in a fixed order.

        ``is_weight`` marks what L2 applies to.  Values are updated in place
        by the optimizer, so this list is rebuilt after each backward.
        """
        out = []
        for i, b in enumerate(self.blocks, start=1):
            out.append((f"W{i}", b.dense.W, b.dense.dW, True))
            if b.dense.b is not None:
                out.append((f"b{i}", b.dense.b, b.dense.db, False))
            if b.bn is not None:
                out.append((f"gamma{i}", b.bn.gamma, b.bn.dgamma, False))
                out.append((f"beta{i}", b.bn.beta, b.bn.dbeta, False))
        out.append(("W_out", self.out.W, self.out.dW, True))
        out.append(("b_out", self.out.b, self.out.db, False))
        return out

    def all_finite(self) -> bool:
        return all(np.isfinite(p).all() for _, p, _, _ in self.parameters())

    def state(self) -> dict[str, np.ndarray]:
        """A copy of every parameter and running estimate (checkpoints, twins)."""
        st = {name: p.copy() for name, p, _, _ in self.parameters()}
        for i, b in enumerate(self.blocks, start=1):
            if b.bn is not None:
                st[f"running_mean{i}"] = b.bn.running_mean.copy()
                st[f"running_var{i}"] = b.bn.running_var.copy()
        return st

    def load_state(self, st: dict[str, np.ndarray]) -> None:
        for name, p, _, _ in self.parameters():
            p[...] = st[name]
        for i, b in enumerate(self.blocks, start=1):
            if b.bn is not None:
                b.bn.running_mean = st[f"running_mean{i}"].astype(self.dtype).copy()
                b.bn.running_var = st[f"running_var{i}"].astype(self.dtype).copy()

    def set_bn_hyper(self, eps: float, momentum: float) -> None:
        for bn in self.bn_layers:
            bn.eps, bn.momentum = float(eps), float(momentum)


def population_stats(net: MLP, x: np.ndarray, unbiased: bool = False) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Mean and variance of each BN layer's input over all of ``x`` (the BN paper's inference).

    Layers are visited in order, each normalised with the statistics just
    computed for it, so later layers see what inference will feed them.
    ``unbiased`` applies the paper's m/(m-1) correction to the variance.
    """
    stats: list[tuple[np.ndarray, np.ndarray] | None] = []
    h = x.astype(net.dtype, copy=False)
    m = x.shape[0]
    for block in net.blocks:
        if block.bn is None:
            stats.append(None)
            h = block.forward(h, "eval", None)
            continue
        z = block.dense.forward(h, keep=False)
        bn_in = z if block.placement == "before" else activations.forward(block.activation, z)
        mean, var = bn_in.mean(axis=0), bn_in.var(axis=0)
        if unbiased and m > 1:
            var = var * (m / (m - 1))
        stats.append((mean, var))
        h = block.forward(h, "eval", None, (mean, var))
    return stats
