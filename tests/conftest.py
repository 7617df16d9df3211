"""Test configuration: every test runs headless on Qt's offscreen platform."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# GUI fixtures: a main window with private settings, closed after each test.

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(scope="session", autouse=True)
def _garbage_on_main_thread(qapp):
    """Garbage is collected as the app collects it, on the GUI thread only (``application.ensure_app``).

    The app's timer collects while an event loop runs; a test without one would never
    collect, so each test ends with the same check the timer makes.
    """
    from bnviz.app import application

    application.ensure_app()
    yield application.GARBAGE


@pytest.fixture(autouse=True)
def _collect_after_each_test(_garbage_on_main_thread):
    yield
    _garbage_on_main_thread.check()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def bracketed(qapp):
    """A stand-in for a .qm, installed for one test: every source text comes back as «text»."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    class Brackets(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # Qt override
            return f"\u00ab{source}\u00bb"

        def isEmpty(self) -> bool:  # Qt override
            return False

    t = Brackets()
    qapp.installTranslator(t)
    yield t
    QCoreApplication.removeTranslator(t)


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


@pytest.fixture(scope="module")
def lab_page(request, qapp):
    """One lab page per test module, shown on its own with its settings column, its worker started.

    Building a lab and starting its worker is the slow part, so a module shares one. The module
    names its lab and the config every test starts from: ``LAB = ("softmax", SoftmaxConfig(...))``,
    and may set it up further with ``prepare_lab(page)`` (e.g. a thread pool for the search's trials).
    """
    import bnviz.labs

    key, cfg = request.module.LAB
    page = bnviz.labs.spec(key).Page(cfg)
    if hasattr(request.module, "prepare_lab"):
        request.module.prepare_lab(page)
    page.resize(1100, 700)
    page.show()
    page.controls.show()
    page.ensure_started()
    yield page
    page.bridge.pause()
    assert page.shutdown(2.0)
    page.controls.close()
    page.close()
    page.deleteLater()
    # free it now (deferred deletes, cycles), not during a later test that counts references
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()


@pytest.fixture
def lab(lab_page, request, qtbot):
    """The module's lab back at its starting config (through ``apply_state``, as a lesson opens), paused, step 0."""
    from bnviz import schema

    _, cfg = request.module.LAB
    lab_page.bridge.pause()
    lab_page.apply_state({"config": schema.to_json(cfg)})
    lab_page.bridge.reset()
    qtbot.waitUntil(lambda: lab_page.frame is not None and lab_page.bridge.caught_up(lab_page.frame)
                    and lab_page.frame.step == 0 and not lab_page.frame.playing, timeout=15000)
    return lab_page
