"""Legends never cover what is plotted, and list every series once (issue 12).

Each lesson is opened on its lab's page alone (as ``bnviz export`` does),
trained a few real steps headless (``run_lab``: the lesson's own model, in
this process) and drawn; then every tab of the page is shown in turn and,
for every visible plot with a legend, every plotted point (curve and
scatter data, bar rectangles) that lies inside the view box is mapped to
scene coordinates and must lie outside the legend's scene rectangle.  The
legend must also lie inside its plot, and no name may appear twice in it.
Lessons run at a classroom window size and again at the presentation
scale, where the text is larger and the legends take more room.
"""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from bnviz.app.headless import run_lab
from bnviz.app.presets import all_presets
from bnviz.ui import theme
from bnviz.ui.legend import OutsideLegend

#: real steps per lesson: enough for every panel to draw its curves and bars (a search step is a trial)
STEPS = {"search": 4, "panda": 40}
DEFAULT_STEPS = 60
PRESETS = sorted(all_presets(), key=lambda p: p.order)


def _scene_points(item) -> np.ndarray:
    """(n, 2) scene coordinates of the finite points ``item`` draws (empty for non-data items)."""
    if isinstance(item, (pg.PlotDataItem, pg.ScatterPlotItem)):
        x, y = item.getData()
        if x is None or y is None or len(x) == 0:
            return np.empty((0, 2))
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
        t = item.sceneTransform()
        return np.column_stack([t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()])
    return np.empty((0, 2))


def _bar_rects(item) -> list[QRectF]:
    """The scene rectangles of a BarGraphItem's bars."""
    if not isinstance(item, pg.BarGraphItem):
        return []
    o = item.opts
    x, h = o.get("x"), o.get("height")
    if x is None or h is None or len(np.atleast_1d(x)) == 0:
        return []
    x, h = np.broadcast_arrays(np.atleast_1d(np.asarray(x, float)), np.atleast_1d(np.asarray(h, float)))
    w = np.broadcast_to(np.asarray(o.get("width", 1.0) or 1.0, float), x.shape)
    y0 = np.broadcast_to(np.asarray(o.get("y0", 0.0) or 0.0, float), x.shape)
    out = []
    for xi, hi, wi, yi in zip(x, h, w, y0):
        if np.isfinite(xi) and np.isfinite(hi):
            out.append(item.mapRectToScene(QRectF(xi - wi / 2, min(yi, yi + hi), wi, abs(hi))))
    return out


def legend_problems(plot: pg.PlotWidget) -> list[str]:
    """What is wrong with ``plot``'s legend: covered data, a repeated name, a legend outside its plot."""
    item = plot.getPlotItem()
    legend = item.legend
    if legend is None or not legend.isVisible() or not legend.items:
        return []
    title = item.titleLabel.text[:40] if item.titleLabel.isVisible() else plot.objectName()
    out = []
    names = [label.text for _, label in legend.items]
    if len(set(names)) != len(names):
        out.append(f"{title!r}: legend repeats names {names}")
    box = legend.mapRectToScene(legend.boundingRect())
    whole = item.mapRectToScene(item.boundingRect())
    if not whole.adjusted(-1, -1, 1, 1).contains(box):
        out.append(f"{title!r}: legend {box} reaches outside its plot {whole}")
    view = item.vb.mapRectToScene(item.vb.boundingRect())
    for it in item.vb.addedItems:
        if not it.isVisible():
            continue
        pts = _scene_points(it)
        if len(pts):
            shown = ((pts[:, 0] >= view.left()) & (pts[:, 0] <= view.right())
                     & (pts[:, 1] >= view.top()) & (pts[:, 1] <= view.bottom()))
            under = shown & ((pts[:, 0] >= box.left()) & (pts[:, 0] <= box.right())
                             & (pts[:, 1] >= box.top()) & (pts[:, 1] <= box.bottom()))
            if under.any():
                out.append(f"{title!r}: {int(under.sum())} points of {type(it).__name__} under the legend")
        hidden = [r for r in _bar_rects(it) if r.intersected(view).intersects(box)]
        if hidden:
            out.append(f"{title!r}: {len(hidden)} bars under the legend")
    return out


def _bring_forward(widget, page) -> None:
    """Make ``widget`` the shown page of every stack (tabs, reflowed panes) it sits in."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not page:
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


def _plots_with_legends(page) -> list[pg.PlotWidget]:
    return [w for w in page.findChildren(pg.PlotWidget) if w.isVisible() and w.getPlotItem().legend is not None]


def _check_every_tab(page) -> tuple[list[str], int]:
    """Show every tab of ``page`` in turn; the legend problems of every plot seen, and how many legends."""
    problems, seen = [], set()

    def look():
        for _ in range(3):
            QApplication.processEvents()
        for w in _plots_with_legends(page):
            for p in legend_problems(w):
                if p not in problems:
                    problems.append(p)
            if w.getPlotItem().legend.items:
                seen.add(id(w))

    look()
    for tabs in page.findChildren(QTabWidget):
        for i in range(tabs.count()):
            _bring_forward(tabs, page)
            tabs.setCurrentIndex(i)
            look()
    return problems, len(seen)


@pytest.fixture
def page_for(qapp):
    import bnviz.labs

    made = []

    def make(preset, size=(1100, 660)):
        page = bnviz.labs.spec(preset.lab).Page()
        made.append(page)
        page.resize(*size)
        page.show()
        page.apply_state(preset.state)
        return page

    yield make
    for page in made:
        page.shutdown(1.0)
        page.close()
        page.deleteLater()


@pytest.mark.parametrize("preset", PRESETS, ids=[p.row for p in PRESETS])
def test_legends_cover_no_plotted_point_after_a_lesson_run(page_for, preset):
    page = page_for(preset)
    run_lab(page, STEPS.get(preset.lab, DEFAULT_STEPS))
    problems, legends = _check_every_tab(page)
    assert not problems, "\n".join(problems)
    if preset.lab not in ("search",):       # every training lab shows at least one named series
        assert legends >= 1


@pytest.mark.parametrize("row", ["B3", "B8", "H7"])
def test_legends_stay_clear_at_the_presentation_scale(page_for, row):
    preset = next(p for p in PRESETS if p.row == row)
    old = theme.scale()
    theme.apply(theme.current().name, 1.6)
    try:
        page = page_for(preset, size=(1800, 950))
        run_lab(page, STEPS.get(preset.lab, DEFAULT_STEPS))
        problems, _ = _check_every_tab(page)
        assert not problems, "\n".join(problems)
        for w in page.findChildren(pg.PlotWidget):
            legend = w.getPlotItem().legend
            for sample, label in legend.items if legend is not None else ():
                assert label.opts["size"] == f"{8.5 * 1.6:.1f}pt"     # the text follows the scale
                assert sample.width() == pytest.approx(20 * 1.6)
    finally:
        theme.apply(theme.current().name, old)


def test_the_gamma_beta_tab_shows_every_unit_once_in_its_legend(page_for):
    """B3: the per-unit plots show all 32 units (no title widens them off screen); gamma, beta listed once."""
    preset = next(p for p in PRESETS if p.row == "B3")
    page = page_for(preset, size=(1000, 620))
    run_lab(page, 30)
    from bnviz.labs.batchnorm.panels.bnparams import BNParamsPanel

    panel = page.findChild(BNParamsPanel)
    _bring_forward(panel, page)
    for _ in range(3):
        QApplication.processEvents()
    gb = panel.gb.getPlotItem()
    assert [label.text for _, label in gb.legend.items] == ["\u03b3", "\u03b2"]
    assert isinstance(gb.legend, OutsideLegend)
    for plot in (panel.gb, panel.stats, panel.var):
        item = plot.getPlotItem()
        assert item.width() <= plot.width(), "the plot is laid out wider than its widget"
        x0, x1 = item.vb.viewRange()[0]
        assert x0 <= 0 and x1 >= 31, f"units {x0:.0f}..{x1:.0f} of 0..31 in view"
        right = item.vb.mapViewToScene(pg.Point(31, 0)).x()
        assert right <= plot.width(), "unit 31 is drawn off the widget"


def test_presentation_mode_rescales_legends_made_before_it(qtbot):
    """F11 re-applies the scale to existing entries (and to entries made after it), one row above the data."""
    from bnviz.ui.plots import make_plot

    old = theme.scale()
    root = QWidget()
    qtbot.addWidget(root)
    plot = make_plot("loss", "step", "loss", legend=True)
    QVBoxLayout(root).addWidget(plot)
    root.resize(700, 300)
    root.show()
    plot.plot([0, 1, 2], [1, 0.5, 0.2], pen="b", name="BN")
    plot.plot([0, 1, 2], [1, 0.8, 0.7], pen="r", name="no BN")
    plot.plot([0, 1, 2], [1, 0.8, 0.7], pen="r", name="no BN")     # a second item under the same name
    legend = plot.getPlotItem().legend
    height_at_1 = legend.height()
    try:
        theme.apply(theme.current().name, 1.6)
        theme.restyle(root, old)
        plot.plot([0, 1, 2], [0.9, 0.9, 0.9], pen="g", name="later")
        QApplication.processEvents()
        assert [label.text for _, label in legend.items] == ["BN", "no BN", "later"]
        assert {label.opts["size"] for _, label in legend.items} == {f"{8.5 * 1.6:.1f}pt"}
        assert all(sample.width() == pytest.approx(32) for sample, _ in legend.items)
        assert legend.columnCount == 3 and legend.height() > height_at_1     # one row, of larger text
        assert legend_problems(plot) == []
    finally:
        theme.apply(theme.current().name, old)
