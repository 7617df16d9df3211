"""The app as a desktop citizen: ``bnviz install-desktop`` writes a valid menu entry, metainfo and icons,
the window and the QApplication carry the icon and the desktop id, and the shipped PNGs match the SVG.

``desktop-file-validate`` (desktop-file-utils) and ``appstreamcli`` (appstream) check the files
where they are installed; the Python checks below run everywhere.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import bnviz
from bnviz import cli
from bnviz.app import desktop
from bnviz.app.desktop import APP_ID, ICON_SIZES

DATA_FILES = [f"applications/{APP_ID}.desktop", f"metainfo/{APP_ID}.metainfo.xml",
              f"icons/hicolor/scalable/apps/{APP_ID}.svg",
              *(f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in ICON_SIZES)]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no Qt needed)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str       # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def installed(capsys, prefix: Path) -> list[str]:
    assert cli.main(["install-desktop", "--prefix", str(prefix)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"installed {APP_ID} ({len(DATA_FILES)} files) in {prefix}")
    return sorted(str(p.relative_to(prefix)) for p in prefix.rglob("*") if p.is_file())


def test_install_desktop_writes_the_entry_metainfo_and_every_icon_size(tmp_path, capsys):
    prefix = tmp_path / "share"
    assert installed(capsys, prefix) == sorted(DATA_FILES)
    for s in ICON_SIZES:
        assert png_size(prefix / f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png") == (s, s)
    svg = ET.parse(prefix / f"icons/hicolor/scalable/apps/{APP_ID}.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 256 256"
    assert (prefix / f"metainfo/{APP_ID}.metainfo.xml").read_bytes() == desktop.METAINFO.read_bytes()


def test_the_entry_starts_this_installations_gui_script(tmp_path, capsys):
    prefix = tmp_path / "share"
    installed(capsys, prefix)
    entry = read_entry(prefix / f"applications/{APP_ID}.desktop")
    script = Path(entry["Exec"])
    assert script.is_absolute() and script.name == "bnviz" and os.access(script, os.X_OK)
    assert script.parent == Path(sys.executable).parent      # this venv's bin/, not whatever is on PATH
    assert entry["TryExec"] == entry["Exec"]
    assert entry["Type"] == "Application" and entry["Name"] == "bnviz" and entry["Terminal"] == "false"
    assert entry["Icon"] == APP_ID and entry["StartupWMClass"] == "bnviz"
    assert "Education" in entry["Categories"].split(";")
    assert entry["Comment"] and entry["Keywords"].endswith(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_desktop_file_validate_accepts_the_installed_entry(tmp_path, capsys):
    installed(capsys, tmp_path)
    r = subprocess.run(["desktop-file-validate", str(tmp_path / f"applications/{APP_ID}.desktop")],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr      # no hints or warnings either


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_appstreamcli_accepts_the_metainfo():
    r = subprocess.run(["appstreamcli", "validate", "--no-net", "--pedantic", str(desktop.METAINFO)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_metainfo_names_the_entry_and_this_version():
    root = ET.parse(desktop.METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop" == desktop.DESKTOP_ENTRY.name
    assert root.findtext("project_license") == "MIT"
    assert root.find("releases/release").get("version") == bnviz.__version__     # the newest release first
    assert {b.text for b in root.iterfind("provides/binary")} == {"bnviz", "bnviz-cli"}


def test_uninstall_removes_only_what_install_wrote(tmp_path, capsys):
    prefix = tmp_path / "share"
    installed(capsys, prefix)
    other = prefix / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")
    assert cli.main(["install-desktop", "--prefix", str(prefix), "--uninstall"]) == 0
    assert capsys.readouterr().out.startswith(f"removed {len(DATA_FILES)} files from {prefix}")
    assert [p for p in prefix.rglob("*") if p.is_file()] == [other]
    assert cli.main(["install-desktop", "--prefix", str(prefix), "--uninstall"]) == 0   # nothing left: fine
    assert capsys.readouterr().out.startswith("removed 0 files")


def test_the_data_home_is_xdg_data_home_or_local_share(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    written = desktop.install()
    assert written[0] == tmp_path / "xdg" / "applications" / f"{APP_ID}.desktop" and written[0].is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")     # invalid by the spec: ignored
    assert desktop.data_home() == tmp_path / "home" / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.data_home() == tmp_path / "home" / ".local" / "share"


def test_without_an_installed_script_it_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(desktop, "GUI_SCRIPT", "bnviz-not-installed")
    assert cli.main(["install-desktop", "--prefix", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bnviz: no bnviz-not-installed script in ") and "pip or pipx" in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(("path", "line"), [
    ("/home/u/.venv/bin/bnviz", "/home/u/.venv/bin/bnviz"),
    ("/home/u/my venv/bin/bnviz", '"/home/u/my venv/bin/bnviz"'),
    ("/opt/$x/100%/bnviz", '"/opt/\\\\$x/100%%/bnviz"'),
    ('/a\\b"c/bnviz', '"/a\\\\\\\\b\\\\"c/bnviz"'),
])
def test_exec_lines_are_quoted_as_the_spec_says(path, line):
    assert desktop.exec_quote(path) == line
    assert f"\nExec={line}\n" in desktop.desktop_entry(path)


def test_the_window_and_the_app_carry_the_icon(window):
    icon = window.windowIcon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(n, n) for n in ICON_SIZES} <= sizes
    assert not icon.pixmap(32, 32).isNull()


def test_a_new_app_names_its_desktop_entry():
    """``ensure_app`` in a fresh process (pytest-qt made this one's QApplication)."""
    code = ("from bnviz.app.application import ensure_app; app = ensure_app(); "
            "print(app.desktopFileName(), app.windowIcon().isNull(), len(app.windowIcon().availableSizes()))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [APP_ID, "False", str(len(ICON_SIZES))]


def test_the_shipped_pngs_are_the_svg_rendered(qapp):
    """Stale PNGs (the SVG edited, tools/render_icons.py not run) fail here."""
    for size in ICON_SIZES:
        fresh = desktop.render_png(desktop.SVG_ICON, size)
        from PySide6.QtGui import QImage

        shipped = QImage(str(desktop.png_icon(size))).convertToFormat(fresh.format())
        assert (shipped.width(), shipped.height()) == (size, size)
        a, b = (np.frombuffer(img.constBits(), np.uint8, img.sizeInBytes()).astype(int) for img in (fresh, shipped))
        # a Qt upgrade may antialias a little differently: only an edit changes many pixels much
        assert np.mean(np.abs(a - b)) < 2.0 and np.mean(np.abs(a - b) > 64) < 0.01, size
