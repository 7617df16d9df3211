"""A re-style (presentation mode) re-sizes superqt's slider value boxes for their new font."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from superqt import QLabeledDoubleSlider

from bnviz.ui import theme


def test_a_labeled_sliders_value_stays_whole_at_the_presentation_scale(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    slider.setDecimals(3)
    slider.setRange(0.0, 0.999)
    slider.setValue(0.9)
    QVBoxLayout(root).addWidget(slider)
    root.show()
    qtbot.waitExposed(root)
    box = slider.findChild(QLineEdit)
    normal = box.width()
    old = theme.scale()
    try:
        theme.apply("light", 1.6)
        theme.restyle(root, old)
        # superqt alone keeps the box it sized when shown: "0.900" read ".900" in presentation mode
        assert box.width() >= box.fontMetrics().horizontalAdvance(box.text()) and box.width() > normal
    finally:
        theme.apply("light", old)
        theme.restyle(root, 1.6)
    assert box.width() == normal
