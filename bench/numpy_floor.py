"""The BN paper net's training step in the fewest NumPy calls: how far a pure-NumPy step can go.

Why: ``engine_gemm_fraction`` asks the engine's step to spend half its time
in its matmuls.  This step computes what the engine's step computes (a
mini-batch gathered from a permutation, Dense without bias, textbook BN with
its running averages, sigmoid, softmax cross-entropy, plain SGD) in one
function, in place wherever the result is not needed later, with every
parameter and gradient in one flat buffer so SGD is two NumPy calls.  It
keeps nothing the app needs (no traces for the probes, no layer objects,
no divergence checks).  Its matmul fraction, measured in the same rounds as
the engine's, is about as high as a NumPy step of this net goes; the gap
between the two is what the engine's structure costs.
``tests/bench/test_numpy_floor.py`` checks its loss and gradients against the engine's.
"""

from __future__ import annotations

import os

import numpy as np

from bench.timing import TimedRun
from bnviz.engine.trainer import Trainer


class FloorStep:
    """The step of a ``Trainer`` whose net is sigmoid blocks with BN before the activation, SGD.

    Starts from a copy of the trainer's weights, running estimates, data and settings.
    """

    def __init__(self, trainer: Trainer) -> None:
        net = trainer.net
        if not all(b.bn is not None and b.placement == "before" and b.dense.b is None
                   and b.activation == "sigmoid" for b in net.blocks):
            raise ValueError("FloorStep is the BN paper net's step: sigmoid blocks, BN before it, no bias")
        params = net.parameters()
        self.P = np.concatenate([p.ravel() for _, p, _, _ in params])
        self.G = np.zeros_like(self.P)
        views, at = {}, 0
        for name, p, _, _ in params:
            views[name] = (self.P[at:at + p.size].reshape(p.shape), self.G[at:at + p.size].reshape(p.shape))
            at += p.size
        self.layers = [(views[f"W{i}"], views[f"gamma{i}"], views[f"beta{i}"],
                        b.bn.running_mean.copy(), b.bn.running_var.copy())
                       for i, b in enumerate(net.blocks, start=1)]
        self.out = (views["W_out"], views["b_out"])
        dt = net.dtype.type
        self.eps, self.momentum = dt(net.blocks[0].bn.eps), dt(net.blocks[0].bn.momentum)
        self.lr = dt(trainer.learning_rate)
        self.x_train, self.y_train = trainer.data.x_train, trainer.data.y_train
        self.batch = min(trainer.cfg.batch_size, len(self.x_train))
        self._rng = np.random.default_rng(trainer.cfg.seed)
        self._perm = self._rng.permutation(len(self.x_train))
        self._pos = 0
        self._rows = np.arange(self.batch)

    def gradients(self, x: np.ndarray, y: np.ndarray) -> float:
        """One forward and backward pass on (x, y); the gradients land in ``G``; returns the loss."""
        m, eps, mom = x.shape[0], self.eps, self.momentum
        inputs, saved = [x], []
        h = x
        for (W, _), (gamma, _), (beta, _), run_mean, run_var in self.layers:
            z = h @ W
            mu = np.add.reduce(z, 0)
            mu /= m
            z -= mu                                   # z is not needed again: centred in place
            var = np.add.reduce(z * z, 0)
            var /= m
            run_mean *= mom
            run_mean += (1 - mom) * mu
            run_var *= mom
            run_var += (1 - mom) * var
            var += eps
            inv_std = np.reciprocal(np.sqrt(var, out=var), out=var)
            z *= inv_std                              # z_norm
            a = z * gamma
            a += beta
            nonneg = a >= 0                           # sigmoid as the engine computes it, in place
            e = np.abs(a, out=a)
            np.negative(e, out=e)
            np.exp(e, out=e)
            h = np.maximum(e, nonneg, dtype=e.dtype)
            e += 1
            h /= e
            saved.append((z, inv_std, h))
            inputs.append(h)
        (W_out, dW_out), (b_out, db_out) = self.out
        zs = h @ W_out
        zs += b_out
        zs -= zs.max(axis=1, keepdims=True)
        dz = np.exp(zs)
        total = np.add.reduce(dz, 1, keepdims=True)
        loss = float((np.log(total[:, 0]) - zs[self._rows[:m], y]).sum() / m)
        dz /= total
        dz[self._rows[:m], y] -= 1
        dz /= m
        np.matmul(h.T, dz, out=dW_out)
        np.add.reduce(dz, 0, out=db_out)
        g = dz @ W_out.T
        for i in range(len(self.layers) - 1, -1, -1):
            (W, dW), (gamma, dgamma), (_, dbeta), _, _ = self.layers[i]
            z_norm, inv_std, a = saved[i]
            g *= a
            g *= 1 - a
            np.add.reduce(g, 0, out=dbeta)
            np.add.reduce(g * z_norm, 0, out=dgamma)
            t = z_norm * (dgamma / m)
            t += dbeta / m
            g -= t
            g *= inv_std * gamma
            np.matmul(inputs[i].T, g, out=dW)
            if i:
                g = g @ W.T
        return loss

    def step(self) -> float:
        if self._pos + self.batch > len(self._perm):
            self._perm, self._pos = self._rng.permutation(len(self.x_train)), 0
        idx = self._perm[self._pos:self._pos + self.batch]
        self._pos += self.batch
        loss = self.gradients(self.x_train[idx], self.y_train[idx])
        self.G *= self.lr
        self.P -= self.G
        return loss


class FloorRun(TimedRun):
    """``FloorStep`` with ``EngineRun``'s interface, for ``bench.rounds.measure``."""

    def __init__(self, trainer: Trainer) -> None:
        self.floor = FloorStep(trainer)
        self.pid = os.getpid()

    def run(self, n: int) -> None:
        for _ in range(n):
            self.floor.step()
