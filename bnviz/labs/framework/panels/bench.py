"""Speed vs PyTorch: the engine-vs-PyTorch ratios of the last ``make bench`` run on this machine.

The figures are the bench's (``bnviz.labs.framework.speed``), read by the
page; this panel only words them: one row per network, engine and PyTorch
steps per second and their ratio.  No run yet: how to make one.  A file that
does not read: its one-line reason, and no numbers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from bnviz.labs.framework.speed import BenchRecord
from bnviz.ui.i18n import QT_TR_NOOP, tr

#: the bench's networks (bench/models.py), as the panel names them
NETWORKS = {"bn_paper_net": QT_TR_NOOP("BN paper net"), "net2d": QT_TR_NOOP("2-D net")}
NETWORKS_NOTE = QT_TR_NOOP("BN paper net: 784-100-100-100-10, sigmoid, batch 60 (MNIST-like data); 2-D net: "
                           "2-16-16-16-2, ReLU, batch 32 (moons); both plain SGD, float32.")


def network_text(name: str) -> str:
    """``bn_paper_net_bn`` -> its network, with or without BN (an unknown label shows as it is)."""
    base, _, bn = name.rpartition("_")
    if base in NETWORKS and bn in ("bn", "nobn"):
        which = tr("with BN") if bn == "bn" else tr("no BN")
        return tr("{network}, {bn}").format(network=tr(NETWORKS[base]), bn=which)
    return name


def speed_text(record: BenchRecord | None, problem: str = "") -> str:
    """The panel's rich text for a record, for no run yet (None) or for a file that did not read."""
    if problem:
        return tr("The last benchmark's file does not read: {why}").format(why=html.escape(problem))
    if record is None:
        return tr("No benchmark against PyTorch on this machine yet: with PyTorch installed, "
                  "<b>make bench</b> times the engine against PyTorch CPU on the same networks, data and initial "
                  "weights, and this panel then shows the ratios.")
    rows = "".join(
        f"<tr><td style='padding-right:12px'>{html.escape(network_text(m.name))}</td>"
        f"<td align='right' style='padding-right:12px'>{m.engine:.0f}</td>"
        f"<td align='right' style='padding-right:12px'>{m.torch:.0f}</td>"
        f"<td align='right'><b>{m.ratio:.2f}\u00d7</b>{'' if m.clean else ' *'}</td></tr>"
        for m in record.models)
    network, engine, ratio = tr("network"), tr("engine"), tr("ratio")     # (lupdate reads no f-strings)
    head = (f"<tr><th align='left' style='padding-right:12px'>{network}</th>"
            f"<th align='right' style='padding-right:12px'>{engine}</th>"
            f"<th align='right' style='padding-right:12px'>PyTorch</th><th align='right'>{ratio}</th></tr>")
    when = record.measured_at.astimezone().strftime("%Y-%m-%d %H:%M")
    text = tr("Last <b>make bench</b>, {when} (NumPy {numpy}, PyTorch {torch} CPU, {cpus} CPUs): training steps "
              "per second; a ratio above 1\u00d7 means the engine is faster.").format(
        when=when, numpy=record.numpy, torch=record.torch, cpus=record.cpus)
    small = tr(NETWORKS_NOTE)
    if any(not m.clean for m in record.models):
        small += " " + tr("* measured while other processes loaded the machine.")
    return f"{text}<table cellspacing='0' cellpadding='1'>{head}{rows}</table><small>{html.escape(small)}</small>"


class SpeedPanel(QGroupBox):
    """The notes' "fast": the engine against PyTorch, as the last benchmark measured it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Speed vs PyTorch"), parent)
        self.setObjectName("fw_speed")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("fw_speed_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.label)
        self.record: BenchRecord | None = None
        self.problem = ""

    def show_record(self, record: BenchRecord | None, problem: str = "") -> None:
        self.record, self.problem = (None, problem) if problem else (record, "")
        self.label.setText(speed_text(self.record, self.problem))
