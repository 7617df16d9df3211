"""A start button, a progress bar and a stop button for one long computation of a lab's worker.

The engine reports a job's progress in English (``bridge.run_job``); ``words``
turns that text into the interface's language, so the row can say it again
after a language change.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from bnviz.ui.errors import error_text
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: what every job's row may say besides its own progress
WORDS = (QT_TR_NOOP("done"), QT_TR_NOOP("queued"), QT_TR_NOOP("cancelled"))


FAILED = "failed: "          # the worker's word for a job that raised (``bridge.loop``)


def job_words(text: str) -> str:
    """The shared words, and a failure's reason, translated; any other text as the engine said it."""
    if text.startswith(FAILED):
        return tr("failed: {reason}").format(reason=error_text(text[len(FAILED):]))
    return tr(text) if text in WORDS else text


class JobRow(QWidget):
    start = Signal()
    cancel = Signal()

    def __init__(self, name: str, text: str, tip: str, words: Callable[[str], str] = job_words) -> None:
        super().__init__()
        self._words = words
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(text)
        self.button.setObjectName(name)
        self.button.setToolTip(tip)
        self.button.clicked.connect(self.start)
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.progress.setMinimumWidth(50)
        self.stop = QPushButton(tr("Stop"))
        self.stop.setObjectName(f"{name}_cancel")
        self.stop.setEnabled(False)
        self.stop.clicked.connect(self.cancel)
        self._text = ""
        lay.addWidget(self.button)
        lay.addWidget(self.progress, 1)
        lay.addWidget(self.stop)

    def set_running(self, running: bool) -> None:
        self.button.setEnabled(not running)
        self.stop.setEnabled(running)

    def set_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self._text = text
        self.progress.setFormat(f"%p%  {self._words(text)}")

    def retranslate(self) -> None:
        """The progress text is the engine's: shown again in the new language."""
        self.stop.setText(tr("Stop"))
        if self._text:
            self.progress.setFormat(f"%p%  {self._words(self._text)}")
