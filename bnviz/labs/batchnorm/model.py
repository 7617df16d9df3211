"""The Batch Norm Lab's model: two runs that differ in one thing (BN or input normalization).

Pure NumPy, no Qt.  ``TwinTrainer`` trains the same network twice from the
same initial weights on the same mini-batches, once with and once without
batch norm (B2-B4, B8) or once on normalized and once on raw inputs (B1);
its snapshot is one ``RunSnapshot`` per run.
"""

from __future__ import annotations

from dataclasses import replace

from bnviz.engine.config import TrainConfig
from bnviz.engine.data import Dataset, make_dataset
from bnviz.engine.snapshot import RunSnapshot
from bnviz.engine.trainer import Trainer


def _bn_variant(on: bool):
    return lambda cfg: cfg.with_bn(on)


def _normalize_variant(on: bool):
    return lambda cfg: replace(cfg, data=replace(cfg.data, normalize=on))


# Each comparison: (label, how the run's config differs from the shared one) per run.
COMPARISONS = {
    "bn": (("BN", _bn_variant(True)), ("no BN", _bn_variant(False))),
    "normalize": (("normalized", _normalize_variant(True)), ("raw", _normalize_variant(False))),
}


class TwinTrainer:
    """Two runs that differ in one thing, same initial weights, same batches.

    ``compare='bn'`` trains the network with and without BN (the lectures'
    core comparison); ``compare='normalize'`` trains it on normalized and on
    raw inputs (syllabus B1).  With ``twin`` off only the run the config asks
    for exists.
    """

    def __init__(self, cfg: TrainConfig, twin: bool = True, want_decision: bool = True,
                 compare: str = "bn") -> None:
        if compare not in COMPARISONS:
            raise ValueError(f"compare={compare!r} is not allowed: choose one of {', '.join(COMPARISONS)}")
        self.twin = twin
        self.compare = compare
        self._want_decision = want_decision
        self._datasets: dict = {}
        self.cfg = cfg
        self.runs = self._build(cfg)

    def _variants(self, cfg: TrainConfig) -> list[tuple[str | None, TrainConfig]]:
        if not self.twin:
            return [(None, cfg)]
        return [(label, make(cfg)) for label, make in COMPARISONS[self.compare]]

    def _dataset(self, data_cfg):
        if data_cfg not in self._datasets:
            self._datasets[data_cfg] = make_dataset(data_cfg)
        return self._datasets[data_cfg]

    @property
    def data(self) -> Dataset:
        return self.runs[0].data

    def _build(self, cfg: TrainConfig) -> list[Trainer]:
        self._datasets = {k: v for k, v in self._datasets.items() if k == cfg.data or
                          replace(k, normalize=cfg.data.normalize) == cfg.data}
        runs = [Trainer(c, self._dataset(c.data), label) for label, c in self._variants(cfg)]
        for r in runs:
            r.want_decision = self._want_decision
        return runs

    def set_want_decision(self, on: bool) -> None:
        """Compute decision maps only while a panel shows them."""
        self._want_decision = on
        for r in self.runs:
            r.want_decision = on

    def configure(self, cfg: TrainConfig, twin: bool | None = None, compare: str | None = None) -> bool:
        """Adopt ``cfg``; returns True when the runs were rebuilt from step 0."""
        twin = self.twin if twin is None else twin
        compare = self.compare if compare is None else compare
        if compare not in COMPARISONS:
            raise ValueError(f"compare={compare!r} is not allowed: choose one of {', '.join(COMPARISONS)}")
        if (twin, compare) != (self.twin, self.compare) or cfg.data != self.cfg.data:
            self.twin, self.compare, self.cfg = twin, compare, cfg
            self.runs = self._build(cfg)
            return True
        rebuilt = False
        for r, (_, c) in zip(self.runs, self._variants(cfg)):
            rebuilt |= r.configure(c)
        self.cfg = cfg
        return rebuilt

    @property
    def step_count(self) -> int:
        return max(r.step_count for r in self.runs)

    @property
    def epoch(self) -> int:
        return self.runs[0].epoch

    @property
    def all_diverged(self) -> bool:
        return all(r.diverged_at is not None for r in self.runs)

    def step(self) -> bool:
        """Step every live run; False once all have diverged."""
        alive = False
        for r in self.runs:
            alive |= r.step()
        return alive

    def run(self, n: int) -> int:
        done = 0
        while done < n and self.step():
            done += 1
        return done

    def reset(self) -> None:
        for r in self.runs:
            r.reset()

    def refit_bins(self) -> None:
        for r in self.runs:
            r.refit_bins()

    def probe(self) -> None:
        for r in self.runs:
            r.probe()

    @property
    def steps_per_epoch(self) -> int:
        return self.runs[0].steps_per_epoch

    def snapshot(self) -> tuple[RunSnapshot, ...]:
        return tuple(r.snapshot() for r in self.runs)
