"""The training worker keeps going when a lab action fails."""

import numpy as np
import pytest


def test_a_failing_action_is_reported_and_the_worker_lives_on(qtbot):
    from bnviz.bridge.training import TrainingBridge
    from bnviz.engine.config import TrainConfig
    from bnviz.engine.data import DataConfig
    from bnviz.engine.trainer import TwinTrainer

    cfg = TrainConfig(data=DataConfig(name="moons", n_samples=100))
    bridge = TrainingBridge(lambda: TwinTrainer(cfg))
    frames = []
    bridge.frame.connect(frames.append)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bool(frames), timeout=10000)
        bridge.call(lambda model: 1 / 0)
        qtbot.waitUntil(lambda: any("ZeroDivisionError" in f.notice for f in frames), timeout=10000)
        bridge.step(3)
        qtbot.waitUntil(lambda: frames[-1].step == 3, timeout=10000)
    finally:
        assert bridge.shutdown(2.0)


def _twin_recipe():
    from functools import partial

    from bnviz.engine.config import TrainConfig
    from bnviz.engine.data import DataConfig
    from bnviz.engine.trainer import TwinTrainer

    return partial(TwinTrainer, TrainConfig(data=DataConfig(name="moons", n_samples=100)))


@pytest.fixture
def process_bridge(qtbot):
    """A bridge whose loop runs in a worker process, with its first frame in; ends it after the test."""
    from bnviz.bridge.training import TrainingBridge

    bridge = TrainingBridge(_twin_recipe, in_process=True)
    frames = []
    bridge.frame.connect(frames.append)
    bridge.start()
    process = bridge._child._process
    try:
        qtbot.waitUntil(lambda: bool(frames), timeout=20000)
        yield bridge, frames
    finally:
        assert bridge.shutdown(2.0)
    assert not process.is_alive()


def test_a_worker_process_trains_and_takes_named_actions(process_bridge, qtbot):
    from bnviz.engine.trainer import TwinTrainer

    bridge, frames = process_bridge
    bridge.step(5)
    qtbot.waitUntil(lambda: frames[-1].step == 5, timeout=10000)
    # the same steps on this thread give the same numbers: the child runs the real engine
    local = _twin_recipe()()
    assert isinstance(local, TwinTrainer)
    local.run(5)
    local.probe()                              # as after any manual step
    for mine, theirs in zip(local.snapshot(), frames[-1].snapshot):
        np.testing.assert_array_equal(mine.layers[0].z.counts, theirs.layers[0].z.counts)
        assert mine.last("val_loss") == theirs.last("val_loss")
    bridge.invoke("no_such_method")
    qtbot.waitUntil(lambda: any("AttributeError" in f.notice for f in frames), timeout=10000)
    with pytest.raises(TypeError, match="invoke"):
        bridge.call(lambda model: None)       # a closure cannot travel to another process
    bridge.play()
    qtbot.waitUntil(lambda: frames[-1].step > 30 and frames[-1].playing, timeout=20000)


def test_a_worker_process_that_dies_leaves_the_last_frame_and_a_notice(process_bridge, qtbot):
    bridge, frames = process_bridge
    bridge._child._process.kill()
    qtbot.waitUntil(lambda: "training stopped" in frames[-1].notice, timeout=10000)
    assert not frames[-1].playing and frames[-1].snapshot is frames[-2].snapshot
