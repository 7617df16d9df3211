"""Headless runs: train a lesson for N steps in this process and draw, or write, its final figures.

Training runs synchronously here (no worker process, no window: only the
lesson's own lab page), so the numbers in the CSVs are exactly those of the
engine for the lesson's config and seed.  A search lesson runs its trials
one per step, in this process (``SearchModel``).
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
    model.probe()
    frame = Frame(1, model.snapshot(), model.step_count, model.epoch, False, 0.0, "")
    lab.show_now(frame)
    return frame


def export_preset(name: str, steps: int, out: str | Path, fmt: str = "png", seed: int | None = None,
                  width: int = 1600, lang: str = "en") -> list[Path]:
    """Train lesson ``name`` for ``steps`` steps on its lab's page alone (no window) and export its figures.

    ``lang``: the language of the figures' titles, labels and the CSVs' header comments.
    """
    import bnviz.labs
    from bnviz.ui import i18n

    from .application import ensure_app
    from .presets import find_preset

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
    i18n.set_language(lang)
    lab = bnviz.labs.spec(preset.lab).Page()
    try:
        lab.resize(1600, 1000)
        lab.show()
        lab.apply_state(preset.state)
        if seed is not None:
            lab.set_seed(seed)
        run_lab(lab, steps)
        return export_lab(lab, out, fmt, width)
    finally:
        lab.shutdown(1.0)
        lab.close()
        lab.deleteLater()
