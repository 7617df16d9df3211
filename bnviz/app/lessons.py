"""The start page: every lesson in syllabus order, its caption, and a button to open it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bnviz.app.presets import Preset
from bnviz.ui.i18n import language, tr


def lesson_entry(p: Preset) -> str:
    """The lesson as a list or menu entry, "B2  <title>", in the interface's language."""
    return f"{p.row}  {p.title_in(language())}"


def lesson_caption_html(p: Preset) -> str:
    """The caption bar's text: the lesson's row, title and caption in the interface's language."""
    lang = language()
    return tr("<b>{row}: {title}.</b> {caption}").format(row=p.row, title=p.title_in(lang), caption=p.caption_in(lang))


def lesson_help_html(p: Preset) -> str:
    """Help > This lesson: title, whole caption and the claims the engine checks, in the interface's language."""
    lang = language()
    text = tr("<h3>{row}: {title}</h3><p>{caption}</p>").format(row=p.row, title=p.title_in(lang),
                                                               caption=p.caption_in(lang))
    claims = "".join(f"<li>{p.claim_text_in(c, lang)}</li>" for c in p.claims)
    if claims:
        text += tr("<p>What the engine shows, checked by <i>bnviz check-lessons</i>:</p><ul>{claims}</ul>").format(
            claims=claims)
    return text


class LessonsPage(QWidget):
    open_requested = Signal(object)   # a Preset

    """The lessons list and the selected lesson's caption, in the interface's language.

    ``lab_titles``: each lab's English title (``LabSpec.title``), shown as ``tr(title)``.
    """

    def __init__(self, presets: list[Preset], lab_titles: dict[str, str] | None = None,
                 problems: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessons_page")
        self.presets = presets
        self.lab_titles = lab_titles or {}
        self.problems = list(problems or [])
        lay = QVBoxLayout(self)
        head = QLabel(tr("<h2>bnviz lessons</h2>Batch normalization and hyperparameter tuning, one lesson per concept of the notes. Double-click a lesson (or press Enter) to open it; PageDown / PageUp step through them in class."))  # noqa: E501 - one literal for lupdate
        head.setWordWrap(True)
        lay.addWidget(head)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("lessons_list")
        for p in presets:
            item = QListWidgetItem(lesson_entry(p))
            item.setData(Qt.ItemDataRole.UserRole, p.name)
            self.list.addItem(item)
        row.addWidget(self.list, 2)
        right = QVBoxLayout()
        self.caption = QLabel()
        self.caption.setObjectName("lessons_caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.caption, 1)
        self.open_button = QPushButton(tr("Open lesson"))
        self.open_button.setObjectName("open_lesson")
        right.addWidget(self.open_button)
        row.addLayout(right, 3)
        lay.addLayout(row, 1)
        self.broken = QLabel()          # lesson files that did not read, each with why
        self.broken.setObjectName("lessons_broken")
        self.broken.setWordWrap(True)
        self.broken.setTextFormat(Qt.TextFormat.PlainText)
        self.broken.setStyleSheet("color: #c62828")
        self.broken.setVisible(bool(problems))
        self._show_broken()
        lay.addWidget(self.broken)
        self.list.currentRowChanged.connect(self._show_caption)
        self.list.itemActivated.connect(lambda _: self._open())
        self.open_button.clicked.connect(self._open)
        if presets:
            self.list.setCurrentRow(0)

    def _show_broken(self) -> None:
        """Each lesson file that did not read, with why (the why is the file layer's, in English)."""
        self.broken.setText("\n".join(tr("Broken lesson file, not listed: {problem}").format(problem=p)
                                      for p in self.problems))

    def _show_caption(self, row: int) -> None:
        if 0 <= row < len(self.presets):
            p = self.presets[row]
            lang = language()
            self.caption.setText(tr("<h3>{row}: {title}</h3><p>{caption}</p><p><i>Opens the {lab}, seed {seed}.</i></p>")
                                 .format(row=p.row, title=p.title_in(lang), caption=p.caption_in(lang),
                                         lab=tr(self.lab_titles.get(p.lab, p.lab)), seed=p.seed))

    def retranslate(self) -> None:
        """After a language change: the lessons' titles and the caption in the new language (bnviz.ui.i18n calls this)."""
        for i, p in enumerate(self.presets):
            self.list.item(i).setText(lesson_entry(p))
        self._show_caption(self.list.currentRow())
        self._show_broken()

    def _open(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.presets):
            self.open_requested.emit(self.presets[row])


#: the caption bar shows at most this many lines until "more" is pressed: the plots keep the screen
CAPTION_LINES = 3
#: a window less high than this (a 1280x720 or 1366x768 projector) shows two lines of caption
SHORT_SCREEN = 800


class CaptionBar(QWidget):
    """The open lesson's caption over its lab, at most ``CAPTION_LINES`` lines unless "more" is pressed.

    Captions run up to eight lines; on a 1280x720 projector all of it would
    take half the screen from the plots.  The whole text is one click away
    ("more", or Help > This lesson).  A long caption is cut after its last
    whole line and ends in an ellipsis, rather than clipped at a height: the
    label's text sits a few pixels lower than any line count says (padding,
    a taller fallback CJK font, a bold title), and a clipped bottom line is
    what a projector showed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caption_bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 4, 0)
        lay.setSpacing(4)
        self.label = QLabel()
        self.label.setObjectName("caption_text")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.label, 1)
        self.more = QToolButton()
        self.more.setObjectName("caption_more")
        self.more.setCheckable(True)
        self.more.setText(tr("more"))
        self.more.setToolTip(tr("Show the whole caption (Help > This lesson shows it too)"))
        self.more.toggled.connect(self.fit)
        lay.addWidget(self.more, 0, Qt.AlignmentFlag.AlignTop)
        self.max_lines: int | None = CAPTION_LINES
        self.lesson: Preset | None = None       # the lesson whose caption is shown (re-said in a new language)
        self._html = ""                          # the whole text; the label may show it cut

    def set_style(self, css: str, font_pt: float) -> None:
        """The bar's colours (``css``: background, colour, padding, border) at a font size."""
        self.setStyleSheet(f"#caption_bar {{ {css} }} "
                           f"#caption_text {{ {css} border: none; padding: 0px 8px; font-size: {font_pt:.0f}pt; }}")
        # (no vertical padding: a rich-text label's document keeps a 4-pixel margin of its own)
        self.fit()

    def setText(self, text: str) -> None:  # noqa: N802 (the QLabel name, so the bar reads like one)
        self.lesson = None
        self._set(text)

    def show_lesson(self, p: Preset) -> None:
        """Show ``p``'s row, title and caption in the interface's language (folded to the line cap)."""
        self._set(lesson_caption_html(p))
        self.lesson = p

    def _set(self, text: str) -> None:
        self._html = text
        self.more.setChecked(False)
        self.fit()

    def retranslate(self) -> None:
        """After a language change: the lesson's caption in the new language, and "more"/"less"."""
        if self.lesson is not None:
            self._html = lesson_caption_html(self.lesson)    # "more" stays as it was
        self.fit()

    def text(self) -> str:
        """The whole caption, however much of it is shown."""
        return self._html

    def set_max_lines(self, n: int | None) -> None:
        self.max_lines = n
        self.fit()

    def _lines(self) -> int:
        return self.max_lines if self.window().height() >= SHORT_SCREEN else min(self.max_lines, 2)

    def cut(self, width: int, lines: int) -> str | None:
        """The caption cut after its ``lines``-th line at ``width`` pixels, ending in an ellipsis;
        None when it fits.  Laid out in the label's own font (Chinese glyphs come from a fallback font)."""
        self.label.ensurePolished()
        doc = QTextDocument()
        doc.setDefaultFont(self.label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(self._html)
        doc.setTextWidth(max(20, width))
        doc.size()                                  # lays the text out
        seen, block = 0, doc.begin()
        while block.isValid():
            layout = block.layout()
            for i in range(layout.lineCount()):
                seen += 1
                if seen == lines:
                    line = layout.lineAt(i)
                    end = block.position() + line.textStart() + line.textLength()
                    if end >= doc.characterCount() - 1:
                        return None
                    cursor = QTextCursor(doc)
                    cursor.setPosition(max(block.position(), end - 3))     # room for the ellipsis,
                    cursor.movePosition(QTextCursor.MoveOperation.StartOfWord)  # at a word's start
                    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
                    cursor.removeSelectedText()
                    cursor.insertText(" \u2026")
                    return doc.toHtml()
            block = block.next()
        return None

    def fit(self) -> None:
        """Show the whole text, or its first lines when it is longer (then offer "more")."""
        if self.max_lines is None:
            self.more.hide()
            self.label.setText(self._html)
            return
        # the width the label's text gets: the bar less the button, the label's padding and a margin,
        # a little narrower than the label lays it out, so a cut text never wraps onto one line more
        width = self.width() - self.more.sizeHint().width() - 12 - 2 * 8 - 8
        cut = self.cut(width, self._lines()) if width > 50 else None
        self.more.setVisible(cut is not None)
        self.more.setText(tr("less") if self.more.isChecked() else tr("more"))
        self.label.setText(self._html if cut is None or self.more.isChecked() else cut)

    def resizeEvent(self, event) -> None:  # Qt override: the wrapping follows the width
        super().resizeEvent(event)
        self.fit()
