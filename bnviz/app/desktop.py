"""The app as a desktop citizen: its icon, its freedesktop entry, and ``bnviz install-desktop``.

A wheel cannot put files in ``/usr/share`` or ``~/.local/share``, so the
``.desktop`` entry, the AppStream metainfo and the icons ship as package data
(``bnviz/resources/desktop/``, ``bnviz/resources/icons/``) and
:func:`install` copies them into the user's data home, where every
freedesktop menu (GNOME, KDE, Xfce, ...) looks::

    <data home>/applications/io.github.bnviz.bnviz.desktop
    <data home>/metainfo/io.github.bnviz.bnviz.metainfo.xml
    <data home>/icons/hicolor/<N>x<N>/apps/io.github.bnviz.bnviz.png   (16 ... 256)
    <data home>/icons/hicolor/scalable/apps/io.github.bnviz.bnviz.svg

The data home is ``$XDG_DATA_HOME`` or ``~/.local/share`` (``--prefix`` for
tests or a staging folder).  The entry's ``Exec`` is the absolute path of the
``bnviz`` gui-script of the interpreter running this (a venv's or pipx's
``bin/``), so the menu starts the same installation that wrote it, whatever is
on ``PATH``.  One id, :data:`APP_ID`, names the entry, the metainfo, the icon
and ``QGuiApplication.desktopFileName`` (the Wayland app id), which is how a
desktop matches the running window to its entry and icon.

Nothing here needs a QApplication except :func:`app_icon` and
:func:`render_png`, which import Qt when called.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
import sysconfig
from pathlib import Path

#: Reverse-DNS id (AppStream requires one): the file names and Qt's desktop file name.
APP_ID = "io.github.bnviz.bnviz"
#: The PNG sizes shipped beside the SVG (the hicolor theme's usual application sizes).
ICON_SIZES = (16, 32, 48, 64, 128, 256)

_RESOURCES = Path(importlib.resources.files("bnviz") / "resources")  # a real folder: wheels install unzipped
ICONS_DIR = _RESOURCES / "icons"
DESKTOP_DIR = _RESOURCES / "desktop"
SVG_ICON = ICONS_DIR / "bnviz.svg"
DESKTOP_ENTRY = DESKTOP_DIR / f"{APP_ID}.desktop"
METAINFO = DESKTOP_DIR / f"{APP_ID}.metainfo.xml"

GUI_SCRIPT = "bnviz"


def png_icon(size: int) -> Path:
    """The shipped PNG of the icon at ``size`` pixels (one of :data:`ICON_SIZES`)."""
    return ICONS_DIR / f"bnviz-{size}.png"


# --------------------------------------------------------------------------- Qt side


def app_icon():
    """The application icon as a ``QIcon`` with every shipped PNG size (Qt picks the nearest one).

    PNGs, not the SVG: drawing an SVG icon needs Qt's SVG icon-engine plugin,
    which a trimmed build may lack, and hand-picked sizes stay crisp.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(png_icon(size)), QSize(size, size))
    return icon


def render_png(svg: Path, size: int):
    """``svg`` drawn by Qt's SVG renderer on a transparent ``size`` x ``size`` QImage (tools/render_icons.py)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


# --------------------------------------------------------------------------- the desktop entry


def data_home(prefix: str | os.PathLike | None = None) -> Path:
    """Where user applications, metainfo and icons go: ``prefix``, else ``$XDG_DATA_HOME``, else ~/.local/share.

    The XDG base-directory spec says a relative ``$XDG_DATA_HOME`` is invalid and must be ignored.
    """
    if prefix is not None:
        return Path(prefix).expanduser().absolute()
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return Path.home() / ".local" / "share"


def gui_script() -> Path:
    """The absolute path of the ``bnviz`` gui-script this interpreter's installation put in its ``bin/``.

    A one-folder build (PyInstaller) is its own executable. Raises FileNotFoundError
    when there is none (e.g. bnviz run from a checkout that was never pip-installed).
    """
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute()
    exe = GUI_SCRIPT + (".exe" if os.name == "nt" else "")
    dirs = [sysconfig.get_path("scripts")]
    try:
        dirs.append(sysconfig.get_path("scripts", f"{os.name}_user"))   # pip install --user
    except KeyError:
        pass
    for d in dirs:
        path = Path(d) / exe
        if path.is_file() and os.access(path, os.X_OK):
            return path.absolute()
    raise FileNotFoundError(f"no {exe} script in {' or '.join(dirs)}: install bnviz with pip or pipx first")


def exec_quote(arg: str) -> str:
    """One argument of a ``.desktop`` ``Exec`` line, quoted as the Desktop Entry spec requires.

    Arguments with reserved characters go in double quotes with ``"`$\\`` escaped by
    a backslash; then the value's own string escaping doubles every backslash, and
    a literal ``%`` (a field code otherwise) is written ``%%``.
    """
    arg = arg.replace("%", "%%")
    if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg.replace("\\", "\\\\")


def desktop_entry(exec_path: str | os.PathLike) -> str:
    """The shipped ``.desktop`` entry with ``Exec`` and ``TryExec`` pointing at ``exec_path``."""
    out = []
    for line in DESKTOP_ENTRY.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_quote(str(exec_path))
        elif line.startswith("TryExec="):
            # TryExec is not split into arguments: only the string escapes apply
            line = "TryExec=" + str(exec_path).replace("\\", "\\\\")
        elif line.startswith("#"):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def targets(home: Path) -> list[tuple[Path, Path | None]]:
    """(destination, shipped source) of every file :func:`install` writes; None: the generated entry."""
    icons = home / "icons" / "hicolor"
    return [
        (home / "applications" / f"{APP_ID}.desktop", None),
        (home / "metainfo" / f"{APP_ID}.metainfo.xml", METAINFO),
        (icons / "scalable" / "apps" / f"{APP_ID}.svg", SVG_ICON),
        *((icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png", png_icon(s)) for s in ICON_SIZES),
    ]


def install(prefix: str | os.PathLike | None = None, exec_path: str | os.PathLike | None = None) -> list[Path]:
    """Write the entry, the metainfo and the icons under the data home; returns the files written.

    Files are replaced whole (written beside, then renamed), so a menu that reads
    the entry while it is being rewritten never sees half of it.
    """
    home = data_home(prefix)
    exec_path = Path(exec_path) if exec_path is not None else gui_script()
    written = []
    for dest, src in targets(home):
        data = desktop_entry(exec_path).encode("utf-8") if src is None else src.read_bytes()
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        part.write_bytes(data)
        os.replace(part, dest)
        written.append(dest)
    # icon themes cache their folder listing by the theme folder's time; new sizes show at once
    os.utime(home / "icons" / "hicolor", None)
    return written


def uninstall(prefix: str | os.PathLike | None = None) -> list[Path]:
    """Remove what :func:`install` wrote (and nothing else); returns the files removed."""
    removed = []
    for dest, _ in targets(data_home(prefix)):
        if dest.is_file() or dest.is_symlink():
            dest.unlink()
            removed.append(dest)
    return removed
