"""GUI responsiveness while the Batch Norm Lab trains the BN paper network in twin mode.

Prints event-loop lateness of a 5 ms QTimer (p50/p99/max), histogram frames
drawn per second, and training steps per second with the GUI attached
compared with the engine alone on the same twin workload in the same run.
Runs on Qt's offscreen platform, in Qt's own event loop (as the app does);
the lab trains in its worker process, as in the app.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SECONDS = 8.0


def engine_alone(cfg, seconds: float) -> float:
    from threadpoolctl import threadpool_limits

    from bnviz.labs.batchnorm.model import TwinTrainer

    tw = TwinTrainer(cfg)      # the lesson's tab is not the regions: no decision maps
    with threadpool_limits(1):
        tw.run(20)
        t0, n = time.perf_counter(), 0
        while time.perf_counter() - t0 < seconds:
            tw.step()
            n += 1
        return n / (time.perf_counter() - t0)


def run_event_loop(seconds: float) -> None:
    """Qt's own event loop, as in the app (app.quit() would also stop superqt's workers)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class Lateness:
    """How late a 5 ms QTimer fires: the GUI's responsiveness as a user feels it."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.values: list[float] = []
        self._clock = QElapsedTimer()
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        if self._last is not None:
            self.values.append(max(0.0, now - self._last - 5.0))
        self._last = now

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def report(self, prefix: str) -> None:
        lat = np.array(self.values)
        print(f"{prefix}_lateness_p50: {np.percentile(lat, 50):.2f} ms")
        print(f"{prefix}_lateness_p99: {np.percentile(lat, 99):.2f} ms")
        print(f"{prefix}_lateness_max: {lat.max():.2f} ms")


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.setswitchinterval(0.001)
    from PySide6.QtCore import QSettings

    from bnviz import schema
    from bnviz.app.application import create_window, ensure_app, keep_collector_short
    from bnviz.app.presets import find_preset
    from bnviz.labs.batchnorm.model import BatchNormConfig
    from bnviz.labs.search.bridge import IMPORTS_WARM

    app = ensure_app()
    preset = find_preset("bn-paper-figure1")
    cfg = schema.from_json(BatchNormConfig, preset.state["config"])
    before = engine_alone(cfg, 3.0)
    with tempfile.TemporaryDirectory() as tmp:
        win = create_window("light", 1.0, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        win.resize(1366, 768)
        win.show()
        win.open_preset(preset)
        # the app's first seconds import scipy in the background (the search lab's quasi-random
        # sampler), holding the GIL for long stretches: measure the steady state after that
        IMPORTS_WARM.wait(60)
        keep_collector_short()                  # as the app does once its window is up
        lab = win.lab
        frames = []
        lab.frame_shown.connect(lambda f: frames.append((time.perf_counter(), f.step)))
        app.processEvents()
        lateness = Lateness()
        win.toggle_play()
        run_event_loop(1.0)                     # warm-up
        frames.clear()
        lateness.start()
        t0 = time.perf_counter()
        run_event_loop(SECONDS)
        lateness.stop()
        win.toggle_play()
        elapsed = time.perf_counter() - t0
        fps = len(frames) / elapsed
        gui_sps = (frames[-1][1] - frames[0][1]) / (frames[-1][0] - frames[0][0]) if len(frames) > 1 else 0.0
        search = search_lateness(win)
        win.close()
    alone = (before + engine_alone(cfg, 3.0)) / 2      # before and after: this machine's speed drifts
    lateness.report("gui")
    print(f"gui_frames_per_second: {fps:.1f} frames/s")
    print(f"gui_training_steps_per_second: {gui_sps:.1f} twin-steps/s")
    print(f"engine_alone_steps_per_second: {alone:.1f} twin-steps/s")
    print(f"gui_vs_engine_alone: {gui_sps / alone:.2f} ratio")
    search.report("gui_during_search")


SEARCH_REPEATS = 3     # one H1 search takes ~3 s: too few timer ticks for a steady p99


def search_lateness(win) -> Lateness:
    """The GUI's lateness while the H1 lesson's search runs its real trials on the process pool."""
    from bnviz.app.presets import find_preset

    win.open_preset(find_preset("what-to-tune"))
    lab = win.lab
    lateness = Lateness()
    run_event_loop(0.5)
    lateness.start()
    t0, trials = time.perf_counter(), 0
    for _ in range(SEARCH_REPEATS):
        lab.bridge.reset()
        run_event_loop(0.2)
        win.toggle_play()
        while lab.bridge.playing and time.perf_counter() - t0 < 120:
            run_event_loop(0.25)
        trials += lab.frame.snapshot.n_done
    lateness.stop()
    print(f"gui_during_search_trials: {trials} trials in {time.perf_counter() - t0:.1f} s")
    return lateness


if __name__ == "__main__":
    main()
