"""A refusal's message (the engine's, a file check's) in the interface's language.

The messages are English, since the engine and the file checks must not
import Qt, and they name what was refused in the file's or the config's own
words (``learning_rate=-1 is out of range: must be > 0``).  Those names and
values stay as they are (they are what the user finds in the file); the
phrases around them are translated, so a Chinese interface says
``learning_rate=-1 超出范围：必须 > 0``.  A phrase not listed stays English.
"""

from __future__ import annotations

from bnviz.ui.i18n import QT_TR_NOOP, tr

#: the phrases of the engine's and the checks' messages, longest first where one contains another
PHRASES = (
    QT_TR_NOOP(" is out of range: allowed "),
    QT_TR_NOOP(" is out of range: must be "),
    QT_TR_NOOP(" is out of range: need "),
    QT_TR_NOOP(" is out of range: "),
    QT_TR_NOOP(" is not allowed: choose one of "),
    QT_TR_NOOP(" is not allowed: "),
    QT_TR_NOOP(" is not allowed"),
    QT_TR_NOOP(" is unknown; allowed: "),
    QT_TR_NOOP(" is not supported: expected "),
    QT_TR_NOOP(": unknown field; allowed: "),
    QT_TR_NOOP(": expected an object"),
    QT_TR_NOOP(": expected a list"),
    QT_TR_NOOP(": expected "),
    QT_TR_NOOP(": missing"),
    QT_TR_NOOP(" is not a finite number"),
    QT_TR_NOOP(" is not a number"),
    QT_TR_NOOP(": not a regular file"),
    QT_TR_NOOP(": not a UTF-8 text file"),
    QT_TR_NOOP(": larger than "),
    QT_TR_NOOP(": cannot open "),
    QT_TR_NOOP(": empty"),
    QT_TR_NOOP("a data set needs at least 2 classes"),
    QT_TR_NOOP("a data set needs at least "),
    QT_TR_NOOP(" is not a bnviz session (format field missing or wrong)"),
    QT_TR_NOOP("written by a newer bnviz (this one reads up to "),
    QT_TR_NOOP("holds Python objects (a pickle, never loaded); save plain numbers"),
    QT_TR_NOOP("not a readable .npz (a damaged zip archive)"),
    QT_TR_NOOP("no data rows (expected columns x1, x2, label)"),
    QT_TR_NOOP("header has "),
    QT_TR_NOOP(" columns; expected "),
    QT_TR_NOOP("; at most "),
    QT_TR_NOOP("saved by a newer bnviz ("),
    QT_TR_NOOP("); this one reads up to "),
    QT_TR_NOOP(": not a text file"),
    QT_TR_NOOP(": not valid JSON"),
    # pydantic's words for a value of the wrong kind (bnviz.schema adds "(got ...)")
    QT_TR_NOOP("Input should be a valid integer"),
    QT_TR_NOOP("Input should be a valid number"),
    QT_TR_NOOP("Input should be a valid boolean"),
    QT_TR_NOOP("Input should be a valid string"),
    QT_TR_NOOP("Input should be a valid dictionary"),
    QT_TR_NOOP("Input should be a valid list"),
    QT_TR_NOOP("Input should be a valid tuple"),
    QT_TR_NOOP("Field required"),
    QT_TR_NOOP("Extra inputs are not permitted"),
    QT_TR_NOOP(" (got "),
    # the training loop's and the bridge's notices around a reason (bnviz.bridge.loop, .training),
    # and how a worker process ended (bnviz.search.runner.describe_exit)
    QT_TR_NOOP("training process restarted after: "),
    QT_TR_NOOP("training stopped: "),
    QT_TR_NOOP("config refused: "),
    QT_TR_NOOP("action failed: "),
    QT_TR_NOOP("killed by signal "),
    QT_TR_NOOP("exit code unknown"),
    QT_TR_NOOP("exit code "),
)


def error_text(message: str) -> str:
    """``message`` with its known phrases in the interface's language (unchanged in English)."""
    out = message
    for phrase in PHRASES:
        if phrase in out:
            out = out.replace(phrase, tr(phrase))
    return out
