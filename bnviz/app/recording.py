"""File > Record: the lab on screen, recorded while it runs, saved as a GIF, an MP4 or PNG frames after Stop.

A lecturer wants the moving picture itself on a slide.  Recording must not
slow the lab it records (on a 2-core machine the lab's own frame rate has
to stay above 20 fps), so the work is split three ways:

* the GUI thread only *grabs*: once per frame the lab drew (right after
  ``LabPage.frame_shown``, when the previous frame is completely drawn), at
  most ``fps`` times a second, a copy of the page's pixels (or the one
  enlarged plot's) from the window's backing store (``snapshot``; ``grab()``
  only where there is none) and an offer to a bounded queue; a full queue
  drops the frame instead of making the lab wait;
* a *spill* thread compresses each grabbed frame's raw pixels (zlib level 1:
  a few ms, and the plots' flat colours shrink some 30 times) and appends
  them to a temporary file, so memory holds at most the queue's few frames
  whatever the length of the recording;
* after Stop, a save dialog asks for the format and frame rate, and an
  *encode* thread reads the frames back one at a time and writes the file
  with the headless export's own writers (``animate.write_animation``: the
  same step stamp, GIF palette and de-duplication, H.264 settings), showing
  its progress in the status bar, then the path.

A recording stops by itself after ``limit`` frames (600: 40 s at 15 fps).
"""

from __future__ import annotations

import math
import queue
import shutil
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from bnviz import schema
from bnviz.ui.i18n import QT_TR_NOOP, tr

from . import preferences


def _animate():
    """``bnviz.app.animate``, imported when a recording needs it: it brings PIL and pyqtgraph's
    exporters, which the window's first paint does not need (issue 18)."""
    from . import animate

    return animate

#: frames grabbed per second at most (the headless export's default rate, smooth enough for slides)
CAPTURE_FPS = 15
#: a recording stops by itself after this many frames (40 s at 15 fps; ~50 MB on disk at most for a full page)
FRAME_LIMIT = 600
#: frames waiting for the spill thread at most; one more is dropped (a few MB of memory)
QUEUE_FRAMES = 8
#: the save dialog's formats: key (``animate.FORMATS``), English name
FORMAT_NAMES = (("gif", QT_TR_NOOP("GIF (slides, web pages)")), ("mp4", QT_TR_NOOP("MP4 video (H.264)")),
                ("png-frames", QT_TR_NOOP("PNG frames (a folder)")))
SHORTCUT = "Ctrl+R"
RED = QColor("#e02020")


# ------------------------------------------------------------------ the spill

@dataclass(frozen=True)
class Spilled:
    """Where one frame lies in the spill file, and what its corner says."""

    offset: int
    size: int
    width: int
    height: int
    bytes_per_line: int
    format: int
    text: str
    step: int


class Spill:
    """Grabbed frames on their way to disk: a bounded queue in front of a thread that appends them to a temp file.

    ``offer`` (GUI thread) never blocks: when ``cap`` frames are already
    waiting, the frame is dropped and counted.  ``peak`` is the most frames
    that ever waited, so a test can check the cap held.
    """

    def __init__(self, cap: int = QUEUE_FRAMES, folder: str | None = None) -> None:
        self.cap = cap
        self.queue: queue.Queue = queue.Queue(maxsize=cap)
        self.dir = Path(tempfile.mkdtemp(prefix="bnviz-recording-", dir=folder))
        self.file = open(self.dir / "frames.bin", "wb")
        self.index: list[Spilled] = []
        self.offered = self.dropped = self.peak = 0
        self.error = ""                        # the first write error (a full disk): later frames are dropped
        self._closing = threading.Event()
        self._discard = False
        self._offset = 0
        self.thread = threading.Thread(target=self._run, name="bnviz-recording-spill", daemon=True)
        self.thread.start()

    def offer(self, image: QImage, text: str, step: int) -> bool:
        """Queue ``image`` for the disk; False (and counted in ``dropped``) when the queue is full."""
        self.offered += 1
        try:
            self.queue.put_nowait((image, text, step))
        except queue.Full:
            self.dropped += 1
            return False
        self.peak = max(self.peak, self.queue.qsize())
        return True

    def _run(self) -> None:
        while True:
            try:
                item = self.queue.get(timeout=0.05)
            except queue.Empty:
                if self._closing.is_set():
                    break
                continue
            if not self.error and not self._discard:
                self._write(*item)
        self.file.close()
        if self._discard:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _write(self, image: QImage, text: str, step: int) -> None:
        try:
            data = zlib.compress(image.constBits(), 1)
            self.file.write(data)
        except OSError as exc:
            self.error = schema.short(str(exc))
            return
        self.index.append(Spilled(self._offset, len(data), image.width(), image.height(), image.bytesPerLine(),
                                  image.format().value, text, step))
        self._offset += len(data)

    def close_input(self) -> None:
        """No more frames: the thread writes those waiting, then ends (``finish`` waits for it)."""
        self._closing.set()

    def finish(self) -> list[Spilled]:
        """Wait for every frame waiting to be on disk (not in the GUI thread: up to ``cap`` writes)."""
        self._closing.set()
        self.thread.join()
        if self.error:
            raise OSError(f"the recording could not be written to {self.dir}: {self.error}")
        return self.index

    def frames(self) -> Iterator[tuple[QImage, str, int]]:
        """The frames back from disk, one at a time, as (image, corner text, step)."""
        with open(self.dir / "frames.bin", "rb") as f:
            for s in self.index:
                f.seek(s.offset)
                raw = zlib.decompress(f.read(s.size))
                image = QImage(raw, s.width, s.height, s.bytes_per_line, QImage.Format(s.format))
                yield image.copy(), s.text, s.step        # a copy: ``raw`` goes with this turn

    def discard(self) -> None:
        """Throw the recording away (the thread deletes the temp folder when it ends)."""
        self._discard = True
        self._closing.set()
        if not self.thread.is_alive():
            self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


# ------------------------------------------------------------------ the recorder

def snapshot(widget: QWidget) -> QImage:
    """What ``widget`` shows now, as an image of its own (the recorder's one cost in the GUI thread).

    Its part of the window's backing store, the pixels Qt last painted and
    put on screen, copied: under a millisecond for a whole lab page.
    ``widget.grab()`` paints the widget and all its plots once more (10 ms for
    the B8 page, 30 ms when the machine is busy training), which would halve
    the lab's frame rate, so it is only the fallback: a platform whose backing
    store is no image, or a window not on screen (minimized: nothing painted).
    """
    window = widget.window()
    handle = window.windowHandle()
    store = window.backingStore()
    device = store.paintDevice() if store is not None else None
    if isinstance(device, QImage) and not device.isNull() and handle is not None and handle.isExposed():
        dpr = device.devicePixelRatio()
        corner = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(round(corner.x() * dpr), round(corner.y() * dpr), round(widget.width() * dpr),
                     round(widget.height() * dpr))
        if not rect.isEmpty() and device.rect().contains(rect):
            return device.copy(rect)
    return widget.grab().toImage()


def dot_icon(recording: bool, size: int = 32) -> QIcon:
    """The button's icon: a solid red dot while recording, a grey ring otherwise."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if recording:
            p.setPen(QPen(QColor("#800000"), max(1, size // 16)))
            p.setBrush(RED)
            m = size // 8
        else:
            p.setPen(QPen(QColor("#808080"), max(2, size // 8)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            m = size // 4
        p.drawEllipse(m, m, size - 2 * m, size - 2 * m)
    finally:
        p.end()
    return QIcon(pm)


class Cancelled(Exception):
    """The window closed while a recording was being saved."""


class Recorder(QObject):
    """Records the window's current lab (or its enlarged plot) between two presses of ``action``."""

    #: (frames encoded, of how many), from the encode thread
    progressed = Signal(int, int)
    #: (the path written or "", the error or ""), from the encode thread
    finished = Signal(str, str)

    def __init__(self, window, fps: int = CAPTURE_FPS, limit: int = FRAME_LIMIT,
                 queue_frames: int = QUEUE_FRAMES) -> None:
        super().__init__(window)
        self.setObjectName("recorder")
        self.window = window
        self.fps, self.limit, self.queue_frames = fps, limit, queue_frames
        self.lab = None                     # the lab being recorded
        self.spill: Spill | None = None     # while recording
        self.pending: Spill | None = None   # recorded, waiting for the save dialog
        self.encoder: threading.Thread | None = None
        self.dialog: RecordDialog | None = None
        self.frames = 0
        self.steps: tuple[int, int] | None = None      # the first and last step recorded
        self.row: str | None = None
        self._saving: Spill | None = None     # being encoded: handed back to ``pending`` if that fails
        self.last_path: Path | None = None
        self.last_error = ""
        self._last_grab = -math.inf
        self._last_frame = None
        self._cancel = threading.Event()
        self.action = QAction(tr("Record"), window)
        self.action.setObjectName("record")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setCheckable(True)
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)
        self.progressed.connect(self._show_progress)
        self.finished.connect(self._saved)
        window.installEventFilter(self)         # closing the window cancels a save under way
        self._sync()

    @property
    def recording(self) -> bool:
        return self.spill is not None

    # ------------------------------------------------------------ record
    def toggle(self) -> None:
        """The action: start recording, or stop and ask where to save (again, if that dialog was left open)."""
        if self.recording:
            self.stop()
            self.save_dialog()
        elif self.pending is not None and self.dialog is not None and self.dialog.isVisible():
            self._sync()
            self.dialog.raise_()
            self.dialog.activateWindow()
        else:
            self.start()

    def start(self) -> bool:
        lab = self.window.lab
        refusal = (tr("Open a lab to record it.") if lab is None else
                   tr("The last recording is still being saved.") if self.encoder is not None else
                   tr("Save or discard the last recording first.") if self.pending is not None else "")
        if refusal:
            self._say(refusal)
            self._sync()
            return False
        self.spill = Spill(self.queue_frames)
        self.lab, self.frames, self.steps = lab, 0, None
        p = self.window.current_preset
        self.row = p.row if p is not None and p.lab == lab.key else None
        self._last_grab, self._last_frame = -math.inf, None
        lab.frame_shown.connect(self._on_frame)
        self._sync()
        self.grab()                 # the lab as it is now: a paused lab still gives its picture
        return True

    def _on_frame(self, frame) -> None:
        """A new frame arrived and its drawing is only queued: the page still shows the one before, complete."""
        if frame is not None and time.monotonic() - self._last_grab >= 1.0 / self.fps:
            self._take()
            if self.frames >= self.limit:
                self.stop()
                self._say(tr("Recording stopped at {n} frames.").format(n=self.limit))
                self.save_dialog()

    def grab(self) -> bool:
        """Grab the frame on screen now (Record, Stop), unless its drawing is still under way."""
        lab = self.lab
        if lab is None or getattr(lab, "_pieces", None):     # pieces of a frame still to draw: a mixed picture
            return False
        return self._take()

    def _take(self) -> bool:
        """Grab the lab's frame on screen if it is new; False when nothing was taken."""
        lab = self.lab
        frame = lab.frame if lab is not None else None
        if frame is None or frame is self._last_frame or not lab.isVisible() or self.frames >= self.limit:
            return False
        image = snapshot(lab.enlarger.plot if lab.enlarger.plot is not None else lab)
        self._last_grab, self._last_frame = time.monotonic(), frame
        if self.spill.offer(image, _animate().stamp_text(self.row, frame.step), frame.step):
            self.frames += 1
            self.steps = (self.steps[0] if self.steps else frame.step, frame.step)
        return True

    def stop(self) -> Spill | None:
        """Stop grabbing; the recording waits for ``save`` (or ``discard``).  None if nothing was recorded."""
        if not self.recording:
            return None
        self.grab()                 # the last frame drawn, if the rate limit skipped it
        self.lab.frame_shown.disconnect(self._on_frame)
        spill, self.spill, self.lab = self.spill, None, None
        spill.close_input()
        if self.frames:
            self.pending = spill
        else:
            spill.discard()
            self._say(tr("Nothing was recorded: the lab showed no frame."))
        self._sync()
        return self.pending

    # -------------------------------------------------------------- save
    def save_dialog(self) -> RecordDialog | None:
        """Ask for the format, frame rate and file (not modal: the lab goes on running meanwhile)."""
        if self.pending is None:
            return None
        folder = preferences.read(self.window.settings, "recording/folder", str, "") or \
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
        name = f"{self.row or 'bnviz'}_recording"
        self.dialog = RecordDialog(self.window, self.frames, self.steps, self.fps, Path(folder) / name)
        self.dialog.accepted.connect(lambda d=self.dialog: self.save(d.path(), d.format(), d.fps()))
        self.dialog.rejected.connect(self.discard)
        self.dialog.finished.connect(lambda _r, d=self.dialog: self._dialog_closed(d))
        self.dialog.open()
        return self.dialog

    def _dialog_closed(self, dialog: RecordDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def stop_and_save(self, path: str | Path, fmt: str = "gif", fps: int | None = None) -> bool:
        """Stop (if recording) and save to ``path`` without the dialog: scripts and tests."""
        self.stop()
        return self.save(path, fmt, fps or self.fps)

    def save(self, path: str | Path, fmt: str, fps: int) -> bool:
        """Encode the recording into ``path`` in a thread; False (with a message) if it cannot start."""
        if self.pending is None:
            return False
        if fmt == "mp4":
            try:
                _animate().require_video()
            except ModuleNotFoundError:
                self._say(tr("MP4 needs the video extra: {command}").format(command=_animate().VIDEO_HINT))
                return False            # the recording is kept: another format can still be chosen
        spill, self.pending = self.pending, None
        self._saving = spill
        path = Path(path)
        self._cancel.clear()
        self.encoder = threading.Thread(target=self._encode, args=(spill, path, fmt, int(fps)),
                                        name="bnviz-recording-encode", daemon=True)
        self.encoder.start()
        self._sync()
        self._say(tr("Saving the recording: {done} of {total} frames").format(done=0, total=self.frames))
        return True

    def discard(self) -> None:
        if self.pending is not None:
            self.pending.discard()
            self.pending = None
            self._say(tr("Recording discarded."))
        self._sync()

    def _encode(self, spill: Spill, path: Path, fmt: str, fps: int) -> None:
        """The encode thread: the frames back from disk, through the headless export's writers.

        On success the temporary frames go; on a failure to write the file (a
        folder not writable) they stay, and the dialog asks again.
        """
        done = False
        try:
            total = len(spill.finish())

            def progress(n: int) -> None:
                if self._cancel.is_set():
                    raise Cancelled()
                self._emit(self.progressed, n, total)

            path.parent.mkdir(parents=True, exist_ok=True)
            written = _animate().write_animation(spill.frames(), path, fmt, fps, progress)
            done = True
            self._emit(self.finished, str(written), "")
        except Cancelled:
            done = True
        except Exception as exc:        # a full disk, a folder that cannot be written: said in one line
            done = bool(spill.error)    # the frames themselves are incomplete: nothing to try again with
            self._emit(self.finished, "", schema.short(str(exc) or type(exc).__name__))
        finally:
            if done:
                spill.cleanup()

    def _emit(self, signal, *args) -> None:
        """A signal from the encode thread, unless the window (and so this recorder) is gone."""
        if self._cancel.is_set():
            return
        try:
            signal.emit(*args)
        except RuntimeError:            # its C++ side was deleted with the window
            pass

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the save under way is done (tests and the benchmark; never the GUI)."""
        if self.encoder is not None:
            self.encoder.join(timeout)
            return not self.encoder.is_alive()
        return True

    def _show_progress(self, done: int, total: int) -> None:
        if self.encoder is not None and (done == total or done % 5 == 0):
            self._say(tr("Saving the recording: {done} of {total} frames").format(done=done, total=total))

    def _saved(self, path: str, error: str) -> None:
        self.encoder = None
        spill, self._saving = self._saving, None
        if path:
            self.last_path, self.last_error = Path(path), ""
            self.window.settings.setValue("recording/folder", str(Path(path).parent))
            self._say(tr("Recording saved: {path}").format(path=path), 30000)
        else:
            self.last_error = error
            self._say(tr("Recording not saved: {error}").format(error=error), 30000)
            if spill is not None and spill.dir.exists():      # the frames are still there: choose another file
                self.pending = spill
                self._sync()
                self.save_dialog()
        self._sync()

    # ------------------------------------------------------------- looks
    def _say(self, text: str, timeout: int = 8000) -> None:
        self.last_message = text
        self.window.statusBar().showMessage(text, timeout)

    def _sync(self) -> None:
        """The action shows the state: Record with a grey ring, or Stop with a red dot; off while saving."""
        on = self.recording
        self.action.setChecked(on)
        self.action.setText(tr("Stop recording") if on else tr("Record"))
        self.action.setIcon(dot_icon(on))
        self.action.setToolTip(tr("Stop recording and save it as GIF, MP4 or PNG frames ({keys})").format(keys=SHORTCUT)
                               if on else
                               tr("Record the lab (or the enlarged plot) while it runs, for a slide ({keys})").format(
                                   keys=SHORTCUT))
        self.action.setEnabled(self.encoder is None)

    def retranslate(self) -> None:
        """After a language change (``bnviz.ui.i18n`` calls this): the texts made here."""
        self._sync()

    def eventFilter(self, obj, event) -> bool:  # Qt override: the window closes
        if obj is self.window and event.type() == QEvent.Type.Close:
            if self.recording:
                self.stop()
            if self.pending is not None:
                self.pending.discard()
                self.pending.thread.join(1.0)     # the app may quit next: its daemon thread would not clean up
                self.pending.cleanup()
                self.pending = None
            self._cancel.set()          # a half-written file is removed by the writer's abort
        return False


def add_record_action(window, toolbar: QToolBar) -> Recorder:
    """The window's Recorder, its button at the end of ``toolbar`` (its icon shown beside the text)."""
    recorder = Recorder(window)
    toolbar.addSeparator()
    toolbar.addAction(recorder.action)
    button = toolbar.widgetForAction(recorder.action)
    if isinstance(button, QToolButton):
        button.setObjectName("record_button")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return recorder


# ------------------------------------------------------------------ the save dialog

def video_available() -> bool:
    try:
        _animate().require_video()
    except ModuleNotFoundError:
        return False
    return True


class RecordDialog(QDialog):
    """Format, frame rate and file of a finished recording; Save starts the encoding, Discard drops it."""

    def __init__(self, parent: QWidget, frames: int, steps: tuple[int, int] | None, fps: int, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle(tr("Save the recording"))
        form = QFormLayout(self)
        first, last = steps or (0, 0)
        form.addRow(QLabel(tr("{n} frames, steps {first} to {last}").format(n=frames, first=first, last=last)))
        self.format_box = QComboBox()
        self.format_box.setObjectName("record_format")
        for key, name in FORMAT_NAMES:
            self.format_box.addItem(tr(name), key)
        if not video_available():        # say how to get it, where it would be chosen
            i = self.format_box.findData("mp4")
            self.format_box.setItemText(i, tr("MP4: needs {command}").format(command=_animate().VIDEO_HINT))
            self.format_box.model().item(i).setEnabled(False)
            self.format_box.setItemData(i, tr("Install the video extra, then restart bnviz: {command}").format(
                command=_animate().VIDEO_HINT), Qt.ItemDataRole.ToolTipRole)
        form.addRow(tr("Format"), self.format_box)
        self.fps_box = QSpinBox()
        self.fps_box.setObjectName("record_fps")
        self.fps_box.setRange(1, 50)
        self.fps_box.setValue(fps)
        self.fps_box.setSuffix(tr(" frames/s"))
        self.fps_box.setToolTip(tr("Recorded at up to {fps} frames/s: another rate plays it faster or slower").format(
            fps=fps))
        form.addRow(tr("Frame rate"), self.fps_box)
        self.path_edit = QLineEdit(str(path.with_suffix(".gif")))
        self.path_edit.setObjectName("record_path")
        browse = QPushButton(tr("Browse..."))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(tr("File"), row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Discard)
        self.buttons.accepted.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Discard).clicked.connect(self.reject)
        form.addRow(self.buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.setMinimumWidth(520)

    def accept(self) -> None:  # Qt override: no file name, no save
        if not self.path_edit.text().strip():
            self.path_edit.setFocus()
            return
        super().accept()

    def format(self) -> str:
        return self.format_box.currentData()

    def fps(self) -> int:
        return self.fps_box.value()

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def _format_changed(self) -> None:
        """The file name follows the format: a .gif, a .mp4, or a folder for PNG frames."""
        path = self.path()
        if path.suffix.lower() in (".gif", ".mp4"):
            path = path.with_suffix("")
        suffix = _animate().WRITERS[self.format()][1]
        self.path_edit.setText(str(path.with_suffix(suffix) if suffix else path))

    def _browse(self) -> None:
        fmt = self.format()
        if fmt == "png-frames":
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Folder for the PNG frames"), str(self.path()))
        else:
            pattern = {"gif": tr("GIF animation (*.gif)"), "mp4": tr("MP4 video (*.mp4)")}[fmt]
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Save the recording"), str(self.path()), pattern)
        if chosen:
            self.path_edit.setText(chosen)
