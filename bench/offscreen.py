"""Qt's offscreen platform with a screen of a chosen size, and a settings folder of its own.

Qt's offscreen screen is 800x800 unless told otherwise; the app fits its
window to the screen and picks its presentation scale from the screen's
height, so a bench of the projector case needs a 1920x1080 screen (the
plugin reads it from a JSON file named in ``QT_QPA_PLATFORM``).  Each bench
process also gets an empty config folder: a developer's remembered theme,
scale or last lesson must not change what is measured.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

_DIR = Path(tempfile.mkdtemp(prefix="bnviz-bench-"))


def platform(width: int, height: int) -> str:
    """The ``QT_QPA_PLATFORM`` value for an offscreen screen of ``width`` x ``height`` pixels."""
    path = _DIR / f"screen-{width}x{height}.json"
    if not path.exists():
        path.write_text(json.dumps({
            "synchronousWindowSystemEvents": False, "windowFrameMargins": False,
            "screens": [{"name": f"bench-{width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
                         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={path}"


def environment(width: int, height: int, base: dict | None = None) -> dict:
    """``base`` (default: this process's environment) set up for a bench child process."""
    env = dict(os.environ if base is None else base)
    env["QT_QPA_PLATFORM"] = platform(width, height)
    config = _DIR / "config"
    config.mkdir(exist_ok=True)
    env["XDG_CONFIG_HOME"] = str(config)      # QSettings("bnviz", "bnviz") starts empty
    # An installed bnviz (a wheel, the one-folder build) starts from compiled bytecode, as pyqtgraph and
    # PySide6 do here; with PYTHONDONTWRITEBYTECODE set (as on the shared machine) the checkout was
    # compiled again at every start (~0.25 s of 131 modules) while the bare window paid nothing.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(_DIR / "pycache")
    return env


def use(width: int, height: int) -> None:
    """Set this process up the same way (before the QApplication is made)."""
    os.environ.update(environment(width, height, {}))


def parse_size(text: str) -> tuple[int, int]:
    w, _, h = text.partition("x")
    return int(w), int(h)
