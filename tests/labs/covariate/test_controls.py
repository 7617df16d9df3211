"""The Covariate Shift Lab's settings form: lessons round-trip; the shift list follows the data set."""

from bnviz.labs.covariate.controls import ShiftControls
from bnviz.labs.covariate.model import CovariateConfig
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("shift", ShiftControls)


def test_shift_kinds_follow_points_and_images(qtbot):
    panel = ShiftControls(CovariateConfig())
    qtbot.addWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("translate"))
    panel.magnitude.setValue(0.45678)
    assert panel.config().shift.kind == "translate" and panel.config().shift.magnitude == 0.457
    panel.dataset.setCurrentIndex(panel.dataset.findData("digits"))
    cfg = panel.config()
    assert cfg.train.data.name == "digits" and cfg.shift.kind == "brightness"    # translate's image counterpart
    assert "brightness" in [panel.kind.itemData(i) for i in range(panel.kind.count())]
    assert "translate" not in [panel.kind.itemData(i) for i in range(panel.kind.count())]
    assert "pixel" in panel.amount.text()


def test_noisy_bn_and_the_hidden_bn_switch(qtbot):
    panel = ShiftControls(CovariateConfig())
    qtbot.addWidget(panel)
    assert not panel.bn.isVisibleTo(panel)              # this lab always trains the BN and no-BN twins
    panel.noise_shift.setValue(1.23456)
    panel.drift_every.setValue(7)
    cfg = panel.config()
    assert cfg.train.noise_shift == 1.235 and cfg.drift_every == 7
    assert cfg.train.net.batch_norm == CovariateConfig().train.net.batch_norm
