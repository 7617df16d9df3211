"""The engine's batch-norm code as installed, syntax-highlighted, with its file line numbers.

The text comes in the snapshot (``EngineSource``, read with ``inspect`` in
the lab's process from the module that runs); this panel only colours it.
Pygments does the colouring when it is installed; without it the code is
shown plain, which is still the code.  Each line is an anchor (``L<n>``), so
the formulas panel can scroll to the line where a formula lives, and those
lines are tinted.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QTextBrowser, QWidget

from bnviz.labs.framework.model import EngineSource
from bnviz.ui.i18n import tr

MARK_BG = "#fff3c4"      # a formula's line
NUMBER_COLOR = "#9a9a9a"
LEAD = 5                 # lines shown above the first formula's


def highlighted_lines(code: str) -> list[str]:
    """``code`` as one HTML fragment per line: pygments' inline colours, or plain escaped text."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:                      # pragma: no cover - pygments is optional
        return [html.escape(line) for line in code.split("\n")]
    # nowrap: no <div>/<pre> around it; the formatter closes its spans at each line's end
    out = highlight(code, PythonLexer(stripnl=False, ensurenl=False), HtmlFormatter(noclasses=True, nowrap=True))
    return out.split("\n")


def source_html(source: EngineSource) -> str:
    """Every function of ``source`` as rows of (file line number, code), formula lines tinted."""
    marked = {line for _, line in source.marks if line}
    parts = []
    for fn in source.functions:
        rows = []
        for i, line in enumerate(highlighted_lines(fn.text)):
            n = fn.first_line + i
            bg = f' bgcolor="{MARK_BG}"' if n in marked else ""
            rows.append(f'<tr{bg}><td align="right" style="color:{NUMBER_COLOR}; padding-right:8px">'
                        f'<a name="L{n}"></a>{n}</td><td style="white-space:pre-wrap">{line or " "}</td></tr>')
        parts.append(f'<p style="margin:6px 0 2px 0"><b>{html.escape(fn.name)}</b></p>'
                     f'<table cellspacing="0" cellpadding="0">{"".join(rows)}</table>')
    return "".join(parts)


class SourceView(QTextBrowser):
    """Read-only view of the engine's BN forward and backward (the snapshot's ``EngineSource``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fw_source")
        self.setOpenLinks(False)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.source: EngineSource | None = None
        self.setMinimumWidth(200)

    def show_source(self, source: EngineSource) -> None:
        """Show ``source`` (only when it changed: the text is the same every frame)."""
        if source == self.source:
            return
        self.source = source
        head = tr("{module} \u2014 the file that runs: {path}").format(module=source.module, path=source.path)
        self.setHtml(f'<p style="color:#555555">{html.escape(head)}</p>{source_html(source)}')
        first = source.line_of("mu")
        if first:            # open where the formulas start (the docstring is a scroll up)
            self.scroll_to_line(max(source.functions[0].first_line, first - LEAD))

    def scroll_to_line(self, line: int) -> None:
        self.scrollToAnchor(f"L{line}")

    def code_text(self) -> str:
        """What is shown, as plain text (tests: the installed code is on screen)."""
        return self.toPlainText()
