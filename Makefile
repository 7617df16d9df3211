# Every target bootstraps .venv itself; a stamp per extra keeps re-runs from
# reinstalling when pyproject.toml has not changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test wheel-check bench lint dist dist-check clean i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(VENV)/.stamp-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	# PyTorch is optional: compared against when it installs (a CPU build lies on disk here).
	-$(BIN)/python -m pip install -q torch==2.13.0
	touch $@

$(VENV)/.stamp-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dist]'
	touch $@

run: $(VENV)/.stamp-run
	$(BIN)/python app.py

lint: $(VENV)/.stamp-test
	$(BIN)/lint-imports

# wheel-check before pytest, so the run still closes on pytest's summary line
test: $(VENV)/.stamp-test
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory wheel-check
	$(BIN)/python -m pytest

# The installed package, not the checkout: build the wheel, install it into a
# fresh venv, list and export lessons from another folder (tools/wheel_check.sh).
wheel-check: $(BIN)/python
	bash tools/wheel_check.sh $(BIN)/python $(PYTHON)

# A one-folder build for people without Python: dist/bnviz/bnviz (Linux here;
# the README gives the Windows and macOS commands). --collect-data ships the
# lessons and the digits; the build's own spec and work files stay in build/.
dist: $(VENV)/.stamp-dist
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --onedir --name bnviz --collect-data bnviz \
	    --distpath dist --workpath build/pyinstaller --specpath build/pyinstaller app.py

# Start the built binary offscreen, export a lesson with it (tools/dist_check.sh).
dist-check: dist
	bash tools/dist_check.sh dist/bnviz/bnviz

# Refresh the translation sources from the code (every tr("...")), then compile
# them; the .qm files are committed, so installing bnviz needs no Qt tools.
# Translate in Qt Linguist (pyside6-linguist) or by editing the .ts.
I18N := bnviz/resources/i18n
i18n: $(VENV)/.stamp-test
	$(BIN)/pyside6-lupdate -extensions py -no-obsolete -locations none bnviz -ts $(I18N)/bnviz_zh_CN.ts
	$(BIN)/pyside6-lrelease -silent $(I18N)/bnviz_zh_CN.ts -qm $(I18N)/bnviz_zh_CN.qm

bench: $(VENV)/.stamp-bench
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist
