"""Tests of bnviz.labs.covariate.shifts: each shift does what it says, distances behave."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bnviz.engine.data import DataConfig, load_digits_arrays, make_dataset
from bnviz.labs.covariate.shifts import (
    SHIFT_KINDS,
    SHIFTS_2D,
    SHIFTS_IMAGE,
    ShiftConfig,
    apply_shift,
    layer_distance,
    moments_shift,
    shift_parameter,
    subpopulation_mask,
    wasserstein_1d,
    wasserstein_columns,
)


@pytest.fixture(scope="module")
def points() -> np.ndarray:
    return make_dataset(DataConfig(name="moons", n_samples=400, normalize=False)).raw_train


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    return load_digits_arrays()[0][:400]


def test_kind_lists_are_consistent() -> None:
    assert set(SHIFTS_2D) | set(SHIFTS_IMAGE) == set(SHIFT_KINDS)
    assert set(SHIFTS_2D) & set(SHIFTS_IMAGE) == {"none", "subpopulation"}


# --------------------------------------------------------------------------- identity


@pytest.mark.parametrize("kind", SHIFTS_2D)
def test_magnitude_zero_is_identity_2d(points: np.ndarray, kind: str) -> None:
    out = apply_shift(points, ShiftConfig(kind, 0.0), image=False)
    assert out.dtype == np.float32 and out is not points
    np.testing.assert_array_equal(out, points)


@pytest.mark.parametrize("kind", SHIFTS_IMAGE)
def test_magnitude_zero_is_identity_images(images: np.ndarray, kind: str) -> None:
    out = apply_shift(images, ShiftConfig(kind, 0.0), image=True)
    np.testing.assert_array_equal(out, images)


@pytest.mark.parametrize(("kind", "image"), [("none", False), ("subpopulation", False), ("none", True), ("subpopulation", True)])
def test_none_and_subpopulation_do_not_transform(points: np.ndarray, images: np.ndarray, kind: str, image: bool) -> None:
    x = images if image else points
    out = apply_shift(x, ShiftConfig(kind, 1.0), image=image)
    np.testing.assert_array_equal(out, x)
    out[0] += 1  # a copy: the input is untouched
    assert not np.array_equal(out, x)


def test_input_is_not_modified(points: np.ndarray) -> None:
    before = points.copy()
    apply_shift(points, ShiftConfig("rotate", 0.7), image=False)
    np.testing.assert_array_equal(points, before)


# --------------------------------------------------------------------------- 2-D transforms


@pytest.mark.parametrize("magnitude", [0.25, 0.5, 1.0])
def test_translate_moves_mean_along_diagonal(points: np.ndarray, magnitude: float) -> None:
    out = apply_shift(points, ShiftConfig("translate", magnitude), image=False)
    delta = out.mean(axis=0, dtype=np.float64) - points.mean(axis=0, dtype=np.float64)
    assert np.linalg.norm(delta) == pytest.approx(3.0 * magnitude, abs=1e-5)
    np.testing.assert_allclose(delta / np.linalg.norm(delta), [1 / math.sqrt(2)] * 2, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), points.std(axis=0), rtol=1e-5)


@pytest.mark.parametrize("magnitude", [0.3, 1.0])
def test_scale_multiplies_std(points: np.ndarray, magnitude: float) -> None:
    out = apply_shift(points, ShiftConfig("scale", magnitude), image=False)
    np.testing.assert_allclose(out.std(axis=0), points.std(axis=0) * (1 + 2 * magnitude), rtol=1e-5)
    assert shift_parameter(ShiftConfig("scale", magnitude)) == pytest.approx(1 + 2 * magnitude)


def test_scale_and_rotate_about_a_centre(points: np.ndarray) -> None:
    c = points.mean(axis=0)
    scaled = apply_shift(points, ShiftConfig("scale", 0.5), image=False, center=c)
    np.testing.assert_allclose(scaled.mean(axis=0), c, atol=1e-5)
    rotated = apply_shift(points, ShiftConfig("rotate", 0.5), image=False, center=c)
    np.testing.assert_allclose(np.linalg.norm(rotated - c, axis=1), np.linalg.norm(points - c, axis=1), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("magnitude", [0.2, 0.5, 1.0])
def test_rotate_preserves_norms_and_rotates_mean(magnitude: float) -> None:
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((300, 2)) * 0.3 + [1.5, 0.5]).astype(np.float32)  # clearly off-centre
    out = apply_shift(x, ShiftConfig("rotate", magnitude), image=False)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), np.linalg.norm(x, axis=1), rtol=1e-5)
    m0, m1 = x.mean(axis=0, dtype=np.float64), out.mean(axis=0, dtype=np.float64)
    angle = math.atan2(m1[1], m1[0]) - math.atan2(m0[1], m0[0])
    assert angle == pytest.approx(magnitude * math.pi / 2, abs=1e-5)


def test_2d_shifts_need_two_features() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        apply_shift(np.zeros((5, 1)), ShiftConfig("rotate", 0.5), image=False)


# --------------------------------------------------------------------------- image transforms


def test_brightness_raises_mean_and_stays_in_range(images: np.ndarray) -> None:
    previous = images.mean()
    for m in (0.25, 0.5, 1.0):
        out = apply_shift(images, ShiftConfig("brightness", m), image=True)
        assert out.dtype == np.float32
        assert out.min() >= 0.0 and out.max() <= 1.0
        assert out.mean() > previous
        previous = out.mean()
    dark = np.zeros((2, 64), dtype=np.float32)
    np.testing.assert_allclose(apply_shift(dark, ShiftConfig("brightness", 0.6), image=True), 0.3, rtol=1e-6)


@pytest.mark.parametrize("magnitude", [0.5, 1.0])
def test_contrast_reduces_std_by_stated_factor(images: np.ndarray, magnitude: float) -> None:
    out = apply_shift(images, ShiftConfig("contrast", magnitude), image=True)
    assert out.std() == pytest.approx(images.std() * (1 - 0.8 * magnitude), rel=1e-4)
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_kind_must_match_input_type(points: np.ndarray, images: np.ndarray) -> None:
    for kind in ("translate", "scale", "rotate"):
        with pytest.raises(ValueError, match=f"kind='{kind}'.*images"):
            apply_shift(images, ShiftConfig(kind, 0.5), image=True)
    for kind in ("brightness", "contrast"):
        with pytest.raises(ValueError, match=f"kind='{kind}'.*2-D"):
            apply_shift(points, ShiftConfig(kind, 0.5), image=False)


# --------------------------------------------------------------------------- sub-population


def test_subpopulation_mask_shrinks_with_magnitude(points: np.ndarray) -> None:
    y = np.arange(len(points)) % 2
    sizes = []
    previous = np.ones(len(points), dtype=bool)
    for m in np.linspace(0, 1, 6):
        mask = subpopulation_mask(points, y, m, image=False)
        assert mask.dtype == bool and mask.shape == (len(points),)
        assert not np.any(mask & ~previous)  # a subset of the previous mask
        previous = mask
        sizes.append(mask.sum())
    assert sizes[0] == len(points)
    assert all(a > b for a, b in zip(sizes, sizes[1:]))
    assert sizes[-1] <= 0.25 * len(points) + 2 * 3 + 1


def test_subpopulation_2d_keeps_low_first_coordinate_and_every_class() -> None:
    x = np.stack([np.arange(100.0), np.zeros(100)], axis=1)
    y = (np.arange(100) >= 90).astype(np.int64)  # class 1 lives only at the far right
    mask = subpopulation_mask(x, y, 1.0, image=False)
    assert np.all(mask[:25]) and not np.any(mask[26:90])
    assert mask[y == 1].sum() == 3  # "a few examples of every class"
    assert np.array_equal(np.flatnonzero(mask[y == 1]), [0, 1, 2])  # its lowest-scoring ones


def test_subpopulation_images_keeps_darker_images(images: np.ndarray) -> None:
    y = np.zeros(len(images), dtype=np.int64)
    mask = subpopulation_mask(images, y, 1.0, image=True)
    assert images[mask].mean() < images[~mask].mean()
    assert images[mask].mean(axis=1).max() <= images[~mask].mean(axis=1).min()


def test_subpopulation_mask_validates() -> None:
    with pytest.raises(ValueError, match="magnitude"):
        subpopulation_mask(np.zeros((4, 2)), np.zeros(4), 1.5, image=False)
    with pytest.raises(ValueError, match="y has shape"):
        subpopulation_mask(np.zeros((4, 2)), np.zeros(3), 0.5, image=False)


# --------------------------------------------------------------------------- distances


def test_distances_are_zero_for_identical_inputs(points: np.ndarray) -> None:
    assert wasserstein_1d(points, points) == 0.0
    assert layer_distance(points, points.copy()) == 0.0
    assert moments_shift(points, points) == (0.0, 0.0)


def test_wasserstein_known_values() -> None:
    a = np.array([0.0, 1.0, 2.0])
    assert wasserstein_1d(a, a + 2.5) == pytest.approx(2.5)  # a pure shift costs its length
    assert wasserstein_1d([0.0], [0.0, 1.0]) == pytest.approx(0.5)  # unequal sizes
    assert wasserstein_1d([0.0, 0.0, 3.0], [1.0, 1.0]) == pytest.approx(4 / 3)
    assert wasserstein_1d(a, a[::-1]) == 0.0  # order does not matter


def test_wasserstein_is_exact_against_brute_force_cdf() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=37), rng.normal(1.0, 2.0, size=101)
    grid = np.sort(np.concatenate([a, b]))
    cdf_a = np.searchsorted(np.sort(a), grid[:-1], side="right") / a.size
    cdf_b = np.searchsorted(np.sort(b), grid[:-1], side="right") / b.size
    expected = float(np.sum(np.abs(cdf_a - cdf_b) * np.diff(grid)))
    assert wasserstein_1d(a, b) == pytest.approx(expected, rel=1e-12)
    assert wasserstein_1d(a, b) == pytest.approx(wasserstein_1d(b, a), rel=1e-12)


def test_wasserstein_columns_chunking_matches() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(40, 7)), rng.normal(size=(25, 7))
    full = wasserstein_columns(a, b)
    chunked = wasserstein_columns(a, b, max_elements=100)
    np.testing.assert_allclose(full, chunked, rtol=1e-12)
    np.testing.assert_allclose(full, [wasserstein_1d(a[:, j], b[:, j]) for j in range(7)], rtol=1e-12)


def test_distances_grow_monotonically_with_translate(points: np.ndarray) -> None:
    ws, ls, ms = [], [], []
    for m in np.linspace(0, 1, 6):
        out = apply_shift(points, ShiftConfig("translate", m), image=False)
        ws.append(wasserstein_1d(points, out))
        ls.append(layer_distance(points, out))
        ms.append(moments_shift(points, out)[0])
    for seq in (ws, ls, ms):
        assert seq[0] == 0.0
        assert all(a < b for a, b in zip(seq, seq[1:]))
    # per unit the move is 3 m / sqrt(2), so the per-unit W1 is exactly that
    assert ls[-1] == pytest.approx(3 / math.sqrt(2), rel=1e-5)


def test_moments_shift_sees_scale(points: np.ndarray) -> None:
    out = apply_shift(points, ShiftConfig("scale", 0.5), image=False)
    d_mean, d_std = moments_shift(points, out)
    assert d_std == pytest.approx(points.std(), rel=1e-4)  # std doubled: difference = old std
    assert d_mean >= 0.0


def test_layer_distance_shapes() -> None:
    rng = np.random.default_rng(5)
    a = rng.normal(size=(50, 3))
    b = a + np.array([0.0, 1.0, 2.0])
    assert layer_distance(a, b) == pytest.approx(1.0)  # mean of per-unit shifts 0, 1, 2
    assert layer_distance(a[:, 0], a[:, 0] + 1) == pytest.approx(1.0)
    assert layer_distance(a.reshape(50, 3, 1), b.reshape(50, 3, 1)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="units"):
        layer_distance(a, a[:, :2])
    with pytest.raises(ValueError, match="non-empty"):
        wasserstein_1d([], [1.0])


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"kind": "blur"}, "kind", "'blur'"),
        ({"kind": "translate", "magnitude": 1.5}, "magnitude", "1.5"),
        ({"kind": "translate", "magnitude": -0.1}, "magnitude", "-0.1"),
        ({"kind": "translate", "magnitude": float("nan")}, "magnitude", "nan"),
        ({"kind": "translate", "magnitude": "0.5"}, "magnitude", "'0.5'"),
    ],
)
def test_shift_config_validation(kwargs: dict, field: str, value: str) -> None:
    with pytest.raises(ValueError) as err:
        ShiftConfig(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{field}=") and value in msg and "allowed" in msg


def test_shift_config_coerces_and_reports_parameters() -> None:
    cfg = ShiftConfig("rotate", 1)
    assert isinstance(cfg.magnitude, float)
    assert shift_parameter(cfg) == pytest.approx(math.pi / 2)
    assert shift_parameter(ShiftConfig("translate", 0.5)) == pytest.approx(1.5)
    assert shift_parameter(ShiftConfig("brightness", 1.0)) == pytest.approx(0.5)
    assert shift_parameter(ShiftConfig("contrast", 1.0)) == pytest.approx(0.2)
    assert shift_parameter(ShiftConfig("subpopulation", 1.0)) == pytest.approx(0.25)
    assert ShiftConfig().is_identity and ShiftConfig("subpopulation", 1.0).is_identity
    assert not ShiftConfig("scale", 0.1).is_identity
