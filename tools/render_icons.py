"""Render the application icon's PNG sizes from its SVG with Qt's own SVG renderer.

    .venv/bin/python tools/render_icons.py          # rewrites bnviz/resources/icons/bnviz-<size>.png

The PNGs are committed (they are package data, and a wheel build must not need
Qt): run this after editing ``bnviz/resources/icons/bnviz.svg``.
``tests/app/test_desktop.py`` renders them again and fails when they are stale.
Desktops that read ``hicolor/<size>x<size>`` take these instead of scaling the
SVG themselves; Qt picks the nearest size for title bars and task bars.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bnviz.app.desktop import ICON_SIZES, ICONS_DIR, SVG_ICON, png_icon, render_png  # noqa: E402


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in ICON_SIZES:
        image = render_png(SVG_ICON, size)
        out = png_icon(size)
        if not image.save(str(out), "PNG"):
            print(f"render_icons: could not write {out}", file=sys.stderr)
            return 1
        print(f"{out.relative_to(ICONS_DIR.parents[2])}: {size}x{size}, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
