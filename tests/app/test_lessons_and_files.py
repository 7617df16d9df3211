"""Lessons, sessions, presentation mode and themes, driven through the main window."""

import json

import pyqtgraph as pg
import pytest

from bnviz import schema
from bnviz.app.presets import PRESETS_DIR, all_presets, load_preset, parse_preset
from bnviz.ui import theme

WAIT = 15000


def test_every_preset_loads_and_opens_its_lab(window, qtbot):
    presets = all_presets()
    assert presets, "no lesson presets bundled"
    rows = [p.row for p in presets]
    assert rows == sorted(rows, key=lambda r: ("HBSF".index(r[0]), int(r[1:])))
    for p in presets:
        window.open_preset(p)
        assert window.lab.key == p.lab
        assert window.caption.isVisible() and p.title in window.caption.text()
        assert window.lab.config() == schema.from_json(window.lab.spec.Config, p.state["config"])
        assert window.lab.seed() == p.seed == window.seed.value()


def test_next_and_previous_lesson_follow_the_syllabus(window, qtbot):
    presets = all_presets()
    window.open_preset(presets[0])
    window.findChild(pg.QtGui.QAction, "next_lesson").trigger()
    assert window.current_preset == presets[1]
    window.findChild(pg.QtGui.QAction, "previous_lesson").trigger()
    assert window.current_preset == presets[0]


def test_a_preset_with_a_bad_field_is_refused_naming_it(tmp_path, window):
    good = json.loads(sorted(PRESETS_DIR.glob("b*.json"))[0].read_text())
    bad = dict(good, seed="zero")
    with pytest.raises(ValueError, match="seed"):
        parse_preset(bad)
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(json.dumps(dict(good, colour="red")))
    with pytest.raises(ValueError, match="colour"):
        load_preset(bad_path)
    if good["lab"] == "bn":
        inner = json.loads(json.dumps(good))
        inner["state"]["config"]["train"]["net"]["hidden"] = [5000]
        with pytest.raises(ValueError, match="state.config.train.net.*width"):
            parse_preset(inner)                    # the whole lesson is read before anything opens
        before = window.lab_by_key("bn").state()
        with pytest.raises(ValueError, match="width"):
            window.lab_by_key("bn").apply_state(inner["state"])
        assert window.lab_by_key("bn").state() == before


def test_session_round_trip(window, bn_lab, qtbot, tmp_path):
    bn_lab.controls.depth.setValue(2)
    bn_lab.controls.lr.setValue(0.05)
    bn_lab.controls.changed()
    saved = bn_lab.state()
    path = tmp_path / "s.json"
    window.save_session(path)
    bn_lab.controls.depth.setValue(4)
    assert bn_lab.state() != saved
    assert window.open_session(path)
    assert bn_lab.state()["config"] == saved["config"]
    qtbot.waitUntil(lambda: bn_lab.frame is not None and len(bn_lab.frame.snapshot[0].layers) == 2, timeout=WAIT)


@pytest.mark.parametrize("content,problem", [
    ("{\"format\": \"bnviz-session\", \"schema\": 2, \"labs\": {\"bn\": {\"config\": {\"net\"", "not valid JSON"),
    ("\x00\x01 not json", "not valid JSON"),
    ("{\"format\": \"bnviz-session\", \"schema\": 99, \"labs\": {}}", "newer bnviz"),
    ("{\"format\": \"bnviz-session\", \"schema\": 1, \"labs\": {}}", "bnviz 0.1"),
    ("{\"format\": \"other\"}", "not a bnviz session"),
    ("{\"format\": \"bnviz-session\", \"schema\": 2, \"labs\": {\"bn\": {\"config\": {\"train\": "
     "{\"batch_size\": -4}}}}}", "batch_size"),
    ("{\"format\": \"bnviz-session\", \"schema\": 2, \"labs\": {\"bn\": {\"config\": {\"train\": "
     "{\"batch_size\": 32.0}}}}}", "batch_size"),
    # the first lab is fine, the second is not: nothing at all is applied
    ("{\"format\": \"bnviz-session\", \"schema\": 2, \"labs\": {\"bn\": {\"config\": {\"twin\": \"off\"}}, "
     "\"softmax\": {\"config\": {\"chosen\": \"3\"}}}}", "labs.softmax: config.chosen"),
])
def test_bad_session_files_are_refused_and_change_nothing(window, tmp_path, content, problem):
    bn, softmax = window.lab_by_key("bn"), window.lab_by_key("softmax")
    before = bn.state(), softmax.state()
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert not window.open_session(path)
    assert problem in window.last_refusal
    assert (bn.state(), softmax.state()) == before


def test_presentation_mode_scales_fonts_and_lines(window, bn_lab, qtbot):
    qtbot.waitUntil(lambda: bool(bn_lab.histograms.rows), timeout=WAIT)
    plot = bn_lab.histograms.rows[0][0].plot
    font_before = plot.getAxis("bottom").style["tickFont"].pointSizeF()
    pen_before = bn_lab.histograms.rows[0][0].curves["BN"].opts["pen"].widthF()
    from PySide6.QtCore import QRect

    window.screen_rect = lambda: QRect(0, 0, 1920, 1080)     # a 1080p projector: the full presentation scale
    window.presentation_action.trigger()
    try:
        assert theme.scale() > 1.4
        assert plot.getAxis("bottom").style["tickFont"].pointSizeF() > 1.4 * font_before
        assert bn_lab.histograms.rows[0][0].curves["BN"].opts["pen"].widthF() > 1.4 * pen_before
    finally:
        window.presentation_action.trigger()
    assert theme.scale() == 1.0


def test_theme_switch_applies_to_every_plot(window, bn_lab, qtbot):
    window.set_theme("dark")
    try:
        plots = window.findChildren(pg.PlotWidget)
        assert plots
        for p in plots:
            assert p.backgroundBrush().color().name() == theme.THEMES["dark"].background
        assert window.settings.value("view/theme") == "dark"
    finally:
        window.set_theme("light")


def test_last_lesson_theme_and_scale_are_remembered(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(scale=1.3, settings=settings)       # e.g. bnviz --scale 1.3
    qtbot.addWidget(win)
    presets = all_presets()
    win.open_preset(presets[3])
    win.set_theme("dark")
    win.presentation_action.trigger()                       # presenting is not remembered; 1.3 is
    win.close()
    again = create_window(settings=settings)
    qtbot.addWidget(again)
    try:
        assert again.lessons.list.currentRow() == 3
        assert theme.current().name == "dark"
        assert theme.scale() == 1.3
    finally:
        again.set_theme("light")
        theme.apply("light", 1.0)
        again.close()
