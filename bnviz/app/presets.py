"""Lesson presets: one JSON file per syllabus row in ``bnviz/resources/presets/``.

A preset names its lab, that lab's whole config (what ``LabPage.apply_state``
takes), its seed, a short caption shown above the plots, and the claims the
caption makes in checkable form (``Claim``: a metric of the lab's model, read
after N steps, compared with a threshold; ``bnviz check-lessons`` verifies
them on three seeds, see ``bnviz.app.lessons_check``).  Files are
schema-versioned JSON, read strictly and completely before anything is
applied; a malformed one is refused with one line naming the field, and a
broken file in the folder costs only itself.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bnviz import schema

SCHEMA = 2
#: The bundled lessons, package data found through ``importlib.resources`` (so
#: an installed wheel finds them as well as a source checkout). A ``Path``
#: because bnviz is always installed as a real directory, never imported from a
#: zip: there ``files()`` returns a ``pathlib.Path`` and ``glob`` works.
PRESETS_DIR = Path(importlib.resources.files("bnviz") / "resources" / "presets")
ROW_ORDER = [f"H{i}" for i in range(1, 9)] + [f"B{i}" for i in range(1, 9)] + ["S1", "S2", "S3", "F1"]
MAX_BYTES = 256 * 1024
OPS = ("<=", ">=", "==")
MAX_CLAIMS = 40
#: the languages a bundled lesson is written in besides English (its ``title`` and ``caption``)
TRANSLATED = ("zh_CN",)


@dataclass(frozen=True)
class Claim:
    """One checkable statement of a lesson: ``metric(config, steps) <op> value`` on every seed checked.

    ``metric`` names an entry of the lab's ``METRICS`` (``bnviz/labs/<lab>/claims.py``): a
    measurement of the lab's model after ``steps`` steps (for the search lab: steps per trial).
    ``reseed_data`` False keeps the preset's data set on other seeds (the GUI's seed box changes
    only the training seed): for claims about one example of that data set.
    """

    id: str
    text: str
    metric: str
    steps: int
    op: str
    value: float
    reseed_data: bool = True

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][0-9]\.[A-Za-z0-9_.]{1,40}", self.id):
            raise ValueError(schema.short(f"id={self.id!r}: expected the row, a dot and a short name, like B8.faster",
                                          160))
        if not self.text.strip() or len(self.text) > 400:
            raise ValueError("text: say the claim in plain words (1-400 characters)")
        if not re.fullmatch(r"[A-Za-z0-9_.]{1,60}", self.metric):
            raise ValueError(schema.short(f"metric={self.metric!r}: not a metric name", 160))
        if not 0 <= self.steps <= 100_000:
            raise ValueError(schema.short(f"steps={self.steps!r} is out of range: allowed 0..100000", 160))
        if self.op not in OPS:
            raise ValueError(schema.short(f"op={self.op!r} is not allowed: choose one of {', '.join(OPS)}", 160))

    def holds(self, measured: float) -> bool:
        """True when ``measured`` satisfies the claim (nan never does)."""
        if measured != measured:
            return False
        if self.op == "<=":
            return measured <= self.value
        if self.op == ">=":
            return measured >= self.value
        return measured == self.value


@dataclass(frozen=True)
class LessonText:
    """A lesson's words in another language: its title, caption and each claim's text (by claim id)."""

    title: str
    caption: str
    claims: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.caption.strip():
            raise ValueError("title and caption must not be empty")


@dataclass(frozen=True)
class Preset:
    """One lesson: its lab, that lab's whole config (``state["config"]``), and what the class reads.

    Read strictly (``bnviz.schema``): every field present and of its type, the
    config valid for the lab it names, its seed the config's.  ``claims`` are
    what the caption says, in checkable form (every bundled lesson has some;
    ``bnviz check-lessons`` measures them), each metric one of its lab's.
    """

    schema: int
    name: str
    row: str
    title: str
    lab: str
    seed: int
    caption: str
    state: dict[str, Any]
    claims: tuple[Claim, ...] = ()
    translations: dict[str, LessonText] = field(default_factory=dict)
    speed: float = 0.0      # steps per second the lesson plays at (0: as fast as possible)
    pause_at: int = 0       # the step where its point is made: Play pauses there (0: never)

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
        if not 0 <= self.speed <= 10_000:
            raise ValueError(f"speed={self.speed!r} is out of range: allowed 0..10000 steps per second")
        if not 0 <= self.pause_at <= 1_000_000:
            raise ValueError(f"pause_at={self.pause_at!r} is out of range: allowed 0..1000000")
        if len(self.claims) > MAX_CLAIMS:
            raise ValueError(f"claims: {len(self.claims)} claims, at most {MAX_CLAIMS}")
        ids = [c.id for c in self.claims]
        for i, c in enumerate(self.claims):
            if not c.id.startswith(self.row + "."):
                raise ValueError(schema.short(f"claims.{i}.id={c.id!r}: must start with the lesson's row, {self.row}."))
            if c.id in ids[:i]:
                raise ValueError(schema.short(f"claims.{i}.id={c.id!r}: listed twice"))
        for lang, text in self.translations.items():
            if lang not in TRANSLATED:
                raise ValueError(schema.short(f"translations.{lang}: not a language bnviz speaks "
                                              f"({', '.join(TRANSLATED)})"))
            unknown = sorted(set(text.claims) - set(ids))
            if unknown:
                raise ValueError(schema.short(f"translations.{lang}.claims: no claim {unknown[0]!r} in this lesson"))

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (English when the lesson has no such translation)."""
        t = self.translations.get(lang)
        return t.title if t else self.title

    def caption_in(self, lang: str) -> str:
        t = self.translations.get(lang)
        return t.caption if t else self.caption

    def claim_text_in(self, claim: Claim, lang: str) -> str:
        t = self.translations.get(lang)
        return t.claims.get(claim.id, claim.text) if t else claim.text

    def missing_translations(self) -> list[str]:
        """What a bundled lesson still lacks: a language, or a claim's text in one (empty when complete)."""
        missing = []
        for lang in TRANSLATED:
            t = self.translations.get(lang)
            if t is None:
                missing.append(f"translations.{lang}")
            else:
                missing += [f"translations.{lang}.claims.{c.id}" for c in self.claims if c.id not in t.claims]
        return missing

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
    if p.claims:
        known = lab_metrics(spec)
        for i, c in enumerate(p.claims):
            if c.metric not in known:
                raise ValueError(schema.short(f"claims.{i}.metric={c.metric!r} is not a metric of lab {p.lab!r} "
                                              f"({claims_module_name(spec)})"))
    return p


def claims_module_name(spec: Any) -> str:
    """``bnviz.labs.<lab>.claims``: the module next to the lab's model that holds its ``METRICS``."""
    return spec.Model.__module__.rsplit(".", 1)[0] + ".claims"


def lab_metrics(spec: Any) -> dict:
    """The lab's ``METRICS`` (name -> ``metric(config, steps) -> float``); empty for a lab without claims."""
    import importlib

    name = claims_module_name(spec)
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return {}
    return getattr(module, "METRICS", {})


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
