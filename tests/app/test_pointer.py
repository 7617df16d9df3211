"""The lecturer's pointer, by real clicks and keys: enlarge one plot, the highlight pen, step pins."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QCursor

from bnviz.labs.batchnorm.model import TABS
from bnviz.ui import pointer
from tests.lab_waits import wait_frame

WAIT = 15000


def _curves_tab(lab, qtbot):
    lab.window().setGeometry(0, 0, 1920, 1080)        # room for the histograms beside the tabs
    qtbot.waitUntil(lambda: lab.reflow.mode == "side", timeout=WAIT)
    lab.tabs.setCurrentIndex(TABS.index("curves"))
    return lab.curves.loss


def test_double_click_enlarges_a_live_plot_and_esc_puts_it_back(window, bn_lab, qtbot):
    plot = _curves_tab(bn_lab, qtbot)
    home, size = plot.parentWidget(), plot.size()
    view = plot.viewport()
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.rect().center())
    stage = bn_lab.enlarger.stage
    assert bn_lab.enlarger.plot is plot and plot.parentWidget() is stage and stage.isVisible()
    qtbot.waitUntil(lambda: plot.width() >= bn_lab.width() - 10, timeout=WAIT)
    assert plot.height() >= bn_lab.height() - 60 and plot.height() > 1.5 * size.height()
    assert plot.mapTo(window, QPoint(0, 0)).y() >= bn_lab.mapTo(window, QPoint(0, 0)).y()
    assert window.back_action.isEnabled()

    curve = plot.getPlotItem().listDataItems()[0]
    before = 0 if curve.xData is None else len(curve.xData)
    window.toggle_play()                                   # it keeps updating while enlarged
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 60)
    qtbot.waitUntil(lambda: curve.xData is not None and len(curve.xData) > before, timeout=WAIT)
    window.toggle_play()

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert bn_lab.enlarger.plot is None and not stage.isVisible()
    assert plot.parentWidget() is home and plot.isVisible()
    qtbot.waitUntil(lambda: abs(plot.width() - size.width()) <= 2, timeout=WAIT)
    assert not window.back_action.isEnabled()


def test_z_enlarges_the_plot_last_touched_and_toggles_back(window, bn_lab, qtbot):
    plot = _curves_tab(bn_lab, qtbot)
    other = bn_lab.curves.acc
    centre = other.viewport().rect().center()
    QCursor.setPos(other.viewport().mapToGlobal(centre))    # Z means the plot under the mouse
    qtbot.mouseClick(other.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.keyClick(window, Qt.Key.Key_Z)
    assert bn_lab.enlarger.plot is other
    qtbot.keyClick(window, Qt.Key.Key_Z)
    assert bn_lab.enlarger.plot is None and other.parentWidget() is plot.parentWidget()


def test_the_pen_draws_strokes_that_fade_and_clear(window, bn_lab, qtbot, monkeypatch):
    ink = bn_lab.ink
    assert not ink.isVisible()                             # costs nothing while unused
    qtbot.keyClick(window, Qt.Key.Key_D)
    assert window.pen_action.isChecked() and ink.drawing and ink.isVisible()
    assert ink.geometry() == bn_lab.rect()
    qtbot.mousePress(ink, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    for x in range(110, 310, 20):
        qtbot.mouseMove(ink, QPoint(x, 100 + (x - 100) // 4))
    qtbot.mouseRelease(ink, Qt.MouseButton.LeftButton, pos=QPoint(300, 150))
    assert len(ink.strokes) == 1 and ink.strokes[0].path.boundingRect().width() >= 190
    image = bn_lab.grab().toImage()                        # the stroke is painted over the lab
    ink_rgb = QColor(pointer.INK_COLOR)
    hit = [image.pixelColor(x, 100 + (x - 100) // 4) for x in range(120, 300, 20)]
    assert sum(c.red() > 200 and c.green() < 120 and abs(c.blue() - ink_rgb.blue()) < 90 for c in hit) >= 6

    qtbot.keyClick(window, Qt.Key.Key_E)                   # E clears at once
    assert ink.strokes == []

    monkeypatch.setattr(pointer, "HOLD", 0.1)
    monkeypatch.setattr(pointer, "FADE", 0.2)
    qtbot.mousePress(ink, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    qtbot.mouseMove(ink, QPoint(90, 60))
    qtbot.mouseRelease(ink, Qt.MouseButton.LeftButton, pos=QPoint(90, 60))
    qtbot.keyClick(window, Qt.Key.Key_D)                   # pen down: the plots get the mouse again
    assert not ink.drawing and ink.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    qtbot.waitUntil(lambda: not ink.strokes and not ink.isVisible(), timeout=WAIT)   # faded by itself


def test_pins_mark_the_step_on_every_step_plot_and_reset_clears_them(window, bn_lab, qtbot):
    plot = _curves_tab(bn_lab, qtbot)
    window.toggle_play()
    wait_frame(qtbot, bn_lab, lambda f: f.step >= 30)
    window.toggle_play()
    qtbot.waitUntil(lambda: not bn_lab.bridge.playing, timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_P)
    step = bn_lab.frame.step

    for p in (plot, bn_lab.curves.acc, bn_lab.figure1.all_plot):          # hidden tabs too
        lines = [line for item, line in bn_lab.pins.lines if item is p.getPlotItem()]
        assert len(lines) == 1 and lines[0].value() == step and lines[0] in p.getPlotItem().items
    hist = bn_lab.histograms.rows[0][0].widget
    assert not any(item is hist.getPlotItem() for item, _ in bn_lab.pins.lines)   # x is not the step there
    assert np.isfinite(plot.getPlotItem().vb.viewRange()[0]).all()

    qtbot.keyClick(window, Qt.Key.Key_R)                   # a reset's run has no such step
    assert bn_lab.pins.lines == [] and not any(isinstance(i, pg.InfiniteLine) for i in plot.getPlotItem().items)


def test_the_enlarged_plots_header_follows_a_language_change(window, bn_lab, qtbot):
    from bnviz.ui import i18n

    plot = _curves_tab(bn_lab, qtbot)
    bn_lab.enlarger.enlarge(plot)
    assert "Esc, Z or a double-click puts it back" in bn_lab.enlarger.header.text()
    try:
        window.language_actions["zh_CN"].trigger()
        header = bn_lab.enlarger.header.text()
        assert header == i18n.tr("Esc, Z or a double-click puts it back") or "\u2014" in header
        assert "puts it back" not in header and plot.getPlotItem().titleLabel.text in header
    finally:
        window.language_actions["en"].trigger()
        bn_lab.enlarger.restore()
