"""How every bench prints: ``name: value unit`` lines, ``#`` context lines, targets with met / NOT met."""

from __future__ import annotations

import operator

import numpy as np

OPS = {"<=": operator.le, ">=": operator.ge}
TARGET_LINES: list[str] = []      # every target printed by this process, for a run's summary


def figure(name: str, value: float, unit: str, fmt: str = ".2f") -> None:
    print(f"{name}: {value:{fmt}} {unit}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def verdict(value: float, op: str, goal: float) -> str:
    """'met' or 'NOT met' (a NaN, e.g. nothing measured, never meets a target)."""
    return "met" if np.isfinite(value) and OPS[op](value, goal) else "NOT met"


def target(name: str, value: float, unit: str, op: str, goal: float, fmt: str = ".2f") -> bool:
    """``name: value unit (target <= goal: met)``; returns whether the target was met."""
    v = verdict(value, op, goal)
    line = f"{name}: {value:{fmt}} {unit} (target {op} {goal:g}: {v})"
    TARGET_LINES.append(line)
    print(line, flush=True)
    return v == "met"


def median(values) -> float:
    return float(np.median(values)) if len(values) else float("nan")
