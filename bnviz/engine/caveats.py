"""Settings the engine allows on purpose whose result looks like a bug: named here, from the config alone.

A mini-batch of one row with batch norm in training mode is the notes'
batch-of-one point (B7): the batch mean of one row is the row itself, so
``z - mu`` is exactly 0 and ``z_norm = (z - mu) / sqrt(sigma^2 + eps)`` is 0
for every unit.  Each BN layer then outputs its ``beta`` whatever its input,
and its backward pass, ``inv_std * (g - mean(g) - z_norm * mean(g * z_norm))``,
is exactly 0: no gradient reaches any weight below a BN layer, and only the
last BN layer's ``beta`` and the output layer learn.  The run is kept (it is a
lesson), and the page says so instead of letting it fail silently; the claim
is checked in ``tests/engine/test_caveats.py``.
"""

from __future__ import annotations

from typing import Any

from bnviz.engine.config import TrainConfig


def bn_batch_of_one(train: TrainConfig) -> bool:
    """True when ``train`` normalizes mini-batches of one row: a net with BN layers, batch size 1."""
    return train.net.batch_norm and len(train.net.hidden) > 0 and train.batch_size == 1


def lab_bn_batch_of_one(lab_cfg: Any) -> bool:
    """True when a lab config (anything with ``runs()``, see ``TrainsOneRun``) trains a BN net on batches of one."""
    runs = getattr(lab_cfg, "runs", None)
    return callable(runs) and any(bn_batch_of_one(t) for t in runs())
