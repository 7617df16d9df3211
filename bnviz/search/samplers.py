"""Turn a :class:`~bnviz.search.spaces.Space` into a list of trials (dicts of params).

Three samplers, because comparing them is the lesson (syllabus H2): a 5x5
grid tries only 5 distinct learning rates, 25 random points try 25, and a
scrambled Sobol sequence tries 25 that also cover the square evenly.

Trials are plain dicts of Python ``float``/``int``/``str`` so they pickle to
worker processes and serialize to JSON unchanged. Order is stable: the grid
is enumerated in row-major order of the space's names (the last name varies
fastest); random and Sobol trials come in draw order.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from bnviz.search.spaces import Space

__all__ = [
    "grid_sample",
    "random_sample",
    "quasi_random_sample",
    "distinct_counts",
    "sample",
    "grid_per_axis",
    "SAMPLERS",
]


def _py(v: Any) -> Any:
    """NumPy scalar -> the equivalent Python scalar (JSON- and pickle-friendly)."""
    return v.item() if isinstance(v, np.generic) else v


def _columns_to_trials(space: Space, cols: Mapping[str, np.ndarray], n: int) -> list[dict[str, Any]]:
    return [{name: _py(cols[name][i]) for name in space.names} for i in range(n)]


def _check_n(n: int) -> int:
    if int(n) != n or n < 1:
        raise ValueError(f"n={n!r} is out of range: need an integer >= 1 trials")
    return int(n)


def grid_sample(space: Space, per_axis: int | Mapping[str, int]) -> list[dict[str, Any]]:
    """Every combination of ``per_axis`` grid points per dimension, row-major.

    Parameters
    ----------
    space : Space
    per_axis : int or dict name -> int
        Points per axis (each dimension's own scale, endpoints included);
        integer and choice axes may give fewer when they hold fewer values.

    Returns
    -------
    list of dict
        ``prod(per_axis)`` trials; the last name varies fastest.
    """
    if isinstance(per_axis, Mapping):
        missing = set(space.names) - set(per_axis)
        if missing:
            raise ValueError(f"per_axis is missing dimensions {sorted(missing)}")
        ks = {name: per_axis[name] for name in space.names}
    else:
        ks = {name: per_axis for name in space.names}
    axes = [[_py(v) for v in space[name].grid(ks[name])] for name in space.names]
    return [dict(zip(space.names, combo)) for combo in itertools.product(*axes)]


def random_sample(space: Space, n: int, seed: int | None) -> list[dict[str, Any]]:
    """``n`` independent draws from each dimension's distribution.

    One ``np.random.default_rng(seed)`` drives every dimension in name order,
    so the same space and seed always give the same trials.
    """
    n = _check_n(n)
    rng = np.random.default_rng(seed)
    cols = {name: space[name].sample(rng, n) for name in space.names}
    return _columns_to_trials(space, cols, n)


def quasi_random_sample(space: Space, n: int, seed: int | None) -> list[dict[str, Any]]:
    """``n`` points of a scrambled Sobol sequence, mapped through each dimension's scale.

    Why: random points clump and leave holes by chance; a low-discrepancy
    sequence covers the (scaled) box more evenly for the same budget, while
    still trying ``n`` distinct values per continuous axis. Powers of two
    keep Sobol's balance properties; other ``n`` work (the warning scipy
    raises for them is silenced on purpose).
    """
    from scipy.stats import qmc

    n = _check_n(n)
    engine = qmc.Sobol(d=len(space), scramble=True, seed=np.random.default_rng(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        u = engine.random(n)
    cols = {name: space[name].from_unit(u[:, j]) for j, name in enumerate(space.names)}
    return _columns_to_trials(space, cols, n)


def grid_per_axis(n: int, d: int) -> int:
    """Largest ``k`` with ``k**d <= n`` (at least 1): a grid that fits a budget of ``n`` trials."""
    n = _check_n(n)
    k = max(1, int(math.floor(n ** (1.0 / max(d, 1)) + 1e-9)))
    while (k + 1) ** d <= n:
        k += 1
    while k > 1 and k ** d > n:
        k -= 1
    return k


def _grid_budget(space: Space, n: int, seed: int | None) -> list[dict[str, Any]]:
    return grid_sample(space, grid_per_axis(n, len(space)))


#: Sampler name -> ``f(space, n, seed) -> trials``; ``n`` is a budget (the grid
#: uses the largest per-axis count whose product fits it).
SAMPLERS: dict[str, Callable[[Space, int, int | None], list[dict[str, Any]]]] = {
    "grid": _grid_budget,
    "random": random_sample,
    "quasi_random": quasi_random_sample,
}


def sample(space: Space, sampler: str, n: int, seed: int | None) -> list[dict[str, Any]]:
    """Dispatch to a sampler by name (``'grid'``, ``'random'``, ``'quasi_random'``)."""
    try:
        fn = SAMPLERS[sampler]
    except KeyError:
        raise ValueError(f"sampler={sampler!r} is not allowed: choose one of {', '.join(SAMPLERS)}") from None
    return fn(space, n, seed)


def distinct_counts(trials: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Number of distinct values tried per parameter (the H2 "grid wastes trials" count)."""
    seen: dict[str, set[Any]] = {}
    for t in trials:
        for k, v in t.items():
            seen.setdefault(k, set()).add(_py(v))
    return {k: len(s) for k, s in seen.items()}
