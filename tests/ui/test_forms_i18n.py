"""The settings forms in another language: the panel translates its table's texts, configs stay English."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox

from bnviz.engine.activations import ACTIVATIONS
from bnviz.engine.config import DECAYS, INITS, OPTIMIZERS
from bnviz.engine.data import DATASETS
from bnviz.ui.forms import VALUE_NAMES, Field, Group, SettingsPanel, check, choice, spin
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.plots import make_plot
from bnviz.ui.pointer import step_plots


@dataclass(frozen=True)
class Toy:
    mode: str = "a"
    act: str = "relu"
    on: bool = False
    count: int = 3


class ToyPanel(SettingsPanel):
    FORM = (
        Group(QT_TR_NOOP("Toys"), (
            Field("mode", "mode", QT_TR_NOOP("Mode"), choice({"a": QT_TR_NOOP("Mode A"), "b": QT_TR_NOOP("Mode B")}),
                  tip=QT_TR_NOOP("which mode")),
            Field("act", "act", QT_TR_NOOP("Activation"), choice(("relu", "tanh"))),
            Field("on", "on", QT_TR_NOOP("Switch on"), check()),
            Field("count", "count", QT_TR_NOOP("Count"), spin(1, 9, suffix=QT_TR_NOOP(" steps"))),
        )),
    )

    def __init__(self, cfg: Toy) -> None:
        super().__init__("toy_panel", cfg)


def test_the_panel_shows_its_table_translated_and_keeps_english_values(qtbot, bracketed):
    panel = ToyPanel(Toy(mode="b"))
    qtbot.addWidget(panel)
    assert panel.findChild(QGroupBox).title() == "\u00abToys\u00bb"
    assert panel.groups["Toys"].itemAt(0, QFormLayout.ItemRole.LabelRole).widget().text() == "\u00abMode\u00bb"
    assert panel.mode.toolTip() == "\u00abwhich mode\u00bb" and panel.on.text() == "\u00abSwitch on\u00bb"
    assert [panel.mode.itemText(i) for i in range(2)] == ["\u00abMode A\u00bb", "\u00abMode B\u00bb"]
    assert [panel.act.itemText(i) for i in range(2)] == ["\u00abrelu\u00bb", "\u00abtanh\u00bb"]
    assert panel.count.suffix() == "\u00ab steps\u00bb"
    panel.act.setCurrentIndex(1)
    assert panel.build() == Toy(mode="b", act="tanh")          # item data: the English value


def test_retranslate_redoes_the_suffixes(qtbot, bracketed):
    panel = ToyPanel(Toy())
    qtbot.addWidget(panel)
    QCoreApplication.removeTranslator(bracketed)
    panel.retranslate()
    assert panel.count.suffix() == " steps"


def test_every_engine_value_a_form_offers_has_a_marked_name():
    offered = {*DATASETS, *ACTIVATIONS, *INITS, *OPTIMIZERS, *DECAYS}
    assert offered <= VALUE_NAMES.keys(), offered - VALUE_NAMES.keys()
    assert VALUE_NAMES["step"] != tr("step")           # the decay is not the step counter's word


def test_pins_find_step_axes_in_the_other_language(qtbot, bracketed):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    page = QWidget()
    qtbot.addWidget(page)
    lay = QVBoxLayout(page)
    timed, other = make_plot("loss", tr("step"), "loss"), make_plot("weights", tr("unit"), "w")
    lay.addWidget(timed)
    lay.addWidget(other)
    assert step_plots(page) == [timed]
