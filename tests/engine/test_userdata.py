"""Students' own 2-D data without Qt: CSV in and out, its limits, the edits, and the hand-made data set."""

from __future__ import annotations

import math
import os
import time
from dataclasses import replace

import numpy as np
import pytest

from bnviz import schema
from bnviz.engine import userdata
from bnviz.engine.config import TrainConfig
from bnviz.engine.data import CUSTOM, MAX_POINTS, DataConfig, keeps_run, make_dataset
from bnviz.engine.trainer import Trainer

XOR = ((1.0, 1.0, 0), (-1.0, -1.0, 0), (-1.0, 1.0, 1), (1.0, -1.0, 1))


def random_points(n: int, classes: int = 6, seed: int = 0, scale=(3.0, 0.5), shift=(-7.5, 2.0)) -> tuple:
    rng = np.random.default_rng(seed)
    xy = rng.standard_normal((n, 2)) * np.array(scale) + np.array(shift)
    return tuple((float(a), float(b), int(k)) for (a, b), k in zip(xy, np.arange(n) % classes))


def write(tmp_path, text: str, name: str = "data.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- CSV


def test_csv_round_trip_equals(tmp_path):
    pts = random_points(500, scale=(3.0, 1e-3), shift=(-7.5, 1e4)) + ((1e-300, -0.0, 0), (1.0, 2.5e17, 1))
    path = tmp_path / "out.csv"
    userdata.write_csv(path, pts)
    got = userdata.read_csv(path)
    assert got.points == pts                                 # exactly: floats are written with repr
    assert got.names == ("0", "1", "2", "3", "4", "5")
    assert path.read_text().splitlines()[0] == "x1,x2,label"
    assert not list(tmp_path.glob(".*.part"))                # written atomically, no temp file left


def test_header_is_optional_and_spaces_blank_lines_and_crlf_are_fine(tmp_path):
    with_header = userdata.read_csv(write(tmp_path, "x1,x2,label\n1,2,0\n3.5,-4e-1,1\n", "a.csv")).points
    plain = userdata.read_csv(write(tmp_path, "1, 2 ,0\r\n\r\n3.5,-0.4,1\r\n", "b.csv")).points
    assert with_header == plain == ((1.0, 2.0, 0), (3.5, -0.4, 1))


def test_names_become_classes_in_order_of_first_appearance(tmp_path):
    got = userdata.read_csv(write(tmp_path, "x,y,kind\n0,0,dog\n1,1,cat\n2,2,dog\n3,3,fox\n"))
    assert [p[2] for p in got.points] == [0, 1, 0, 2]
    assert got.names == ("dog", "cat", "fox")


def test_semicolons_tabs_and_integral_float_labels(tmp_path):
    assert userdata.read_csv(write(tmp_path, "1;2;0\n3;4;1\n", "s.csv")).points == ((1.0, 2.0, 0), (3.0, 4.0, 1))
    assert userdata.read_csv(write(tmp_path, "1\t2\t1.0\n3\t4\t0\n", "t.csv")).points == ((1.0, 2.0, 1),
                                                                                          (3.0, 4.0, 0))


BAD = [
    ("x1,x2,label\n1,2,0\n3,abc,1\n", "row 3, column x2: 'abc' is not a number"),
    ("1,2,0\nnan,1,1\n", "row 2, column x1: nan is not a finite number"),
    ("1,2,0\n1,-inf,1\n", "row 2, column x2: -inf is not a finite number"),
    ("1,2,0\n1,1_0,1\n", "row 2, column x2: '1_0' is not a number"),
    ("1,2,0\n1,,1\n", "row 2, column x2: empty"),
    ("1,2,0\n1,3,7\n", "row 2, column label: 7 is not a class: use 0..5 or names"),
    ("1,2,0\n1,3,2.5\n", "row 2, column label: 2.5 is not a class"),
    ("1,2,0\n1,3,-1\n", "row 2, column label: -1 is not a class"),
    ("1,2,0\n1,3,\n", "row 2: 2 columns; expected 3 (x1, x2, label)"),
    ("1,2,0\n1,3,1,4\n", "row 2: 4 columns; expected 3"),
    ("x1,x2\n1,2,0\n", "row 1: header has 2 columns; expected 3"),
    ("".join(f"{i},{i},{c}\n" for i, c in enumerate("abcdefg")),
     "row 7, column label: 'g' would be a class 7; at most 6"),
    ("1,2,0\n3,4,0\n", "only one class (0); a data set needs at least 2"),
    ("1,2,a\n3,4,a\n", "only one class (a)"),
    ("", "no data rows"),
    ("x1,x2,label\n\n", "no data rows"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_each_bad_csv_is_refused_with_its_row_and_column(tmp_path, text, message):
    with pytest.raises(ValueError) as err:
        userdata.read_csv(write(tmp_path, text, "bad.csv"))
    line = str(err.value)
    assert line.startswith("bad.csv: ") and message in line and "\n" not in line


def test_at_most_10000_rows(tmp_path):
    rows = "".join(f"{i},{-i},{i % 2}\n" for i in range(MAX_POINTS))
    assert len(userdata.read_csv(write(tmp_path, "x1,x2,label\n" + rows, "full.csv")).points) == MAX_POINTS
    with pytest.raises(ValueError, match=rf"row {MAX_POINTS + 2}: more than {MAX_POINTS} data rows"):
        userdata.read_csv(write(tmp_path, "x1,x2,label\n" + rows + "1,1,0\n", "over.csv"))


def test_a_1_gb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(1 << 30)                 # sparse: 1 GiB that costs no disk, and must cost no reading
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"big.csv: 1024.0 MiB; a data file may have at most 2.0 MiB"):
        userdata.read_csv(big)
    assert time.perf_counter() - t0 < 1.0


def test_not_text_not_a_file_and_missing_are_refused(tmp_path):
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\xff\xfe\x00\x01,2,0\n")
    with pytest.raises(ValueError, match="bin.csv: not a UTF-8 text file"):
        userdata.read_csv(p)
    with pytest.raises(ValueError, match="not a regular file"):
        userdata.read_csv(tmp_path)
    with pytest.raises(ValueError, match="nope.csv: cannot open"):
        userdata.read_csv(tmp_path / "nope.csv")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.csv")
        with pytest.raises(ValueError, match="not a regular file"):     # and it does not block
            userdata.read_csv(tmp_path / "fifo.csv")


# --------------------------------------------------------------------------- the data set


def test_a_hand_made_set_is_split_and_normalized_like_a_toy_set():
    pts = random_points(1000, classes=3)
    cfg = DataConfig(name=CUSTOM, points=pts, val_fraction=0.2, test_fraction=0.1, seed=4)
    d = make_dataset(cfg)
    assert d.is_2d and d.n_classes == cfg.n_classes == cfg.effective_n_classes == 3
    assert len(d.y_train) + len(d.y_val) + len(d.y_test) == 1000
    assert abs(len(d.y_val) - 200) < 50 and abs(len(d.y_test) - 100) < 40
    np.testing.assert_allclose(d.raw_train.astype(np.float64).mean(0), d.mean, rtol=1e-5)
    np.testing.assert_allclose(d.x_train.mean(0), 0, atol=1e-3)
    np.testing.assert_allclose(d.x_train.std(0), 1, atol=1e-3)
    np.testing.assert_allclose(d.prepare(d.raw_val), d.x_val, atol=1e-6)   # the training split's statistics
    again = make_dataset(cfg)
    assert np.array_equal(again.x_train, d.x_train) and np.array_equal(again.y_val, d.y_val)
    assert not np.array_equal(make_dataset(replace(cfg, seed=5)).y_val, d.y_val)      # a new seed, a new split


def test_an_edit_moves_no_other_point_between_splits():
    pts = random_points(300, classes=2)
    before = make_dataset(DataConfig(name=CUSTOM, points=pts))
    after = make_dataset(DataConfig(name=CUSTOM, points=pts[:100] + pts[101:] + ((0.5, 0.5, 1),)))
    key = lambda raw: {tuple(r) for r in raw.tolist()}      # noqa: E731
    moved = (key(before.raw_val) ^ key(after.raw_val)) | (key(before.raw_test) ^ key(after.raw_test))
    assert moved <= {tuple(np.float32(pts[100][:2]).tolist()), (0.5, 0.5)}


def test_the_first_two_points_train_on_one_and_validate_on_one():
    d = make_dataset(DataConfig(name=CUSTOM, points=((0.0, 0.0, 0), (1.0, 1.0, 1))))
    assert (len(d.y_train), len(d.y_val)) == (1, 1)
    assert DataConfig(name=CUSTOM, points=((0, 0, 0), (1, 1, 5))).n_classes == 6     # skipped labels: empty classes


@pytest.mark.parametrize("points,message", [
    ((), "points: a hand-made (custom) set needs points"),
    (((0, 0, 1), (1, 1, 1)), "points: only class 1 present; a data set needs at least 2 classes"),
    (((math.nan, 0, 0), (1, 1, 1)), "points[0].x1=nan is out of range: must be a finite number"),
    (((0, 0, 0), (1, math.inf, 1)), "points[1].x2=inf is out of range"),
    (((0, 0, 0), (1, 1, 6)), "points[1].label=6 is out of range: allowed 0..5"),
    (((0, 0, 0), (1, 1, True)), "points[1].label=True is out of range"),
    (((0, 0, 0), (1, 1)), "points[1]: expected (x1, x2, label)"),
    (random_points(MAX_POINTS + 1), "points='<10001 points>' is out of range: at most 10000 points"),
])
def test_bad_points_never_reach_the_engine(points, message):
    with pytest.raises(ValueError) as err:
        DataConfig(name=CUSTOM, points=points)
    assert message in str(err.value) and len(str(err.value)) < 200


def test_points_round_trip_through_the_schema_strictly():
    cfg = TrainConfig(data=DataConfig(name=CUSTOM, points=random_points(MAX_POINTS)))
    data = schema.to_json(cfg)
    assert schema.from_json(TrainConfig, data) == cfg
    data["data"]["points"][3] = [1, 2, 0.0]
    with pytest.raises(ValueError, match=r"data.points.3.2: Input should be a valid integer"):
        schema.from_json(TrainConfig, data)
    data["data"]["points"] = [[0, 0, 0], [1, 1, 1]] * (MAX_POINTS // 2 + 1)
    with pytest.raises(ValueError, match="at most 10000 points"):
        schema.from_json(TrainConfig, data)


def test_keeps_run_only_for_hand_made_data_of_the_same_class_count():
    blobs = DataConfig(name="blobs", n_classes=2)
    own = DataConfig(name=CUSTOM, points=XOR)
    assert keeps_run(blobs, own) and keeps_run(own, replace(own, points=XOR + ((0.0, 0.0, 1),)))
    assert not keeps_run(own, replace(own, points=XOR + ((0.0, 0.0, 2),)))        # a third class
    assert not keeps_run(own, blobs) and not keeps_run(own, own)
    assert not keeps_run(DataConfig(name="digits"), own)


def test_trainer_adopts_new_points_between_two_steps_keeping_its_weights():
    cfg = TrainConfig(data=DataConfig(name=CUSTOM, points=random_points(200, classes=2)))
    t = Trainer(cfg)
    for _ in range(30):
        t.step()
    weights = [p[1].copy() for p in t.net.parameters()]
    rows = len(t.history)
    new = replace(cfg, data=replace(cfg.data, points=cfg.data.points + ((9.0, 9.0, 1),) * 5))
    t.adopt_data(new)
    assert t.step_count == 30 and len(t.history) == rows + 1 and t.cfg == new
    assert all(np.array_equal(a, b[1]) for a, b in zip(weights, t.net.parameters()))
    assert len(t.data.y_train) + len(t.data.y_val) + len(t.data.y_test) == 205
    t.step()
    assert t.step_count == 31
    with pytest.raises(ValueError, match="3 classes of 2 inputs cannot replace 2"):
        t.adopt_data(replace(cfg, data=replace(cfg.data, points=XOR + ((0.0, 0.0, 2),))))


# --------------------------------------------------------------------------- edits


def test_points_of_a_generated_set_are_all_its_rows_in_raw_units():
    d = make_dataset(DataConfig(name="blobs", n_samples=300, n_classes=4, elongate=3.0))
    pts = userdata.points_of(d)
    assert len(pts) == 300 and userdata.class_counts(pts)[:4] == (75, 75, 75, 75)
    np.testing.assert_allclose(np.array([p[:2] for p in pts])[: len(d.raw_train)], d.raw_train, atol=1e-4)
    own = make_dataset(DataConfig(name=CUSTOM, points=pts))
    assert own.n_classes == 4


def test_add_remove_and_erase():
    pts = userdata.add_points((), [(0.123456, 1.0), (2.0, 2.0)], 3)
    assert pts == ((0.1235, 1.0, 3), (2.0, 2.0, 3))               # rounded to DECIMALS
    scale = (0.01, 0.1)                                            # units per pixel on each axis
    assert userdata.remove_nearest(pts, 1.9, 2.5, scale, radius=10) == pts          # 10 px in x, 5 in y: 11 px away
    assert userdata.remove_nearest(pts, 1.95, 2.0, scale, radius=10) == pts[:1]     # 5 px away
    assert userdata.remove_nearest(pts, 5.0, 5.0) == pts[:1]                        # no radius: the nearest
    assert userdata.remove_within(pts, 1.0, 1.5, (1.0, 1.0), radius=1.2) == ()
    full = userdata.add_points((), [(i, i) for i in range(MAX_POINTS + 5)], 0)
    assert len(full) == MAX_POINTS and userdata.add_points(full, [(0, 0)], 1) == full
    with pytest.raises(ValueError, match="label=6"):
        userdata.add_points(pts, [(0, 0)], 6)


def test_noise_up_spreads_and_noise_down_tightens_each_cloud():
    rng = np.random.default_rng(0)
    pts = userdata.points_of(make_dataset(DataConfig(name="xor", n_samples=400, noise=0.3)))

    def spread(p):         # mean distance to the nearest cluster centre (+-1, +-1)
        a = np.array([q[:2] for q in p])
        return float(np.abs(np.abs(a) - 1).mean())

    noisy = userdata.add_noise(pts, 0.05, rng)
    calm = userdata.smooth(pts)
    assert [p[2] for p in noisy] == [p[2] for p in calm] == [p[2] for p in pts]
    assert spread(noisy) > spread(pts) > spread(calm)
    assert userdata.smooth(()) == userdata.add_noise((), 0.1, rng) == ()
