"""Headless export: train a lesson for N steps on this thread and write its figures.

Training runs synchronously here (no worker thread), so the numbers in the
CSVs are exactly those of the engine for the lesson's config and seed.
"""

from __future__ import annotations

from pathlib import Path

from bnviz.app.export import export_lab
from bnviz.bridge.training import Frame


def run_lab(lab, steps: int) -> Frame:
    """Build the lab's model, train ``steps`` steps, draw the final snapshot."""
    model = lab.make_model()()     # the recipe a worker process would have called
    for _ in range(steps):
        if not model.step():
            break
    if hasattr(model, "probe"):
        model.probe()
    frame = Frame(1, model.snapshot(), model.step_count, model.epoch, False, 0.0, "")
    lab.show_now(frame)
    return frame


def export_preset(name: str, steps: int, out: str | Path, fmt: str = "png", seed: int | None = None,
                  width: int = 1600) -> list[Path]:
    from bnviz.app.application import create_window, ensure_app
    from bnviz.app.presets import find_preset

    preset = find_preset(name)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".bnviz-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise OSError(f"cannot write to {out}: {exc.strerror or exc}") from None
    ensure_app()
    from PySide6.QtCore import QSettings

    settings = QSettings(str(out / ".bnviz-export.ini"), QSettings.Format.IniFormat)
    win = create_window("light", 1.0, settings=settings, start_workers=False)
    try:
        win.resize(1600, 1000)
        win.show()
        win.open_preset(preset)
        lab = win.lab_by_key(preset.lab)
        if seed is not None:
            lab.set_seed(seed)
        run_lab(lab, steps)
        return export_lab(lab, out, fmt, width)
    finally:
        win.close()
        (out / ".bnviz-export.ini").unlink(missing_ok=True)
