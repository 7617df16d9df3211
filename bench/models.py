"""The two networks the benchmark trains, as engine configs (shared by the engine and PyTorch runs)."""

from __future__ import annotations

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig

# probe_every at its maximum keeps probes out of the timed steps (see EngineRun)
NO_PROBES = 100000

MODELS = ("bn_paper_net", "net2d")


def train_config(model: str, batch_norm: bool) -> TrainConfig:
    """``bn_paper_net``: the BN paper's MNIST net 784-100-100-100-10, sigmoid, batch 60.
    ``net2d``: 2-16-16-16-2 ReLU with He init on moons, batch 32.  Plain SGD for both."""
    if model == "bn_paper_net":
        return TrainConfig(
            data=DataConfig(name="mnist_like", n_samples=6000, seed=0),
            net=NetConfig(hidden=(100, 100, 100), activation="sigmoid", init="gaussian", init_std=0.1,
                          batch_norm=batch_norm),
            optim=OptimConfig(name="sgd", learning_rate=0.5), batch_size=60, seed=0, probe_every=NO_PROBES)
    if model == "net2d":
        return TrainConfig(
            data=DataConfig(name="moons", n_samples=600, seed=0),
            net=NetConfig(hidden=(16, 16, 16), activation="relu", init="he", batch_norm=batch_norm),
            optim=OptimConfig(name="sgd", learning_rate=0.1), batch_size=32, seed=0, probe_every=NO_PROBES)
    raise ValueError(f"model={model!r} is unknown; choose one of {', '.join(MODELS)}")


def layer_sizes(model: str) -> tuple[int, ...]:
    cfg = train_config(model, True)
    return (cfg.data.n_features, *cfg.net.hidden, cfg.data.effective_n_classes)


def label(model: str, batch_norm: bool) -> str:
    return f"{model}_{'bn' if batch_norm else 'nobn'}"
