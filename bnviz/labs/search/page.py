"""The Hyperparameter Search Lab (syllabus H1-H6).

Tabs: the coarse-to-fine search (a live scatter of two hyperparameters,
zoom rounds, projections, data shift), grid vs random with the same budget
(and best-so-far for grid / shuffled grid / random / Sobol), and the
sampling-scale demo.

How it plugs into the window
----------------------------
A search has no training loop to step, so this lab swaps the base class's
``TrainingBridge`` for a ``SearchBridge`` (same GUI-side surface, no
training process): the toolbar's Play runs the queued trials on every core
and un-presses itself when they are all done, Pause stops handing out
trials, Step runs one trial, Reset restarts the same search, the seed
spin box starts a new one. In the status bar, "step" counts finished trials
and "epoch" is the current round. Every trial is a real training run
(``bnviz.search.objective.train_trial``) unless the SYNTHETIC objective is
picked, which is then labelled on every plot.

Trials run on the runner's default local process pool; pass
``executor_factory`` (or call :meth:`SearchLab.set_executor_factory`) to use
another executor, e.g. ``lambda: dask_executor("tcp://host:8786")``;
:meth:`SearchLab.set_dask_scheduler` does exactly that for
``--dask-scheduler``.

Lesson presets (:data:`PRESETS`, :meth:`SearchLab.preset`): H1 "one
important, one unimportant" (alpha vs Adam's eps), H2 grid vs random, H3
coarse to fine, H4/H5 the sampling scales, H6 a data shift.
"""

from __future__ import annotations

import math
from dataclasses import asdict, replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.labs.page import LabPage
from bnviz.labs.search.bridge import ExecutorFactory, SearchBridge
from bnviz.labs.search.controls import SearchControls
from bnviz.labs.search.model import SearchConfig, SearchSnapshot
from bnviz.labs.search.panels.axes import fmt_param
from bnviz.labs.search.panels.compare import ComparePanel
from bnviz.labs.search.panels.scales import ScalesPanel
from bnviz.labs.search.panels.scatter import param_label
from bnviz.labs.search.panels.view import SearchView

#: Lesson presets: (config, tab to show).
PRESETS: dict[str, tuple[SearchConfig, str]] = {
    "one_important": (SearchConfig(pair="lr_eps", sampler="random"), "search"),
    "grid_vs_random": (SearchConfig(pair="lr_eps", sampler="grid"), "compare"),
    "coarse_to_fine": (SearchConfig(pair="lr_units", sampler="random", compare=False), "search"),
    "momentum_beta": (SearchConfig(pair="lr_beta", sampler="random", compare=False), "search"),
    "scales": (SearchConfig(pair="lr_beta", compare=False), "scales"),
    # on xor many settings tie at 1.0; re-run on spiral, the old best drops and the best moves
    "data_shift": (SearchConfig(pair="lr_units", sampler="random", dataset="xor", compare=False), "search"),
}
TABS = ("search", "compare", "scales")


class SearchLab(LabPage):
    key = "search"
    title = "Hyperparameter Search"
    restorable = True

    def __init__(self, cfg: SearchConfig = SearchConfig(), executor_factory: ExecutorFactory | None = None,
                 parent: QWidget | None = None) -> None:
        self._cfg = cfg
        super().__init__(parent)
        # no training process: the search's own bridge replaces the base class's
        unused = self.bridge
        unused.frame.disconnect(self._on_frame)
        unused.deleteLater()
        self.bridge = SearchBridge(cfg, executor_factory, parent=self)
        self.bridge.frame.connect(self._on_frame)

        self.controls = SearchControls(cfg)
        self.controls.config_changed.connect(self.apply_config)
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

    # ---------------------------------------------------------------- engine
    def make_model(self) -> Any:
        """Unused: a search runs trials on an executor, not one model in a training process."""
        return None

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

    def apply_config(self, cfg: SearchConfig) -> None:
        self._cfg = cfg
        self.bridge.configure(cfg)

    def load(self, cfg: SearchConfig, tab: str | None = None) -> None:
        """Show and start ``cfg`` (a lesson, a session); ``tab`` is one of 'search', 'compare', 'scales'."""
        self.controls.set_config(cfg)
        self.apply_config(cfg)
        if tab is not None:
            self.show_tab(tab)

    def preset(self, name: str) -> None:
        """Load one of :data:`PRESETS` (keeps the current seed)."""
        if name not in PRESETS:
            raise ValueError(f"preset={name!r} is not allowed: choose one of {', '.join(PRESETS)}")
        cfg, tab = PRESETS[name]
        self.load(replace(cfg, seed=self._cfg.seed), tab)

    def show_tab(self, tab: str) -> None:
        if tab not in TABS:
            raise ValueError(f"tab={tab!r} is not allowed: choose one of {', '.join(TABS)}")
        self.tabs.setCurrentIndex(TABS.index(tab))

    def config(self) -> SearchConfig:
        return self._cfg

    def seed(self) -> int:
        return self._cfg.seed

    def set_seed(self, seed: int) -> None:
        cfg = replace(self._cfg, seed=int(seed))
        self.controls.set_config(cfg)
        self.apply_config(cfg)

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
        self.bridge.set_priority("compare" if TABS[index] == "compare" else "main")
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

    def state(self) -> dict:
        """Settings, the visible tab, the zoom rounds and the finished trials (their results, not re-run).

        ``rounds`` is ``ZoomHistory.to_json()`` (each round also with its data set), ``trials`` the
        finished trials (``TrialResult.to_json()`` with their round / arm and index); queued and running
        trials are left out, so a restored search runs them on Play. Before the lab's first showing
        there is no search yet: only the settings.
        """
        out = {"config": asdict(self._cfg), "tab": TABS[self.tabs.currentIndex()]}
        out.update(self.bridge.search_state())
        return out

    def apply_state(self, state: dict) -> None:
        """Load a preset's or session's settings (and saved rounds and trials, if any).

        Everything is checked first: a bad field raises ValueError naming it and changes nothing.
        """
        if not isinstance(state, dict):
            raise ValueError("search lab state: expected an object")
        fields = ("config", "tab", "rounds", "trials")
        unknown = sorted(set(state) - set(fields))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field; allowed: {', '.join(fields)}")
        d = state.get("config", {})
        if not isinstance(d, dict):
            raise ValueError("config: expected an object")
        allowed = SearchConfig.__dataclass_fields__
        bad = sorted(set(d) - set(allowed))
        if bad:
            raise ValueError(f"config.{bad[0]}: unknown field; allowed: {', '.join(allowed)}")
        try:
            cfg = SearchConfig(**d)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"config: {exc}") from None
        tab = state.get("tab", "search")
        if tab not in TABS:
            raise ValueError(f"tab={tab!r} is not allowed: choose one of {', '.join(TABS)}")
        if "rounds" not in state and "trials" not in state:
            self.load(cfg, tab)
            return
        saved = {k: state[k] for k in ("rounds", "trials") if k in state}
        self.bridge.restore(cfg, saved)       # checks everything before it changes anything
        self.controls.set_config(cfg)
        self._cfg = cfg
        self.show_tab(tab)
