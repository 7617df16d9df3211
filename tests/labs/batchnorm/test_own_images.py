"""The Batch Norm Lab (B8) on a student's own 8x8 digits: import an .npz or CSV, both twins train on them, export.

And dropout from the settings form: the keep-prob field trains both twins with that keep_prob.
"""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.data import CUSTOM_IMAGES, encode_images, load_digits_arrays, make_dataset
from bnviz.engine.userdata import read_images, write_images
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from tests.lab_waits import train_then_pause, wait_frame

_CFG = BatchNormConfig()
LAB = ("bn", replace(_CFG, train=replace(_CFG.train, data=replace(_CFG.train.data, name="digits"))))


def own_digits(n: int = 300, seed: int = 5):
    """Not the bundled set as it is: a random subset, mirrored left-right (a student's own drawing)."""
    x, y = load_digits_arrays()
    pick = np.random.default_rng(seed).choice(len(y), n, replace=False)
    return x[pick].reshape(n, 8, 8)[:, :, ::-1].reshape(n, 64).copy(), y[pick]


def sorted_rows(x: np.ndarray, y: np.ndarray):
    order = np.lexsort(np.c_[x, y].T)
    return x[order], y[order]


@pytest.mark.parametrize("suffix", [".npz", ".csv"])
def test_import_trains_both_twins_on_exactly_the_file(lab, qtbot, tmp_path, suffix):
    assert lab.supports_own_images()
    train_then_pause(qtbot, lab, 5)
    x, y = own_digits()
    path = tmp_path / f"mine{suffix}"
    write_images(path, x, y)
    assert lab.import_data(path) == 300
    data = lab.config().train.data
    assert data.name == CUSTOM_IMAGES and data.images == encode_images(x, y)
    assert lab.controls.dataset.currentData() == CUSTOM_IMAGES
    assert lab.controls.dataset.currentText() == "imported digits"
    wait_frame(qtbot, lab, lambda f: all(r.config.data.images == data.images for r in f.snapshot)
               and lab.bridge.caught_up(f))
    assert [r.label for r in lab.frame.snapshot] == ["BN", "no BN"]
    built = make_dataset(data)                      # what the twins train on: these 300 images, no others
    assert built.image_shape == (8, 8) and built.n_classes == 10
    rows = np.concatenate([built.raw_train, built.raw_val, built.raw_test])
    labels = np.concatenate([built.y_train, built.y_val, built.y_test])
    for a, b in zip(sorted_rows(rows, labels), sorted_rows(x, y)):
        np.testing.assert_array_equal(a, b)
    s0, e0 = lab.frame.step, lab.frame.snapshot[0].epoch
    assert s0 == 0                                  # a new data set of images: the twins are rebuilt
    spe = len(built.x_train) // lab.config().train.batch_size     # 180 rows: an epoch is 180 // 32 = 5 steps
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.step >= 2 * spe + 1)
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
    assert all(r.epoch == e0 + (r.step - 1) // spe for r in lab.frame.snapshot)
    out = tmp_path / f"out{suffix}"
    assert lab.export_data(out) == 300
    back = read_images(out)
    np.testing.assert_array_equal(back.x, x)        # in the file's own order
    np.testing.assert_array_equal(back.y, y)
    assert lab.import_data(out) == 300 and lab.config().train.data == data


def test_bad_files_are_refused_in_one_line_and_nothing_changes(window, qtbot, tmp_path):
    lab = window.lab_by_key("bn")
    window.tabs.setCurrentWidget(lab)
    before = lab.config()
    x, y = own_digits(40)
    ink = x.copy()
    ink[2, 7] = 16.0                                # a 0..16 pixel among [0, 1] ones
    cases = {
        "big.npz": (dict(x=np.zeros((40, 28, 28)), y=y), "big.npz: images are 28x28; this lab's digits are 8x8"),
        "ink.npz": (dict(x=ink, y=y), "ink.npz: x[2], pixel 7: 16 is outside [0, 1] (pixels run from 0, "
                                      "background, to 1, ink: divide 0..16 digits by 16, 0..255 by 255)"),
        "label.npz": (dict(x=x, y=np.where(np.arange(40) == 3, 11, y)), "label.npz: y[3]: 11 is not a digit 0..9"),
        "pickle.npz": (dict(x=np.array([x[0]] * 40, dtype=object), y=y),
                       "pickle.npz: array x: holds Python objects (a pickle, never loaded); save plain numbers"),
    }
    for name, (arrays, message) in cases.items():
        np.savez(tmp_path / name, **arrays)
        assert not lab.import_data_or_refuse(tmp_path / name, window)
        assert window.last_refusal == message
    nan = tmp_path / "nan.csv"
    write_images(nan, x, y)
    nan.write_text(nan.read_text().replace("\n0,", "\nnan,", 1))
    assert not lab.import_data_or_refuse(nan, window)
    assert window.last_refusal == "nan.csv: row 2, column p0: nan is not a finite number"
    assert lab.config() == before


def test_a_session_keeps_the_own_digits(lab):
    x, y = own_digits(60)
    cfg = lab.config()
    mine = replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name=CUSTOM_IMAGES,
                                                              images=encode_images(x, y))))
    lab.apply_config(mine)
    state = lab.state()
    lab.apply_config(BatchNormConfig())
    lab.apply_state(state)
    assert lab.config() == mine


def test_the_keep_prob_field_trains_both_twins_with_dropout(lab, qtbot):
    field = lab.controls.keep_prob
    assert field.objectName() == "keep_prob" and field.isEnabled() and field.value() == 1.0
    assert "1 = no dropout" in field.toolTip()
    field.setValue(0.5)
    assert lab.config().train.net.keep_prob == 0.5
    lab.bridge.play()
    wait_frame(qtbot, lab, lambda f: f.step >= 3 and all(r.config.net.keep_prob == 0.5 for r in f.snapshot))
    lab.bridge.pause()
    wait_frame(qtbot, lab, lambda f: not f.playing)
    offline = TwinTrainer(lab.config())             # the same config run here: the same numbers
    offline.run(lab.frame.step)
    plain = TwinTrainer(replace(lab.config(), train=replace(lab.config().train, net=replace(
        lab.config().train.net, keep_prob=1.0))))
    plain.run(lab.frame.step)
    for live, same, off in zip(lab.frame.snapshot, offline.snapshot(), plain.snapshot()):
        assert live.step == same.step and live.last("batch_loss") == same.last("batch_loss")
        assert live.last("batch_loss") != off.last("batch_loss")       # dropout changed the training
    lab.controls.set_config(lab.config())
    assert lab.controls.keep_prob.value() == 0.5        # shown back as set
