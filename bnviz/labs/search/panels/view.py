"""The coarse-to-fine search page (syllabus H1, H3, H6).

Left: the live scatter of the two hyperparameters with the zoom rectangle,
and under it one button per round (its marker, its index; the current one
pressed) and "Zoom & resample". Right: score projected onto each parameter
(H1: with alpha vs Adam's eps, the score follows alpha only) and a summary
of the best trial (after a data shift: the old best and what it scores now).
"""

from __future__ import annotations

import math
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bnviz.labs.search.model import SearchSnapshot
from bnviz.labs.search.panels.axes import fmt_param
from bnviz.labs.search.panels.scatter import (
    BEST_COLOR,
    ProjectionPlot,
    TrialScatter,
    dataset_name,
    param_label,
    round_glyph,
)
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: the samplers a round may use, as its button's tooltip names them
SAMPLER_NAMES = {"grid": QT_TR_NOOP("grid"), "random": QT_TR_NOOP("random"),
                 "quasi_random": QT_TR_NOOP("quasi-random (Sobol)")}


class SearchView(QWidget):
    """Emits ``zoom_requested(axis_rect)`` and ``round_selected(index)``."""

    zoom_requested = Signal(object)
    round_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_view")
        self.scatter = TrialScatter(tr("Trials"), colorbar=True, roi=True)
        self.scatter.widget.setObjectName("search_scatter")
        self.proj = (ProjectionPlot(), ProjectionPlot())
        self.proj[0].widget.setObjectName("search_proj_x")
        self.proj[1].widget.setObjectName("search_proj_y")

        self.zoom_button = QPushButton(tr("Zoom && resample"))
        self.zoom_button.setObjectName("search_zoom")
        self.zoom_button.setToolTip(tr("Sample the next round inside the red rectangle"))
        self.zoom_button.clicked.connect(self._zoom)
        self.rounds_box = QHBoxLayout()
        self.rounds_box.setContentsMargins(0, 0, 0, 0)
        self.rounds_box.setSpacing(2)
        self.round_group = QButtonGroup(self)
        self.round_group.setExclusive(True)
        self.round_group.idClicked.connect(self.round_selected)
        self.round_buttons: list[QPushButton] = []
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(QLabel(tr("Rounds:")))
        bar.addLayout(self.rounds_box)
        bar.addStretch(1)
        bar.addWidget(self.zoom_button)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(2)
        ll.addWidget(self.scatter.widget, 1)
        ll.addLayout(bar)

        self.info = QLabel()
        self.info.setObjectName("search_info")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(2)
        rl.addWidget(self.proj[0].widget, 1)
        rl.addWidget(self.proj[1].widget, 1)
        rl.addWidget(self.info)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("search_split")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._round_key = None
        self._snap: SearchSnapshot | None = None    # the last one drawn

    # ------------------------------------------------------------------ input
    def _zoom(self) -> None:
        (x0, x1), (y0, y1) = self.scatter.roi_rect()
        names = self._names
        self.zoom_requested.emit({names[0]: (x0, x1), names[1]: (y0, y1)})

    def set_roi(self, xr: tuple[float, float], yr: tuple[float, float]) -> None:
        """Place the rectangle (axis coordinates): what a drag would do; used by tests and lessons."""
        roi = self.scatter.roi
        roi.setPos([xr[0], yr[0]], update=False, finish=False)
        roi.setSize([xr[1] - xr[0], yr[1] - yr[0]], update=True, finish=True)

    # ------------------------------------------------------------------ draw
    def show_snapshot(self, s: SearchSnapshot) -> None:
        for piece in self.pieces(s):
            piece()

    def pieces(self, s: SearchSnapshot) -> list:
        """The scatter, then each projection: one plot per event-loop turn (see LabPage.draw_steps)."""
        self._snap = s
        return [partial(self._show_scatter, s), partial(self._show_projection, s, 0),
                partial(self._show_projection, s, 1)]

    def _show_scatter(self, s: SearchSnapshot) -> None:
        self._names = s.names
        names, scales = s.names, s.scales
        cur = s.rounds[s.current_round]
        self.scatter.set_axes(names, scales)
        self.scatter.set_view(cur.axis_range[names[0]], cur.axis_range[names[1]])
        tag = "  [SYNTHETIC]" if s.synthetic else ""
        if s.synthetic:
            title = tr("Round {n}: {done}/{total} trials done")
        else:
            title = tr("Round {n} on '{data}': {done}/{total} trials done")
        self.scatter.set_title(title.format(n=cur.index, data=dataset_name(cur.dataset), done=cur.n_done,
                                            total=cur.n_total) + tag)
        self.scatter.show_table(s.main, names, current_round=s.current_round, best_key=s.best_key,
                                stale=s.stale_best)
        self._update_rounds(s)
        self.info.setText(self._info(s))

    def _show_projection(self, s: SearchSnapshot, k: int) -> None:
        p, name, scale = self.proj[k], s.names[k], s.scales[k]
        p.set_axis(name, scale)
        p.set_xrange(s.rounds[s.current_round].axis_range[name])
        p.show(s.main.ax if k == 0 else s.main.ay, s.main, s.names, current_round=s.current_round)
        p.set_title(tr("score vs {param}").format(param=param_label(name)) + ("  [SYNTHETIC]" if s.synthetic else ""))

    def retranslate(self) -> None:
        """The round buttons, titles and summary are composed: make them again (also while hidden)."""
        self._round_key = None
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def _update_rounds(self, s: SearchSnapshot) -> None:
        key = tuple((r.index, r.dataset) for r in s.rounds)
        if key != self._round_key:
            self._round_key = key
            for b in self.round_buttons:
                self.round_group.removeButton(b)
                self.rounds_box.removeWidget(b)
                b.setParent(None)        # out of the tree now: a text walk (language switch) skips it
                b.deleteLater()
            self.round_buttons = []
            for r in s.rounds:
                text = f"{round_glyph(r.index)} R{r.index}"
                if r.shifted_from is not None:
                    text += f" {dataset_name(r.dataset)}"
                b = QPushButton(text)
                b.setObjectName(f"search_round_{r.index}")
                b.setCheckable(True)
                b.setMaximumWidth(110)
                sampler = tr(SAMPLER_NAMES[r.sampler]) if r.sampler in SAMPLER_NAMES else r.sampler
                if r.parent is None:
                    tip = tr("round {n}: {sampler}, {total} trials in the whole space")
                else:
                    tip = tr("round {n}: {sampler}, {total} trials inside round {parent}")
                tip = tip.format(n=r.index, sampler=sampler, total=r.n_total, parent=r.parent)
                if r.shifted_from:
                    tip += tr(", data shifted from '{old}' to '{new}'").format(old=dataset_name(r.shifted_from),
                                                                            new=dataset_name(r.dataset))
                b.setToolTip(tip)
                self.round_group.addButton(b, r.index)
                self.rounds_box.addWidget(b)
                self.round_buttons.append(b)
        b = self.round_group.button(s.current_round)
        if b is not None and not b.isChecked():
            b.setChecked(True)

    @staticmethod
    def _info(s: SearchSnapshot) -> str:
        names = s.names
        parts = []
        if s.best_params is not None:
            where = tr(", ").join(f"{param_label(n)} = <b>{fmt_param(n, s.best_params[n])}</b>" for n in names)
            parts.append(f"<span style='color:{BEST_COLOR}'>&#9733;</span> "
                         + tr("best validation accuracy <b>{score:.3f}</b> at {where}").format(score=s.best_score,
                                                                                              where=where))
        else:
            parts.append(tr("no finished trial yet: press Play (Space)"))
        st = s.stale_best
        if st is not None:
            new = f"{st['new_score']:.3f}" if math.isfinite(st["new_score"]) else tr("not run yet")
            parts.append("&#9711; " + tr(
                "the best on <b>{old}</b> ({score:.3f}, round {round}) scores <b>{new_score}</b> on <b>{new}</b>, "
                "where the best is now {best:.3f}: re-test hyperparameters when the data drifts").format(
                    old=dataset_name(st["old_data"]), score=st["old_score"], round=st["round"], new_score=new,
                    new=dataset_name(st["new_data"]), best=s.best_score))
        parts.append(tr("{done}/{total} trials done, {running} running, {queued} queued").format(
            done=s.n_done, total=s.n_total, running=s.n_running, queued=s.n_queued))
        if s.last_error:
            parts.append("<span style='color:#c62828'>" + tr("last failure: {error}").format(error=s.last_error)
                         + "</span>")
        return "<br>".join(parts)
