"""How much of the machine other processes took while one process was being timed.

This machine is shared: other jobs come and go, and with as many compute
threads as cores, a single competing process can halve a multithreaded
step rate or worse.  Each timed round is therefore metered: the CPU time
of the whole machine (``/proc/stat``, including the hypervisor's steal)
minus that of the process being timed (``/proc/<pid>/stat``), as a
fraction of all cores.  Rounds where that is high are not used.  Linux
only: elsewhere the meter reports nothing and every round counts.
"""

from __future__ import annotations

import os
import time

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _machine_busy_ticks() -> int:
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return user + nice + system + irq + softirq + steal


def _process_ticks(pid: int, waited_children: bool = False) -> int:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])   # utime + stime of all its threads
    if waited_children:                         # + cutime + cstime: children that ended and were waited for
        ticks += int(fields[13]) + int(fields[14])
    return ticks


class Meter:
    """``start()`` / ``stop()`` around a round; ``stop`` returns the others' share of all cores."""

    def __init__(self) -> None:
        self.works = os.path.exists("/proc/stat")
        self._start: tuple[float, int, int] | None = None

    def start(self, pid: int) -> None:
        self._pid = pid
        if self.works:
            self._start = (time.perf_counter(), _machine_busy_ticks(), _process_ticks(pid))

    def idle_load(self, window: float) -> float | None:
        """Share of all cores busy during ``window`` seconds in which the benchmark itself idles."""
        if not self.works:
            time.sleep(window)
            return None
        t0, busy0 = time.perf_counter(), _machine_busy_ticks()
        time.sleep(window)
        return (_machine_busy_ticks() - busy0) / TICKS / ((time.perf_counter() - t0) * (os.cpu_count() or 1))

    def wait_quiet(self, limit: float, max_wait: float, window: float = 0.3) -> float:
        """Sleep until a ``window`` with load <= ``limit`` (or ``max_wait`` passed); return the time waited.

        The first window also lets the threads of the run timed last stop spinning.
        """
        t0 = time.perf_counter()
        while True:
            load = self.idle_load(window)
            waited = time.perf_counter() - t0
            if load is None or load <= limit or waited >= max_wait:
                return waited

    def stop(self) -> float | None:
        if not self.works or self._start is None:
            return None
        t0, busy0, own0 = self._start
        wall = time.perf_counter() - t0
        others = (_machine_busy_ticks() - busy0) - (_process_ticks(self._pid) - own0)
        return max(0.0, others / TICKS / (wall * (os.cpu_count() or 1)))


def _tree_ticks(root: int) -> dict[int, int]:
    """CPU ticks of ``root`` and each live descendant (a GUI bench's app, its workers, a started app)."""
    from bench import procs

    out = {}
    for pid in procs.pids(root):
        try:
            out[pid] = _process_ticks(pid, waited_children=pid == root)
        except OSError:
            continue
    return out


class TreeMeter:
    """Like ``Meter``, for a process and all its descendants: what everyone else took meanwhile.

    A GUI bench times its process together with the lab's worker; a start-up bench, the app it
    started.  Descendants that start during the window count from zero; those that ended and
    were waited for count through the root's children's times.
    """

    def __init__(self, root: int | None = None) -> None:
        self.root = os.getpid() if root is None else root
        self.works = os.path.exists("/proc/stat")
        self._start: tuple[float, int, dict[int, int]] | None = None

    def start(self) -> None:
        if self.works:
            self._start = (time.perf_counter(), _machine_busy_ticks(), _tree_ticks(self.root))

    def stop(self) -> float | None:
        """Others' share of all cores since ``start`` (None where /proc is missing)."""
        if not self.works or self._start is None:
            return None
        t0, busy0, own0 = self._start
        wall = time.perf_counter() - t0
        own1 = _tree_ticks(self.root)
        own = sum(v - own0.get(pid, 0) for pid, v in own1.items())
        others = (_machine_busy_ticks() - busy0) - own
        return max(0.0, others / TICKS / (wall * (os.cpu_count() or 1)))
