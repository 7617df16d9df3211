"""File > Record: a running lesson recorded through the toolbar button and the menu, saved as a playable file.

The files are decoded back (Pillow for GIF, imageio for MP4) and checked
against what the recorder took: as many frames as it grabbed, each one
different from the one before (the run moved, not only the step in the
corner), the size of what was grabbed.  The spill queue's cap is checked with
a writer held still, so frames are dropped and never pile up.
"""

import sys

import numpy as np
import pytest
import pyqtgraph as pg
from PIL import Image, ImageSequence
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from bnviz.app import animate, recording
from bnviz.app.presets import find_preset
from tests.lab_waits import WAIT, wait_frame


def click_action(qtbot, window, action) -> None:
    qtbot.mouseClick(window.run_toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)


def file_menu_action(window, name: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and a.menu().actions()
                and any(x.objectName() == "export_figures" for x in a.menu().actions()))
    return next(a for a in menu.actions() if a.objectName() == name)


def record_dialog(window) -> QDialog:
    return next(d for d in window.findChildren(QDialog, "record_dialog") if d.isVisible())


def rgb(im) -> np.ndarray:
    return np.asarray(im.convert("RGB")).astype(np.int16)


def play_lesson(qtbot, window, name: str):
    window.open_preset(find_preset(name))
    lab = window.lab
    lab.bridge.set_pause_at(0)              # the lesson's pause must not end the run mid-test
    wait_frame(qtbot, lab, lambda f: True)
    click_action(qtbot, window, window.play_action)
    wait_frame(qtbot, lab, lambda f: f.playing and f.step > 0)
    return lab


def test_the_toolbar_button_records_b8_and_the_dialog_saves_a_gif(window, qtbot, tmp_path):
    rec = window.recorder
    rec.queue_frames = 2                    # a tiny cap: the queue never holds more, whatever the disk does
    lab = play_lesson(qtbot, window, "B8")
    button = window.run_toolbar.widgetForAction(rec.action)
    assert button.objectName() == "record_button" and rec.action.text() == "Record"
    click_action(qtbot, window, rec.action)
    assert rec.recording and rec.action.isChecked() and rec.action.text() == "Stop recording"
    qtbot.waitUntil(lambda: rec.frames >= 5, timeout=WAIT)
    click_action(qtbot, window, rec.action)              # Stop: the save dialog
    assert not rec.recording and rec.spill is None
    dialog = record_dialog(window)
    assert dialog.findChild(type(dialog.format_box), "record_format").currentData() == "gif"
    dialog.path_edit.setText(str(tmp_path / "b8"))
    dialog.fps_box.setValue(10)
    spill = rec.pending
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rec.encoder is None, timeout=60000)
    assert rec.last_error == "" and rec.last_path == tmp_path / "b8.gif"
    assert str(rec.last_path) in window.statusBar().currentMessage()
    click_action(qtbot, window, window.play_action)

    with Image.open(rec.last_path) as im:
        assert im.info["loop"] == 0 and im.info["duration"] == 100     # 10 frames/s
        frames = [rgb(f) for f in ImageSequence.Iterator(im)]
    assert len(frames) == rec.frames > 1
    assert frames[0].shape[1] == lab.width() and frames[0].shape[0] > lab.height()   # the page over the step strip
    h = lab.height()
    assert np.any(frames[0][:h] != frames[-1][:h])                                # the plots moved
    assert all(np.any(a != b) for a, b in zip(frames, frames[1:]))      # a new step each (some probes repeat a picture)
    steps = [s.step for s in spill.index]
    assert len(steps) == len(frames) and steps == sorted(set(steps)) and (steps[0], steps[-1]) == rec.steps
    assert spill.peak <= 2 and not spill.dir.exists()     # the cap held; the temporary frames are gone
    assert rec.spill is None and rec.pending is None


def test_the_menu_records_an_enlarged_plot_up_to_the_frame_limit_as_mp4(window, qtbot, tmp_path):
    pytest.importorskip("imageio_ffmpeg", reason="MP4 needs the [video] extra: pip install 'bnviz[video]'")
    import imageio.v2 as imageio

    rec = window.recorder
    rec.limit = 4
    lab = play_lesson(qtbot, window, "B8")
    plot = max((p for p in lab.findChildren(pg.PlotWidget) if p.isVisible()), key=lambda p: p.width() * p.height())
    lab.enlarger.toggle(plot)
    assert lab.enlarger.plot is plot
    action = file_menu_action(window, "record")
    assert action is rec.action and action.shortcut().toString() == "Ctrl+R"
    action.trigger()
    qtbot.waitUntil(lambda: not rec.recording, timeout=WAIT)          # stopped by itself at the limit
    assert rec.frames == 4
    dialog = record_dialog(window)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("mp4"))
    assert dialog.path_edit.text().endswith("_recording.mp4")
    dialog.path_edit.setText(str(tmp_path / "plot.mp4"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rec.encoder is None, timeout=60000)
    assert rec.last_error == ""
    click_action(qtbot, window, window.play_action)
    video = [np.asarray(f).astype(np.int16) for f in imageio.mimread(rec.last_path)]
    assert len(video) == 4
    w = plot.width() + plot.width() % 2                                  # H.264: even sides
    assert all(f.shape[1] == w and f.shape[0] % 2 == 0 for f in video)
    assert all(np.any(np.abs(a - b) > 8) for a, b in zip(video, video[1:]))


def test_without_the_video_extra_the_mp4_choice_says_how_to_install_it(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)          # import imageio_ffmpeg now fails
    rec = window.recorder
    window.open_preset(find_preset("B2"))
    wait_frame(qtbot, window.lab, lambda f: True)
    click_action(qtbot, window, rec.action)         # paused: the one picture on screen
    click_action(qtbot, window, rec.action)
    assert rec.frames == 1
    dialog = record_dialog(window)
    i = dialog.format_box.findData("mp4")
    assert animate.VIDEO_HINT in dialog.format_box.itemText(i)
    assert not dialog.format_box.model().item(i).isEnabled()
    assert not rec.save(tmp_path / "x.mp4", "mp4", 15)                 # said, and the recording kept
    assert animate.VIDEO_HINT in window.statusBar().currentMessage() and rec.pending is not None
    assert not (tmp_path / "x.mp4").exists()
    spill_dir = rec.pending.dir
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert rec.pending is None
    qtbot.waitUntil(lambda: not spill_dir.exists(), timeout=WAIT)     # the temp frames go too

    click_action(qtbot, window, rec.action)                            # record again: one frame
    (tmp_path / "a-file").write_text("")
    assert rec.stop_and_save(tmp_path / "a-file" / "x.gif", "gif", 5)  # a folder that cannot be made
    qtbot.waitUntil(lambda: rec.encoder is None, timeout=WAIT)
    assert rec.last_error and rec.last_path is None
    assert rec.pending is not None and rec.pending.dir.exists()      # the frames kept: the dialog asks again
    dialog = record_dialog(window)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("png-frames"))
    dialog.path_edit.setText(str(tmp_path / "frames"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rec.encoder is None and rec.last_path is not None, timeout=WAIT)
    pngs = sorted((tmp_path / "frames").glob("*.png"))
    assert [p.name for p in pngs] == [f"frame_0001_step_{window.lab.frame.step:06d}.png"]
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())      # no half-written file left


def test_the_spill_queue_drops_frames_beyond_its_cap(monkeypatch):
    """The writer thread held still: the GUI's offers never wait, and never more than ``cap`` frames pile up."""
    import threading

    hold = threading.Event()
    original = recording.Spill._write

    def held(self, *frame):
        hold.wait()
        original(self, *frame)

    monkeypatch.setattr(recording.Spill, "_write", held)
    spill = recording.Spill(cap=1)
    images = []
    for i in range(6):
        im = QImage(40, 30, QImage.Format.Format_RGB32)
        im.fill(QColor(40 * i, 0, 0))
        images.append(im)
        spill.offer(im, f"step {i}", i)
    assert spill.peak <= 1 and spill.queue.qsize() <= 1
    assert spill.dropped >= 4 and spill.offered == 6
    hold.set()
    kept = spill.finish()
    assert len(kept) == 6 - spill.dropped
    for (image, text, step) in spill.frames():
        assert image == images[step] and text == f"step {step}"
    spill.cleanup()
    assert not spill.dir.exists()
