"""Building the QApplication and the main window with every lab."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from . import theme


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("bnviz")
        app.setOrganizationName("bnviz")
    return app


def all_labs() -> list:
    """Every lab page, in the order of the tabs (the syllabus order)."""
    from .labs.bn_lab import BNLab

    return [BNLab()]


def create_window(theme_name: str = "light", scale: float = 1.0, settings: QSettings | None = None):
    from .main_window import MainWindow

    theme.apply(theme_name, scale)
    return MainWindow(all_labs(), settings=settings)
