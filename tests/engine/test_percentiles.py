"""``probes.percentiles`` is ``np.percentile(values, PERCENTILES)``, bit for bit (a zero's sign aside), whatever the values."""

import numpy as np
import pytest

from bnviz.engine import probes


def _cases():
    rng = np.random.default_rng(7)
    for k in range(400):
        shape = (int(rng.integers(2, 700)), int(rng.integers(1, 130)))
        kind = k % 6
        if kind == 0:
            x = rng.standard_normal(shape) * rng.uniform(0.01, 50)
        elif kind == 1:
            x = rng.standard_normal(shape) ** 3                     # heavy tails: a crowded middle bucket
        elif kind == 2:
            x = np.round(rng.standard_normal(shape) * 3)             # ties across the wanted ranks
        elif kind == 3:
            x = np.maximum(rng.standard_normal(shape), 0)            # half the values exactly 0
        elif kind == 4:
            x = 40 / (1 + np.exp(-6 * rng.standard_normal(shape)))   # piled up at both ends
        else:
            x = rng.exponential(size=shape) - rng.uniform(-5, 5)
        yield x.astype(np.float32 if k % 4 else np.float64)


def test_the_same_numbers_as_numpy_bit_for_bit():
    checked = 0
    for x in _cases():
        mine, numpy = probes.percentiles(x), np.percentile(x, probes.PERCENTILES).astype(np.float64)
        assert mine.dtype == np.float64 and mine.shape == (3,)
        assert np.array_equal(mine, numpy), (x.shape, mine, numpy)
        checked += x.size >= 4 * probes.PCT_BUCKETS                 # the bucketed path, not the fallback
    assert checked > 250


@pytest.mark.parametrize("x", [
    np.full((512, 100), 0.5, np.float32),                           # constant: no bucket width
    np.r_[np.ones(9000, np.float32), np.float32(np.nan)],          # a diverged run's NaN
    np.r_[np.zeros(9000, np.float32), np.float32(np.inf)],
    np.linspace(-1, 1, 5000, dtype=np.float32)[::-1],
    np.arange(7, dtype=np.float32),                                 # small: NumPy's own path
    np.r_[np.zeros(5000), 1e-38, -1e-38].astype(np.float32),        # a span too small to scale in float32
    np.r_[np.zeros(5000), 1e308, -1e308],                           # a float64 span that overflows
])
def test_edge_cases_too(x):
    mine, numpy = probes.percentiles(x), np.percentile(x, probes.PERCENTILES).astype(np.float64)
    assert np.array_equal(mine, numpy, equal_nan=True)
