import pytest

from bnviz.engine.config import NetConfig, TrainConfig
from bnviz.engine.serialize import to_dict, train_config_from_dict


def test_round_trip():
    cfg = TrainConfig(net=NetConfig(hidden=(8, 4), activation="tanh"), batch_size=64, seed=3)
    assert train_config_from_dict(to_dict(cfg)) == cfg


def test_unknown_field_is_named():
    with pytest.raises(ValueError, match="net.widht"):
        train_config_from_dict({"net": {"widht": 3}})


def test_bad_value_is_named():
    with pytest.raises(ValueError, match="batch_size"):
        train_config_from_dict({"batch_size": -1})
    with pytest.raises(ValueError, match="learning_rate"):
        train_config_from_dict({"optim": {"learning_rate": 0}})
    with pytest.raises(ValueError, match="expected an object"):
        train_config_from_dict([1, 2])
