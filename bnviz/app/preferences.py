"""Reading QSettings values that may be corrupt: a bad value falls back to its default.

The settings file is the user's (or another version's): ``window/lab=abc``
must not stop the app from starting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings


def read(settings: QSettings, key: str, kind: type, default: Any) -> Any:
    """``settings.value(key)`` as ``kind`` (int, float, str or QByteArray), or ``default`` when absent or bad."""
    value = settings.value(key)
    if value is None:
        return default
    try:
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else default
        if kind is int and isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            return default
        out = kind(value)
    except (TypeError, ValueError, OverflowError):
        return default
    if kind is float and out != out:          # NaN
        return default
    return out
