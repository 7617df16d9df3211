"""Panda: one model's learning curve, the changes made to it, its checkpoints, and the dials.

The curve is the engine's history; every change of the learning rate or
momentum the engine recorded is a vertical line with its label; checkpoints
are diamonds on the validation curve; a stretch abandoned by a roll back
stays as a grey curve so the student sees what the change cost.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider
from superqt.utils import signals_blocked

from bnviz.labs.panda.model import MAX_BRANCHES, PandaSnapshot
from bnviz.ui import theme
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.log_slider import LogSlider
from bnviz.ui.plots import make_plot

MARK_COLORS = {"lr": "#6a1b9a", "beta": "#00838f", "optimizer": "#5d4037", "rollback": "#c62828"}
BRANCH_COLOR = "#b8b8b8"
CHECKPOINT_COLOR = "#303030"
LABEL_POSITIONS = (0.96, 0.78, 0.60)     # successive marks' labels alternate heights so close ones stay readable
LR_RANGE = (1e-4, 10.0)
#: optimizer names as the summary and an optimizer change's mark show them
OPTIMIZER_NAMES = {"sgd": QT_TR_NOOP("sgd"), "momentum": QT_TR_NOOP("momentum"), "rmsprop": QT_TR_NOOP("rmsprop"),
                   "adam": QT_TR_NOOP("adam")}


#: the kinds of change mark, as a saved change's tooltip names them
MARK_KINDS = {"lr": QT_TR_NOOP("lr"), "beta": QT_TR_NOOP("beta"), "optimizer": QT_TR_NOOP("optimizer"),
              "rollback": QT_TR_NOOP("rollback")}


def optimizer_name(name: str) -> str:
    return tr(OPTIMIZER_NAMES[name]) if name in OPTIMIZER_NAMES else name


def mark_text(kind: str, step: int, label: str) -> str:
    """A change mark's label (made by the Qt-free model, in English) in the interface's language.

    "α 0.05 → 0.1" has nothing to translate; a roll back and an optimizer change do.
    """
    if kind == "rollback":
        return tr("\u21b6 back to step {step}").format(step=step)
    if kind == "optimizer" and " \u2192 " in label:
        old, new = label.split(" \u2192 ", 1)
        return f"{optimizer_name(old)} \u2192 {optimizer_name(new)}"
    return label


class SideColumn(QWidget):
    """The nudge and checkpoint column: 240 px at scale 1, re-fitted when presentation mode changes the font
    (fixed once at build time, its buttons and values were cut off at 1920x1080 in presentation mode)."""

    BASE_WIDTH = 240

    def __init__(self) -> None:
        super().__init__()
        self._fit()

    def _fit(self) -> None:
        self.setFixedWidth(int(self.BASE_WIDTH * theme.scale()))

    def changeEvent(self, event) -> None:  # Qt override
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)


class PandaPanel(QWidget):
    """Draws a ``PandaSnapshot``; emits what the user asks the engine to do."""

    nudge_requested = Signal(object, object)     # (learning rate or None, beta or None)
    rollback_requested = Signal(int)             # checkpoint step
    checkpoint_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panda_panel")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)

        left = QVBoxLayout()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        left.addWidget(self.legend)
        self.loss = make_plot(tr("Babysitting one model: loss"), tr("step"), tr("cross-entropy loss"), legend=True)
        self.lr_plot = make_plot(None, tr("step"), tr("\u03b1 (log)"))
        self.lr_plot.setLogMode(y=True)
        self.lr_plot.setYRange(math.log10(LR_RANGE[0]), math.log10(LR_RANGE[1]), padding=0.02)
        self.lr_plot.setXLink(self.loss)
        self.lr_plot.setMaximumHeight(150)
        left.addWidget(self.loss, 3)
        left.addWidget(self.lr_plot, 1)
        lay.addLayout(left, 1)

        self.branch_curves = [self.loss.plot([], [], pen=theme.pen(BRANCH_COLOR, 1.5)) for _ in range(MAX_BRANCHES)]
        self.val_curve = self.loss.plot([], [], pen=theme.pen(theme.BN_COLOR, 2.2), name=tr("validation"))
        self.train_curve = self.loss.plot([], [], pen=theme.pen(theme.BN_COLOR, 1.3, Qt.PenStyle.DashLine),
                                          name=tr("training (probe batch)"))
        self.ckpt_points = pg.ScatterPlotItem(symbol="d", size=9 * theme.scale(), pen=pg.mkPen("#ffffff", width=0.8),
                                              brush=pg.mkBrush(CHECKPOINT_COLOR), name=tr("checkpoint"))
        self.ckpt_points.setZValue(5)
        self.loss.addItem(self.ckpt_points)
        self.selected_point = pg.ScatterPlotItem(symbol="d", size=15 * theme.scale(),
                                                 pen=pg.mkPen("#c62828", width=2), brush=pg.mkBrush(None))
        self.selected_point.setZValue(6)
        self.loss.addItem(self.selected_point)
        self.lr_curve = self.lr_plot.plot([], [], pen=theme.pen(theme.BN_COLOR, 2.0), stepMode=None)
        self._mark_lines: list[pg.InfiniteLine] = []
        self._lr_lines: list[pg.InfiniteLine] = []
        self._color = theme.BN_COLOR

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("panda_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 4 + 4)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.summary)
        dials = QGroupBox(tr("Nudge (from the next step)"))
        dl = QVBoxLayout(dials)
        dl.setContentsMargins(6, 4, 6, 4)
        dl.addWidget(QLabel(tr("Learning rate \u03b1")))
        self.lr = LogSlider(*LR_RANGE, 0.05)
        self.lr.setObjectName("panda_lr")
        dl.addWidget(self.lr)
        row = QHBoxLayout()
        self.lr_down = QPushButton("\u03b1 \u00f7 2")
        self.lr_down.setObjectName("panda_lr_down")
        self.lr_up = QPushButton("\u03b1 \u00d7 2")
        self.lr_up.setObjectName("panda_lr_up")
        row.addWidget(self.lr_down)
        row.addWidget(self.lr_up)
        dl.addLayout(row)
        dl.addWidget(QLabel(tr("Momentum \u03b2")))
        self.beta = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.beta.setObjectName("panda_beta")
        self.beta.setDecimals(3)
        self.beta.setRange(0.0, 0.999)
        self.beta.setValue(0.9)
        dl.addWidget(self.beta)
        right.addWidget(dials)

        ckg = QGroupBox(tr("Checkpoints (newest last)"))
        cl = QVBoxLayout(ckg)
        cl.setContentsMargins(6, 4, 6, 4)
        self.checkpoints = QListWidget()
        self.checkpoints.setObjectName("panda_checkpoints")
        self.checkpoints.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.checkpoints.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checkpoints.setAlternatingRowColors(True)
        cl.addWidget(self.checkpoints, 1)
        row = QHBoxLayout()
        self.rollback = QPushButton(tr("Roll back"))
        self.rollback.setObjectName("panda_rollback")
        self.rollback.setToolTip(tr("Go back to the selected checkpoint (weights, optimizer state, \u03b1, \u03b2) "
                                    "and continue from there"))
        self.save = QPushButton(tr("Checkpoint now"))
        self.save.setObjectName("panda_checkpoint_now")
        row.addWidget(self.rollback)
        row.addWidget(self.save)
        cl.addLayout(row)
        right.addWidget(ckg, 1)
        side = SideColumn()
        side.setLayout(right)
        lay.addWidget(side)

        self.lr.valueChanged.connect(self._lr_moved)
        self.lr.slider.sliderReleased.connect(self._send_lr)
        self.lr_down.clicked.connect(lambda: self._scale_lr(0.5))
        self.lr_up.clicked.connect(lambda: self._scale_lr(2.0))
        self.beta.valueChanged.connect(self._beta_moved)
        self.beta.sliderReleased.connect(self._send_beta)
        self.rollback.clicked.connect(self._rollback_selected)
        self.checkpoints.itemDoubleClicked.connect(lambda _item: self._rollback_selected())
        self.checkpoints.currentRowChanged.connect(lambda _r: self._show_selected())
        self.save.clicked.connect(self.checkpoint_requested)

        self._snap: PandaSnapshot | None = None
        self._saved: tuple[list[dict], list[dict]] = ([], [])   # a saved session's checkpoints and marks
        self._marks_key = None
        self._ckpt_key = None
        self._branch_key = None
        self._restores = None
        self._y_key = None
        self._update_legend()

    # ------------------------------------------------------------ the dials
    def _lr_moved(self, _v: float) -> None:
        if not self.lr.slider.isSliderDown():     # keyboard, wheel, click: one change each
            self._send_lr()

    def _send_lr(self) -> None:
        self.nudge_requested.emit(self.lr.value(), None)

    def _scale_lr(self, factor: float) -> None:
        v = float(f"{min(LR_RANGE[1], max(LR_RANGE[0], self.lr.value() * factor)):.3g}")
        self.lr.setValue(v)
        self.nudge_requested.emit(v, None)

    def _beta_moved(self, _v: float) -> None:
        if not self.beta.isSliderDown():
            self._send_beta()

    def _send_beta(self) -> None:
        self.nudge_requested.emit(None, round(self.beta.value(), 4))

    def set_dials(self, lr: float, beta: float) -> None:
        """Show the engine's settings (after a roll back or a reset) without sending them back."""
        self.lr.setValue(lr)            # LogSlider.setValue never emits
        with signals_blocked(self.beta):
            self.beta.setValue(beta)

    def _rollback_selected(self) -> None:
        item = self.checkpoints.currentItem()
        if item is None and self.checkpoints.count():
            item = self.checkpoints.item(self.checkpoints.count() - 1)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.rollback_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def retranslate(self) -> None:
        """Compose the legend, the checkpoint list and the marks again, in the new language."""
        self._update_legend()
        if self._snap is not None:
            self._marks_key = self._ckpt_key = None
            self.show_snapshot(self._snap)

    def _update_legend(self) -> None:
        abandoned, lr, beta, back = (tr("abandoned by a roll back"), tr("\u03b1 changed"), tr("\u03b2 changed"),
                                     tr("rolled back"))
        self.legend.setText(
            f"<span style='color:{BRANCH_COLOR}'>&#9632;</span> {abandoned} &nbsp; "
            f"<b style='color:{MARK_COLORS['lr']}'>|</b> {lr} &nbsp; "
            f"<b style='color:{MARK_COLORS['beta']}'>|</b> {beta} &nbsp; "
            f"<b style='color:{MARK_COLORS['rollback']}'>\u00a6</b> {back}")

    # -------------------------------------------------------------- drawing
    def show_snapshot(self, s: PandaSnapshot) -> None:
        self._snap = s
        color = theme.run_color(s.label)
        if color != self._color:
            self._color = color
            self.val_curve.setPen(theme.pen(color, 2.2))
            self.train_curve.setPen(theme.pen(color, 1.3, Qt.PenStyle.DashLine))
            self.lr_curve.setPen(theme.pen(color, 2.0))
            self._update_legend()
        h = s.history
        steps = h.get("step", np.empty(0))
        self.val_curve.setData(steps, h.get("val_loss", np.empty(0)), connect="finite")
        self.train_curve.setData(steps, h.get("train_loss", np.empty(0)), connect="finite")
        self.lr_curve.setData(steps, h.get("lr", np.empty(0)))
        y_key = (s.config.data, s.config.net, s.config.seed)
        if y_key != self._y_key and len(steps):
            self._y_key = y_key
            self._fit_y(float(h["val_loss"][0]) * 1.5)
        if s.branches != self._branch_key:
            self._branch_key = s.branches
            for i, c in enumerate(self.branch_curves):
                if i < len(s.branches):
                    b = s.branches[i]
                    c.setData(b.step, b.val_loss, connect="finite")
                    c.show()
                else:
                    c.setData([], [])
                    c.hide()
        if s.marks != self._marks_key:
            self._marks_key = s.marks
            self._draw_marks(s)
        if s.checkpoints != self._ckpt_key:
            self._ckpt_key = s.checkpoints
            self._fill_checkpoints(s)
        if s.restores != self._restores:
            self._restores = s.restores
            self.set_dials(s.config.optim.learning_rate, s.beta)
        self.beta.setEnabled(s.optimizer in ("momentum", "adam"))
        vl, va = s.last("val_loss"), s.last("val_acc")
        text = tr("<b>step {step}</b> (epoch {epoch}), {optimizer}").format(
            step=s.step, epoch=s.epoch, optimizer=optimizer_name(s.optimizer))
        text += f"<br>\u03b1 = {s.learning_rate:.3g}, \u03b2 = {s.beta:.3g}"
        if math.isfinite(vl):
            text += "<br>" + tr("validation loss {loss:.3f}<br>validation accuracy {acc:.1%}").format(loss=vl, acc=va)

        if s.diverged:
            text += (f"<br><b style='color:{theme.DIVERGED_COLOR}'>"
                     + tr("diverged at step {step}: roll back to a checkpoint").format(step=s.diverged_at) + "</b>")
        self.summary.setText(text)

    def _fit_y(self, top: float) -> None:
        if math.isfinite(top) and top > 0:
            self.loss.setYRange(0.0, top, padding=0)

    def refit(self) -> None:
        if self._snap is None:
            return
        h = self._snap.history
        vals = np.concatenate([h.get("val_loss", np.empty(0)), h.get("train_loss", np.empty(0))])
        vals = vals[np.isfinite(vals)]
        if vals.size:
            self._fit_y(float(vals.max()) * 1.1)
        self.loss.enableAutoRange(axis="x")

    def _draw_marks(self, s: PandaSnapshot) -> None:
        while len(self._mark_lines) < len(s.marks):
            line = pg.InfiniteLine(angle=90, movable=False, label="",
                                   labelOpts={"position": 0.95, "anchors": [(0, 0), (0, 0)],
                                              "fill": pg.mkBrush(255, 255, 255, 215)})
            line.setZValue(3)
            self.loss.addItem(line)
            self._mark_lines.append(line)
            twin = pg.InfiniteLine(angle=90, movable=False)
            self.lr_plot.addItem(twin)
            self._lr_lines.append(twin)
        for i, line in enumerate(self._mark_lines):
            twin = self._lr_lines[i]
            if i >= len(s.marks):
                line.hide()
                twin.hide()
                continue
            m = s.marks[i]
            color = MARK_COLORS.get(m.kind, "#444444")
            style = Qt.PenStyle.DashLine if m.kind == "rollback" else Qt.PenStyle.SolidLine
            line.show()           # the label only re-renders its text while visible
            twin.show()
            line.setPen(theme.pen(color, 1.4, style))
            twin.setPen(theme.pen(color, 1.0, style))
            line.setValue(m.step)
            twin.setValue(m.step)
            line.label.setColor(color)
            line.label.setFormat(mark_text(m.kind, m.step, m.label))
            line.label.setPosition(LABEL_POSITIONS[i % len(LABEL_POSITIONS)])

    def set_saved(self, checkpoints: list[dict], marks: list[dict]) -> None:
        """Show a saved session's checkpoints and changes (metadata only) at the top of the list.

        They are read-only: a session file holds no weights, so they cannot be rolled back to.
        """
        self._saved = (list(checkpoints), list(marks))
        if self._snap is not None:
            self._fill_checkpoints(self._snap)

    def saved(self) -> tuple[list[dict], list[dict]]:
        """The saved session's (checkpoints, marks) shown, as ``set_saved`` got them."""
        return list(self._saved[0]), list(self._saved[1])

    def saved_texts(self) -> list[str]:
        """The texts of the saved-session entries of the checkpoint list (for tests and screen readers)."""
        return [self.checkpoints.item(i).text() for i in range(self.checkpoints.count())
                if self.checkpoints.item(i).data(Qt.ItemDataRole.UserRole) is None]

    def _add_saved(self) -> None:
        def nums(d: dict) -> dict:      # a diverged run's nan is saved as null
            return {k: math.nan if v is None else v for k, v in d.items()}

        checkpoints, marks = [nums(c) for c in self._saved[0]], [nums(m) for m in self._saved[1]]
        why = tr("from the saved session: metadata only (its weights were not saved), so it cannot be rolled back to")
        entries = [(c["step"], 0,
                    tr("saved session: step {step}: val loss {loss:.3f}\n   acc {acc:.0%}, \u03b1 {lr:.3g}, "
                       "\u03b2 {beta:.3g}").format(step=c["step"], loss=c["val_loss"], acc=c["val_acc"],
                                                  lr=c["learning_rate"], beta=c["beta"]),
                    tr("Checkpoint at step {step} (epoch {epoch}) {why}.").format(step=c["step"], epoch=c["epoch"],
                                                                                 why=why)) for c in checkpoints]
        entries += [(m["step"], 1,
                     tr("saved session: step {step}: {label}").format(
                         step=m["step"], label=mark_text(m["kind"], m["step"], m["label"])),
                     tr("Change at step {step} ({kind}: \u03b1 {lr:.4g}, \u03b2 {beta:.4g}) {why}.").format(
                         step=m["step"], kind=tr(MARK_KINDS[m["kind"]]) if m["kind"] in MARK_KINDS else m["kind"], lr=m["learning_rate"], beta=m["beta"], why=why))
                    for m in marks]
        for _step, _order, text, tip in sorted(entries, key=lambda e: (e[0], e[1])):
            item = QListWidgetItem(text)
            item.setToolTip(tip)
            item.setFlags(Qt.ItemFlag.NoItemFlags)       # shown greyed out, never selected or rolled back to
            self.checkpoints.addItem(item)

    def _fill_checkpoints(self, s: PandaSnapshot) -> None:
        current = self.checkpoints.currentItem()
        data = None if current is None else current.data(Qt.ItemDataRole.UserRole)
        keep = None if data is None else int(data)
        self.checkpoints.blockSignals(True)
        self.checkpoints.clear()
        self._add_saved()
        for c in s.checkpoints:
            item = QListWidgetItem(
                tr("step {step}: val loss {loss:.3f}\n   acc {acc:.0%}, \u03b1 {lr:.3g}, \u03b2 {beta:.3g}").format(
                    step=c.step, loss=c.val_loss, acc=c.val_acc, lr=c.learning_rate, beta=c.beta))
            item.setToolTip(
                tr("step {step} (epoch {epoch}): validation loss {loss:.4f}, accuracy {acc:.1%}, \u03b1 {lr:.4g}, "
                   "\u03b2 {beta:.4g}").format(step=c.step, epoch=c.epoch, loss=c.val_loss, acc=c.val_acc,
                                               lr=c.learning_rate, beta=c.beta))
            item.setData(Qt.ItemDataRole.UserRole, c.step)
            self.checkpoints.addItem(item)
            if c.step == keep:
                self.checkpoints.setCurrentItem(item)
        self.checkpoints.blockSignals(False)
        if self.checkpoints.currentItem() is None:
            self.checkpoints.scrollToBottom()
        steps = [c.step for c in s.checkpoints]
        self.ckpt_points.setData(steps, [c.val_loss for c in s.checkpoints])
        self._show_selected()

    def _show_selected(self) -> None:
        item = self.checkpoints.currentItem()
        if item is None or self._snap is None or item.data(Qt.ItemDataRole.UserRole) is None:
            self.selected_point.setData([], [])
            return
        step = int(item.data(Qt.ItemDataRole.UserRole))
        for c in self._snap.checkpoints:
            if c.step == step:
                self.selected_point.setData([c.step], [c.val_loss])
                return
        self.selected_point.setData([], [])
