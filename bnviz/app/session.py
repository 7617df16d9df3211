"""Saved sessions: the state of every lab as one versioned JSON file.

Opening a session first checks the whole file (size, JSON, format, schema,
and every lab's config and extras through ``LabPage.read_state``) and only
then applies it, so a bad file leaves the current session as it was.
Schema 1 files (bnviz 0.1, before each lab had one config) are refused with
a message saying so.  Never pickle.
"""

from __future__ import annotations

import json
from pathlib import Path

from bnviz import __version__

FORMAT = "bnviz-session"
SCHEMA = 2
MAX_BYTES = 32 * 1024 * 1024


def session_dict(labs: list, current: str) -> dict:
    return {"format": FORMAT, "schema": SCHEMA, "bnviz": __version__, "current_lab": current,
            "labs": {lab.key: lab.state() for lab in labs}}


def save_session(path: Path, labs: list, current: str) -> None:
    text = json.dumps(session_dict(labs, current), indent=1, allow_nan=True)
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)        # never leave a half-written session behind


def read_session(path: Path) -> dict:
    """Parse and check a session file's envelope; raises ValueError naming the problem."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"{path.name} is {size // 2**20} MiB; a session is at most {MAX_BYTES // 2**20} MiB")
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not a text file") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name} is not valid JSON (truncated or corrupt?): {exc}") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ValueError(f"{path.name} is not a bnviz session (format field missing or wrong)")
    schema = d.get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise ValueError(f"schema={schema!r}: expected a positive integer")
    if schema > SCHEMA:
        raise ValueError(f"schema={schema}: saved by a newer bnviz ({d.get('bnviz')}); this one reads up to {SCHEMA}")
    if schema < SCHEMA:
        raise ValueError(f"schema={schema}: saved by bnviz 0.1, whose labs kept their settings in another form; "
                         f"this one reads schema {SCHEMA}")
    if not isinstance(d.get("labs"), dict):
        raise ValueError("labs: missing or not an object")
    return d


def apply_session(d: dict, labs: list) -> str:
    """Check every lab's state, then apply them all.  Returns the lab key to show."""
    by_key = {lab.key: lab for lab in labs}
    unknown = sorted(str(k) for k in d["labs"] if k not in by_key)
    if unknown:
        raise ValueError(f"labs.{unknown[0][:40]}: no such lab in this bnviz")
    checked = {}
    for key, state in d["labs"].items():
        try:
            checked[key] = by_key[key].read_state(state)
        except ValueError as exc:
            raise ValueError(f"labs.{key}: {exc}") from None
    for key, (cfg, extra) in checked.items():
        by_key[key].restore(cfg, extra)
    current = d.get("current_lab")
    return current if isinstance(current, str) and current in by_key else labs[0].key
