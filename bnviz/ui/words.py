"""Words the Qt-free engine puts into snapshots, shown in the interface's language.

The engine names runs ("BN", "no BN", "normalized", "raw") and says why a
run diverged ("loss nan", "a parameter became non-finite") in English, since
it must not import Qt.  Every lab shows these, so their translation lives
here once: the English value stays the key (colours, dictionaries, claims
use it), and only what is shown goes through ``tr``.
"""

from __future__ import annotations

from bnviz.ui.i18n import QT_TR_NOOP, tr

#: the engine's run labels (bnviz.engine.trainer, the twin comparisons), as legends and readouts show them
RUN_NAMES = {"BN": QT_TR_NOOP("BN"), "no BN": QT_TR_NOOP("no BN"), "normalized": QT_TR_NOOP("normalized"),
             "raw": QT_TR_NOOP("raw")}
#: the engine's divergence reasons without a number in them (bnviz.engine.trainer)
REASONS = (QT_TR_NOOP("a parameter became non-finite"),)
LOSS_REASON = "loss "       # the other reason: "loss " and the value that blew up ("loss nan", "loss 1.2e+04")


def run_name(label: str | None) -> str:
    """A run's label in the interface's language (a label the engine does not make shows as itself)."""
    return tr(RUN_NAMES[label]) if label in RUN_NAMES else str(label)


def reason_text(reason: str) -> str:
    """The engine's divergence reason ("loss nan", "a parameter became non-finite") in the interface's language."""
    if reason.startswith(LOSS_REASON):
        return tr("loss {value}").format(value=reason[len(LOSS_REASON):])
    return tr(reason) if reason in REASONS else reason


def diverged_text(step: int | None, reason: str) -> str:
    """"diverged at step N (reason)", for a status bar."""
    return tr("diverged at step {step} ({reason})").format(step=step, reason=reason_text(reason))
