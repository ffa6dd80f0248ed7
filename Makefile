# Both targets build .venv from pyproject.toml on first use (or when it changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo typecheck clean bench

# The editable install finds pycpg through an import hook that mypy cannot see;
# a plain path entry (pycpg-checkout.pth) lets `.venv/bin/mypy --strict` check
# scripts outside the repository against this checkout.
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "pycpg-checkout.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	touch $(STAMP)

typecheck: $(STAMP)
	# tests/ includes tests/typing/, the typing contract files.
	$(BIN)/mypy --strict pycpg tests examples bench

test: typecheck
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py
	# The same tenant from the shell: the `pycpg` command line, a report and an export.
	$(BIN)/python examples/cli_demo.py

# Not part of `test`: takes minutes and installs pycpg 1.0.5 from the package index
# (bench/README.md; `$(BIN)/python bench/run.py --quick --no-official` for a smoke run).
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .hypothesis build *.egg-info
