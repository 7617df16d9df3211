"""The main window: one tab per lab, a controls dock, the run toolbar and the status bar."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bnviz import __version__, schema
from bnviz.app import preferences, recording, session
from bnviz.app.lessons import CaptionBar, LessonsPage, lesson_entry, lesson_help_html
from bnviz.app.presets import Preset, scan_presets
from bnviz.ui import i18n, theme
from bnviz.ui.errors import error_text
from bnviz.ui.i18n import QT_TR_NOOP, tr

if TYPE_CHECKING:     # a lab's page (superqt, the engine) is imported with the first lab built, not for the window
    from bnviz.bridge.loop import Frame
    from bnviz.labs.page import LabPage

PRESENTATION_SCALE = 1.6
#: the screen height PRESENTATION_SCALE is meant for: a smaller projector gets a proportionally smaller scale
PRESENTATION_HEIGHT = 1080
#: keys a focused spin or combo box must not swallow (the window's run shortcuts)
RUN_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_S, Qt.Key.Key_R, Qt.Key.Key_N, Qt.Key.Key_F, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown, Qt.Key.Key_F11, Qt.Key.Key_F1, Qt.Key.Key_Z, Qt.Key.Key_D, Qt.Key.Key_E,
            Qt.Key.Key_P)
CAPTION_STYLE = "background: #fff8dc; color: #202020; padding: 4px 8px; border-bottom: 1px solid #d8c890;"

#: the toolbar's speeds: English source (shown as ``tr(text)``), steps per second
SPEEDS = ((QT_TR_NOOP("as fast as possible"), 0.0), (QT_TR_NOOP("500 steps/s"), 500.0),
          (QT_TR_NOOP("100 steps/s"), 100.0), (QT_TR_NOOP("20 steps/s"), 20.0), (QT_TR_NOOP("5 steps/s"), 5.0),
          (QT_TR_NOOP("1 step/s"), 1.0))
#: View menu names of the themes (``bnviz.ui.theme.THEMES``), shown as ``tr(name)``
THEME_NAMES = {"light": QT_TR_NOOP("Light theme"), "dark": QT_TR_NOOP("Dark theme")}
#: seconds a lab stays hidden before its idle worker process is given back (``TrainingBridge.release``)
RELEASE_AFTER_S = 5.0
#: the widest step readout, for the status label's fixed width
WIDEST_STEP = {"step": 10_000_000, "epoch": 100_000, "rate": 10_000}


class _ElidedLabel(QLabel):
    """One line that ends in an ellipsis when it is too narrow; ``text()`` is the whole text.

    superqt's QElidingLabel does this too, but importing superqt costs the first window ~50 ms.
    """

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def text(self) -> str:  # Qt override
        return self._text

    def setText(self, text: str) -> None:  # Qt override
        self._text = text
        self._elide()

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)
        self.setToolTip(self._text if shown != self._text else "")


class MainWindow(QMainWindow):
    """The window holds one tab per lab of ``specs``; a lab's page (its plots, its worker) is built
    the first time it is needed: shown, opened by a lesson or a session, or asked for by
    ``lab_by_key``.  So the window appears before any lab is built, and a class that opens one
    lesson pays for one lab."""

    #: a lab's page was just built (``lab_by_key``), with the page
    lab_built = Signal(object)

    def __init__(self, specs, settings: QSettings | None = None, start_workers: bool = True,
                 dask_scheduler: str | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(self._window_title())
        self.settings = settings if settings is not None else QSettings("bnviz", "bnviz")
        self.start_workers = start_workers
        self.dask_scheduler = dask_scheduler
        self.specs = tuple(specs)
        self._pages: dict[str, LabPage] = {}       # the labs built so far, by key
        self.presets, self.preset_problems = scan_presets()
        self.current_preset: Preset | None = None
        #: build the next lesson's lab once a lesson has opened and sits paused (the app does; tests need not)
        self.prefetch_next_lesson = False
        self._prefetch = QTimer(self)
        self._prefetch.setSingleShot(True)
        self._prefetch.setInterval(1500)
        self._prefetch.timeout.connect(self._prebuild_next_lesson)
        #: give back the worker of a lab hidden for RELEASE_AFTER_S, idle at step 0 (the app does; tests need not)
        self.release_idle_workers = False
        self._hidden_since: dict[str, float] = {}      # lab key -> when it was last hidden
        self._release = QTimer(self)
        self._release.setInterval(1000)
        self._release.timeout.connect(self._release_idle_workers)
        self.lessons = LessonsPage(self.presets, {s.key: s.title for s in self.specs}, self.preset_problems)
        self.lessons.open_requested.connect(self.open_preset)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("labs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.lessons, tr("Lessons"))
        self.controls_stack = QStackedWidget()
        self.controls_stack.addWidget(QLabel(tr("Open a lesson, or pick a lab tab.")))
        for spec in self.specs:
            slot = QWidget()                # stands in for the lab's page until it is built
            slot.setObjectName(f"lab_slot_{spec.key}")
            slot.setProperty("lab", spec.key)
            self.tabs.addTab(slot, tr(spec.title))
        self.caption = CaptionBar()
        self.caption.set_style(CAPTION_STYLE, 11 * theme.scale())
        self.caption.hide()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.caption)
        cl.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.controls_dock = QDockWidget(tr("Settings"), self)
        self.controls_dock.setObjectName("controls_dock")
        self.controls_dock.setWidget(self.controls_stack)
        self.controls_dock.setMinimumWidth(270)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self._build_actions()
        self._build_status()

        self.tabs.currentChanged.connect(self._lab_changed)
        self._fit_to_screen(1360, 740)
        self.ordinary_scale = theme.scale()     # what is remembered; presentation mode is for this session only
        self._keep_run_keys(self)
        self._restore()
        if self.preset_problems:        # one bad lesson file costs only itself: say which
            self._set_notice(QT_TR_NOOP("{n} lesson file(s) skipped"), n=len(self.preset_problems))
            self.notice_label.setToolTip("\n".join(self.preset_problems))
        self._lab_changed(self.tabs.currentIndex())

    # ---------------------------------------------------------------- set-up
    def _action(self, text: str, name: str, slot, keys=(), checkable: bool = False) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if keys:
            a.setShortcuts([QKeySequence(k) for k in keys])
        a.setCheckable(checkable)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.play_action = self._action(tr("Play"), "play", self.toggle_play, ["Space"], checkable=True)
        self.step_action = self._action(tr("Step"), "step", lambda: self.lab.bridge.step(1), ["Right", "S"])
        self.epoch_action = self._action(tr("Step epoch"), "step_epoch", lambda: self.lab.bridge.step_epoch(),
                                         ["Shift+Right"])
        self.reset_action = self._action(tr("Reset"), "reset", self.reset, ["R"])
        self.reset_lesson_action = self._action(tr("Reset lesson"), "reset_lesson", self.reset_lesson, ["Shift+R"])
        self.reset_lesson_action.setToolTip(tr("Restore the lesson as it opened: its settings and seed (Shift+R)"))
        self.refit_action = self._action(tr("Re-fit axes"), "refit", lambda: self.lab.refit(), ["F"])
        self.new_seed_action = self._action(tr("New seed"), "new_seed", self.new_seed, ["N"])
        for a, tip in ((self.play_action, tr("Play / pause training (Space)")),
                       (self.step_action, tr("Train on one mini-batch (Right or S)")),
                       (self.epoch_action, tr("Train one epoch (Shift+Right)")),
                       (self.reset_action, tr("Back to step 0 with the same seed, paused (R)")),
                       (self.refit_action, tr("Re-fit histogram bins and axes (F)")),
                       (self.new_seed_action, tr("Draw a new random seed and restart (N)"))):
            a.setToolTip(tip)

        tb = QToolBar(tr("Run"), self)
        tb.setObjectName("run_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.play_action, self.step_action, self.epoch_action, self.reset_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addWidget(QLabel(tr(" Speed ")))
        self.speed = QComboBox()
        self.speed.setObjectName("speed")
        for text, v in SPEEDS:
            self.speed.addItem(tr(text), v)
        self.speed.currentIndexChanged.connect(lambda _: self.lab.bridge.set_speed(self.speed.currentData()))
        tb.addWidget(self.speed)
        tb.addSeparator()
        tb.addWidget(QLabel(tr(" Seed ")))
        self.seed = QSpinBox()
        self.seed.setObjectName("seed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.seed.valueChanged.connect(self._seed_edited)
        tb.addWidget(self.seed)
        tb.addAction(self.new_seed_action)
        tb.addSeparator()
        tb.addAction(self.refit_action)
        self.recorder = recording.add_record_action(self, tb)     # File > Record, the red dot
        self.addToolBar(tb)
        self.run_toolbar = tb

        mb = self.menuBar()
        m = mb.addMenu(tr("&File"))
        m.addAction(self._action(tr("&Open session..."), "open_session", self.open_session_dialog, ["Ctrl+O"]))
        m.addAction(self._action(tr("&Save session..."), "save_session", self.save_session_dialog, ["Ctrl+S"]))
        m.addSeparator()
        # students' own 2-D data (issue 17): the lab on screen reads and writes its points as CSV
        self.import_data_action = self._action(tr("&Import data..."), "import_data",
                                               lambda: self.lab and self.lab.import_data_dialog(self))
        self.export_data_action = self._action(tr("E&xport data..."), "export_data",
                                               lambda: self.lab and self.lab.export_data_dialog(self))
        m.addAction(self.import_data_action)
        m.addAction(self.export_data_action)
        m.addSeparator()
        m.addAction(self._action(tr("&Export figures..."), "export_figures", self.export_dialog, ["Ctrl+E"]))
        m.addAction(self._action(tr("&Copy figure"), "copy_figure", self.copy_figure, ["Ctrl+Shift+C"]))
        m.addAction(self.recorder.action)
        m.addSeparator()
        m.addAction(self._action(tr("&Quit"), "quit", self.close, ["Ctrl+Q"]))
        m = mb.addMenu(tr("&Run"))
        for a in (self.play_action, self.step_action, self.epoch_action, self.reset_action, self.new_seed_action):
            m.addAction(a)
        m = mb.addMenu(tr("&View"))
        m.addAction(self.controls_dock.toggleViewAction())
        m.addAction(self.refit_action)
        self.toggle_controls_action = self._action(tr("Hide / show settings"), "toggle_controls",
                                                   lambda: self.controls_dock.setVisible(not self.controls_dock.isVisible()),
                                                   ["Ctrl+H"])
        m.addAction(self.toggle_controls_action)
        for i, spec in enumerate(self.specs):
            m.addAction(self._action(tr(spec.title), f"goto_{spec.key}",
                                     lambda _=False, k=spec.key: self.tabs.setCurrentWidget(self.lab_by_key(k)),
                                     [f"Ctrl+{i + 1}"]))
        m.addSeparator()
        self.presentation_action = self._action(tr("&Presentation mode"), "presentation", self.toggle_presentation,
                                                ["F11"], checkable=True)
        m.addAction(self.presentation_action)
        group = QActionGroup(self)
        self.theme_actions = {}
        for name in theme.THEMES:
            a = self._action(tr(THEME_NAMES.get(name, name)), f"theme_{name}",
                             lambda _=False, n=name: self.set_theme(n), checkable=True)
            a.setChecked(name == theme.current().name)
            group.addAction(a)
            m.addAction(a)
            self.theme_actions[name] = a
        self._build_language_menu(m.addMenu(tr("&Language")))
        m.addSeparator()
        self._build_pointer_actions(m)
        self.view_menu = m
        m = mb.addMenu(tr("&Lessons"))
        m.addAction(self._action(tr("Lesson &list"), "lesson_list", lambda: self.tabs.setCurrentWidget(self.lessons),
                                 ["Ctrl+L"]))
        m.addAction(self._action(tr("&Next lesson"), "next_lesson", lambda: self.step_lesson(1), ["PgDown", "Ctrl+]"]))
        m.addAction(self._action(tr("&Previous lesson"), "previous_lesson", lambda: self.step_lesson(-1),
                                 ["PgUp", "Ctrl+["]))
        m.addSeparator()
        self.lesson_actions = {}
        for p in self.presets:
            a = self._action(lesson_entry(p), f"lesson_{p.name}", lambda _=False, p=p: self.open_preset(p))
            m.addAction(a)
            self.lesson_actions[p.name] = a
        m.addAction(self.reset_lesson_action)
        m = mb.addMenu(tr("&Help"))
        m.addAction(self._action(tr("&Keyboard shortcuts"), "shortcuts", self.show_shortcuts, ["F1"]))
        m.addAction(self._action(tr("This &lesson"), "this_lesson", self.show_lesson_help))
        m.addAction(self._action(tr("&About bnviz"), "about", self._about))

    def _build_language_menu(self, menu) -> None:
        """View > Language: each language named in itself, so anyone can find their own."""
        group = QActionGroup(self)
        self.language_actions = {}
        for code, name in i18n.LANGUAGES.items():
            a = self._action(name, f"language_{code}", lambda _=False, c=code: self.set_language(c), checkable=True)
            a.setChecked(code == i18n.language())
            group.addAction(a)
            menu.addAction(a)
            self.language_actions[code] = a

    def set_language(self, code: str) -> None:
        """Switch the interface's language now (the running lab keeps running) and remember it."""
        i18n.set_language(code, [self])
        self.language_actions[i18n.language()].setChecked(True)
        self.settings.setValue("view/language", i18n.language())
        self._font_notice()

    def _font_notice(self) -> None:
        """Chinese without a CJK font is boxes: say how to get one, in words any font can draw."""
        if i18n.language() != "en" and not i18n.has_cjk_font():
            self.statusBar().showMessage(i18n.CJK_FONT_HINT)

    def _build_pointer_actions(self, menu) -> None:
        """The lecturer's pointer: one plot enlarged, a highlight pen, step pins (View menu)."""
        self.enlarge_action = self._action(tr("Enlarge plot / put it back"), "enlarge_plot",
                                           lambda: self.lab and self.lab.enlarger.toggle(), ["Z"])
        self.enlarge_action.setToolTip(tr("Show the plot under the mouse alone, filling the lab (Z or double-click)"))
        self.back_action = self._action(tr("Back (enlarged plot, pen)"), "pointer_back", self.pointer_back, ["Esc"])
        self.pen_action = self._action(tr("Highlight pen"), "pen", self.toggle_pen, ["D"], checkable=True)
        self.pen_action.setToolTip(tr("Draw on the plots with the mouse; strokes fade after a few seconds (D)"))
        self.clear_ink_action = self._action(tr("Clear the pen's strokes"), "clear_ink",
                                             lambda: self.lab and self.lab.ink.clear(), ["E"])
        self.pin_action = self._action(tr("Pin this step"), "pin_step", lambda: self.lab and self.lab.pin_step(), ["P"])
        self.pin_action.setToolTip(tr("Mark the current step on every plot over steps (P; Shift+P clears)"))
        self.clear_pins_action = self._action(tr("Clear pins"), "clear_pins", lambda: self.lab and self.lab.pins.clear(),
                                              ["Shift+P"])
        for a in (self.enlarge_action, self.back_action, self.pen_action, self.clear_ink_action, self.pin_action,
                  self.clear_pins_action):
            menu.addAction(a)

    def toggle_pen(self) -> None:
        if self.lab is not None:
            self.lab.ink.set_drawing(self.pen_action.isChecked())
        self._sync_pointer_actions()

    def pointer_back(self) -> None:
        """Esc: put an enlarged plot back, else put the pen down."""
        lab = self.lab
        if lab is not None and lab.enlarger.plot is not None:
            lab.enlarger.restore()
        elif self.pen_action.isChecked():
            self.pen_action.setChecked(False)
            self.toggle_pen()

    def _sync_pointer_actions(self) -> None:
        """Esc is the window's only while there is something to go back from (a dialog or a field keeps it otherwise)."""
        lab = self.lab
        enlarged = lab is not None and lab.enlarger.plot is not None
        self.back_action.setEnabled(enlarged or self.pen_action.isChecked())
        for a in (self.enlarge_action, self.pen_action, self.clear_ink_action, self.pin_action, self.clear_pins_action):
            a.setEnabled(lab is not None)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.step_label = QLabel(tr("step 0"))
        self.step_label.setObjectName("status_step")
        # the numbers give way to a notice with an ellipsis, not cut mid-number ("val acc 9")
        self.metrics_label = _ElidedLabel()
        self.metrics_label.setObjectName("status_metrics")
        self.diverged_label = QLabel()
        self.diverged_label.setObjectName("status_diverged")
        self.diverged_label.setStyleSheet(f"color: white; background: {theme.DIVERGED_COLOR}; font-weight: bold; padding: 1px 6px")
        self.diverged_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("status_notice")
        self.notice_label.setStyleSheet("color: #8a5a00; font-weight: bold")
        self._notice: tuple[str, dict] | None = None      # the notice's English source and its values
        self._fit_step_label()
        sb.addWidget(self.step_label)
        sb.addWidget(self.metrics_label, 1)
        sb.addPermanentWidget(self.notice_label)
        sb.addPermanentWidget(self.diverged_label)

    def _fit_step_label(self) -> None:
        """Text that changes with every frame must not change the labels' size hints: a new hint
        re-lays out the whole window and repaints every plot in it.  So the step label is as wide
        as its widest text in the interface's language."""
        self.step_label.setMinimumWidth(self.step_label.fontMetrics().horizontalAdvance(
            tr("step {step}  epoch {epoch}  {rate:.0f} steps/s").format(**WIDEST_STEP) + " "))

    def _set_notice(self, source: str, **values) -> None:
        """Show ``tr(source).format(**values)`` in the status bar's notice; kept so that a language
        change says it again in the new language.  A frame's notice may be several joined by "; "
        ("training process restarted after: killed by signal 9 (SIGKILL); reset to step 0"): each
        is translated, and the known phrases of a composed one and of a value (a failure's reason)
        too (``error_text``)."""
        self._notice = (source, values)
        if values:
            words = {k: error_text(v) if isinstance(v, str) else v for k, v in values.items()}
            self.notice_label.setText(tr(source).format(**words))
        else:
            self.notice_label.setText(tr("; ").join(error_text(tr(part)) for part in source.split("; ")))

    def _clear_notice(self) -> None:
        self._notice = None
        self.notice_label.clear()

    def _window_title(self) -> str:
        return tr("bnviz {version}: batch norm and hyperparameter tuning lab").format(version=__version__)

    def retranslate(self) -> None:
        """After a language change: redo what the window composes from pieces (bnviz.ui.i18n calls this).

        Static texts (menus, tooltips, tab titles) are swapped by ``bnviz.ui.i18n``; these are
        made here with values in them: the window title, the lesson entries (the lessons' own
        titles in the new language), extra speed items, Play/Pause, and the status bar's texts.
        """
        self.setWindowTitle(self._window_title())
        for p in self.presets:
            self.lesson_actions[p.name].setText(lesson_entry(p))
        speeds = dict((v, text) for text, v in SPEEDS)
        for i in range(self.speed.count()):
            v = self.speed.itemData(i)
            self.speed.setItemText(i, tr(speeds[v]) if v in speeds else tr("{n:g} steps/s").format(n=v))
        self._sync_play_text()
        self._fit_step_label()
        if self._notice is not None:
            self._set_notice(self._notice[0], **self._notice[1])
        lab = self.lab
        if lab is not None:
            self._show_numbers(lab, lab.frame)

    # ------------------------------------------------------------- behaviour
    @property
    def lab(self) -> LabPage | None:
        w = self.tabs.currentWidget()
        return w if self._is_page(w) else None

    def _is_page(self, w) -> bool:
        """Whether ``w`` is a lab's page (not the Lessons page, nor a slot): every page is built by ``_build_lab``."""
        return any(w is page for page in self._pages.values())

    @property
    def labs(self) -> list[LabPage]:
        """Every lab's page, in tab order (building those not built yet)."""
        return [self.lab_by_key(s.key) for s in self.specs]

    @property
    def built_labs(self) -> list[LabPage]:
        """The labs built so far: the only ones that can be playing, drawing or holding a worker."""
        return [self._pages[s.key] for s in self.specs if s.key in self._pages]

    def lab_by_key(self, key: str) -> LabPage:
        """The lab ``key``'s page, built (in the tab its slot held) if this is the first time."""
        if key in self._pages:
            return self._pages[key]
        spec = next((s for s in self.specs if s.key == key), None)
        if spec is None:
            raise KeyError(f"no lab {key!r}; labs: {', '.join(s.key for s in self.specs)}")
        return self._build_lab(spec)

    def _build_lab(self, spec) -> LabPage:
        """Build ``spec``'s page and put it in place of its slot, without the tab bar noticing."""
        lab = spec.Page()
        if self.dask_scheduler and hasattr(lab, "set_dask_scheduler"):
            lab.set_dask_scheduler(self.dask_scheduler)
        self._pages[spec.key] = lab
        self.controls_stack.addWidget(lab.controls or QWidget())
        lab.frame_shown.connect(self._on_frame)
        lab.enlarger.changed.connect(lambda _plot: self._sync_pointer_actions())
        if lab.controls is not None:
            self._keep_run_keys(lab.controls)
        slot = self.tabs.findChild(QWidget, f"lab_slot_{spec.key}")
        i = self.tabs.indexOf(slot)
        with QSignalBlocker(self.tabs):
            current = self.tabs.currentIndex()
            self.tabs.removeTab(i)
            self.tabs.insertTab(i, lab, tr(spec.title))
            self.tabs.setCurrentIndex(current)
        slot.deleteLater()
        self.lab_built.emit(lab)
        return lab

    def _keep_run_keys(self, root: QWidget) -> None:
        """The run keys work in a focused spin or combo box under ``root`` too (``eventFilter``)."""
        for box in [*root.findChildren(QAbstractSpinBox), *root.findChildren(QComboBox)]:
            box.installEventFilter(self)
            if isinstance(box, QAbstractSpinBox):
                box.findChild(QLineEdit).installEventFilter(self)

    def _lab_changed(self, index: int) -> None:
        slot = self.tabs.widget(index)
        if slot is not None and slot.property("lab") and not self._is_page(slot):
            self._build_lab(next(s for s in self.specs if s.key == slot.property("lab")))
        lab = self.lab
        for other in self.built_labs:
            if other is not lab and other.bridge.playing:
                other.bridge.pause()
            if other is lab:
                self._hidden_since.pop(other.key, None)
            else:
                self._hidden_since.setdefault(other.key, time.monotonic())
        if self.release_idle_workers and not self._release.isActive():
            self._release.start()
        self.controls_stack.setCurrentWidget(lab.controls if lab is not None and lab.controls is not None
                                             else self.controls_stack.widget(0))
        if self.pen_action.isChecked():                 # the pen stays with the lab it drew on
            self.pen_action.setChecked(False)
        for other in self.built_labs:
            if other is not lab:
                other.ink.set_drawing(False)
        self._sync_pointer_actions()
        for a in (self.play_action, self.step_action, self.epoch_action, self.reset_action, self.refit_action,
                  self.new_seed_action):
            a.setEnabled(lab is not None)
        self.speed.setEnabled(lab is not None)
        self.seed.setEnabled(lab is not None)
        for a in (self.import_data_action, self.export_data_action):
            a.setEnabled(lab is not None and lab.supports_own_data)
        if self.current_preset is not None and (lab is None or lab.key != self.current_preset.lab):
            self.caption.hide()
        elif self.current_preset is not None:
            self.caption.show()
        if lab is None:
            return
        if self.start_workers:
            lab.ensure_started()
            if getattr(lab.bridge, "released", False):
                lab.bridge.start()      # its idle worker was given back while hidden: a new one, same config
        lab.bridge.set_speed(self.speed.currentData())
        self.seed.blockSignals(True)
        self.seed.setValue(lab.seed())
        self.seed.blockSignals(False)
        self.play_action.setChecked(lab.bridge.playing)
        self._sync_play_text()
        if self.notice_label.property("lab") not in (None, lab.key):
            self._clear_notice()                        # another lab's notice
            self.notice_label.setProperty("lab", None)
        self._on_frame(lab.frame)       # None (no frame yet) clears the other lab's numbers

    def toggle_play(self) -> None:
        if self.lab is None:
            return
        self.lab.bridge.toggle()
        self.play_action.setChecked(self.lab.bridge.playing)
        self._sync_play_text()

    def _sync_play_text(self) -> None:
        self.play_action.setText(tr("Pause") if self.play_action.isChecked() else tr("Play"))

    def reset(self) -> None:
        """Back to step 0 with the same seed, paused: the lecturer explains before pressing Play."""
        if self.lab is not None:
            self.lab.bridge.pause()
            self.lab.bridge.reset()
            self.lab.pins.clear()                   # a pinned step of the run that is gone
            self.play_action.setChecked(False)
            self._sync_play_text()

    def reset_lesson(self) -> None:
        """The current lesson's preset exactly as it was opened (settings, seed, tab), paused at step 0."""
        if self.current_preset is not None:
            self.open_preset(self.current_preset)
            self.reset()

    def new_seed(self) -> None:
        self.seed.setValue(random.randrange(0, 100000))

    def _seed_edited(self, value: int) -> None:
        if self.lab is not None:
            self.lab.set_seed(value)

    def _on_frame(self, frame: Frame | None) -> None:
        """Show the current lab's ``frame``; None: the lab has no frame yet, or its worker ended."""
        lab, sender = self.lab, self.sender()
        # called from _lab_changed too, where the sender is the tab bar
        if lab is None or (self._is_page(sender) and sender is not lab):
            return
        if frame is not None or lab.frame is None:      # nothing drawn yet: none of another lab's numbers
            self._show_numbers(lab, frame)
        failure = getattr(lab.bridge, "failure", "")
        notice = frame.notice if frame is not None else ""
        if notice:                      # the training loop's fixed notices are marked QT_TR_NOOP
            self._set_notice(notice)
            self.notice_label.setProperty("lab", lab.key)
        elif failure:
            self._set_notice(QT_TR_NOOP("training stopped: {failure}"), failure=failure)
            self.notice_label.setProperty("lab", lab.key)
        elif frame is not None and frame.playing:
            self._clear_notice()
        if self.play_action.isChecked() != self.lab.bridge.playing:
            self.play_action.setChecked(self.lab.bridge.playing)
            self._sync_play_text()

    def _show_numbers(self, lab: LabPage, frame: Frame | None) -> None:
        """The status bar's step readout and the lab's own status line for ``frame`` (None: step 0, blank)."""
        self.step_label.setText(tr("step 0") if frame is None else
                                tr("step {step}  epoch {epoch}  {rate:.0f} steps/s").format(
                                    step=frame.step, epoch=frame.epoch, rate=frame.steps_per_second))
        text, diverged = ("", "") if frame is None else lab.status(frame)
        self.metrics_label.setText(text)
        self.diverged_label.setText(diverged)
        self.diverged_label.setVisible(bool(diverged))

    # ---------------------------------------------------------------- lessons
    def open_preset(self, preset: Preset) -> None:
        """Switch to the preset's lab, load its settings and show its caption."""
        try:
            lab = self.lab_by_key(preset.lab)
            lab.apply_state(preset.state)
        except (KeyError, ValueError) as exc:
            self._refuse(tr("Lesson not loaded"), f"{preset.name}: {exc}")
            return
        self.current_preset = preset
        self.settings.setValue("lessons/last", preset.name)
        self.caption.show_lesson(preset)
        self.caption.show()
        self.tabs.setCurrentWidget(lab)
        self.seed.blockSignals(True)
        self.seed.setValue(lab.seed())
        self.seed.blockSignals(False)
        # the lesson's pace: its speed in the toolbar, and the step where its point is made
        i = self.speed.findData(preset.speed)
        if i < 0:
            self.speed.addItem(tr("{n:g} steps/s").format(n=preset.speed), preset.speed)
            i = self.speed.count() - 1
        self.speed.setCurrentIndex(i)
        lab.bridge.set_speed(preset.speed)
        lab.bridge.set_pause_at(preset.pause_at)
        if self.prefetch_next_lesson:
            self._prefetch.start()

    def _release_idle_workers(self) -> None:
        """Labs hidden for ``RELEASE_AFTER_S`` give back an idle worker (~40-80 MB each, issue 18).

        Only a worker that never trained is released (``TrainingBridge.release``): showing
        the lab again starts one from its config and seed, which is the same step 0.
        """
        now = time.monotonic()
        nxt = self._next_lesson() if self.prefetch_next_lesson else None
        for other in self.built_labs:
            since = self._hidden_since.get(other.key)
            release = getattr(other.bridge, "release", None)
            if nxt is not None and other.key == nxt.lab:
                continue        # built for PageDown (``_prebuild_next_lesson``): giving it back undoes that
            if other is not self.lab and since is not None and now - since >= RELEASE_AFTER_S and release:
                release()

    def start_prefetching(self) -> None:
        """Build the lab of the lesson PageDown opens while the window waits (the app, once shown).

        Also on the Lessons page, where the first lesson is next: H1's search lab takes ~1 s
        to build and its first frame waited ~1 s more for scipy's import (``SearchBridge``),
        which the prebuilt lab starts in the background.
        """
        self.prefetch_next_lesson = True
        self._prefetch.start()

    def _next_lesson(self) -> Preset | None:
        """The lesson PageDown opens from the current one (the first on the Lessons page)."""
        if not self.presets:
            return None
        p = self.current_preset
        return self.presets[min(len(self.presets) - 1, self.presets.index(p) + 1)] if p in self.presets \
            else self.presets[0]

    def _prebuild_next_lesson(self) -> None:
        """Build the next lesson's lab while this one waits, paused, for the lecturer's Play.

        A lab's first build takes up to ~0.5 s of the GUI thread (the search lab's more with
        its worker): spent while nothing moves on screen, PageDown shows the next lesson at once.
        """
        nxt, lab = self._next_lesson(), self.lab
        if nxt is None or (lab is not None and lab.bridge.playing):
            return
        if nxt.lab not in self._pages:
            self.lab_by_key(nxt.lab)

    def step_lesson(self, delta: int) -> None:
        if not self.presets:
            return
        names = [p.name for p in self.presets]
        i = names.index(self.current_preset.name) + delta if self.current_preset in self.presets else 0
        self.open_preset(self.presets[max(0, min(len(names) - 1, i))])

    # ----------------------------------------------------------------- files
    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save session"), "session.bnviz.json",
                                              tr("bnviz session (*.json)"))
        if path:
            self.save_session(Path(path))

    def save_session(self, path: Path) -> bool:
        """Write every lab's state atomically; False (with a dialog) if it could not be written."""
        try:
            session.save_session(path, self.specs, self._pages, self.lab.key if self.lab else self.specs[0].key)
        except (OSError, ValueError) as exc:
            self._refuse(tr("Session not saved"), tr("Could not write {name}: {exc}").format(name=Path(path).name, exc=exc))
            return False
        return True

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open session"), "", tr("bnviz session (*.json);;All files (*)"))
        if path:
            self.open_session(Path(path))

    def open_session(self, path: Path) -> bool:
        """Restore a saved session; a bad file is refused with a dialog and changes nothing."""
        try:
            d = session.read_session(path)
            key = session.apply_session(d, self.lab_by_key, [s.key for s in self.specs])
        except (OSError, ValueError) as exc:
            self._refuse(tr("Session not opened"), tr("{name} was not opened: {exc}").format(name=Path(path).name, exc=exc))
            return False
        self.tabs.setCurrentWidget(self.lab_by_key(key))
        return True

    def _refuse(self, title: str, text: str) -> None:
        """A refusal: one line of at most 300 characters, in a dialog that does not block."""
        text = schema.short(error_text(text))
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("refusal_dialog")
        self.last_refusal = text
        box.open()

    def export_dialog(self) -> None:
        from bnviz.app import export    # pyqtgraph's exporters and QtSvg: not for the first paint

        lab = self.lab
        if lab is None:
            return
        directory = QFileDialog.getExistingDirectory(self, tr("Export figures to folder"))
        if not directory:
            return
        fmt, ok = QInputDialog.getItem(self, tr("Export figures"), tr("Format"), list(export.FORMATS), 0, False)
        if not ok:
            return
        width = 1600
        if fmt == "png":
            width, ok = QInputDialog.getInt(self, tr("Export figures"), tr("Image width (pixels)"), 1600, 200, 8000, 100)
            if not ok:
                return
        try:
            written = export.export_lab(lab, Path(directory), fmt, width)
        except OSError as exc:
            QMessageBox.critical(self, tr("Export failed"), str(exc))
            return
        self.statusBar().showMessage(tr("exported {n} files to {directory}").format(n=len(written), directory=directory),
                                     8000)

    def copy_figure(self) -> None:
        if self.lab is not None:
            from bnviz.app import export

            export.copy_figure(self.lab)
            self.statusBar().showMessage(tr("figure copied to the clipboard"), 4000)

    # ------------------------------------------------------------ appearance
    def set_theme(self, name: str) -> None:
        old = theme.scale()
        theme.apply(name, old)
        theme.restyle(self, old)
        self._fit_step_label()
        self.theme_actions[name].setChecked(True)
        self.settings.setValue("view/theme", name)

    def toggle_presentation(self) -> None:
        """Full screen, the presentation scale and plots only (Ctrl+H brings the settings back).

        A state of this session, not a preference: leaving it (or quitting) restores the ordinary
        scale, which is the one remembered.
        """
        on = self.presentation_action.isChecked()
        old = theme.scale()
        new = max(self.presentation_scale(), self.ordinary_scale) if on else self.ordinary_scale
        theme.apply(theme.current().name, new)
        theme.restyle(self, old)
        self._fit_step_label()            # its widest text in the new font size
        self.caption.set_style(CAPTION_STYLE, 11 * new)
        if on:
            self._dock_was_visible = self.controls_dock.isVisible()
            self.controls_dock.hide()
        elif getattr(self, "_dock_was_visible", True):
            self.controls_dock.show()
        self.show_full_screen(on)
        if self.current_preset is not None:
            self.caption.show_lesson(self.current_preset)     # re-fit its lines at the new font

    def screen_rect(self) -> QRect:
        """The screen the window is on (full screen covers it)."""
        return self.screen().geometry()

    def presentation_scale(self) -> float:
        """PRESENTATION_SCALE on a 1080-line screen, in proportion below it (never below 1).

        A projector throws any resolution onto the same wall, so text should take the same share
        of the screen's height: at 1280x720, 1.6 would leave the plots a few pixels high.
        """
        return max(1.0, PRESENTATION_SCALE * min(1.0, self.screen_rect().height() / PRESENTATION_HEIGHT))

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, or the screen's available area when that is smaller (a 1280x720 projector)."""
        area = self.screen().availableGeometry()
        self.resize(min(width, area.width()), min(height, area.height()))
        self.move(area.topLeft())

    def show_full_screen(self, on: bool = True) -> None:
        """Full screen; the explicit geometry also covers screens without a window manager (projector kiosks, Xvfb)."""
        if on:
            self.setGeometry(self.screen_rect())
            self.showFullScreen()
        else:
            self.showNormal()

    def eventFilter(self, obj, event) -> bool:  # Qt override: keys that always work
        """A focused spin or combo box must not swallow the run keys; Enter or Esc leaves an edited field.

        Typing Space, S, R, N or F into a number box means nothing, so those keys go to the
        window's shortcuts instead (a ShortcutOverride left unaccepted lets the shortcut fire).
        """
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            box = obj if isinstance(obj, (QAbstractSpinBox, QComboBox)) else obj.parentWidget()
            if isinstance(box, (QAbstractSpinBox, QComboBox)):
                key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                if kind == QEvent.Type.ShortcutOverride and key in RUN_KEYS and mods in (
                        Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
                    event.ignore()
                    return True
                if kind == QEvent.Type.KeyPress and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape) \
                        and isinstance(box, QAbstractSpinBox):
                    box.interpretText()
                    box.clearFocus()
                    self.tabs.setFocus()
                    return True
        return super().eventFilter(obj, event)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, keys) of every action with a shortcut, read from the actions themselves."""
        rows = []
        for a in self.actions():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts())
            if keys:
                rows.append((a.text().replace("&", ""), keys))
        return rows

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in self.shortcut_rows())
        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("Keyboard shortcuts"),
                          f"<table cellspacing='6'>{rows}</table>", QMessageBox.StandardButton.Close, self)
        box.setObjectName("shortcuts_dialog")
        box.open()

    def show_lesson_help(self) -> None:
        """Help > This lesson: the open lesson's title, whole caption and claims, in the interface's language."""
        p = self.current_preset
        if p is None:
            text = tr("No lesson is open: pick one on the Lessons tab (Ctrl+L), or step through them with PageDown.")
        else:
            text = lesson_help_html(p)
        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("This lesson"), text, QMessageBox.StandardButton.Close, self)
        box.setObjectName("lesson_help_dialog")
        box.open()

    def _about(self) -> None:
        QMessageBox.about(self, tr("About bnviz"),
                          tr("bnviz {version}\nA visual lab for batch normalization and hyperparameter tuning.\n"
                             "All numbers come from its NumPy engine, trained live.").format(version=__version__))

    # --------------------------------------------------------------- persist
    def _restore(self) -> None:
        geo = preferences.read(self.settings, "window/geometry", QByteArray, None)
        state = preferences.read(self.settings, "window/state", QByteArray, None)
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)
        last = preferences.read(self.settings, "lessons/last", str, "")
        names = [p.name for p in self.presets]
        if last in names:
            self.lessons.list.setCurrentRow(names.index(last))   # the start page offers the last lesson again
        idx = preferences.read(self.settings, "window/lab", int, 0)
        if 0 <= idx < self.tabs.count():
            self.tabs.setCurrentIndex(idx)

    def resizeEvent(self, event) -> None:  # Qt override: the caption's line cap follows the window's height
        super().resizeEvent(event)
        self.caption.fit()

    def closeEvent(self, event) -> None:  # Qt override
        if self.presentation_action.isChecked():       # leave it first: the normal window and scale are saved
            self.presentation_action.setChecked(False)
            self.toggle_presentation()
        self.settings.setValue("view/scale", self.ordinary_scale)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/lab", self.tabs.currentIndex())
        for lab in self.built_labs:
            lab.shutdown(1.0)
        super().closeEvent(event)
