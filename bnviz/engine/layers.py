"""Fully connected layer z = x W + b with the initialisations the lectures use."""

from __future__ import annotations

import numpy as np


def init_weights(n_in: int, n_out: int, scheme: str, std: float, rng: np.random.Generator,
                 dtype: np.dtype) -> np.ndarray:
    """Draw a weight matrix.

    ``gaussian`` is the BN paper's small fixed-std init (it lets a deep sigmoid
    net start saturated-free but learn slowly without BN); ``xavier`` keeps the
    variance for tanh/sigmoid, ``he`` for ReLU.
    """
    if scheme == "gaussian":
        s = std
    elif scheme == "xavier":
        s = np.sqrt(2.0 / (n_in + n_out))
    elif scheme == "he":
        s = np.sqrt(2.0 / n_in)
    else:
        raise ValueError(f"init={scheme!r} is unknown; allowed: gaussian, xavier, he")
    return (rng.standard_normal((n_in, n_out)) * s).astype(dtype)


class Dense:
    """z = x W (+ b).  ``bias=False`` is the BN default: beta takes b's role."""

    def __init__(self, n_in: int, n_out: int, *, bias: bool, init: str, init_std: float,
                 rng: np.random.Generator, dtype: np.dtype | str = np.float32) -> None:
        dtype = np.dtype(dtype)
        self.W = init_weights(n_in, n_out, init, init_std, rng, dtype)
        self.b = np.zeros(n_out, dtype=dtype) if bias else None
        self.dW = np.zeros_like(self.W)
        self.db = None if self.b is None else np.zeros_like(self.b)
        self._x: np.ndarray | None = None

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        if keep:
            self._x = x
        z = x @ self.W
        if self.b is not None:
            z += self.b
        return z

    def backward(self, grad_z: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Store dW, db; return dL/dx unless the caller (the first layer) does not need it."""
        self.dW = self._x.T @ grad_z
        if self.b is not None:
            self.db = grad_z.sum(axis=0)
        return grad_z @ self.W.T if need_input_grad else None
