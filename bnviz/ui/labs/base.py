"""What every lab page shares: its own training worker, its controls, its status line.

A lab is a page of the main window.  It owns a ``TrainingBridge`` whose
worker thread owns the lab's engine object; the window's toolbar (play,
step, reset, speed, seed) drives whichever lab is showing, and a hidden lab
is paused so two labs never compete for the 2 cores.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from bnviz.bridge.training import Frame, TrainingBridge


class LabPage(QWidget):
    """Subclasses set ``key`` and ``title``, build widgets, and implement the hooks."""

    key = "lab"
    title = "Lab"
    restorable = False     # True once apply_state can restore what state() returns (sessions, presets)
    in_process = False     # True: train in a child process; make_model then returns a picklable recipe
    frame_shown = Signal(object)     # the Frame just drawn (the window's status bar listens)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"lab_{self.key}")
        self.bridge = TrainingBridge(self.make_model, self, in_process=self.in_process)
        self.bridge.frame.connect(self._on_frame)
        self.controls: QWidget | None = None
        self.frame: Frame | None = None
        self._started = False

    # ----------------------------------------------------------------- hooks
    def make_model(self) -> Any:
        """Build the engine object on the worker thread (or, with ``in_process``, a recipe for it)."""
        raise NotImplementedError

    def show_frame(self, frame: Frame) -> None:
        """Draw ``frame.snapshot``; only numbers the engine reported."""
        raise NotImplementedError

    def status(self, frame: Frame) -> tuple[str, str]:
        """(status text, divergence text or '') for the window's status bar."""
        return "", ""

    def seed(self) -> int:
        return 0

    def set_seed(self, seed: int) -> None:
        """Adopt a new seed (a rebuild)."""

    def refit(self) -> None:
        """Re-fit the axes to the current data."""

    def state(self) -> dict:
        """JSON-able settings for sessions and presets."""
        return {}

    def apply_state(self, state: dict) -> None:
        """Restore ``state()``'s output; must raise ValueError naming the field before changing anything."""
        raise ValueError(f"the {self.title} cannot restore saved settings")

    # ------------------------------------------------------------- lifecycle
    def ensure_started(self) -> None:
        if not self._started:
            self._started = True
            self.bridge.start()

    def shutdown(self, timeout: float = 1.0) -> bool:
        return self.bridge.shutdown(timeout) if self._started else True

    def _on_frame(self, frame: Frame) -> None:
        self.frame = frame
        if self.isVisible():
            self.show_frame(frame)
        self.frame_shown.emit(frame)

    def showEvent(self, event) -> None:  # Qt override: draw what arrived while hidden
        super().showEvent(event)
        if self.frame is not None:
            self.show_frame(self.frame)


def with_seed(cfg, seed: int):
    return replace(cfg, seed=seed)
