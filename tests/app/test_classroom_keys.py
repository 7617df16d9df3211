"""In front of a class: keys that always work, R that pauses, Reset lesson, presentation mode for this session only."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from bnviz.app.presets import find_preset
from bnviz.ui import theme
from tests.lab_waits import wait_frame


def test_space_toggles_play_even_in_a_focused_number_box(window, bn_lab, qtbot):
    box = bn_lab.controls.depth
    window.controls_dock.show()
    box.setFocus()
    qtbot.waitUntil(lambda: box.hasFocus(), timeout=5000)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert window.play_action.isChecked() and bn_lab.bridge.playing
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 5)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not bn_lab.bridge.playing and box.value() == 3      # the box took no text
    qtbot.keyClick(box, Qt.Key.Key_Return)                     # Enter leaves the edited field
    assert not box.hasFocus()


def test_r_resets_and_pauses_and_reset_lesson_restores_the_preset(window, qtbot):
    preset = find_preset("b2-bn-histograms")
    window.open_preset(preset)
    lab = window.lab
    original = lab.config()
    window.toggle_play()
    wait_frame(qtbot, lab, lambda f: f.step >= 10)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert not lab.bridge.playing and not window.play_action.isChecked()
    wait_frame(qtbot, lab, lambda f: f.step == 0 and not f.playing)
    lab.controls.lr.setValue(0.05)                             # a student changed things
    lab.set_seed(99)
    assert lab.config() != original
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert lab.config() == original and window.seed.value() == preset.seed
    wait_frame(qtbot, lab, lambda f: f.step == 0 and f.snapshot[0].config == original.train.with_bn(True))


def test_the_shortcut_list_is_read_from_the_actions(window):
    rows = dict(window.shortcut_rows())
    with_keys = [a for a in window.actions() if a.shortcuts()]
    assert len(rows) == len({a.text().replace("&", "") for a in with_keys})
    assert rows["Play"] == "Space" and "Shift+R" in rows["Reset lesson"] and rows["Presentation mode"] == "F11"
    window.show_shortcuts()
    box = window.findChild(QMessageBox, "shortcuts_dialog")
    assert box is not None and "Reset lesson" in box.text()


def test_presentation_mode_is_not_remembered(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings)
    qtbot.addWidget(win)
    win.show()
    win.presentation_action.trigger()
    assert theme.scale() == win.presentation_scale() > 1.1 and not win.controls_dock.isVisible()
    win.close()                                                # quit while presenting
    assert float(settings.value("view/scale")) == 1.0 and theme.scale() == 1.0
    again = create_window(settings=settings)
    qtbot.addWidget(again)
    try:
        assert theme.scale() == 1.0 and not again.presentation_action.isChecked()
    finally:
        again.close()


def test_presentation_mode_scales_widgets_under_a_style_sheet_too(window, qtbot):
    """The data editor's amber "Edit data" button is styled by a sheet; it grows with the rest."""
    window.open_preset(find_preset("s3-hidden-layers-bend"))
    lab = window.lab_by_key("softmax")
    window.presentation_action.trigger()
    try:
        app_pt = window.font().pointSizeF()
        assert theme.scale() > 1.1
        assert lab.editor.toggle.font().pointSizeF() == app_pt and lab.regions.compare.font().pointSizeF() == app_pt
    finally:
        window.presentation_action.trigger()
    assert lab.editor.toggle.font().pointSizeF() == window.font().pointSizeF() == 9.5


def test_the_window_opens_fitted_to_the_screen(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings)            # no saved geometry: the offscreen screen is 800x800
    qtbot.addWidget(win)
    area = win.screen().availableGeometry()
    try:
        assert win.width() <= area.width() and win.height() <= area.height()
        assert area.contains(win.geometry().topLeft())
    finally:
        win.close()


def test_presentation_mode_widens_the_step_label_for_its_bigger_font(window):
    """The step label is as wide as its widest text so that frames never re-lay out the window; at 1920x1080
    in presentation mode it kept its width at scale 1 and the status text ran into it."""
    from bnviz.app.main_window import WIDEST_STEP
    from bnviz.ui.i18n import tr

    def widest() -> float:
        text = tr("step {step}  epoch {epoch}  {rate:.0f} steps/s").format(**WIDEST_STEP)
        return window.step_label.fontMetrics().horizontalAdvance(text)

    normal = window.step_label.minimumWidth()
    window.presentation_action.trigger()
    try:
        assert theme.scale() > 1.1
        assert window.step_label.minimumWidth() >= widest() > normal * 1.1
    finally:
        window.presentation_action.trigger()
    assert window.step_label.minimumWidth() == normal
