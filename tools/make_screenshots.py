"""Regenerate the README's screenshots from the real app (offscreen, real engine numbers).

usage: .venv/bin/python tools/make_screenshots.py [OUT_DIR]   (default docs/screenshots)

Each lab is opened on its first lesson (or as it starts), trained for a few
hundred steps on this thread, drawn, and the whole window grabbed at 1366x768.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QSettings  # noqa: E402

from bnviz.app.application import create_window, ensure_app  # noqa: E402
from bnviz.app.headless import run_lab  # noqa: E402

STEPS = 400


def play_search(app, win, lab, timeout: float = 90.0) -> None:
    """The search lab trains in a process pool: press Play and wait for the first round."""
    import time

    lab.ensure_started()
    win.toggle_play()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        f = lab.frame
        if f is not None and f.snapshot.n_total and f.snapshot.n_done >= f.snapshot.n_total:
            lab.show_now(f)      # all of the last frame, not just the pieces drawn so far
            break
        time.sleep(0.02)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        win = create_window("light", 1.0, settings=settings, start_workers=False)
        win.resize(1366, 768)
        win.show()
        win.tabs.setCurrentWidget(win.lessons)
        app.processEvents()
        win.grab().save(str(out / "lessons.png"))
        for lab in win.labs:
            first = next((p for p in win.presets if p.lab == lab.key), None)
            if first is not None:
                win.open_preset(first)
            else:
                win.tabs.setCurrentWidget(lab)
            if lab.key == "search":
                play_search(app, win, lab)
            else:
                run_lab(lab, STEPS)
            app.processEvents()
            path = out / f"{lab.key}.png"
            win.grab().save(str(path))
            print(f"wrote {path}")
        win.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
