"""The Softmax Lab's settings form: lessons round-trip; 0 hidden layers is softmax regression."""

from bnviz.labs.softmax.controls import SoftmaxControls
from bnviz.labs.softmax.model import SoftmaxConfig
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("softmax", SoftmaxControls)


def test_depth_zero_keeps_the_width_for_later(qtbot):
    panel = SoftmaxControls(SoftmaxConfig())
    qtbot.addWidget(panel)
    panel.width.setValue(24)
    panel.depth.setValue(0)
    assert panel.config().train.net.hidden == () and not panel.width.isEnabled()
    panel.set_config(panel.config())                 # showing a config without hidden layers keeps the 24
    assert panel.width.value() == 24
    panel.depth.setValue(2)
    assert panel.config().train.net.hidden == (24, 24) and panel.width.isEnabled()
    panel.lr.setValue(0.3)
    panel.changed()
    assert panel.config().train.optim.learning_rate == 0.3
