"""Settings of the Hyperparameter Search Lab (the window's left dock).

Every change builds one validated ``SearchConfig``; an invalid one is never
sent, its ``ValueError`` text is shown in red instead. Buttons that act on a
running search (data shift) emit their own signals.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from bnviz.labs.search.model import DATASETS, PAIRS, SearchConfig, shift_target
from bnviz.ui.forms import SettingsPanel

SAMPLER_TEXT = {"random": "random", "grid": "grid", "quasi_random": "quasi-random (Sobol)"}
OBJECTIVE_TEXT = {"real": "real training (engine)", "synthetic": "SYNTHETIC (instant, no training)"}


def _combo(name: str, items: dict, current) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    for value, text in items.items():
        c.addItem(text, value)
    c.setCurrentIndex(max(0, c.findData(current)))
    return c


def _spin(name: str, lo: int, hi: int, value: int, step: int = 1, suffix: str = "") -> QSpinBox:
    s = QSpinBox()
    s.setObjectName(name)
    s.setRange(lo, hi)
    s.setSingleStep(step)
    s.setValue(value)
    s.setSuffix(suffix)
    s.setKeyboardTracking(False)
    return s


_shift_target = shift_target       # the default 'new data' (in the model: lesson checks use it too)


def _note(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: #555555")
    return lab


class SearchControls(SettingsPanel):
    """The search's settings; emits ``config_changed(SearchConfig)`` and ``shift_requested(dataset)``."""

    shift_requested = Signal(str)

    def __init__(self, cfg: SearchConfig, parent: QWidget | None = None) -> None:
        super().__init__("search_controls", cfg, parent, error_name="search_error")
        f = self.group("Search")
        self.pair = _combo("search_pair", {k: p.label for k, p in PAIRS.items()}, cfg.pair)
        self.pair.setToolTip("\n".join(f"{p.label}: {p.note}" for p in PAIRS.values()))
        self.sampler = _combo("search_sampler", SAMPLER_TEXT, cfg.sampler)
        self.sampler.setToolTip("How the coarse-to-fine rounds sample (the comparison tab runs all three)")
        self.budget = _spin("search_budget", 4, 400, cfg.budget, suffix=" trials")
        self.budget.setToolTip("Trials per round, the same for grid, random and quasi-random")
        f.addRow(self.pair)
        f.addRow("Sampler", self.sampler)
        f.addRow("Budget", self.budget)
        self.compare = QCheckBox("also run grid vs random vs Sobol")
        self.compare.setObjectName("search_compare_arms")
        self.compare.setChecked(cfg.compare)
        f.addRow(self.compare)

        f = self.group("Each trial")
        self.objective = _combo("search_objective", OBJECTIVE_TEXT, cfg.objective)
        self.steps = _spin("search_steps", 10, 5000, cfg.steps, step=50, suffix=" steps")
        self.dataset = _combo("search_dataset", {d: d for d in DATASETS}, cfg.dataset)
        f.addRow(self.objective)
        f.addRow("Training", self.steps)
        f.addRow("Data", self.dataset)
        f.addRow(_note("A real trial trains a 2 \u00d7 16 ReLU net (units: the searched width) with the "
                       "engine and scores its validation accuracy."))

        f = self.group("Coarse to fine")
        f.addRow(_note("Drag / resize the red rectangle on the scatter, then press \u201cZoom & resample\u201d: "
                       "the next round samples only inside it. The round buttons go back."))

        f = self.group("Data shift (re-test)")
        self.shift_data = _combo("search_shift_data", {d: d for d in DATASETS}, _shift_target(cfg.dataset))
        self.shift_button = QPushButton("Re-run on shifted data")
        self.shift_button.setObjectName("search_shift")
        self.shift_button.setToolTip("Run the current round's very trials again on other data: does the best move?")
        self.shift_button.clicked.connect(lambda: self.shift_requested.emit(self.shift_data.currentData()))
        f.addRow("New data", self.shift_data)
        f.addRow(self.shift_button)

        self.column.insertWidget(self.column.indexOf(self.error), _note(
            "Play (Space) runs the trials on every core; Pause stops handing out new ones; "
            "Step (S) runs one; Reset (R) starts the search again."))
        self.watch(self.pair, self.sampler, self.objective, self.dataset, self.budget, self.steps, self.compare)
        self.objective.currentIndexChanged.connect(self._sync_enabled)
        self._sync_enabled()

    def build(self) -> SearchConfig:
        return replace(self._cfg, pair=self.pair.currentData(), sampler=self.sampler.currentData(),
                       budget=self.budget.value(), objective=self.objective.currentData(),
                       steps=self.steps.value(), dataset=self.dataset.currentData(),
                       compare=self.compare.isChecked())

    def show_config(self, cfg: SearchConfig) -> None:
        self.pair.setCurrentIndex(self.pair.findData(cfg.pair))
        self.sampler.setCurrentIndex(self.sampler.findData(cfg.sampler))
        self.budget.setValue(cfg.budget)
        self.objective.setCurrentIndex(self.objective.findData(cfg.objective))
        self.steps.setValue(cfg.steps)
        self.dataset.setCurrentIndex(self.dataset.findData(cfg.dataset))
        self.compare.setChecked(cfg.compare)
        self.shift_data.setCurrentIndex(self.shift_data.findData(_shift_target(cfg.dataset)))
        self._sync_enabled()

    def _sync_enabled(self, *_) -> None:
        real = self.objective.currentData() == "real"
        for w in (self.steps, self.dataset, self.shift_button, self.shift_data):
            w.setEnabled(real)
