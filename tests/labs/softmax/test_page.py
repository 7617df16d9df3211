"""The Softmax Lab driven through its widgets, checked against the engine's snapshot."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from bnviz.engine.data import make_dataset
from bnviz.labs.softmax.model import SoftmaxConfig
from bnviz.ui.plots import region_image
from tests.lab_waits import WAIT, train_then_pause, wait_frame

LAB = ("softmax", SoftmaxConfig())       # the module's lab page (tests/conftest.py: lab_page, lab)


def lab_mean_std(data_cfg):
    d = make_dataset(data_cfg)
    return d.mean, d.std


def test_registered_in_the_window(window, qtbot):
    lab = next(p for p in window.labs if p.key == "softmax")
    assert lab.title == "Softmax Lab"
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=WAIT)
    assert lab.frame.snapshot.depth == 0


def test_trains_and_draws_the_engine_numbers(lab, qtbot):
    train_then_pause(qtbot, lab, 30)
    frame = lab.frame
    lab.show_frame(frame)
    snap = frame.snapshot
    assert np.array_equal(lab.regions.image.image, region_image(snap.regions))
    xs, ys = lab.regions.points.getData()
    assert np.array_equal(xs, snap.regions.points[:, 0]) and np.array_equal(ys, snap.regions.points[:, 1])
    c = snap.chosen
    assert c is not None and c.index == 0
    assert np.array_equal(lab.example.prob_bars.opts["height"], c.probs)
    assert np.array_equal(lab.example.y_bars.opts["height"], c.one_hot)
    assert np.array_equal(lab.example.dz_bars.opts["height"], c.dz)
    assert f"{c.loss:.4f}" in lab.example.info.text()
    printed = lab.example.vectors.text()           # A, one-hot Y and dZ = A - Y as numbers, not only bars
    assert "[" + ", ".join(f"{p:.3f}" for p in c.probs) + "]" in printed
    assert "[" + ", ".join(f"{y:.0f}" for y in c.one_hot) + "]" in printed
    assert "[" + ", ".join(f"{d + 0.0:+.3f}" for d in c.dz) + "]" in printed
    assert np.array_equal(lab.curves.curves[("no BN", "val_loss")].yData, snap.run.history["val_loss"])
    mx, my = lab.regions.marker.getData()           # where the point is drawn: its raw coordinates
    raw = snap.regions.points[c.index]
    assert (mx[0], my[0]) == (pytest.approx(raw[0]), pytest.approx(raw[1]))
    d = snap.config.data
    assert np.allclose(c.x, (raw - lab_mean_std(d)[0]) / lab_mean_std(d)[1], atol=1e-5)   # its model input


def test_hovering_a_point_shows_its_probabilities(lab, qtbot):
    train_then_pause(qtbot, lab, 10)
    lab.show_frame(lab.frame)
    qtbot.wait(100)
    pts = lab.frame.snapshot.regions.points
    target = 17
    vb = lab.regions.plot.getPlotItem().getViewBox()
    scene_pos = vb.mapViewToScene(QPointF(float(pts[target, 0]), float(pts[target, 1])))
    picked = lab.regions.point_at(scene_pos)          # the target, or a point drawn on top of it
    assert picked >= 0 and np.allclose(pts[picked], pts[target], atol=0.1)
    assert picked != lab.frame.snapshot.chosen.index
    view_pos = lab.regions.plot.mapFromScene(scene_pos)
    qtbot.mouseMove(lab.regions.plot.viewport(), view_pos)
    wait_frame(qtbot, lab, lambda f: f.snapshot.chosen is not None and f.snapshot.chosen.index == picked)
    c = lab.frame.snapshot.chosen
    assert c.probs.sum() == pytest.approx(1.0)
    assert np.array_equal(lab.example.prob_bars.opts["height"], c.probs)
    # a click pins it: moving away no longer changes the choice
    qtbot.mouseClick(lab.regions.plot.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert lab.regions.pinned


def test_class_count_spin_box_rebuilds_with_c_classes(lab, qtbot):
    lab.controls.classes.setValue(5)
    wait_frame(qtbot, lab, lambda f: f.snapshot.n_classes == 5)
    assert lab.frame.step == 0
    lab.show_frame(lab.frame)
    snap = lab.frame.snapshot
    assert snap.regions.probs.shape[-1] == 5 and len(snap.chosen.probs) == 5
    assert len(lab.example.prob_bars.opts["height"]) == 5
    assert set(np.unique(snap.regions.labels)) == set(range(5))


def test_hidden_layers_spin_box_adds_layers(lab, qtbot):
    assert not lab.controls.width.isEnabled()
    lab.controls.depth.setValue(2)
    wait_frame(qtbot, lab, lambda f: f.snapshot.depth == 2)
    assert lab.controls.width.isEnabled()
    assert lab.frame.snapshot.config.net.hidden == (16, 16)


def test_state_round_trip_and_bad_state_is_refused(lab, qtbot):
    st = lab.state()
    st["config"]["train"]["data"]["n_classes"] = 4
    st["config"]["chosen"] = 3
    lab.apply_state(st)
    wait_frame(qtbot, lab, lambda f: f.snapshot.n_classes == 4 and f.snapshot.chosen.index == 3)
    assert lab.controls.classes.value() == 4
    for bad in ({"config": {"chosen": -1}}, {"config": {"train": {"data": {"name": "digits"}}}}, {"extra": 0},
                {"config": {"chosen": 2.5}}, {"config": {"train": {"batch_size": 32.0}}}):
        with pytest.raises(ValueError):
            lab.apply_state(bad)
    assert lab.state()["config"]["train"]["data"]["n_classes"] == 4


def test_compare_box_trains_the_flat_twin_and_draws_both_maps(lab, qtbot):
    lab.controls.depth.setValue(2)
    wait_frame(qtbot, lab, lambda f: f.snapshot.depth == 2)
    box = lab.regions.compare
    assert not box.isChecked() and not lab.regions.flat.plot.isVisible()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPointF(8, box.height() / 2).toPoint())
    assert lab.config().compare_flat
    train_then_pause(qtbot, lab, 20)
    wait_frame(qtbot, lab, lambda f: f.snapshot.flat_run is not None)
    lab.show_frame(lab.frame)
    snap = lab.frame.snapshot
    assert lab.regions.flat.plot.isVisibleTo(lab.regions)
    assert np.array_equal(lab.regions.flat.image.image, region_image(snap.flat_regions))
    assert np.array_equal(lab.regions.image.image, region_image(snap.regions))
    assert f"{snap.flat_run.last('val_acc'):.1%}" in lab.regions.flat.plot.getPlotItem().titleLabel.text
    loss, acc = lab.curves.flat_curves
    assert np.array_equal(acc.yData, snap.flat_run.history["val_acc"])
    assert lab.state()["config"]["compare_flat"] is True
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPointF(8, box.height() / 2).toPoint())
    wait_frame(qtbot, lab, lambda f: f.snapshot.flat_run is None)
    lab.show_frame(lab.frame)
    assert not lab.regions.flat.plot.isVisibleTo(lab.regions) and not acc.isVisible()


def test_a_folded_page_opens_on_the_pane_its_config_names(lab, qtbot):
    """S2 talks about the example's bars: on a screen too narrow for both panes it opens on them."""
    from dataclasses import replace

    old = lab.size()
    try:
        lab.resize(700, 600)
        qtbot.waitUntil(lambda: lab.reflow.mode == "tabs", timeout=WAIT)
        lab.apply_config(replace(lab.config(), tab="example"))
        pane = lab.reflow.tabs.currentWidget()
        assert pane is lab.example or pane.isAncestorOf(lab.example)
        lab.reflow.tabs.tabBar().setCurrentIndex(0)       # the lecturer picks the regions by hand
        assert lab.config().tab == "regions"
        assert lab.state()["config"]["tab"] == "regions"  # and a session keeps it
    finally:
        lab.apply_config(replace(lab.config(), tab="regions"))
        lab.resize(old)
