"""Lesson presets: one JSON file per syllabus row in ``resources/presets/``.

A preset names its lab, that lab's whole config (what ``LabPage.apply_state``
takes), its seed and a short caption shown above the plots.  Files are
schema-versioned JSON, read strictly and completely before anything is
applied; a malformed one is refused with one line naming the field, and a
broken file in the folder costs only itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bnviz import schema

SCHEMA = 2
PRESETS_DIR = Path(__file__).resolve().parents[2] / "resources" / "presets"
ROW_ORDER = [f"H{i}" for i in range(1, 9)] + [f"B{i}" for i in range(1, 9)] + ["S1", "S2", "S3"]
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Preset:
    """One lesson: its lab, that lab's whole config (``state["config"]``), and what the class reads.

    Read strictly (``bnviz.schema``): every field present and of its type, the
    config valid for the lab it names, its seed the config's.
    """

    schema: int
    name: str
    row: str
    title: str
    lab: str
    seed: int
    caption: str
    state: dict[str, Any]

    def __post_init__(self) -> None:
        if self.schema > SCHEMA:
            raise ValueError(f"schema={self.schema}: written by a newer bnviz (this one reads up to {SCHEMA})")
        if self.schema < SCHEMA:
            raise ValueError(f"schema={self.schema}: written by bnviz 0.1, whose labs kept their settings in another "
                             f"form; this one reads schema {SCHEMA}")
        if self.row not in ROW_ORDER:
            raise ValueError(schema.short(f"row={self.row!r} is not a syllabus row: {', '.join(ROW_ORDER)}"))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,60}", self.name):
            raise ValueError(schema.short(f"name={self.name!r}: use lower-case letters, digits and dashes"))

    @property
    def order(self) -> tuple[int, str]:
        return (ROW_ORDER.index(self.row) if self.row in ROW_ORDER else len(ROW_ORDER), self.name)


def parse_preset(d: Any) -> Preset:
    """Validate a whole preset: its fields, and its state against the config of the lab it names."""
    import bnviz.labs

    p = schema.from_json(Preset, d)
    try:
        spec = bnviz.labs.spec(p.lab)
    except KeyError as exc:
        raise ValueError(schema.short(f"lab: {exc.args[0]}")) from None
    if set(p.state) != {"config"}:
        raise ValueError("state: expected exactly one field, config")
    cfg = schema.from_json(spec.Config, p.state["config"], "state.config")
    if cfg.seed != p.seed:
        raise ValueError(f"seed={p.seed}: the config's seed is {cfg.seed}; they must agree")
    return p


def load_preset(path: Path) -> Preset:
    path = Path(path)
    d = schema.read_json(path, MAX_BYTES, "lesson")
    try:
        return parse_preset(d)
    except ValueError as exc:
        raise ValueError(schema.short(f"{path.name}: {exc}")) from None


def scan_presets(directory: Path | None = None) -> tuple[list[Preset], list[str]]:
    """Every lesson in ``directory`` that reads, in syllabus order, and one line per file that does not.

    One bad file must not cost the others (nor stop the app from starting).
    """
    presets, problems = [], []
    for path in sorted(Path(directory or PRESETS_DIR).glob("*.json")):
        try:
            presets.append(load_preset(path))
        except (OSError, ValueError) as exc:
            problems.append(str(exc) if path.name in str(exc) else f"{path.name}: {exc}")
    return sorted(presets, key=lambda p: p.order), problems


def all_presets(directory: Path | None = None) -> list[Preset]:
    """Every lesson that reads, in syllabus order (see ``scan_presets`` for the ones that do not)."""
    return scan_presets(directory)[0]


def find_preset(name: str, directory: Path | None = None) -> Preset:
    for p in all_presets(directory):
        if name in (p.name, p.row, p.row.lower(), f"{p.row.lower()}-{p.name}"):
            return p
    names = ", ".join(p.name for p in all_presets(directory))
    raise KeyError(f"unknown preset {name!r}; available: {names}")
