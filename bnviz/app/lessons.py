"""The start page: every lesson in syllabus order, its caption, and a button to open it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bnviz.app.presets import Preset


class LessonsPage(QWidget):
    open_requested = Signal(object)   # a Preset

    def __init__(self, presets: list[Preset], lab_titles: dict[str, str] | None = None,
                 problems: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessons_page")
        self.presets = presets
        self.lab_titles = lab_titles or {}
        lay = QVBoxLayout(self)
        head = QLabel("<h2>bnviz lessons</h2>Batch normalization and hyperparameter tuning, one lesson per concept "
                      "of the notes. Double-click a lesson (or press Enter) to open it; PageDown / PageUp step through "
                      "them in class.")
        head.setWordWrap(True)
        lay.addWidget(head)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("lessons_list")
        for p in presets:
            item = QListWidgetItem(f"{p.row}  {p.title}")
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            self.list.addItem(item)
        row.addWidget(self.list, 2)
        right = QVBoxLayout()
        self.caption = QLabel()
        self.caption.setObjectName("lessons_caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.caption, 1)
        self.open_button = QPushButton("Open lesson")
        self.open_button.setObjectName("open_lesson")
        right.addWidget(self.open_button)
        row.addLayout(right, 3)
        lay.addLayout(row, 1)
        self.broken = QLabel()          # lesson files that did not read, each with why
        self.broken.setObjectName("lessons_broken")
        self.broken.setWordWrap(True)
        self.broken.setTextFormat(Qt.TextFormat.PlainText)
        self.broken.setStyleSheet("color: #c62828")
        self.broken.setText("\n".join(f"Broken lesson file, not listed: {p}" for p in problems or []))
        self.broken.setVisible(bool(problems))
        lay.addWidget(self.broken)
        self.list.currentRowChanged.connect(self._show_caption)
        self.list.itemActivated.connect(lambda _: self._open())
        self.open_button.clicked.connect(self._open)
        if presets:
            self.list.setCurrentRow(0)

    def _show_caption(self, row: int) -> None:
        if 0 <= row < len(self.presets):
            p = self.presets[row]
            self.caption.setText(f"<h3>{p.row}: {p.title}</h3><p>{p.caption}</p><p><i>Opens the {self.lab_titles.get(p.lab, p.lab)}, seed {p.seed}.</i></p>")

    def _open(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.presets):
            self.open_requested.emit(self.presets[row])
