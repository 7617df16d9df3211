"""Log axes label decades, then 1-2-5, then every multiple, only as densely as their labels fit."""

import math

import numpy as np
import pytest

from bnviz.ui import theme
from bnviz.ui.log_axis import GAP_PX, MAJOR, MINOR, fmt_value, log_ticks
from bnviz.ui.plots import make_plot


def labelled(ticks):
    return dict(ticks)[MAJOR]


def assert_apart(values, size, lo, hi, extent):
    px = size / (hi - lo)
    texts = [fmt_value(10.0 ** v) for v in values]
    for a, b, ta, tb in zip(values, values[1:], texts, texts[1:]):
        assert (b - a) * px >= (extent(ta) + extent(tb)) / 2 + GAP_PX - 1e-6, (ta, tb, size)


@pytest.mark.parametrize("lo, hi", [(-2.5, 0.0), (-10.0, -6.0), (-4.0, 0.0), (-1.45, -0.35), (0.0, 3.3)])
@pytest.mark.parametrize("size", [120, 250, 450, 800, 1500])
def test_labels_never_crowd_and_the_densest_that_fits_is_used(lo, hi, size):
    extent = lambda text: len(text) * 7.0  # noqa: E731
    ticks = log_ticks(lo, hi, size, extent=extent)
    if ticks is None:                       # under two labels fit: pyqtgraph's plain steps then
        assert size / (hi - lo) < 200
        return
    values = labelled(ticks)
    assert len(values) >= 2 and all(lo - 1e-9 <= v <= hi + 1e-9 for v in values)
    assert_apart(values, size, lo, hi, extent)
    every = sorted(math.log10(m) + k for k in range(-12, 5) for m in range(1, 10) if lo <= math.log10(m) + k <= hi)
    if len(values) < len(every):            # something left out: the next denser labelling would crowd
        one_two_five = [v for v in every if round(10 ** (v - math.floor(v + 1e-9))) in (1, 2, 5)]
        denser = every if len(values) >= len(one_two_five) else one_two_five
        with pytest.raises(AssertionError):
            assert_apart(denser, size, lo, hi, extent)
    assert not set(dict(ticks)[MINOR]) & set(values)


def test_the_caviar_case_wide_plot_labels_decades_and_2_5_not_every_multiple(qtbot):
    """H8's 'latest score' scatter at 1280x720 in presentation mode: alpha from 0.003 to 1 across 450 px."""
    w = make_plot("latest", "learning rate", "loss")
    qtbot.addWidget(w)
    w.resize(520, 300)
    w.show()
    w.plot(np.geomspace(0.003, 1.0, 25), np.full(25, 0.4), pen=None, symbol="o")
    w.setLogMode(x=True)
    qtbot.waitExposed(w)
    ax = w.getPlotItem().getAxis("bottom")
    qtbot.waitUntil(lambda: ax.range[0] < -2.4 and ax.range[1] > 0)      # auto-range to log10 0.003 .. 1
    lo, hi = ax.range
    levels = ax.tickValues(lo, hi, ax.geometry().width())
    values = labelled(levels)
    texts = ax.tickStrings(values, 1.0, MAJOR)
    assert {"0.01", "0.1", "1"} <= set(texts)
    assert "0.004" not in texts and "0.007" not in texts      # pyqtgraph's own log mode labelled all of 2..9
    assert_apart(values, ax.geometry().width(), lo, hi, ax.extent)
    assert ax.tickStrings(dict(levels)[MINOR], 1.0, MINOR) == [""] * len(dict(levels)[MINOR])


def test_presentation_scale_labels_fewer_ticks(qtbot):
    w = make_plot("latest", "learning rate", "loss")
    qtbot.addWidget(w)
    ax = w.getPlotItem().getAxis("bottom")
    normal = labelled(log_ticks(-4.0, 0.0, 300, extent=ax.extent))
    old = theme.scale()
    try:
        theme.apply("light", 2.5)
        theme.style_plot(w.getPlotItem())           # what presentation mode's re-style does to each plot
        big = labelled(log_ticks(-4.0, 0.0, 300, extent=ax.extent))
    finally:
        theme.apply("light", old)
    assert len(big) < len(normal)
