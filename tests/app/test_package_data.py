"""The built wheel carries every lesson, the digits, both licences and the version the code reports.

The source checkout finds its resources whatever the build config says; only
the wheel shows what a user who runs ``pip install bnviz`` gets. The wheel is
built (``pip wheel --no-deps``, ~5 s) from a clean copy of the files git
would commit, because an in-tree build reuses ``bnviz.egg-info/SOURCES.txt``
and ``build/lib`` and could pass with a broken ``package-data`` table.
``make test`` also installs it into a fresh venv and runs it
(``tools/wheel_check.sh``).
"""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bnviz

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PRESETS = sorted(p.name for p in (ROOT / "bnviz" / "resources" / "presets").glob("*.json"))


def _copy_committable_tree(dest: Path) -> None:
    """Copy the files git tracks or would add (not ignored, not deleted) into ``dest``."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, check=True, timeout=30).stdout
    for rel in filter(None, out.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files a build would see")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    _copy_committable_tree(src)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"), str(src)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    (path,) = (tmp / "dist").glob("bnviz-*.whl")
    with zipfile.ZipFile(path) as zf:
        yield zf


@pytest.mark.timeout(120)
def test_wheel_carries_every_lesson_and_the_digits(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert len(SOURCE_PRESETS) >= 19
    shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("bnviz/resources/presets/"))
    assert shipped == SOURCE_PRESETS
    assert "bnviz/resources/data/digits.npz" in names
    # the CC BY 4.0 attribution sits beside the data it covers ...
    assert "bnviz/resources/data/LICENSE-digits.txt" in names
    assert wheel.getinfo("bnviz/resources/data/digits.npz").file_size > 10_000
    assert not any(n.startswith(("tests/", "bench/", "tools/")) for n in names)
    # the Chinese interface: the compiled translation the app loads, and its source
    assert wheel.getinfo("bnviz/resources/i18n/bnviz_zh_CN.qm").file_size > 10_000
    assert "bnviz/resources/i18n/bnviz_zh_CN.ts" in names


@pytest.mark.timeout(120)
def test_wheel_metadata_licences_and_version(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    dist_info = f"bnviz-{bnviz.__version__}.dist-info"
    # ... and both licences are the distribution's licence files (PEP 639)
    assert f"{dist_info}/licenses/LICENSE" in names
    assert f"{dist_info}/licenses/bnviz/resources/data/LICENSE-digits.txt" in names
    assert "MIT License" in wheel.read(f"{dist_info}/licenses/LICENSE").decode()
    assert "CC BY 4.0" in wheel.read(f"{dist_info}/licenses/bnviz/resources/data/LICENSE-digits.txt").decode()
    meta = email.message_from_bytes(wheel.read(f"{dist_info}/METADATA"))
    assert meta["Version"] == bnviz.__version__ == "0.2.0"
    assert meta["License-Expression"] == "MIT"
    assert meta["License"] is None          # the deprecated table form is gone
    assert sorted(meta.get_all("License-File")) == ["LICENSE", "bnviz/resources/data/LICENSE-digits.txt"]
    entry_points = wheel.read(f"{dist_info}/entry_points.txt").decode()
    assert "bnviz-cli = bnviz.cli:main" in entry_points and "bnviz = bnviz.cli:main" in entry_points
