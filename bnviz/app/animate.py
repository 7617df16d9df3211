"""Animated figures for slides: train a lesson headless and write one GIF, MP4 or PNG sequence per plot.

The frames are drawn by the lab's own panels (``lab.show_now``), from the
model's snapshot, exactly as the app draws them, and rendered by the same
pyqtgraph ``ImageExporter`` as the still PNG export, so a frame of an
animation is the still figure of that step.

Which steps: step 0 (the lesson as it opens), then every ``every`` steps, and
always the last step, so ``--steps N --every K`` gives ``ceil(N / K) + 1``
frames (fewer if the run ends early: a search with no trial left, a run whose
every net diverged).  Intermediate frames show the snapshot as of the model's
last scheduled probe, as the app does while playing; the last frame probes
first, as ``run_lab`` does, so it equals the still export of the same seed
and step.

Each frame gets a thin strip under the plot saying ``B8 · step 120``: a still
of the slide still says where it is, and the strip covers no data.

Memory stays bounded whatever the number of frames: every frame is encoded
as it comes (the GIF writer keeps only the previous frame, to crop the next
one to what changed and to merge identical frames; MP4 frames are piped to
ffmpeg; PNG frames are written one by one).
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyqtgraph as pg
from PIL import GifImagePlugin, Image, ImageChops
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from bnviz.bridge.training import Frame
from bnviz.engine.trainer import run_steps
from bnviz.ui.i18n import tr

from .export import _caption, lab_plots, plot_stem, write_csvs
from .headless import lesson_page, open_lesson

FORMATS = ("gif", "mp4", "png-frames")
VIDEO_HINT = "pip install 'bnviz[video]'"
AUTO_SECONDS = 10          # the default --every aims at about this long an animation


# ------------------------------------------------------------------ which steps

def frame_steps(steps: int, every: int) -> list[int]:
    """The steps drawn: 0, K, 2K, ... and always ``steps`` itself (the still export's step)."""
    if every < 1:
        raise ValueError(f"--every={every} is out of range: allowed 1 or more")
    return sorted({*range(0, steps + 1, every), steps})


def auto_every(steps: int, fps: int) -> int:
    """The default step between frames: about ``AUTO_SECONDS`` of animation at ``fps``, whatever ``--steps``."""
    return max(1, math.ceil(steps / (AUTO_SECONDS * fps)))


def lesson_frames(lab, steps: int, every: int) -> Iterator[tuple[Frame, bool]]:
    """Train ``lab``'s model in this process, drawing a frame on the lab at each of ``frame_steps``.

    Yields (frame, is it the last) once every plot has drawn it: the page
    draws only its current tab, so each frame visits every tab as the still
    export does (``lab_plots``).  Stepping is the same sequence as
    ``run_lab``'s; only the final frame probes (an extra probe would add a
    history row the still export does not have).
    """
    model = lab.make_model()()       # the recipe a worker process would have called
    targets = frame_steps(steps, every)
    done, ended = 0, False
    for target in targets:
        if not ended:
            took = run_steps(model, target - done)
            ended, done = took < target - done, done + took
        last = ended or target == targets[-1]
        if last:
            model.probe()
        frame = Frame(done + 1, model.snapshot(), model.step_count, model.epoch, False, 0.0, "")
        lab.show_now(frame)
        lab_plots(lab)
        yield frame, last
        if last:
            return


# ------------------------------------------------------------------ one image

def render(plot: pg.PlotWidget, width: int) -> QImage:
    """The plot at ``width`` pixels, by the exporter the still PNG export uses (the same pixels)."""
    ex = ImageExporter(plot.getPlotItem())
    ex.parameters()["width"] = int(width)
    return ex.export(toBytes=True)


def stamp(image: QImage, text: str) -> QImage:
    """``image`` over a strip with ``text`` in its bottom right corner; the total height is even (H.264 needs it).

    The strip takes the plot's background colour (its top-left pixel) and a
    text colour that reads on it, so it works on the light and dark themes.
    """
    w, h = image.width(), image.height()
    px = max(10, round(w / 60))
    strip = round(px * 1.7)
    strip += (h + strip) % 2
    out = QImage(w, h + strip, QImage.Format.Format_RGB32)
    bg = image.pixelColor(0, 0)
    bg.setAlpha(255)
    out.fill(bg)
    painter = QPainter(out)
    try:
        painter.drawImage(0, 0, image)
        font = QFont()
        font.setPixelSize(px)
        painter.setFont(font)
        painter.setPen(QColor("#202020") if bg.lightness() > 127 else QColor("#e0e0e0"))
        painter.drawText(QRect(0, h, w - px // 2, strip), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         text)
    finally:
        painter.end()
    return out


def to_pil(image: QImage) -> Image.Image:
    """A QImage as an RGB Pillow image (a copy: the QImage may go away)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()), "raw", "RGB",
                            rgb.bytesPerLine(), 1).copy()


def fit(image: Image.Image, size: tuple[int, int] | None) -> Image.Image:
    """``image`` on a canvas of ``size`` (an animation's frames share one size), if a relayout changed it."""
    if size is None or image.size == size:
        return image
    canvas = Image.new("RGB", size, image.getpixel((0, 0)))
    canvas.paste(image, (0, 0))
    return canvas


def stamp_text(row: str | None, step: int) -> str:
    """What the corner says: the lesson's row and the step (only the step when no lesson is open)."""
    if not row:
        return tr("step {step}").format(step=step)
    return tr("{row} · step {step}").format(row=row, step=step)


def add_frame(writer, image: QImage, text: str, step: int) -> None:
    """``image`` stamped with ``text``, on the writer's canvas (its first frame's size), added to ``writer``.

    The one path every frame takes, headless or recorded in the app, so both
    look the same.
    """
    writer.add(fit(to_pil(stamp(image, text)), writer.size), step)


# ------------------------------------------------------------------ writers

def _atomic_target(path: Path) -> Path:
    """A temporary name in ``path``'s folder (same suffix, for ffmpeg), renamed onto ``path`` when complete."""
    return path.with_name(f".{path.stem}.part{path.suffix}")


def _commit(tmp: Path, path: Path) -> None:
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


class GifWriter:
    """A looping GIF written frame by frame, in bounded memory.

    Pillow's ``save_all`` keeps every frame until the end, so frames go
    through its frame encoder (``GifImagePlugin.getheader``/``getdata``) one
    at a time instead.  Each frame after the first is cropped to the box that
    changed (drawn over the previous one: disposal 1) and gets its own
    adaptive palette; a frame identical to the previous one only lengthens it.
    Durations follow the frame rate on GIF's 10 ms clock without drifting
    (15 fps: 70, 60, 70 ms, ...).
    """

    def __init__(self, path: Path, fps: int) -> None:
        self.path, self.fps = Path(path), fps
        self.tmp = _atomic_target(self.path)
        self.file = open(self.tmp, "wb")
        self.previous: Image.Image | None = None      # the last frame added, in RGB
        self.pending: tuple[Image.Image, tuple[int, int]] | None = None   # encoded when its duration is known
        self.pending_start = 0                         # index of the pending frame's first tick
        self.count = 0                                 # frames added, identical ones included
        self.frames = 0                                # frames in the file
        self.size: tuple[int, int] | None = None       # every frame's size: the first one's

    def _clock(self, i: int) -> int:
        """Milliseconds at the start of frame ``i``, on GIF's 10 ms grid."""
        return round(i * 100 / self.fps) * 10

    def add(self, image: Image.Image, step: int) -> None:
        self.size = self.size or image.size
        if self.previous is None:
            self.pending = (_palette(image), (0, 0))
        else:
            box = ImageChops.difference(image, self.previous).getbbox()
            if box is None:                            # identical: the pending frame lasts longer
                self.count += 1
                self.previous = image
                return
            self._flush()
            self.pending = (_palette(image.crop(box)), box[:2])
            self.pending_start = self.count
        self.previous = image
        self.count += 1

    def _flush(self) -> None:
        if self.pending is None:
            return
        im, offset = self.pending
        duration = max(10, self._clock(self.count) - self._clock(self.pending_start))
        if self.frames == 0:
            header, _ = GifImagePlugin.getheader(im, info={"loop": 0, "duration": duration})
            self.file.write(b"".join(header))
            params = {}
        else:
            params = {"include_color_table": True}
        self.file.write(b"".join(GifImagePlugin.getdata(im, offset, duration=duration, disposal=1, **params)))
        self.frames += 1
        self.pending = None

    def close(self, path: Path | None = None) -> Path:
        """Finish the file as ``path`` (default: the name it was opened with)."""
        self._flush()
        self.file.write(b";")
        self.file.close()
        self.path = Path(path or self.path)
        _commit(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


def _palette(image: Image.Image) -> Image.Image:
    """``image`` on an adaptive palette of at most 256 colours, undithered (flat plot colours stay flat)."""
    return image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


class Mp4Writer:
    """An H.264 MP4 (yuv420p, plays on slides and in browsers) through imageio's ffmpeg writer, fed frame by frame.

    Needs the ``[video]`` extra (imageio, and imageio-ffmpeg, whose wheel
    ships the ffmpeg binary); ``require_video`` says so before any training.
    """

    def __init__(self, path: Path, fps: int) -> None:
        import imageio.v2 as iio

        self.path = Path(path)
        self.tmp = _atomic_target(self.path)
        # macro_block_size=1: the frames are already even-sized (stamp), so ffmpeg must not rescale them
        self.writer = iio.get_writer(self.tmp, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                                     pixelformat="yuv420p", quality=8, macro_block_size=1,
                                     ffmpeg_log_level="error", ffmpeg_params=["-movflags", "+faststart"])
        self.frames = 0
        self.size: tuple[int, int] | None = None

    def add(self, image: Image.Image, step: int) -> None:
        import numpy as np

        # H.264 needs even sides: a recorded page may be any width (stamp already makes the height even)
        self.size = self.size or (image.width + image.width % 2, image.height + image.height % 2)
        self.writer.append_data(np.asarray(fit(image, self.size)))
        self.frames += 1

    def close(self, path: Path | None = None) -> Path:
        self.writer.close()
        self.path = Path(path or self.path)
        _commit(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self.writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)


class PngFramesWriter:
    """A folder of PNGs, one per frame, named by step (``step_000120.png``): for editors and slide tools.

    ``numbered``: named by frame and step (``frame_0001_step_000120.png``)
    instead, for a recording in the app, where Reset may show a step again.
    """

    def __init__(self, path: Path, fps: int, numbered: bool = False) -> None:
        self.numbered = numbered
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        for pattern in ("step_*.png", "frame_*_step_*.png"):     # a previous export's frames would mix in
            for old in self.path.glob(pattern):
                old.unlink()
        self.frames = 0
        self.size: tuple[int, int] | None = None

    def add(self, image: Image.Image, step: int) -> None:
        self.size = self.size or image.size
        name = f"frame_{self.frames + 1:04d}_step_{step:06d}.png" if self.numbered else f"step_{step:06d}.png"
        image.save(self.path / name, optimize=False)
        self.frames += 1

    def close(self, path: Path | None = None) -> Path:
        if path is not None and Path(path) != self.path:
            if Path(path).exists():
                shutil.rmtree(path)
            self.path = self.path.rename(path)
        return self.path

    def abort(self) -> None:
        pass


WRITERS = {"gif": (GifWriter, ".gif"), "mp4": (Mp4Writer, ".mp4"), "png-frames": (PngFramesWriter, "")}


def write_animation(frames: Iterable[tuple[QImage, str, int]], path: Path, fmt: str, fps: int,
                    progress: Callable[[int], None] | None = None) -> Path:
    """One animation of ``frames`` (image, corner text, step) at ``path`` (given the format's suffix if it has none),
    complete or not at all.

    For a recording in the app, whose frames come back from disk one at a
    time: the writer encodes each as it comes (bounded memory), and an error
    or a cancel (an exception from ``frames`` or ``progress``) leaves no
    half-written file.  ``progress(done)`` is called after every frame.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not allowed: choose one of {', '.join(FORMATS)}")
    if fmt == "mp4":
        require_video()
    make, suffix = WRITERS[fmt]
    path = Path(path) if Path(path).suffix or not suffix else Path(path).with_suffix(suffix)
    if fmt == "png-frames":         # a folder: filled aside, renamed onto ``path`` when complete
        target = _atomic_target(path)
        writer = make(target, fps, numbered=True)
    else:
        target, writer = path, make(path, fps)
    done = 0
    try:
        for done, (image, text, step) in enumerate(frames, start=1):
            add_frame(writer, image, text, step)
            if progress is not None:
                progress(done)
        if not done:
            raise ValueError("no frames to write")
        return writer.close(path)
    except BaseException:
        writer.abort()
        if fmt == "png-frames":
            shutil.rmtree(target, ignore_errors=True)
        raise


def require_video() -> None:
    """Fail early, in one line, when MP4 is asked for without the ``[video]`` extra."""
    try:
        import imageio  # noqa: F401
        import imageio_ffmpeg
        imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise ModuleNotFoundError(f"MP4 needs imageio and imageio-ffmpeg: {VIDEO_HINT}") from None


# ------------------------------------------------------------------ plots

def plot_name(n: int, plot: pg.PlotWidget, key: str) -> str:
    """The name ``--plot`` takes: the still export's file name without the ``<lab>_`` prefix (``01_loss``)."""
    return plot_stem(Path(), key, n, plot).name.removeprefix(f"{key}_")


def choose_plots(lab, which: str) -> list[tuple[int, pg.PlotWidget]]:
    """The plots ``--plot`` names, numbered as in the still export: ``all``, a number, a name or an objectName."""
    key = getattr(lab, "key", "lab")
    plots = list(enumerate(lab_plots(lab), start=1))
    if which == "all":
        return plots
    for n, plot in plots:
        name = plot_name(n, plot, key)
        if which in (name, name.split("_", 1)[1], f"{key}_{name}", str(n), f"{n:02d}", plot.objectName()):
            return [(n, plot)]
    names = ", ".join(plot_name(n, p, key) for n, p in plots)
    raise ValueError(f"--plot={which!r} names no plot of this lesson: use all or one of {names}")


# ------------------------------------------------------------------ the command

def terminal_progress(stream=None) -> Callable[[int, int, int], None] | None:
    """A one-line progress display on ``stream`` (stderr) when it is a terminal; None (quiet) otherwise."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        return None

    def show(done: int, total: int, step: int) -> None:
        end = "\n" if done == total else ""
        stream.write(f"\rframe {done}/{total} (step {step})" + end)
        stream.flush()

    return show


def animate_preset(name: str, steps: int, out: str | Path, fmt: str = "gif", every: int | None = None,
                   fps: int = 15, width: int = 800, plot: str = "all", seed: int | None = None,
                   lang: str = "en", progress: Callable[[int, int, int], None] | None = None) -> list[Path]:
    """Train lesson ``name`` for ``steps`` steps on its lab's page alone and write one animation per plot.

    Returns the paths written: each animation (a folder for ``png-frames``)
    and the CSV of each plot's final numbers, named like the still export's
    files.  ``progress(done, total, step)`` is called after every frame.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not allowed: choose one of {', '.join(FORMATS)}")
    if fmt == "mp4":
        require_video()
        if width % 2:
            raise ValueError(f"--width={width}: an MP4 (H.264) needs an even width")
    every = auto_every(steps, fps) if every is None else every
    total = len(frame_steps(steps, every))
    with open_lesson(name, out, seed, lang) as (lab, preset, out):
        key = getattr(lab, "key", "lab")
        make, suffix = WRITERS[fmt]
        chosen, stems, writers, tables = [], [], [], []
        try:
            for done, (frame, last) in enumerate(lesson_frames(lab, steps, every), start=1):
                if done == 1:      # some plots (a histogram per layer) exist only once a frame is drawn
                    chosen = choose_plots(lab, plot)
                    stems = [plot_stem(out, key, n, p) for n, p in chosen]
                    writers = [make(Path(f"{stem}{suffix}"), fps) for stem in stems]
                text = stamp_text(preset.row, frame.step)
                if last:
                    stems, tables = _final_frame(preset, seed, frame, [n for n, _ in chosen], out, writers, text,
                                                 width)
                else:
                    for (_, p), w in zip(chosen, writers):
                        add_frame(w, render(p, width), text, frame.step)
                if progress is not None:          # a run that ended early finishes the line on its last frame
                    progress(done, done if last else total, frame.step)
            written = [w.close(Path(f"{stem}{suffix}")) for w, stem in zip(writers, stems)]
        except BaseException:
            for w in writers:
                w.abort()
            raise
        return written + [path for _, path, _ in tables]


def _final_frame(preset, seed: int | None, frame: Frame, numbers: list[int], out: Path, writers: list,
                 text: str, width: int) -> tuple[list[Path], list[tuple[pg.PlotWidget, Path, str]]]:
    """Draw the last frame on a fresh page, as the still export draws that step, add it and write the CSVs.

    The panels keep steady axes while a run plays (ranges that only grow,
    plots passing their x range to each other), so after many frames their
    axes differ a little from a page that draws the step once; the slide's
    last frame is the still figure, with the still export's numbers.
    Returns the plots' file stems as the still export names them (a title
    may count trials) and the CSVs written as (plot, path, comment).
    """
    with lesson_page(preset, seed) as page:
        page.show_now(frame)
        plots = lab_plots(page)
        chosen = [plots[n - 1] for n in numbers]
        stems = [plot_stem(out, getattr(page, "key", "lab"), n, p) for n, p in zip(numbers, chosen)]
        for p, w in zip(chosen, writers):
            add_frame(w, render(p, width), text, frame.step)
        tables = [(p, stem.with_suffix(".csv"), _caption(p)) for p, stem in zip(chosen, stems)
                  if any(hasattr(i, "implements") and i.implements("plotData") for i in p.getPlotItem().items)]
        write_csvs(page, tables)
    return stems, tables
