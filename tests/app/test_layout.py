"""Every lab fits the projectors of lecture halls, in and out of presentation mode.

Each lab is opened on one of its lessons and the window is given the size
of a 1280x720, a 1366x768 and a 1920x1080 screen, as an ordinary window
and in presentation mode (its scale follows the screen's height, as
``MainWindow.presentation_scale`` says).  Every plot shown must be at least
``MIN_PLOT`` pixels, and no widget may reach outside its parent (what is
inside a scroll area is exempt: scrolling is how it is reached).
"""

import time

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

SCREENS = ((1280, 720), (1366, 768), (1920, 1080))
MIN_PLOT = (240, 160)
#: the lesson each lab is looked at with (its busiest page)
LESSONS = {"bn": "b8", "shift": "b5", "testtime": "b7", "search": "h2", "panda": "h8", "softmax": "s3",
           "framework": "f1"}


def _scrolled(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def _settle(qtbot, seconds: float = 0.6) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        qtbot.wait(20)


def _problems(window, lab) -> list[str]:
    out = []
    for p in lab.findChildren(pg.PlotWidget):
        if p.isVisible() and (p.width() < MIN_PLOT[0] or p.height() < MIN_PLOT[1]):
            out.append(f"plot {p.getPlotItem().titleLabel.text[:40]!r} is {p.width()}x{p.height()}")
    for w in window.findChildren(QWidget):
        parent = w.parentWidget()
        if not w.isVisible() or parent is None or w.isWindow() or _scrolled(w, window):
            continue
        if not parent.rect().adjusted(-1, -1, 1, 1).contains(w.geometry()):
            out.append(f"{type(w).__name__} {w.objectName()!r} {w.geometry().getRect()} outside "
                       f"{type(parent).__name__} {parent.objectName()!r} {parent.width()}x{parent.height()}")
    return out


@pytest.mark.parametrize("key", list(LESSONS))
def test_every_plot_is_readable_and_nothing_is_clipped(window, qtbot, key):
    lab = window.lab_by_key(key)
    window.open_preset(next(p for p in window.presets if p.lab == key and p.row.lower() == LESSONS[key]))
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=20000)
    found = []
    for w, h in SCREENS:
        window.screen_rect = lambda w=w, h=h: QRect(0, 0, w, h)
        for presenting in (False, True):
            if presenting:
                window.presentation_action.trigger()
                assert window.isFullScreen() or window.geometry() == QRect(0, 0, w, h)
            _settle(qtbot, 0.2)
            window.setGeometry(0, 0, w, h)      # the offscreen screen is 800x800: give the projector's size
            _settle(qtbot)
            where = f"{w}x{h} {'presenting' if presenting else 'window'}"
            if (window.width(), window.height()) != (w, h):
                found.append(f"{where}: the window needs {window.width()}x{window.height()}")
            found += [f"{where}: {p}" for p in _problems(window, lab)]
            if presenting:
                window.presentation_action.trigger()
    assert not found, "\n".join(found[:20])


def test_long_captions_keep_to_a_few_lines_until_more_is_pressed(window, qtbot):
    from bnviz.app.presets import find_preset

    window.open_preset(find_preset("b5-covariate-shift"))       # 8 lines at full length
    window.setGeometry(0, 0, 1280, 720)
    _settle(qtbot)
    bar = window.caption
    line = bar.label.fontMetrics().lineSpacing()
    assert bar.more.isVisible() and bar.label.height() <= 2 * line + 12      # a 720-line screen: two lines
    bar.more.click()
    _settle(qtbot, 0.2)
    assert bar.label.height() > 4 * line and bar.more.text() == "less"
    bar.more.click()
    window.setGeometry(0, 0, 1920, 1080)
    _settle(qtbot)
    assert bar.label.height() <= 3 * line + 12


def test_the_status_numbers_end_in_an_ellipsis_when_a_notice_leaves_no_room(window, qtbot):
    from bnviz.app.presets import find_preset

    window.open_preset(find_preset("b8"))
    lab = window.lab
    lab.bridge.step(3)
    qtbot.waitUntil(lambda: lab.frame is not None and lab.frame.step == 3, timeout=15000)
    whole = lab.status(lab.frame)[0]
    window._set_notice("paused where the lesson makes its point: Space goes on, R replays")
    window.resize(900, 700)
    qtbot.waitUntil(lambda: QLabel.text(window.metrics_label).endswith("\u2026"), timeout=5000)
    shown = QLabel.text(window.metrics_label)
    assert window.metrics_label.text() == whole and whole.startswith(shown[:-1])
    assert window.metrics_label.toolTip() == whole      # the whole line is still there
    assert window.metrics_label.geometry().right() < window.notice_label.geometry().left()
