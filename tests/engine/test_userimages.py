"""Students' own 8x8 digits: the .npz and CSV formats, the one set of rules, and the config that carries them."""

import io
import pickle
import zipfile

import numpy as np
import pytest

from bnviz import schema
from bnviz.engine.data import (
    CUSTOM_IMAGES,
    MAX_POINTS,
    DataConfig,
    check_images,
    decode_images,
    encode_images,
    load_digits_arrays,
    make_dataset,
)
from bnviz.engine.userdata import (
    MAX_IMAGE_BYTES,
    CsvData,
    ImageData,
    image_csv_text,
    parse_image_csv,
    parse_npz,
    read_data,
    write_images,
)


def digits(n: int = 120):
    x, y = load_digits_arrays()
    return x[:n], y[:n]


def npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


@pytest.mark.parametrize("shape", [(120, 64), (120, 8, 8)])
def test_an_npz_of_flat_or_square_images_reads_exactly(shape):
    x, y = digits()
    got = parse_npz(npz(x=x.reshape(shape).astype(np.float64), y=y.astype(np.int32)))
    assert got.x.dtype == np.float32 and got.x.shape == (120, 64) and got.y.dtype == np.int64
    np.testing.assert_array_equal(got.x, x)
    np.testing.assert_array_equal(got.y, y)


@pytest.mark.parametrize("suffix", [".csv", ".npz"])
def test_written_images_read_back_equal(tmp_path, suffix):
    x, y = load_digits_arrays()
    path = tmp_path / f"all{suffix}"
    write_images(path, x, y)
    got = read_data(path, images=True)
    assert isinstance(got, ImageData)
    np.testing.assert_array_equal(got.x, x)
    np.testing.assert_array_equal(got.y, y)


def test_the_csv_format_header_optional_pixels_then_label():
    x, y = digits(25)
    text = image_csv_text(x, y)
    header, first = text.splitlines()[:2]
    assert header.split(",")[0] == "p0" and header.split(",")[-1] == "label" and len(header.split(",")) == 65
    assert first.split(",")[-1] == str(y[0])
    body = "\n".join(text.splitlines()[1:])          # without the header: the same images
    np.testing.assert_array_equal(parse_image_csv(body).x, parse_image_csv(text).x)


def test_a_three_column_csv_is_points_even_in_a_lab_of_images(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n")
    assert isinstance(read_data(path, images=True), CsvData)


def bad_npz_cases():
    x, y = digits(30)
    nan = x.copy()
    nan[3, 5] = np.nan
    return {
        "28x28": (npz(x=np.zeros((30, 28, 28)), y=y), "images are 28x28; this lab's digits are 8x8"),
        "784 flat": (npz(x=np.zeros((30, 784)), y=y), "784 pixels per image; this lab's digits are 8x8 = 64 pixels"),
        "0..16 scale": (npz(x=x * 16, y=y), "x[0], pixel 2: 5 is outside [0, 1]"),
        "nan": (npz(x=nan, y=y), "x[3], pixel 5: nan is not a finite number"),
        "label 10": (npz(x=x, y=y + 5), "y[5]: 10 is not a digit 0..9"),
        "label 2.5": (npz(x=x, y=np.where(np.arange(30) == 7, 2.5, y)), "y[7]: 2.5 is not a digit 0..9"),
        "one class": (npz(x=x, y=np.zeros(30, int)), "only digit 0 present; a data set needs at least 2 classes"),
        "too few": (npz(x=x[:5], y=y[:5]), "5 images; a data set needs at least 20"),
        "too many": (npz(x=np.zeros((MAX_POINTS + 1, 64), np.float32), y=np.arange(MAX_POINTS + 1) % 10),
                     f"{MAX_POINTS + 1} images; at most {MAX_POINTS}"),
        "y length": (npz(x=x, y=y[:29]), "labels of shape (29,)"),
        "no y": (npz(x=x), "no array y"),
        "extra": (npz(x=x, y=y, z=y), "array 'z': not expected"),
        "strings": (npz(x=np.array([["a"] * 64] * 30), y=y), "array x: <U1 values; expected plain numbers"),
        "pickled objects": (npz(x=np.array([object()] * 30, dtype=object), y=y),
                            "array x: holds Python objects (a pickle, never loaded)"),
        "damaged zip": (b"PK\x03\x04" + b"\0" * 100, "not a readable .npz"),
    }


@pytest.mark.parametrize("case", list(bad_npz_cases()))
def test_each_bad_npz_is_refused_in_one_line(tmp_path, case):
    data, message = bad_npz_cases()[case]
    path = tmp_path / "bad.npz"
    path.write_bytes(data)
    with pytest.raises(ValueError) as err:
        read_data(path, images=True)
    assert str(err.value).startswith(f"bad.npz: {message}") and "\n" not in str(err.value)


def test_a_pickle_is_never_unpickled(tmp_path, monkeypatch):
    """An object array is refused from its header: pickle.loads is not even reached."""
    x, y = digits(30)
    data = npz(x=np.array([x[0]] * 30, dtype=object), y=y)
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("unpickled"))
    with pytest.raises(ValueError, match="holds Python objects"):
        parse_npz(data)


def test_a_header_claiming_a_huge_shape_allocates_nothing():
    x, y = digits(30)
    raw = io.BytesIO()
    np.lib.format.write_array_header_1_0(raw, {"descr": "<f8", "fortran_order": False, "shape": (10**9, 64)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.npy", raw.getvalue() + x.tobytes())
        z.writestr("y.npy", npz_member(y))
    with pytest.raises(ValueError, match=r"array x: shape \(1000000000, 64\) does not fit"):
        parse_npz(buf.getvalue())


def npz_member(a) -> bytes:
    f = io.BytesIO()
    np.save(f, a)
    return f.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("x.npy", b"\0" * (MAX_IMAGE_BYTES + 1))
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(ValueError, match="arrays larger than 16.0 MiB unpacked"):
        parse_npz(buf.getvalue())


def _lying_zip(compression: int, real: int, stated: int) -> bytes:
    """An x.npy member of ``real`` zero bytes whose local and central headers say it is ``stated``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        z.writestr("x.npy", b"\0" * real)
    raw = bytearray(buf.getvalue())
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):     # uncompressed-size fields
        start = raw.index(sig)
        raw[start + at:start + at + 4] = stated.to_bytes(4, "little")
    return bytes(raw)


@pytest.mark.parametrize("compression,message", [
    (zipfile.ZIP_DEFLATED, "array x: damaged"),
    (zipfile.ZIP_BZIP2, "array x: compressed with method 12"),
    (zipfile.ZIP_LZMA, "array x: compressed with method 14"),
])
def test_a_member_that_lies_about_its_size_is_not_inflated_past_it(compression, message):
    """zipfile does not hold a member to its stated size: 64 MB of zeros stated as 5 KB (a 1 KB file
    could unpack gigabytes). The reader stops one byte past the stated size, or refuses the method."""
    raw = _lying_zip(compression, 64 * 2**20, 5248)
    assert len(raw) < 200_000
    with pytest.raises(ValueError, match=message):
        parse_npz(raw)


def test_a_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.npz"
    with open(path, "wb") as f:
        f.truncate(1 << 30)
    with pytest.raises(ValueError, match=r"huge.npz: 1024.0 MiB; a data file may have at most 16.0 MiB"):
        read_data(path, images=True)


@pytest.mark.parametrize(("text", "message"), [
    ("p0,p1,label\n", "row 1: header has 3 columns; expected 65"),
    (",".join(["0"] * 60 + ["3"]) + "\n", "row 1: 61 columns; an image row has 65: 64 pixels (8x8), then its label"),
    ("\n".join([",".join(["0"] * 64 + [str(k % 10)]) for k in range(24)] + [",".join(["0"] * 63 + ["abc", "1"])]),
     "row 25, column p63: 'abc' is not a number"),
    ("\n".join([",".join(["0"] * 64 + [str(k % 10)]) for k in range(24)] + [",".join(["0"] * 63 + ["inf", "1"])]),
     "row 25, column p63: inf is not a finite number"),
    ("\n".join([",".join(["0"] * 64 + [str(k % 10)]) for k in range(24)] + [",".join(["0.5"] * 64 + ["12"])]),
     "row 25, column label: 12 is not a digit 0..9"),
    ("\n".join([",".join(["0"] * 64 + [str(k % 10)]) for k in range(24)] + [",".join(["255"] * 64 + ["1"])]),
     "row 25, column p0: 255 is outside [0, 1]"),
    ("", "no image rows"),
])
def test_each_bad_image_csv_names_its_row_and_column(text, message):
    with pytest.raises(ValueError) as err:
        parse_image_csv(text)
    assert str(err.value).startswith(message)


def test_the_config_carries_the_images_and_builds_them_like_digits():
    x, y = digits(200)
    cfg = DataConfig(name=CUSTOM_IMAGES, images=encode_images(x, y), seed=3)
    assert cfg.n_features == 64 and cfg.effective_n_classes == 10 and "images" not in repr(cfg)
    data = make_dataset(cfg)
    assert data.image_shape == (8, 8) and data.is_image and data.n_classes == 10
    rows = np.concatenate([data.raw_train, data.raw_val, data.raw_test])
    labels = np.concatenate([data.y_train, data.y_val, data.y_test])
    order = np.lexsort(rows.T)
    np.testing.assert_array_equal(rows[order], x[np.lexsort(x.T)])      # exactly these images, shuffled
    np.testing.assert_array_equal(labels[order], y[np.lexsort(x.T)])
    assert len(data.y_test) == 40 and len(data.y_val) == 40
    assert make_dataset(cfg).x_train.tobytes() == data.x_train.tobytes()     # deterministic


def test_the_config_round_trips_through_json_and_refuses_bad_images():
    x, y = digits(50)
    cfg = DataConfig(name=CUSTOM_IMAGES, images=encode_images(x, y))
    assert schema.from_json(DataConfig, schema.to_json(cfg)) == cfg
    back = decode_images(cfg.images)
    np.testing.assert_array_equal(back[0], x)
    assert not back[0].flags.writeable
    with pytest.raises(ValueError, match="images: your own digits need images"):
        DataConfig(name=CUSTOM_IMAGES)
    with pytest.raises(ValueError, match="images: not base64"):
        DataConfig(images="not base64!")
    bad = encode_images(x, y)[:-8]
    with pytest.raises(ValueError, match="images: .* bytes are not whole images"):
        DataConfig(images=bad)
    assert DataConfig(name="moons", images=cfg.images).images == cfg.images      # kept, unused, like points


def test_check_images_leaves_its_arguments_alone():
    x, y = digits(30)
    x64 = x.astype(np.float64)
    out, labels = check_images(x64.reshape(30, 8, 8), y)
    assert out.shape == (30, 64) and x64.dtype == np.float64 and labels.dtype == np.int64
