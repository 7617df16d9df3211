"""The lab's histograms re-fit their bins when a run's values leave them, and count overflow apart.

Before, values outside stale edges piled into the end bins: 5,000-count
spikes at both ends of the no-BN "z = Wx" plots of B8 that looked like data
until F was pressed.  No Qt here: the model's snapshots alone.
"""

from dataclasses import replace

import numpy as np

from bnviz.engine import probes
from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer

DIGITS = TrainConfig(
    data=DataConfig(name="digits", seed=0),
    net=NetConfig(hidden=(32, 32, 32), activation="sigmoid", init="gaussian", init_std=0.1),
    optim=OptimConfig(name="sgd", learning_rate=0.5), batch_size=60, seed=0, probe_every=5)

KEYS = ("z", "bn_out", "act_in", "a")


def probe_and_draw(tw: TwinTrainer):
    tw.probe()
    return tw.snapshot()


def test_a_weight_change_that_widens_z_re_fits_its_edges_within_a_few_probes():
    tw = TwinTrainer(BatchNormConfig(train=DIGITS))
    plain = tw.runs[1]
    assert plain.label == "no BN"
    before = tw.snapshot()[1].layers[0].z
    plain.net.blocks[0].dense.W *= 5.0                 # z = Wx five times wider
    for k in range(3):
        snap = probe_and_draw(tw)
        z = snap[1].layers[0].z
        if z.edges[-1] > before.edges[-1]:
            break
    assert z.edges[-1] >= 4 * before.edges[-1], (before.edges[-1], z.edges[-1])
    assert z.below + z.above <= 0.01 * z.counts.sum()
    # the twins share their bins (drawn over each other, bars of the same width): BN's moved along
    assert np.array_equal(snap[0].layers[0].z.edges, z.edges)


def test_twins_share_every_plot_s_edges_while_training():
    tw = TwinTrainer(BatchNormConfig(train=DIGITS))
    for _ in range(20):
        tw.run(15)
        bn, plain = tw.snapshot()
        for a, b in zip(bn.layers, plain.layers):
            for key in ("z", "act_in", "a"):
                assert np.array_equal(getattr(a, key).edges, getattr(b, key).edges), (a.index, key)


def test_in_range_and_overflow_counts_add_up_and_no_end_bin_holds_the_overflow():
    tw = TwinTrainer(BatchNormConfig(train=DIGITS))
    for run in tw.runs:                                # stale edges: every value of layer 1 grows 10x
        run.net.blocks[0].dense.W *= 10.0
    for run in tw.runs:
        run.probe()
        for t, ls in zip(run._traces, run._layer_stats()):     # the probe batch's traces
            for key in KEYS:
                h, v = getattr(ls, key), getattr(t, key)
                if h is None:
                    continue
                assert int(h.counts.sum()) + h.below + h.above == v.size, (run.label, ls.index, key)
                lo, hi = h.edges[0], h.edges[-1]
                inside = v[(v >= lo) & (v <= hi)]
                # the same bins as NumPy's, up to a value on a bin boundary rounded into its neighbour;
                # in particular no end bin holds an out-of-range value
                ref = np.histogram(inside, h.edges)[0]
                assert np.abs(h.counts - ref).max() <= 2, (run.label, ls.index, key)
                assert h.below == int((v < lo).sum()) and h.above == int((v > hi).sum())


def test_stale_edges_no_longer_make_end_bin_spikes_while_training():
    """The issue's symptom (B8 at step 600): the no-BN z plots' end bins were the tallest bars."""
    b8 = replace(DIGITS, net=replace(DIGITS.net, hidden=(100, 100, 100)), probe_every=20)
    tw = TwinTrainer(BatchNormConfig(train=b8))
    first = [ls.z.edges[-1] for ls in tw.snapshot()[1].layers]
    for _ in range(30):
        tw.run(20)
        snap = tw.snapshot()                         # drawn at every probe, as the app does
    for ls in snap[1].layers:
        c = ls.z.counts
        assert max(c[0], c[-1]) < 0.5 * c.max(), (ls.index, c[0], c[-1], c.max())
        assert ls.z.below + ls.z.above <= probes.WIDEN_AT * ls.z.counts.sum() * 1.05
    assert any(ls.z.edges[-1] > e for ls, e in zip(snap[1].layers, first))


def test_edges_move_rarely_while_training():
    """Hysteresis: over 300 steps drawn at every probe, each histogram re-fits a few times at most."""
    tw = TwinTrainer(BatchNormConfig(train=DIGITS))
    changes = {}
    last = None
    for k in range(60):
        tw.run(5)
        snap = tw.snapshot()
        now = [(r.label, ls.index, key, float(getattr(ls, key).edges[-1]))
               for r in snap for ls in r.layers for key in KEYS if getattr(ls, key) is not None]
        if last is not None:
            for a, b in zip(last, now):
                if a[3] != b[3]:
                    changes.setdefault(a[:3], []).append(k)
        last = now
    for key, when in changes.items():
        assert len(when) <= 4, (key, when)
        assert all(b - a >= 2 for a, b in zip(when, when[1:])), (key, when)


def test_f_still_re_fits_at_once():
    tw = TwinTrainer(BatchNormConfig(train=DIGITS))
    for run in tw.runs:
        run.net.blocks[0].dense.W *= 0.05              # much narrower: auto-shrink would wait several probes
    tw.probe()
    wide = tw.snapshot()[1].layers[0].z.edges[-1]
    tw.refit_bins()
    assert tw.snapshot()[1].layers[0].z.edges[-1] < wide
