"""Settings of the Hyperparameter Search Lab (the window's left dock).

Every change builds one validated ``SearchConfig``; an invalid one is never
sent, its ``ValueError`` text is shown in red instead. Buttons that act on a
running search (data shift) emit their own signals.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from bnviz.engine.data import CUSTOM, make_dataset
from bnviz.engine.userdata import points_of
from bnviz.labs.search.model import DATASETS, PAIRS, TRIAL_SETS, SearchConfig, shift_target
from bnviz.ui.forms import Field, Group, SettingsPanel, check, choice, note, select_data, spin
from bnviz.ui.i18n import QT_TR_NOOP, tr

SAMPLER_TEXT = {"random": QT_TR_NOOP("random"), "grid": QT_TR_NOOP("grid"),
                "quasi_random": QT_TR_NOOP("quasi-random (Sobol)")}
OBJECTIVE_TEXT = {"real": QT_TR_NOOP("real training (engine)"),
                  "synthetic": QT_TR_NOOP("SYNTHETIC (instant, no training)")}
#: The model's ``PAIRS`` label and note of each pair, marked for the translators (a test keeps them equal).
PAIR_TEXT = {
    "lr_eps": (QT_TR_NOOP("learning rate \u03b1 vs Adam's \u03b5"),
               QT_TR_NOOP("Adam; \u03b1 matters most, \u03b5 almost never does")),
    "lr_beta": (QT_TR_NOOP("learning rate \u03b1 vs momentum \u03b2"),
                QT_TR_NOOP("SGD with momentum; \u03b2 sampled as 1 - \u03b2 log-uniform")),
    "lr_units": (QT_TR_NOOP("learning rate \u03b1 vs hidden units"),
                 QT_TR_NOOP("Adam; width of both hidden layers, sampled uniformly")),
}


class SearchControls(SettingsPanel):
    """The search's settings; emits ``config_changed(SearchConfig)`` and ``shift_requested(dataset)``."""

    shift_requested = Signal(str)

    FORM = (
        Group(QT_TR_NOOP("Search"), (
            Field("pair", "pair", "", choice({k: PAIR_TEXT[k][0] for k in PAIRS}), name="search_pair"),
            Field("sampler", "sampler", QT_TR_NOOP("Sampler"), choice(SAMPLER_TEXT), name="search_sampler",
                  tip=QT_TR_NOOP("How the coarse-to-fine rounds sample (the comparison tab runs all three)")),
            Field("budget", "budget", QT_TR_NOOP("Budget"), spin(4, 400, suffix=QT_TR_NOOP(" trials")),
                  name="search_budget", tip=QT_TR_NOOP("Trials per round, the same for grid, random and quasi-random")),
            Field("compare", "compare", QT_TR_NOOP("also run grid vs random vs Sobol"), check(),
                  name="search_compare_arms"),
        )),
        Group(QT_TR_NOOP("Each trial"), (
            Field("objective", "objective", "", choice(OBJECTIVE_TEXT), name="search_objective"),
            Field("steps", "steps", QT_TR_NOOP("Training"), spin(10, 5000, step=50, suffix=QT_TR_NOOP(" steps")),
                  name="search_steps"),
            Field("dataset", "dataset", QT_TR_NOOP("Data"), choice(TRIAL_SETS), name="search_dataset",
                  tip=QT_TR_NOOP("The data every trial trains on; hand-made: your own points (File > Import data)")),
        )),
        Group(QT_TR_NOOP("Coarse to fine")),
        Group(QT_TR_NOOP("Data shift (re-test)")),
    )

    def __init__(self, cfg: SearchConfig, parent: QWidget | None = None) -> None:
        super().__init__("search_controls", cfg, parent, error_name="search_error")
        self._tip_pairs()
        self.groups["Each trial"].addRow(note(tr(
            "A real trial trains a 2 \u00d7 16 ReLU net (units: the searched width) with the "
            "engine and scores its validation accuracy.")))
        self.groups["Coarse to fine"].addRow(note(tr(
            "Drag / resize the red rectangle on the scatter, then press \u201cZoom & resample\u201d: "
            "the next round samples only inside it. The round buttons go back.")))

        f = self.groups["Data shift (re-test)"]         # not a setting: what the button re-runs on
        self.shift_data = choice(DATASETS).make("")
        self.shift_data.setObjectName("search_shift_data")
        select_data(self.shift_data, shift_target(cfg.dataset))
        self.shift_button = QPushButton(tr("Re-run on shifted data"))
        self.shift_button.setObjectName("search_shift")
        self.shift_button.setToolTip(tr("Run the current round's very trials again on other data: does the best move?"))
        self.shift_button.clicked.connect(lambda: self.shift_requested.emit(self.shift_data.currentData()))
        f.addRow(tr("New data"), self.shift_data)
        f.addRow(self.shift_button)

        self.column.insertWidget(self.column.indexOf(self.error), note(tr(
            "Play (Space) runs the trials on every core; Pause stops handing out new ones; "
            "Step (S) runs one; Reset (R) starts the search again.")))
        self.objective.currentIndexChanged.connect(self._sync_enabled)
        self._sync_enabled()

    def build(self) -> SearchConfig:
        """The config the widgets describe; "hand-made" chosen without points starts from the set on screen.

        As in every lab with own data: the generated set the trials trained on becomes
        the hand-made one (File > Import data replaces it).
        """
        if self.dataset.currentData() == CUSTOM and not self._cfg.points:
            self._cfg = replace(self._cfg, points=points_of(make_dataset(self._cfg.data())))
        return super().build()

    def _tip_pairs(self) -> None:
        """The pair list's tooltip: every pair with its note, in the interface's language."""
        self.pair.setToolTip("\n".join(tr("{label}: {note}").format(label=tr(label), note=tr(note))
                                       for label, note in PAIR_TEXT.values()))

    def retranslate(self) -> None:
        """The composed pair tooltip in the new language (``set_language`` calls it)."""
        super().retranslate()
        self._tip_pairs()

    def show_config(self, cfg: SearchConfig) -> None:
        super().show_config(cfg)
        select_data(self.shift_data, shift_target(cfg.dataset))
        self._sync_enabled()

    def _sync_enabled(self, *_) -> None:
        real = self.objective.currentData() == "real"
        for w in (self.steps, self.dataset, self.shift_button, self.shift_data):
            w.setEnabled(real)
