"""Malformed sessions and lessons, generated from real ones: refused in one line, nothing half-applied.

Every leaf of a saved session (and of the bundled lessons) is mutated: a string for a number, 2.5 for
an integer, a bool for a number, a list for a scalar, null, NaN, Infinity, a 400-digit integer, an
oversize list; the envelopes get wrong types, unhashable keys, deep nesting, FIFOs and devices.
"""

from __future__ import annotations

import copy
import json
import math
import os
import time

import numpy as np
import pytest

from bnviz import schema
from bnviz.app import presets as presets_mod

HUGE = 10 ** 400
BIG_LIST = list(range(20_000))


def leaves(d, path=()):
    """(path, value) of every scalar in nested dicts and lists."""
    if isinstance(d, dict):
        for k, v in d.items():
            yield from leaves(v, (*path, k))
    elif isinstance(d, list) and d and not isinstance(d[0], (int, float)):
        for i, v in enumerate(d):
            yield from leaves(v, (*path, i))
    else:
        yield path, d


def set_at(d, path, value):
    d = copy.deepcopy(d)
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return d


def mutations(value):
    """(kind, bad value, must it be refused?) for one leaf."""
    out = [("null", None, False), ("list", [value], True), ("oversize", BIG_LIST, True)]
    if isinstance(value, bool):
        out += [("string", "yes", True), ("int for bool", 1, True)]
    elif isinstance(value, int):
        out += [("string", str(value), True), ("2.5 for int", 2.5, True), ("float for int", float(value), True),
                ("bool for int", True, True), ("huge int", HUGE, False)]
    elif isinstance(value, float):
        out += [("string", str(value), True), ("bool for float", True, True), ("nan", math.nan, False),
                ("infinity", math.inf, False), ("huge int", HUGE, False)]
    elif isinstance(value, str):
        out += [("number for string", 3, True), ("long string", "x" * 100_000, False)]
    return out


def write(path, data):
    path.write_text(json.dumps(data, allow_nan=True))


def states(window):
    return [lab.state() for lab in window.labs]


def check_refusal(window, message, t0):
    assert "\n" not in message and len(message) <= 300, message[:400]
    assert time.perf_counter() - t0 < 2.0


def test_malformed_sessions_are_refused_whole(window, tmp_path):
    path = tmp_path / "good.json"
    assert window.save_session(path)
    good = json.loads(path.read_text())
    cases = [(p, kind, bad, must) for p, v in leaves(good["labs"]) for kind, bad, must in mutations(v)]
    rng = np.random.default_rng(0)
    picked = [cases[i] for i in sorted(rng.choice(len(cases), size=min(len(cases), 320), replace=False))]
    envelope = [({**good, "current_lab": ["bn"]}, True), ({**good, "labs": ["bn"]}, True),
                ({**good, "labs": {"bn": []}}, True), ({**good, "labs": {"nope": {}}}, True),
                ({**good, "schema": "2"}, True), ({**good, "schema": 2.0}, True), ({**good, "extra": 1}, True),
                ({**good, "labs": {**good["labs"], "bn": {"config": {"train": {}}, "tab": 1}}}, True)]
    counts = {"refused": 0, "accepted": 0}
    before = states(window)
    bad_path = tmp_path / "bad.json"
    for i, (p, kind, bad, must) in enumerate(picked + [(None, "envelope", e, m) for e, m in envelope]):
        d = set_at({"labs": good["labs"]}, ("labs", *p), bad) | {k: v for k, v in good.items() if k != "labs"} \
            if p is not None else bad
        write(bad_path, d)
        t0 = time.perf_counter()
        opened = window.open_session(bad_path)     # never raises
        if opened:
            assert not must, (p, kind)             # a wrong type must never be accepted
            counts["accepted"] += 1
            assert window.open_session(path)       # back to the good session for the next case
            before = states(window)
        else:
            counts["refused"] += 1
            check_refusal(window, window.last_refusal, t0)
            assert states(window) == before, (p, kind)     # nothing half-applied
    print(f"\nsessions: {len(picked) + len(envelope)} cases, {counts}")
    assert len(picked) + len(envelope) >= 300


def test_deep_nesting_huge_files_fifos_and_devices_are_refused(window, tmp_path):
    cases = {"deep.json": "[" * 100_000 + "]" * 100_000,
             "deep_obj.json": '{"format": "bnviz-session", "schema": 2, "labs": ' + '{"a": ' * 5000 + "1" + "}" * 5001}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(40 * 2 ** 20)                   # sparse: 40 MiB of zeros
    os.mkfifo(tmp_path / "fifo.json")
    before = states(window)
    for p in [*(tmp_path / n for n in cases), big, tmp_path / "fifo.json", "/dev/zero", tmp_path / "missing.json"]:
        t0 = time.perf_counter()
        assert not window.open_session(p)
        check_refusal(window, window.last_refusal, t0)
    assert states(window) == before


def test_malformed_lessons_are_refused_and_the_others_still_load(window, tmp_path):
    good = [json.loads(p.read_text()) for p in sorted(presets_mod.PRESETS_DIR.glob("*.json"))]
    rng = np.random.default_rng(1)
    n_refused = n_accepted = 0
    for k in range(120):
        d = good[k % len(good)]
        cases = [(p, m) for p, v in leaves(d) for m in mutations(v)]
        p, (kind, bad, must) = cases[rng.integers(len(cases))]
        path = tmp_path / f"{k:03d}.json"
        write(path, set_at(d, p, bad))
        before = states(window)
        try:
            preset = presets_mod.load_preset(path)
        except ValueError as exc:
            n_refused += 1
            assert "\n" not in str(exc) and len(str(exc)) <= 300
            continue
        assert not must, (p, kind)
        n_accepted += 1
        window.open_preset(preset)                 # read completely: it applies without a refusal
        assert window.current_preset is preset, window.last_refusal
        assert window.lab.config() == schema.from_json(window.lab.spec.Config, preset.state["config"])
        del before
    print(f"\nlessons: 120 cases, refused {n_refused}, accepted {n_accepted}")
    # a folder with broken files lists the good ones and names the broken ones
    folder = tmp_path / "folder"
    folder.mkdir()
    for p in sorted(presets_mod.PRESETS_DIR.glob("*.json"))[:3]:
        (folder / p.name).write_text(p.read_text())
    (folder / "zz-broken.json").write_text('{"schema": 2, "name": "x"')
    (folder / "zz-type.json").write_text(json.dumps({**good[0], "seed": "zero"}))
    listed, problems = presets_mod.scan_presets(folder)
    assert len(listed) == 3 and len(problems) == 2
    assert all("\n" not in m and m.startswith("zz-") for m in problems)


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp_file(window, tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    assert window.save_session(path)
    old = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    assert not window.save_session(path)
    assert "No space left" in window.last_refusal
    assert path.read_bytes() == old and sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
    monkeypatch.undo()
    (tmp_path / "s.tmp").write_text("not mine")      # a file named like the old temp file is left alone
    assert window.save_session(path) and (tmp_path / "s.tmp").read_text() == "not mine"


BAD_SETTINGS = {"window/lab": "abc", "view/scale": "huge", "window/geometry": "x", "window/state": 5,
                "lessons/last": 3, "view/theme": 7}


def test_corrupt_settings_fall_back_to_their_defaults(qtbot, settings):
    from PySide6.QtCore import QByteArray

    from bnviz.app import preferences
    from bnviz.app.application import create_window
    from bnviz.ui import theme

    for key, value in BAD_SETTINGS.items():
        settings.setValue(key, value)
    assert preferences.read(settings, "window/lab", int, 0) == 0
    assert preferences.read(settings, "view/scale", float, 1.0) == 1.0
    assert preferences.read(settings, "window/geometry", QByteArray, None) is None
    settings.setValue("view/scale", "nan")
    assert preferences.read(settings, "view/scale", float, 1.0) == 1.0
    win = create_window(settings=settings)         # all of them at once: the app still starts
    qtbot.addWidget(win)
    try:
        assert win.tabs.currentIndex() == 0 and theme.scale() == 1.0 and theme.current().name == "light"
    finally:
        win.close()
