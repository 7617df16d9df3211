"""A lab hidden for a while gives back its idle worker process; shown again, it is the same step 0."""

import numpy as np

from bnviz.app import main_window
from bnviz.app.presets import find_preset


def _open_bn_lesson(window, qtbot):
    window.open_preset(find_preset("B1"))
    lab = window.lab
    qtbot.waitUntil(lambda: lab.frame is not None and lab.bridge.caught_up(lab.frame), timeout=15000)
    return lab


def test_a_hidden_idle_lab_gives_back_its_worker_and_comes_back_at_the_same_step_0(window, qtbot, monkeypatch):
    monkeypatch.setattr(main_window, "RELEASE_AFTER_S", 0.0)
    window.release_idle_workers = True                  # as the app sets it
    lab = _open_bn_lesson(window, qtbot)
    first, process = lab.frame, lab.bridge._child._process
    window.tabs.setCurrentIndex(0)                      # the Lessons page: the lab is hidden
    qtbot.waitUntil(lambda: lab.bridge.released, timeout=10000)
    qtbot.waitUntil(lambda: not process.is_alive(), timeout=10000)
    assert lab.frame is first                           # the page keeps what it drew
    window.tabs.setCurrentWidget(lab)
    assert not lab.bridge.released
    qtbot.waitUntil(lambda: lab.frame is not first and lab.bridge.caught_up(lab.frame), timeout=15000)
    again = lab.frame
    assert again.step == 0 and lab.bridge._child._process.pid != process.pid
    for old, new in zip(first.snapshot, again.snapshot):     # the new worker's model: the same numbers
        for lo, ln in zip(old.layers, new.layers):
            np.testing.assert_array_equal(lo.act_in_pct, ln.act_in_pct)
            # B1 opens on its regions, the layer histograms folded away at 1366x768: the new
            # worker was told so too, and counts none
            assert lo.z is None and ln.z is None
        assert old.last("val_loss") == new.last("val_loss")
    lab.reflow.reveal(lab.histograms)
    qtbot.waitUntil(lambda: lab.frame.snapshot[0].layers[0].z is not None, timeout=15000)
    local = lab.make_model()()
    for mine, theirs in zip(local.snapshot(), lab.frame.snapshot):
        np.testing.assert_array_equal(mine.layers[0].z.counts, theirs.layers[0].z.counts)
        np.testing.assert_array_equal(mine.layers[-1].z.counts, theirs.layers[-1].z.counts)


def test_a_lab_that_trained_keeps_its_worker_when_hidden(window, qtbot, monkeypatch):
    monkeypatch.setattr(main_window, "RELEASE_AFTER_S", 0.0)
    lab = _open_bn_lesson(window, qtbot)
    lab.bridge.step(3)
    qtbot.waitUntil(lambda: lab.frame.step == 3, timeout=10000)
    lab.bridge.reset()                                  # back at step 0, but its run was trained
    qtbot.waitUntil(lambda: lab.frame.step == 0 and lab.bridge.caught_up(lab.frame), timeout=10000)
    process = lab.bridge._child._process
    window.tabs.setCurrentIndex(0)
    window._release_idle_workers()
    assert not lab.bridge.released and lab.bridge._child._process is process and process.is_alive()


def test_a_lesson_opened_on_a_released_lab_gets_a_new_worker_with_its_settings(window, qtbot, monkeypatch):
    monkeypatch.setattr(main_window, "RELEASE_AFTER_S", 0.0)
    window.release_idle_workers = True                  # as the app sets it: the timer tries each second
    lab = _open_bn_lesson(window, qtbot)
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: lab.bridge.released, timeout=10000)     # once the hidden lab's last frame is in
    b2 = find_preset("B2")
    window.open_preset(b2)
    assert window.lab is lab and not lab.bridge.released
    qtbot.waitUntil(lambda: lab.frame.step == 0 and lab.bridge.caught_up(lab.frame), timeout=15000)
    local = lab.make_model()()                          # the lesson's model, built here from the page's config
    for mine, theirs in zip(local.snapshot(), lab.frame.snapshot):
        np.testing.assert_array_equal(mine.layers[0].z.counts, theirs.layers[0].z.counts)
        assert mine.last("val_loss") == theirs.last("val_loss")
    lab.bridge.step(2)                                  # the new worker trains the lesson's run
    qtbot.waitUntil(lambda: lab.frame.step == 2, timeout=10000)


def test_the_next_lessons_lab_keeps_its_worker_for_page_down(window, qtbot, monkeypatch):
    monkeypatch.setattr(main_window, "RELEASE_AFTER_S", 0.0)
    i = next(i for i in range(len(window.presets) - 1)
             if window.presets[i].lab != window.presets[i + 1].lab and window.presets[i + 1].lab != "search")
    here, nxt = window.presets[i], window.presets[i + 1]
    window.open_preset(nxt)                             # the next lesson's lab: shown once, its worker up
    ahead = window.lab
    qtbot.waitUntil(lambda: ahead.frame is not None and ahead.bridge.caught_up(ahead.frame), timeout=15000)
    process = ahead.bridge._child._process
    window.prefetch_next_lesson = True                  # as the app sets it
    window.open_preset(here)
    lab = window.lab
    qtbot.waitUntil(lambda: lab.frame is not None and lab.bridge.caught_up(lab.frame), timeout=15000)
    window._release_idle_workers()
    assert not ahead.bridge.released and process.is_alive()
    window.prefetch_next_lesson = False                 # without PageDown in view it is an idle hidden lab
    window._release_idle_workers()
    assert ahead.bridge.released
