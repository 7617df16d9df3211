"""`bnviz export` writes figures and CSVs equal to the engine's numbers; bad arguments fail cleanly."""

import csv
import subprocess
import sys

import numpy as np
import pytest

from bnviz import schema
from bnviz.app.headless import export_preset
from bnviz.app.presets import all_presets, find_preset
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "bnviz", *args], capture_output=True, text=True, timeout=240)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_export_writes_figures_and_engine_numbers(tmp_path, fmt):
    steps = 40
    out = tmp_path / "out"
    r = run_cli("export", "b2-bn-histograms", "--steps", str(steps), "--out", str(out), "--format", fmt)
    assert r.returncode == 0, r.stderr
    images = sorted(out.glob(f"*.{fmt}"))
    assert len(images) >= 10 and all(p.stat().st_size > 500 for p in images)
    loss_csv = next(out.glob("bn_*loss*.csv"))
    with loss_csv.open(encoding="utf-8") as f:
        assert f.readline().startswith("# ")       # the plot's title and axes, for a reader
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert "BN validation_y" in header
    col = header.index("BN validation_y")
    exported = np.array([float(row[col]) for row in body if row[col] != ""])
    preset = find_preset("b2-bn-histograms")
    tw = TwinTrainer(schema.from_json(BatchNormConfig, preset.state["config"]))
    tw.run(steps)
    tw.probe()
    expected = tw.runs[0].history.columns()["val_loss"]
    assert np.allclose(exported, expected, rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("args,msg", [
    (["export", "no-such-lesson", "--steps", "5", "--out", "OUT"], "unknown preset"),
    (["export", "b2-bn-histograms", "--steps", "-3", "--out", "OUT"], "--steps"),
    (["export", "b2-bn-histograms", "--steps", "5", "--out", "/proc/forbidden/x"], "cannot write"),
    (["export", "b2-bn-histograms", "--steps", "1", "--out", "OUT", "--width", "0"], "--width"),
    (["export", "b2-bn-histograms", "--steps", "1", "--out", "OUT", "--width", "-1"], "--width"),
    (["export", "b2-bn-histograms", "--steps", "1", "--out", "OUT", "--width", "200000"], "--width"),
    (["export", "b2-bn-histograms", "--steps", "x", "--out", "OUT"], "invalid int value"),
    (["export", "b2-bn-histograms"], "required"),
    (["--no-such-option"], "unrecognized arguments"),
    (["--seed", "-5", "--list-presets"], "--seed"),
    (["--dask-scheduler", "not-an-address"], "--dask-scheduler"),
    (["check"], "required"),
])
def test_bad_export_arguments_exit_non_zero_with_one_line(tmp_path, args, msg):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    r = run_cli(*args)
    assert r.returncode != 0
    assert msg in r.stderr
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_a_search_lesson_exports_through_the_command_line(tmp_path):
    """The search lessons crashed with a traceback here: their lab had no model to run headless."""
    r = run_cli("export", "h1-what-to-tune", "--steps", "2", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and len(list(tmp_path.glob("search_*.png"))) >= 3


def test_check_validates_lessons_and_sessions_one_line_each(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bnviz-session", "schema": 2, "labs": {"bn": {"config": {"train": {"batch_size": 2.5}}}}}')
    from bnviz.app.presets import PRESETS_DIR

    lessons = sorted(str(p) for p in PRESETS_DIR.glob("*.json"))
    r = run_cli("check", *lessons)
    assert r.returncode == 0 and r.stdout.count(": ok") == len(lessons) == 21, r.stderr
    r = run_cli("check", lessons[0], str(bad), "/dev/zero")
    assert r.returncode == 2 and r.stdout.count(": ok") == 1
    problems = r.stderr.strip().splitlines()
    assert len(problems) == 2 and "labs.bn: config.train.batch_size" in problems[0] and "regular file" in problems[1]


def test_list_presets_and_version():
    r = run_cli("--list-presets")
    assert r.returncode == 0 and "bn-paper-figure1" in r.stdout
    r = run_cli("--version")
    assert r.returncode == 0 and "bnviz" in r.stdout


@pytest.mark.parametrize("name", [p.name for p in all_presets()])
def test_every_lesson_exports_headless(qapp, tmp_path, name):
    """`bnviz export NAME --steps 1` for every lesson, search lessons (their trials run in-process) included."""
    written = export_preset(name, 1, tmp_path, width=400)
    images = [p for p in written if p.suffix == ".png"]
    assert images and all(p.stat().st_size > 500 for p in images)
    assert any(p.suffix == ".csv" for p in written)
