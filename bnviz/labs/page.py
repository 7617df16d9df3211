"""What every lab page shares: its own training worker, its controls, its status line.

A lab is a page of the main window.  It owns a ``TrainingBridge`` whose
worker process owns the lab's engine object; the window's toolbar (play,
step, reset, speed, seed) drives whichever lab is showing, and a hidden lab
is paused so two labs never compete for the 2 cores.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from bnviz.bridge.training import Frame, TrainingBridge


class LabPage(QWidget):
    """Subclasses set ``key`` and ``title``, build widgets, and implement the hooks."""

    key = "lab"
    title = "Lab"
    restorable = False     # True once apply_state can restore what state() returns (sessions, presets)
    frame_shown = Signal(object)     # the Frame just drawn (the window's status bar listens)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"lab_{self.key}")
        self.bridge = TrainingBridge(self.make_model, self)
        self.bridge.frame.connect(self._on_frame)
        self.controls: QWidget | None = None
        self.frame: Frame | None = None     # the frame on screen (or, while hidden, the newest)
        self._drawing: Frame | None = None
        self._started = False
        # a zero-interval QTimer (unlike QTimer.singleShot(0), a posted event) fires only after
        # the repaints and input that are waiting, so each piece of a frame is its own turn
        self._pieces: list[Callable[[], None]] = []
        self._piece_timer = QTimer(self)
        self._piece_timer.setSingleShot(True)
        self._piece_timer.setInterval(0)
        self._piece_timer.timeout.connect(self._draw_piece)

    # ----------------------------------------------------------------- hooks
    def make_model(self) -> Callable[[], Any]:
        """A picklable recipe (e.g. a ``functools.partial``) that builds the engine object in the worker process."""
        raise NotImplementedError

    def show_frame(self, frame: Frame) -> None:
        """Draw ``frame.snapshot``; only numbers the engine reported."""
        raise NotImplementedError

    def draw_steps(self, frame: Frame) -> list[Callable[[], None]]:
        """The drawing of ``frame`` cut in pieces; each runs in its own event-loop turn.

        A piece and the repaint it causes should take a few milliseconds, so
        clicks and keys are never held up by a whole frame's drawing.
        """
        return [lambda: self.show_frame(frame)]

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
        if self.isVisible():
            self.bridge.defer_drawn()
            self._drawing = frame
            self._pieces = self.draw_steps(frame)
            self._piece_timer.start()
        else:
            self.frame = frame
        self.frame_shown.emit(frame)

    def show_now(self, frame: Frame) -> None:
        """Draw ``frame`` in one go (headless export) and let the window's status bar show it."""
        self.frame = frame
        self.show_frame(frame)
        self.frame_shown.emit(frame)

    def _draw_piece(self) -> None:
        try:
            if self._pieces:
                self._pieces.pop(0)()
        finally:                            # a failing piece must not stop the frames for good
            if self._pieces:
                self._piece_timer.start()
            else:
                self.frame = self._drawing      # ``frame`` is always the one on screen
                self.bridge.drawn()             # the worker sends the next frame only after this one

    def showEvent(self, event) -> None:  # Qt override: draw what arrived while hidden
        super().showEvent(event)
        if self.frame is not None:
            self.show_frame(self.frame)


def with_seed(cfg, seed: int):
    return replace(cfg, seed=seed)
