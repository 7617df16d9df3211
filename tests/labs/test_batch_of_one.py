"""Every lab that can train BN on mini-batches of one says so on its page, from the config (issue 11).

The pages are built without starting their workers: the line comes from the
config alone (``bnviz.engine.caveats``), and ``tests/engine/test_caveats.py``
checks the engine really gives the hidden layers no gradient then.
"""

from dataclasses import replace

import pytest

import bnviz.labs
from bnviz import schema
from bnviz.engine.config import NetConfig
from bnviz.labs.batchnorm.model import BatchNormConfig
from bnviz.labs.softmax.model import SoftmaxConfig
from bnviz.labs.testtime.model import TestTimeConfig
from bnviz.ui.forms import select_data


@pytest.fixture
def make_page(qtbot):
    pages = []

    def make(key, cfg=None):
        page = bnviz.labs.spec(key).Page(cfg)
        qtbot.addWidget(page)
        qtbot.addWidget(page.controls)
        page.resize(1100, 700)
        page.show()
        page.controls.show()
        pages.append(page)
        return page

    yield make
    for page in pages:
        assert page.shutdown(2.0)


def shown(page) -> bool:
    return page.caveat_label is not None and page.caveat_label.isVisible()


def batch_combo(page):
    return next(w for f, w in page.controls.fields if f.path == "train.batch_size")


SOFTMAX_BN = SoftmaxConfig(train=replace(SoftmaxConfig().train, net=NetConfig(hidden=(16, 16), batch_norm=True)))


@pytest.mark.parametrize("key,cfg", [("bn", None), ("shift", None), ("panda", None), ("softmax", SOFTMAX_BN)])
def test_choosing_batch_size_one_in_the_combo_shows_the_line(make_page, qtbot, key, cfg):
    page = make_page(key, cfg)
    assert not shown(page)
    combo = batch_combo(page)
    assert combo.isVisible() and combo.findData(1) >= 0        # the lab offers it: a lesson, kept
    combo.setCurrentIndex(combo.findData(1))
    assert page.config().train.batch_size == 1
    assert shown(page)
    text = page.caveat_label.text()
    assert "Mini-batch of 1" in text and "no gradient" in text
    # the line sits above the plots, across the page
    assert page.caveat_label.geometry().top() < 40 and page.caveat_label.width() > page.width() // 2
    combo.setCurrentIndex(combo.findData(32))
    assert not shown(page)


def test_no_line_without_batch_norm_or_hidden_layers(make_page):
    page = make_page("softmax")                 # softmax regression: no hidden layer, no BN layer
    combo = batch_combo(page)
    combo.setCurrentIndex(combo.findData(1))
    assert page.config().train.batch_size == 1 and not shown(page)
    page.controls.depth.setValue(2)             # hidden layers, BN still off
    assert not shown(page)
    page.controls.bn.setChecked(True)
    assert shown(page)


def test_the_bn_twin_trains_bn_even_with_its_box_off(make_page):
    page = make_page("bn")
    page.controls.bn.setChecked(False)
    select_data(batch_combo(page), 1)
    assert page.config().twin == "bn" and not page.config().train.net.batch_norm
    assert shown(page)                          # the "BN" twin still normalizes one row
    page.controls.twin.setCurrentIndex(page.controls.twin.findData("off"))
    assert not shown(page)                      # now only the no-BN run trains


def test_a_state_opened_at_batch_size_one_shows_the_line(make_page):
    cfg = TestTimeConfig()
    page = make_page("testtime")
    assert batch_combo(page).findData(1) < 0    # this lab does not offer it, but a file may ask for it
    page.apply_state({"config": schema.to_json(replace(cfg, train=replace(cfg.train, batch_size=1)))})
    assert shown(page)


def test_a_page_built_on_such_a_config_shows_the_line_when_shown(make_page):
    cfg = BatchNormConfig()
    page = make_page("bn", replace(cfg, train=replace(cfg.train, batch_size=1)))
    assert shown(page)
