"""Edit data with real mouse events on the Softmax Lab's plot, checked against the engine's next snapshot."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from bnviz.engine.data import CUSTOM
from bnviz.engine.userdata import class_counts
from bnviz.labs.softmax.model import SoftmaxConfig
from bnviz.ui.data_editor import EDIT_COLOR, SPACING_PX
from bnviz.ui.plots import region_image
from tests.lab_waits import train_then_pause, wait_frame

LAB = ("softmax", SoftmaxConfig())       # the module's lab page (tests/conftest.py: lab_page, lab)
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editing(lab, qtbot):
    """The lab after 20 steps, paused, its editor switched on by a click on "Edit data"; off again after."""
    train_then_pause(qtbot, lab, 20)
    ed = lab.editor
    qtbot.mouseClick(ed.toggle, LEFT)
    assert ed.active and ed.isVisible() and ed.toggle.isChecked()
    qtbot.mouseClick(ed.swatches.button(0), LEFT)
    lab.show_frame(lab.frame)
    qtbot.wait(50)
    yield lab
    if ed.active:
        qtbot.mouseClick(ed.toggle, LEFT)


def at(lab, x: float, y: float) -> QPoint:
    """The viewport position of data point (x, y) on the regions plot."""
    vb = lab.regions.plot.getPlotItem().getViewBox()
    return lab.regions.plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


def trained_on(qtbot, lab, points) -> None:
    """Wait for the engine's snapshot of a run on exactly ``points``."""
    wait_frame(qtbot, lab, lambda f: f.snapshot.config.data.points == points and lab.bridge.caught_up(f))


def test_edit_mode_is_obvious_and_off_restores_the_plot(editing, qtbot):
    lab, ed = editing, editing.editor
    assert len(ed.points) == 400 and ed.overlay in lab.regions.plot.getPlotItem().items
    assert not lab.regions.points.isVisible() and not lab.regions.marker.isVisible()
    assert lab.regions.plot.viewport().cursor().shape() == Qt.CursorShape.BitmapCursor
    assert ed.vb.border.color().name() == EDIT_COLOR
    assert "click adds class 0" in ed.hint.text() and "400 points" in ed.status.text()
    qtbot.mouseClick(ed.toggle, LEFT)
    assert not ed.active and not ed.isVisible() and lab.regions.points.isVisible()
    assert ed.overlay not in lab.regions.plot.getPlotItem().items
    assert lab.config().train.data.name == "blobs"                 # looking changed nothing


def test_clicks_add_points_and_the_engine_trains_on_them(editing, qtbot):
    lab, ed = editing, editing.editor
    step = lab.frame.step
    viewport = lab.regions.plot.viewport()
    qtbot.mouseClick(viewport, LEFT, pos=at(lab, 0.0, 0.0))
    qtbot.mouseClick(viewport, LEFT, SHIFT, pos=at(lab, 0.5, 0.0))          # the next class: 1
    assert len(ed.points) == 402 and ed.points[-2][2] == 0 and ed.points[-1][2] == 1
    assert ed.points[-2][:2] == pytest.approx((0.0, 0.0), abs=0.05)
    trained_on(qtbot, lab, ed.points)
    snap = lab.frame.snapshot
    assert snap.counts == class_counts(ed.points)[:3] == (135, 134, 133)
    assert lab.frame.step == step and lab.frame.notice == ""         # adopted between two steps, no rebuild
    assert lab.controls.dataset.currentData() == CUSTOM
    lab.show_frame(lab.frame)
    assert np.array_equal(lab.regions.image.image, region_image(snap.regions))
    # a class of its own: a fourth colour is a new class count, so the run starts again
    qtbot.mouseClick(ed.swatches.button(3), LEFT)
    assert ed.label == 3 and "class 3" in ed.hint.text()
    qtbot.mouseClick(viewport, LEFT, pos=at(lab, -1.0, 0.5))
    trained_on(qtbot, lab, ed.points)
    snap = lab.frame.snapshot
    assert snap.n_classes == 4 and snap.counts == (135, 134, 133, 1) and lab.frame.step == 0
    assert snap.regions.probs.shape[-1] == 4


def test_right_click_and_ctrl_click_remove_the_nearest_point(editing, qtbot):
    lab, ed = editing, editing.editor
    viewport = lab.regions.plot.viewport()
    x, y, k = ed.points[5]
    qtbot.mouseClick(viewport, RIGHT, pos=at(lab, x, y))
    assert len(ed.points) == 399 and (x, y, k) not in ed.points
    x2, y2, k2 = ed.points[50]
    qtbot.mouseClick(viewport, LEFT, CTRL, pos=at(lab, x2, y2))
    assert len(ed.points) == 398 and (x2, y2, k2) not in ed.points
    trained_on(qtbot, lab, ed.points)
    expected = list(class_counts(ed.points)[:3])
    assert list(lab.frame.snapshot.counts) == expected and sum(expected) == 398
    assert lab.frame.step >= 20


def test_a_drag_paints_a_stroke_of_points(editing, qtbot):
    lab, ed = editing, editing.editor
    viewport = lab.regions.plot.viewport()
    qtbot.mouseClick(ed.swatches.button(1), LEFT)
    a, b = at(lab, -3.0, -3.0), at(lab, 3.0, -3.0)
    qtbot.mousePress(viewport, LEFT, pos=a)
    for t in np.linspace(0, 1, 13)[1:]:
        qtbot.mouseMove(viewport, a + (b - a) * float(t))
    qtbot.mouseRelease(viewport, LEFT, pos=b)
    new = ed.points[400:]
    assert len(new) >= (b.x() - a.x()) // SPACING_PX - 2 and all(p[2] == 1 for p in new)
    xs, ys = np.array([p[0] for p in new]), np.array([p[1] for p in new])
    assert xs.min() < -2.5 and xs.max() > 2.5 and np.all(np.abs(ys + 3.0) < 0.3)     # along the stroke
    trained_on(qtbot, lab, ed.points)
    assert lab.frame.snapshot.counts == (134, 133 + len(new), 133)
    # a right drag erases along its path
    qtbot.mousePress(viewport, RIGHT, pos=a)
    for t in np.linspace(0, 1, 25)[1:]:
        qtbot.mouseMove(viewport, a + (b - a) * float(t))
    qtbot.mouseRelease(viewport, RIGHT, pos=b)
    assert len(ed.points) < 400 + len(new) // 2


def test_clear_noise_and_start_from(editing, qtbot):
    lab, ed = editing, editing.editor
    before = lab.config()
    qtbot.mouseClick(ed.clear_button, LEFT)
    assert ed.points == () and "needs points" in ed.status.text()
    assert lab.config() == before                                    # nothing to train on: the run keeps its data
    viewport = lab.regions.plot.viewport()
    qtbot.mouseClick(viewport, LEFT, pos=at(lab, -1.0, -1.0))
    assert "only class 0 present" in ed.status.text() and lab.config() == before
    qtbot.mouseClick(viewport, LEFT, SHIFT, pos=at(lab, 1.0, 1.0))
    assert ed.problem == ""
    trained_on(qtbot, lab, ed.points)
    assert lab.frame.snapshot.counts == (1, 1) and lab.frame.snapshot.n_classes == 2
    ed.start_from("moons")                                           # the menu's entry does this
    assert len(ed.points) == 400 and "moons" in ed.start_button.text()
    old = np.array(ed.points)
    qtbot.mouseClick(ed.noise_up, LEFT)
    new = np.array(ed.points)
    assert np.array_equal(new[:, 2], old[:, 2]) and np.abs(new - old)[:, :2].mean() > 0.05    # every point moved
    qtbot.mouseClick(ed.noise_down, LEFT)
    assert np.abs(np.array(ed.points) - new)[:, :2].mean() > 0.01
    trained_on(qtbot, lab, ed.points)
    assert lab.frame.snapshot.counts == (200, 200)


def test_the_edit_mode_fits_small_screens_and_presentation_mode(window, qtbot):
    """At 1280x720 and 1366x768, as a window and presenting, the tool rows clip nothing and the plot stays readable."""
    from PySide6.QtCore import QRect

    from tests.app.test_layout import _problems, _settle

    lab = window.lab_by_key("softmax")
    window.open_preset(next(p for p in window.presets if p.name == "xor-drawn-by-hand"))
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=20000)
    qtbot.mouseClick(lab.editor.toggle, LEFT)
    found = []
    for w, h in ((1280, 720), (1366, 768)):
        window.screen_rect = lambda w=w, h=h: QRect(0, 0, w, h)
        for presenting in (False, True):
            if presenting:
                window.presentation_action.trigger()
            _settle(qtbot, 0.2)
            window.setGeometry(0, 0, w, h)
            _settle(qtbot)
            found += [f"{w}x{h} {'presenting' if presenting else 'window'}: {p}" for p in _problems(window, lab)]
            assert lab.editor.isVisible() and lab.editor.swatches.button(5).isVisible()
            if presenting:
                window.presentation_action.trigger()
    assert not found, "\n".join(found[:20])
