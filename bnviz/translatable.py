"""``QT_TR_NOOP``: mark a string for the translators without importing Qt.

Pure modules (the lab registry, models that put words into snapshots) keep
English literals; wrapping one in ``QT_TR_NOOP("...")`` lets pyside6-lupdate
find it, and the Qt side shows it with ``bnviz.ui.i18n.tr(text)``.
"""


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """``text`` unchanged: only a mark for ``make i18n``."""
    return text
