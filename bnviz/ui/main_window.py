"""The main window: one tab per lab, a controls dock, the run toolbar and the status bar."""

from __future__ import annotations

import random

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QMainWindow, QMessageBox, QSpinBox,
                               QStackedWidget, QTabWidget, QToolBar, QWidget)

from bnviz import __version__
from bnviz.bridge.training import Frame

from . import theme
from .labs.base import LabPage

SPEEDS = (("as fast as possible", 0.0), ("500 steps/s", 500.0), ("100 steps/s", 100.0),
          ("20 steps/s", 20.0), ("5 steps/s", 5.0), ("1 step/s", 1.0))


class MainWindow(QMainWindow):
    def __init__(self, labs: list[LabPage], settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(f"bnviz {__version__}: batch norm and hyperparameter tuning lab")
        self.settings = settings if settings is not None else QSettings("bnviz", "bnviz")
        self.labs = labs
        self.tabs = QTabWidget()
        self.tabs.setObjectName("labs")
        self.tabs.setDocumentMode(True)
        self.controls_stack = QStackedWidget()
        for lab in labs:
            self.tabs.addTab(lab, lab.title)
            self.controls_stack.addWidget(lab.controls or QWidget())
            lab.frame_shown.connect(self._on_frame)
        self.setCentralWidget(self.tabs)

        self.controls_dock = QDockWidget("Settings", self)
        self.controls_dock.setObjectName("controls_dock")
        self.controls_dock.setWidget(self.controls_stack)
        self.controls_dock.setMinimumWidth(270)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)

        self._build_actions()
        self._build_status()
        self.tabs.currentChanged.connect(self._lab_changed)
        self.resize(1360, 740)
        self._restore()
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
        self.play_action = self._action("Play", "play", self.toggle_play, ["Space"], checkable=True)
        self.step_action = self._action("Step", "step", lambda: self.lab.bridge.step(1), ["Right", "S"])
        self.epoch_action = self._action("Step epoch", "step_epoch", lambda: self.lab.bridge.step_epoch(), ["Shift+Right"])
        self.reset_action = self._action("Reset", "reset", self.reset, ["R"])
        self.refit_action = self._action("Re-fit axes", "refit", lambda: self.lab.refit(), ["F"])
        self.new_seed_action = self._action("New seed", "new_seed", self.new_seed, ["N"])
        for a, tip in ((self.play_action, "Play / pause training (Space)"),
                       (self.step_action, "Train on one mini-batch (Right or S)"),
                       (self.epoch_action, "Train one epoch (Shift+Right)"),
                       (self.reset_action, "Back to step 0 with the same seed (R)"),
                       (self.refit_action, "Re-fit histogram bins and axes (F)"),
                       (self.new_seed_action, "Draw a new random seed and restart (N)")):
            a.setToolTip(tip)

        tb = QToolBar("Run", self)
        tb.setObjectName("run_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.play_action, self.step_action, self.epoch_action, self.reset_action):
            tb.addAction(a)
        tb.addSeparator()
        tb.addWidget(QLabel(" Speed "))
        self.speed = QComboBox()
        self.speed.setObjectName("speed")
        for text, v in SPEEDS:
            self.speed.addItem(text, v)
        self.speed.currentIndexChanged.connect(lambda _: self.lab.bridge.set_speed(self.speed.currentData()))
        tb.addWidget(self.speed)
        tb.addSeparator()
        tb.addWidget(QLabel(" Seed "))
        self.seed = QSpinBox()
        self.seed.setObjectName("seed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.seed.valueChanged.connect(self._seed_edited)
        tb.addWidget(self.seed)
        tb.addAction(self.new_seed_action)
        tb.addSeparator()
        tb.addAction(self.refit_action)
        self.addToolBar(tb)
        self.run_toolbar = tb

        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addAction(self._action("&Quit", "quit", self.close, ["Ctrl+Q"]))
        m = mb.addMenu("&Run")
        for a in (self.play_action, self.step_action, self.epoch_action, self.reset_action, self.new_seed_action):
            m.addAction(a)
        m = mb.addMenu("&View")
        m.addAction(self.controls_dock.toggleViewAction())
        m.addAction(self.refit_action)
        self.toggle_controls_action = self._action("Hide / show settings", "toggle_controls",
                                                   lambda: self.controls_dock.setVisible(not self.controls_dock.isVisible()),
                                                   ["Ctrl+H"])
        m.addAction(self.toggle_controls_action)
        for i, lab in enumerate(self.labs):
            m.addAction(self._action(lab.title, f"goto_{lab.key}", lambda _=False, i=i: self.tabs.setCurrentIndex(i),
                                     [f"Ctrl+{i + 1}"]))
        self.view_menu = m
        m = mb.addMenu("&Help")
        m.addAction(self._action("&About bnviz", "about", self._about))

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.step_label = QLabel("step 0")
        self.step_label.setObjectName("status_step")
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("status_metrics")
        self.diverged_label = QLabel()
        self.diverged_label.setObjectName("status_diverged")
        self.diverged_label.setStyleSheet(f"color: white; background: {theme.DIVERGED_COLOR}; font-weight: bold; padding: 1px 6px")
        self.diverged_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("status_notice")
        self.notice_label.setStyleSheet("color: #8a5a00; font-weight: bold")
        sb.addWidget(self.step_label)
        sb.addWidget(self.metrics_label, 1)
        sb.addPermanentWidget(self.notice_label)
        sb.addPermanentWidget(self.diverged_label)

    # ------------------------------------------------------------- behaviour
    @property
    def lab(self) -> LabPage:
        return self.tabs.currentWidget()

    def _lab_changed(self, index: int) -> None:
        for i, lab in enumerate(self.labs):
            if i != index and lab.bridge.playing:
                lab.bridge.pause()
        lab = self.labs[index]
        self.controls_stack.setCurrentIndex(index)
        lab.ensure_started()
        lab.bridge.set_speed(self.speed.currentData())
        self.seed.blockSignals(True)
        self.seed.setValue(lab.seed())
        self.seed.blockSignals(False)
        self.play_action.setChecked(lab.bridge.playing)
        self._sync_play_text()
        if lab.frame is not None:
            self._on_frame(lab.frame)

    def toggle_play(self) -> None:
        self.lab.bridge.toggle()
        self.play_action.setChecked(self.lab.bridge.playing)
        self._sync_play_text()

    def _sync_play_text(self) -> None:
        self.play_action.setText("Pause" if self.play_action.isChecked() else "Play")

    def reset(self) -> None:
        self.lab.bridge.reset()

    def new_seed(self) -> None:
        self.seed.setValue(random.randrange(0, 100000))

    def _seed_edited(self, value: int) -> None:
        self.lab.set_seed(value)

    def _on_frame(self, frame: Frame) -> None:
        if self.sender() is not None and self.sender() is not self.lab:
            return
        self.step_label.setText(f"step {frame.step}  epoch {frame.epoch}  {frame.steps_per_second:.0f} steps/s")
        text, diverged = self.lab.status(frame)
        self.metrics_label.setText(text)
        self.diverged_label.setText(diverged)
        self.diverged_label.setVisible(bool(diverged))
        if frame.notice:
            self.notice_label.setText(frame.notice)
        elif frame.playing:
            self.notice_label.clear()
        if self.play_action.isChecked() != self.lab.bridge.playing:
            self.play_action.setChecked(self.lab.bridge.playing)
            self._sync_play_text()

    def _about(self) -> None:
        QMessageBox.about(self, "About bnviz",
                          f"bnviz {__version__}\nA visual lab for batch normalization and hyperparameter tuning.\n"
                          "All numbers come from its NumPy engine, trained live.")

    # --------------------------------------------------------------- persist
    def _restore(self) -> None:
        geo = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)
        idx = int(self.settings.value("window/lab", 0) or 0)
        if 0 <= idx < self.tabs.count():
            self.tabs.setCurrentIndex(idx)

    def closeEvent(self, event) -> None:  # Qt override
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/lab", self.tabs.currentIndex())
        for lab in self.labs:
            lab.shutdown(1.0)
        super().closeEvent(event)
