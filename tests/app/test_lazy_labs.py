"""The window builds a lab (page, plots, worker) only when it is first needed."""

import json

from PySide6.QtCore import Qt

import bnviz.labs
from bnviz.app.presets import find_preset
from bnviz.labs.page import LabPage
from bnviz.ui.i18n import tr


def test_the_window_opens_with_no_lab_built_and_builds_one_per_tab_clicked(window, qtbot):
    assert window.built_labs == [] and window.lab is None
    bar = window.tabs.tabBar()
    assert [bar.tabText(i) for i in range(1, bar.count())] == [tr(s.title) for s in bnviz.labs.LABS]
    i = 1 + [s.key for s in bnviz.labs.LABS].index("softmax")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
    lab = window.lab
    assert isinstance(lab, LabPage) and lab.key == "softmax" and window.tabs.currentIndex() == i
    assert [p.key for p in window.built_labs] == ["softmax"]
    assert window.controls_stack.currentWidget() is lab.controls
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=15000)     # its worker started and trained
    assert lab.frame.snapshot is not None and window.step_label.text().startswith("step")


def test_a_lesson_builds_only_its_own_lab(window, qtbot):
    window.open_preset(find_preset("bn-paper-figure1"))
    assert [p.key for p in window.built_labs] == ["bn"] and window.lab.key == "bn"
    window.findChild(type(window.actions()[0]), "goto_shift").trigger()       # View > Covariate Shift Lab
    assert [p.key for p in window.built_labs] == ["bn", "shift"] and window.lab.key == "shift"
    assert not window.lab_by_key("bn").bridge.playing


def test_a_session_holds_every_lab_even_those_never_built(window, tmp_path, qtbot):
    window.open_preset(find_preset("softmax-loss"))
    path = tmp_path / "s.bnviz.json"
    assert window.save_session(path)
    saved = json.loads(path.read_text())
    assert sorted(saved["labs"]) == sorted(s.key for s in bnviz.labs.LABS)
    assert [p.key for p in window.built_labs] == ["softmax"]        # saving built nothing
    fresh = bnviz.labs.spec("panda").Page().state()
    assert saved["labs"]["panda"]["config"] == fresh["config"]
    assert window.open_session(path)
    assert window.lab.key == "softmax"
    assert window.lab_by_key("panda").state() == fresh           # what a page never opened would have said


def test_the_next_lessons_lab_is_built_while_a_lesson_waits_paused(window, qtbot):
    window.prefetch_next_lesson = True                  # as the app sets it
    names = [p.name for p in window.presets]
    last_bn = max(i for i, p in enumerate(window.presets) if p.lab == "bn")
    nxt = window.presets[last_bn + 1]
    assert nxt.lab != "bn"
    window.open_preset(window.presets[last_bn])
    qtbot.waitUntil(lambda: nxt.lab in [p.key for p in window.built_labs], timeout=10000)
    assert window.lab.key == "bn" and names.index(window.current_preset.name) == last_bn     # still on its lesson
    window.step_lesson(1)
    assert window.lab.key == nxt.lab


def test_on_the_lessons_page_the_first_lessons_lab_is_built_while_the_window_waits(window, qtbot):
    first = window.presets[0]
    assert window.lab is None and first.lab not in [p.key for p in window.built_labs]
    window.start_prefetching()                          # as the app does once the window shows
    qtbot.waitUntil(lambda: first.lab in [p.key for p in window.built_labs], timeout=10000)
    built = window.lab_by_key(first.lab)
    assert window.lab is None                           # still on the Lessons page
    window.step_lesson(1)                               # PageDown: the first lesson, on the lab built
    assert window.current_preset is first and window.lab is built
