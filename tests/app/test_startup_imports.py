"""The window on the Lessons page imports no lab page, no superqt and nothing of the recording's encoders."""

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QSettings
from bnviz.app.application import create_window, ensure_app

if __name__ == "__main__":
    app = ensure_app()
    win = create_window("light", 1.0, settings=QSettings(sys.argv[1], QSettings.Format.IniFormat), start_workers=False)
    win.show()
    app.processEvents()
    assert win.built_labs == []
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("PIL", "imageio", "superqt", "pygments", "scipy")
                   or (m.startswith("bnviz.labs.") and m.endswith(".page")) or m == "bnviz.app.animate")
    print("HEAVY", heavy)
"""


def test_the_first_window_imports_only_what_it_shows(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "s.ini")], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout, out.stdout
