"""The app shell follows the interface's language live: the lessons' own Chinese texts where a lesson is shown.

A lesson's title, caption and claims come from its preset's ``translations.zh_CN``
(not from the .qm), so these hold with any compiled translation file.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from bnviz.ui import i18n


def _lesson_help(window) -> str:
    """Open Help > This lesson and return what it says (the dialog is closed again)."""
    window.findChild(type(window.step_action), "this_lesson").trigger()
    box = window.findChildren(QMessageBox, "lesson_help_dialog")[-1]
    text = box.text()
    box.close()
    box.deleteLater()
    return text


def test_lesson_texts_follow_the_language_live(window, qtbot):
    """Caption bar, lessons list and caption, Lessons menu and Help > This lesson say the lesson in Chinese, then English."""
    page = window.lessons
    row = next(i for i, p in enumerate(page.presets) if p.claims)
    p = page.presets[row]
    page.list.setCurrentRow(row)
    page.open_button.click()
    assert window.current_preset is p
    zh = p.translations["zh_CN"]
    claim = p.claims[0]
    entry = window.findChild(type(window.step_action), f"lesson_{p.name}")
    assert p.title in window.caption.text() and p.title in page.list.item(row).text() and p.title in entry.text()
    english_help = _lesson_help(window)
    assert p.title in english_help and claim.text in english_help
    try:
        window.language_actions["zh_CN"].trigger()
        assert i18n.language() == "zh_CN"
        assert zh.title in window.caption.text() and zh.caption in window.caption.text()
        assert p.title not in window.caption.text()
        assert page.list.item(row).text() == f"{p.row}  {zh.title}"
        assert zh.title in page.caption.text() and zh.caption in page.caption.text()
        assert entry.text() == f"{p.row}  {zh.title}"
        help_zh = _lesson_help(window)
        assert zh.title in help_zh and zh.caption in help_zh and zh.claims[claim.id] in help_zh
        assert claim.text not in help_zh
        # the next lesson opened in Chinese is shown in Chinese too
        window.step_lesson(1)
        nxt = window.current_preset
        assert nxt.title_in("zh_CN") in window.caption.text()
        window.step_lesson(-1)

        window.language_actions["en"].trigger()
        assert i18n.language() == "en"
        assert p.title in window.caption.text() and zh.title not in window.caption.text()
        assert page.list.item(row).text() == f"{p.row}  {p.title}"
        assert p.title in page.caption.text() and zh.caption not in page.caption.text()
        assert entry.text() == f"{p.row}  {p.title}"
        assert _lesson_help(window) == english_help
        assert window.play_action.text() == "Play"
    finally:
        i18n.set_language("en")


def test_caption_more_button_and_status_follow_the_language(window, qtbot):
    """The caption bar's more/less and the step readout are re-said in the new language (tr of their sources)."""
    window.open_preset(window.presets[0])
    lab = window.lab
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=20000)
    f = lab.frame
    try:
        window.language_actions["zh_CN"].trigger()
        assert window.caption.more.text() == i18n.tr("more")
        assert window.step_label.text() == i18n.tr("step {step}  epoch {epoch}  {rate:.0f} steps/s").format(
            step=f.step, epoch=f.epoch, rate=f.steps_per_second)
        assert window.windowTitle().startswith("bnviz ")
        assert window.speed.itemText(0) == i18n.tr("as fast as possible")
        window.language_actions["en"].trigger()
        assert window.caption.more.text() == "more" and window.speed.itemText(0) == "as fast as possible"
        assert window.windowTitle().endswith("batch norm and hyperparameter tuning lab")
    finally:
        i18n.set_language("en")


def test_chinese_caption_is_capped_at_whole_lines(window, qtbot):
    """CJK glyphs come from a fallback font with taller lines: the caption's cap follows the text drawn,
    so a 720-line screen shows two whole lines of a Chinese caption, not one and a half."""
    import pytest
    from PySide6.QtGui import QTextDocument

    from bnviz.app.presets import find_preset

    if not i18n.has_cjk_font():
        pytest.skip("no CJK font installed")
    bar = window.caption
    window.open_preset(find_preset("b5-covariate-shift"))
    window.setGeometry(0, 0, 1280, 720)
    qtbot.wait(200)
    try:
        window.language_actions["zh_CN"].trigger()
        qtbot.wait(200)
        doc = QTextDocument()
        doc.setDefaultFont(bar.label.font())
        doc.setHtml("<b>协变量偏移</b>：黑猫与各种颜色的猫")
        doc.size()
        line = doc.firstBlock().layout().lineAt(0).height()
        assert line >= bar.label.fontMetrics().lineSpacing()     # a fallback CJK font's line is as tall or taller
        assert bar.more.isVisible() and "\u2026" in bar.label.text()       # cut after a whole line
        assert 2 * line <= bar.label.height() < 3 * line + 8                # two of them, both whole
    finally:
        i18n.set_language("en")
