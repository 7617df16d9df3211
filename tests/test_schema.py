"""The one strict reader of configs in files: types checked, unknown fields named, messages one short line."""

import json

import pytest

from bnviz import schema
from bnviz.engine.config import NetConfig, TrainConfig
from bnviz.labs.batchnorm.model import BatchNormConfig


def test_round_trip():
    cfg = TrainConfig(net=NetConfig(hidden=(8, 4), activation="tanh"), batch_size=64, seed=3)
    assert schema.from_json(TrainConfig, schema.to_json(cfg)) == cfg
    lab = BatchNormConfig(train=cfg, twin="normalize", tab="figure1")
    assert schema.from_json(BatchNormConfig, json.loads(json.dumps(schema.to_json(lab)))) == lab


def test_unknown_field_is_named():
    with pytest.raises(ValueError, match="net.widht"):
        schema.from_json(TrainConfig, {"net": {"widht": 3}})


def test_bad_value_is_named():
    with pytest.raises(ValueError, match="batch_size"):
        schema.from_json(TrainConfig, {"batch_size": -1})
    with pytest.raises(ValueError, match="learning_rate"):
        schema.from_json(TrainConfig, {"optim": {"learning_rate": 0}})
    with pytest.raises(ValueError, match="valid dictionary|object"):
        schema.from_json(TrainConfig, [1, 2])


@pytest.mark.parametrize("bad, field", [
    ({"batch_size": 2.5}, "batch_size"),
    ({"batch_size": 32.0}, "batch_size"),
    ({"seed": 1e9}, "seed"),
    ({"probe_unit": 2.5}, "probe_unit"),
    ({"optim": {"learning_rate": True}}, "optim.learning_rate"),
    ({"net": {"batch_norm": "yes"}}, "net.batch_norm"),
    ({"net": {"hidden": "123"}}, "net.hidden"),
    ({"net": {"hidden": [float("inf")]}}, "net.hidden.0"),
    ({"batch_size": 10 ** 400}, "batch_size"),
    ({"optim": {"learning_rate": 10 ** 400}}, "learning_rate"),
    ({"data": {"name": ["moons"]}}, "data.name"),
])
def test_wrong_types_are_refused_in_one_short_line(bad, field):
    with pytest.raises(ValueError) as err:
        schema.from_json(TrainConfig, bad, "config")
    msg = str(err.value)
    assert field in msg and "\n" not in msg and len(msg) <= schema.MAX_MESSAGE


def test_a_huge_bad_value_is_not_quoted_whole():
    with pytest.raises(ValueError) as err:
        schema.from_json(TrainConfig, {"net": {"hidden": list(range(10 ** 6))}})
    assert len(str(err.value)) <= schema.MAX_MESSAGE
