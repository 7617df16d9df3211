"""A lesson opens the tab its caption talks about, even where a small screen folds the page into side tabs."""

import pytest
from PySide6.QtWidgets import QTabWidget

from bnviz.app.presets import find_preset
from bnviz.ui.reflow import SideBySide


@pytest.mark.parametrize("row", ["B4", "B5", "B8"])
def test_the_lessons_tab_is_in_front_on_a_narrow_window(window, qtbot, row):
    window.resize(1000, 700)
    preset = find_preset(row)
    window.open_preset(preset)
    lab = window.lab
    side = lab.findChild(SideBySide)
    qtbot.waitUntil(lambda: side.mode == "tabs", timeout=5000)
    shown = side.tabs.currentWidget()
    inner = [t for t in [shown, *shown.findChildren(QTabWidget)] if isinstance(t, QTabWidget) and t.count() > 1]
    assert inner, f"{row}: the side shown holds no tabs"
    assert any(t.isVisible() and t.currentIndex() > 0 for t in inner), f"{row}: its tab is not in front"
