"""Matmul FLOPs of one training step, and the machine's float32 GEMM rate on the same shapes."""

from __future__ import annotations

import os

import numpy as np

from bench.timing import TimedRun


def step_matmuls(sizes: tuple[int, ...], batch: int) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """The (a @ b) products of one forward+backward pass, in the engine's memory layouts.

    Per layer: z = x W, dW = x.T g and dx = g W.T; the first layer needs no dx.
    Layout 'T' marks a transposed view (what ``x.T`` / ``W.T`` hand to BLAS).
    """
    out = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        out.append(("x W", (batch, n_in), (n_in, n_out)))
        out.append(("x.T g", (n_in, batch), (batch, n_out)))
        if i > 0:
            out.append(("g W.T", (batch, n_out), (n_out, n_in)))
    return out


def step_flops(sizes: tuple[int, ...], batch: int) -> int:
    """2*m*n*k per (m,k)@(k,n) product."""
    return sum(2 * a[0] * a[1] * b[1] for _, a, b in step_matmuls(sizes, batch))


class GemmRun(TimedRun):
    """The step's matmuls alone (np.matmul, float32, the engine's layouts): the physical limit.

    Same interface as ``EngineRun``; a "step" here is one pass over the matmuls.
    """

    def __init__(self, sizes: tuple[int, ...], batch: int) -> None:
        rng = np.random.default_rng(0)
        self.ops = []
        for kind, a_shape, b_shape in step_matmuls(sizes, batch):
            if kind == "x W":
                a, b = rng.random(a_shape, np.float32), rng.random(b_shape, np.float32)
            elif kind == "x.T g":
                a, b = rng.random(a_shape[::-1], np.float32).T, rng.random(b_shape, np.float32)
            else:
                a, b = rng.random(a_shape, np.float32), rng.random(b_shape[::-1], np.float32).T
            self.ops.append((a, b))
        self.pid = os.getpid()

    def run(self, n: int) -> None:
        for _ in range(n):
            for a, b in self.ops:
                np.matmul(a, b)
