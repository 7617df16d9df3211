"""Panda vs Caviar (syllabus H7, H8): babysit one model, or train many at once and keep the best.

Three pages share one data set, network and seed:

* Panda: one model trains live; the dials change alpha and beta from the
  next step on, each change is marked on the curve, checkpoints are kept and
  any of them can be rolled back to.
* Caviar: N models with sampled learning rates (log-uniform) and optionally
  momenta (1 - beta log-uniform) train at once, vectorized over a model axis;
  optional successive halving.
* Race: the same compute spent both ways, with the final best compared.

The toolbar's Play/Step/Reset drive the page that is showing (``cfg.mode``).
Every setting is in the one ``PandaLabConfig``; the dials are not settings
but actions on the running model (``PandaVsCaviar.nudge``), and what they
show is what the model reports.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from superqt.utils import signals_blocked

from bnviz import schema
from bnviz.bridge.training import Frame
from bnviz.labs.page import LabPage
from bnviz.labs.panda.controls import PandaControls
from bnviz.labs.panda.model import MODES, PandaLabConfig, PandaSnapshot, PandaVsCaviar
from bnviz.labs.panda.panels.babysit import PandaPanel
from bnviz.labs.panda.panels.caviar import CaviarPanel
from bnviz.labs.panda.panels.race import RacePanel
from bnviz.ui.i18n import QT_TR_NOOP, tr
from bnviz.ui.words import reason_text

# at most ~20 redraws a second (caviar's N curves: ~10): every millisecond the GUI holds is taken from training
DRAW_INTERVAL = {"panda": 0.05, "caviar": 0.1, "race": 0.05}


#: A saved checkpoint's and change mark's metadata (a session file holds no weights): field -> kind.
CHECKPOINT_FIELDS = {"step": "int", "epoch": "int", "val_loss": "num", "val_acc": "num", "learning_rate": "num",
                     "beta": "num"}
MARK_FIELDS = {"step": "int", "kind": ("lr", "beta", "optimizer", "rollback"), "label": "text",
               "learning_rate": "num", "beta": "num"}
MAX_RECORDS = 1000
#: the race's outcome as the status bar says it
WINNER_TEXTS = {"panda": QT_TR_NOOP("panda wins"), "caviar": QT_TR_NOOP("caviar wins"), "tie": QT_TR_NOOP("a tie")}


def _num(v: float) -> float | None:
    """A float for strict JSON: nan (a diverged run's loss) is written as null."""
    return None if v is None or not math.isfinite(v) else float(v)


def _check_records(name: str, records, fields: dict) -> list[dict]:
    """Validate a list of saved metadata records; ValueError naming the bad field."""
    if not isinstance(records, list):
        raise ValueError(f"{name}: expected a list")
    if len(records) > MAX_RECORDS:
        raise ValueError(f"{name}: {len(records)} entries; at most {MAX_RECORDS}")
    out = []
    for i, r in enumerate(records):
        where = f"{name}[{i}]"
        if not isinstance(r, dict):
            raise ValueError(f"{where}: expected an object")
        bad = sorted(set(r) - set(fields))
        if bad:
            raise ValueError(schema.short(f"{where}.{bad[0]}: unknown field; allowed: {', '.join(fields)}"))
        rec: dict = {}
        for f, kind in fields.items():
            if f not in r:
                raise ValueError(f"{where}.{f}: missing")
            v = r[f]
            if kind == "int":
                ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10**12
            elif kind == "num":
                ok = v is None or isinstance(v, (int, float)) and not isinstance(v, bool)
                if ok and v is not None:
                    try:
                        v = float(v)
                    except OverflowError:       # an integer too large for a float
                        ok = False
                    else:
                        v = v if math.isfinite(v) else None
            elif kind == "text":
                ok = isinstance(v, str) and len(v) <= 200
            else:
                ok = v in kind
            if not ok:
                raise ValueError(f"{where}.{f}={schema.short(repr(v), schema.MAX_VALUE)} is not allowed")
            rec[f] = v
        out.append(rec)
    return out


class PandaPage(LabPage):
    #: File > Import data: the babysat model (and caviar, and the race) train on a student's CSV from step 0
    #: (a roll back must not bring back a checkpoint of other data); no plot of the data, so no editor
    supports_own_data = True
    EXTRA_STATE = ("checkpoints", "marks")

    def __init__(self, cfg: PandaLabConfig | None = None, parent: QWidget | None = None) -> None:
        super().__init__(cfg, parent)
        self.panda = PandaPanel()
        self.caviar = CaviarPanel()
        self.race = RacePanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("panda_modes")
        self.tabs.addTab(self.panda, tr("Panda: babysit one model"))
        self.tabs.addTab(self.caviar, tr("Caviar: many models at once"))
        self.tabs.addTab(self.race, tr("Race: equal compute"))
        self.tabs.currentChanged.connect(lambda i: self.apply_config(replace(self._cfg, mode=MODES[i])))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.tabs)

        self.panda.nudge_requested.connect(self.nudge)
        self.panda.rollback_requested.connect(self.rollback)
        self.panda.checkpoint_requested.connect(lambda: self.bridge.invoke(PandaVsCaviar.checkpoint))
        self._drawn: QWidget | None = None     # the panel the last frame was drawn on
        self._drawn_at = 0.0
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.timeout.connect(self._draw_pending)
        self.config_shown(self._cfg)

    # ---------------------------------------------------------------- config
    def make_controls(self, cfg: PandaLabConfig) -> PandaControls:
        return PandaControls(cfg)

    def config_shown(self, cfg: PandaLabConfig) -> None:
        with signals_blocked(self.tabs):
            self.tabs.setCurrentIndex(MODES.index(cfg.mode))
        if self.frame is None:
            # nothing reported yet: the run will start at the config's alpha and beta (later, the
            # model's snapshots set the dials: after a nudge, a roll back, a reset or a rebuild)
            o = cfg.train.optim
            self.panda.set_dials(o.learning_rate, o.beta1)
        elif self.tabs.currentWidget() is not self._drawn and self.isVisible():
            self._draw(self.frame)        # another page is showing: draw it now

    def nudge(self, lr: float | None, beta: float | None) -> None:
        """Panda's dials: a new alpha and/or beta from the next step (a marked change)."""
        self.bridge.invoke(PandaVsCaviar.nudge, lr, beta)

    def rollback(self, step: int) -> None:
        self.bridge.invoke(PandaVsCaviar.rollback, step)

    def refit(self) -> None:
        self.tabs.currentWidget().refit()

    # ----------------------------------------------------------------- state
    def _panda_snapshot(self) -> PandaSnapshot | None:
        return None if self.frame is None else self.frame.snapshot.panda

    def state(self) -> dict:
        """The config, with ``train.optim``'s alpha and beta where the babysat run is now.

        The dials move the live run, not the config; saving what they show
        makes a reopened session's panda start where this one was.
        """
        cfg, p = self._cfg, self._panda_snapshot()
        if p is not None:
            o = p.config.optim
            cfg = replace(cfg, train=replace(cfg.train, optim=replace(cfg.train.optim, learning_rate=o.learning_rate,
                                                                      beta1=o.beta1)))
        return {"config": schema.to_json(cfg), **self.extra_state()}

    def extra_state(self) -> dict:
        """The babysat run's checkpoints and changes as metadata (never weights).

        ``checkpoints``: step, epoch, val loss / acc, learning rate, beta of each kept checkpoint;
        ``marks``: the changes drawn on the curve. A run that has not trained yet keeps the ones
        of the session it was opened from. Reopened, they are listed read-only ("saved session").
        """
        checkpoints, marks = self.panda.saved()
        p = self._panda_snapshot()
        if p is not None and (p.compute > 0 or not checkpoints):
            checkpoints = [{"step": c.step, "epoch": c.epoch, "val_loss": _num(c.val_loss), "val_acc": _num(c.val_acc),
                            "learning_rate": _num(c.learning_rate), "beta": _num(c.beta)} for c in p.checkpoints]
            marks = [{"step": m.step, "kind": m.kind, "label": m.label, "learning_rate": _num(m.learning_rate),
                      "beta": _num(m.beta)} for m in p.marks]
        return {"checkpoints": [dict(c) for c in checkpoints], "marks": [dict(m) for m in marks]}

    def check_extra(self, cfg: PandaLabConfig, extra: dict) -> tuple[list[dict], list[dict]]:
        return (_check_records("checkpoints", extra.get("checkpoints", []), CHECKPOINT_FIELDS),
                _check_records("marks", extra.get("marks", []), MARK_FIELDS))

    def apply_extra(self, cfg: PandaLabConfig, checked: tuple[list[dict], list[dict]]) -> None:
        self.panda.set_saved(*checked)

    # --------------------------------------------------------------- drawing
    def show_frame(self, frame: Frame) -> None:
        """Draw ``frame`` now, or the newest frame a little later if one was drawn just now."""
        wait = self._drawn_at + DRAW_INTERVAL[self._cfg.mode] - time.perf_counter()
        if wait > 0 and frame.playing:
            if not self._draw_timer.isActive():
                self._draw_timer.start(int(wait * 1000) + 1)
            return
        self._draw(frame)

    def retranslate(self) -> None:
        """What the panels compose per frame: draw the frame on screen again, in the new language."""
        if self.frame is not None and self.isVisible():
            self._draw(self.frame)

    def _draw_pending(self) -> None:
        if self.frame is not None and self.isVisible():
            self._draw(self.frame)

    def _draw(self, frame: Frame) -> None:
        self._drawn_at = time.perf_counter()
        s = frame.snapshot
        page = {"panda": (self.panda, s.panda), "caviar": (self.caviar, s.caviar), "race": (self.race, s.race)}
        panel, snap = page[self._cfg.mode]
        panel.show_snapshot(snap)
        self._drawn = panel

    def status(self, frame: Frame) -> tuple[str, str]:
        s = frame.snapshot
        if self._cfg.mode == "panda":
            p = s.panda
            vl, va = p.last("val_loss"), p.last("val_acc")
            text = tr("panda: val loss {loss:.3f}, acc {acc:.1%}").format(loss=vl, acc=va) if math.isfinite(vl) \
                else tr("panda")
            div = (tr("panda diverged at step {step} ({reason})").format(step=p.diverged_at,
                                                                       reason=reason_text(p.divergence_reason))
                   if p.diverged else "")
            return text, div
        if self._cfg.mode == "caviar":
            c = s.caviar
            if c.best < 0:
                return (tr("caviar: {n} models, none training").format(n=c.n_models),
                        tr("every model diverged"))
            return tr("caviar: {on}/{n} training; best val loss {loss:.3f}, acc {acc:.1%}").format(
                on=c.n_active, n=c.n_models, loss=c.val_loss[c.best], acc=c.val_acc[c.best]), ""
        r = s.race
        text = tr("race: {spent}/{budget} model-steps").format(spent=min(r.panda_compute, r.budget), budget=r.budget)
        if r.result is not None:
            text += "; " + tr(WINNER_TEXTS[r.result.winner])
        return text, ""
