"""Lesson presets: one JSON file per syllabus row in ``resources/presets/``.

A preset names its lab, that lab's full settings (what ``LabPage.apply_state``
takes), its seed and a short caption shown above the plots.  Files are
schema-versioned JSON; a malformed one is refused with a message naming the
field, never half-applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = 2
PRESETS_DIR = Path(__file__).resolve().parents[2] / "resources" / "presets"
ROW_ORDER = [f"H{i}" for i in range(1, 9)] + [f"B{i}" for i in range(1, 9)] + ["S1", "S2", "S3"]
FIELDS = {"schema": int, "name": str, "row": str, "title": str, "lab": str, "seed": int, "caption": str, "state": dict}
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Preset:
    name: str
    row: str
    title: str
    lab: str
    seed: int
    caption: str
    state: dict

    @property
    def order(self) -> tuple[int, str]:
        return (ROW_ORDER.index(self.row) if self.row in ROW_ORDER else len(ROW_ORDER), self.name)


def parse_preset(d: Any) -> Preset:
    """Validate a preset's top level; the lab validates ``state`` when applying it."""
    if not isinstance(d, dict):
        raise ValueError("preset: expected a JSON object")
    unknown = sorted(set(d) - set(FIELDS))
    if unknown:
        raise ValueError(f"{unknown[0]}: unknown field; allowed: {', '.join(FIELDS)}")
    for k, typ in FIELDS.items():
        if k not in d:
            raise ValueError(f"{k}: missing")
        if not isinstance(d[k], typ) or (typ is int and isinstance(d[k], bool)):
            raise ValueError(f"{k}={d[k]!r}: expected {typ.__name__}")
    if d["schema"] > SCHEMA:
        raise ValueError(f"schema={d['schema']}: written by a newer bnviz (this one reads up to {SCHEMA})")
    if d["schema"] < SCHEMA:
        raise ValueError(f"schema={d['schema']}: written by bnviz 0.1, whose labs kept their settings in another "
                         f"form; this one reads schema {SCHEMA}")
    if d["row"] not in ROW_ORDER:
        raise ValueError(f"row={d['row']!r} is not a syllabus row: {', '.join(ROW_ORDER)}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", d["name"]):
        raise ValueError(f"name={d['name']!r}: use lower-case letters, digits and dashes")
    if not 0 <= d["seed"] < 2**31:
        raise ValueError(f"seed={d['seed']} is out of range: allowed [0, 2^31)")
    return Preset(d["name"], d["row"], d["title"], d["lab"], d["seed"], d["caption"], d["state"])


def load_preset(path: Path) -> Preset:
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path.name}: larger than {MAX_BYTES // 1024} KiB, not a preset")
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: not valid JSON ({exc})") from None
    try:
        return parse_preset(d)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def scan_presets(directory: Path = PRESETS_DIR) -> tuple[list[Preset], list[str]]:
    """Every lesson in ``directory`` that reads, in syllabus order, and one line per file that does not.

    One bad file must not cost the others (nor stop the app from starting).
    """
    presets, problems = [], []
    for path in sorted(directory.glob("*.json")):
        try:
            presets.append(load_preset(path))
        except (OSError, ValueError) as exc:
            problems.append(str(exc) if path.name in str(exc) else f"{path.name}: {exc}")
    return sorted(presets, key=lambda p: p.order), problems


def all_presets(directory: Path = PRESETS_DIR) -> list[Preset]:
    """Every lesson that reads, in syllabus order (see ``scan_presets`` for the ones that do not)."""
    return scan_presets(directory)[0]


def find_preset(name: str, directory: Path = PRESETS_DIR) -> Preset:
    for p in all_presets(directory):
        if name in (p.name, p.row, p.row.lower(), f"{p.row.lower()}-{p.name}"):
            return p
    names = ", ".join(p.name for p in all_presets(directory))
    raise KeyError(f"unknown preset {name!r}; available: {names}")
