"""The Batch Norm Lab's model: twins that share their start, and the BN paper's Figure 1.

On the bundled digits BN learns faster and keeps inputs steadier.  Measure of steadiness: for the tracked unit of the last hidden layer, the
range (max - min over the run) of each of its input's 15th/50th/85th
percentiles, averaged over the three; smaller means a steadier distribution.
"""


from dataclasses import replace

import numpy as np

from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.labs.batchnorm.model import BatchNormConfig, TwinTrainer

BLOBS = DataConfig(name="blobs", n_samples=300, n_classes=3, noise=0.3, seed=1)


def cfg(twin="bn", **kw):
    base = dict(data=BLOBS, net=NetConfig(hidden=(16, 16)), optim=OptimConfig(name="sgd", learning_rate=0.1),
                batch_size=32, seed=7, probe_every=10)
    base.update(kw)
    return BatchNormConfig(train=TrainConfig(**base), twin=twin)

FIGURE1 = TrainConfig(
    data=DataConfig(name="digits", seed=0),
    net=NetConfig(hidden=(100, 100, 100), activation="sigmoid", init="gaussian", init_std=0.1),
    optim=OptimConfig(name="sgd", learning_rate=0.5), batch_size=60, seed=0, probe_every=20)


def percentile_range(history) -> float:
    p = history["unit_pct"][:, -1, :]
    return float((p.max(axis=0) - p.min(axis=0)).mean())


def test_bn_learns_faster_and_keeps_sigmoid_inputs_steadier():
    tw = TwinTrainer(BatchNormConfig(train=FIGURE1))
    tw.run(400)
    bn, plain = (r.history.columns() for r in tw.runs)
    assert bn["val_acc"][-1] > plain["val_acc"][-1] + 0.05, (bn["val_acc"][-1], plain["val_acc"][-1])
    assert percentile_range(bn) < 0.7 * percentile_range(plain), (percentile_range(bn), percentile_range(plain))


def test_twins_share_start_and_batch_order():
    tw = TwinTrainer(cfg(net=NetConfig(hidden=(8, 8), batch_norm=True)))
    bn, plain = tw.runs
    assert bn.net.blocks[0].bn is not None and plain.net.blocks[0].bn is None
    for b1, b2 in zip(bn.net.blocks, plain.net.blocks):
        assert np.array_equal(b1.dense.W, b2.dense.W)
    tw.run(25)
    assert np.array_equal(bn._perm, plain._perm) and bn._pos == plain._pos
    assert [s.label for s in tw.snapshot()] == ["BN", "no BN"]


def test_normalize_comparison_shares_weights_and_differs_in_inputs():
    data = DataConfig(name="moons", n_samples=200, noise=0.2, seed=0, elongate=10.0)
    tw = TwinTrainer(cfg(data=data, twin="normalize"))
    norm, raw = tw.runs
    assert (norm.label, raw.label) == ("normalized", "raw")
    assert np.array_equal(norm.net.blocks[0].dense.W, raw.net.blocks[0].dense.W)
    assert abs(raw.data.x_train[:, 0].mean()) > 5 and abs(norm.data.x_train[:, 0].mean()) < 0.2
    assert tw.configure(replace(tw.lab, twin="bn")) and [r.label for r in tw.runs] == ["BN", "no BN"]
    assert not tw.configure(replace(tw.lab, tab="regions")) and all(r.want_decision for r in tw.runs)
    tw.configure(replace(tw.lab, twin="off"))
    assert len(tw.runs) == 1 and tw.runs[0].cfg.net.batch_norm == tw.cfg.net.batch_norm
