"""The Panda vs Caviar lab driven through its widgets, checked against the engine's snapshots."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bnviz.engine.data import DataConfig
from bnviz.labs.panda.model import DEFAULT_TRAIN, Panda, sample_hyperparameters
from bnviz.labs.panda.page import PandaPage
from bnviz.labs.panda.panels.caviar import BEST_COLOR, STOPPED_COLOR

WAIT = 15000


@pytest.fixture
def lab(qtbot):
    page = PandaPage()         # not qtbot.addWidget: pytest-qt would delete it before the shutdown below
    page.resize(1100, 640)
    page.show()
    page.ensure_started()
    qtbot.waitUntil(lambda: page.frame is not None, timeout=WAIT)
    yield page
    # let the worker go idle first: a shutdown that lands while it applies a command can find the
    # generator parked at a yield that superqt never resumes (a race in TrainingBridge.shutdown)
    page.bridge.pause()
    qtbot.wait(200)
    assert page.shutdown(2.0)
    page.close()
    page.deleteLater()


def wait(qtbot, lab, pred):
    qtbot.waitUntil(lambda: lab.frame is not None and pred(lab.frame.snapshot), timeout=WAIT)


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_changing_alpha_mid_run_marks_the_current_step(lab, qtbot):
    lab.bridge.step(40)
    wait(qtbot, lab, lambda s: s.panda.step == 40)
    click(qtbot, lab.panda.lr_up)
    wait(qtbot, lab, lambda s: len(s.panda.marks) == 1)
    s = lab.frame.snapshot.panda
    mark = s.marks[0]
    assert (mark.step, mark.kind, mark.label) == (40, "lr", "\u03b1 0.05 \u2192 0.1")
    assert s.step == 40 and s.learning_rate == 0.1            # no reset; takes effect from the next step
    line = lab.panda._mark_lines[0]
    assert line.isVisible() and line.value() == 40 and line.label.toPlainText() == mark.label
    assert lab.panda.lr.value() == 0.1
    lab.panda.beta.setValue(0.95)                              # the momentum dial: a second, different mark
    wait(qtbot, lab, lambda s: len(s.panda.marks) == 2)
    assert lab.frame.snapshot.panda.marks[1].kind == "beta" and lab.frame.snapshot.panda.beta == 0.95
    lab.bridge.step(10)
    wait(qtbot, lab, lambda s: s.panda.step == 50)
    s = lab.frame.snapshot.panda
    assert s.history["lr"][-1] == 0.1
    x, y = lab.panda.val_curve.getData()
    np.testing.assert_array_equal(x, s.history["step"])
    np.testing.assert_array_equal(y, s.history["val_loss"])


def test_roll_back_restores_the_checkpoint_and_continues_deterministically(lab, qtbot):
    lab.bridge.step(100)
    wait(qtbot, lab, lambda s: s.panda.step == 100)
    for _ in range(3):
        click(qtbot, lab.panda.lr_up)                          # 0.05 -> 0.4: a change that hurts
    wait(qtbot, lab, lambda s: len(s.panda.marks) == 3)
    lab.bridge.step(30)
    wait(qtbot, lab, lambda s: s.panda.step == 130)
    ckpts = lab.frame.snapshot.panda.checkpoints
    assert [c.step for c in ckpts] == [0, 50, 100]
    lab.panda.checkpoints.setCurrentRow(1)                     # step 50
    click(qtbot, lab.panda.rollback)
    wait(qtbot, lab, lambda s: s.panda.step == 50)
    s = lab.frame.snapshot.panda
    assert s.last("val_loss") == ckpts[1].val_loss            # exactly the checkpoint's loss
    assert s.learning_rate == 0.05 and lab.panda.lr.value() == 0.05   # the dial follows the restored run
    assert [m.kind for m in s.marks] == ["rollback"]
    assert lab.panda.branch_curves[0].isVisible()
    np.testing.assert_array_equal(lab.panda.branch_curves[0].getData()[0], s.branches[0].step)
    lab.bridge.step(20)
    wait(qtbot, lab, lambda s: s.panda.step == 70)
    again = Panda(lab.config().engine_config().panda)          # the same run, never interrupted
    again.run(70)
    expect = again.snapshot().history
    got = lab.frame.snapshot.panda.history
    for k in ("step", "val_loss", "train_loss", "batch_loss"):
        np.testing.assert_array_equal(got[k], expect[k], err_msg=k)


def test_caviar_curves_appear_for_n_models(lab, qtbot):
    lab.controls.n_models.setValue(8)
    lab.tabs.setCurrentWidget(lab.caviar)
    wait(qtbot, lab, lambda s: s.mode == "caviar" and s.caviar.n_models == 8)
    lab.bridge.step(20)
    wait(qtbot, lab, lambda s: s.caviar.step == 20)
    s = lab.frame.snapshot.caviar
    visible = [c for c in lab.caviar.curves if c.isVisible()]
    assert len(visible) == 8
    for i, c in enumerate(visible):
        x, y = c.getData()
        np.testing.assert_array_equal(x, s.history["step"])
        np.testing.assert_array_equal(y, s.history["val_loss"][:, i])
    assert len({c.opts["pen"].color().name() for c in visible}) > 1   # coloured by alpha
    np.testing.assert_array_equal(lab.caviar.best_curve.getData()[1], s.history["val_loss"][:, s.best])
    assert lab.caviar.best_curve.opts["pen"].color().name() == BEST_COLOR
    assert f"model {s.best}" in lab.caviar.best_label.text()
    lo, hi = lab.controls.lr_lo.value(), lab.controls.lr_hi.value()
    assert ((s.learning_rates >= lo) & (s.learning_rates <= hi)).all()
    assert s.learning_rates == pytest.approx(
        sample_hyperparameters(8, (lo, hi), None, DEFAULT_TRAIN.seed)[0])


def test_successive_halving_greys_out_the_stopped_models(lab, qtbot):
    lab.controls.n_models.setValue(8)
    lab.controls.rung.setValue(10)
    lab.controls.halving.setChecked(True)
    lab.controls.tune_beta.setChecked(True)
    lab.tabs.setCurrentWidget(lab.caviar)
    wait(qtbot, lab, lambda s: s.mode == "caviar" and s.caviar.config.halving
         and s.caviar.config.betas is not None)
    lab.caviar.color_by.setCurrentIndex(1)                     # colour by momentum
    lab.bridge.step(12)
    wait(qtbot, lab, lambda s: s.caviar.step == 12)
    s = lab.frame.snapshot.caviar
    assert s.n_active == 4 and s.rungs == (10,)
    for i, c in enumerate(lab.caviar.curves[:8]):
        grey = c.opts["pen"].color().name() == STOPPED_COLOR
        assert grey == (not s.active[i]), i
    assert lab.caviar.rung_lines[0].isVisible() and lab.caviar.rung_lines[0].value() == 10
    assert "4 stopped by halving" in lab.caviar.counts.text()


def test_the_race_ends_with_both_sides_compared(lab, qtbot):
    lab.controls.n_models.setValue(4)
    lab.controls.race_steps.setValue(20)
    lab.controls.race_check.setValue(10)
    lab.tabs.setCurrentWidget(lab.race)
    wait(qtbot, lab, lambda s: s.mode == "race" and s.race.budget == 80)
    lab.bridge.play()
    wait(qtbot, lab, lambda s: s.race.done)
    r = lab.frame.snapshot.race
    assert r.panda_compute == r.caviar_compute == 80
    assert lab.race.progress.value() == 80
    text = lab.race.result.text()
    assert ("wins" in text or "tie" in text) and f"{r.result.caviar_val_loss:.3f}" in text
    assert "race: 80/80" in lab.status(lab.frame)[0]


def test_a_bad_setting_shows_its_error_and_never_reaches_the_engine(lab, qtbot):
    lab.controls.optimizer.setCurrentIndex(lab.controls.optimizer.findData("sgd"))
    lab.controls.tune_beta.setChecked(True)
    assert "momentum" in lab.controls.error.text()
    assert not lab.config().tune_beta and lab.config().engine_config().caviar.betas is None
    assert lab.config().train.optim.name == "sgd"             # the valid change before it did go through
    lab.controls.tune_beta.setChecked(False)
    assert lab.controls.error.text() == ""


def test_registered_in_the_window_and_state_is_json(window, qtbot):
    lab = window.lab_by_key("panda")
    assert lab.title == "Panda vs Caviar"
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=WAIT)
    window.step_action.trigger()
    qtbot.waitUntil(lambda: lab.frame.snapshot.panda.step == 1, timeout=WAIT)
    json.dumps(lab.state())
    lab.apply_config(replace(lab.config(), train=replace(DEFAULT_TRAIN, data=DataConfig(name="moons", noise=0.25)),
                             mode="caviar", n_models=6))
    qtbot.waitUntil(lambda: lab.frame.snapshot.caviar.n_models == 6
                    and lab.frame.snapshot.caviar.config.train.data.name == "moons", timeout=WAIT)
    assert lab.config().mode == "caviar" and lab.controls.dataset.currentData() == "moons"
    assert lab.tabs.currentWidget() is lab.caviar and lab.controls.n_models.value() == 6


def test_a_session_keeps_the_checkpoints_metadata_read_only(lab, qtbot):
    lab.bridge.step(60)
    wait(qtbot, lab, lambda s: s.panda.step == 60)
    click(qtbot, lab.panda.lr_up)
    wait(qtbot, lab, lambda s: len(s.panda.marks) == 1)
    p = lab.frame.snapshot.panda
    state = json.loads(json.dumps(lab.state(), allow_nan=False))       # strict JSON, no weights
    assert set(state) == {"config", "checkpoints", "marks"}
    assert [c["step"] for c in state["checkpoints"]] == [c.step for c in p.checkpoints]
    assert state["checkpoints"][-1]["val_loss"] == p.checkpoints[-1].val_loss
    assert state["marks"] == [{"step": 60, "kind": "lr", "label": p.marks[0].label,
                               "learning_rate": 0.1, "beta": p.marks[0].beta}]
    assert set(state["checkpoints"][0]) == {"step", "epoch", "val_loss", "val_acc", "learning_rate", "beta"}
    # the config saves where the babysat run is now (the dials), so a reopened session starts there
    assert state["config"]["train"]["optim"]["learning_rate"] == 0.1 and state["config"]["mode"] == "panda"
    assert lab.config().train.optim.learning_rate == 0.05              # the config itself is the start

    bad = {**state, "checkpoints": [{**state["checkpoints"][0], "val_loss": "abc"}]}
    with pytest.raises(ValueError, match=r"checkpoints\[0\]\.val_loss"):
        lab.apply_state(bad)
    with pytest.raises(ValueError, match=r"marks\[0\]\.kind"):
        lab.apply_state({**state, "marks": [{**state["marks"][0], "kind": "teleport"}]})
    with pytest.raises(ValueError, match=r"checkpoints\[0\]\.val_acc"):           # too large for a float
        lab.apply_state({**state, "checkpoints": [{**state["checkpoints"][0], "val_acc": 10**400}]})
    with pytest.raises(ValueError, match=r"marks\[0\]\.label") as refused:
        lab.apply_state({**state, "marks": [{**state["marks"][0], "label": "x" * 10**5}]})
    assert len(str(refused.value)) <= 120                                 # a huge value is never quoted whole
    for config in ({"n_models": "25"}, {"n_models": 2.5}, {"tune_beta": "yes"}, {"mode": "zoo"},
                   {"lr_from": 2.0, "lr_to": 1.0}, {"train": {"optim": {"learning_rate": True}}}, {"typo": 1}):
        with pytest.raises(ValueError, match=f"config.*{next(iter(config))}"):
            lab.apply_state({**state, "config": config})
    with pytest.raises(ValueError, match="controls"):
        lab.apply_state({**state, "controls": {}})                       # the old loose form: unknown field
    assert lab.state() == state and lab.panda.saved_texts() == []        # refused: nothing changed
    assert lab.controls.n_models.value() == 25

    lab.apply_state(state)          # a reopened session: its checkpoints are listed, read-only
    texts = lab.panda.saved_texts()
    assert len(texts) == len(state["checkpoints"]) + 1
    assert all(t.startswith("saved session: step") for t in texts)
    assert any(p.marks[0].label in t for t in texts)
    assert f"val loss {state['checkpoints'][-1]['val_loss']:.3f}" in texts[-2] + texts[-1]
    saved_item = lab.panda.checkpoints.item(0)
    assert not saved_item.flags() & Qt.ItemFlag.ItemIsSelectable
    assert saved_item.data(Qt.ItemDataRole.UserRole) is None      # no step to roll back to: no weights saved
    assert lab.state()["checkpoints"] == state["checkpoints"]
    assert lab.config().train.optim.learning_rate == 0.1

    lab.bridge.reset()              # the restored settings' run starts at the saved alpha
    wait(qtbot, lab, lambda s: s.panda.step == 0 and s.panda.compute == 0)
    assert lab.frame.snapshot.panda.learning_rate == 0.1 and lab.panda.lr.value() == 0.1
    assert lab.state()["checkpoints"] == state["checkpoints"]       # not trained yet: the session's are kept
