"""The BN paper's Figure 1 on the bundled digits: BN learns faster and keeps inputs steadier.

Measure of steadiness: for the tracked unit of the last hidden layer, the
range (max - min over the run) of each of its input's 15th/50th/85th
percentiles, averaged over the three; smaller means a steadier distribution.
"""


from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.labs.batchnorm.model import TwinTrainer

FIGURE1 = TrainConfig(
    data=DataConfig(name="digits", seed=0),
    net=NetConfig(hidden=(100, 100, 100), activation="sigmoid", init="gaussian", init_std=0.1),
    optim=OptimConfig(name="sgd", learning_rate=0.5), batch_size=60, seed=0, probe_every=20)


def percentile_range(history) -> float:
    p = history["unit_pct"][:, -1, :]
    return float((p.max(axis=0) - p.min(axis=0)).mean())


def test_bn_learns_faster_and_keeps_sigmoid_inputs_steadier():
    tw = TwinTrainer(FIGURE1)
    tw.run(400)
    bn, plain = (r.history.columns() for r in tw.runs)
    assert bn["val_acc"][-1] > plain["val_acc"][-1] + 0.05, (bn["val_acc"][-1], plain["val_acc"][-1])
    assert percentile_range(bn) < 0.7 * percentile_range(plain), (percentile_range(bn), percentile_range(plain))
