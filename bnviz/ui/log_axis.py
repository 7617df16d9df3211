"""Log-axis ticks whose labels never run into each other, at any plot size.

pyqtgraph's own log mode labels every 2..9 multiple once fewer than three
decades are in view; on a wide plot (a projector, presentation mode) the
labels of 0.002 ... 0.009 crowd into one another ("0.0030.0040.005").
``log_ticks`` labels the densest of: every 1..9 multiple, 1-2-5, the
decades, every k-th decade, that keeps neighbouring labels apart (their
real text extent along the axis), and leaves the other multiples as ticks
without text.  ``LogAxis`` is the axis ``make_plot`` gives every plot, so
``setLogMode`` anywhere in the app uses these ticks; the search lab's
``ScaleAxis`` uses them for its own log coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

MAJOR, MINOR = 1.0, 0.1      # "spacings" that tell tickStrings which level it is labelling
CHAR_PX = 7.0                # a label character's width, when no font is at hand (9 pt)
GAP_PX = 8.0                 # clear space between two labels
MINOR_DECADE_PX = 30         # narrower decades get no unlabelled 2..9 ticks either


def fmt_value(v: float) -> str:
    """Compact label of a positive value: 0.001, 0.03, 1e-4, 3e-8, 10."""
    if v == 0 or not math.isfinite(v):
        return f"{v:g}"
    e = math.floor(math.log10(abs(v)) + 1e-9)
    if -3 <= e <= 3:
        return f"{v:.{max(0, -e)}f}" if abs(v / 10**e - round(v / 10**e)) < 1e-6 else f"{v:.3g}"
    m = v / 10**e
    return f"{m:.2g}e{e}" if abs(m - 1) > 1e-9 else f"1e{e}"


def _in_view(lo: float, hi: float, multiples) -> list[float]:
    """log10(m * 10^k) for every k and m in ``multiples`` that lies in [lo, hi]."""
    out = [math.log10(m) + k for k in range(math.floor(lo) - 1, math.ceil(hi) + 1) for m in multiples]
    return sorted(v for v in out if lo - 1e-9 <= v <= hi + 1e-9)


def log_ticks(lo: float, hi: float, size: float, label: Callable[[float], str] = lambda v: fmt_value(10.0 ** v),
              extent: Callable[[str], float] = lambda text: len(text) * CHAR_PX,
              ) -> list[tuple[float, list[float]]] | None:
    """Tick levels [(MAJOR, labelled), (MINOR, unlabelled)] in log10 coordinates for an axis ``size`` px long.

    The densest labelling whose neighbouring labels (``label(v)``, ``extent``
    pixels long along the axis) keep ``GAP_PX`` apart: every 1..9 multiple, else 1, 2
    and 5, else the decades, else every k-th decade.  None when fewer than two
    labels fit (less than a decade in view on a short axis): the caller's plain steps then.
    """
    lo, hi = sorted((lo, hi))
    px = size / max(hi - lo, 1e-9)               # pixels per decade

    def fits(values: list[float]) -> bool:
        widths = [extent(label(v)) for v in values]
        return all((b - a) * px >= (wa + wb) / 2 + GAP_PX
                   for a, b, wa, wb in zip(values, values[1:], widths, widths[1:]))

    decades = _in_view(lo, hi, [1])
    labelled = None
    for values in (_in_view(lo, hi, range(1, 10)), _in_view(lo, hi, (1, 2, 5)), decades):
        if len(values) >= 2 and fits(values):
            labelled = values
            break
    if labelled is None:
        for k in range(2, 1 + max(len(decades), 1)):
            values = [v for v in decades if round(v) % k == 0]
            if len(values) >= 2 and fits(values):
                labelled = values
                break
    if labelled is None:
        return None
    minor = [v for v in _in_view(lo, hi, range(2, 10)) if v not in labelled] if px >= MINOR_DECADE_PX else []
    return [(MAJOR, labelled), (MINOR, minor)]


class LogAxis(pg.AxisItem):
    """pyqtgraph's axis, with ``log_ticks`` and ``fmt_value`` labels in log mode (linear mode unchanged)."""

    def extent(self, text: str) -> float:
        """How many pixels ``text`` takes along this axis in its tick font."""
        font = self.style.get("tickFont") or QApplication.font()
        metrics = QFontMetricsF(font)
        return metrics.horizontalAdvance(text) if self.orientation in ("top", "bottom") else metrics.height()

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802 - pyqtgraph override
        return (log_ticks(minVal, maxVal, size, extent=self.extent)
                or super().logTickValues(minVal, maxVal, size, stdTicks))

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        if spacing == MINOR:
            return ["" for _ in values]
        return [fmt_value(10.0 ** v * scale) for v in values]
