"""Settings of the Covariate Shift Lab: the shift, noisy BN, the drift probe, then the usual training settings.

Declared as a field table: the lab's own groups on top of the shared
``TRAIN_FORM`` (data, network, optimizer); the "BN on" box is hidden because this lab always
trains the BN and no-BN twins side by side. Every change produces one
validated ``CovariateConfig`` (``config_changed``); an invalid one is never
sent, its message is shown in red instead.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import QWidget
from superqt.utils import signals_blocked

from bnviz.engine.data import IMAGE_SETS
from bnviz.labs.covariate.model import TEST_STATS, CovariateConfig, allowed_shifts
from bnviz.labs.covariate.shifts import KIND_TEXT, ShiftConfig, shift_parameter
from bnviz.ui.forms import TRAIN_FORM, Field, Group, SettingsPanel, choice, hide_field, note, slider, spin
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: The matching kind when the data set switches between points and images.
COUNTERPART = {"translate": "brightness", "scale": "contrast", "rotate": "contrast",
               "brightness": "translate", "contrast": "scale"}
STATS_TEXT = {"running": QT_TR_NOOP("running averages (deployed model)"),
              "batch": QT_TR_NOOP("the test batch's own statistics")}
#: What each shift kind does, in words: {p} is ``shift_parameter``, {deg} the same angle in degrees.
SHIFT_WORDS = {
    "none": QT_TR_NOOP("no shift"),
    "translate": QT_TR_NOOP("every point moves {p:.2f} (raw units) along the diagonal"),
    "scale": QT_TR_NOOP("distances from the data's centre \u00d7 {p:.2f}"),
    "rotate": QT_TR_NOOP("rotation by {deg:.0f}\u00b0 about the data's centre"),
    "brightness": QT_TR_NOOP("+{p:.2f} on every pixel (clipped to [0, 1])"),
    "contrast": QT_TR_NOOP("deviations from mid-grey \u00d7 {p:.2f}"),
    "subpopulation": QT_TR_NOOP("train on the lowest {p:.0%} by {score}; test on all"),
}


def describe_shift(shift: ShiftConfig, image: bool) -> str:
    """The physical amount a shift stands for, in words (from ``shifts.shift_parameter``)."""
    p = shift_parameter(shift)
    score = tr("ink (mean intensity)") if image else tr("first coordinate x\u2081")
    return tr(SHIFT_WORDS[shift.kind]).format(p=p, deg=math.degrees(p), score=score)


class ShiftControls(SettingsPanel):
    """Every setting of the Covariate Shift Lab but its tab; emits ``config_changed(CovariateConfig)``.

    The shift list is the one table field with a custom step: its items depend
    on the data set (points or images), so ``build`` refills it first.
    """

    FORM = (
        Group(QT_TR_NOOP("Covariate shift"), (
            Field("kind", "shift.kind", QT_TR_NOOP("Shift"), choice(()), name="shift_kind"),
            Field("magnitude", "shift.magnitude", QT_TR_NOOP("Magnitude"), slider(0.0, 1.0), name="shift_magnitude"),
            Field("test_stats", "test_stats", QT_TR_NOOP("BN at test time uses"),
                  choice({k: STATS_TEXT[k] for k in TEST_STATS}),
                  tip=QT_TR_NOOP("How BN normalises at test time: the running averages kept during training "
                                 "(a deployed model), or the statistics of the (shifted) test batch itself.")),
        )),
        Group(QT_TR_NOOP("Noisy BN (Santurkar et al. 2018)"), (
            Field("noise_shift", "train.noise_shift", QT_TR_NOOP("shift a"), slider(0.0, 3.0),
                  tip=QT_TR_NOOP("Per step and unit, add m ~ U(-a, a) after BN (same place without BN)")),
            Field("noise_scale", "train.noise_scale", QT_TR_NOOP("scale b"), slider(0.0, 3.0),
                  tip=QT_TR_NOOP("Per step and unit, multiply by s ~ U(1, 1+b) after BN")),
        )),
        Group(QT_TR_NOOP("Drift probe"), (
            Field("drift_every", "drift_every", QT_TR_NOOP("Compare every k steps"), spin(1, 500),
                  tip=QT_TR_NOOP("Internal covariate shift: compare each layer's input distribution "
                                 "with the one this many steps earlier")),
        )),
        *hide_field(TRAIN_FORM, "bn"),          # this lab always trains the BN and no-BN twins
    )

    def __init__(self, cfg: CovariateConfig, parent: QWidget | None = None) -> None:
        super().__init__("shift_controls", cfg, parent)
        self.amount = note(name="shift_amount")
        self.add_below(self.magnitude, self.amount)
        self._fill_kinds(allowed_shifts(cfg.train.data), cfg.shift.kind)
        self._show_amount(cfg.shift)
        self.config_changed.connect(lambda c: self._show_amount(c.shift))

    # ------------------------------------------------------------------ build
    def _fill_kinds(self, kinds: tuple[str, ...], kind: str) -> None:
        with signals_blocked(self.kind):
            self.kind.clear()
            for k in kinds:
                self.kind.addItem(tr(KIND_TEXT[k]), k)
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _show_amount(self, shift: ShiftConfig) -> None:
        self.amount.setText(describe_shift(shift, self._is_image()))

    def retranslate(self) -> None:
        """The amount line in the new language (``set_language`` calls it)."""
        super().retranslate()
        self._show_amount(self.config().shift)

    def _is_image(self) -> bool:
        return self.dataset.currentData() in IMAGE_SETS

    def build(self) -> CovariateConfig:
        """The config the widgets describe; raises ValueError naming a bad field."""
        allowed = allowed_shifts(self.read("train.data"))
        shown = tuple(self.kind.itemData(i) for i in range(self.kind.count()))
        if shown != allowed:            # the data set switched between points and images
            kind = self.kind.currentData()
            if kind not in allowed:
                kind = COUNTERPART.get(kind, kind) if COUNTERPART.get(kind, kind) in allowed else allowed[0]
            self._fill_kinds(allowed, kind)
        return super().build()

    def show_config(self, cfg: CovariateConfig) -> None:
        self._fill_kinds(allowed_shifts(cfg.train.data), cfg.shift.kind)
        super().show_config(cfg)
        self._show_amount(cfg.shift)
