"""Out-of-range counts are drawn as hatched overflow marks beyond the ends, never in the histogram curve."""

from dataclasses import replace

import numpy as np
import pytest

from bnviz.engine.snapshot import Histogram, frozen
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer
from bnviz.labs.batchnorm.panels.histograms import HistogramGrid, OverflowMarks


def with_overflow(snaps, below: int, above: int):
    """The snapshots with layer 1's z histogram of the no-BN run given overflow counts."""
    out = []
    for r in snaps:
        if r.label == "no BN":
            ls = r.layers[0]
            z = Histogram(ls.z.edges, frozen(ls.z.counts), below, above)
            r = replace(r, layers=(replace(ls, z=z),) + r.layers[1:])
        out.append(r)
    return tuple(out)


@pytest.fixture
def grid(qtbot):
    g = HistogramGrid()
    qtbot.addWidget(g)
    g.resize(900, 600)
    g.show()
    return g


@pytest.fixture(scope="module")
def snaps():
    tw = TwinTrainer(BatchNormConfig())
    tw.run(20)
    return tw.snapshot()


def test_overflow_is_a_marker_item_beside_the_bins_not_part_of_the_curve(grid, snaps, qtbot):
    runs = with_overflow(snaps, below=400, above=250)
    grid.show_runs(runs)
    cell = grid.rows[0][0]
    h = runs[1].layers[0].z
    curve = cell.curves["no BN"]
    # the step curve and its fill are exactly the in-range counts: no end-bin spike
    assert np.array_equal(curve.yData, h.counts) and np.array_equal(curve.xData, h.edges)
    assert max(curve.yData[0], curve.yData[-1]) < 250 and cell.fills.boundingRect().left() == h.edges[0]
    # the overflow is the marker item: one bar a bin wide just outside each end, as tall as its count
    assert isinstance(cell.overflow, OverflowMarks) and cell.overflow in cell.plot.items
    bars = {(label, side): (rect, n) for label, side, rect, n in cell.overflow.bars}
    assert set(bars) == {("no BN", "below"), ("no BN", "above")}
    w = h.edges[1] - h.edges[0]
    rect, n = bars["no BN", "below"]
    assert n == 400 and rect.right() == pytest.approx(h.edges[0]) and rect.width() == pytest.approx(w)
    assert rect.height() == 400
    rect, n = bars["no BN", "above"]
    assert n == 250 and rect.left() == pytest.approx(h.edges[-1])
    labels = sorted(t.toPlainText() for t in cell.overflow._labels if t.isVisible())
    assert labels == ["+250", "+400"]
    # the axes show the marks: x beyond both ends, y up to the taller bar
    (x0, x1), (_y0, y1) = cell.plot.vb.viewRange()
    assert x0 < h.edges[0] - w and x1 > h.edges[-1] + w and y1 >= 400
    assert cell.overflow.toolTip()
    cell.widget.grab()                       # paints (hatch, dashed outline) without error
    # a plot with no overflow has no marks; a later frame without overflow hides them
    assert grid.rows[1][0].overflow.bars == []
    grid.show_runs(snaps)
    assert cell.overflow.bars == [] and not any(t.isVisible() for t in cell.overflow._labels)


def test_two_runs_overflowing_at_the_same_edge_stand_side_by_side(grid, snaps):
    same = []
    for r in snaps:
        ls = r.layers[0]
        z = Histogram(snaps[0].layers[0].z.edges, frozen(ls.z.counts), 30, 0)
        same.append(replace(r, layers=(replace(ls, z=z),) + r.layers[1:]))
    grid.show_runs(tuple(same))
    rects = sorted((b[2].left(), b[0]) for b in grid.rows[0][0].overflow.bars)
    e = snaps[0].layers[0].z.edges
    w = e[1] - e[0]
    assert [x for x, _ in rects] == pytest.approx([e[0] - 2 * w, e[0] - w])


def test_the_tooltip_goes_through_tr(qtbot, bracketed):
    marks = OverflowMarks()
    assert marks.toolTip().startswith("\u00ab") and "+N" in marks.toolTip()
