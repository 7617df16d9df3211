"""The Batch Norm Lab: a network training live, each layer's distribution before and after BN.

Left: per-layer histograms, the BN twin in blue and the no-BN twin in
orange.  Right: tabs for the BN paper's Figure 1, learning curves, gamma/beta
and running statistics, and decision regions for 2-D data.

Students' own data: "Edit data" over the first decision map (the Regions tab,
``LabPage.make_editor``) and File > Import data turn points into the config's
hand-made set (``DataConfig(name="custom", points=...)``), drawn in raw units;
both twins go on training on them between two steps (``TwinTrainer.adopt_points``),
the "normalized" twin of B1 on the same rows standardized.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.labs.batchnorm.controls import BatchNormControls
from bnviz.labs.batchnorm.model import TABS, BatchNormConfig, TwinTrainer
from bnviz.labs.batchnorm.panels.bnparams import BNParamsPanel
from bnviz.labs.batchnorm.panels.contour import ContourPanel
from bnviz.labs.batchnorm.panels.curves import CurvesPanel
from bnviz.labs.batchnorm.panels.decision import DecisionPanel
from bnviz.labs.batchnorm.panels.figure1 import Figure1Panel
from bnviz.labs.batchnorm.panels.histograms import HistogramGrid, counted
from bnviz.labs.page import LabPage
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.reflow import SideBySide
from bnviz.ui.words import reason_text, run_name

TAB_INTERVAL = 0.1     # seconds between redraws of the tab's time series while playing
EXPORT_WAIT_S = 5.0    # at most this long File > Export waits for the folded grid's histograms
TAB_TITLES = {"curves": QT_TR_NOOP("Curves"), "figure1": QT_TR_NOOP("BN paper Fig. 1"),
              "regions": QT_TR_NOOP("Regions"), "bnparams": QT_TR_NOOP("\u03b3 \u03b2 stats"),
              "contour": QT_TR_NOOP("Contours")}
# the tabs built when first shown (or first asked for): a lesson opens one tab, and the others'
# plots would only slow its first frame; the regions tab carries the data editor, built at once
LAZY_PANELS = {"curves": CurvesPanel, "figure1": Figure1Panel, "bnparams": BNParamsPanel, "contour": ContourPanel}


class BatchNormPage(LabPage):
    #: Edit data on the Regions tab, File > Import data / Export data on the 2-D sets: both twins
    #: train on the same hand-made points (``cfg.train.data``)
    supports_own_data = True
    EDIT_TIP = QT_TR_NOOP("Draw your own training points on the plot: click adds a point, drag paints, right-click "
                          "removes; both twins go on training on them")

    def __init__(self, cfg: BatchNormConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        self.histograms = HistogramGrid()
        self._histograms_told = True        # what the model was told (it counts them by default)
        self._exporting = False             # ``before_export`` waits for them: keep them counted
        self.histograms.shown_changed.connect(self._histograms_shown)
        self.decision = DecisionPanel()
        self.decision.add_editor(self.make_editor(self.decision.plot, (self.decision.views[0].points,)))
        self._panels: dict[str, QWidget] = {"regions": self.decision}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bn_tabs")
        for key in TABS:
            self.tabs.addTab(self._panels.get(key) or QWidget(), tr(TAB_TITLES[key]))
        self.tabs.currentChanged.connect(self._tab_changed)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        ll.addWidget(self.legend)
        ll.addWidget(self.histograms, 1)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.tabs.setMinimumWidth(300)
        self.split = split
        self._tab_drawn = 0.0
        self._sized = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        # too narrow for three readable histogram columns beside the tabs (a 1280 projector): tabs
        self.reflow = SideBySide(split, [(QT_TR_NOOP("Layers"), 3 * 240 + 30),
                                         (QT_TR_NOOP("Curves, Fig. 1, ..."), 300)])
        lay.addWidget(self.reflow)
        self.config_shown(self._cfg)

    # ------------------------------------------------------------------ tabs
    def panel(self, key: str) -> QWidget:
        """Tab ``key``'s panel, built now if it was not (``LAZY_PANELS``), in place of its empty tab."""
        if key not in self._panels:
            panel = self._panels[key] = LAZY_PANELS[key]()
            if key == "figure1":
                panel.unit_changed.connect(
                    lambda u: self.apply_config(replace(self._cfg, train=replace(self._cfg.train, probe_unit=u))))
            self.build_tab(self.tabs, TABS.index(key), panel, tr(TAB_TITLES[key]))
        return self._panels[key]

    curves = property(lambda self: self.panel("curves"))
    figure1 = property(lambda self: self.panel("figure1"))
    bnparams = property(lambda self: self.panel("bnparams"))
    contour = property(lambda self: self.panel("contour"))

    def current_panel(self) -> QWidget:
        return self.panel(TABS[max(0, self.tabs.currentIndex())])

    # ---------------------------------------------------------------- config
    def make_controls(self, cfg: BatchNormConfig) -> BatchNormControls:
        return BatchNormControls(cfg)

    def config_shown(self, cfg: BatchNormConfig) -> None:
        self.panel(cfg.tab)
        self.sync_tab(self.tabs, TABS.index(cfg.tab))
        self.legend.setText(self._legend_text(cfg))
        self.show_own_data()

    @staticmethod
    def _legend_text(cfg: BatchNormConfig) -> str:
        if cfg.twin == "off":
            return tr("single run ({run})").format(run=run_name("BN" if cfg.train.net.batch_norm else "no BN"))
        a, b = ("BN", "no BN") if cfg.twin == "bn" else ("normalized", "raw")
        return (f"<span style='color:{theme.BN_COLOR}'>&#9632; <b>{run_name(a)}</b></span> &#160; "
                f"<span style='color:{theme.PLAIN_COLOR}'>&#9632; <b>{run_name(b)}</b></span> &#160;"
                + tr("same start, same batches. &#160;Middle column: what the activation receives "
                     "(z\u0303 = \u03b3\u00b7z_norm + \u03b2 with BN); dotted: g(x)."))

    def retranslate(self) -> None:
        """The legend is composed from pieces; then the frame is redrawn (LabPage)."""
        self.legend.setText(self._legend_text(self._cfg))
        super().retranslate()

    def refit(self) -> None:
        self.bridge.invoke(TwinTrainer.refit_bins)

    def _histograms_shown(self, on: bool) -> None:
        """Tell the model whether the grid is on screen (shown, hidden, or folded since the page opened)."""
        on = on or self._exporting
        if on != self._histograms_told:
            self._histograms_told = on
            self.bridge.set_view("histograms", TwinTrainer.show_histograms, on)

    def before_export(self) -> None:
        """File > Export visits every plot, the folded grid's too: first a frame with its histograms.

        Waits (the event loop running) until one is on the page, the worker fails, or
        ``EXPORT_WAIT_S`` passed; the grid draws it when the export shows it.
        """
        if self.frame is None or counted(self.frame.snapshot):
            return
        self._exporting = True
        try:
            self._histograms_shown(True)
            end = time.monotonic() + EXPORT_WAIT_S
            loop, poll = QEventLoop(), QTimer()

            def check() -> None:
                if counted(self.frame.snapshot) or self.bridge.failure or time.monotonic() > end:
                    loop.quit()

            poll.timeout.connect(check)
            poll.start(20)
            loop.exec()
        finally:
            self._exporting = False

    def showEvent(self, event) -> None:  # Qt override: histograms get 3/5 of the width the first time
        if not self._sized and self.width() > 100:
            self._sized = True
            w = self.split.width() or self.width()
            self.split.setSizes([w * 3 // 5, w * 2 // 5])
        super().showEvent(event)

    def _tab_changed(self, index: int) -> None:
        self.panel(TABS[index])
        self.apply_config(replace(self._cfg, tab=TABS[index]))
        if self.frame is not None:
            self.show_frame(self.frame)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        runs = frame.snapshot
        self.histograms.show_runs(runs)
        self.current_panel().show_runs(runs)
        self._tab_drawn = time.perf_counter()

    def draw_steps(self, frame: Frame) -> list:
        """One turn per histogram; the tab's slower curves at most 10 times a second."""
        runs = frame.snapshot
        self._histograms_shown(self.histograms.isVisible())     # a grid folded from the start has had no hideEvent
        steps = self.histograms.pieces(runs)
        if time.perf_counter() - self._tab_drawn >= TAB_INTERVAL or frame.notice or not frame.playing:
            self._tab_drawn = time.perf_counter()
            tab = self.current_panel()
            steps += tab.pieces(runs) if hasattr(tab, "pieces") else [partial(tab.show_runs, runs)]
        return steps

    def status(self, frame: Frame) -> tuple[str, str]:
        parts, diverged = [], []
        for r in frame.snapshot:
            tl, vl, va = r.last("train_loss"), r.last("val_loss"), r.last("val_acc")
            parts.append(tr("{run}: loss {train:.3f} / val {val:.3f}, val acc {acc:.1%}").format(
                run=run_name(r.label), train=tl, val=vl, acc=va) if math.isfinite(vl) else f"{run_name(r.label)}: -")
            if r.diverged:
                diverged.append(tr("{run} diverged at step {step} ({reason})").format(
                    run=run_name(r.label), step=r.diverged_at, reason=reason_text(r.divergence_reason)))
        return "   |   ".join(parts), tr("; ").join(diverged)
