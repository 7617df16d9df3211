"""Element-wise activation functions and their derivatives.

Each activation is a pair of plain functions so the network can cache
whatever the derivative needs (the output for sigmoid/tanh, the input for the
rectifiers) without an object per layer.  ``curve`` exists so the UI can draw
the function over a histogram without knowing its formula.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
LEAKY_SLOPE = 0.01


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of -|z| never overflows; both branches are the same function:
    # 1 / (1 + e) for z >= 0 and e / (1 + e) below.  The numerator exp(min(z, 0)) is
    # exactly 1 or e (bitwise, NaN and -0.0 included) and costs less than np.where's
    # select (12% of the BN paper net's step); dividing once gives bitwise the same
    # values as computing both quotients and selecting one.
    e = np.exp(-np.abs(z))
    return (np.exp(np.minimum(z, 0)) / (1 + e)).astype(z.dtype, copy=False)


def forward(name: str, z: np.ndarray) -> np.ndarray:
    """Apply activation ``name`` to ``z``."""
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, z * z.dtype.type(LEAKY_SLOPE))
    if name == "linear":
        return z
    raise ValueError(f"activation={name!r} is unknown; allowed: {', '.join(ACTIVATIONS)}")


def backward(name: str, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """Gradient with respect to the input, given input ``z``, output ``a`` and dL/da."""
    if name == "sigmoid":
        return grad_a * a * (1 - a)
    if name == "tanh":
        return grad_a * (1 - a * a)
    if name == "relu":
        return grad_a * (z > 0)
    if name == "leaky_relu":
        return grad_a * np.where(z > 0, z.dtype.type(1), z.dtype.type(LEAKY_SLOPE))
    if name == "linear":
        return grad_a
    raise ValueError(f"activation={name!r} is unknown; allowed: {', '.join(ACTIVATIONS)}")


def curve(name: str, lo: float, hi: float, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Sample the activation on [lo, hi] for drawing over a histogram."""
    x = np.linspace(lo, hi, n)
    return x, forward(name, x)


ActivationFn = Callable[[np.ndarray], np.ndarray]
