"""Lean frames: what the GUI rebuilds from the rows sent equals the history the worker holds, always."""

import pickle
from dataclasses import dataclass

import numpy as np

from bnviz.bridge.lean import Decoder, Encoder
from bnviz.engine.history import DecimatingHistory
from bnviz.labs.panda.model import RollbackHistory


@dataclass(frozen=True, eq=False)
class Snap:
    step: int
    runs: tuple
    history: dict


def through_pipe(enc: Encoder, dec: Decoder, obj):
    wire = pickle.dumps(enc.encode(obj), protocol=pickle.HIGHEST_PROTOCOL)
    return dec.decode(pickle.loads(wire)), len(wire)


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k], equal_nan=True) for k in a)


def test_rebuilt_histories_equal_the_workers_through_halvings_gaps_and_absences():
    rng = np.random.default_rng(0)
    enc, dec = Encoder(), Decoder()
    a, b = DecimatingHistory(8), DecimatingHistory(16)
    step = 0
    for frame in range(300):
        # 0..40 rows between frames: none, a few, or several halvings at once
        for _ in range(int(rng.choice([0, 1, 3, 9, 40]))):
            step += 1
            a.append(step=step, pct=rng.normal(size=(3, 2)))
            b.append(step=step, loss=rng.random())
        carried = (a.columns(), b.columns()) if frame % 17 else (a.columns(),)      # b is absent now and then
        out, _ = through_pipe(enc, dec, Snap(step, carried, {"same": carried[0]}))
        assert out.step == step
        assert same(out.runs[0], a.columns()) and same(out.runs[-1], carried[-1])
        assert out.history["same"] is not None and same(out.history["same"], a.columns())
        assert not out.runs[0]["step"].flags.writeable       # as read-only as the worker's
    assert a.generation >= 5 and b.generation >= 5            # the halvings were exercised


def test_a_late_frame_sends_only_its_new_rows():
    enc, dec = Encoder(), Decoder()
    h = DecimatingHistory(2048)
    for i in range(2048):
        h.append(step=i, gamma=np.full((3, 8), i), beta=np.full((3, 8), -i))
    first, whole = through_pipe(enc, dec, Snap(0, (h.columns(),), {}))
    for i in range(2048, 2051):
        h.append(step=i, gamma=np.full((3, 8), i), beta=np.full((3, 8), -i))
    later, lean = through_pipe(enc, dec, Snap(1, (h.columns(),), {}))
    assert same(later.runs[0], h.columns())
    assert whole > 700_000 and lean < 4_000, (whole, lean)


def test_a_roll_back_sends_the_history_again():
    enc, dec = Encoder(), Decoder()
    h = RollbackHistory(8)
    for i in range(30):
        h.append(step=i, loss=float(i))
    through_pipe(enc, dec, Snap(0, (h.columns(),), {}))
    h.truncate(step=20, calls=21)       # rows after step 20 are gone; new ones differ
    for i in range(21, 25):
        h.append(step=i, loss=-float(i))
    out, _ = through_pipe(enc, dec, Snap(1, (h.columns(),), {}))
    assert same(out.runs[0], h.columns())


def test_objects_without_histories_pass_unchanged():
    enc, dec = Encoder(), Decoder()
    snap = Snap(3, (np.arange(4), "x"), {"a": 1})
    assert enc.encode(snap) is snap and dec.decode(snap) is snap
