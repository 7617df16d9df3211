"""A lesson opens the tab its caption talks about, even where a small screen folds the page into side tabs."""

import pytest
from PySide6.QtCore import Qt
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


def test_b2_after_b1_shows_the_layers_its_caption_is_about(window, qtbot):
    """B2's tab is the first (curves): at 1366x768 the page is folded, and B1 before it had
    brought the tabs' side forward; B2 brings the layer histograms back, and they are counted."""
    window.open_preset(find_preset("B1"))
    lab = window.lab
    side = lab.findChild(SideBySide)
    qtbot.waitUntil(lambda: side.mode == "tabs", timeout=5000)
    assert side.tabs.currentWidget().isAncestorOf(lab.tabs) and not lab.histograms.isVisible()
    window.open_preset(find_preset("B2"))
    assert window.lab is lab and lab.histograms.isVisible()
    qtbot.waitUntil(lambda: lab.frame is not None and lab.bridge.caught_up(lab.frame)
                    and lab.frame.snapshot[0].layers[0].z is not None, timeout=15000)


def test_a_setting_changed_by_hand_leaves_the_side_the_student_looks_at(window, qtbot):
    window.open_preset(find_preset("B8"))                # its Fig. 1 tab, in front of the folded layers
    lab = window.lab
    side = lab.findChild(SideBySide)
    qtbot.waitUntil(lambda: side.mode == "tabs", timeout=5000)
    bar = side.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())     # the student: Layers
    assert lab.histograms.isVisible()
    lab.controls.lr.setValue(lab.controls.lr.value() * 0.5)
    lab.controls.changed()
    assert lab.config().tab == "figure1" and lab.histograms.isVisible()
