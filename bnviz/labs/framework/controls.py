"""The Inside the Engine lab's settings: the mini-batch checked and the engine's precision."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bnviz.labs.framework.model import DTYPES, FrameworkConfig
from bnviz.ui.forms import Field, Group, SettingsPanel, choice, log, spin
from bnviz.ui.i18n import QT_TR_NOOP

DTYPE_CHOICE = {"float64": QT_TR_NOOP("float64 (double)"), "float32": QT_TR_NOOP("float32 (as the labs train)")}
assert tuple(DTYPE_CHOICE) == DTYPES
TIP_DTYPE = QT_TR_NOOP("The engine's precision for the checked pass. The notes' formulas and the central "
                       "differences always run in float64: in float32 the engine agrees only to about 1e-6, "
                       "rounding, not a bug; this is why gradient checks run in float64.")
TIP_EPS = QT_TR_NOOP("\u03b5 in z_norm = (z \u2212 \u03bc)/\u221a(\u03c3\u00b2 + \u03b5): keeps the division finite "
                     "when a unit's \u03c3\u00b2 is 0")


class FrameworkControls(SettingsPanel):
    """Settings of the checked mini-batch; emits ``config_changed(FrameworkConfig)``."""

    FORM = (
        Group(QT_TR_NOOP("Mini-batch checked"), (
            Field("batch_size", "batch_size", QT_TR_NOOP("Mini-batch size m"), spin(2, 64), name="fw_batch_size",
                  tip=QT_TR_NOOP("Rows of each new mini-batch (2 or more: one row is its own mean)")),
            Field("units", "units", QT_TR_NOOP("Units"), spin(1, 16), name="fw_units",
                  tip=QT_TR_NOOP("Units the BN layer normalizes, each with its own \u03bc and \u03c3\u00b2")),
            Field("eps", "eps", "\u03b5", log(1e-10, 0.1), name="fw_eps", tip=TIP_EPS),
        )),
        Group(QT_TR_NOOP("Engine"), (
            Field("dtype", "dtype", QT_TR_NOOP("Precision"), choice(DTYPE_CHOICE), name="fw_dtype", tip=TIP_DTYPE),
        )),
    )

    def __init__(self, cfg: FrameworkConfig, parent: QWidget | None = None) -> None:
        super().__init__("fw_controls", cfg, parent, error_name="fw_config_error")
