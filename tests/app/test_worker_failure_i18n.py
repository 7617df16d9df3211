"""A dead worker is told in the interface's language: on the lab, in the status bar, after the restart.

The reasons come from Qt-free code in English ("killed by signal 9 (SIGKILL)");
their phrases are translated where shown (``bnviz.ui.errors``), and the numbers
and the signal's name stay as the system gave them.
"""

from __future__ import annotations

import os
import signal

from bnviz.ui import i18n

WAIT = 20000
STOPPED = "训练进程已停止：被信号终止：9 (SIGKILL)\n开始、单步、重置或改一项设置，都会启动一个新的训练进程。"


def test_a_killed_worker_is_told_in_chinese_and_again_in_english(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings, language="zh_CN")
    qtbot.addWidget(win)
    try:
        win.resize(1366, 768)
        win.show()
        lab = win.lab_by_key("softmax")
        win.tabs.setCurrentWidget(lab)
        win.step_action.trigger()
        qtbot.waitUntil(lambda: lab.frame is not None, timeout=WAIT)
        os.kill(lab.bridge._child._process.pid, signal.SIGKILL)
        qtbot.waitUntil(lambda: lab.failure_label is not None and lab.failure_label.isVisible(), timeout=WAIT)
        assert lab.failure_label.text() == STOPPED
        qtbot.waitUntil(lambda: win.notice_label.text() == "训练已停止：被信号终止：9 (SIGKILL)", timeout=WAIT)

        win.set_language("en")
        assert lab.failure_label.text() == ("The training process stopped: killed by signal 9 (SIGKILL)\n"
                                            "Play, Step, Reset or a new setting starts a new one.")
        assert win.notice_label.text() == "training stopped: killed by signal 9 (SIGKILL)"

        win.set_language("zh_CN")
        assert lab.failure_label.text() == STOPPED
        win.reset_action.trigger()          # a new process; its first frame says why, with the reset's own notice
        qtbot.waitUntil(lambda: win.notice_label.text().startswith("训练进程已重新启动"), timeout=WAIT)
        assert win.notice_label.text() == "训练进程已重新启动，原因：被信号终止：9 (SIGKILL)；已重置到第 0 步"
        assert not lab.failure_label.isVisible()
    finally:
        win.close()
        i18n.set_language("en")
