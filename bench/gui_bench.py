"""GUI responsiveness while the Batch Norm Lab trains the BN paper network in twin mode (lesson B8).

Prints event-loop lateness of a 5 ms QTimer (p50/p99/max), frames drawn per
second, and training steps per second with the GUI attached compared with
the engine alone on the same twin workload in the same run.  Two cases, each
in its own process (the offscreen screen is fixed when Qt starts):

* ``1366x768``: a laptop: the window as it opens, scale 1, settings shown;
  then the GUI's lateness while the H1 search runs;
* ``1920x1080``: a projector: presentation mode as F11 sets it (full
  screen, the presentation scale, 1.6 on a 1080-line screen, plots only).

Runs on Qt's offscreen platform, in Qt's own event loop (as the app does);
the lab trains in its worker process, as in the app.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.contention import TreeMeter
from bench.report import figure, note, target
from bench.watch import wait_background_imports

SECONDS = 6.0
ENGINE_SECONDS = 2.0


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


def wait_first_frame(frames: list, timeout: float = 30.0) -> None:
    """Run the event loop until ``frames`` holds a frame (or ``timeout`` seconds passed)."""
    end = time.perf_counter() + timeout
    while not frames and time.perf_counter() < end:
        run_event_loop(0.05)


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

    def report(self, prefix: str, p99_target: tuple[str, float] | None = None) -> None:
        lat = np.array(self.values) if self.values else np.array([np.nan])
        figure(f"{prefix}_lateness_p50", np.percentile(lat, 50), "ms")
        if p99_target is None:
            figure(f"{prefix}_lateness_p99", np.percentile(lat, 99), "ms")
        else:
            target(f"{prefix}_lateness_p99", np.percentile(lat, 99), "ms", *p99_target)
        figure(f"{prefix}_lateness_max", lat.max(), "ms")


CASES = {      # name: screen, presentation mode (F11: full screen, presentation scale, plots only), + search
    "1366x768": ((1366, 768), False, True),
    "1920x1080": ((1920, 1080), True, False),
}
TARGETS = {"frames_per_second": (">=", 25.0), "lateness_p99": ("<=", 8.0), "vs_engine_alone": (">=", 0.8)}


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.gui_bench [CASE]``: one case in this process; without one, each case in its own."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        for case in CASES:
            sys.stdout.flush()
            subprocess.run([sys.executable, "-m", "bench.gui_bench", case], check=False)
        return
    if argv[0] not in CASES:
        raise SystemExit(f"unknown case {argv[0]!r}; cases: {', '.join(CASES)}")
    run_case(argv[0], *CASES[argv[0]])


def run_case(name: str, size: tuple[int, int], presentation: bool, with_search: bool) -> None:
    from bench import offscreen

    offscreen.use(*size)          # the app sizes its window, and its presentation scale, from the screen
    sys.setswitchinterval(0.001)
    from PySide6.QtCore import QSettings

    from bnviz import schema
    from bnviz.app.application import create_window, ensure_app, keep_collector_short
    from bnviz.app.presets import find_preset
    from bnviz.labs.batchnorm.model import BatchNormConfig
    from bnviz.ui import theme

    app = ensure_app()
    preset = find_preset("bn-paper-figure1")
    cfg = schema.from_json(BatchNormConfig, preset.state["config"])
    before = engine_alone(cfg, ENGINE_SECONDS)
    with tempfile.TemporaryDirectory() as tmp:
        win = create_window("light", 1.0, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        if not presentation:
            win.resize(*size)
        win.show()
        win.open_preset(preset)
        # as fast as possible, not the lesson's pace (100 steps/s, pausing at step 600): the
        # training figure compares the GUI's twin with the engine's full speed
        win.speed.setCurrentIndex(win.speed.findData(0.0))
        win.lab.bridge.set_pause_at(0)
        if presentation:
            win.presentation_action.trigger()       # as F11 does: full screen, its scale, settings hidden
        app.processEvents()
        how = (f"window {win.width()}x{win.height()} on a {size[0]}x{size[1]} screen, theme scale "
               f"{theme.scale():.2f}, settings dock {'shown' if win.controls_dock.isVisible() else 'hidden'}"
               f"{', full screen' if win.isFullScreen() else ''}")
        # the app's first seconds import scipy in the background (the search lab's quasi-random
        # sampler), holding the GIL for long stretches: measure the steady state after that
        wait_background_imports()
        keep_collector_short()                  # as the app does once its window is up
        lab = win.lab
        frames = []
        lab.frame_shown.connect(lambda f: frames.append((time.perf_counter(), f.step)) if f is not None else None)
        app.processEvents()
        lateness = Lateness()
        win.toggle_play()
        # warm-up: a second of frames; on a slow machine the worker's first frame alone can take a
        # second, and the first frames build the plots' curves (20-45 ms pieces): not the steady state
        wait_first_frame(frames)
        run_event_loop(1.0)
        frames.clear()
        meter = TreeMeter()
        meter.start()
        lateness.start()
        t0 = time.perf_counter()
        run_event_loop(SECONDS)
        lateness.stop()
        others = meter.stop()
        win.toggle_play()
        elapsed = time.perf_counter() - t0
        fps = len(frames) / elapsed
        gui_sps = (frames[-1][1] - frames[0][1]) / (frames[-1][0] - frames[0][0]) if len(frames) > 1 else 0.0
        search = search_lateness(win) if with_search else None
        win.close()
    alone = (before + engine_alone(cfg, ENGINE_SECONDS)) / 2      # before and after: this machine's speed drifts
    prefix = f"b8_{name}"
    note(f"{prefix}: the B8 twin (BN paper net, with and without BN) playing {SECONDS:g} s in its worker as fast as "
         f"possible (not the lesson's 100 steps/s); {how}; "
         "frames = LabPage.frame_shown; lateness of a 5 ms QTimer; training = steps between the first and last "
         "frame, against the same twin stepped in one process (one BLAS thread) before and after"
         + (f"; other processes took {others:.0%} of the cores meanwhile" if others is not None else ""))
    lateness.report(prefix, TARGETS["lateness_p99"])
    target(f"{prefix}_frames_per_second", fps, "frames/s", *TARGETS["frames_per_second"], fmt=".1f")
    figure(f"{prefix}_training_steps_per_second", gui_sps, "twin-steps/s", ".1f")
    figure(f"{prefix}_engine_alone_steps_per_second", alone, "twin-steps/s", ".1f")
    target(f"{prefix}_vs_engine_alone", gui_sps / alone, "ratio", *TARGETS["vs_engine_alone"])
    if search is not None:
        print(f"gui_during_search_trials: {search.trials}", flush=True)
        search.report("gui_during_search")


SEARCH_REPEATS = 3     # one H1 search takes ~3 s: too few timer ticks for a steady p99


def search_lateness(win) -> Lateness:
    """The GUI's lateness while the H1 lesson's search runs its real trials on the process pool."""
    from bnviz.app.presets import find_preset

    win.open_preset(find_preset("what-to-tune"))
    lab = win.lab
    lateness = Lateness()
    run_event_loop(0.5)
    wait_background_imports()       # started when the search lab is built, if it was not before
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
    lateness.trials = f"{trials} trials in {time.perf_counter() - t0:.1f} s"
    return lateness


if __name__ == "__main__":
    main()
