"""A search lesson's claims are measured on trials as long as the ones its window trains.

``check-lessons`` may train fewer steps than the GUI for a slow lesson, but a
trial's score depends on its length: a claim checked on 150-step trials says
nothing of the 300-step trials the lecturer shows (H3's median gain held at
200 steps and not at 300 on seed 2). So every claim about trained trials uses
the lesson's own ``steps``; 0 marks a claim about the planned trials alone.
"""

from bnviz.app.presets import all_presets


def test_every_claim_trains_its_trials_as_long_as_the_lesson_does():
    search = [p for p in all_presets() if p.lab == "search"]
    assert {p.row for p in search} == {"H1", "H2", "H3", "H4", "H5", "H6"}
    wrong = [(p.row, c.id, c.steps, p.state["config"]["steps"]) for p in search for c in p.claims
             if c.steps not in (0, p.state["config"]["steps"])]
    assert not wrong, wrong
