"""The Chinese interface: translation files complete and current, every label translated, live switching.

English is the source language; ``bnviz/resources/i18n/bnviz_zh_CN.ts`` holds
the Chinese, compiled into the committed ``.qm``.  These tests fail when a
string is added to the code without a translation (lupdate finds it
unfinished), when the .qm is stale, or when a widget still shows English in
Chinese mode.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bnviz.ui import i18n

BIN = Path(sys.executable).parent
TS = i18n.I18N_DIR / "bnviz_zh_CN.ts"
QM = i18n.I18N_DIR / "bnviz_zh_CN.qm"
PACKAGE = Path(i18n.__file__).parents[1]

#: Latin words a Chinese screen keeps as they are: names the course notes keep in
#: English, abbreviations, optimizer/activation/data names as written in code, units.
KEPT = {
    "bn", "batch", "norm", "mini", "softmax", "adam", "rmsprop", "momentum", "sgd", "relu", "tanh", "sigmoid",
    "leaky", "linear", "dropout", "ewa", "sobol", "pytorch", "dask", "numpy", "bnviz", "mnist", "log", "exp",
    "argmax", "max", "min", "he", "xavier", "glorot", "lecun", "std", "var", "mean", "norm", "w1", "dz", "a",
    "y", "z", "x", "l", "cpu", "csv", "png", "svg", "json", "fps", "ms", "tcp", "ioffe", "szegedy", "santurkar",
    "et", "al", "id", "ok", "beta", "alpha", "gamma", "lambda", "sigma", "mu", "epsilon", "eps", "inf", "nan",
    "dl", "db", "dw", "wx", "rand", "one", "hot", "english", "epoch", "epochs", "vs", "dense", "synthetic", "f11",
    "float", "make", "bench", "mit", "ctrl", "shift", "esc", "space", "pgup", "pgdown", "del", "tab", "enter",
}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """Latin words of ``text`` that are neither kept terms nor inside a formula's subscript."""
    plain = re.sub(r"<[^>]+>|&[a-z]+;|&#\d+;", " ", text)     # HTML tags and entities are markup, not words
    plain = re.sub(r"\w*_\w*", " ", plain)                      # code names: epoch_num, z_norm
    plain = re.sub(r"[A-Za-z]+(?=（)", " ", plain)               # an option's code name glossed in Chinese
    plain = re.sub(r"[A-Za-z]+\s*(?=[=·^(/<>≤≥+−])|(?<=[=·^(/<>≤≥+−])\s*[A-Za-z]+", " ", plain)   # formula operands
    return [w for w in WORD.findall(plain) if w.lower() not in KEPT]


@pytest.fixture
def chinese():
    assert i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def test_ts_is_current_and_finished(tmp_path):
    """lupdate on the tree finds no new and no vanished message, and none is unfinished."""
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    out = subprocess.run([str(BIN / "pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none",
                          str(PACKAGE), "-ts", str(ts)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Found (\d+) source text\(s\) \((\d+) new and (\d+) already existing\)", out)
    assert found, out
    assert found.group(2) == "0", f"strings in the code that the .ts lacks (run make i18n): {out}"
    assert ts.read_bytes() == TS.read_bytes(), "the .ts is stale or has vanished messages: run make i18n"
    unfinished = [m.findtext("source") for m in ET.parse(TS).iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == [], f"{len(unfinished)} untranslated, e.g. {unfinished[:5]}"
    contexts = {c.findtext("name") for c in ET.parse(TS).iter("context")}
    assert contexts <= {""}, f"use tr() only, not QCoreApplication.translate: contexts {contexts}"


def test_qm_is_compiled_from_the_ts(tmp_path):
    qm = tmp_path / QM.name
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True)
    assert qm.read_bytes() == QM.read_bytes(), "the committed .qm is stale: run make i18n"


def test_every_bundled_lesson_is_bilingual():
    from bnviz.app.presets import all_presets

    presets = all_presets()
    assert len(presets) >= 19
    for p in presets:
        assert p.missing_translations() == [], p.name
        assert p.title_in("zh_CN") != p.title and not english_words(p.title_in("zh_CN")), p.name


def test_check_refuses_a_lesson_without_chinese(tmp_path, qapp):
    import json

    from bnviz.app.check import check_file
    from bnviz.app.presets import PRESETS_DIR

    d = json.loads((PRESETS_DIR / "b2-bn-histograms.json").read_text(encoding="utf-8"))
    assert check_file(PRESETS_DIR / "b2-bn-histograms.json", {}) == ""
    del d["translations"]
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    problem = check_file(path, {})
    assert "translations.zh_CN is missing" in problem and "\n" not in problem


def test_tr_follows_the_language(chinese):
    assert i18n.tr("Play") != "Play"
    i18n.set_language("en")
    assert i18n.tr("Play") == "Play"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_language("fr")
    assert i18n.pick_language("zh_CN") == "zh_CN" and i18n.pick_language("en") == "en"


def test_the_window_speaks_chinese_everywhere(qtbot, settings):
    """Every tab of a window built in Chinese, after a real frame: no English word left on screen."""
    from bnviz.app.application import create_window

    settings.setValue("view/language", "zh_CN")
    win = create_window(settings=settings)
    qtbot.addWidget(win)
    try:
        win.resize(1366, 768)
        win.show()
        left = {}
        for i in range(win.tabs.count()):
            win.tabs.setCurrentIndex(i)
            page = win.tabs.widget(i)
            if hasattr(page, "bridge"):
                win.step_action.trigger()
                qtbot.waitUntil(lambda page=page: page.frame is not None, timeout=20000)
                qtbot.wait(200)
            for text in i18n.visible_texts(win):
                words = english_words(text)
                if words:
                    left[text] = words
        assert not left, f"{len(left)} texts still English, e.g. {list(left)[:15]}"
    finally:
        win.close()
        i18n.set_language("en")


def test_switching_language_live_keeps_the_lab_running(window, qtbot):
    """View > 中文 retitles menus, tabs and the current lab's plots at once; the lab keeps its step."""
    import pyqtgraph as pg

    lab = window.lab_by_key("bn")
    window.tabs.setCurrentWidget(lab)
    window.step_action.trigger()
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=20000)
    step = lab.frame.step
    menus = [a.text() for a in window.menuBar().actions()]
    axes = [ax.labelText for plot in lab.findChildren(pg.PlotWidget) for ax in plot.getPlotItem().axes.values()
            for ax in [ax["item"]] if ax.labelText]
    assert "&File" in menus and axes
    try:
        window.language_actions["zh_CN"].trigger()
        assert window.settings.value("view/language") == "zh_CN"
        zh_menus = [a.text() for a in window.menuBar().actions()]
        assert "&File" not in zh_menus and any("文件" in t for t in zh_menus)
        assert window.tabs.tabText(window.tabs.indexOf(lab)) == i18n.tr("Batch Norm Lab") != "Batch Norm Lab"
        zh_axes = [ax["item"].labelText for plot in lab.findChildren(pg.PlotWidget)
                   for ax in plot.getPlotItem().axes.values() if ax["item"].labelText]
        assert zh_axes != axes and not any(english_words(t) for t in zh_axes)
        assert lab.frame is not None and lab.frame.step >= step
        window.language_actions["en"].trigger()
        assert [a.text() for a in window.menuBar().actions()] == menus
    finally:
        i18n.set_language("en")


def test_missing_cjk_font_is_said(window, monkeypatch):
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    try:
        window.set_language("zh_CN")
        assert "fonts-noto-cjk" in window.statusBar().currentMessage()
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("every_text_seen", [False, True], ids=["alone", "after-every-lab"])
def test_export_in_chinese(tmp_path, qapp, every_text_seen):
    """Figures and the CSVs' comment lines in Chinese; the CSVs' columns exactly as in English, also once
    every text of the app has been asked for (two sources with one translation made the way back to
    English pick either: B2's "running" column came back as the covariate lab's "running averages")."""
    from bnviz.app.headless import export_preset

    if every_text_seen:
        import xml.etree.ElementTree as ET

        for source in ET.parse(TS).iter("source"):
            i18n.tr(source.text)

    english = export_preset("b2-bn-histograms", 2, tmp_path / "en", "png", None, 400, "en")
    try:
        written = export_preset("b2-bn-histograms", 2, tmp_path / "zh", "png", None, 400, "zh_CN")
    finally:
        i18n.set_language("en")
    csvs = [p for p in written if p.suffix == ".csv"]
    assert csvs and all(p.is_file() for p in written) and len(written) == len(english)
    head = csvs[0].read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# ") and re.search(r"[\u4e00-\u9fff]", head), head
    for zh, en in zip(csvs, [p for p in english if p.suffix == ".csv"]):
        zh_lines, en_lines = (p.read_text(encoding="utf-8").splitlines() for p in (zh, en))
        assert zh_lines[1:] == en_lines[1:], (zh.name, zh_lines[1], en_lines[1])


def test_a_refusal_is_said_in_chinese_around_the_file_own_words(chinese):
    from bnviz.engine.config import OptimConfig
    from bnviz.ui.errors import error_text

    with pytest.raises(ValueError) as err:
        OptimConfig(learning_rate=-1.0)
    said = error_text(str(err.value))
    assert "learning_rate=-1" in said and "超出范围" in said and "out of range" not in said
    assert error_text("labs.bn.config.train.colour: unknown field; allowed: a, b") == \
        "labs.bn.config.train.colour：未知字段；允许：a, b"
    from bnviz.ui.job_row import job_words
    failed = job_words("failed: ValueError: steps=0 is out of range: must be >= 1")
    assert failed == "失败：ValueError: steps=0 超出范围：必须 >= 1"     # a job's failure on its progress bar
    i18n.set_language("en")
    assert error_text(str(err.value)) == str(err.value)      # English: the message as the engine said it


def test_a_bad_session_is_refused_in_chinese(window, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "bnviz-session", "schema": 2, "labs": {"bn": {"config": {"train": '
                    '{"batch_size": -4}}}}}')
    assert i18n.set_language("zh_CN")
    try:
        assert not window.open_session(path)
        assert "batch_size" in window.last_refusal and "out of range" not in window.last_refusal
        assert "超出范围" in window.last_refusal or "不允许" in window.last_refusal, window.last_refusal
    finally:
        i18n.set_language("en")
