"""``bnviz --help`` lists the export command, and every usage line names the program as it was invoked."""

import subprocess
import sys
from pathlib import Path

import pytest

from bnviz.cli import build_export_parser, build_parser, invoked_as


@pytest.mark.parametrize(("argv0", "prog"), [
    ("/home/u/.local/bin/bnviz", "bnviz"),
    ("/venv/bin/bnviz-cli", "bnviz-cli"),
    ("/venv/Scripts/bnviz-cli.exe", "bnviz-cli"),   # Windows console script
    ("/src/bnviz/bnviz/__main__.py", "python -m bnviz"),
    ("app.py", "python app.py"),
    ("-c", "bnviz"),
    ("", "bnviz"),
])
def test_invoked_as(argv0, prog):
    assert invoked_as(argv0) == prog


def test_help_lists_export_under_the_invoked_name():
    text = build_parser("bnviz-cli").format_help()
    assert text.startswith("usage: bnviz-cli ")
    assert "bnviz-cli export LESSON --steps N --out DIR" in text
    assert "bnviz-cli export --help" in text
    assert build_export_parser("bnviz-cli").format_usage().startswith("usage: bnviz-cli export ")


def run(*args):
    return subprocess.run([*args, "--help"], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])


def test_python_dash_m_and_the_installed_script():
    r = run(sys.executable, "-m", "bnviz")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: python -m bnviz ") and "python -m bnviz export LESSON" in r.stdout
    r = run(sys.executable, "-m", "bnviz", "export")
    assert r.returncode == 0 and r.stdout.startswith("usage: python -m bnviz export "), r.stderr
    script = Path(sys.executable).with_name("bnviz-cli")
    if not script.exists():
        pytest.skip("bnviz is not installed with its scripts in this interpreter's folder")
    r = run(str(script))
    assert r.returncode == 0 and r.stdout.startswith("usage: bnviz-cli "), r.stderr
    assert "bnviz-cli export LESSON" in r.stdout
