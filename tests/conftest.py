"""Test configuration: every test runs headless on Qt's offscreen platform."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# GUI fixtures: a main window with private settings, closed after each test.

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    from bnviz.app.application import create_window

    win = create_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win.close()


@pytest.fixture
def bn_lab(window, qtbot):
    lab = window.lab_by_key("bn")
    window.tabs.setCurrentWidget(lab)
    qtbot.waitUntil(lambda: lab.frame is not None, timeout=10000)
    return lab


@pytest.fixture
def start_lab(qtbot):
    """Show a lab page on its own (with its settings panel, as the dock would) and start its worker."""
    pages = []

    def start(page):
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.addWidget(page.controls)
        page.controls.show()
        page.ensure_started()
        qtbot.waitUntil(lambda: page.frame is not None, timeout=15000)
        pages.append(page)
        return page

    yield start
    for page in pages:
        page.shutdown(2.0)
