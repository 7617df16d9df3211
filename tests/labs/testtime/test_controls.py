"""The test-time lab's settings form: lessons round-trip; BN stays on; depth and width make the hidden layers."""

from bnviz.labs.testtime import controls
from bnviz.labs.testtime.model import TestTimeConfig
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("testtime", controls.TestTimeControls)


def test_hidden_layers_momentum_and_correction(qtbot):
    panel = controls.TestTimeControls(TestTimeConfig())
    qtbot.addWidget(panel)
    panel.depth.setValue(3)
    panel.width.setValue(40)
    panel.momentum.setValue(0.91234)
    panel.unbiased.click()
    cfg = panel.config()
    assert cfg.train.net.hidden == (40, 40, 40) and cfg.train.net.batch_norm is True
    assert cfg.train.net.bn_momentum == 0.9123
    assert cfg.unbiased is not TestTimeConfig().unbiased
    assert "11 batches" in panel.window_label.text()          # 1 / (1 - 0.912)
    assert panel.batch_size.findData(2) == -1                 # batches of 1 or 2 have no variance to show
