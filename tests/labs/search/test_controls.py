"""The search lab's settings form: lessons round-trip; the data-shift target follows the data set."""

from bnviz.labs.search.controls import SearchControls
from bnviz.labs.search.model import SearchConfig, shift_target
from tests.ui.form_checks import round_trip_test


test_every_lesson_round_trips = round_trip_test("search", SearchControls)


def test_fields_and_the_shift_button(qtbot):
    panel = SearchControls(SearchConfig())
    qtbot.addWidget(panel)
    panel.budget.setValue(17)
    panel.compare.setChecked(not SearchConfig().compare)
    panel.objective.setCurrentIndex(panel.objective.findData("real"))
    cfg = panel.config()
    assert cfg.budget == 17 and cfg.compare is not SearchConfig().compare and cfg.objective == "real"
    assert panel.steps.isEnabled() and panel.shift_button.isEnabled()
    assert panel.budget.suffix() == " trials"
    panel.set_config(cfg)
    assert panel.shift_data.currentData() == shift_target(cfg.dataset)
    with qtbot.waitSignal(panel.shift_requested) as asked:
        panel.shift_button.click()
    assert asked.args == [shift_target(cfg.dataset)]
