"""Start-up: how long until the window is on screen, and the first lesson's first drawn frame.

Each start is a fresh process (``bench.launch``) on Qt's offscreen platform
with a 1366x768 screen, an empty settings folder of its own (a start that quits
saves its tab, which the next start would open) and a bytecode cache filled by
one untimed start (an installed app starts from bytecode), timed from just
before the process is started to its first paint / first drawn frame.  Three kinds
of start alternate, so all see the same machine:

* ``bare``: PySide6 + pyqtgraph, a main window with one plot (the floor);
* ``app``: ``app.py`` as a lecturer double-clicks it (the Lessons page);
* ``lesson``: ``app.py --preset B8`` until B8's first frame is drawn.

Medians over the rounds; the ratios to the bare window are the targets.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import offscreen
from bench.contention import TreeMeter
from bench.report import figure, median, note, target

ROUNDS = 3
SCREEN = (1366, 768)
LESSON = "B8"
TIMEOUT_S = 90.0
ROOT = Path(__file__).resolve().parents[1]
KINDS = {
    "bare": ["bare"],
    "app": ["app"],
    "lesson": ["app", "--frame", "--preset", LESSON],
}


def start_once(args: list[str]) -> dict[str, float]:
    """Seconds from starting the process to each ``@event`` it printed."""
    env = offscreen.environment(*SCREEN)
    env["PYTHONPATH"] = str(ROOT)          # this checkout, whatever is installed
    # settings of its own: a start that quits saves its tab, and the next start would open that lab
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="config-", dir=Path(env["XDG_CONFIG_HOME"]).parent)
    meter = TreeMeter()
    meter.start()
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "bench.launch", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    others = meter.stop()
    events = {"others": others} if others is not None else {}
    for line in out.splitlines():
        if line.startswith("@"):
            name, _, rest = line[1:].partition(" ")
            events[name] = float(rest.split()[0]) - t0 if rest else float("nan")
    return events


def main() -> None:
    times: dict[str, dict[str, list[float]]] = {k: {} for k in KINDS}
    failures = []
    start_once(KINDS["lesson"])     # untimed: fills the bytecode cache, as installing bnviz would
    for _ in range(ROUNDS):
        for kind, args in KINDS.items():
            ev = start_once(args)
            if "timeout" in ev or "window" not in ev or (kind == "lesson" and "frame" not in ev):
                failures.append(f"{kind}: {sorted(ev) or 'no output'}")
            for name, t in ev.items():
                times[kind].setdefault(name, []).append(t)
    bare = median(times["bare"].get("window", []))
    app = median(times["app"].get("window", []))
    lesson_window = median(times["lesson"].get("window", []))
    frame = median(times["lesson"].get("frame", []))
    fmt = lambda xs: ", ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    note(f"start-up: fresh processes on a {SCREEN[0]}x{SCREEN[1]} offscreen screen, empty settings, {ROUNDS} "
         f"rounds alternating bare / app / app --preset {LESSON}; seconds from starting the process")
    note(f"bare PySide6 + pyqtgraph window, first paint: {fmt(times['bare'].get('window', []))} s")
    note(f"app.py window, first paint: {fmt(times['app'].get('window', []))} s")
    note(f"app.py --preset {LESSON}: window {fmt(times['lesson'].get('window', []))} s, first frame drawn "
         f"{fmt(times['lesson'].get('frame', []))} s")
    others = [o for k in KINDS for o in times[k].get("others", [])]
    if others:
        note(f"other processes took {min(others):.0%}..{max(others):.0%} of the cores during the starts")
    for line in failures:
        note(f"WARNING a start did not report: {line}")
    figure("startup_bare_window", bare, "s")
    figure("startup_app_window", app, "s")
    figure(f"startup_{LESSON.lower()}_first_frame", frame, "s")
    figure(f"startup_{LESSON.lower()}_window", lesson_window, "s")
    target("startup_window_ratio", app / bare, "x bare", "<=", 2.0)
    target("startup_first_frame_ratio", frame / bare, "x bare", "<=", 3.0)


if __name__ == "__main__":
    main()
