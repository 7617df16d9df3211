"""Headless runs: train a lesson for N steps in this process and draw, or write, its final figures.

Training runs synchronously here (no worker process, no window: only the
lesson's own lab page), so the numbers in the CSVs are exactly those of the
engine for the lesson's config and seed.  A search lesson runs its trials
one per step, in this process (``SearchModel``).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from bnviz.app.export import export_lab
from bnviz.bridge.training import Frame
from bnviz.engine.trainer import trained


def run_lab(lab, steps: int) -> Frame:
    """Build the lab's model, train ``steps`` steps, draw the final snapshot."""
    model = trained(lab.make_model()(), steps)     # the recipe a worker process would have called
    frame = Frame(1, model.snapshot(), model.step_count, model.epoch, False, 0.0, "")
    lab.show_now(frame)
    return frame


def export_preset(name: str, steps: int, out: str | Path, fmt: str = "png", seed: int | None = None,
                  width: int = 1600, lang: str = "en") -> list[Path]:
    """Train lesson ``name`` for ``steps`` steps on its lab's page alone (no window) and export its figures.

    ``lang``: the language of the figures' titles, labels and the CSVs' header comments.
    """
    with open_lesson(name, out, seed, lang) as (lab, _preset, out):
        run_lab(lab, steps)
        return export_lab(lab, out, fmt, width)


@contextmanager
def open_lesson(name: str, out: str | Path, seed: int | None = None, lang: str = "en"):
    """Lesson ``name`` on its lab's page alone (no window), ``out`` checked writable: yields (lab, preset, out).

    Shared by the still export and the animations (``bnviz.app.animate``), so
    both draw the same page at the same size from the same state.
    """
    from bnviz.ui import i18n, theme

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
    # pyqtgraph's own default is a black background, under the theme's dark text: set the theme's
    # colours before the plots are made (the light theme unless this process already chose one)
    theme.apply(theme.current().name, theme.scale())
    i18n.set_language(lang)
    with lesson_page(preset, seed) as lab:
        yield lab, preset, out


@contextmanager
def lesson_page(preset, seed: int | None = None):
    """A fresh page of ``preset``'s lab, alone, at the export size, in the lesson's state (closed after)."""
    import bnviz.labs

    lab = bnviz.labs.spec(preset.lab).Page()
    try:
        lab.resize(1600, 1000)
        lab.show()
        lab.apply_state(preset.state)
        if seed is not None:
            lab.set_seed(seed)
        yield lab
    finally:
        lab.shutdown(1.0)
        lab.close()
        lab.deleteLater()
