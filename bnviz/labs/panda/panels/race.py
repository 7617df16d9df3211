"""The race: panda's one babysat model against caviar's N models on the same compute.

The x axis is compute spent, in model-steps (one mini-batch through one
model), so both sides sit on one axis: at any x they have used the same
amount of training.  Caviar's models are drawn faint, its current best
bold; the babysitter's roll backs are red triangles on the panda curve.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QSplitter, QVBoxLayout, QWidget

from bnviz.labs.panda.model import RaceSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import tr
from bnviz.ui.plots import make_plot

PANDA_COLOR = "#2e7d32"      # the two contestants, told apart from the BN blue / no-BN orange pair
CAVIAR_COLOR = "#7b1fa2"
CAVIAR_FAINT = (123, 31, 162, 45)
BACK_COLOR = "#c62828"


class RacePanel(QWidget):
    """Draws a ``RaceSnapshot``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("race_panel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.result = QLabel()
        self.result.setObjectName("race_result")
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        self.progress = QProgressBar()
        self.progress.setObjectName("race_progress")
        self.progress.setFormat(tr("%v / %m model-steps each"))
        lay.addWidget(self.progress)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.loss = make_plot(tr("Validation loss on equal compute"), tr("compute (model-steps)"), tr("validation loss"),
                              legend=True)
        right = QSplitter(Qt.Orientation.Vertical)
        self.acc = make_plot(tr("Validation accuracy"), tr("compute (model-steps)"), tr("accuracy"), legend=True)
        self.acc.setYRange(0, 1.02, padding=0)
        self.lr = make_plot(tr("Panda's \u03b1 (set by the babysitter)"), tr("compute (model-steps)"), tr("\u03b1 (log)"))
        self.lr.setLogMode(y=True)
        self.acc.setXLink(self.loss)
        self.lr.setXLink(self.loss)
        right.addWidget(self.acc)
        right.addWidget(self.lr)
        split.addWidget(self.loss)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

        self.faint: list[pg.PlotDataItem] = []
        self.caviar_loss = self.loss.plot([], [], pen=theme.pen(CAVIAR_COLOR, 2.6), name=tr("caviar: best model"))
        self.panda_loss = self.loss.plot([], [], pen=theme.pen(PANDA_COLOR, 2.6), name=tr("panda: babysat model"))
        self.backs = pg.ScatterPlotItem(symbol="t", size=8 * theme.scale(), pen=pg.mkPen(BACK_COLOR),
                                        brush=pg.mkBrush(None))
        self.backs.setZValue(10)
        self.loss.addItem(self.backs)
        self.loss.getPlotItem().legend.addItem(self.backs, tr("panda rolled back"))
        self.caviar_acc = self.acc.plot([], [], pen=theme.pen(CAVIAR_COLOR, 2.2), name=tr("caviar best"))
        self.panda_acc = self.acc.plot([], [], pen=theme.pen(PANDA_COLOR, 2.2), name=tr("panda"))
        self.panda_lr = self.lr.plot([], [], pen=theme.pen(PANDA_COLOR, 2.0))
        self._snap: RaceSnapshot | None = None
        self._key = None

    def show_snapshot(self, s: RaceSnapshot) -> None:
        self._snap = s
        h = s.history
        c = s.caviar
        key = (s.config, s.budget)
        if key != self._key and len(h.get("compute", ())):
            self._key = key
            self.loss.setXRange(0, s.budget, padding=0.01)
            first = h["panda_val_loss"][0]
            if math.isfinite(first):
                self.loss.setYRange(0, first * 1.4, padding=0)
            self.lr.setYRange(-5, 1, padding=0)
        ch = c.history
        n = c.n_models
        while len(self.faint) < n:
            item = self.loss.plot([], [], pen=pg.mkPen(CAVIAR_FAINT, width=1))
            item.setZValue(-1)
            self.faint.append(item)
        ccomp = ch.get("compute", np.empty(0))
        vals = ch.get("val_loss", np.empty((0, n)))
        for i, item in enumerate(self.faint):
            if i < n and vals.ndim == 2 and vals.shape[1] > i:
                item.setData(ccomp, vals[:, i], connect="finite")
                item.show()
            else:
                item.hide()
        pc = h.get("compute", np.empty(0))
        cc = h.get("caviar_compute", np.empty(0))
        self.panda_loss.setData(pc, h.get("panda_val_loss", np.empty(0)), connect="finite")
        self.caviar_loss.setData(cc, h.get("caviar_best_loss", np.empty(0)), connect="finite")
        self.panda_acc.setData(pc, h.get("panda_val_acc", np.empty(0)), connect="finite")
        self.caviar_acc.setData(cc, h.get("caviar_best_acc", np.empty(0)), connect="finite")
        self.panda_lr.setData(pc, h.get("panda_lr", np.empty(0)))
        backs = [m for m in s.marks if m.kind == "back"]
        self.backs.setData([m.compute for m in backs], [m.val_loss for m in backs])
        self.progress.setRange(0, s.budget)
        self.progress.setValue(min(s.budget, min(s.panda_compute, s.caviar_compute)
                                   if c.n_active else s.panda_compute))
        self._text(s)

    def retranslate(self) -> None:
        """The progress bar's format is not a text the language switch finds; the result is composed."""
        self.progress.setFormat(tr("%v / %m model-steps each"))
        if self._snap is not None:
            self._text(self._snap)

    def refit(self) -> None:
        if self._snap is None:
            return
        h = self._snap.history
        vals = np.concatenate([h.get("panda_val_loss", np.empty(0)), h.get("caviar_best_loss", np.empty(0))])
        vals = vals[np.isfinite(vals)]
        if vals.size:
            self.loss.setYRange(0, float(vals.max()) * 1.1, padding=0)
        self.loss.setXRange(0, self._snap.budget, padding=0.01)

    def _text(self, s: RaceSnapshot) -> None:
        n = s.caviar.n_models
        per = s.budget // max(1, n)
        panda = f"<span style='color:{PANDA_COLOR}'><b>" + tr("panda") + "</b></span>"
        caviar = f"<span style='color:{CAVIAR_COLOR}'><b>" + tr("caviar") + "</b></span>"
        if s.config.caviar.halving:
            text = tr("Same compute: {panda} trains one model for {budget} steps, its babysitter looking every "
                      "{every} steps; {caviar} trains {n} models for about {per} steps each (successive halving "
                      "gives the survivors more).")
        else:
            text = tr("Same compute: {panda} trains one model for {budget} steps, its babysitter looking every "
                      "{every} steps; {caviar} trains {n} models for about {per} steps each.")
        head = text.format(panda=panda, caviar=caviar, budget=s.budget, every=s.config.check_every, n=n, per=per)
        r = s.result
        if r is None:
            self.result.setText(head + "<br>" + tr("The result appears when both have spent the budget; "
                                                   "Reset races again."))
            return
        win = {"panda": f"<b style='color:{PANDA_COLOR}'>" + tr("Panda wins") + "</b>",
               "caviar": f"<b style='color:{CAVIAR_COLOR}'>" + tr("Caviar wins") + "</b>",
               "tie": "<b>" + tr("A tie") + "</b>"}[r.winner]
        beta = f", \u03b2 {r.caviar_beta:.3g}" if s.config.caviar.betas is not None else ""
        panda = f"<span style='color:{PANDA_COLOR}'>" + tr("Panda") + "</span>"
        caviar = f"<span style='color:{CAVIAR_COLOR}'>" + tr("Caviar") + "</span>"
        self.result.setText(
            head + "<br>" + tr("{win} on validation loss.").format(win=win) + " "
            + tr("{panda}: {loss:.3f} (acc {acc:.1%}, test {test:.1%}; \u03b1 ended at {lr:.3g}, {backs} roll backs).")
            .format(panda=panda, loss=r.panda_val_loss, acc=r.panda_val_acc, test=r.panda_test_acc, lr=r.panda_lr,
                    backs=r.panda_rollbacks) + " "
            + tr("{caviar} best of {n}: {loss:.3f} (acc {acc:.1%}, test {test:.1%}; model {model}, "
                 "\u03b1 {lr:.3g}{beta}).").format(caviar=caviar, n=n, loss=r.caviar_val_loss, acc=r.caviar_val_acc,
                                                   test=r.caviar_test_acc, model=r.caviar_model, lr=r.caviar_lr,
                                                   beta=beta))
