"""A lesson sets its pace: its speed in the toolbar, and Play pauses at the step where its point is made."""

from bnviz.app.presets import find_preset


def test_s3_plays_at_its_speed_and_pauses_at_step_400(window, qtbot):
    preset = find_preset("S3")
    assert preset.speed > 0 and preset.pause_at == 400
    window.open_preset(preset)
    lab = window.lab
    assert window.speed.currentData() == preset.speed and lab.bridge.pause_at == 400
    window.speed.setCurrentIndex(window.speed.findData(0.0))   # as fast as possible: still stops there
    window.play_action.trigger()
    qtbot.waitUntil(lambda: lab.frame is not None and lab.frame.step == 400 and not lab.frame.playing,
                    timeout=30000)
    assert not window.play_action.isChecked()
    window.play_action.trigger()                                 # Space goes on past the point
    qtbot.waitUntil(lambda: lab.frame.step > 400, timeout=20000)
    window.play_action.trigger()


def test_a_lesson_without_a_pace_plays_as_fast_as_possible(window):
    preset = find_preset("B2")
    window.open_preset(preset)
    assert window.speed.currentData() == 0.0 and window.lab.bridge.pause_at == 0
