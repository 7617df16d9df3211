"""Batch normalization exactly as the lecture notes define it.

For a mini-batch of ``m`` rows, per feature::

    mu      = mean over the batch
    sigma^2 = biased variance (divide by m)
    z_norm  = (z - mu) / sqrt(sigma^2 + eps)
    out     = gamma * z_norm + beta

At test time there is no mini-batch, so the layer keeps exponentially weighted
averages of the batch statistics::

    running = momentum * running + (1 - momentum) * batch

with ``momentum`` = 0.9 by default.  This is the lecture's convention (the
weight on the *old* value), the opposite of PyTorch, whose ``momentum=0.1``
is the weight on the new batch.  The running variance averages the same
biased batch variance used in training; the BN paper's unbiased m/(m-1)
population estimate is offered separately by the test-time lab.
"""

from __future__ import annotations

import numpy as np


class BatchNorm:
    """Batch normalization over axis 0 with learned ``gamma`` and ``beta``."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9,
                 dtype: np.dtype | str = np.float32) -> None:
        if num_features < 1:
            raise ValueError(f"num_features={num_features} is out of range: must be >= 1")
        if not (eps > 0 and np.isfinite(eps)):
            raise ValueError(f"eps={eps} is out of range: must be > 0 and finite")
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum={momentum} is out of range: allowed [0, 1)")
        self.dtype = np.dtype(dtype)
        self.eps = float(eps)
        self.momentum = float(momentum)
        self.gamma = np.ones(num_features, dtype=self.dtype)
        self.beta = np.zeros(num_features, dtype=self.dtype)
        self.running_mean = np.zeros(num_features, dtype=self.dtype)
        self.running_var = np.ones(num_features, dtype=self.dtype)
        self.dgamma = np.zeros_like(self.gamma)
        self.dbeta = np.zeros_like(self.beta)
        # the last training batch's statistics, reported by the probes
        self.batch_mean = np.zeros_like(self.gamma)
        self.batch_var = np.ones_like(self.gamma)
        self._cache: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def num_features(self) -> int:
        return self.gamma.shape[0]

    def forward(self, x: np.ndarray, training: bool, update_running: bool = True) -> np.ndarray:
        """Normalize ``x`` of shape (m, num_features).

        ``training`` uses the batch's own statistics (and, unless
        ``update_running`` is False, folds them into the running estimates);
        otherwise the running estimates are used.  Probes pass
        ``update_running=False`` so that looking at the network never changes it.
        """
        if training:
            # Performance: sum(axis=0) / n is bitwise mean(axis=0) (the same reduction, the
            # same correctly rounded division) without mean()'s Python-level overhead,
            # which was a third of a small network's training step.
            n = x.shape[0]
            mu = x.sum(axis=0) / n
            xc = x - mu
            var = (xc * xc).sum(axis=0) / n
            inv_std = 1.0 / np.sqrt(var + self.dtype.type(self.eps))
            x_norm = xc * inv_std
            if update_running:
                m = self.dtype.type(self.momentum)
                self.running_mean = m * self.running_mean + (1 - m) * mu
                self.running_var = m * self.running_var + (1 - m) * var
                self.batch_mean, self.batch_var = mu, var
                self._cache = (x_norm, inv_std)
        else:
            inv_std = 1.0 / np.sqrt(self.running_var + self.dtype.type(self.eps))
            x_norm = (x - self.running_mean) * inv_std
        return self.gamma * x_norm + self.beta

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        """Gradient of the loss with respect to the input of the last training forward.

        Uses the compact form of the batch-norm gradient::

            dx = inv_std * (g - mean(g) - x_norm * mean(g * x_norm)),  g = gamma * dout

        and, as mean(g) = gamma * dbeta / m and mean(g * x_norm) = gamma * dgamma / m,
        computes it from the two sums it takes anyway::

            dx = inv_std * gamma * (dout - dbeta / m - x_norm * dgamma / m)
        """
        if self._cache is None:
            raise RuntimeError("BatchNorm.backward needs a forward(training=True) first")
        x_norm, inv_std = self._cache
        n = grad_out.shape[0]
        self.dbeta = grad_out.sum(axis=0)
        self.dgamma = (grad_out * x_norm).sum(axis=0)
        # Performance: reusing dbeta and dgamma saves two passes over the batch (the sums of g and
        # g * x_norm) and the arrays g, g * x_norm; equal to the form above up to rounding
        return inv_std * self.gamma * (grad_out - self.dbeta / n - x_norm * (self.dgamma / n))
