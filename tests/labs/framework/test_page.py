"""Inside the Engine driven through its widgets: the engine's code, the check numbers, the speed table."""

import inspect

import numpy as np
import pytest

from bnviz.engine import batchnorm
from bnviz.labs.framework import speed
from bnviz.labs.framework.model import FrameworkConfig
from bnviz.labs.framework.panels.checks import FLOOR
from tests.lab_waits import train_then_pause, wait_frame

LAB = ("framework", FrameworkConfig())       # the module's lab page (tests/conftest.py: lab_page, lab)


def test_registered_in_the_window(window, qtbot):
    lab = window.lab_by_key("framework")
    assert lab.title == "Inside the Engine" and lab.spec.rows == ("F1",)
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=15000)
    assert lab.frame.snapshot.check.units == 4


def test_the_installed_engine_code_is_on_screen(lab, qtbot):
    wait_frame(qtbot, lab, lambda f: True)
    shown = lab.source.code_text()
    for fn in (batchnorm.BatchNorm.forward, batchnorm.BatchNorm.backward):
        for line in inspect.getsource(fn).split("\n"):
            if line.strip():
                assert line.strip() in shown
    assert inspect.getsourcefile(batchnorm) in shown
    n = lab.frame.snapshot.source.line_of("mu")          # each line under its number in the file
    assert f"\n{n}\n        mu = x.sum(axis=0) / n\n" in shown


def test_the_check_numbers_are_the_snapshots(lab, qtbot):
    train_then_pause(qtbot, lab, 5)
    frame = lab.frame
    lab.show_frame(frame)
    c = frame.snapshot.check
    text = lab.checks.numbers.text()
    assert f"<b>Mini-batch {frame.snapshot.step}</b>" in text
    for v in (c.forward_err, c.dz_rel, c.dgamma_rel, c.dbeta_rel):
        assert (f"{v:.1e}" if v else "0") in text
    assert text.count("agrees") == 2 and "does not agree" not in text
    assert np.array_equal(lab.checks.grad.xData, frame.snapshot.steps)
    assert np.allclose(lab.checks.grad.yData, np.maximum(frame.snapshot.grad_rel, FLOOR))
    assert lab.status(frame)[0].startswith(f"mini-batch {frame.snapshot.step}: forward error")


def test_each_formula_links_to_its_engine_line(lab, qtbot):
    wait_frame(qtbot, lab, lambda f: True)
    src = lab.frame.snapshot.source
    text = lab.formulas.text()
    for key in ("mu", "sigma2", "z_norm", "z_tilde", "dbeta", "dgamma", "dz"):
        assert f'href="#L{src.line_of(key)}"' in text, key
    lab.formulas.linkActivated.emit(f"#L{src.line_of('dz')}")        # a click on "line N" scrolls the code
    assert lab.source.verticalScrollBar().value() > 0


def test_precision_from_the_settings_reaches_the_engine(lab, qtbot):
    combo = lab.controls.dtype
    combo.setCurrentIndex(combo.findData("float32"))
    assert lab.config().dtype == "float32"
    wait_frame(qtbot, lab, lambda f: f.snapshot.check.dtype == "float32")
    c = lab.frame.snapshot.check
    assert c.forward_err > 1e-10 and c.grad_rel <= 1e-5
    lab.show_frame(lab.frame)
    assert "engine in float32" in lab.checks.numbers.text()


def test_batch_size_spin_box_makes_a_new_batch_shape(lab, qtbot):
    lab.controls.batch_size.setValue(16)
    wait_frame(qtbot, lab, lambda f: f.snapshot.check.m == 16)
    assert lab.config() == FrameworkConfig(batch_size=16)


def test_speed_panel_says_how_to_measure_when_no_run_exists(lab, tmp_path):
    lab.speed_path = tmp_path / "bench.json"
    lab.load_speed()
    assert "make bench" in lab.speed.label.text() and "\u00d7" not in lab.speed.label.text()


def test_speed_panel_shows_the_last_runs_ratios(lab, tmp_path):
    lab.speed_path = tmp_path / "bench.json"
    speed.save_last_run({"bn_paper_net_bn": {"engine": 812.0, "torch": 590.0},
                         "net2d_nobn": {"engine": 9800.0, "torch": 2900.0}}, ["net2d_nobn"],
                        {"version": "2.5.1"}, lab.speed_path)
    lab.load_speed()
    text = lab.speed.label.text()
    assert "BN paper net, with BN" in text and "2-D net, no BN" in text
    assert f"{812 / 590:.2f}\u00d7" in text and f"{9800 / 2900:.2f}\u00d7" in text and "PyTorch 2.5.1" in text
    assert "other processes" in text                     # the contended row is marked


@pytest.mark.parametrize("content", ['{"schema": 1}', "not json", '{"schema": 1, "models": "<script>"}'])
def test_a_bad_speed_file_is_one_line_and_no_numbers(lab, tmp_path, content):
    lab.speed_path = tmp_path / "bench.json"
    lab.speed_path.write_text(content)
    lab.load_speed()
    text = lab.speed.label.text()
    assert "does not read: bench.json:" in text and "\u00d7" not in text and "<br>" not in text
    assert "<script>" not in text and lab.speed.record is None


def test_the_page_rereads_the_file_when_shown(lab, tmp_path, qtbot):
    lab.speed_path = tmp_path / "bench.json"
    lab.load_speed()
    assert "No benchmark against PyTorch" in lab.speed.label.text()
    speed.save_last_run({"net2d_bn": {"engine": 6100.0, "torch": 2000.0}}, path=lab.speed_path)
    lab.hide()
    lab.show()
    qtbot.waitUntil(lambda: "3.05\u00d7" in lab.speed.label.text(), timeout=2000)



def test_a_language_switch_recomposes_the_pages_own_texts(lab, qtbot, bracketed):
    wait_frame(qtbot, lab, lambda f: True)
    lab.retranslate()
    for text in (lab.intro.text(), lab.formulas.text(), lab.speed.label.text(), lab.checks.numbers.text()):
        assert "\u00ab" in text, text[:80]
    assert "\u00ab" in lab.source.code_text().split("\n")[0]
