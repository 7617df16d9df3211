"""Students' own 2-D data: CSV in and out, and the edits of the "Edit data" mode, as pure functions.

Why here, in the engine: a hand-made set is a real data set of the engine
(``DataConfig(name="custom", points=...)``, see ``bnviz.engine.data``), so the
rules it must obey (finite coordinates, labels 0..5, at most 10,000 points) and
the file format are checked once, without Qt, and tested without a window.

A point is a tuple ``(x1, x2, label)`` in the data's raw units; a set of points
is a tuple of them (hashable and frozen, as configs are).  Every edit returns
a new tuple and never changes its argument.

CSV files have the columns ``x1, x2, label``, an optional header row, and at
most :data:`MAX_POINTS` data rows.  Labels are either all integers 0..5 or all
names, mapped to classes 0, 1, ... in the order they first appear.  A file is
read completely and validated before anything is returned: a bad one raises
one ``ValueError`` line naming its row and column ("row 17, column x2: 'abc'
is not a number"), and a file larger than :data:`MAX_CSV_BYTES` is refused
before it is read.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bnviz.engine.data import MAX_CLASSES_2D, MAX_POINTS, Dataset

__all__ = [
    "MAX_CSV_BYTES",
    "COLUMNS",
    "DECIMALS",
    "Point",
    "CsvData",
    "read_csv",
    "parse_csv",
    "write_csv",
    "csv_text",
    "points_of",
    "class_counts",
    "add_points",
    "remove_nearest",
    "remove_within",
    "add_noise",
    "smooth",
]

Point = tuple[float, float, int]

#: 10,000 rows of three numbers need well under 1 MB; anything much larger is not a data set of ours.
MAX_CSV_BYTES = 2 * 1024 * 1024
COLUMNS = ("x1", "x2", "label")
#: Coordinates made by editing are rounded to this many decimals (sessions stay small and readable).
DECIMALS = 4

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(nan|inf|infinity)", re.IGNORECASE)


@dataclass(frozen=True)
class CsvData:
    """What a CSV file held: its points and the name of each class (``names[k]`` is class k's label text)."""

    points: tuple[Point, ...]
    names: tuple[str, ...]


# --------------------------------------------------------------------------- CSV


def read_csv(path: str | Path) -> CsvData:
    """Read and validate a CSV data file completely; one-line ``ValueError`` naming the file and row otherwise.

    Only a regular file of at most :data:`MAX_CSV_BYTES` is read: the size is
    checked before reading (a 1 GB file costs nothing), and again on the bytes
    actually read (a file that grows meanwhile).
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ValueError(f"{path.name}: cannot open ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(f"{path.name}: not a regular file")
        if st.st_size > MAX_CSV_BYTES:
            raise ValueError(f"{path.name}: {_size(st.st_size)}; a data file may have at most "
                             f"{_size(MAX_CSV_BYTES)} ({MAX_POINTS} rows)")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_CSV_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"{path.name}: larger than {_size(MAX_CSV_BYTES)}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not a UTF-8 text file") from None
    try:
        return parse_csv(text)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


def _number(cell: str, row: int, column: str) -> float:
    s = cell.strip()
    if not s:
        raise ValueError(f"row {row}, column {column}: empty")
    if not _NUMBER.fullmatch(s):
        raise ValueError(f"row {row}, column {column}: {_quote(s)} is not a number")
    v = float(s)
    if not math.isfinite(v):
        raise ValueError(f"row {row}, column {column}: {s} is not a finite number")
    return v


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def _quote(s: str, limit: int = 24) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "\u2026")


def _delimiter(text: str) -> str:
    """Comma, unless the first line has none and has a semicolon or a tab (spreadsheets in some locales)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for d in (";", "\t"):
            if d in first:
                return d
    return ","


def parse_csv(text: str) -> CsvData:
    """The points of CSV ``text`` (see the module docstring for the format); ``ValueError`` naming row and column."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    coords: list[tuple[float, float]] = []
    labels: list[tuple[str, int]] = []        # (label text, row)
    header_seen = False
    try:
        for cells in reader:
            row = reader.line_num
            while cells and not cells[-1].strip():       # a trailing delimiter or an empty row
                cells = cells[:-1]
            if not cells:
                continue
            if not coords and not header_seen and len(cells) >= 2 and not _is_number(cells[0]) \
                    and not _is_number(cells[1]):
                if len(cells) != 3:
                    raise ValueError(f"row {row}: header has {len(cells)} columns; expected 3 (x1, x2, label)")
                header_seen = True
                continue
            if len(cells) != 3:
                raise ValueError(f"row {row}: {len(cells)} column{'s' if len(cells) != 1 else ''}; "
                                 f"expected 3 (x1, x2, label)")
            if len(coords) == MAX_POINTS:
                raise ValueError(f"row {row}: more than {MAX_POINTS} data rows (at most {MAX_POINTS})")
            coords.append((_number(cells[0], row, "x1"), _number(cells[1], row, "x2")))
            label = cells[2].strip()
            if not label:
                raise ValueError(f"row {row}, column label: empty")
            labels.append((label, row))
    except csv.Error as exc:
        raise ValueError(f"row {reader.line_num}: not CSV ({exc})") from None
    if not coords:
        raise ValueError("no data rows (expected columns x1, x2, label)")
    classes, names = _classes(labels)
    present = sorted(set(classes))
    if len(present) < 2:
        raise ValueError(f"only one class ({names[present[0]]}); a data set needs at least 2")
    points = tuple((x1, x2, k) for (x1, x2), k in zip(coords, classes))
    return CsvData(points, names)


def _classes(labels: Sequence[tuple[str, int]]) -> tuple[list[int], tuple[str, ...]]:
    """Class numbers of the label texts: integers 0..5 as they are, or names in order of first appearance."""
    if all(_is_number(text) for text, _ in labels):
        out = []
        for text, row in labels:
            v = float(text)
            if not (math.isfinite(v) and v == int(v) and 0 <= v < MAX_CLASSES_2D):
                raise ValueError(f"row {row}, column label: {text} is not a class: "
                                 f"use 0..{MAX_CLASSES_2D - 1} or names")
            out.append(int(v))
        return out, tuple(str(k) for k in range(max(out) + 1))
    index: dict[str, int] = {}
    out = []
    for text, row in labels:
        if text not in index:
            if len(index) == MAX_CLASSES_2D:
                raise ValueError(f"row {row}, column label: {_quote(text)} would be a class "
                                 f"{MAX_CLASSES_2D + 1}; at most {MAX_CLASSES_2D}")
            index[text] = len(index)
        out.append(index[text])
    return out, tuple(index)


def csv_text(points: Iterable[Point]) -> str:
    """CSV of ``points`` with a header row; floats written exactly (``repr``), so reading it back gives them."""
    lines = [",".join(COLUMNS)]
    lines += [f"{float(x1)!r},{float(x2)!r},{int(k)}" for x1, x2, k in points]
    return "\n".join(lines) + "\n"


def write_csv(path: str | Path, points: Iterable[Point]) -> None:
    """Write ``points`` as CSV, atomically: a temp file in the same folder, fsync, rename (no half files)."""
    from bnviz.schema import write_text      # here: the schema's pydantic is no worker's business

    write_text(path, csv_text(points), newline="")


# --------------------------------------------------------------------------- editing


def _r(v: float) -> float:
    return round(float(v), DECIMALS)


def points_of(data: Dataset) -> tuple[Point, ...]:
    """Every row of a built 2-D set (training, validation, test) as points in raw units, rounded.

    "Start from data set X": the generated set becomes the student's to edit.
    """
    if not data.is_2d:
        raise ValueError(f"{data.name} is not a 2-D set")
    x = np.concatenate([data.raw_train, data.raw_val, data.raw_test]).astype(np.float64)
    y = np.concatenate([data.y_train, data.y_val, data.y_test])
    return tuple((_r(a), _r(b), int(k)) for (a, b), k in zip(x, y))


def class_counts(points: Sequence[Point], n: int = MAX_CLASSES_2D) -> tuple[int, ...]:
    """How many points each class 0..n-1 has."""
    counts = [0] * n
    for p in points:
        counts[p[2]] += 1
    return tuple(counts)


def add_points(points: tuple[Point, ...], xy: Iterable[Sequence[float]], label: int) -> tuple[Point, ...]:
    """``points`` and new points of class ``label`` at ``xy`` (rounded), up to :data:`MAX_POINTS` in all."""
    if not 0 <= label < MAX_CLASSES_2D:
        raise ValueError(f"label={label!r} is out of range: allowed 0..{MAX_CLASSES_2D - 1}")
    room = MAX_POINTS - len(points)
    new = [(_r(a), _r(b), int(label)) for a, b in xy if math.isfinite(a) and math.isfinite(b)]
    return points + tuple(new[: max(0, room)])


def _pixel_d2(points: Sequence[Point], x: float, y: float, scale: tuple[float, float]) -> np.ndarray:
    """Squared distances, in pixels, from (x, y) to every point; ``scale``: data units per pixel."""
    a = np.asarray([p[:2] for p in points], dtype=np.float64).reshape(-1, 2)
    return ((a[:, 0] - x) / scale[0]) ** 2 + ((a[:, 1] - y) / scale[1]) ** 2


def remove_nearest(points: tuple[Point, ...], x: float, y: float, scale: tuple[float, float] = (1.0, 1.0),
                   radius: float = math.inf) -> tuple[Point, ...]:
    """``points`` without the one nearest (x, y), if it lies within ``radius`` pixels (``scale``: units per pixel)."""
    if not points:
        return points
    d2 = _pixel_d2(points, x, y, scale)
    i = int(np.argmin(d2))
    return points[:i] + points[i + 1:] if d2[i] <= radius ** 2 else points


def remove_within(points: tuple[Point, ...], x: float, y: float, scale: tuple[float, float],
                  radius: float) -> tuple[Point, ...]:
    """``points`` without every point within ``radius`` pixels of (x, y): the eraser of a right-button drag."""
    if not points:
        return points
    keep = _pixel_d2(points, x, y, scale) > radius ** 2
    return points if keep.all() else tuple(p for p, k in zip(points, keep) if k)


def _spans(a: np.ndarray) -> np.ndarray:
    span = np.ptp(a, axis=0) if len(a) else np.ones(2)
    return np.where(span > 0, span, 1.0)


def add_noise(points: tuple[Point, ...], amount: float, rng: np.random.Generator) -> tuple[Point, ...]:
    """Noise +: move every point by Gaussian noise of ``amount`` times the data's span on each axis."""
    if not points:
        return points
    a = np.asarray([p[:2] for p in points], dtype=np.float64)
    a = a + rng.standard_normal(a.shape) * amount * _spans(a)
    return tuple((_r(u), _r(v), p[2]) for (u, v), p in zip(a, points))


def smooth(points: tuple[Point, ...], k: int = 8, amount: float = 0.5, chunk: int = 512) -> tuple[Point, ...]:
    """Noise −: pull every point ``amount`` of the way to the mean of its ``k`` nearest points of its class.

    Why this and not "towards the class mean": a class may be several clusters
    (XOR) or a curve (a spiral arm); neighbours of the same class tighten each
    cluster and stroke where it is.  Distances are measured with both axes
    scaled to their span; rows are done in chunks, so 10,000 points never
    need a 10,000 x 10,000 matrix.
    """
    if not points:
        return points
    a = np.asarray([p[:2] for p in points], dtype=np.float64)
    y = np.asarray([p[2] for p in points])
    s = a / _spans(a)
    out = a.copy()
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        if len(idx) < 2:
            continue
        kk = min(k, len(idx) - 1)
        sc = s[idx]
        for lo in range(0, len(idx), chunk):
            block = sc[lo:lo + chunk]
            d2 = ((block[:, None, :] - sc[None, :, :]) ** 2).sum(-1)
            near = np.argpartition(d2, kk, axis=1)[:, : kk + 1]       # itself and its kk nearest
            target = a[idx][near].mean(axis=1)
            rows = idx[lo:lo + chunk]
            out[rows] = a[rows] + amount * (target - a[rows])
    return tuple((_r(u), _r(v), p[2]) for (u, v), p in zip(out, points))

