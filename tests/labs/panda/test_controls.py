"""The Panda vs Caviar lab's settings form: lessons round-trip; a range moved as a whole; a new draw."""

from bnviz.labs.panda.controls import PandaControls
from bnviz.labs.panda.model import PandaLabConfig
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("panda", PandaControls)


def test_fields_budget_and_draw(qtbot):
    panel = PandaControls(PandaLabConfig())
    qtbot.addWidget(panel)
    panel.n_models.setValue(5)
    panel.race_steps.setValue(40)
    panel.beta_hi.setValue(0.9987123)           # 4 decimals shown, 5 kept
    cfg = panel.config()
    assert cfg.n_models == 5 and cfg.race_steps == 40 and cfg.train.optim.name == PandaLabConfig().train.optim.name
    assert cfg.beta_to == 0.99871
    assert f"{cfg.budget} model-steps" in panel.budget_note.text()
    with qtbot.waitSignal(panel.config_changed) as sent:
        panel.resample.click()
    assert sent.args[0].draw == cfg.draw + 1


def test_moving_both_ends_of_a_range_at_once(qtbot):
    """The config is rebuilt from all widgets in one go: an end passing the other's old place is fine."""
    panel = PandaControls(PandaLabConfig())
    qtbot.addWidget(panel)
    old = panel.config()
    lo, hi = max(old.lr_to * 3, 0.5), max(old.lr_to * 9, 2.0)
    panel._building = True                  # move both widgets, then read them once
    panel.lr_hi.setValue(hi)
    panel.lr_lo.setValue(lo)
    panel._building = False
    panel.changed()
    assert panel.error.text() == ""
    assert (panel.config().lr_from, panel.config().lr_to) == (lo, hi)
