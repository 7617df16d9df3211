"""The last benchmark run's engine-vs-PyTorch speeds: written by ``make bench``, shown by the F1 lesson.

``python -m bench`` times the engine and PyTorch CPU on the same networks,
with the same data, batches and initial weights (``bench/torch_speed.py``),
and prints ``<net>_vs_torch: <ratio>`` lines.  It also hands its rates to
``save_last_run``, which keeps them in a small JSON file in the user's cache
folder (``last_run_path``); the page reads it with ``read_last_run``.  Each
machine measures itself: nothing is bundled, and without a run the page says
how to make one.

The file is read strictly and completely (``bnviz.schema``: types, unknown
fields, ranges) before anything of it is shown; a bad one is one line.
Pure Python (no Qt), so the bench can write it.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from bnviz import schema

SCHEMA = 1
MAX_BYTES = 64 * 1024
MAX_MODELS = 16
FILE_NAME = "bench.json"
#: a folder to keep the file in instead of the platform's cache folder (tests, a lab machine's shared disk)
ENV_DIR = "BNVIZ_CACHE_DIR"
_NAME = re.compile(r"[a-z0-9_]{1,60}")
_VERSION = re.compile(r"[A-Za-z0-9.+_-]{1,40}")


def cache_dir() -> Path:
    """``$BNVIZ_CACHE_DIR``, else the platform's user cache folder + bnviz (``$XDG_CACHE_HOME`` or ~/.cache)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "bnviz" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "bnviz"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"    # a relative one is invalid
    return base / "bnviz"


def last_run_path() -> Path:
    return cache_dir() / FILE_NAME


def _rate(name: str, value: Any) -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not (ok and 0 < value <= 1e9):
        raise ValueError(f"{name}={value!r} is out of range: a rate in steps/s, (0, 1e9]")


@dataclass(frozen=True)
class ModelSpeed:
    """One network's training speed in both implementations (steps per second)."""

    name: str                 # the bench's label: bn_paper_net_bn, net2d_nobn, ...
    engine: float
    torch: float
    clean: bool = True        # at least one round ran without other processes' load

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(schema.short(f"name={self.name!r}: expected a bench label like net2d_bn", 120))
        _rate("engine", self.engine)
        _rate("torch", self.torch)

    @property
    def ratio(self) -> float:
        """Engine steps/s over PyTorch's: above 1, the engine is faster."""
        return self.engine / self.torch


@dataclass(frozen=True)
class BenchRecord:
    """What one ``make bench`` run measured of the engine against PyTorch."""

    schema: int
    when: str                 # ISO 8601, UTC
    numpy: str
    torch: str
    cpus: int
    models: tuple[ModelSpeed, ...]

    def __post_init__(self) -> None:
        if self.schema != SCHEMA:
            raise ValueError(f"schema={self.schema!r}: this bnviz reads bench files of schema {SCHEMA}")
        if len(self.when) > 40:
            raise ValueError("when: not a date and time")
        try:
            datetime.fromisoformat(self.when)
        except ValueError:
            raise ValueError(schema.short(f"when={self.when!r}: not an ISO date and time", 120)) from None
        for name in ("numpy", "torch"):
            if not _VERSION.fullmatch(getattr(self, name)):
                raise ValueError(schema.short(f"{name}={getattr(self, name)!r}: not a version", 120))
        if not 1 <= self.cpus <= 4096:
            raise ValueError(f"cpus={self.cpus!r} is out of range: allowed 1..4096")
        if not 1 <= len(self.models) <= MAX_MODELS:
            raise ValueError(f"models: {len(self.models)} networks, expected 1..{MAX_MODELS}")
        names = [m.name for m in self.models]
        if len(set(names)) != len(names):
            raise ValueError("models: a network is listed twice")

    @property
    def measured_at(self) -> datetime:
        return datetime.fromisoformat(self.when)


def record_of(rates: Mapping[str, Mapping[str, float]], contended: tuple | list = (),
              torch_version: str = "", when: datetime | None = None) -> BenchRecord | None:
    """The bench's ``rates`` ({net: {"engine": r, "torch": r}}) as a record; None without PyTorch figures."""
    import numpy

    models = tuple(ModelSpeed(name, float(r["engine"]), float(r["torch"]), name not in contended)
                   for name, r in rates.items() if "engine" in r and "torch" in r)
    if not models:
        return None
    when = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return BenchRecord(SCHEMA, when, numpy.__version__, torch_version or "unknown", os.cpu_count() or 1, models)


def save_last_run(rates: Mapping[str, Mapping[str, float]], contended: tuple | list = (),
                  torch_info: Mapping[str, Any] | None = None, path: str | Path | None = None) -> str:
    """Keep the run's engine-vs-PyTorch rates for the F1 lesson (atomically); one line saying what happened.

    Never raises for a folder it cannot write: the bench's figures are printed anyway.
    """
    version = str((torch_info or {}).get("version", "")).split("+")[0]
    try:
        rec = record_of(rates, contended, version)
    except ValueError as exc:
        return f"bench file not written: {exc}"
    if rec is None:
        return "no PyTorch figures this run: the F1 lesson keeps the last run's"
    path = Path(path) if path is not None else last_run_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        schema.write_json(path, schema.to_json(rec))
    except OSError as exc:
        return schema.short(f"bench file not written ({path}): {exc.strerror or exc}")
    return f"engine-vs-PyTorch rates kept for the F1 lesson in {path}"


def read_last_run(path: str | Path | None = None) -> BenchRecord | None:
    """The last run's record, None when there is none; ValueError (one line) when the file is not one."""
    path = Path(path) if path is not None else last_run_path()
    if not path.exists():
        return None
    data = schema.read_json(path, MAX_BYTES, "bench file")
    try:
        return schema.from_json(BenchRecord, data)
    except ValueError as exc:
        raise ValueError(schema.short(f"{path.name}: {exc}")) from None
