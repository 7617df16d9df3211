"""Data sets for the lessons: five 2-D toy sets, a small real image set, a
random MNIST-shaped set for benchmarks, and hand-made 2-D sets.

Why these sets
--------------
The 2-D toy sets (``blobs``, ``moons``, ``circles``, ``xor``, ``spiral``) are
small enough to train in real time and can be drawn with their decision
boundary, so a student can *see* what a layer does. ``digits`` (the UCI 8x8
handwritten digits, bundled as ``bnviz/resources/data/digits.npz``) is a real image
problem that still trains in seconds. ``mnist_like`` is random data with the
shape of MNIST (784 inputs, 10 classes) so benchmarks exercise realistic layer
sizes without shipping MNIST. ``custom`` is a set a student drew or imported
(``bnviz.engine.userdata``): its points live inline in the config
(``DataConfig.points``), so sessions and lessons store it like any setting, and
it is split and normalized exactly like a toy set. ``custom_digits`` is the
same for images: 8x8 digits a student imported (an .npz or a CSV of pixel
rows), inline in ``DataConfig.images`` (:func:`encode_images`), split and
normalized exactly like the bundled digits.

Everything here is pure NumPy and deterministic: one
``np.random.default_rng(cfg.seed)`` draws the points *and* the split, and no
global RNG state is touched, so the same config always gives bitwise the same
arrays.

Normalization
-------------
With ``normalize=True`` every input feature is standardized with the mean and
standard deviation of the *training* split only, and the same statistics are
applied to validation and test rows (``Dataset.prepare`` applies them to any
new raw input, e.g. a shifted test set or a grid for a decision boundary).
Using training statistics only is the point of the lesson: it is exactly what
a deployed model can know, and it is what batch norm's running statistics do
at inference time. The standard deviation is floored (``STD_FLOOR_2D`` for the
2-D sets, ``STD_FLOOR_IMAGE`` for images, see there) so that constant or
near-constant features do not blow up.
"""

from __future__ import annotations

import base64
import binascii
import importlib.resources
import math
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from bnviz.engine.snapshot import frozen

__all__ = [
    "DATASETS",
    "TOY_2D",
    "IMAGE_SETS",
    "FIXED_N_CLASSES",
    "STD_FLOOR_2D",
    "STD_FLOOR_IMAGE",
    "DIGITS_PATH",
    "CUSTOM",
    "CUSTOM_IMAGES",
    "SETS_2D",
    "IMAGE_SHAPE",
    "MIN_IMAGES",
    "MAX_POINTS",
    "MAX_CLASSES_2D",
    "DataConfig",
    "Dataset",
    "keeps_run",
    "point_uniforms",
    "check_images",
    "encode_images",
    "decode_images",
    "make_dataset",
    "load_digits_arrays",
    "mnist_like",
    "make_toy_2d",
]

DATASETS: tuple[str, ...] = ("blobs", "moons", "circles", "xor", "spiral", "digits", "mnist_like")
TOY_2D: tuple[str, ...] = ("blobs", "moons", "circles", "xor", "spiral")
#: A hand-made 2-D set: its points are ``DataConfig.points`` (drawn on a plot or imported from CSV).
CUSTOM = "custom"
#: A student's own 8x8 digits: its images are ``DataConfig.images`` (imported from an .npz or a CSV).
CUSTOM_IMAGES = "custom_digits"
IMAGE_SETS: tuple[str, ...] = ("digits", "mnist_like", CUSTOM_IMAGES)
#: Every 2-D set: the generated ones and the hand-made one.
SETS_2D: tuple[str, ...] = (*TOY_2D, CUSTOM)
#: At most this many hand-made points (a session or lesson stores them inline, so they are bounded).
MAX_POINTS = 10_000
#: Labels of hand-made points are 0..MAX_CLASSES_2D-1 (the 2-D labs' class picker has six colours).
MAX_CLASSES_2D = 6
#: A student's own images have the bundled digits' shape (the labs' networks and panels are built for it).
IMAGE_SHAPE: tuple[int, int] = (8, 8)
#: ... and at least this many of them (the smallest generated set; every split then keeps training rows).
MIN_IMAGES = 20

#: Class counts fixed by the set itself; ``DataConfig.n_classes`` is ignored for these.
FIXED_N_CLASSES: dict[str, int] = {"moons": 2, "circles": 2, "xor": 2, "digits": 10, "mnist_like": 10,
                                   CUSTOM_IMAGES: 10}
#: Range of ``n_classes`` for the sets where it is a free choice.
VARIABLE_N_CLASSES: dict[str, tuple[int, int]] = {"blobs": (2, 6), "spiral": (2, 6)}

#: Floor of the per-feature std for the 2-D sets (raw units are O(1)..O(100)):
#: only guards against a degenerate, constant feature.
STD_FLOOR_2D: float = 1e-3
#: Floor of the per-pixel std for image sets, in pixel units (pixels lie in
#: [0, 1]). The digits have border pixels that are (almost) never inked in the
#: training split; with a tiny floor a single inked border pixel in a test image
#: would be standardized to hundreds of standard deviations and dominate the
#: first layer. 0.1 (a tenth of the pixel range) caps that at about 10.
STD_FLOOR_IMAGE: float = 0.1

#: Where the bundled digits live: package data ``bnviz/resources/data/digits.npz``
#: (with its licence beside it), found through ``importlib.resources`` so an
#: installed wheel finds it as well as a source checkout. A ``Path`` because
#: bnviz is always installed as a real directory (a wheel unpacks into
#: site-packages; it is never imported from a zip), where ``files()`` returns
#: a ``pathlib.Path``; ``Path()`` would refuse a zip ``Traversable``.
DIGITS_PATH: Path = Path(importlib.resources.files("bnviz") / "resources" / "data" / "digits.npz")

_N_DIGITS = 1797
_MNIST_FEATURES = 784


def _fail(name: str, value: object, allowed: str) -> ValueError:
    """Build the uniform validation error: field, value and allowed range."""
    return ValueError(f"{name}={value!r} is out of range: {allowed}")


def _check_int(name: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _fail(name, value, f"must be an integer in {lo}..{hi}")
    if not lo <= int(value) <= hi:
        raise _fail(name, value, f"allowed {lo}..{hi}")
    return int(value)


def _check_points(value: object) -> tuple[tuple[float, float, int], ...]:
    """``points`` as a tuple of ``(x1, x2, label)`` tuples of exact types; ValueError naming the bad point.

    Coordinates are finite numbers, labels integers 0..5; at most
    :data:`MAX_POINTS` points.  Whether there are enough points and classes is
    checked only for a ``custom`` set (a generated set keeps them, unused, so
    switching back to the hand-made set finds the drawing again).
    """
    if not isinstance(value, (tuple, list)):
        raise _fail("points", type(value).__name__, "must be a list of (x1, x2, label)")
    if len(value) > MAX_POINTS:
        raise _fail("points", f"<{len(value)} points>", f"at most {MAX_POINTS} points")
    out = []
    for i, p in enumerate(value):
        if not isinstance(p, (tuple, list)) or len(p) != 3:
            raise ValueError(f"points[{i}]: expected (x1, x2, label)")
        x1, x2, label = p
        for name, v in (("x1", x1), ("x2", x2)):
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise ValueError(f"points[{i}].{name}={v!r} is out of range: must be a finite number")
        if isinstance(label, bool) or not isinstance(label, numbers.Integral) or not 0 <= label < MAX_CLASSES_2D:
            raise ValueError(f"points[{i}].label={label!r} is out of range: allowed 0..{MAX_CLASSES_2D - 1}")
        out.append((float(x1), float(x2), int(label)))
    return tuple(out)


def _image_at(i: int, column: int | str) -> str:
    """How a message names image ``i``'s pixel ``column`` (or its "label"), when no file says better."""
    return f"image {i}, {'label' if column == 'label' else f'pixel {column}'}"


def check_images(x: object, y: object,
                 where: Callable[[int, int | str], str] = _image_at) -> tuple[np.ndarray, np.ndarray]:
    """A student's own digits as the engine holds them: float32 ``(n, 64)`` pixels, int64 labels ``(n,)``.

    The one set of rules for own images, applied to a file being imported
    (``bnviz.engine.userdata``) and to a config's ``images`` (a session, a
    lesson), so both are refused for the same reasons in the same words: the
    images are 8x8 (``(n, 64)`` or ``(n, 8, 8)``, the shape the labs' networks
    and panels are built for), there are :data:`MIN_IMAGES`..:data:`MAX_POINTS`
    of them, every pixel is a finite number in [0, 1] (the bundled digits'
    scale: 0 background, 1 full ink), every label is a digit 0..9 and at least
    two digits are present.  A bad set raises one ``ValueError`` line naming
    the first bad value through ``where(i, column)`` (a CSV names its row and
    column, an .npz its array index); the arguments are never changed.
    """
    x, y = np.asarray(x), np.asarray(y)
    h, w = IMAGE_SHAPE
    if x.dtype.kind not in "iuf":
        raise ValueError(f"pixels are {x.dtype} values; expected numbers in [0, 1]")
    if x.ndim == 3 and x.shape[1:] != IMAGE_SHAPE:
        raise ValueError(f"images are {x.shape[1]}x{x.shape[2]}; this lab's digits are {h}x{w}")
    if x.ndim == 2 and x.shape[1] != h * w:
        raise ValueError(f"{x.shape[1]} pixels per image; this lab's digits are {h}x{w} = {h * w} pixels")
    if x.ndim not in (2, 3):
        raise ValueError(f"images of shape {x.shape}; expected (n, {h * w}) or (n, {h}, {w})")
    if y.dtype.kind not in "iuf" or y.shape != (len(x),):
        raise ValueError(f"labels of shape {y.shape} ({y.dtype}); expected {len(x)} digits, one per image")
    n = len(x)
    if n < MIN_IMAGES:
        raise ValueError(f"{n} image{'s' if n != 1 else ''}; a data set needs at least {MIN_IMAGES}")
    if n > MAX_POINTS:
        raise ValueError(f"{n} images; at most {MAX_POINTS}")
    x = x.reshape(n, h * w)
    if x.dtype.kind == "f" and not (ok := np.isfinite(x)).all():
        i, j = np.argwhere(~ok)[0]
        raise ValueError(f"{where(int(i), int(j))}: {x[i, j]} is not a finite number")
    if (bad := (x < 0) | (x > 1)).any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(f"{where(int(i), int(j))}: {x[i, j]:g} is outside [0, 1] "
                         f"(pixels run from 0, background, to 1, ink: divide 0..16 digits by 16, 0..255 by 255)")
    yf = y.astype(np.float64)
    if (bad := ~np.isfinite(yf) | (yf != np.round(yf)) | (yf < 0) | (yf > 9)).any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{where(i, 'label')}: {y[i]:g} is not a digit 0..9")
    labels = yf.astype(np.int64)
    present = np.unique(labels)
    if len(present) < 2:
        raise ValueError(f"only digit {present[0]} present; a data set needs at least 2 classes")
    return x.astype(np.float32), labels


#: bytes of one encoded image: 64 float32 pixels and a uint8 label
_IMAGE_BYTES = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * 4 + 1


def encode_images(x: np.ndarray, y: np.ndarray) -> str:
    """``DataConfig.images`` of own digits ``x``, ``y`` (checked by :func:`check_images`).

    Why text and not a list of numbers: a config is frozen and hashable, goes
    to the worker and into a session; 10,000 images are 640,000 pixels, which
    as Python floats would weigh tens of MB and be compared number by number.
    As base64 of the float32 pixels (little-endian, row-major) followed by the
    uint8 labels they are one string of at most 3.4 MB, compared and hashed
    at once, and read back exactly (the engine trains in float32 anyway).
    """
    px, labels = check_images(x, y)
    raw = px.astype("<f4").tobytes() + labels.astype(np.uint8).tobytes()
    return base64.b64encode(raw).decode("ascii")


@lru_cache(maxsize=4)
def decode_images(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The read-only ``(x, y)`` of ``DataConfig.images`` (see :func:`encode_images`); ValueError (one line).

    Cached: a config is rebuilt (``replace``) at every change of a setting and
    each one checks its images; the same string is decoded once.
    """
    if len(text) > 4 * math.ceil(MAX_POINTS * _IMAGE_BYTES / 3):
        raise ValueError(f"more than {MAX_POINTS} images")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64 text of images (as Export and sessions write it)") from None
    n, rest = divmod(len(raw), _IMAGE_BYTES)
    if rest:
        raise ValueError(f"{len(raw)} bytes are not whole images ({_IMAGE_BYTES} bytes each)")
    pixels = np.frombuffer(raw, dtype="<f4", count=n * (_IMAGE_BYTES - 1) // 4)
    labels = np.frombuffer(raw, dtype=np.uint8, offset=n * (_IMAGE_BYTES - 1))
    x, y = check_images(pixels.reshape(n, -1), labels)
    return frozen(x, copy=False), frozen(y, copy=False)


def _check_float(name: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail(name, value, f"must be a number in [{lo:g}, {hi:g}]")
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise _fail(name, value, f"allowed [{lo:g}, {hi:g}]")
    return v


@dataclass(frozen=True)
class DataConfig:
    """Which data set to build and how; validated on construction.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`, or :data:`CUSTOM` for the hand-made ``points``.
    n_samples : int
        Total rows (before the split) for the 2-D sets and ``mnist_like``,
        20..20000. Ignored for ``digits``, which always has its 1797 images,
        and for ``custom``, which has its points.
    noise : float
        2-D sets only, 0..2: standard deviation of the Gaussian noise added to
        every coordinate, in raw units. Every toy set is drawn at a scale where
        its structures are about one unit apart (moon radius 1.5, circle radii
        1 and 2, cluster centres 2 from the origin), so the same noise means a
        similar difficulty across sets. Ignored for image sets.
    n_classes : int
        ``blobs`` and ``spiral`` accept 2..6. The other sets fix their class
        count (moons/circles/xor: 2, digits/mnist_like: 10, see
        :data:`FIXED_N_CLASSES`) and ignore this field, so switching ``name``
        in the UI never turns a valid config into an invalid one. Use
        :attr:`effective_n_classes` for the count the set will have.
    seed : int
        Seed of the single ``np.random.default_rng`` that draws the points and
        the split. Non-negative.
    normalize : bool
        Standardize inputs per feature with the *training* split's mean and
        std (floored, see :data:`STD_FLOOR_2D` / :data:`STD_FLOOR_IMAGE`).
    val_fraction, test_fraction : float
        Fractions of the rows held out for validation and test, each in
        [0, 0.45], so at least 10% of the rows remain for training.
    elongate : float
        2-D sets only, 1..100: the first raw feature is multiplied by
        ``elongate`` and shifted by ``3 * (elongate - 1)``. Why: the lesson on
        input normalization (syllabus B1) needs raw inputs whose features have
        very different scales and a non-zero mean, because that is what makes
        the cost contours elongated ellipses and plain gradient descent zig-zag;
        switching ``normalize`` on makes them round again. ``elongate=1`` is
        the natural, untouched set. Ignored for image sets and ``custom``.
    points : tuple of (float, float, int)
        The hand-made set (``name="custom"``): raw coordinates ``x1, x2`` and a
        label 0..5 per point, at most :data:`MAX_POINTS`, at least two classes
        present. Its class count is the largest label + 1 (a label skipped
        is a class with no points), and ``n_classes`` is set to it;
        ``n_samples``, ``noise`` and ``elongate`` are ignored. It is split
        with the same fractions (point by point, so an edit moves no other
        point between splits: ``point_uniforms``) and normalized with its
        training split's statistics, like the toy sets: an edited set is a
        real data set of the engine. Other sets ignore (and keep) the points.
    images : str
        A student's own 8x8 digits (``name="custom_digits"``), imported from
        an .npz or a CSV: :func:`encode_images` of the pixels and labels,
        checked by :func:`check_images` (20..10,000 images, pixels in
        [0, 1], labels 0..9).  Built like ``digits`` (shuffled split, image
        normalization, 10 classes).  Other sets ignore (and keep) the images;
        left out of ``repr`` (it may be megabytes).
    """

    name: str = "moons"
    n_samples: int = 600
    noise: float = 0.15
    n_classes: int = 2
    seed: int = 0
    normalize: bool = True
    val_fraction: float = 0.2
    test_fraction: float = 0.2
    elongate: float = 1.0
    points: tuple[tuple[float, float, int], ...] = ()
    images: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or self.name not in (*DATASETS, CUSTOM, CUSTOM_IMAGES):
            raise _fail("name", self.name, "allowed " + ", ".join((*DATASETS, CUSTOM, CUSTOM_IMAGES)))
        set_ = object.__setattr__
        set_(self, "n_samples", _check_int("n_samples", self.n_samples, 20, 20000))
        set_(self, "noise", _check_float("noise", self.noise, 0.0, 2.0))
        n_classes = _check_int("n_classes", self.n_classes, 2, 10)
        if self.name in VARIABLE_N_CLASSES:
            lo, hi = VARIABLE_N_CLASSES[self.name]
            if not lo <= n_classes <= hi:
                raise _fail("n_classes", self.n_classes, f"{self.name} allows {lo}..{hi}")
        set_(self, "n_classes", n_classes)
        if isinstance(self.seed, bool) or not isinstance(self.seed, numbers.Integral) or self.seed < 0:
            raise _fail("seed", self.seed, "must be a non-negative integer")
        set_(self, "seed", int(self.seed))
        if not isinstance(self.normalize, (bool, np.bool_)):
            raise _fail("normalize", self.normalize, "must be True or False")
        set_(self, "normalize", bool(self.normalize))
        set_(self, "val_fraction", _check_float("val_fraction", self.val_fraction, 0.0, 0.45))
        set_(self, "test_fraction", _check_float("test_fraction", self.test_fraction, 0.0, 0.45))
        set_(self, "elongate", _check_float("elongate", self.elongate, 1.0, 100.0))
        set_(self, "points", _check_points(self.points))
        if self.name == CUSTOM:
            present = sorted({p[2] for p in self.points})
            if not present:
                raise ValueError("points: a hand-made (custom) set needs points: draw them with Edit data "
                                 "or import a CSV")
            if len(present) < 2:
                raise ValueError(f"points: only class {present[0]} present; a data set needs at least 2 classes")
            set_(self, "n_classes", present[-1] + 1)
        if not isinstance(self.images, str):
            raise _fail("images", type(self.images).__name__, "must be text (encode_images)")
        if self.images:
            try:
                decode_images(self.images)
            except ValueError as exc:
                raise ValueError(f"images: {exc}") from None
        elif self.name == CUSTOM_IMAGES:
            raise ValueError("images: your own digits need images: File > Import data (.npz or CSV)")

    @property
    def effective_n_classes(self) -> int:
        """The number of classes the set will have (fixed sets override ``n_classes``; custom: largest label + 1)."""
        return FIXED_N_CLASSES.get(self.name, self.n_classes)

    @property
    def n_features(self) -> int:
        """Input width of the set: 2, 64 (digits) or 784 (mnist_like)."""
        return {"digits": 64, CUSTOM_IMAGES: 64, "mnist_like": _MNIST_FEATURES}.get(self.name, 2)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A built data set: splits, their raw form and the normalization used.

    All arrays are read-only: a data set is shared between the trainer, the
    probes and (through snapshots) the GUI thread, and nobody may change it
    under the others' feet. Index or copy it to get a writable array.

    Attributes
    ----------
    x_train, x_val, x_test : np.ndarray
        Model inputs, float32 ``(n, n_features)``, normalized when the config
        asked for it.
    y_train, y_val, y_test : np.ndarray
        int64 class labels ``(n,)`` in ``0..n_classes-1``.
    mean, std : np.ndarray
        float32 ``(n_features,)`` training-split statistics used by
        :meth:`prepare` (zeros and ones when normalization is off).
    raw_train, raw_val, raw_test : np.ndarray
        The same rows before normalization (float32); shifts act on these.
    image_shape : tuple of int or None
        ``(8, 8)`` for digits (bundled or own), ``(28, 28)`` for mnist_like, ``None`` for 2-D.
    """

    name: str
    n_features: int
    n_classes: int
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    raw_train: np.ndarray
    raw_val: np.ndarray
    raw_test: np.ndarray
    image_shape: tuple[int, int] | None = field(default=None)

    def prepare(self, x_raw: np.ndarray) -> np.ndarray:
        """Apply the training normalization to new raw inputs.

        Why: a shifted test set, a single drawn digit or the grid of a
        decision-boundary plot must see exactly the transform the model was
        trained with, never statistics of their own.

        Parameters
        ----------
        x_raw : np.ndarray
            ``(n, n_features)`` or ``(n_features,)`` raw inputs.

        Returns
        -------
        np.ndarray
            A new float32 array of the same shape.
        """
        x = np.asarray(x_raw, dtype=np.float32)
        if x.shape[-1:] != (self.n_features,):
            raise ValueError(
                f"x_raw has shape {x.shape}; expected (..., {self.n_features}) for {self.name}"
            )
        return ((x - self.mean) / self.std).astype(np.float32, copy=False)

    @property
    def is_2d(self) -> bool:
        """True for the 2-D sets, generated or hand-made (drawable in the plane)."""
        return self.image_shape is None and self.n_features == 2

    @property
    def is_image(self) -> bool:
        """True for image sets (digits, mnist_like)."""
        return self.image_shape is not None


# --------------------------------------------------------------------------- toy 2-D sets


def _class_counts(n: int, n_classes: int) -> np.ndarray:
    """Split ``n`` rows over the classes as evenly as possible (balanced sets)."""
    counts = np.full(n_classes, n // n_classes, dtype=np.int64)
    counts[: n % n_classes] += 1
    return counts


def _labels(counts: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _blobs(counts: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    # Centres on a circle of radius 2; each cluster has an intrinsic width of
    # 0.25 so noise=0 still gives clouds, not single points.
    k = len(counts)
    y = _labels(counts)
    angles = 2.0 * np.pi * np.arange(k) / k
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    spread = math.hypot(0.25, noise)
    return centres[y] + spread * rng.standard_normal((len(y), 2))


def _moons(counts: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    t0 = rng.uniform(0.0, np.pi, counts[0])
    t1 = rng.uniform(0.0, np.pi, counts[1])
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    x = (np.concatenate([upper, lower]) - np.array([0.5, 0.25])) * 1.5  # centred, radius 1.5
    return x + noise * rng.standard_normal(x.shape)


def _circles(counts: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    # class 0: outer ring (radius 2), class 1: inner ring (radius 1)
    radii = np.repeat(np.array([2.0, 1.0]), counts)
    t = rng.uniform(0.0, 2.0 * np.pi, len(radii))
    x = radii[:, None] * np.stack([np.cos(t), np.sin(t)], axis=1)
    return x + noise * rng.standard_normal(x.shape)


def _xor(counts: np.ndarray, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Four clusters at (+-1, +-1), intrinsic width 0.25. Label 0 where
    # sign(x)*sign(y) = +1 (quadrants I and III), 1 where it is -1; the label
    # follows the cluster centre, so noise can push points across an axis.
    y = _labels(counts)
    quadrant_pick = rng.integers(0, 2, len(y))  # which of the two same-label quadrants
    sx = np.where(quadrant_pick == 0, 1.0, -1.0)
    sy = np.where(y == 0, sx, -sx)
    spread = math.hypot(0.25, noise)
    x = np.stack([sx, sy], axis=1) + spread * rng.standard_normal((len(y), 2))
    return x, y


def _spiral(counts: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    # C interleaved arms, 1.25 turns each, radius 0.2 -> 2.5. Adjacent arms are
    # about 1.84 / C apart radially, so many arms need little noise.
    k = len(counts)
    y = _labels(counts)
    s = rng.uniform(0.0, 1.0, len(y))
    r = 0.2 + 2.3 * s
    theta = 2.0 * np.pi * y / k + 2.5 * np.pi * s
    x = r[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    return x + noise * rng.standard_normal(x.shape)


def make_toy_2d(
    name: str, n_samples: int, noise: float, n_classes: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw one of the 2-D toy sets, unshuffled, centred on the origin.

    Parameters
    ----------
    name : str
        One of :data:`TOY_2D`.
    n_samples : int
        Total rows; classes are balanced to within one row.
    noise : float
        Std of the Gaussian noise added to the coordinates (raw units).
    n_classes : int
        Used by ``blobs`` and ``spiral``; the others have 2 classes.
    rng : np.random.Generator
        The run's generator (consumed, never re-seeded).

    Returns
    -------
    x : np.ndarray
        float64 ``(n_samples, 2)``, roughly within [-3, 3].
    y : np.ndarray
        int64 ``(n_samples,)`` labels, sorted by class.
    """
    if name not in TOY_2D:
        raise ValueError(f"name={name!r} is out of range: allowed " + ", ".join(TOY_2D))
    k = FIXED_N_CLASSES.get(name, n_classes)
    counts = _class_counts(n_samples, k)
    if name == "xor":
        return _xor(counts, noise, rng)
    gen = {"blobs": _blobs, "moons": _moons, "circles": _circles, "spiral": _spiral}[name]
    return gen(counts, noise, rng), _labels(counts)


# --------------------------------------------------------------------------- image sets


def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Load the bundled UCI handwritten digits (CC BY 4.0, see LICENSE-digits.txt).

    The file holds plain arrays and is read with ``allow_pickle=False``: a data
    file must never be able to run code. scikit-learn is not needed at runtime
    (``tools/make_digits.py`` produced the file once).

    Returns
    -------
    x : np.ndarray
        float32 ``(1797, 64)`` row-major 8x8 images, pixel values scaled from
        0..16 to [0, 1].
    y : np.ndarray
        int64 ``(1797,)`` digit labels 0..9.
    """
    with np.load(DIGITS_PATH, allow_pickle=False) as archive:
        images = archive["images"]
        labels = archive["labels"]
    if images.shape != (_N_DIGITS, 64) or labels.shape != (_N_DIGITS,):
        raise ValueError(f"{DIGITS_PATH} is corrupt: shapes {images.shape}, {labels.shape}")
    x = images.astype(np.float32) / np.float32(16.0)
    return x, labels.astype(np.int64)


def mnist_like(
    n: int,
    rng: np.random.Generator,
    n_features: int = _MNIST_FEATURES,
    n_classes: int = 10,
) -> tuple[np.ndarray, np.ndarray]:
    """Random MNIST-shaped data for benchmarks (not a real image set).

    Why: benchmarks and stress tests need realistic layer widths (784 inputs,
    10 classes) and a problem that is actually learnable, without shipping
    MNIST. Each class gets a random prototype whose pixels are mostly dark
    (``u**3`` for uniform ``u``, like the sparse strokes of MNIST); a sample is
    its class prototype plus Gaussian noise (std 0.25), clipped to [0, 1]. The
    class means differ in hundreds of pixels, so even a linear model learns it.

    Parameters
    ----------
    n : int
        Number of rows (>= 1); classes are balanced to within one row and the
        rows are shuffled.
    rng : np.random.Generator
        The run's generator.
    n_features : int
        Pixels per image (784 = 28x28).
    n_classes : int
        Number of classes (>= 2).

    Returns
    -------
    x : np.ndarray
        float32 ``(n, n_features)`` in [0, 1].
    y : np.ndarray
        int64 ``(n,)`` labels.
    """
    if n < 1:
        raise ValueError(f"n={n!r} is out of range: must be >= 1")
    if n_features < 1:
        raise ValueError(f"n_features={n_features!r} is out of range: must be >= 1")
    if n_classes < 2:
        raise ValueError(f"n_classes={n_classes!r} is out of range: must be >= 2")
    prototypes = rng.random((n_classes, n_features), dtype=np.float32) ** 3
    y = rng.permutation(_labels(_class_counts(n, n_classes)))
    x = rng.standard_normal((n, n_features), dtype=np.float32)
    x *= np.float32(0.25)
    x += prototypes[y]
    np.clip(x, 0.0, 1.0, out=x)
    return x, y


# --------------------------------------------------------------------------- assembly


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer on a uint64 array (wrapping arithmetic): well-spread bits from any input."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def point_uniforms(points: np.ndarray, seed: int) -> np.ndarray:
    """A number in [0, 1) for each ``(x1, x2, label)`` row, fixed by the row itself and ``seed``.

    Why: the split of a hand-made set must not reshuffle when a student adds
    or removes one point (the validation accuracy would jump for reasons that
    have nothing to do with that point).  Each point's split is decided by a
    hash of its own coordinates, label and the data seed, so an edit moves
    only the points it touches; a new seed gives a new split.
    """
    pts = np.ascontiguousarray(points, dtype=np.float64).reshape(-1, 3)
    bits = pts[:, :2].copy().view(np.uint64)
    start = (int(seed) * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF
    h = _mix64(np.full(len(pts), start, dtype=np.uint64))
    h = _mix64(h ^ bits[:, 0])
    h = _mix64(h ^ bits[:, 1])
    h = _mix64(h ^ pts[:, 2].astype(np.uint64))
    return (h >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _custom_split(points: np.ndarray, cfg: DataConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(test, val, train) row indices of a hand-made set, each point placed by ``point_uniforms``.

    A point goes to test when its number is below ``test_fraction``, to
    validation below ``test_fraction + val_fraction``, else to training.  A
    set of a few points keeps at least one training row and, when validation
    is asked for, one validation row (a student's first two points are a valid
    set: the run must train on one and measure on one).
    """
    u = point_uniforms(points, cfg.seed)
    t, v = cfg.test_fraction, cfg.test_fraction + cfg.val_fraction
    where = np.where(u < t, 0, np.where(u < v, 1, 2))        # 0 test, 1 val, 2 train
    n = len(u)
    if not (where == 2).any():
        where[int(np.argmax(u))] = 2
    if cfg.val_fraction > 0 and n >= 2 and not (where == 1).any():
        test = np.flatnonzero(where == 0)
        train = np.flatnonzero(where == 2)
        if len(test):
            where[test[np.argmax(u[test])]] = 1
        elif len(train) >= 2:
            where[train[np.argmin(u[train])]] = 1
    return tuple(np.flatnonzero(where == k) for k in (0, 1, 2))


def keeps_run(old: DataConfig, new: DataConfig) -> bool:
    """True when a run may go on, with the same weights, from data ``old`` to the hand-made set ``new``.

    Why: a student who edits the points of a running training wants to see the
    same model meet them between two steps, not a restart. That is possible
    when ``new`` is hand-made, both are 2-D and the class count is the same
    (the output layer's width); otherwise the network must be rebuilt.
    """
    return (new.name == CUSTOM and old.name in SETS_2D
            and old.effective_n_classes == new.effective_n_classes and old != new)


def make_dataset(cfg: DataConfig) -> Dataset:
    """Build the data set described by ``cfg``: draw, shuffle, split, normalize.

    Deterministic: a single ``np.random.default_rng(cfg.seed)`` draws the
    points and then the shuffle, so the same config gives bitwise equal arrays.
    The split is a random (not stratified) permutation: ``round(n *
    test_fraction)`` rows for test, ``round(n * val_fraction)`` for
    validation, the rest for training.  A hand-made set is split point by
    point instead (``_custom_split``): an edit must not reshuffle the others.
    Normalization statistics come from the training rows only (see the module
    docstring for why).

    Parameters
    ----------
    cfg : DataConfig
        The validated configuration.

    Returns
    -------
    Dataset
        Read-only arrays; inputs float32, labels int64.
    """
    rng = np.random.default_rng(cfg.seed)
    image_shape: tuple[int, int] | None
    if cfg.name in TOY_2D:
        x, y = make_toy_2d(cfg.name, cfg.n_samples, cfg.noise, cfg.n_classes, rng)
        if cfg.elongate != 1.0:
            x[:, 0] = x[:, 0] * cfg.elongate + 3.0 * (cfg.elongate - 1.0)
        x = x.astype(np.float32)
        image_shape = None
        floor = STD_FLOOR_2D
    elif cfg.name == CUSTOM:
        pts = np.asarray(cfg.points, dtype=np.float64).reshape(-1, 3)
        x, y = pts[:, :2].astype(np.float32), pts[:, 2].astype(np.int64)
        image_shape = None
        floor = STD_FLOOR_2D
    elif cfg.name == "digits":
        x, y = load_digits_arrays()
        image_shape = (8, 8)
        floor = STD_FLOOR_IMAGE
    elif cfg.name == CUSTOM_IMAGES:
        x, y = decode_images(cfg.images)
        image_shape = IMAGE_SHAPE
        floor = STD_FLOOR_IMAGE
    else:  # mnist_like
        x, y = mnist_like(cfg.n_samples, rng)
        image_shape = (28, 28)
        floor = STD_FLOOR_IMAGE

    n = len(y)
    if cfg.name == CUSTOM:
        i_test, i_val, i_train = _custom_split(pts, cfg)
    else:
        order = rng.permutation(n)
        n_test = int(round(n * cfg.test_fraction))
        n_val = int(round(n * cfg.val_fraction))
        i_test, i_val, i_train = np.split(order, [n_test, n_test + n_val])
    # keep each split in the shuffled order (np.take keeps it, and copies)
    raw_train, raw_val, raw_test = (np.take(x, i, axis=0) for i in (i_train, i_val, i_test))
    y_train, y_val, y_test = (np.take(y, i) for i in (i_train, i_val, i_test))

    n_features = x.shape[1]
    if cfg.normalize:
        stats = raw_train.astype(np.float64)
        mean = stats.mean(axis=0).astype(np.float32)
        std = np.maximum(stats.std(axis=0), floor).astype(np.float32)
    else:
        mean = np.zeros(n_features, dtype=np.float32)
        std = np.ones(n_features, dtype=np.float32)

    def norm(a: np.ndarray) -> np.ndarray:
        # always a new array, so x_* never aliases raw_* even without normalization
        return ((a - mean) / std).astype(np.float32, copy=False)

    arrays = dict(
        x_train=norm(raw_train), y_train=y_train,
        x_val=norm(raw_val), y_val=y_val,
        x_test=norm(raw_test), y_test=y_test,
        mean=mean, std=std,
        raw_train=raw_train, raw_val=raw_val, raw_test=raw_test,
    )  # fmt: skip
    return Dataset(
        name=cfg.name,
        n_features=n_features,
        n_classes=cfg.effective_n_classes,
        image_shape=image_shape,
        **{k: frozen(v, copy=False) for k, v in arrays.items()},
    )
