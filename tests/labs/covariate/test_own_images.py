"""The Covariate Shift Lab on a student's own 8x8 digits: both twins train on them, the image shifts move them."""

import numpy as np

from bnviz.engine.data import CUSTOM_IMAGES, encode_images, load_digits_arrays, make_dataset
from bnviz.engine.userdata import read_images, write_images
from bnviz.labs.covariate.model import CovariateConfig
from bnviz.labs.covariate.shifts import SHIFTS_IMAGE
from tests.lab_waits import train_then_pause, wait_frame

LAB = ("shift", CovariateConfig())       # starts on 2-D points: importing images turns its shift into an image one


def own_digits(n: int = 250, seed: int = 9):
    """A random subset of the bundled digits, upside down: images the lab has never seen."""
    x, y = load_digits_arrays()
    pick = np.random.default_rng(seed).choice(len(y), n, replace=False)
    return x[pick].reshape(n, 8, 8)[:, ::-1].reshape(n, 64).copy(), y[pick]


def test_import_trains_both_twins_on_exactly_the_file(lab, qtbot, tmp_path):
    assert lab.supports_own_images() and lab.config().shift.kind == "translate"
    train_then_pause(qtbot, lab, 5)
    x, y = own_digits()
    path = tmp_path / "mine.npz"
    write_images(path, x, y)
    assert lab.import_data(path) == 250
    cfg = lab.config()
    assert cfg.train.data.name == CUSTOM_IMAGES and cfg.train.data.images == encode_images(x, y)
    assert cfg.shift.kind == "brightness" and cfg.shift.kind in SHIFTS_IMAGE     # translate's counterpart
    built = make_dataset(cfg.train.data)
    wait_frame(qtbot, lab, lambda f: f.snapshot.config == cfg and lab.bridge.caught_up(f))
    snap = lab.frame.snapshot
    assert snap.n_train == len(built.y_train) == 150 and snap.inputs.image
    examples = snap.inputs.reference_examples.reshape(-1, 64)
    assert len(examples) and all((x == e).all(axis=1).any() for e in examples)   # each one of the file's images
    assert [r.label for r in snap.runs] == ["BN", "no BN"]
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.step >= 10)
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
    out = tmp_path / "out.csv"
    assert lab.export_data(out) == 250
    back = read_images(out)
    np.testing.assert_array_equal(back.x, x)
    np.testing.assert_array_equal(back.y, y)


def test_a_bad_file_is_refused_and_the_lab_keeps_its_data(lab, tmp_path):
    before = lab.config()
    x, y = own_digits(30)
    path = tmp_path / "seven.npz"
    np.savez(path, x=x, y=np.full(30, 7))
    try:
        lab.import_data(path)
    except ValueError as exc:
        assert str(exc) == "seven.npz: only digit 7 present; a data set needs at least 2 classes"
    else:
        raise AssertionError("imported")
    assert lab.config() == before
