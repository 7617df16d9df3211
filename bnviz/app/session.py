"""Saved sessions: the state of every lab as one versioned JSON file.

Opening a session first checks the whole file (size, JSON, format, schema,
and every lab's config and extras through ``LabPage.read_state``) and only
then applies it, so a bad file leaves the current session as it was.
Schema 1 files (bnviz 0.1, before each lab had one config) are refused with
a message saying so.  Never pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bnviz import __version__, schema

FORMAT = "bnviz-session"
SCHEMA = 2
MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class SessionFile:
    """A session file's envelope, read strictly; each lab's state is then checked by its page."""

    format: str
    schema: int
    labs: dict[str, dict[str, Any]]
    bnviz: str = ""
    current_lab: str = ""


def session_dict(specs, pages: dict, current: str) -> dict:
    """Every lab's state: a built lab's from its page, a lab never opened its defaults (as its page would say)."""
    return {"format": FORMAT, "schema": SCHEMA, "bnviz": __version__, "current_lab": current,
            "labs": {s.key: pages[s.key].state() if s.key in pages else {"config": schema.to_json(s.Config())}
                     for s in specs}}


def save_session(path: Path, specs, pages: dict, current: str) -> None:
    """Write every lab's state atomically (a failed write leaves the old file and no temp file)."""
    schema.write_json(path, session_dict(specs, pages, current))


def read_session(path: Path) -> SessionFile:
    """Read and check a session file's envelope; raises ValueError (one line) naming the problem."""
    path = Path(path)
    d = schema.read_json(path, MAX_BYTES, "session")
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ValueError(f"{path.name} is not a bnviz session (format field missing or wrong)")
    version = d.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA:
        if version > SCHEMA:
            raise ValueError(schema.short(f"schema={version}: saved by a newer bnviz ({d.get('bnviz')}); "
                                          f"this one reads up to {SCHEMA}"))
        raise ValueError(f"schema={version}: saved by bnviz 0.1, whose labs kept their settings in another form; "
                         f"this one reads schema {SCHEMA}")
    return schema.from_json(SessionFile, d)


def apply_session(d: SessionFile, page_of, keys: list[str]) -> str:
    """Check every lab's state, then apply them all.  Returns the lab key to show.

    ``page_of(key)`` gives the lab's page (the window builds it if need be); ``keys`` are the labs there are.
    """
    unknown = sorted(k for k in d.labs if k not in keys)
    if unknown:
        raise ValueError(schema.short(f"labs.{unknown[0]}: no such lab in this bnviz"))
    checked = {}
    for key, state in d.labs.items():
        try:
            checked[key] = page_of(key).read_state(state)
        except ValueError as exc:
            raise ValueError(schema.short(f"labs.{key}: {exc}")) from None
        except Exception as exc:  # noqa: BLE001 - nothing is applied yet: a refusal, never a crash
            raise ValueError(schema.short(f"labs.{key}: unreadable ({type(exc).__name__}: {exc})")) from None
    for key, (cfg, extra) in checked.items():
        page_of(key).restore(cfg, extra)
    return d.current_lab if d.current_lab in keys else keys[0]
