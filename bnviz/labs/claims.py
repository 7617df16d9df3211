"""What every lab's ``claims.py`` shares: one run of a (config, steps) serves all its metrics.

Pure Python (the lesson check imports it in worker processes, without Qt).
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable


def memo(cache: dict) -> Callable[[Callable[[Any, int], dict]], Callable[[Any, int], dict]]:
    """Keep ``fn(cfg, steps)``'s measurements in ``cache`` (the lesson check clears it between lessons)."""
    def wrap(fn: Callable[[Any, int], dict]) -> Callable[[Any, int], dict]:
        @wraps(fn)
        def measured(cfg: Any, steps: int) -> dict:
            key = (fn.__name__, cfg, steps)
            if key not in cache:
                cache[key] = fn(cfg, steps)
            return cache[key]
        return measured
    return wrap
