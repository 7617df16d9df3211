"""Memory of a process and all its descendants (the app, its fork server, lab workers, trial pool).

psutil when it is installed, else Linux's /proc.  RSS counts pages shared
between processes (a forked worker shares NumPy's pages with the fork
server) once per process, so the sum overstates what the tree takes; PSS
splits shared pages among their users and sums to the real total (Linux
only: 0 elsewhere).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    name: str
    rss: int        # bytes
    pss: int        # bytes (0 where unknown)


def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d.name))
    return children


def _proc_info(pid: int) -> Proc | None:
    base = Path(f"/proc/{pid}")
    try:
        status = dict(line.split(":", 1) for line in (base / "status").read_text().splitlines() if ":" in line)
        rss = int(status.get("VmRSS", "0 kB").split()[0]) * 1024
        ppid = int(status.get("PPid", "0").strip())
        cmd = (base / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        pss = 0
        rollup = base / "smaps_rollup"
        if rollup.exists():
            for line in rollup.read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError):
        return None
    return Proc(pid, ppid, cmd or status.get("Name", "?").strip(), rss, pss)


def pids(root: int) -> list[int]:
    """``root`` and its live descendants (cheap: no memory figures)."""
    try:
        import psutil
    except ImportError:
        children = _proc_children()
        order, todo = [], [root]
        while todo:
            p = todo.pop(0)
            order.append(p)
            todo.extend(children.get(p, []))
        return order
    try:
        return [root, *(c.pid for c in psutil.Process(root).children(recursive=True))]
    except psutil.NoSuchProcess:
        return []


def tree(pid: int | None = None) -> list[Proc]:
    """``pid`` (default: this process) and every live descendant, parent first."""
    pid = os.getpid() if pid is None else pid
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        out = []
        root = psutil.Process(pid)
        for p in [root, *root.children(recursive=True)]:
            try:
                with p.oneshot():
                    try:
                        pss = getattr(p.memory_full_info(), "pss", 0)
                    except (psutil.AccessDenied, OSError):
                        pss = 0
                    out.append(Proc(p.pid, p.ppid(), " ".join(p.cmdline()) or p.name(), p.memory_info().rss, pss))
            except psutil.NoSuchProcess:
                continue
        return out
    children = _proc_children()
    order, todo = [], [pid]
    while todo:
        p = todo.pop(0)
        order.append(p)
        todo.extend(sorted(children.get(p, [])))
    return [info for p in order if (info := _proc_info(p)) is not None]


def role(p: Proc, root: int, procs: list[Proc]) -> str:
    """What a process of ``tree(root)`` is: the app, the fork server, a worker it forked, another child."""
    if p.pid == root:
        return "app"
    if "forkserver" in p.name:
        parent = next((q for q in procs if q.pid == p.ppid), None)
        return "worker" if parent is not None and "forkserver" in parent.name else "fork server"
    return "child"
