"""Tests of bnviz.engine.data: shapes, dtypes, determinism, normalization, validation."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from bnviz.engine.data import (
    DATASETS,
    DIGITS_PATH,
    FIXED_N_CLASSES,
    STD_FLOOR_IMAGE,
    TOY_2D,
    DataConfig,
    Dataset,
    load_digits_arrays,
    make_dataset,
    mnist_like,
)

ARRAY_FIELDS = ("x_train", "y_train", "x_val", "y_val", "x_test", "y_test",
                "mean", "std", "raw_train", "raw_val", "raw_test")  # fmt: skip


def small(name: str, **kw) -> DataConfig:
    """A fast config: few rows for mnist_like, which is the expensive one."""
    kw.setdefault("n_samples", 200 if name == "mnist_like" else 300)
    return DataConfig(name=name, **kw)


@pytest.fixture(scope="module")
def digits() -> Dataset:
    return make_dataset(DataConfig(name="digits"))


# --------------------------------------------------------------------------- shapes and dtypes


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_dtypes_and_labels(name: str) -> None:
    n_classes = 4 if name in ("blobs", "spiral") else 2
    ds = make_dataset(small(name, n_classes=n_classes))
    expected_classes = FIXED_N_CLASSES.get(name, n_classes)
    assert ds.name == name
    assert ds.n_classes == expected_classes
    assert ds.n_features == {"digits": 64, "mnist_like": 784}.get(name, 2)
    for split in ("train", "val", "test"):
        x, y, raw = getattr(ds, f"x_{split}"), getattr(ds, f"y_{split}"), getattr(ds, f"raw_{split}")
        assert x.dtype == np.float32 and raw.dtype == np.float32
        assert y.dtype == np.int64
        assert x.shape == raw.shape == (len(y), ds.n_features)
        assert np.all(np.isfinite(x))
        assert y.min() >= 0 and y.max() < ds.n_classes
    assert ds.mean.shape == ds.std.shape == (ds.n_features,)
    assert ds.mean.dtype == ds.std.dtype == np.float32
    assert np.all(ds.std > 0)
    # every class is present in the training split
    assert set(np.unique(ds.y_train)) == set(range(ds.n_classes))
    assert ds.is_2d == (name in TOY_2D)
    assert ds.image_shape == {"digits": (8, 8), "mnist_like": (28, 28)}.get(name)
    if ds.image_shape is not None:
        assert np.prod(ds.image_shape) == ds.n_features


@pytest.mark.parametrize("name", TOY_2D)
def test_split_sizes_and_balance(name: str) -> None:
    cfg = DataConfig(name=name, n_samples=500, val_fraction=0.2, test_fraction=0.1, n_classes=2)
    ds = make_dataset(cfg)
    assert (len(ds.y_train), len(ds.y_val), len(ds.y_test)) == (350, 100, 50)
    counts = np.bincount(np.concatenate([ds.y_train, ds.y_val, ds.y_test]))
    assert counts.max() - counts.min() <= 1  # balanced classes


def test_zero_fractions_put_everything_in_training() -> None:
    ds = make_dataset(DataConfig(name="moons", n_samples=100, val_fraction=0, test_fraction=0))
    assert len(ds.y_train) == 100 and len(ds.y_val) == 0 and len(ds.y_test) == 0
    assert ds.x_val.shape == (0, 2)


@pytest.mark.parametrize("name", TOY_2D)
def test_raw_toy_sets_are_roughly_within_three(name: str) -> None:
    ds = make_dataset(DataConfig(name=name, n_samples=1000, normalize=False, n_classes=2))
    raw = np.concatenate([ds.raw_train, ds.raw_val, ds.raw_test])
    assert np.quantile(np.abs(raw), 0.99) < 3.0
    assert np.abs(raw.mean(axis=0)).max() < 0.5  # natural sets are centred


def test_splits_are_shuffled() -> None:
    ds = make_dataset(DataConfig(name="blobs", n_classes=3, n_samples=300))
    # generation is class-ordered; a shuffled split mixes classes early on
    assert len(np.unique(ds.y_train[:20])) > 1
    assert len(np.unique(ds.y_test[:20])) > 1


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_bitwise_equal_and_different_seed_differs(name: str) -> None:
    a = make_dataset(small(name, seed=7))
    b = make_dataset(small(name, seed=7))
    c = make_dataset(small(name, seed=8))
    for f in ARRAY_FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        assert x.dtype == y.dtype and x.shape == y.shape
        assert x.tobytes() == y.tobytes(), f
    assert a.x_train.tobytes() != c.x_train.tobytes()
    assert a.y_train.tobytes() != c.y_train.tobytes()


def test_global_rng_is_not_used() -> None:
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = make_dataset(DataConfig(name="spiral", n_classes=3))
    np.random.seed(999)  # changing global state must not change the data
    b = make_dataset(DataConfig(name="spiral", n_classes=3))
    assert a.x_train.tobytes() == b.x_train.tobytes()
    np.random.seed(123)
    make_dataset(DataConfig(name="spiral", n_classes=3))
    assert np.array_equal(np.random.get_state()[1], before)  # and nothing consumed it


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize("name", ["moons", "blobs", "mnist_like"])
def test_normalization_uses_training_statistics_only(name: str) -> None:
    ds = make_dataset(small(name, n_classes=3 if name == "blobs" else 2))
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-4)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1.0, atol=1e-3)
    np.testing.assert_allclose(ds.mean, ds.raw_train.mean(axis=0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ds.std, ds.raw_train.std(axis=0), rtol=1e-4)
    # validation and test are transformed with the same statistics, not their own
    np.testing.assert_allclose(ds.x_val, (ds.raw_val - ds.mean) / ds.std, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ds.x_test, ds.prepare(ds.raw_test), rtol=0, atol=0)
    assert not np.allclose(ds.x_val.mean(axis=0), 0.0, atol=1e-4)


def test_normalize_false_keeps_raw_and_identity_stats() -> None:
    ds = make_dataset(DataConfig(name="circles", normalize=False))
    assert np.array_equal(ds.mean, np.zeros(2)) and np.array_equal(ds.std, np.ones(2))
    assert np.array_equal(ds.x_train, ds.raw_train)
    assert ds.x_train is not ds.raw_train


def test_elongate_stretches_and_offsets_first_feature() -> None:
    plain = make_dataset(DataConfig(name="moons", normalize=False))
    stretched = make_dataset(DataConfig(name="moons", normalize=False, elongate=10.0))
    np.testing.assert_allclose(stretched.raw_train[:, 0], plain.raw_train[:, 0] * 10 + 27, rtol=1e-5, atol=1e-4)
    np.testing.assert_array_equal(stretched.raw_train[:, 1], plain.raw_train[:, 1])
    # after normalization the elongation is gone (up to float rounding)
    a = make_dataset(DataConfig(name="moons", elongate=10.0)).x_train
    b = make_dataset(DataConfig(name="moons")).x_train
    np.testing.assert_allclose(a, b, atol=1e-4)


def test_prepare_matches_and_validates_width() -> None:
    ds = make_dataset(DataConfig(name="xor"))
    single = ds.prepare(ds.raw_val[0])
    assert single.dtype == np.float32 and single.shape == (2,)
    np.testing.assert_array_equal(single, ds.x_val[0])
    with pytest.raises(ValueError, match="x_raw"):
        ds.prepare(np.zeros((3, 5)))


def test_arrays_are_read_only() -> None:
    ds = make_dataset(DataConfig(name="moons", n_samples=50))
    for f in ARRAY_FIELDS:
        assert not getattr(ds, f).flags.writeable, f
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- digits and mnist_like


def test_digits_file_format() -> None:
    with np.load(DIGITS_PATH, allow_pickle=False) as f:
        assert f["images"].dtype == np.uint8 and f["images"].shape == (1797, 64)
        assert f["labels"].dtype == np.uint8 and f["labels"].shape == (1797,)
        assert f["images"].max() == 16
    assert (DIGITS_PATH.parent / "LICENSE-digits.txt").is_file()


def test_load_digits_arrays() -> None:
    x, y = load_digits_arrays()
    assert x.shape == (1797, 64) and x.dtype == np.float32
    assert y.shape == (1797,) and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    assert set(np.unique(y)) == set(range(10))


def test_digits_dataset(digits: Dataset) -> None:
    total = len(digits.y_train) + len(digits.y_val) + len(digits.y_test)
    assert total == 1797
    assert digits.n_features == 64 and digits.n_classes == 10
    assert digits.image_shape == (8, 8) and not digits.is_2d and digits.is_image
    for raw in (digits.raw_train, digits.raw_val, digits.raw_test):
        assert raw.min() >= 0.0 and raw.max() <= 1.0
    # the dead border pixels hit the floor instead of dividing by ~0
    assert digits.std.min() == pytest.approx(STD_FLOOR_IMAGE)
    assert np.abs(digits.x_test).max() < 1.0 / STD_FLOOR_IMAGE + 1


def test_digits_ignores_n_samples_and_noise() -> None:
    a = make_dataset(DataConfig(name="digits", n_samples=50, noise=1.0, seed=3))
    b = make_dataset(DataConfig(name="digits", seed=3))
    assert a.x_train.tobytes() == b.x_train.tobytes()


def test_runtime_does_not_import_sklearn() -> None:
    code = (
        "import sys; from bnviz.engine.data import make_dataset, DataConfig; "
        "make_dataset(DataConfig(name='digits')); "
        "assert 'sklearn' not in sys.modules; assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_mnist_like_is_learnable_and_in_range() -> None:
    rng = np.random.default_rng(0)
    x, y = mnist_like(500, rng)
    assert x.shape == (500, 784) and x.dtype == np.float32 and y.dtype == np.int64
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert np.bincount(y, minlength=10).min() == 50
    # nearest class mean (from the first half) classifies the second half well
    means = np.stack([x[:250][y[:250] == k].mean(axis=0) for k in range(10)])
    d = ((x[250:, None, :] - means[None]) ** 2).sum(axis=-1)
    assert (d.argmin(axis=1) == y[250:]).mean() > 0.9


def test_mnist_like_custom_shape_and_errors() -> None:
    x, y = mnist_like(30, np.random.default_rng(1), n_features=12, n_classes=3)
    assert x.shape == (30, 12) and set(np.unique(y)) == {0, 1, 2}
    with pytest.raises(ValueError, match="n_classes"):
        mnist_like(30, np.random.default_rng(1), n_classes=1)
    with pytest.raises(ValueError, match="n="):
        mnist_like(0, np.random.default_rng(1))


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"name": "mnist"}, "name", "'mnist'"),
        ({"n_samples": 10}, "n_samples", "10"),
        ({"n_samples": 20001}, "n_samples", "20001"),
        ({"n_samples": 100.5}, "n_samples", "100.5"),
        ({"noise": -0.1}, "noise", "-0.1"),
        ({"noise": 2.5}, "noise", "2.5"),
        ({"noise": float("nan")}, "noise", "nan"),
        ({"name": "blobs", "n_classes": 9}, "n_classes", "9"),
        ({"name": "spiral", "n_classes": 1}, "n_classes", "1"),
        ({"n_classes": 11}, "n_classes", "11"),
        ({"seed": -1}, "seed", "-1"),
        ({"seed": 1.5}, "seed", "1.5"),
        ({"normalize": "yes"}, "normalize", "'yes'"),
        ({"val_fraction": 0.5}, "val_fraction", "0.5"),
        ({"test_fraction": -0.01}, "test_fraction", "-0.01"),
        ({"elongate": 0.5}, "elongate", "0.5"),
        ({"elongate": 101}, "elongate", "101"),
    ],
)
def test_validation_errors_name_field_value_and_range(kwargs: dict, field: str, value: str) -> None:
    with pytest.raises(ValueError) as err:
        DataConfig(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{field}=")
    assert value in msg
    assert "allow" in msg or "must be" in msg


def test_validation_message_example() -> None:
    with pytest.raises(ValueError, match=r"^n_classes=9 is out of range: blobs allows 2\.\.6$"):
        DataConfig(name="blobs", n_classes=9)


def test_fixed_class_sets_ignore_n_classes_and_numbers_are_coerced() -> None:
    cfg = DataConfig(name="moons", n_classes=5, noise=0, n_samples=np.int64(100))
    assert cfg.effective_n_classes == 2 and cfg.n_features == 2
    assert isinstance(cfg.noise, float) and type(cfg.n_samples) is int
    assert DataConfig(name="digits").effective_n_classes == 10
    assert DataConfig(name="digits").n_features == 64
    assert make_dataset(cfg).n_classes == 2
    # switching the set keeps a config valid
    assert dataclasses.replace(DataConfig(name="blobs", n_classes=6), name="xor").effective_n_classes == 2
