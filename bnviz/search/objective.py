"""Objectives for the search labs: one trial = one real training run.

:func:`train_trial` trains the real bnviz engine with a trial's
hyperparameters and reports the validation accuracy, a validation-accuracy
curve and whether the run diverged. It is a top-level function so process
pools and Dask workers can unpickle it by reference.

:func:`synthetic_objective` is an analytic stand-in (SYNTHETIC: no training)
for demos and fast tests; every result it returns says so.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
from collections.abc import Mapping
from typing import Any

__all__ = ["train_trial", "build_config", "trial_data", "synthetic_objective", "PARAM_NAMES"]

#: Hyperparameter names :func:`train_trial` understands, and where they go.
PARAM_NAMES: dict[str, str] = {
    "learning_rate": "optim.learning_rate (alpha)",
    "adam_eps": "optim.eps (Adam's epsilon)",
    "beta1": "optim.beta1 (momentum's beta, Adam's beta1)",
    "beta2": "optim.beta2 (RMSprop's/Adam's beta2)",
    "hidden_units": "net.hidden: width of every hidden layer",
    "hidden_layers": "net.hidden: number of hidden layers (default 2)",
    "batch_size": "batch_size (mini-batch size)",
    "decay": "optim.decay: a number r > 0 means alpha0/(1 + r*epoch); a name picks the schedule",
    "decay_rate": "optim.decay_rate (with a named decay)",
    "optimizer": "optim.name (default 'adam')",
    "batch_norm": "net.batch_norm (default False)",
}


def trial_data(dataset: str, seed: int, points: tuple = ()) -> Any:
    """The ``DataConfig`` a trial trains on: a 600-row generated set, or the hand-made ``points`` (``custom``)."""
    from bnviz.engine.data import DataConfig

    return DataConfig(name=dataset, n_samples=600, noise=0.2, seed=int(seed), points=tuple(points))


def build_config(params: Mapping[str, Any], seed: int, dataset: str = "moons", points: tuple = ()) -> Any:
    """Map a trial's params onto a validated ``TrainConfig`` (``points``: the data of ``dataset='custom'``).

    Unknown names raise ``ValueError`` (a typo in a search space should show
    up as a failed trial, not as a silently ignored parameter); the engine's
    configs validate the values themselves.
    """
    from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig

    unknown = set(params) - set(PARAM_NAMES)
    if unknown:
        raise ValueError(f"unknown hyperparameters {sorted(unknown)}: allowed {', '.join(PARAM_NAMES)}")
    p = dict(params)

    width = int(p.get("hidden_units", 16))
    depth = int(p.get("hidden_layers", 2))
    net = NetConfig(hidden=(width,) * depth, activation="relu", batch_norm=bool(p.get("batch_norm", False)))

    optim_kw: dict[str, Any] = {"name": str(p.get("optimizer", "adam"))}
    for key, field_name in (("learning_rate", "learning_rate"), ("adam_eps", "eps"),
                            ("beta1", "beta1"), ("beta2", "beta2")):
        if key in p:
            optim_kw[field_name] = float(p[key])
    decay = p.get("decay")
    if isinstance(decay, str):
        optim_kw["decay"] = decay
        if "decay_rate" in p:
            optim_kw["decay_rate"] = float(p["decay_rate"])
    elif decay is not None and float(decay) > 0:
        optim_kw["decay"] = "inverse"
        optim_kw["decay_rate"] = float(decay)
    optim = OptimConfig(**optim_kw)

    data = trial_data(dataset, seed, points)
    # Probing is for the panels; a search trial only needs the final score, so
    # push the probe interval out of the way.
    return TrainConfig(data=data, net=net, optim=optim, batch_size=int(p.get("batch_size", 32)),
                       seed=int(seed), probe_every=100000)


def _limit_blas_threads() -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread per worker process: N workers on N cores must not oversubscribe."""
    if multiprocessing.parent_process() is None:
        return contextlib.nullcontext()  # in the GUI process (thread pools): leave its threads alone
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a runtime dependency
        return contextlib.nullcontext()
    return threadpool_limits(limits=1)


def train_trial(params: dict[str, Any], seed: int, steps: int = 300, dataset: str = "moons",
                curve_points: int = 20, points: tuple = ()) -> dict[str, Any]:
    """Train the real engine for ``steps`` mini-batches with ``params``.

    Parameters
    ----------
    params : dict
        Hyperparameters, see :data:`PARAM_NAMES`.
    seed : int
        Seeds the data set and the run (same seed for every trial, so trials
        differ only by their hyperparameters).
    steps : int
        Training steps.
    dataset : str
        Engine data set name (``custom``: the hand-made ``points``).
    curve_points : int
        How many times validation accuracy is measured along the run.
    points : tuple of (x1, x2, label)
        The student's own points for ``dataset='custom'`` (at most 10,000).

    Returns
    -------
    dict
        ``score`` (final validation accuracy, nan if diverged), ``curve``
        (validation accuracy every ``steps // curve_points`` steps),
        ``status`` ('ok' or 'diverged'), ``message``, ``val_loss``,
        ``steps``.
    """
    from bnviz.engine.trainer import Trainer

    with _limit_blas_threads():
        tr = Trainer(build_config(params, seed, dataset, points))
        every = max(1, int(steps) // max(1, int(curve_points)))
        curve: list[float] = []
        done = 0
        while done < steps:
            chunk = min(every, steps - done)
            done += chunk
            taken = tr.run(chunk)
            if tr.diverged_at is not None or taken < chunk:
                break
            curve.append(float(tr.evaluate("val")[1]))
        if tr.diverged_at is not None:
            reason = getattr(tr, "divergence_reason", "")
            return {"score": math.nan, "curve": tuple(curve), "status": "diverged",
                    "message": f"diverged at step {tr.diverged_at}" + (f" ({reason})" if reason else ""),
                    "val_loss": math.nan, "steps": int(tr.diverged_at)}
        loss, acc = tr.evaluate("val")
        return {"score": float(acc), "curve": tuple(curve), "status": "ok",
                "message": f"val loss {loss:.4f} after {steps} steps", "val_loss": float(loss),
                "steps": int(steps)}


#: Where the SYNTHETIC score peaks, in log10(learning rate).
SYNTHETIC_BEST_LOG_LR = -2.5


def synthetic_objective(params: dict[str, Any], seed: int) -> dict[str, Any]:
    """SYNTHETIC objective: an analytic score of ``log10(learning_rate)`` only; no training.

    Why it exists: demos and tests need a trial that takes microseconds and
    whose answer is known. The score is a bump peaking at 0.95 at
    ``learning_rate = 10**-2.5`` and falling to 0.5 (chance) far from it;
    every other parameter is ignored, which is exactly the "one important,
    one unimportant" picture of syllabus H1. Above ``learning_rate = 10**-0.5``
    the run reports ``'diverged'``. ``seed`` is accepted for the objective
    signature and ignored. Every message says SYNTHETIC so a demo can never
    pass it off as a real run.
    """
    lr = float(params["learning_rate"])
    if not lr > 0:
        raise ValueError(f"learning_rate={lr!r} is out of range: must be > 0")
    r = math.log10(lr)
    if r > -0.5:
        return {"score": math.nan, "curve": (0.5, 0.5), "status": "diverged",
                "message": f"SYNTHETIC objective: diverged (log10 lr = {r:.2f} > -0.5)"}
    score = 0.5 + 0.45 * math.exp(-((r - SYNTHETIC_BEST_LOG_LR) / 0.9) ** 2)
    speed = 10.0 ** (r + 3.0)  # larger steps learn faster (until they diverge)
    curve = tuple(0.5 + (score - 0.5) * (1.0 - math.exp(-speed * (i + 1) / 4.0)) for i in range(20))
    return {"score": score, "curve": curve, "status": "ok",
            "message": f"SYNTHETIC objective (analytic, no training): log10 lr = {r:.2f}"}
