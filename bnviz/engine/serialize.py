"""Configs to and from plain JSON-able dicts, with errors that name the field.

Session and preset files hold configs as nested dicts.  Reading one back
goes through the dataclasses' own validation, and an unknown or mistyped
key is refused rather than ignored, so a typo in a lesson file is reported
instead of silently running the default.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig

NESTED = {"data": DataConfig, "net": NetConfig, "optim": OptimConfig}


def to_dict(cfg: Any) -> dict:
    """A JSON-able dict of a (nested) config dataclass; tuples become lists."""
    out = {}
    for f in dataclasses.fields(cfg):
        v = getattr(cfg, f.name)
        if dataclasses.is_dataclass(v):
            v = to_dict(v)
        elif isinstance(v, tuple):
            v = list(v)
        out[f.name] = v
    return out


def _build(cls: type, d: Any, where: str) -> Any:
    if not isinstance(d, dict):
        raise ValueError(f"{where or cls.__name__}: expected an object, got {type(d).__name__}")
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(d) - set(names))
    if unknown:
        raise ValueError(f"{where + '.' if where else ''}{unknown[0]}: unknown field; allowed: {', '.join(names)}")
    kwargs = {}
    for k, v in d.items():
        path = f"{where}.{k}" if where else k
        if cls is TrainConfig and k in NESTED:
            v = _build(NESTED[k], v, path)
        elif isinstance(v, list):
            v = tuple(v)
        kwargs[k] = v
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where + ': ' if where else ''}{exc}") from None


def train_config_from_dict(d: Any) -> TrainConfig:
    """Build and validate a ``TrainConfig``; missing fields take their defaults."""
    return _build(TrainConfig, d, "")
