"""``bnviz check FILE...``: validate session and lesson files the way the app reads them.

Lesson authors write presets by hand; a teacher may want to know a session
opens before class.  Each file is read strictly and completely (``presets``,
``session``, each lab's ``read_state``) and nothing is applied.  One line per
file; the caller exits 2 if any fails.
"""

from __future__ import annotations

from pathlib import Path

from bnviz import schema


def check_file(path: Path, pages: dict) -> str:
    """'' if ``path`` is a valid session or lesson, else one line saying why.

    ``pages`` caches one lab page per key (a session's extras are checked by its lab's page).
    """
    from bnviz.app import presets, session

    try:
        d = schema.read_json(path, session.MAX_BYTES, "file")
        if isinstance(d, dict) and d.get("format") == session.FORMAT:
            s = session.read_session(path)
            for key, state in s.labs.items():
                try:
                    page = pages[key] if key in pages else pages.setdefault(key, _page(key))
                except KeyError:
                    return schema.short(f"labs.{key}: no such lab in this bnviz")
                try:
                    page.read_state(state)
                except ValueError as exc:
                    return schema.short(f"labs.{key}: {exc}")
            return ""
        lesson = presets.load_preset(path)
        missing = lesson.missing_translations()
        if missing:
            return schema.short(f"{path.name}: {missing[0]} is missing: a lesson is written in English and in "
                                f"every language of the interface ({', '.join(presets.TRANSLATED)})")
        return ""
    except ValueError as exc:
        return schema.short(str(exc))


def _page(key: str):
    import bnviz.labs

    return bnviz.labs.spec(key).Page()


def check_files(paths: list[str]) -> list[tuple[str, str]]:
    """(path, '' or the problem) for every file; needs a QApplication (lab pages check their extras)."""
    pages: dict = {}
    try:
        return [(p, check_file(Path(p), pages)) for p in paths]
    finally:
        for page in pages.values():
            page.deleteLater()
