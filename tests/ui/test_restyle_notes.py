"""F11's scale reaches what a plot fixed at build time: two-line tick names' axis height, notes on the data."""

from bnviz.labs.testtime.panels.accuracy import InferenceAccuracyPanel
from bnviz.ui import theme


def test_presentation_scale_grows_fixed_axes_and_notes_and_gives_them_back(qtbot):
    theme.apply("light", 1.0)
    panel = InferenceAccuracyPanel()
    qtbot.addWidget(panel)
    axis = panel.bars_plot.getAxis("bottom")       # "running\nestimates": two lines of tick names
    height, size = axis.fixedHeight, panel.same_note.textItem.font().pointSizeF()
    try:
        theme.apply("light", 1.6)
        theme.restyle(panel, 1.0)
        assert axis.fixedHeight == round(height * 1.6)
        assert abs(panel.same_note.textItem.font().pointSizeF() - size * 1.6) < 1e-6
    finally:
        theme.apply("light", 1.0)
        theme.restyle(panel, 1.6)
    assert axis.fixedHeight == height and abs(panel.same_note.textItem.font().pointSizeF() - size) < 1e-6
