"""A slider over a log scale (learning rates, eps), showing the value it means."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget
from superqt.utils import signals_blocked


class LogSlider(QWidget):
    """Integer slider positions map to 10**(lo + i*(hi-lo)/steps)."""

    valueChanged = Signal(float)

    def __init__(self, lo: float, hi: float, value: float, steps: int = 120, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lo, self._hi, self._steps = math.log10(lo), math.log10(hi), steps
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, steps)
        self.label = QLabel()
        self._fit_label()
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.label)
        self._value = value
        self.setValue(value)
        self.slider.valueChanged.connect(self._moved)

    def _fit_label(self) -> None:
        """Room for the widest value ("0.0001", "1e-08") in the label's current font."""
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("0.0001") + 8)

    def changeEvent(self, event) -> None:  # Qt override: presentation mode changes the font
        if event.type() == QEvent.Type.FontChange:
            self._fit_label()
        super().changeEvent(event)

    def _to_pos(self, v: float) -> int:
        r = (math.log10(v) - self._lo) / (self._hi - self._lo)
        return round(min(1.0, max(0.0, r)) * self._steps)

    def _moved(self, pos: int) -> None:
        v = 10 ** (self._lo + pos * (self._hi - self._lo) / self._steps)
        self._value = float(f"{v:.3g}")
        self.label.setText(f"{self._value:.3g}")
        self.valueChanged.emit(self._value)

    def value(self) -> float:
        return self._value

    def setValue(self, v: float) -> None:
        self._value = float(v)
        self.label.setText(f"{self._value:.3g}")
        with signals_blocked(self.slider):      # showing a value is not a drag: no valueChanged
            self.slider.setValue(self._to_pos(v))
