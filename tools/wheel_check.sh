#!/usr/bin/env bash
# Prove the installed package, not the checkout (issue 14): build the wheel,
# install it non-editable into a fresh venv, and from a folder outside the
# checkout list the lessons, export a B and an H lesson headless, install the
# desktop entry into a scratch prefix, then run the part of the test suite that
# needs no source tree (SUITE below) against the installed wheel.
#
#   tools/wheel_check.sh [BUILD_PYTHON] [BASE_PYTHON]
#
# BUILD_PYTHON (default .venv/bin/python) runs pip to build and install;
# BASE_PYTHON (default python3) is the interpreter the fresh venv is made from.
# The fresh venv gets no pip of its own (BUILD_PYTHON's pip installs into it
# with --python), and the dependencies come from the normal index through
# pip's cache, so a warm machine installs in ~20 s. Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build_py=${1:-.venv/bin/python}
base_py=${2:-python3}
[[ $build_py == */* && $build_py != /* ]] && build_py=$src/$build_py   # still found after the cd below

fail() { echo "wheel-check: FAILED: $*" >&2; exit 1; }
pip_quiet() {   # BUILD_PYTHON's pip, its output shown only on failure (less this machine's index noise)
  local out
  out=$("$build_py" -m pip "$@" 2>&1) || { grep -v '^WARNING: Location' <<<"$out" >&2; fail "pip $1 failed"; }
}
start=$SECONDS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bnviz-wheel-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Build from a clean copy of the files git would commit (tracked and new, not
# ignored): an in-tree build reuses build/lib (a deleted module would ship) and
# the editable install's bnviz.egg-info/SOURCES.txt (a file dropped from
# package-data would still ship), so it could pass with a broken config.
mkdir "$tmp/src"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$tmp/src"
rm -rf build/wheel
pip_quiet wheel -q --no-deps -w build/wheel "$tmp/src"
wheels=(build/wheel/bnviz-*.whl)
[[ -f ${wheels[0]} && ${#wheels[@]} -eq 1 ]] || fail "expected one bnviz wheel in build/wheel, got: ${wheels[*]}"
wheel=$src/${wheels[0]}
echo "wheel-check: built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

"$base_py" -m venv --without-pip "$tmp/venv"
# --no-compile: byte-compiling all of scipy and numpy up front costs ~10 s; the
# checks below compile only what they import.
pip_quiet --python "$tmp/venv/bin/python" install -q --no-compile "$wheel"
bin=$tmp/venv/bin
[[ -x $bin/bnviz-cli && -x $bin/bnviz ]] || fail "the wheel installed no bnviz-cli / bnviz scripts"

# Everything below runs from outside the checkout, so nothing can be found
# through it: a resource missing from the wheel fails here.
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
export QT_QPA_PLATFORM=offscreen

where=$("$bin/python" -c 'import bnviz; print(bnviz.__file__)')
[[ $where == "$tmp/venv/"* ]] || fail "bnviz was imported from $where, not from the fresh venv"

want_version=$(basename "$wheel" | cut -d- -f2)
got_version=$("$bin/bnviz-cli" --version)
[[ $got_version == "bnviz $want_version" ]] || fail "--version says '$got_version', the wheel is $want_version"

help=$("$bin/bnviz-cli" --help)
grep -q '^  bnviz-cli export LESSON' <<<"$help" || fail "bnviz-cli --help does not list the export command"

n_files=$(find "$src/bnviz/resources/presets" -name '*.json' | wc -l)
"$bin/bnviz-cli" --list-presets > presets.txt
n_listed=$(grep -cE '^[HBSF][0-9] ' presets.txt || true)
if (( n_listed < 19 || n_listed != n_files )); then
  cat presets.txt >&2
  fail "--list-presets listed $n_listed lessons; the source has $n_files (at least 19 expected)"
fi
echo "wheel-check: --list-presets lists $n_listed lessons"

bundled=$("$bin/python" -c 'from bnviz.app.presets import PRESETS_DIR; print(PRESETS_DIR)')
"$bin/bnviz-cli" check "$bundled"/*.json > check.txt 2>&1 || { cat check.txt >&2; fail "bnviz check refused a bundled lesson"; }
echo "wheel-check: bnviz check: $(grep -c ': ok$' check.txt) bundled lessons ok"

export_one() {   # export_one LESSON [ARGS]: one training step, then every figure and CSV
  local lesson=$1 out=$tmp/elsewhere/out-$1
  shift
  "$bin/bnviz-cli" export "$lesson" --steps 1 --out "$out" "$@" > "export-$lesson.txt" 2> "export-$lesson.err" \
    || { cat "export-$lesson.txt" "export-$lesson.err" >&2; fail "bnviz-cli export $lesson exited non-zero"; }
  local n_png n_csv
  n_png=$(find "$out" -name '*.png' -size +1k | wc -l)
  n_csv=$(find "$out" -name '*.csv' -size +0 | wc -l)
  (( n_png > 0 && n_csv > 0 )) || fail "export $lesson wrote $n_png non-empty PNGs and $n_csv CSVs"
  echo "wheel-check: export $lesson: $(cat "export-$lesson.txt") ($n_png PNG, $n_csv CSV)"
}
# The two exports run side by side (make test runs this before pytest: both cores are free).
export_one b2-bn-histograms & b_pid=$!        # B8's digits come from package data too, but B2 is faster
export_one h1-what-to-tune --lang zh_CN & h_pid=$!   # a search lesson (trials in-process), in Chinese
wait "$b_pid" || fail "the B lesson's export check failed (see above)"
wait "$h_pid" || fail "the H lesson's export check failed (see above)"
# the wheel's translation loaded: the CSVs' comment lines are Chinese
"$bin/python" - "$tmp/elsewhere/out-h1-what-to-tune" <<'PY' || fail "the Chinese export has no Chinese (bnviz_zh_CN.qm not loaded?)"
import pathlib, sys
heads = [p.read_text(encoding="utf-8").splitlines()[0] for p in pathlib.Path(sys.argv[1]).glob("*.csv")]
sys.exit(0 if heads and any("\u4e00" <= c <= "\u9fff" for h in heads for c in h) else 1)
PY
echo "wheel-check: export --lang zh_CN: Chinese titles"

# The desktop entry, its metainfo and icons come from package data, and the
# entry starts this venv's gui-script (bnviz install-desktop, bnviz/app/desktop.py).
"$bin/bnviz-cli" install-desktop --prefix "$tmp/share" > desktop.txt 2>&1 \
  || { cat desktop.txt >&2; fail "bnviz-cli install-desktop exited non-zero"; }
entry=$(find "$tmp/share/applications" -name '*.desktop')
grep -qxF "Exec=$bin/bnviz" "$entry" || fail "the desktop entry does not start $bin/bnviz: $(grep '^Exec=' "$entry")"
n_icons=$(find "$tmp/share/icons/hicolor" -path '*/apps/*' \( -name '*.png' -o -name '*.svg' \) -size +0 | wc -l)
(( n_icons == 7 )) || fail "install-desktop wrote $n_icons icons, expected 6 PNG sizes and the SVG"
echo "wheel-check: install-desktop: $(basename "$entry"), metainfo and $n_icons icons"

# The tests that need no source tree, run on the installed wheel: copied out of
# the checkout (with the conftest and the pytest settings from pyproject.toml)
# and run by the fresh venv's python in a folder where no bnviz/ lies, so
# `import bnviz` can only find site-packages (a generated test asserts it).
SUITE=(tests/engine tests/test_schema.py tests/app/test_desktop.py
       "tests/app/test_lessons_and_files.py::test_every_preset_loads_and_opens_its_lab")
suite_start=$SECONDS
pip_quiet --python "$bin/python" install -q --no-compile "pytest>=8" "pytest-qt>=4.4" "pytest-timeout>=2.2"
mkdir -p "$tmp/suite/tests"
for t in tests/__init__.py tests/conftest.py "${SUITE[@]%%::*}"; do
  mkdir -p "$tmp/suite/$(dirname "$t")"
  cp -r "$src/$t" "$tmp/suite/$t"
  d=$(dirname "$t")
  while [[ $d == tests/* ]]; do   # every package folder above a copied test keeps its __init__.py
    [[ -f $src/$d/__init__.py ]] && cp "$src/$d/__init__.py" "$tmp/suite/$d/"
    d=$(dirname "$d")
  done
done
find "$tmp/suite" -name __pycache__ -prune -exec rm -rf {} +
"$bin/python" - "$src/pyproject.toml" > "$tmp/suite/pytest.ini" <<'PY'
import sys, tomllib
opts = tomllib.load(open(sys.argv[1], "rb"))["tool"]["pytest"]["ini_options"]
print("[pytest]")
for key, value in opts.items():
    print(f"{key} =", "\n    ".join(value) if isinstance(value, list) else value)
PY
cat > "$tmp/suite/tests/test_installed_wheel.py" <<PY
"""Generated by tools/wheel_check.sh: this run tests the wheel in the fresh venv, not a checkout."""
import bnviz


def test_bnviz_is_imported_from_the_fresh_venv():
    assert bnviz.__file__.startswith("$tmp/venv/lib/"), bnviz.__file__
    assert "/site-packages/bnviz/" in bnviz.__file__, bnviz.__file__
PY
cd "$tmp/suite"
"$bin/python" -m pytest -q -p no:cacheprovider --rootdir "$tmp/suite" tests/test_installed_wheel.py \
    "${SUITE[@]}" > suite.txt 2>&1 || { tail -40 suite.txt >&2; fail "the test suite failed against the installed wheel"; }
echo "wheel-check: suite on the installed wheel: $(tail -1 suite.txt | tr -d '=' | xargs) ($((SECONDS - suite_start)) s)"

echo "wheel-check: OK in $((SECONDS - start)) s"
