"""The training worker process: real engine numbers, named actions, long jobs, and a clean end."""

import numpy as np
import pytest


def _twin_recipe():
    from functools import partial

    from bnviz.engine.config import TrainConfig
    from bnviz.engine.data import DataConfig
    from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer

    return partial(TwinTrainer, BatchNormConfig(train=TrainConfig(data=DataConfig(name="moons", n_samples=100))))


@pytest.fixture
def process_bridge(qtbot):
    """A bridge whose loop runs in a worker process, with its first frame in; ends it after the test."""
    from bnviz.bridge.training import TrainingBridge

    bridge = TrainingBridge(_twin_recipe)
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
    from bnviz.labs.batchnorm.model import TwinTrainer

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
    bridge.invoke(TwinTrainer.probe, "an argument too many")
    qtbot.waitUntil(lambda: any("action failed: TypeError" in f.notice for f in frames), timeout=10000)
    bridge.step(3)                                  # the worker lives on after a failed action
    qtbot.waitUntil(lambda: frames[-1].step == 8, timeout=10000)
    bridge.play()
    qtbot.waitUntil(lambda: frames[-1].step > 30 and frames[-1].playing, timeout=20000)


def test_a_worker_process_that_dies_leaves_the_last_frame_and_a_notice(process_bridge, qtbot):
    bridge, frames = process_bridge
    bridge._child._process.kill()
    qtbot.waitUntil(lambda: "training stopped" in frames[-1].notice, timeout=10000)
    assert not frames[-1].playing and frames[-1].snapshot is frames[-2].snapshot


CRASHING_APP = """
import os, sys, time
from functools import partial
from PySide6.QtCore import QCoreApplication
from bnviz.bridge.training import TrainingBridge
from bnviz.engine.config import TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer

if __name__ == "__main__":
    app = QCoreApplication([])
    recipe = partial(TwinTrainer, BatchNormConfig(train=TrainConfig(data=DataConfig(name="moons", n_samples=100))))
    bridge = TrainingBridge(lambda: recipe)
    bridge.frame.connect(lambda f: (print(bridge._child._process.pid, flush=True), os._exit(0)))
    bridge.start()
    bridge.play()
    app.exec()
"""


def test_the_training_process_ends_when_the_app_dies_without_cleaning_up(tmp_path):
    import os
    import subprocess
    import sys
    import time

    script = tmp_path / "crashing_app.py"
    script.write_text(CRASHING_APP)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "out.txt"
    with open(out, "w") as f:       # a file, not a pipe: the orphan would hold a pipe open
        subprocess.run([sys.executable, str(script)], stdout=f, stderr=subprocess.STDOUT, timeout=120, env=env)
    pid = int(out.read_text().split()[0])

    def alive() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        with open(f"/proc/{pid}/stat") as f:       # a zombie waiting for its reaper is gone too
            return f.read().split()[2] != "Z"

    end = time.monotonic() + 5.0
    while alive() and time.monotonic() < end:
        time.sleep(0.05)
    assert not alive()
