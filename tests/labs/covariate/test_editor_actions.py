"""The data editor's "start from" actions live as long as their menu, whatever Python holds.

Built as ``menu.addAction(text)``, they were owned by their Python wrappers under PySide 6.11: on a
covariate page built alone (as ``bnviz export`` and the legend tests build it), walking its tabs and a
garbage collection left the wrappers pointing at deleted actions, and the next language switch failed
in ``DataEditor.retranslate``.
"""

import gc

import shiboken6

import bnviz.labs
from bnviz.app.presets import find_preset
from bnviz.ui import i18n
from bnviz.ui.data_editor import DataEditor
from tests.app.test_legends import _check_every_tab


def test_start_actions_survive_a_tab_walk_and_a_collection(qtbot):
    preset = find_preset("covariate-shift")
    page = bnviz.labs.spec(preset.lab).Page()
    qtbot.addWidget(page)
    page.resize(1100, 660)
    page.show()
    page.apply_state(preset.state)
    try:
        _check_every_tab(page)                # no Python reference to the editor meanwhile
        gc.collect()
        (editor,) = page.findChildren(DataEditor)
        assert editor.start_actions and all(shiboken6.isValid(a) for a in editor.start_actions.values())
        assert [a.text() for a in editor.start_button.menu().actions()] == \
            [a.text() for a in editor.start_actions.values()]
        assert i18n.set_language("zh_CN", roots=[page])
    finally:
        i18n.set_language("en", roots=[page])
        page.shutdown(1.0)
