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

    from bnviz.engine.trainer import TwinTrainer

    tw = TwinTrainer(cfg, want_decision=False)
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


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.setswitchinterval(0.001)
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer

    from bnviz.engine.serialize import train_config_from_dict
    from bnviz.ui.application import create_window, ensure_app
    from bnviz.ui.presets import find_preset

    app = ensure_app()
    preset = find_preset("bn-paper-figure1")
    cfg = train_config_from_dict(preset.state["config"])
    before = engine_alone(cfg, 3.0)
    with tempfile.TemporaryDirectory() as tmp:
        win = create_window("light", 1.0, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        win.resize(1366, 768)
        win.show()
        win.open_preset(preset)
        lab = win.lab
        frames = []
        lab.frame_shown.connect(lambda f: frames.append((time.perf_counter(), f.step)))
        app.processEvents()
        lateness: list[float] = []
        clock = QElapsedTimer()
        timer = QTimer()
        timer.setInterval(5)
        last = {"t": None}

        def tick() -> None:
            now = clock.nsecsElapsed() / 1e6
            if last["t"] is not None:
                lateness.append(max(0.0, now - last["t"] - 5.0))
            last["t"] = now

        timer.timeout.connect(tick)
        win.toggle_play()
        run_event_loop(1.0)                     # warm-up
        frames.clear()
        clock.start()
        timer.start()
        t0 = time.perf_counter()
        run_event_loop(SECONDS)
        timer.stop()
        win.toggle_play()
        elapsed = time.perf_counter() - t0
        fps = len(frames) / elapsed
        gui_sps = (frames[-1][1] - frames[0][1]) / (frames[-1][0] - frames[0][0]) if len(frames) > 1 else 0.0
        win.close()
    alone = (before + engine_alone(cfg, 3.0)) / 2      # before and after: this machine's speed drifts
    lat = np.array(lateness)
    print(f"gui_lateness_p50: {np.percentile(lat, 50):.2f} ms")
    print(f"gui_lateness_p99: {np.percentile(lat, 99):.2f} ms")
    print(f"gui_lateness_max: {lat.max():.2f} ms")
    print(f"gui_frames_per_second: {fps:.1f} frames/s")
    print(f"gui_training_steps_per_second: {gui_sps:.1f} twin-steps/s")
    print(f"engine_alone_steps_per_second: {alone:.1f} twin-steps/s")
    print(f"gui_vs_engine_alone: {gui_sps / alone:.2f} ratio")


if __name__ == "__main__":
    main()
