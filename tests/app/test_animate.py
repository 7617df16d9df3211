"""`bnviz export --animate`: GIF and MP4 files whose frames are the lesson's steps, the last one the still figure.

Frames are taken at step 0, every K steps and at the last step (``ceil(N/K) + 1``
frames).  Each frame is the plot over a strip that names the row and the step,
so the plot part of the last frame is compared with the still PNG export of the
same seed and step: exactly for PNG frames; for GIF within its 256-colour
palette (per-pixel error, few pixels off); for MP4 within H.264's lossy yuv420p
coding (mean error of a few levels).
"""


import numpy as np
import pytest
from PIL import Image, ImageSequence

from bnviz.app.animate import animate_preset, frame_steps
from bnviz.app.headless import export_preset

WIDTH = 400


def rgb(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("RGB")).astype(np.int16)


def still(tmp_path, lesson, steps, name) -> np.ndarray:
    png = next(p for p in export_preset(lesson, steps, tmp_path / "still", width=WIDTH) if p.name == f"{name}.png")
    return rgb(Image.open(png))


def gif_frames(path) -> list[np.ndarray]:
    with Image.open(path) as im:
        return [rgb(f) for f in ImageSequence.Iterator(im)]


def test_frame_steps_start_at_0_and_end_at_the_last_step():
    assert frame_steps(20, 10) == [0, 10, 20]
    assert frame_steps(25, 10) == [0, 10, 20, 25]
    assert frame_steps(0, 5) == [0]


@pytest.mark.parametrize("lesson,steps,every,plot", [
    ("B8", 20, 10, "01"),                  # (a) validation accuracy of the BN paper's Figure 1
    ("H3", 10, 5, "03"),                   # the round's scatter: trials appear
])
def test_gif_and_mp4_frames_are_the_steps_and_the_last_is_the_still(tmp_path, lesson, steps, every, plot):
    n_frames = len(frame_steps(steps, every))
    gif = animate_preset(lesson, steps, tmp_path / "gif", "gif", every, 15, WIDTH, plot)
    gif_path = next(p for p in gif if p.suffix == ".gif")
    assert any(p.suffix == ".csv" for p in gif)              # the final numbers beside it
    frames = gif_frames(gif_path)
    assert len(frames) == n_frames
    assert all(f.shape[1] == WIDTH for f in frames)
    assert all(np.any(a != b) for a, b in zip(frames, frames[1:]))   # the run moved
    # the plot part (above the stamp strip) moved too, not only the step number
    reference = still(tmp_path, lesson, steps, gif_path.stem)
    h = reference.shape[0]
    assert np.any(frames[0][:h] != frames[-1][:h])
    # GIF: one adaptive palette per frame; the plots' flat colours survive, antialiased text edges may move a level
    err = np.abs(frames[-1][:h] - reference).max(axis=2)
    assert (err > 24).mean() < 0.002, (err > 24).mean()

    # MP4: the same frames through H.264 (runs when the [video] extra is installed, as the test extra does)
    try:
        import imageio.v2 as imageio
    except ImportError:
        pytest.skip("MP4 needs the [video] extra: pip install 'bnviz[video]'")
    mp4 = animate_preset(lesson, steps, tmp_path / "mp4", "mp4", every, 15, WIDTH, plot)
    mp4_path = next(p for p in mp4 if p.suffix == ".mp4")
    video = [np.asarray(f).astype(np.int16) for f in imageio.mimread(mp4_path)]
    assert len(video) == n_frames and all(f.shape[1] == WIDTH for f in video)
    assert all(np.any(np.abs(a - b) > 8) for a, b in zip(video, video[1:]))
    assert np.abs(video[-1][:h] - reference).mean() < 3.0     # H.264 at high quality: a few levels on average


def test_png_frames_end_exactly_on_the_still(tmp_path):
    written = animate_preset("B8", 10, tmp_path, "png-frames", 5, 15, WIDTH, "01")
    folder = next(p for p in written if p.is_dir())
    pngs = sorted(folder.glob("step_*.png"))
    assert [p.name for p in pngs] == ["step_000000.png", "step_000005.png", "step_000010.png"]
    last = rgb(Image.open(pngs[-1]))
    reference = still(tmp_path, "B8", 10, folder.name)
    assert last.shape[1] == WIDTH and np.array_equal(last[: reference.shape[0]], reference)


@pytest.mark.parametrize("extra,msg", [
    (["--animate", "--format", "png"], "still image"),
    (["--format", "gif"], "add --animate"),
    (["--every", "3"], "--every needs --animate"),
    (["--animate", "--every", "0"], "--every"),
    (["--animate", "--fps", "0"], "--fps"),
    (["--animate", "--fps", "500"], "--fps"),
    (["--animate", "--format", "mp4", "--width", "801"], "even width"),
    (["--animate", "--plot", "no-such-plot"], "names no plot"),
    (["--animate", "--format", "webm"], "invalid choice"),
])
def test_bad_animation_arguments_exit_2_with_one_line(tmp_path, extra, msg, capsys, qapp):
    """In this process (the real CLI's main): argument errors are found before any training."""
    from bnviz import cli

    try:
        code = cli.main(["export", "B8", "--steps", "2", "--out", str(tmp_path / "o"), *extra])
    except SystemExit as exc:          # argparse's own errors (one line too: see cli.Parser)
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert msg in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def solid(i: int, width: int = 41, height: int = 30):
    from PySide6.QtGui import QColor, QImage

    im = QImage(width, height, QImage.Format.Format_RGB32)
    im.fill(QColor(60 * i, 120, 200 - 60 * i))
    return im


@pytest.mark.parametrize("fmt", ["gif", "png-frames", "mp4"])
def test_write_animation_writes_all_frames_or_nothing(tmp_path, qapp, fmt):
    """The recorder's path (frames from disk, any page width): a complete file, or none on an error."""
    from bnviz.app.animate import write_animation

    if fmt == "mp4":
        pytest.importorskip("imageio_ffmpeg", reason="MP4 needs the [video] extra")
    frames = [(solid(i), f"step {i}", i) for i in range(3)]
    done = []
    path = write_animation(iter(frames), tmp_path / "a", fmt, 10, done.append)
    assert done == [1, 2, 3]
    assert path == tmp_path / {"gif": "a.gif", "mp4": "a.mp4", "png-frames": "a"}[fmt]      # the suffix added
    if fmt == "gif":
        assert Image.open(path).n_frames == 3
    elif fmt == "png-frames":
        assert [p.name for p in sorted(path.glob("*.png"))] == [f"frame_000{i + 1}_step_00000{i}.png" for i in range(3)]
    else:
        import imageio.v2 as imageio

        video = imageio.mimread(path)
        assert len(video) == 3 and video[0].shape[1] == 42 and video[0].shape[0] % 2 == 0   # even sides for H.264

    def failing():
        yield frames[0]
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_animation(failing(), tmp_path / "b", fmt, 10)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]          # no half-written file or folder
