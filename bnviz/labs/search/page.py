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

Students' own data: File > Import data makes every trial train on the CSV's
points (``SearchConfig(dataset="custom", points=...)``, a new search); the
points travel to the worker processes inside each trial's objective, and
"Re-run on shifted data" re-runs the current round on a generated set.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from bnviz.bridge.training import Frame
from bnviz.engine.data import DataConfig
from bnviz.labs.page import LabPage
from bnviz.labs.search.bridge import ExecutorFactory
from bnviz.labs.search.controls import SearchControls
from bnviz.labs.search.model import TABS, SearchConfig, SearchSession, SearchSnapshot
from bnviz.labs.search.panels.axes import fmt_param
from bnviz.labs.search.panels.compare import ComparePanel
from bnviz.labs.search.panels.scales import ScalesPanel
from bnviz.labs.search.panels.scatter import dataset_name, param_label
from bnviz.labs.search.panels.view import SearchView
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: the model's PAIRS labels and the optimizers they fix, as the banner shows them
PAIR_NAMES = {
    "lr_eps": QT_TR_NOOP("learning rate \u03b1 vs Adam's \u03b5"),
    "lr_beta": QT_TR_NOOP("learning rate \u03b1 vs momentum \u03b2"),
    "lr_units": QT_TR_NOOP("learning rate \u03b1 vs hidden units"),
}
OPTIMIZER_NAMES = {"sgd": QT_TR_NOOP("sgd"), "momentum": QT_TR_NOOP("momentum"), "rmsprop": QT_TR_NOOP("rmsprop"),
                   "adam": QT_TR_NOOP("adam")}


def objective_text(s: SearchSnapshot) -> str:
    """``s.objective_text`` (made by the Qt-free model) composed again in the interface's language."""
    cfg = s.config
    if cfg.synthetic:
        return tr("SYNTHETIC objective: an analytic score of \u03b1 only, no training")
    opt = cfg.spec.fixed.get("optimizer", "adam")
    text = tr("each trial = a real training run: {steps} steps of {optimizer} on '{data}', "
              "score = validation accuracy").format(steps=cfg.steps, data=dataset_name(cfg.dataset),
                                                    optimizer=tr(OPTIMIZER_NAMES[opt]) if opt in OPTIMIZER_NAMES
                                                    else opt)
    cur = s.rounds[s.current_round].dataset if s.rounds else cfg.dataset
    if cur != cfg.dataset:
        text += tr("; round {n} re-runs on '{data}'").format(n=s.current_round, data=dataset_name(cur))
    return text


TAB_TITLES = {"search": QT_TR_NOOP("Search: coarse to fine"), "compare": QT_TR_NOOP("Grid vs random"),
              "scales": QT_TR_NOOP("Sampling scales")}


def _compare_panel() -> ComparePanel:
    panel = ComparePanel()
    for row in (1, 2):          # the projections stay readable on a 720-line screen; the scatter takes the rest
        panel.layout().setRowMinimumHeight(row, 160)
    return panel


# the tabs built when first shown (or asked for): H1's search took ~0.8 s more to build with them
LAZY_PANELS = {"compare": _compare_panel, "scales": ScalesPanel}


class SearchPage(LabPage):
    EXTRA_STATE = ("rounds", "trials")
    # File > Import data / Export data: the trials' 2-D data (no plot of the data to edit it on)
    supports_own_data = True

    def __init__(self, cfg: SearchConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        self.controls.shift_requested.connect(self.shift_data)

        self.banner = QLabel()
        self.banner.setObjectName("search_banner")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.view = SearchView()
        self.view.zoom_requested.connect(self.zoom)
        self.view.round_selected.connect(self.back_to)
        self._panels: dict[str, QWidget] = {"search": self.view}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("search_tabs")
        for key in TABS:
            self.tabs.addTab(self._panels.get(key) or QWidget(), tr(TAB_TITLES[key]))
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
        self.panel(cfg.tab)
        self.sync_tab(self.tabs, TABS.index(cfg.tab))

    def panel(self, key: str) -> QWidget:
        """Tab ``key``'s panel, built now if it was not (``LAZY_PANELS``)."""
        if key not in self._panels:
            self._panels[key] = self.build_tab(self.tabs, TABS.index(key), LAZY_PANELS[key](), tr(TAB_TITLES[key]))
        return self._panels[key]

    compare = property(lambda self: self.panel("compare"))
    scales = property(lambda self: self.panel("scales"))

    # ------------------------------------------------------- students' own data
    def own_data(self) -> DataConfig:
        """The data every trial of the search trains on (``SearchConfig.data``)."""
        return self._cfg.data()

    def config_with_data(self, data: DataConfig) -> SearchConfig:
        """The search with its trials on ``data``: a generated set's name, or hand-made points."""
        return replace(self._cfg, dataset=data.name, points=data.points)

    def set_executor_factory(self, factory: ExecutorFactory | None) -> None:
        """Run trials on ``factory()``'s executor (e.g. a Dask cluster) from the next submission on."""
        self.bridge.set_executor_factory(factory)

    def set_dask_scheduler(self, address: str | None) -> None:
        """Run trials on the Dask cluster at ``address`` (``--dask-scheduler``); None: the local pool.

        The client connects on the worker thread at the first trial; if that fails the trials are
        reported as failed with the reason, and the GUI keeps running.
        """
        self.bridge.set_dask_scheduler(address)     # the status bar then counts the cluster's workers

    def show_tab(self, tab: str) -> None:
        self.apply_config(replace(self._cfg, tab=tab))

    def refit(self) -> None:
        views = [self.view] + [self._panels["compare"].columns[arm] for arm in ("grid", "random")
                               if "compare" in self._panels]
        for v in views:
            v.scatter.forget_view()
            for p in v.proj:
                p.forget_view()
        if self.frame is not None:
            self.show_frame(self.frame)

    def zoom(self, axis_rect: dict) -> None:
        """Sample the next round inside ``axis_rect`` (axis coordinates per parameter) and run it."""
        try:
            self.bridge.zoom(axis_rect)
        except ValueError as exc:
            self.controls.error.setText(tr("zoom refused: {reason}").format(reason=exc))
            self.controls.error.show()

    def back_to(self, index: int) -> None:
        self.bridge.back_to(index)

    def shift_data(self, dataset: str) -> None:
        """H6: re-run the current round's trials on ``dataset``."""
        self.show_tab("search")
        try:
            self.bridge.shift_data(dataset)
        except ValueError as exc:
            self.controls.error.setText(tr("data shift refused: {reason}").format(reason=exc))
            self.controls.error.show()

    def _tab_changed(self, index: int) -> None:
        self.panel(TABS[index])
        self.show_tab(TABS[index])
        if self.frame is not None:
            self.show_frame(self.frame)

    # --------------------------------------------------------------- drawing
    def retranslate(self) -> None:
        """The banner, titles and summaries are composed per frame: draw the frame on screen again."""
        if self.frame is not None and self.isVisible():
            self.show_frame(self.frame)

    def show_frame(self, frame: Frame) -> None:
        for piece in self.draw_steps(frame):
            piece()

    def draw_steps(self, frame: Frame) -> list:
        s: SearchSnapshot = frame.snapshot
        current = self.panel(TABS[max(0, self.tabs.currentIndex())])
        steps = [partial(self._show_banner, s)]
        if current is self.view:
            return steps + self.view.pieces(s)
        if current is self.compare:
            return steps + [partial(self.compare.show_snapshot, s)]
        return steps + [partial(self.scales.show_demo, s.scales_demo)]

    def _show_banner(self, s: SearchSnapshot) -> None:
        if s.synthetic:
            self.banner.setText("<b style='color:white; background:#c62828'>&nbsp;SYNTHETIC&nbsp;</b> "
                                f"<b style='color:#c62828'>{objective_text(s)}</b>"
                                + tr(": a stand-in for demos, not a result"))
        else:
            pair = tr(PAIR_NAMES[s.config.pair]) if s.config.pair in PAIR_NAMES else s.config.spec.label
            self.banner.setText(f"<b>{pair}</b> &nbsp;\u2014&nbsp; {objective_text(s)}")

    def status(self, frame: Frame) -> tuple[str, str]:
        s: SearchSnapshot = frame.snapshot
        tag = tr("SYNTHETIC objective \u2014 ") if s.synthetic else ""
        cluster = f"{self.bridge.cluster_status}  |  " if self.bridge.cluster_status else ""
        text = tag + cluster + tr("search: {done}/{total} trials done, {running} running, round {round}").format(
            done=s.n_done, total=s.n_total, running=s.n_running, round=s.current_round)
        if math.isfinite(s.best_score) and s.best_params is not None:
            where = tr(", ").join(f"{param_label(n)} {fmt_param(n, s.best_params[n])}" for n in s.names)
            text += "  |  " + tr("best val acc {score:.3f} at {where}").format(score=s.best_score, where=where)
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
