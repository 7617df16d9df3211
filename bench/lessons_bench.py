"""Paging through the lessons (PageDown) in one window, then the memory of the app and its workers.

The window opens on the Lessons page (offscreen 1366x768 screen, scale 1,
empty settings); once it is painted and the app's background imports are
done, ``MainWindow.step_lesson(1)`` is called 19 times (as PageDown does),
from no lesson to H1 and on to S3.  Each switch is timed from the call to
the moment the new lesson's lab has drawn its first frame made after the
switch (``bridge.caught_up``: a frame of the new settings), and that frame's
repaint reached the lab (``bench.watch``).  A switch to a lab not built yet
includes building its page and starting its worker.

Then every lab has been shown (so every worker runs): the resident memory
of the app plus all its descendant processes, right after the walk and again
once the labs hidden since have been hidden for a while (the app gives back
an idle hidden lab's worker after ``RELEASE_AFTER_S``, as ``bnviz.cli`` sets
it up), is the memory figure.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench import offscreen, procs
from bench.contention import TreeMeter
from bench.report import figure, median, note, target

SCREEN = (1366, 768)
SWITCH_TIMEOUT_S = 20.0
SETTLE_S = 0.3       # between two switches: the last frame's repaint, the worker's next frame
MIB = 1024 * 1024


def run_until(cond, timeout: float, slice_ms: int = 5) -> bool:
    """Qt's event loop until ``cond()`` (checked every ``slice_ms``) or ``timeout`` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout
    loop = QEventLoop()
    while not cond():
        left = end - time.perf_counter()
        if left <= 0:
            return False
        QTimer.singleShot(min(slice_ms, max(1, int(left * 1000))), loop.quit)
        loop.exec()
    return True


def current_lab(win, key: str):
    """The window's lab ``key`` once it is a built page on screen (None until then)."""
    lab = win.lab
    return lab if lab is not None and getattr(lab, "key", None) == key else None


def caught_up(lab, frame) -> bool:
    check = getattr(lab.bridge, "caught_up", None)
    return check(frame) if check is not None else True


def built_labs(win) -> list:
    """The labs built so far (a window that builds every lab up front has them all in ``labs``)."""
    built = getattr(win, "built_labs", None)
    return list(built if built is not None else win.labs)


def walk(win, watch) -> list[tuple[str, str, float, bool]]:
    """(row, lab, seconds, built now) per PageDown over every lesson."""
    out = []
    for _ in range(len(win.presets)):
        before = {lab.key for lab in built_labs(win)}
        done: dict[str, float] = {}
        t0 = time.perf_counter()
        win.step_lesson(1)
        preset = win.current_preset
        ok = run_until(lambda: current_lab(win, preset.lab) is not None, SWITCH_TIMEOUT_S, 1)
        if ok:
            lab = current_lab(win, preset.lab)
            watch.watch_lab(lab, lambda f, lab=lab: caught_up(lab, f), lambda t, _f: done.setdefault("t", t))
            ok = run_until(lambda: "t" in done, SWITCH_TIMEOUT_S - (time.perf_counter() - t0))
        seconds = done["t"] - t0 if ok else float("nan")
        out.append((preset.row, preset.lab, seconds, preset.lab not in before))
        run_until(lambda: False, SETTLE_S)
    return out


def main() -> None:
    offscreen.use(*SCREEN)
    sys.setswitchinterval(0.001)
    from PySide6.QtCore import QSettings

    from bench.watch import Watch, wait_background_imports
    from bnviz.app.application import create_window, ensure_app, keep_collector_short
    from bnviz.app.main_window import RELEASE_AFTER_S

    app = ensure_app()
    watch = Watch()
    app.installEventFilter(watch)
    with tempfile.TemporaryDirectory() as tmp:
        win = create_window("light", 1.0, settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        win.release_idle_workers = True       # as bnviz.cli sets the window up
        win.show()
        run_until(lambda: watch.window_painted is not None, 60)
        wait_background_imports()
        keep_collector_short()
        run_until(lambda: False, 0.5)
        meter = TreeMeter()
        meter.start()
        switches = walk(win, watch)
        others = meter.stop()
        walked = procs.tree()
        run_until(lambda: False, RELEASE_AFTER_S + 2.0)     # "a while": the hidden labs give back idle workers
        tree = procs.tree()
        shown = sorted({key for _, key, _, _ in switches})
        win.close()
        for lab in built_labs(win):
            lab.shutdown(1.0)

    times = [s for _, _, s, _ in switches]
    note(f"lesson switch: step_lesson(1) (PageDown) over all {len(switches)} lessons in one {SCREEN[0]}x{SCREEN[1]} "
         "window, scale 1, paused; seconds until the new lesson's lab drew its first frame of the new settings "
         f"and repainted; {SETTLE_S:g} s between switches; * = the lab was built by this switch"
         + (f"; other processes took {others:.0%} of the cores meanwhile" if others is not None else ""))
    note("switches: " + ", ".join(f"{row} {s:.2f}{'*' if new else ''}" for row, _, s, new in switches))
    timeouts = [row for row, _, s, _ in switches if s != s]
    if timeouts:
        note(f"WARNING no drawn frame within {SWITCH_TIMEOUT_S:g} s after switching to {', '.join(timeouts)}")
    worst = max(switches, key=lambda s: s[2] if s[2] == s[2] else float("inf"))
    target("lesson_switch_median", median(times), "s", "<=", 0.5)
    figure("lesson_switch_worst", worst[2], "s")
    note(f"worst switch: to {worst[0]} ({worst[1]} lab{', built by it' if worst[3] else ''}); "
         f"median of switches within one lab: {median([s for _, _, s, new in switches if not new]):.2f} s, "
         f"to a lab built then: {median([s for _, _, s, new in switches if new]):.2f} s")

    root = tree[0].pid if tree else 0
    roles = [(procs.role(p, root, tree), p) for p in tree]
    rss = sum(p.rss for p in tree)
    pss = sum(p.pss for p in tree)
    note(f"memory a while after the walk ({len(shown)} labs shown: {', '.join(shown)}): "
         + ", ".join(f"{r} {p.rss / MIB:.0f} MB" for r, p in roles)
         + (f"; PSS (shared pages split among processes) {pss / MIB:.0f} MB" if pss else ""))
    figure("rss_all_labs_after_walk_mb", sum(p.rss for p in walked) / MIB, "MB", ".0f")
    note(f"right after the walk: {len(walked)} processes; {RELEASE_AFTER_S + 2.0:g} s later (idle hidden labs' "
         f"workers given back): {len(tree)}")
    target("rss_all_labs_mb", rss / MIB, "MB", "<=", 600, ".0f")
    figure("rss_app_process_mb", (tree[0].rss if tree else 0) / MIB, "MB", ".0f")
    figure("rss_worker_processes", sum(1 for r, _ in roles if r != "app"), "processes", "d")


if __name__ == "__main__":
    main()
