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

Images (8x8 digits, for the labs that train on them) come as an .npz with
two arrays, ``x`` (pixels, ``(n, 64)`` or ``(n, 8, 8)``) and ``y`` (labels
0..9), read with ``allow_pickle=False`` after its headers are checked, or as
a CSV with one image a row: its 64 pixels row by row (``p0..p63``), then its
label, with an optional header row.  Pixels lie in [0, 1] (0 background, 1
ink).  :func:`read_data` tells the kinds of file apart; the images' rules are
``bnviz.engine.data.check_images``, the same ones a session's images obey.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bnviz.engine.data import IMAGE_SHAPE, MAX_CLASSES_2D, MAX_POINTS, Dataset, check_images

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_IMAGE_BYTES",
    "ImageData",
    "read_data",
    "read_images",
    "parse_npz",
    "parse_image_csv",
    "image_csv_text",
    "npz_bytes",
    "write_images",
    "IMAGE_COLUMNS",
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

    Only a regular file of at most :data:`MAX_CSV_BYTES` is read (``read_bytes``).
    """
    path = Path(path)
    return _points(path, read_bytes(path, MAX_CSV_BYTES, f"{MAX_POINTS} rows"))


def _points(path: Path, raw: bytes) -> CsvData:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not a UTF-8 text file") from None
    try:
        return parse_csv(text)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def read_bytes(path: str | Path, cap: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes (``what`` says what fits); one-line ValueError otherwise.

    The size is checked before reading (a 1 GB file costs nothing), and again
    on the bytes actually read (a file that grows meanwhile); a FIFO or a
    device is not read at all.
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
        if st.st_size > cap:
            raise ValueError(f"{path.name}: {_size(st.st_size)}; a data file may have at most "
                             f"{_size(cap)} ({what})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(cap + 1)
    finally:
        os.close(fd)
    if len(raw) > cap:
        raise ValueError(f"{path.name}: larger than {_size(cap)}")
    return raw


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


# --------------------------------------------------------------------------- images

#: 10,000 CSV rows of 65 numbers of up to ~20 characters fit; so do 10,000 float64 images in an .npz.
MAX_IMAGE_BYTES = 16 * 1024 * 1024
_PIXELS = IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
#: the columns of an image CSV: the pixels row by row, then the label
IMAGE_COLUMNS = (*(f"p{j}" for j in range(_PIXELS)), "label")
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, eq=False)
class ImageData:
    """What an image file held, checked: float32 pixels ``x`` ``(n, 64)`` in [0, 1], int64 labels ``y`` 0..9."""

    x: np.ndarray
    y: np.ndarray


def read_data(path: str | Path, images: bool) -> CsvData | ImageData:
    """The points, or (``images``: a lab that trains on digits) the images, of a data file; one-line ValueError.

    An .npz (a zip) holds images; a CSV whose first data row has 3 columns
    holds points (``x1, x2, label``), any other CSV, images (64 pixels and a
    label).  A lab without images reads every file as points, so a wrong
    file is refused in the words of the points' format.  The file is read
    once, size-capped before reading, and validated completely.
    """
    path = Path(path)
    if not images:
        raw = read_bytes(path, MAX_CSV_BYTES, f"{MAX_POINTS} rows")
        if raw.startswith(_ZIP_MAGIC):
            raise ValueError(f"{path.name}: an .npz (images); this lab trains on 2-D points: a CSV of x1, x2, label")
        return _points(path, raw)
    raw = read_bytes(path, MAX_IMAGE_BYTES, f"{MAX_POINTS} images")
    if not raw.startswith(_ZIP_MAGIC) and _first_row_width(raw) == len(COLUMNS):
        if len(raw) > MAX_CSV_BYTES:
            raise ValueError(f"{path.name}: {_size(len(raw))}; a CSV of points may have at most "
                             f"{_size(MAX_CSV_BYTES)} ({MAX_POINTS} rows)")
        return _points(path, raw)
    return _images(path, raw)


def read_images(path: str | Path) -> ImageData:
    """The images of an .npz or an image CSV (see the module docstring); one-line ValueError naming the file."""
    path = Path(path)
    return _images(path, read_bytes(path, MAX_IMAGE_BYTES, f"{MAX_POINTS} images"))


def _images(path: Path, raw: bytes) -> ImageData:
    try:
        if raw.startswith(_ZIP_MAGIC):
            return parse_npz(raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("neither an .npz nor a UTF-8 CSV file") from None
        return parse_image_csv(text)
    except ValueError as exc:
        raise ValueError(f"{path.name}: {exc}") from None


def _first_row_width(raw: bytes) -> int:
    """How many cells the first non-empty line of a CSV has (0 if none or not text): points or images?"""
    head = raw[:4096].decode("utf-8-sig", errors="replace")
    first = next((line for line in head.splitlines() if line.strip()), "")
    return len(first.rstrip().rstrip(_delimiter(first)).split(_delimiter(first))) if first else 0


def _npz_at(i: int, column: int | str) -> str:
    return f"y[{i}]" if column == "label" else f"x[{i}], pixel {column}"


def parse_npz(raw: bytes) -> ImageData:
    """The images of an .npz archive's bytes: arrays ``x`` and ``y`` only, plain numbers, never a pickle.

    Every member's stated size and every array's header (dtype, shape) are
    checked before an array is read, and a member is inflated at most one
    byte past its stated size (``zipfile`` itself does not hold a member to
    it: a 1 KB archive could unpack gigabytes), stored or deflated only (what
    ``np.savez``/``savez_compressed`` write); so neither a zip bomb nor a
    header claiming a huge shape allocates much; object arrays (pickles) are
    refused from their header, and ``np.load`` runs with ``allow_pickle=False``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError):
        raise ValueError("not a readable .npz (a damaged zip archive)") from None
    arrays: dict[str, np.ndarray] = {}
    total = 0
    with archive:
        for info in archive.infolist():
            key = info.filename.removesuffix(".npy")
            if key not in ("x", "y") or key in arrays:
                raise ValueError(f"array {_quote(key)}: not expected; an image .npz holds x (pixels) and y (labels)")
            total += info.file_size
            if total > MAX_IMAGE_BYTES:
                raise ValueError(f"arrays larger than {_size(MAX_IMAGE_BYTES)} unpacked ({MAX_POINTS} images fit)")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"array {key}: compressed with method {info.compress_type}; "
                                 "np.savez or np.savez_compressed files are stored or deflated")
            try:
                with archive.open(info) as member:
                    data = member.read(info.file_size + 1)      # bounded output, whatever the stream says
            except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, EOFError) as exc:
                raise ValueError(f"array {key}: damaged ({type(exc).__name__})") from None
            if len(data) != info.file_size:
                raise ValueError(f"array {key}: damaged (unpacks to another size than the archive says)")
            arrays[key] = _npy(key, data)
    for key, what in (("x", f"pixels, (n, {_PIXELS}) or (n, {IMAGE_SHAPE[0]}, {IMAGE_SHAPE[1]})"),
                      ("y", "labels 0..9, one per image")):
        if key not in arrays:
            raise ValueError(f"no array {key} ({what})")
    x, y = check_images(arrays["x"], arrays["y"], where=_npz_at)
    return ImageData(x, y)


def _npy(key: str, data: bytes) -> np.ndarray:
    """One .npy member: its header checked (plain numbers, a size that fits its bytes) before it is loaded."""
    f = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(f)
        header = {(1, 0): np.lib.format.read_array_header_1_0,
                  (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if header is None:
            raise ValueError(f"array {key}: .npy format {version[0]}.{version[1]} is not read (save with numpy)")
        shape, _fortran, dtype = header(f)
    except ValueError as exc:
        if str(exc).startswith(f"array {key}:"):
            raise
        raise ValueError(f"array {key}: not a .npy array") from None
    if dtype.hasobject:
        raise ValueError(f"array {key}: holds Python objects (a pickle, never loaded); save plain numbers")
    if dtype.kind not in "biuf" or dtype.fields is not None:
        raise ValueError(f"array {key}: {dtype} values; expected plain numbers")
    if math.prod(shape) * dtype.itemsize > len(data) - f.tell():
        raise ValueError(f"array {key}: shape {shape} does not fit its {_size(len(data))} (truncated?)")
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError(f"array {key}: not readable ({_line(exc)})") from None


def _line(exc: BaseException, limit: int = 80) -> str:
    """``exc`` as a short single line (numpy's messages may be long)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def parse_image_csv(text: str) -> ImageData:
    """The images of CSV ``text``: one a row, 64 pixels (p0..p63, row by row) then the label; a header optional."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    width = len(IMAGE_COLUMNS)
    pixels: list[list[float]] = []
    labels: list[float] = []
    rows: list[int] = []
    header_seen = False
    try:
        for cells in reader:
            row = reader.line_num
            while cells and not cells[-1].strip():
                cells = cells[:-1]
            if not cells:
                continue
            if not pixels and not header_seen and not _is_number(cells[0]):
                if len(cells) != width:
                    raise ValueError(f"row {row}: header has {len(cells)} columns; expected {width} "
                                     f"(p0..p{_PIXELS - 1}, label)")
                header_seen = True
                continue
            if len(cells) != width:
                raise ValueError(f"row {row}: {len(cells)} column{'s' if len(cells) != 1 else ''}; an image row "
                                 f"has {width}: {_PIXELS} pixels ({IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]}), then its label")
            if len(pixels) == MAX_POINTS:
                raise ValueError(f"row {row}: more than {MAX_POINTS} images (at most {MAX_POINTS})")
            pixels.append([_number(c, row, IMAGE_COLUMNS[j]) for j, c in enumerate(cells[:_PIXELS])])
            labels.append(_number(cells[_PIXELS], row, "label"))
            rows.append(row)
    except csv.Error as exc:
        raise ValueError(f"row {reader.line_num}: not CSV ({exc})") from None
    if not pixels:
        raise ValueError(f"no image rows (expected {_PIXELS} pixels p0..p{_PIXELS - 1} and a label per row)")

    def at(i: int, column: int | str) -> str:
        return f"row {rows[i]}, column {column if column == 'label' else IMAGE_COLUMNS[column]}"

    x, y = check_images(np.asarray(pixels), np.asarray(labels), where=at)
    return ImageData(x, y)


def _pixel_text(v: np.floating) -> str:
    """The shortest text that reads back as the same float32 (0.0625, not 0.0625000000)."""
    return np.format_float_positional(np.float32(v), unique=True, trim="-")


def image_csv_text(x: np.ndarray, y: np.ndarray) -> str:
    """CSV of images ``x`` ``(n, pixels)`` and labels ``y``, with a header row; reading it back gives them exactly."""
    x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
    lines = [",".join((*(f"p{j}" for j in range(x.shape[1])), "label"))]
    lines += [",".join((*map(_pixel_text, px), str(int(k)))) for px, k in zip(x, y)]
    return "\n".join(lines) + "\n"


def npz_bytes(x: np.ndarray, y: np.ndarray) -> bytes:
    """An .npz of ``x`` (float32 pixels) and ``y`` (int64 labels), compressed, with no pickles."""
    buf = io.BytesIO()
    np.savez_compressed(buf, x=np.asarray(x, dtype=np.float32), y=np.asarray(y, dtype=np.int64))
    return buf.getvalue()


def write_images(path: str | Path, x: np.ndarray, y: np.ndarray) -> None:
    """Write images as an .npz (a path ending in .npz) or as CSV, atomically (no half files)."""
    from bnviz.schema import write_text      # here: the schema's pydantic is no worker's business

    path = Path(path)
    if path.suffix.lower() == ".npz":
        write_text(path, npz_bytes(x, y))
    else:
        write_text(path, image_csv_text(x, y), newline="")


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

