"""The Batch Norm Lab: a network training live, each layer's distribution before and after BN.

Left: per-layer histograms, the BN twin in blue and the no-BN twin in
orange.  Right: tabs for the BN paper's Figure 1, learning curves, gamma/beta
and running statistics, and decision regions for 2-D data.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.engine.config import NetConfig, OptimConfig, TrainConfig
from bnviz.engine.data import DataConfig
from bnviz.engine.serialize import to_dict, train_config_from_dict
from bnviz.labs.batchnorm.model import TwinTrainer
from bnviz.labs.batchnorm.panels.bnparams import BNParamsPanel
from bnviz.labs.batchnorm.panels.curves import CurvesPanel
from bnviz.labs.batchnorm.panels.decision import DecisionPanel
from bnviz.labs.batchnorm.panels.figure1 import Figure1Panel
from bnviz.labs.batchnorm.panels.histograms import HistogramGrid
from bnviz.labs.page import LabPage
from bnviz.ui.forms import TWIN_MODES, ControlPanel

TAB_INTERVAL = 0.1     # seconds between redraws of the tab's time series while playing

DEFAULT_CONFIG = TrainConfig(
    data=DataConfig(name="moons", n_samples=600, noise=0.2, seed=0),
    net=NetConfig(hidden=(16, 16, 16), activation="sigmoid", init="xavier"),
    optim=OptimConfig(name="sgd", learning_rate=0.3), batch_size=32, seed=0, probe_every=5)

FIGURE1_CONFIG = TrainConfig(
    data=DataConfig(name="digits", seed=0),
    net=NetConfig(hidden=(100, 100, 100), activation="sigmoid", init="gaussian", init_std=0.1),
    optim=OptimConfig(name="sgd", learning_rate=0.5), batch_size=60, seed=0, probe_every=10)


class BNLab(LabPage):
    key = "bn"
    title = "Batch Norm Lab"
    restorable = True

    def __init__(self, cfg: TrainConfig = DEFAULT_CONFIG, twin: str = "bn", parent: QWidget | None = None) -> None:
        self._cfg, self._twin = cfg, twin
        super().__init__(parent)
        self.controls = ControlPanel(cfg, twin)
        self.controls.config_changed.connect(self.apply_config)

        self.histograms = HistogramGrid()
        self.figure1 = Figure1Panel()
        self.figure1.unit_changed.connect(lambda u: self.apply_config(replace(self._cfg, probe_unit=u), self._twin))
        self.curves = CurvesPanel()
        self.bnparams = BNParamsPanel()
        self.decision = DecisionPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bn_tabs")
        self.tabs.addTab(self.curves, "Curves")
        self.tabs.addTab(self.figure1, "BN paper Fig. 1")
        self.tabs.addTab(self.decision, "Regions")
        self.tabs.addTab(self.bnparams, "\u03b3 \u03b2 stats")
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
        lay.addWidget(split)
        self._update_legend()

    # ---------------------------------------------------------------- engine
    def make_model(self) -> partial:
        return partial(TwinTrainer, self._cfg, twin=self._twin != "off", compare=self._compare(),
                       want_decision=self.tabs.currentWidget() is self.decision)

    def _compare(self) -> str:
        return self._twin if self._twin != "off" else "bn"

    def apply_config(self, cfg: TrainConfig, twin: str) -> None:
        self._cfg, self._twin = cfg, twin
        self.bridge.configure(cfg, twin=twin != "off", compare=self._compare())
        self._update_legend()

    def load(self, cfg: TrainConfig, twin: str = "bn") -> None:
        """Show and run ``cfg`` (a lesson, a session)."""
        self.controls.set_config(cfg, twin)
        self.apply_config(cfg, twin)

    def config(self) -> TrainConfig:
        return self._cfg

    def seed(self) -> int:
        return self._cfg.seed

    def set_seed(self, seed: int) -> None:
        self.apply_config(replace(self._cfg, seed=seed), self._twin)
        self.controls.set_config(self._cfg, self._twin)

    def refit(self) -> None:
        self.bridge.invoke("refit_bins")

    def _update_legend(self) -> None:
        from bnviz.ui import theme

        if self._twin != "off":
            a, b = ("BN", "no BN") if self._twin == "bn" else ("normalized", "raw")
            self.legend.setText(f"<span style='color:{theme.BN_COLOR}'>&#9632; <b>{a}</b></span> &nbsp; "
                                f"<span style='color:{theme.PLAIN_COLOR}'>&#9632; <b>{b}</b></span>"
                                " &nbsp;same start, same batches. &nbsp;Middle column: what the activation receives "
                                "(z\u0303 = \u03b3\u00b7z_norm + \u03b2 with BN); dotted: g(x).")
        else:
            self.legend.setText(f"single run ({'BN' if self._cfg.net.batch_norm else 'no BN'})")

    def showEvent(self, event) -> None:  # Qt override: histograms get 3/5 of the width the first time
        if not self._sized and self.width() > 100:
            self._sized = True
            w = self.split.width() or self.width()
            self.split.setSizes([w * 3 // 5, w * 2 // 5])
        super().showEvent(event)

    def _tab_changed(self, _index: int) -> None:
        want = self.tabs.currentWidget() is self.decision
        self.bridge.invoke("set_want_decision", want)
        if self.frame is not None:
            self.show_frame(self.frame)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        runs = frame.snapshot
        self.histograms.show_runs(runs)
        self.tabs.currentWidget().show_runs(runs)
        self._tab_drawn = time.perf_counter()

    def draw_steps(self, frame: Frame) -> list:
        """One turn per histogram; the tab's slower curves at most 10 times a second."""
        runs = frame.snapshot
        steps = self.histograms.pieces(runs)
        if time.perf_counter() - self._tab_drawn >= TAB_INTERVAL or frame.notice or not frame.playing:
            self._tab_drawn = time.perf_counter()
            tab = self.tabs.currentWidget()
            steps += tab.pieces(runs) if hasattr(tab, "pieces") else [partial(tab.show_runs, runs)]
        return steps

    def status(self, frame: Frame) -> tuple[str, str]:
        parts, diverged = [], []
        for r in frame.snapshot:
            tl, vl, va = r.last("train_loss"), r.last("val_loss"), r.last("val_acc")
            parts.append(f"{r.label}: loss {tl:.3f} / val {vl:.3f}, val acc {va:.1%}"
                         if math.isfinite(vl) else f"{r.label}: -")
            if r.diverged:
                diverged.append(f"{r.label} diverged at step {r.diverged_at} ({r.divergence_reason})")
        return "   |   ".join(parts), "; ".join(diverged)

    def state(self) -> dict:
        return {"config": to_dict(self._cfg), "twin": self._twin, "tab": self._tab_keys()[self.tabs.currentIndex()]}

    def _tab_keys(self) -> list[str]:
        return ["curves", "figure1", "regions", "bnparams"]

    def apply_state(self, state: dict) -> None:
        """Load a preset's or session's settings; refuses (ValueError naming the field) before changing anything."""
        if not isinstance(state, dict):
            raise ValueError("bn lab state: expected an object")
        unknown = sorted(set(state) - {"config", "twin", "tab"})
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field; allowed: config, twin, tab")
        cfg = train_config_from_dict(state.get("config", {}))
        twin = state.get("twin", "bn")
        if twin not in TWIN_MODES:
            raise ValueError(f"twin={twin!r} is not allowed: choose one of {', '.join(TWIN_MODES)}")
        tab = state.get("tab", "curves")
        if tab not in self._tab_keys():
            raise ValueError(f"tab={tab!r} is not allowed: choose one of {', '.join(self._tab_keys())}")
        self.tabs.setCurrentIndex(self._tab_keys().index(tab))
        self.load(cfg, twin)
