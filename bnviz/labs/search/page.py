"""The Hyperparameter Search Lab (syllabus H1-H6).

Tabs: the coarse-to-fine search (a live scatter of two hyperparameters,
zoom rounds, projections, data shift), grid vs random with the same budget
(and best-so-far for grid / shuffled grid / random / Sobol), and the
sampling-scale demo.

How it plugs into the window
----------------------------
A search has no training loop to step, so this lab's ``LabSpec`` names a
``SearchBridge`` (same GUI-side surface as ``TrainingBridge``, no training
process): the toolbar's Play runs the queued trials on every core
and un-presses itself when they are all done, Pause stops handing out
trials, Step runs one trial, Reset restarts the same search, the seed
spin box starts a new one. In the status bar, "step" counts finished trials
and "epoch" is the current round. Every trial is a real training run
(``bnviz.search.objective.train_trial``) unless the SYNTHETIC objective is
picked, which is then labelled on every plot.

Trials run on the runner's default local process pool; call
:meth:`SearchPage.set_executor_factory` to use another executor, e.g.
``lambda: dask_executor("tcp://host:8786")``;
:meth:`SearchPage.set_dask_scheduler` does exactly that for
``--dask-scheduler``.  Headless (export, lesson checks) the lab's model is a
``SearchModel``, which runs one trial per step in-process.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.labs.page import LabPage
from bnviz.labs.search.bridge import ExecutorFactory
from bnviz.labs.search.controls import SearchControls
from bnviz.labs.search.model import TABS, SearchConfig, SearchSession, SearchSnapshot
from bnviz.labs.search.panels.axes import fmt_param
from bnviz.labs.search.panels.compare import ComparePanel
from bnviz.labs.search.panels.scales import ScalesPanel
from bnviz.labs.search.panels.scatter import param_label
from bnviz.labs.search.panels.view import SearchView


class SearchPage(LabPage):
    EXTRA_STATE = ("rounds", "trials")

    def __init__(self, cfg: SearchConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        self.controls.shift_requested.connect(self.shift_data)

        self.banner = QLabel()
        self.banner.setObjectName("search_banner")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.view = SearchView()
        self.view.zoom_requested.connect(self.zoom)
        self.view.round_selected.connect(self.back_to)
        self.compare = ComparePanel()
        self.scales = ScalesPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("search_tabs")
        self.tabs.addTab(self.view, "Search: coarse to fine")
        self.tabs.addTab(self.compare, "Grid vs random")
        self.tabs.addTab(self.scales, "Sampling scales")
        self.tabs.currentChanged.connect(self._tab_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self.config_shown(self._cfg)

    # ---------------------------------------------------------------- config
    def make_controls(self, cfg: SearchConfig) -> SearchControls:
        return SearchControls(cfg)

    def config_shown(self, cfg: SearchConfig) -> None:
        self.sync_tab(self.tabs, TABS.index(cfg.tab))

    def set_executor_factory(self, factory: ExecutorFactory | None) -> None:
        """Run trials on ``factory()``'s executor (e.g. a Dask cluster) from the next submission on."""
        self.bridge.set_executor_factory(factory)

    def set_dask_scheduler(self, address: str | None) -> None:
        """Run trials on the Dask cluster at ``address`` (``--dask-scheduler``); None: the local pool.

        The client connects on the worker thread at the first trial; if that fails the trials are
        reported as failed with the reason, and the GUI keeps running.
        """
        if address is None:
            self.set_executor_factory(None)
            return
        from bnviz.search.runner import dask_executor

        self.set_executor_factory(lambda: dask_executor(address))

    def show_tab(self, tab: str) -> None:
        self.apply_config(replace(self._cfg, tab=tab))

    def refit(self) -> None:
        for s in (self.view.scatter, self.compare.columns["grid"].scatter, self.compare.columns["random"].scatter):
            s.forget_view()
        for p in (*self.view.proj, *self.compare.columns["grid"].proj, *self.compare.columns["random"].proj):
            p.forget_view()
        if self.frame is not None:
            self.show_frame(self.frame)

    def zoom(self, axis_rect: dict) -> None:
        """Sample the next round inside ``axis_rect`` (axis coordinates per parameter) and run it."""
        try:
            self.bridge.zoom(axis_rect)
        except ValueError as exc:
            self.controls.error.setText(f"zoom refused: {exc}")
            self.controls.error.show()

    def back_to(self, index: int) -> None:
        self.bridge.back_to(index)

    def shift_data(self, dataset: str) -> None:
        """H6: re-run the current round's trials on ``dataset``."""
        self.show_tab("search")
        try:
            self.bridge.shift_data(dataset)
        except ValueError as exc:
            self.controls.error.setText(f"data shift refused: {exc}")
            self.controls.error.show()

    def _tab_changed(self, index: int) -> None:
        self.show_tab(TABS[index])
        if self.frame is not None:
            self.show_frame(self.frame)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        for piece in self.draw_steps(frame):
            piece()

    def draw_steps(self, frame: Frame) -> list:
        s: SearchSnapshot = frame.snapshot
        current = self.tabs.currentWidget()
        steps = [partial(self._show_banner, s)]
        if current is self.view:
            return steps + self.view.pieces(s)
        if current is self.compare:
            return steps + [partial(self.compare.show_snapshot, s)]
        return steps + [partial(self.scales.show_demo, s.scales_demo)]

    def _show_banner(self, s: SearchSnapshot) -> None:
        if s.synthetic:
            self.banner.setText("<b style='color:white; background:#c62828'>&nbsp;SYNTHETIC&nbsp;</b> "
                                f"<b style='color:#c62828'>{s.objective_text}</b>: a stand-in for demos, not a result")
        else:
            self.banner.setText(f"<b>{s.config.spec.label}</b> &nbsp;\u2014&nbsp; {s.objective_text}")

    def status(self, frame: Frame) -> tuple[str, str]:
        s: SearchSnapshot = frame.snapshot
        tag = "SYNTHETIC objective \u2014 " if s.synthetic else ""
        text = f"{tag}search: {s.n_done}/{s.n_total} trials done, {s.n_running} running, round {s.current_round}"
        if math.isfinite(s.best_score) and s.best_params is not None:
            where = ", ".join(f"{param_label(n)} {fmt_param(n, s.best_params[n])}" for n in s.names)
            text += f"  |  best val acc {s.best_score:.3f} at {where}"
        return text, ""

    def extra_state(self) -> dict:
        """The zoom rounds and the finished trials (their results, not re-run); {} before the first showing.

        ``rounds`` is ``ZoomHistory.to_json()`` (each round also with its data set), ``trials`` the
        finished trials (``TrialResult.to_json()`` with their round / arm and index); queued and running
        trials are left out, so a restored search runs them on Play.
        """
        return self.bridge.search_state()

    def check_extra(self, cfg: SearchConfig, extra: dict) -> SearchSession | None:
        """The restored search, checked completely (ValueError naming the field), or None."""
        return SearchSession.restored(cfg, extra, self.bridge.generation) if extra else None

    def apply_extra(self, cfg: SearchConfig, checked: SearchSession | None) -> None:
        """The saved search, or (a lesson, a session without trials) a fresh one of ``cfg``."""
        if checked is not None:
            self.bridge.adopt(checked)
        else:
            self.bridge.reset()
