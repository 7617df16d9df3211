"""The file layer: a lab's config to JSON and back, strictly.

Every lab keeps all its settings in one frozen dataclass (nested engine
configs included) that validates its own ranges in ``__post_init__``.  This
module is the one way such a config leaves and enters a file (sessions,
lesson presets).  Reading goes through a pydantic v2 ``TypeAdapter`` in strict
mode, so a file is checked against the dataclass's own type hints: ``2.5`` or
``32.0`` is not an int, ``"yes"`` is not a bool, ``true`` is not a learning
rate, ``"123"`` is not a list of widths, and an unknown field is an error,
not a silently ignored typo.  The engine never imports pydantic; only this
layer does.

Errors come back as one ``ValueError`` line naming the field's path and never
quoting a whole bad value, so a huge malformed file cannot produce a huge
message.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import tempfile
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

MAX_MESSAGE = 300     # characters of a refusal message (a value is never quoted whole)
MAX_VALUE = 80        # characters of the offending value a message shows


def to_json(cfg: Any) -> dict:
    """A JSON-able dict of a (nested) config dataclass; tuples become lists."""
    out = {}
    for f in dataclasses.fields(cfg):
        out[f.name] = _plain(getattr(cfg, f.name))
    return out


def _plain(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return to_json(v)
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def from_json(cls: type, data: Any, where: str = "") -> Any:
    """Build and validate a ``cls`` from JSON data (as ``json.loads`` gives it).

    Missing fields take their defaults; anything of the wrong type, unknown or
    out of range raises ``ValueError("<where>.<field>: <why>")``.
    """
    try:
        text = json.dumps(data, allow_nan=True)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(short(f"{where or cls.__name__}: not JSON data ({type(exc).__name__})")) from None
    try:
        return _adapter(cls).validate_json(text, strict=True)
    except ValidationError as exc:
        raise ValueError(short(_first_error(exc, where))) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:   # raised by a __post_init__
        raise ValueError(short(f"{where + ': ' if where else ''}{exc}")) from None


def short(text: str, limit: int = MAX_MESSAGE) -> str:
    """One line of at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _first_error(exc: ValidationError, where: str) -> str:
    err = exc.errors(include_url=False)[0]
    path = ".".join(str(p) for p in (where, *err["loc"]) if p != "")
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] != "value_error" and "input" in err and not isinstance(err["input"], (dict, list)):
        msg += f" (got {short(repr(err['input']), MAX_VALUE)})"
    return f"{path}: {msg}" if path else msg


def read_json(path: str | Path, max_bytes: int, what: str = "file") -> Any:
    """The JSON in a regular file of at most ``max_bytes`` bytes; ValueError (one line) otherwise.

    Only regular files are read (a FIFO or a device would block or never
    end), and the limit is checked on the bytes actually read.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValueError(short(f"{path.name}: cannot open ({exc.strerror or exc})")) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(short(f"{path.name}: not a regular file"))
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise ValueError(short(f"{path.name}: larger than {max_bytes // 1024} KiB, not a bnviz {what}"))
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(short(f"{path.name}: not a text file")) from None
    except RecursionError:
        raise ValueError(short(f"{path.name}: nested too deeply to be a bnviz {what}")) from None
    except ValueError as exc:          # json.JSONDecodeError, and numbers too long to read
        raise ValueError(short(f"{path.name}: not valid JSON (truncated or corrupt?): {exc}")) from None


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as strict JSON, atomically: a unique temp file in the same folder, fsync, rename.

    A failed write leaves the old file as it was and no temp file behind.
    """
    write_text(path, json.dumps(data, indent=1, allow_nan=False, ensure_ascii=False))


def write_text(path: str | Path, text: str | bytes, newline: str | None = None) -> None:
    """Write ``text`` (UTF-8; or ``bytes`` as they are) atomically: a temp file in the same folder, fsync, rename.

    A failed write leaves the old file as it was and no temp file behind.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=None)
def _adapter(cls: type) -> TypeAdapter:
    _forbid_extra(cls)
    return TypeAdapter(cls)


def _forbid_extra(cls: type) -> None:
    """Mark ``cls`` and every dataclass nested in its fields: unknown keys are errors, types strict.

    pydantic reads this from the stdlib dataclass itself; setting it here
    keeps the engine's dataclasses free of any pydantic import.
    """
    if not dataclasses.is_dataclass(cls) or "__pydantic_config__" in vars(cls):
        return
    cls.__pydantic_config__ = {"extra": "forbid", "strict": True}
    for hint in typing.get_type_hints(cls).values():
        for inner in _types_in(hint):
            _forbid_extra(inner)


def _types_in(hint: Any) -> list:
    args = typing.get_args(hint)
    return [hint] if not args else [t for a in args for t in _types_in(a)]

