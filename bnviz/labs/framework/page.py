"""Inside the Engine (F1): the engine's batch-norm code beside the notes' formulas, checked live, and its speed.

The notes judge a framework by three things: easy to program, fast, truly
open.  This page puts them to bnviz's own engine.  Left: the batch-norm
forward and backward as installed (read by the lab's process with
``inspect``: the code that runs), highlighted, under the last benchmark's
engine-vs-PyTorch ratios.  Right: the notes' formulas, each linked to the
line computing it, the check of the newest mini-batch (engine against the
formulas, backward against central differences) and those errors batch by
batch.  Every number is the model's (``InsideEngine``); the benchmark's
come from the file ``make bench`` leaves (``bnviz.labs.framework.speed``),
read strictly when the page is built and each time it is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.labs.framework import speed
from bnviz.labs.framework.controls import FrameworkControls
from bnviz.labs.framework.model import FrameworkConfig, FrameworkSnapshot
from bnviz.labs.framework.panels.bench import SpeedPanel
from bnviz.labs.framework.panels.checks import ChecksPanel, FormulasPanel
from bnviz.labs.framework.panels.source import SourceView
from bnviz.labs.page import LabPage
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.reflow import SideBySide


class FrameworkPage(LabPage):
    def __init__(self, cfg: FrameworkConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        #: the benchmark file read (None: the user's cache folder, ``speed.last_run_path()``)
        self.speed_path: Path | None = None
        self.intro = QLabel()
        self.intro.setObjectName("fw_intro")
        self.intro.setWordWrap(True)
        self.source = SourceView()
        self.speed = SpeedPanel()
        left = QWidget()            # the code takes what the intro and the speed table leave
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.intro)
        left_lay.addWidget(self.source, 1)
        left_lay.addWidget(self.speed)
        self.formulas = FormulasPanel()
        self.formulas.line_clicked.connect(self.source.scroll_to_line)
        self.checks = ChecksPanel()
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(4, 0, 0, 0)
        right_lay.addWidget(self.formulas)
        right_lay.addWidget(self.checks, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 1000])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.reflow = SideBySide(split, [(QT_TR_NOOP("Engine code"), 380), (QT_TR_NOOP("Formulas && checks"), 420)])
        lay.addWidget(self.reflow)
        self.compose_intro()
        self.load_speed()

    def make_controls(self, cfg: FrameworkConfig) -> FrameworkControls:
        return FrameworkControls(cfg)

    def compose_intro(self) -> None:
        self.intro.setText(tr("The notes choose a framework that is easy to program, fast and truly open. This "
                              "engine's batch norm, below, is plain NumPy, read from the installed module that "
                              "runs (open source, MIT licence); the panel under it says how fast it is."))

    def load_speed(self) -> None:
        """Read the last benchmark's figures (strictly: a bad file shows one line and no numbers)."""
        try:
            record, problem = speed.read_last_run(self.speed_path), ""
        except ValueError as exc:
            record, problem = None, str(exc)
        self.speed.show_record(record, problem)

    def retranslate(self) -> None:
        """After a language change: the texts this page composes (the frame's are redrawn by the base)."""
        self.compose_intro()
        self.formulas.compose()
        self.load_speed()
        self.source.source = None           # its heading is composed too: redraw it with the frame
        super().retranslate()

    def showEvent(self, event) -> None:  # Qt override: a bench run while the app was open shows now
        self.load_speed()
        super().showEvent(event)

    def refit(self) -> None:
        self.checks.plot.enableAutoRange(axis="x")

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        snap: FrameworkSnapshot = frame.snapshot
        self.source.show_source(snap.source)
        self.formulas.show_source(snap.source)
        self.checks.show_snapshot(snap)

    def status(self, frame: Frame) -> tuple[str, str]:
        c = frame.snapshot.check
        return tr("mini-batch {n}: forward error {f:.1e}, gradient check {g:.1e}").format(
            n=frame.snapshot.step, f=c.forward_err, g=c.grad_rel), ""
