"""The interface's languages: English source strings, Chinese from Qt's own translation files.

Every user-visible string goes through ``tr("...")`` with a literal, so that
``make i18n`` (pyside6-lupdate) finds it; never an f-string: format after
translating, ``tr("{n} steps").format(n=n)``.  Strings kept in tables before
any translator exists are marked with ``QT_TR_NOOP("...")`` and translated
where shown, ``tr(title)``.  One context (the empty one) for the whole app, so
that a word is translated once.  Do not call ``QCoreApplication.translate``
directly: lupdate would file the ``tr`` calls after it under another context.

Switching language while the app runs (``set_language``) installs the new
translators and then re-translates what is on screen: every widget text,
action, tab, combo item, plot title, axis label and legend entry that is the
translation of a source string seen so far is replaced by that string's new
translation (``retranslate_tree``), and every widget with a ``retranslate()``
method is asked to redo the texts it composes (captions, lists, the last
frame's titles).  So static labels need no per-widget code, and a running lab
keeps running.  Two sources can share a translation ("Layer" and "layer" are
both 层), so each text the switch translates remembers its source on its Qt
object, and the next switch takes that source while the text is still its
translation: a window switched to Chinese and back reads as it did.  (A text
made while Chinese was on, with such a shared translation, can still come back
in the other English form.)

The compiled ``.qm`` files are committed next to their ``.ts`` sources in
``bnviz/resources/i18n/`` (a test checks they are up to date), so installing
bnviz needs no Qt tools.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from bnviz.translatable import QT_TR_NOOP  # noqa: F401 - re-exported for Qt-side tables
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QListWidget,
    QMenu,
    QTabWidget,
    QWidget,
)

#: language code -> its name in that language, as the View > Language menu shows it
LANGUAGES = {"en": "English", "zh_CN": "中文"}
I18N_DIR = Path(importlib.resources.files("bnviz") / "resources" / "i18n")
CJK_FONT_HINT = "Chinese needs a CJK font: on Debian/Ubuntu, sudo apt install fonts-noto-cjk"

_sources: dict[str, None] = {}     # every source asked for, in the order first asked (not a set: ties by hash)
_translators: list[QTranslator] = []
_language = "en"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface's language (``n`` picks the plural form of a ``%n`` string)."""
    _sources[text] = None
    return QCoreApplication.translate("", text, disambiguation, n)


def language() -> str:
    """The language the interface is in now ("en" or "zh_CN")."""
    return _language


def pick_language(requested: str | None) -> str:
    """``requested`` if it is one of ours, else the system locale's (Chinese for any zh locale), else English."""
    if requested in LANGUAGES:
        return requested
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def _load(name: str, directory: str | Path) -> QTranslator | None:
    t = QTranslator()
    return t if t.load(name, str(directory)) else None


def set_language(lang: str, roots: list[QWidget] | None = None) -> bool:
    """Translate the interface into ``lang`` now; False (and English) when it has no translation file.

    ``roots``: the widgets to re-translate (default: every top-level widget).
    Qt's own ``qtbase`` translation is loaded too, so that standard dialogs and
    message-box buttons speak the same language.
    """
    global _language
    app = QCoreApplication.instance()
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if lang == _language and (lang == "en" or _translators):
        return True
    old = {s: tr(s) for s in _sources}
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    ok = True
    if lang != "en":
        ours = _load(f"bnviz_{lang}", I18N_DIR)
        if ours is None:
            ok, lang = False, "en"
        else:
            _translators.append(ours)
            qt = _load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
            if qt is not None:
                _translators.append(qt)
    for t in _translators:
        app.installTranslator(t)
    _language = lang
    if isinstance(app, QApplication):
        for root in roots if roots is not None else app.topLevelWidgets():
            retranslate_tree(root, old)
    return ok


#: the dynamic property, per text of a Qt object, that holds the source its last switch translated
SOURCE = "bnviz_source_"


def retranslate_tree(root: QWidget, old: dict[str, str]) -> None:
    """Re-translate ``root`` and everything in it: texts that were ``old[source]`` (a source's text before
    the switch) first, then each object's own ``retranslate()``, parents before children.

    A text takes the source its Qt object remembers while it still shows that source's old
    translation, else the source whose old translation it is.
    """
    before = {text: source for source, text in old.items()}
    for owner, name, get, put in text_slots(root):
        text = get()
        source = owner.property(SOURCE + name)
        if source is None or old.get(source) != text:
            source = before.get(text)
        if source is not None:
            owner.setProperty(SOURCE + name, source)
            put(tr(source))
    for obj in [root, *root.findChildren(QObject)]:
        hook = getattr(obj, "retranslate", None)
        if callable(hook):
            hook()


def visible_texts(root: QWidget) -> list[str]:
    """Every text ``root`` shows (or shows on hover), for tests that look for untranslated words."""
    return [t for _, _, get, _ in text_slots(root) if (t := get())]


def text_slots(root: QWidget):
    """(owner, name, get, set) for every text of ``root`` and its children: widget texts and titles,
    tooltips, combo items, tab and list texts, actions and menus, and pyqtgraph's titles, legends,
    axis labels.  ``owner`` is the Qt object that keeps the text's source, under ``name``."""
    for w in [root, *root.findChildren(QWidget)]:
        yield w, "window_title", w.windowTitle, w.setWindowTitle
        yield w, "tooltip", w.toolTip, w.setToolTip
        if isinstance(w, (QLabel, QAbstractButton)):
            yield w, "text", w.text, w.setText
        elif isinstance(w, (QGroupBox, QMenu)):
            yield w, "title", w.title, w.setTitle
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield w, f"item_{i}", (lambda w=w, i=i: w.itemText(i)), (lambda s, w=w, i=i: w.setItemText(i, s))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield w, f"tab_{i}", (lambda w=w, i=i: w.tabText(i)), (lambda s, w=w, i=i: w.setTabText(i, s))
                yield (w, f"tab_tooltip_{i}", (lambda w=w, i=i: w.tabToolTip(i)),
                       (lambda s, w=w, i=i: w.setTabToolTip(i, s)))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                yield w, f"item_{i}", w.item(i).text, w.item(i).setText
        elif isinstance(w, QGraphicsView) and w.scene() is not None:
            yield from _scene_slots(w.scene())
        for a in w.actions():
            yield a, "text", a.text, a.setText
            if a.toolTip() != a.text().replace("&", ""):      # not Qt's default tooltip, the text itself
                yield a, "tooltip", a.toolTip, a.setToolTip
            yield a, "status_tip", a.statusTip, a.setStatusTip


def _scene_slots(scene):
    """pyqtgraph's texts: legend entries (and the names of their items, which CSV columns use), plot
    titles (LabelItem), axis labels, TextItems; each item keeps its own text's source."""
    import pyqtgraph as pg

    items = scene.items()
    in_legends = set()
    for legend in (i for i in items if isinstance(i, pg.LegendItem)):
        for sample, label in legend.items:
            in_legends.add(id(label))
            yield (label, "text", (lambda label=label: label.text),
                   (lambda s, sample=sample, label=label: _rename(sample, label, s)))
    for item in items:
        if isinstance(item, pg.LabelItem) and id(item) not in in_legends:
            yield item, "text", (lambda item=item: item.text), item.setText
        elif isinstance(item, pg.AxisItem):
            yield item, "label", (lambda item=item: item.labelText), (lambda s, item=item: item.setLabel(text=s))
        elif isinstance(item, pg.TextItem):
            yield item, "text", item.toPlainText, item.setPlainText


def _rename(sample, label, name: str) -> None:
    label.setText(name)
    item = getattr(sample, "item", None)
    if hasattr(item, "opts"):
        item.opts["name"] = name


def has_cjk_font() -> bool:
    """True when some installed font has Chinese glyphs (without one, Chinese shows as boxes)."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
