"""The panda panel's side column grows with presentation mode's font instead of cutting its controls off."""

from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from bnviz.labs.panda.panels.babysit import PandaPanel
from bnviz.ui import theme


def test_presentation_mode_widens_the_side_column_and_its_buttons_keep_their_text(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    panel = PandaPanel()
    QVBoxLayout(root).addWidget(panel)
    root.resize(1800, 700)
    root.show()
    qtbot.waitExposed(root)
    side = panel.save.parentWidget()
    while side is not None and side.maximumWidth() != side.minimumWidth():   # the fixed-width column
        side = side.parentWidget()
    assert side is not None and side.width() == 240
    old = theme.scale()
    try:
        theme.apply("light", 1.6)
        theme.restyle(root, old)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: side.width() == 384, timeout=2000)
        qtbot.waitUntil(lambda: panel.save.width() >= panel.save.sizeHint().width(), timeout=2000)
        slider = panel.lr
        assert slider.label.minimumWidth() >= slider.label.fontMetrics().horizontalAdvance("0.0001")
        box = panel.beta.findChild(QLineEdit)       # beta's value: it read ".900" at 1920x1080 F11
        qtbot.waitUntil(lambda: box.width() >= box.fontMetrics().horizontalAdvance(box.text()), timeout=2000)
    finally:
        theme.apply("light", old)
        theme.restyle(root, 1.6)
    qtbot.waitUntil(lambda: side.width() == 240, timeout=2000)
