"""Settings of the Covariate Shift Lab: the shift, noisy BN, the drift probe, then the usual training settings.

Built on the shared ``TrainSettings`` (data, network, optimizer) by adding the
lab's own groups on top; the "BN on" box is hidden because this lab always
trains the BN and no-BN twins side by side. Every change produces one
validated ``CovariateConfig`` (``config_changed``); an invalid one is never
sent, its message is shown in red instead.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget
from superqt.utils import signals_blocked

from bnviz.labs.covariate.model import TEST_STATS, CovariateConfig, allowed_shifts
from bnviz.labs.covariate.shifts import KIND_TEXT, ShiftConfig, shift_parameter
from bnviz.ui.forms import TrainSettings, make_combo, make_slider, make_spin

#: The matching kind when the data set switches between points and images.
COUNTERPART = {"translate": "brightness", "scale": "contrast", "rotate": "contrast",
               "brightness": "translate", "contrast": "scale"}
STATS_TEXT = {"running": "running averages (deployed model)", "batch": "the test batch's own statistics"}


def describe_shift(shift: ShiftConfig, image: bool) -> str:
    """The physical amount a shift stands for, in words (from ``shifts.shift_parameter``)."""
    p = shift_parameter(shift)
    score = "ink (mean intensity)" if image else "first coordinate x\u2081"
    return {
        "none": "no shift",
        "translate": f"every point moves {p:.2f} (raw units) along the diagonal",
        "scale": f"distances from the data's centre \u00d7 {p:.2f}",
        "rotate": f"rotation by {math.degrees(p):.0f}\u00b0 about the data's centre",
        "brightness": f"+{p:.2f} on every pixel (clipped to [0, 1])",
        "contrast": f"deviations from mid-grey \u00d7 {p:.2f}",
        "subpopulation": f"train on the lowest {p:.0%} by {score}; test on all",
    }[shift.kind]


class ShiftControls(TrainSettings):
    """Every setting of the Covariate Shift Lab but its tab; emits ``config_changed(CovariateConfig)``."""

    def __init__(self, cfg: CovariateConfig, parent: QWidget | None = None) -> None:
        super().__init__("shift_controls", cfg, cfg.train, parent)
        self.bn_group.setRowVisible(self.bn, False)        # this lab always trains the BN and no-BN twins

        f = self.group("Covariate shift", at=0)
        self.kind = make_combo("shift_kind", (), None)
        self._fill_kinds(cfg)
        f.addRow("Shift", self.kind)
        self.magnitude = make_slider("shift_magnitude", 0.0, 1.0, cfg.shift.magnitude)
        f.addRow("Magnitude", self.magnitude)
        self.amount = QLabel()
        self.amount.setObjectName("shift_amount")
        self.amount.setWordWrap(True)
        self.amount.setStyleSheet("color: #555")
        f.addRow(self.amount)
        self.test_stats = make_combo("test_stats", TEST_STATS, cfg.test_stats)
        for i, k in enumerate(TEST_STATS):
            self.test_stats.setItemText(i, STATS_TEXT[k])
        self.test_stats.setToolTip("How BN normalises at test time: the running averages kept during training "
                                   "(a deployed model), or the statistics of the (shifted) test batch itself.")
        f.addRow("BN at test time uses", self.test_stats)

        f = self.group("Noisy BN (Santurkar et al. 2018)", at=1)
        self.noise_shift = make_slider("noise_shift", 0.0, 3.0, cfg.train.noise_shift)
        self.noise_shift.setToolTip("Per step and unit, add m ~ U(-a, a) after BN (same place without BN)")
        f.addRow("shift a", self.noise_shift)
        self.noise_scale = make_slider("noise_scale", 0.0, 3.0, cfg.train.noise_scale)
        self.noise_scale.setToolTip("Per step and unit, multiply by s ~ U(1, 1+b) after BN")
        f.addRow("scale b", self.noise_scale)

        f = self.group("Drift probe", at=2)
        self.drift_every = make_spin("drift_every", 1, 500, cfg.drift_every)
        self.drift_every.setToolTip("Internal covariate shift: compare each layer's input distribution "
                                    "with the one this many steps earlier")
        f.addRow("Compare every k steps", self.drift_every)

        self._show_amount(cfg.shift)
        self.watch(self.kind, self.test_stats, self.drift_every, self.magnitude, self.noise_shift, self.noise_scale)
        self.config_changed.connect(lambda c: self._show_amount(c.shift))

    # ------------------------------------------------------------------ build
    def _fill_kinds(self, cfg: CovariateConfig) -> None:
        with signals_blocked(self.kind):
            self.kind.clear()
            for k in allowed_shifts(cfg.train.data):
                self.kind.addItem(KIND_TEXT[k], k)
            self.kind.setCurrentIndex(max(0, self.kind.findData(cfg.shift.kind)))

    def _show_amount(self, shift: ShiftConfig) -> None:
        self.amount.setText(describe_shift(shift, self._is_image()))

    def _is_image(self) -> bool:
        return self.dataset.currentData() in ("digits", "mnist_like")

    def build(self) -> CovariateConfig:
        """The config the widgets describe; raises ValueError naming a bad field."""
        train = replace(self.train_from_widgets(self._cfg.train), noise_shift=round(self.noise_shift.value(), 3),
                        noise_scale=round(self.noise_scale.value(), 3))
        kind = self.kind.currentData()
        allowed = allowed_shifts(train.data)
        shown = tuple(self.kind.itemData(i) for i in range(self.kind.count()))
        if shown != allowed:            # the data set switched between points and images
            if kind not in allowed:
                kind = COUNTERPART.get(kind, kind) if COUNTERPART.get(kind, kind) in allowed else allowed[0]
            self._fill_kinds(CovariateConfig(train=train, shift=ShiftConfig(kind, 0.0)))
        shift = ShiftConfig(kind, round(self.magnitude.value(), 3))
        return replace(self._cfg, train=train, shift=shift, test_stats=self.test_stats.currentData(),
                       drift_every=self.drift_every.value())

    def show_config(self, cfg: CovariateConfig) -> None:
        self.show_train(cfg.train)
        self._fill_kinds(cfg)
        self.magnitude.setValue(cfg.shift.magnitude)
        self.test_stats.setCurrentIndex(max(0, self.test_stats.findData(cfg.test_stats)))
        self.noise_shift.setValue(cfg.train.noise_shift)
        self.noise_scale.setValue(cfg.train.noise_scale)
        self.drift_every.setValue(cfg.drift_every)
        self._show_amount(cfg.shift)
