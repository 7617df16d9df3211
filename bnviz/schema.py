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
import typing
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

MAX_MESSAGE = 200     # characters of a refusal message (a value is never quoted whole)


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
    err = exc.errors(include_url=False, include_input=False)[0]
    path = ".".join(str(p) for p in (where, *err["loc"]) if p != "")
    msg = err["msg"].removeprefix("Value error, ")
    return f"{path}: {msg}" if path else msg


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

