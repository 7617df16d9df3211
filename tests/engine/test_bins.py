"""Histogram bins that re-fit themselves: overflow counted apart, and hysteresis so axes keep still."""

import numpy as np
import pytest

from bnviz.engine import probes
from bnviz.engine.probes import SHRINK_AFTER, Bins, histogram


def normal(scale, n=8192, seed=0, shift=0.0):
    return (np.random.default_rng(seed).normal(shift, scale, n)).astype(np.float32)


def test_out_of_range_values_are_counted_apart_not_in_the_end_bins():
    v = np.concatenate([normal(1.0), np.full(700, -50.0, np.float32), np.full(300, 80.0, np.float32)])
    edges = np.linspace(-3.0, 3.0, probes.N_BINS + 1)
    h = histogram(v, edges, overflow=True)
    assert (h.below, h.above) == (int((v < -3).sum()), int((v > 3).sum()))
    assert h.below >= 700 and h.above >= 300
    assert int(h.counts.sum()) + h.below + h.above == v.size
    inside = v[(v >= -3) & (v <= 3)]
    assert np.array_equal(h.counts, np.histogram(inside, edges)[0])
    # the end bins hold only what is in them (a normal's tails: a handful), not the 700 and 300
    assert h.counts[0] < 20 and h.counts[-1] < 20
    # without overflow (the labs that fold on purpose) the end bins take them, as before
    folded = histogram(v, edges)
    assert folded.counts[0] == h.counts[0] + h.below and folded.counts[-1] == h.counts[-1] + h.above
    assert (folded.below, folded.above) == (0, 0)


def test_the_right_edge_is_in_the_last_bin_and_non_finite_values_are_left_out():
    v = np.array([0.0, 0.5, 1.0, 1.0, np.nan, np.inf, -np.inf], np.float32)   # a saturated sigmoid is exactly 1.0
    h = histogram(v, np.linspace(0.0, 1.0, probes.N_BINS + 1), overflow=True)
    assert (h.below, h.above) == (0, 0)
    assert h.counts[0] == 1 and h.counts[-1] == 2 and h.counts.sum() == 4


def test_widening_data_re_fit_the_edges_at_once_with_room_to_spare():
    b = Bins("symmetric")
    b.fit(normal(1.0))
    first = b.edges.copy()
    h = b.histogram(normal(4.0, seed=1))          # a weight change: four times wider
    assert b.refits == 1 and b.edges[-1] > 4.0 * 2.5 > first[-1]
    assert h.below + h.above <= 0.005 * 8192      # the 99.5% bulk, and a margin
    for s in range(2, 30):                        # the same width again: the edges stay
        b.histogram(normal(4.0, seed=s))
    assert b.refits == 1


@pytest.mark.parametrize("shape", ["symmetric", "positive"])
def test_jittering_data_re_fit_at_most_once_per_k_probes(shape):
    """A range that wobbles 1x-1.6x from probe to probe moves the axes once, not every frame."""
    rng = np.random.default_rng(3)
    b = Bins(shape)
    b.fit(np.abs(normal(1.0)) if shape == "positive" else normal(1.0))
    when = []
    for k in range(200):
        v = normal(rng.uniform(1.0, 1.6), seed=k)
        before = b.refits
        b.histogram(np.abs(v) if shape == "positive" else v)
        if b.refits > before:
            when.append(k)
    assert len(when) <= 1, when
    assert all(b - a >= 25 for a, b in zip(when, when[1:]))


def test_shrinking_waits_for_several_narrow_probes_and_stops_at_the_floor():
    b = Bins("symmetric", floor=1.0)
    b.fit(normal(10.0))
    assert b.edges[-1] >= 30
    for k in range(SHRINK_AFTER - 1):
        b.histogram(normal(1.0, seed=k))           # ten times narrower: not yet
    assert b.refits == 0
    b.histogram(normal(1.0, seed=99))
    assert b.refits == 1 and 3.0 <= b.edges[-1] <= 5.0
    # a tiny distribution at the floor never asks again
    b = Bins("symmetric", floor=4.0)
    b.fit(normal(0.01))
    for k in range(5 * SHRINK_AFTER):
        b.histogram(normal(0.01, seed=k))
    assert b.refits == 0 and b.edges[-1] == 4.0


def test_one_narrow_probe_between_wide_ones_does_not_shrink():
    b = Bins("symmetric")
    b.fit(normal(10.0))
    for k in range(5 * SHRINK_AFTER):
        b.histogram(normal(1.0 if k % SHRINK_AFTER else 10.0, seed=k))
    assert b.refits == 0


def test_off_centre_data_do_not_count_as_narrow():
    """Edges stay around zero: data at 20-30 need +-30 however narrow they are."""
    b = Bins("symmetric")
    b.fit(normal(1.0, shift=25.0))
    for k in range(3 * SHRINK_AFTER):
        b.histogram(normal(1.0, shift=25.0, seed=k))
    assert b.refits == 0


def test_fixed_bins_never_move():
    edges = np.linspace(0.0, 1.0, probes.N_BINS + 1)
    b = Bins("fixed", fixed=edges)
    h = b.histogram(np.linspace(0, 1, 1000, dtype=np.float32) ** 8)
    assert b.refits == 0 and np.array_equal(b.edges, edges) and h.counts.sum() == 1000


def test_bins_shared_by_two_runs_settle_on_a_width_that_covers_both():
    """Twins share bins: one run's re-fit must not cut the other's data off (no ping-pong)."""
    b = Bins("symmetric")
    b.fit(normal(1.0))
    for k in range(40):                          # one run widened 5x, its twin did not
        b.histogram(normal(5.0, seed=k))
        b.histogram(normal(1.0, seed=100 + k))
    assert b.refits == 1 and b.edges[-1] >= 5.0 * 2.6
    b = Bins("symmetric")
    b.fit(normal(20.0))
    for k in range(40):                          # both narrow, one 10x more: shrink once, for the wider
        b.histogram(normal(2.0, seed=k))
        h = b.histogram(normal(0.2, seed=100 + k))
    assert b.refits == 1 and 5.0 <= b.edges[-1] <= 10.0
    wide = b.histogram(normal(2.0, seed=999))
    assert wide.below + wide.above <= 0.005 * 8192 and b.refits == 1
