"""A language switch leaves the window as if it had been built in the new language.

``i18n.set_language`` re-translates what is on screen by mapping each text back
to its source; two sources with one translation ("Layer" and "layer" are both
层) or a text composed from numbers can come back wrong.  So every lab is built
in one language, switched, and compared with the same window built in the other
language: the same texts, as many times each.  The workers are not started, so
no frame arrives and both windows show the same state.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bnviz.ui import i18n

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _window(settings, language: str):
    from bnviz.app.application import create_window

    win = create_window(settings=settings, start_workers=False, language=language)
    win.resize(1366, 768)
    assert len(win.labs) == 7          # every lab built
    return win


def _texts(win) -> Counter:
    return Counter(i18n.visible_texts(win))


def _differences(a: Counter, b: Counter) -> dict:
    return {"only after the switch": sorted((a - b).elements()), "only when built so": sorted((b - a).elements())}


@pytest.fixture
def windows(qapp, settings):
    made = []

    def make(language):
        made.append(_window(settings, language))
        return made[-1]

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    i18n.set_language("en")


def test_english_to_chinese_and_back(windows):
    """Switched to Chinese: as if built in Chinese; and back: as it was, every text in its own English form
    (each text remembers its source, so "Layer" and "layer", both 层, come back as they were)."""
    zh_built = _texts(windows("zh_CN"))
    i18n.set_language("en")
    win = windows("en")
    english = _texts(win)
    win.set_language("zh_CN")
    chinese = _texts(win)
    assert chinese == zh_built, _differences(chinese, zh_built)
    win.set_language("en")
    back = _texts(win)
    assert back == english, _differences(back, english)


def test_chinese_to_english_leaves_no_chinese(windows):
    """Built in Chinese and switched to English: no Chinese left, as many texts as an English window.
    (A text made in Chinese whose translation two sources share may come back in the other English
    form: "layer" for "Layer", "val. accuracy" for "validation accuracy".)"""
    win = windows("zh_CN")
    win.set_language("en")
    switched = _texts(win)
    left = [t for t in switched if CJK.search(t) and t not in i18n.LANGUAGES.values()]   # 中文 names itself
    assert not left
    i18n.set_language("en")
    assert sum(switched.values()) == sum(_texts(windows("en")).values())
