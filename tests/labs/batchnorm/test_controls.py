"""The Batch Norm Lab's settings form: every lesson shows and reads back unchanged; each widget writes its field."""

from bnviz.labs.batchnorm.controls import BatchNormControls
from bnviz.labs.batchnorm.model import BatchNormConfig
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("bn", BatchNormControls)


def test_widgets_write_their_fields(qtbot):
    panel = BatchNormControls(BatchNormConfig())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.config_changed) as sent:
        panel.twin.setCurrentIndex(panel.twin.findData("normalize"))
    assert sent.args[0].twin == "normalize" and panel.twin.currentText() == "normalized vs raw inputs"
    panel.depth.setValue(3)
    panel.width.setValue(7)
    panel.noise.setValue(0.123456)                 # the slider shows 2 decimals; the config keeps 3
    panel.beta2.setValue(0.9987654)            # 4 decimals shown, 5 kept
    panel.adam_eps.slider.setValue(0)              # the log slider's left end: 1e-10
    cfg = panel.config()
    assert cfg.train.net.hidden == (7, 7, 7)
    assert cfg.train.data.noise == 0.123
    assert cfg.train.optim.beta2 == 0.99877
    assert cfg.train.optim.eps == 1e-10
    assert panel.findChild(type(panel.lr), "learning_rate") is panel.lr
    assert panel.placement.itemText(0) == "on z, before activation"


def test_a_refused_setting_is_named_and_not_sent(qtbot):
    panel = BatchNormControls(BatchNormConfig())
    qtbot.addWidget(panel)
    sent = []
    panel.config_changed.connect(sent.append)
    panel.decay.setCurrentIndex(panel.decay.findData("exponential"))   # rate 0 is invalid for it
    assert "decay_rate" in panel.error.text() and sent == []
    panel.decay_rate.setValue(0.5)
    assert panel.error.text() == "" and sent[-1].train.optim.decay == "exponential"
    assert sent[-1].train.optim.decay_rate == 0.5


def test_hand_made_on_digits_says_what_to_do_and_sends_nothing(qtbot):
    from dataclasses import replace

    from bnviz.engine.data import CUSTOM

    cfg = BatchNormConfig()
    cfg = replace(cfg, train=replace(cfg.train, data=replace(cfg.train.data, name="digits", n_classes=10)))
    panel = BatchNormControls(cfg)
    qtbot.addWidget(panel)
    sent = []
    panel.config_changed.connect(sent.append)
    panel.dataset.setCurrentIndex(panel.dataset.findData(CUSTOM))
    assert panel.error.text().startswith("hand-made points need a 2-D data set") and sent == []
    assert panel.config().train.data.name == "digits"
