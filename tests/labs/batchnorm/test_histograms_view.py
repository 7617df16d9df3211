"""A page that does not show its layer histograms has its worker skip counting them (#18).

Counting ~20 histograms over the 512-row probe batch was most of a B8 frame's cost in the
worker, on a page whose histograms are folded into a tab (1366x768): the model is told
what is on screen, drops them from its snapshots, and counts them again at once when the
grid shows, with the same numbers a run that never stopped counting has.
"""

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from bnviz.engine.trainer import run_steps
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from tests.lab_waits import WAIT, train_then_pause, wait_frame

LAB = ("bn", BatchNormConfig())


def counted(frame) -> bool:
    return all(ls.z is not None and ls.act_in is not None and ls.a is not None
               for run in frame.snapshot for ls in run.layers)


def test_a_model_told_the_histograms_are_off_trains_the_same_and_counts_them_again():
    cfg = BatchNormConfig()
    always, told = TwinTrainer(cfg), TwinTrainer(cfg)
    told.show_histograms(False)
    run_steps(always, 25)
    run_steps(told, 25)
    for a, b in zip(always.snapshot(), told.snapshot()):
        assert np.array_equal(a.history["val_loss"], b.history["val_loss"])
        for la, lb in zip(a.layers, b.layers):
            assert lb.z is None and lb.bn_out is None and lb.act_in is None and lb.a is None
            assert la.z is not None and la.a is not None
            assert np.array_equal(la.act_in_pct, lb.act_in_pct) and np.array_equal(la.unit_pct, lb.unit_pct)
            assert (la.gamma is None) == (lb.gamma is None)
    told.show_histograms(True)              # the same probe, counted now
    for a, b in zip(always.snapshot(), told.snapshot()):
        for la, lb in zip(a.layers, b.layers):
            for key in ("z", "act_in", "a"):
                ha, hb = getattr(la, key), getattr(lb, key)
                assert np.array_equal(ha.edges, hb.edges) and np.array_equal(ha.counts, hb.counts)


def test_a_rebuilt_twin_keeps_what_it_was_told():
    twin = TwinTrainer(BatchNormConfig())
    twin.show_histograms(False)
    cfg = BatchNormConfig()
    twin.configure(replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, noise=0.3))))
    run_steps(twin, 5)
    twin.probe()
    assert all(ls.z is None for run in twin.snapshot() for ls in run.layers)


def test_the_folded_grid_is_not_counted_and_shows_the_engine_counts_once_unfolded(lab, qtbot):
    lab.resize(900, 700)                    # too narrow for the grid beside the tabs: they fold
    try:
        qtbot.waitUntil(lambda: lab.reflow.mode == "tabs", timeout=WAIT)
        bar = lab.reflow.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())   # Curves, Fig. 1, ...
        assert not lab.histograms.isVisible()
        train_then_pause(qtbot, lab, 20)
        wait_frame(qtbot, lab, lambda f: not counted(f))            # the worker was told
        assert lab.frame.snapshot[0].layers[0].gamma is not None     # the rest of the layers' numbers still come

        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())   # Layers
        assert lab.histograms.isVisible()
        wait_frame(qtbot, lab, counted)                             # paused: a frame counted again comes
        qtbot.waitUntil(lambda: not lab._pieces, timeout=WAIT)
        frame = lab.frame
        assert frame.step == lab.bridge.last_frame.step >= 20
        for i, row in enumerate(lab.histograms.rows):
            for cell, key in zip(row, ("z", "act_in", "a")):
                for run in frame.snapshot:
                    h = getattr(run.layers[i], key)
                    assert np.array_equal(cell.curves[run.label].xData, h.edges)
                    assert np.array_equal(cell.curves[run.label].yData, h.counts)
    finally:
        lab.resize(1100, 700)


def test_export_of_a_folded_page_writes_the_histograms_of_the_frame_on_screen(lab, qtbot, tmp_path):
    from bnviz.app.export import export_lab

    lab.resize(900, 700)
    try:
        qtbot.waitUntil(lambda: lab.reflow.mode == "tabs", timeout=WAIT)
        lab.reflow.tabs.setCurrentIndex(1)
        train_then_pause(qtbot, lab, 15)
        wait_frame(qtbot, lab, lambda f: not counted(f))
        paused_at = lab.frame.step
        frames = []
        lab.frame_shown.connect(frames.append)
        written = export_lab(lab, tmp_path, "png", width=400)
        lab.frame_shown.disconnect(frames.append)
        frame = next(f for f in frames if f is not None and counted(f))     # the export asked, and waited
        assert frame.step == paused_at >= 15
        assert len(lab.histograms.rows) == len(frame.snapshot[0].layers) == 3      # the grid was built and drawn
        assert sum(p.suffix == ".png" and p.name.startswith("bn_") for p in written) >= 9 + 2
        for i, row in enumerate(lab.histograms.rows):        # what the images show: the frame's counts
            for cell, key in zip(row, ("z", "act_in", "a")):
                for run in frame.snapshot:
                    assert np.array_equal(cell.curves[run.label].yData, getattr(run.layers[i], key).counts)
        assert not lab.histograms.isVisible() and lab.reflow.tabs.currentIndex() == 1    # as the student left it
    finally:
        lab.resize(1100, 700)
