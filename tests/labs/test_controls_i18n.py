"""Every lab's settings panel in another language: hand-made rows and lines composed at run time follow it."""

from __future__ import annotations

import pytest

import bnviz.labs
from bnviz.labs.batchnorm.controls import BatchNormControls
from bnviz.labs.covariate.controls import ShiftControls
from bnviz.labs.panda.controls import PandaControls
from bnviz.labs.search.controls import PAIR_TEXT, SearchControls
from bnviz.labs.search.model import PAIRS
from bnviz.labs.softmax.controls import SoftmaxControls
from bnviz.labs.testtime import controls as testtime_controls
from bnviz.ui.i18n import visible_texts

CONTROLS = {"bn": BatchNormControls, "shift": ShiftControls, "panda": PandaControls, "search": SearchControls,
            "softmax": SoftmaxControls, "testtime": testtime_controls.TestTimeControls}


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_pair_texts_are_the_models(qtbot):
    assert {k: (p.label, p.note) for k, p in PAIRS.items()} == PAIR_TEXT


@pytest.mark.parametrize("key", CONTROLS)
def test_a_panel_made_in_another_language_shows_it_everywhere(qtbot, bracketed, key):
    panel = CONTROLS[key](bnviz.labs.spec(key).Config())
    qtbot.addWidget(panel)
    if key == "testtime":
        panel.show_correction(1600, 1600 / 1599)
    words = [t for t in visible_texts(panel) if t != panel.error.text()]
    # numbers (slider and spin values) are not words; every text with a letter went through tr()
    untranslated = [t for t in words if any(c.isalpha() for c in t) and "\u00ab" not in t and not number(t)]
    assert untranslated == []


def test_composed_lines_follow_a_language_switch(qtbot, qapp, request):
    made = {key: CONTROLS[key](bnviz.labs.spec(key).Config()) for key in ("panda", "testtime", "shift", "search")}
    for p in made.values():
        qtbot.addWidget(p)
    made["testtime"].show_correction(1600, 1600 / 1599)
    request.getfixturevalue("bracketed")              # from here on, every text comes back «translated»
    for p in made.values():
        p.retranslate()
    lines = [made["panda"].budget_note, made["testtime"].window_label, made["testtime"].correction_label,
             made["shift"].amount]
    assert all(line.text().startswith("\u00ab") for line in lines), [line.text() for line in lines]
    assert made["search"].pair.toolTip().count("\u00ab") == 3 * len(PAIRS)
    assert "1600" in made["testtime"].correction_label.text()      # the numbers are put in after translating
