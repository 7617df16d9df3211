"""Functions the tests hand to a worker process: top-level and free of Qt, so the child imports them cheaply."""

from __future__ import annotations

import time


def endless_job(model, progress, should_stop):
    """A long job that runs until cancelled (or until its process dies)."""
    progress(0, 1, "running")
    while not should_stop():
        time.sleep(0.01)
    return None


def ignore(model, payload):
    """An action that only travels: its payload is what the test sends."""
