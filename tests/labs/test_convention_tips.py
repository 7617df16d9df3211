"""The engine's conventions are shown where they are set: the training settings' tooltips (issue 11).

What each tooltip states is checked against the engine in tests/engine/test_conventions.py.
"""

import pytest

import bnviz.labs


@pytest.fixture
def controls(qtbot):
    pages = []

    def make(key):
        page = bnviz.labs.spec(key).Page()
        qtbot.addWidget(page)
        qtbot.addWidget(page.controls)
        pages.append(page)
        return {f.path: w for f, w in page.controls.fields}

    yield make
    for page in pages:
        assert page.shutdown(1.0)


@pytest.mark.parametrize("key", ["bn", "shift", "softmax", "testtime", "panda"])
def test_every_labs_optimizer_and_batch_size_say_their_conventions(controls, key):
    w = controls(key)
    assert "v = \u03b2" in w["train.optim.name"].toolTip() and "(1 \u2212 \u03b2" in w["train.optim.name"].toolTip()
    assert "no bias correction" in w["train.optim.name"].toolTip()
    assert "z_norm = 0" in w["train.batch_size"].toolTip()


@pytest.mark.parametrize("key", ["bn", "shift"])
def test_the_training_form_says_l2_decay_and_rmsprop_conventions(controls, key):
    w = controls(key)
    assert "the course's \u03bb/m" in w["train.optim.weight_decay"].toolTip()
    assert "epoch_num counts from 0" in w["train.optim.decay"].toolTip()
    assert "RMSprop's \u03b2 too" in w["train.optim.beta2"].toolTip()
    assert "old estimate" in w["train.net.bn_momentum"].toolTip()
    assert w["train.optim.learning_rate"].toolTip() and w["train.optim.eps"].toolTip()
