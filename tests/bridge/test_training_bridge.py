"""The training worker keeps going when a lab action fails."""


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
