"""The Softmax Lab: C-class softmax regression on 2-D data, live; add hidden layers to bend the regions.

Left: decision regions (each class a colour) with the training points; hover
a point (click to pin it) to see, on the right, its class probabilities
A = softmax(z), its one-hot label Y, its loss -log a_y and the gradient
dZ = A - Y where backprop starts.  Below: loss and accuracy curves.  The
chosen example's numbers are computed by the engine in the training process.

Students' own data: "Edit data" over the regions (``bnviz.ui.data_editor``)
and File > Import data turn points into the config's hand-made set
(``DataConfig(name="custom", points=...)``); the running network adopts it
between two steps unless the class count changed (``SoftmaxLab.adopt_points``).
The wiring is ``LabPage``'s (``make_editor``, ``show_own_data``).
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

from bnviz.bridge.training import Frame
from bnviz.labs.page import LabPage
from bnviz.labs.softmax.controls import SoftmaxControls
from bnviz.labs.softmax.model import TABS, SoftmaxConfig, SoftmaxSnapshot
from bnviz.labs.softmax.panels.example import ExamplePanel, SoftmaxCurvesPanel
from bnviz.labs.softmax.panels.regions import SoftmaxRegionsPanel
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.reflow import SideBySide
from bnviz.ui.words import diverged_text


class SoftmaxPage(LabPage):
    supports_own_data = True

    def __init__(self, cfg: SoftmaxConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        self.regions = SoftmaxRegionsPanel()
        self.regions.hovered.connect(self.choose)
        self.regions.picked.connect(lambda i: self.choose(i) if i >= 0 else None)
        self.regions.compare_toggled.connect(self.compare_flat)
        self.regions.add_editor(self.make_editor(self.regions.plot, (self.regions.points, self.regions.marker)))
        self.example = ExamplePanel()
        self.curves = SoftmaxCurvesPanel()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.example)
        right.addWidget(self.curves)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.regions)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 1100])            # the regions get a near-square plot, the bars the rest
        self.split = split
        self._twin_shown: bool | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        # too narrow for the regions beside two readable bar charts: tabs
        self.reflow = SideBySide(split, [(QT_TR_NOOP("Regions"), 520),
                                         (QT_TR_NOOP("Example && curves"), 2 * 240 + 200)])
        self.reflow.tabs.currentChanged.connect(self._pane_chosen)
        lay.addWidget(self.reflow)
        self.config_shown(self._cfg)

    def make_controls(self, cfg: SoftmaxConfig) -> SoftmaxControls:
        return SoftmaxControls(cfg)

    def config_shown(self, cfg: SoftmaxConfig) -> None:
        """The compare box follows ``compare_flat``; two maps side by side get more of the width.

        The data editor shows the config's points (a preset, a session or an
        import may have brought others) and starts from its generated set.
        """
        with signals_blocked(self.regions.compare):
            self.regions.compare.setChecked(cfg.compare_flat)
        self.show_own_data()
        self.reflow.reveal(self.example if cfg.tab == "example" else self.regions)
        if cfg.compare_flat != self._twin_shown:
            self._twin_shown = cfg.compare_flat
            self.split.setSizes([1250, 750] if cfg.compare_flat else [900, 1100])

    def _pane_chosen(self, index: int) -> None:
        """A folded pane picked by hand is the config's ``tab`` (so a session reopens on it)."""
        folded = self.reflow.mode == "tabs" and self.reflow.tabs.count() == len(TABS)    # not while folding
        if folded and index >= 0 and TABS[index] != self._cfg.tab:
            self.apply_config(replace(self._cfg, tab=TABS[index]))

    def compare_flat(self, on: bool) -> None:
        """Train (or stop training) the 0-hidden-layer twin beside the run."""
        if on != self._cfg.compare_flat:
            self.apply_config(replace(self._cfg, compare_flat=on))

    def choose(self, index: int | None) -> None:
        """Ask the engine to explain training example ``index``."""
        if index != self._cfg.chosen:
            self.apply_config(replace(self._cfg, chosen=index))

    def restore(self, cfg: SoftmaxConfig, extra: dict) -> None:
        self.regions.pinned = False
        super().restore(cfg, extra)

    def refit(self) -> None:
        self.regions.refit()
        for p in (self.curves.loss, self.curves.acc):
            p.enableAutoRange()

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        snap: SoftmaxSnapshot = frame.snapshot
        self.regions.show_snapshot(snap)
        self.example.show_example(snap.chosen, snap.n_classes)
        self.curves.show_run(snap.run, snap.flat_run)

    def status(self, frame: Frame) -> tuple[str, str]:
        r = frame.snapshot.run
        tl, vl, va = r.last("train_loss"), r.last("val_loss"), r.last("val_acc")
        text = (tr("loss {train:.3f} / val {val:.3f}, val acc {acc:.1%}").format(train=tl, val=vl, acc=va)
                if math.isfinite(vl) else "")
        diverged = diverged_text(r.diverged_at, r.divergence_reason) if r.diverged else ""
        return text, diverged
