"""Snapshot size per frame and a frame's cost (pickle + unpickle + draw), per lab, late in a run.

Each lab's model runs in this process exactly as its worker runs it: the real
``train_loop`` (``bnviz.bridge.loop``) playing at full speed with one BLAS
thread, a frame at most every 1/30 s, through a stand-in for the pipe that
takes every frame at once.  Every frame is pickled as the pipe pickles it
(``ForkingPickler``, its histories as their new rows: ``bnviz.bridge.lean``;
unpickling includes rebuilding them), so the bytes are what crosses to the GUI, frame by
frame; the figure is the largest frame of the run.  Step counts are chosen so
the history is at its fullest when the run ends (2040 of 2048 rows for a
probe every 5 steps: the decimating history halves at 2048), the worst case
of any run length.

Then the lab's page, on screen offscreen (1366x768), gets the run's frames
up to and including the largest, in order: each is unpickled, drawn with the page's ``draw_steps``
pieces and painted (the events that follow), each after a pause of GAP_S (so pages
that draw at most every 0.1 s while playing draw every one of them); the frame cost is the median of
pickle + unpickle + draw over those frames.

The search lab's frames are made in the GUI process (its trials run on a
pool, not in a worker): its pickled size is what a frame would weigh in a pipe.
"""

from __future__ import annotations

import pickle
import sys
import time
from collections import deque
from multiprocessing.reduction import ForkingPickler

from bench import offscreen
from bench.report import figure, median, note, target

# lab: (lesson, steps of the run).  A run ends just past the step where its history is fullest and
# then halves (2048 probes of the decimating history: 10240 steps for a probe every 5, the caviar's
# 1024 probes every 10; B7's per-step estimates fill at 8192), so a frame that re-sends the
# decimated history then would be seen too.  bn runs B2: the same history columns as B8's three
# hidden layers, ten times cheaper a step.  search runs its whole search (a step is one trial).
CASES = {
    "search": ("H1", 10**6),
    "panda": ("H8", 10300),
    "bn": ("B2", 10300),
    "shift": ("B5", 10300),
    "testtime": ("B7", 8300),
    "softmax": ("S3", 10300),
}
PARALLEL = 2          # the runs' processes at a time (this machine's cores); the drawing runs alone
LAST_FRAMES = 8
GAP_S = 0.15
TARGET_KIB = 256
SCREEN = (1366, 768)


class _Link:
    """The loop's side of a pipe that takes every frame at once; plays from the start."""

    def __init__(self) -> None:
        self._commands = deque([("play", True)])

    def next_command(self, timeout: float):
        return self._commands.popleft() if self._commands else None

    def stopped(self) -> bool:
        return False

    def may_post(self) -> bool:
        return True

    def should_stop(self) -> bool:
        return False

    def progress(self, job: str, done: int, total: int, text: str) -> None:
        pass

    def job_done(self, job: str, completed: bool) -> None:
        pass


class Run:
    """The frames of one lab's run: sizes and pickle times of all, the bytes of the last few."""

    def __init__(self, lab: str, row: str, steps: int) -> None:
        self.lab, self.row, self.steps = lab, row, steps
        self.sizes: list[tuple[int, int]] = []       # (step, bytes)
        self.pickle_s: list[float] = []
        # (pickle s, unpickle s, the frame as the GUI rebuilt it) of the last frames, and of those up to the largest
        self.last: deque[tuple[float, float, object]] = deque(maxlen=LAST_FRAMES)
        self.peak: list[tuple[float, float, object]] = []
        self.seconds = 0.0
        self.cfg = None
        self.state = None

    def play(self) -> "Run":
        from threadpoolctl import threadpool_limits

        import bnviz.labs as labs
        from bnviz import schema
        from bnviz.app.presets import find_preset
        from bnviz.bridge.lean import Decoder, Encoder
        from bnviz.bridge.loop import train_loop

        preset = find_preset(self.row)
        spec = labs.spec(preset.lab)
        self.state = preset.state
        self.cfg = schema.from_json(spec.Config, preset.state["config"])
        t0 = time.perf_counter()
        with threadpool_limits(1):        # as the worker process
            model = spec.Model(self.cfg)
            started, largest = False, 0
            encoder, decoder = Encoder(), Decoder()      # as the pipe sends a frame (bnviz.bridge.lean)
            for frame in train_loop(model, _Link()):
                s = time.perf_counter()
                data = ForkingPickler.dumps(encoder.encode(frame))
                self.pickle_s.append(time.perf_counter() - s)
                s = time.perf_counter()
                shown = decoder.decode(pickle.loads(data))
                unpickle_s = time.perf_counter() - s
                self.sizes.append((frame.step, len(data)))
                self.last.append((self.pickle_s[-1], unpickle_s, shown))
                if len(data) >= largest:
                    largest, self.peak = len(data), list(self.last)
                started |= frame.playing
                if frame.step >= self.steps or (started and not frame.playing):
                    break
        self.seconds = time.perf_counter() - t0
        self.last.clear()
        return self

    def draw(self, app) -> list[tuple[float, float, float]]:
        """(pickle, unpickle, draw) seconds of each frame up to the largest, drawn in order by the lab's page."""
        from PySide6.QtCore import QEventLoop, QTimer

        import bnviz.labs as labs

        page = labs.spec(self.lab).Page()
        page.apply_state(self.state)
        page.resize(SCREEN[0] - 280, SCREEN[1] - 90)     # the tab beside the settings dock
        page.show()
        for _ in range(3):
            app.processEvents()
        out = []
        for pickle_s, unpickle_s, frame in self.peak:
            # untimed: what the page deferred runs, and a page that draws at most every so often
            # while playing (panda, the batch norm tab) is due again, so each frame is drawn whole
            loop = QEventLoop()
            QTimer.singleShot(int(GAP_S * 1000), loop.quit)
            loop.exec()
            t1 = time.perf_counter()
            for piece in page.draw_steps(frame):
                piece()
            page.frame = frame                    # as LabPage does once the last piece is drawn
            for _ in range(3):                    # the repaints (pyqtgraph's scene updates are queued)
                app.processEvents()
            out.append((pickle_s, unpickle_s, time.perf_counter() - t1))
        page.hide()
        page.deleteLater()
        app.processEvents()
        return out


def _play(run: Run) -> Run:
    return run.play()


def main(argv: list[str] | None = None) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    argv = sys.argv[1:] if argv is None else argv
    offscreen.use(*SCREEN)
    runs = [Run(lab, row, steps) for lab, (row, steps) in CASES.items() if not argv or lab in argv]
    # the runs first, PARALLEL at a time in fresh processes (their sizes do not depend on timing),
    # then the drawing in this one with the machine to itself
    with ProcessPoolExecutor(PARALLEL, mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = list(pool.map(_play, runs))
    from bnviz.app.application import ensure_app

    app = ensure_app()
    note("snapshots: each lab's model in the real train_loop at full speed (one BLAS thread, two labs at a time), "
         "every frame pickled as the worker's pipe does; KiB = the largest frame of the run; frame cost = median "
         f"of pickle + unpickle + draw over the {LAST_FRAMES} frames up to the largest (the lab's page, "
         f"{SCREEN[0]}x{SCREEN[1]} offscreen, draw_steps then its repaints)")
    met = []
    for run in runs:
        lab, row = run.lab, run.row
        costs = run.draw(app)
        sizes = [b for _, b in run.sizes]
        worst_step, worst = max(run.sizes, key=lambda s: s[1])
        total = [sum(c) * 1000 for c in costs]
        note(f"{lab} ({row}): {len(sizes)} frames over {run.sizes[-1][0]} steps in {run.seconds:.1f} s; "
             f"median frame {median(sizes) / 1024:.0f} KiB, largest at step {worst_step}; per frame pickle "
             f"{median([c[0] for c in costs]) * 1000:.1f} ms, unpickle {median([c[1] for c in costs]) * 1000:.1f} ms, "
             f"draw {median([c[2] for c in costs]) * 1000:.1f} ms; at 30 frames/s the pipe would carry "
             f"{median(sizes) * 30 / 2**20:.1f} MiB/s")
        met.append(target(f"snapshot_kib_{lab}", worst / 1024, "KiB", "<=", TARGET_KIB, ".0f"))
        figure(f"frame_cost_ms_{lab}", median(total), "ms", ".1f")
    if met:
        note(f"snapshots within {TARGET_KIB} KiB: {sum(met)} of {len(met)} labs")


if __name__ == "__main__":
    main()
