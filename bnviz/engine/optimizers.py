"""Gradient descent, momentum, RMSprop and Adam, updating parameters in place.

State (velocities, squared averages, Adam's step count) is keyed by the
parameter's position in ``MLP.parameters()``, so the optimizer and its
hyperparameters can be swapped between two steps of a live run: a new
optimizer kind starts with fresh state, a new learning rate or beta keeps it.
"""

from __future__ import annotations

import numpy as np

from bnviz.engine.config import OptimConfig


class Optimizer:
    def __init__(self, cfg: OptimConfig) -> None:
        self.cfg = cfg
        self.t = 0
        self._v: dict[int, np.ndarray] = {}
        self._s: dict[int, np.ndarray] = {}

    def configure(self, cfg: OptimConfig) -> None:
        """Adopt new settings; the state survives unless the optimizer kind changed."""
        if cfg.name != self.cfg.name:
            self.t = 0
            self._v.clear()
            self._s.clear()
        self.cfg = cfg

    def step(self, params: list[tuple[str, np.ndarray, np.ndarray, bool]], lr: float) -> None:
        c = self.cfg
        self.t += 1
        for k, (_, p, g, is_weight) in enumerate(params):
            if is_weight and c.weight_decay:
                g = g + p.dtype.type(c.weight_decay) * p
            if c.name == "sgd":
                upd = lr * g
            elif c.name == "momentum":
                v = self._v.get(k)
                v = g * (1 - c.beta1) if v is None else c.beta1 * v + (1 - c.beta1) * g
                self._v[k] = v
                upd = lr * v
            elif c.name == "rmsprop":
                s = self._s.get(k)
                s = (1 - c.beta2) * g * g if s is None else c.beta2 * s + (1 - c.beta2) * g * g
                self._s[k] = s
                upd = lr * g / (np.sqrt(s) + c.eps)
            else:  # adam, bias-corrected
                v = self._v.get(k, 0.0)
                s = self._s.get(k, 0.0)
                v = c.beta1 * v + (1 - c.beta1) * g
                s = c.beta2 * s + (1 - c.beta2) * g * g
                self._v[k], self._s[k] = v, s
                v_hat = v / (1 - c.beta1 ** self.t)
                s_hat = s / (1 - c.beta2 ** self.t)
                upd = lr * v_hat / (np.sqrt(s_hat) + c.eps)
            p -= upd.astype(p.dtype, copy=False)

    def state(self) -> dict:
        return {"t": self.t, "v": {k: v.copy() for k, v in self._v.items()},
                "s": {k: s.copy() for k, s in self._s.items()}, "cfg": self.cfg}

    def load_state(self, st: dict) -> None:
        self.cfg = st["cfg"]
        self.t = st["t"]
        self._v = {k: v.copy() for k, v in st["v"].items()}
        self._s = {k: s.copy() for k, s in st["s"].items()}
