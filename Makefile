# make serve | make build | make test — each sets up what it needs on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VNU    := .cache/node/node_modules/vnu-jar/build/dist/vnu.jar
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test unit bench requirements system system-test clean

$(BIN)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtualenv: install python3-venv (sudo apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

system:
	@.ci/setup-system build

system-test:
	@.ci/setup-system test

## Preview at http://127.0.0.1:8000 with live reload (PDFs off; ESG_PDF=1 make serve to include them)
serve: $(BIN)/.installed system
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

## Build both languages and both PDFs into site/
build: $(BIN)/.installed system
	ESG_PDF=1 $(BIN)/mkdocs build

## Run the test suite (builds the site once, with PDFs, into a temporary folder)
test: $(BIN)/.installed system-test $(VNU)
	$(BIN)/python -m pytest

## The fast layer: data, formatting, labels, conversion, consistency rules — no build, no browser (under 20 s)
unit: $(BIN)/.installed
	$(BIN)/python -m pytest -m unit -q

# The Nu HTML checker for tests/test_links_html.py, project-local. Java comes from .ci/setup-system, so the package's
# postinstall script (it would download a JDK from GitHub) is skipped.
$(VNU): | system-test
	npm install --prefix .cache/node --no-audit --no-fund --ignore-scripts vnu-jar@26.9.27

## Benchmark: build times, page weights, search index sizes, Lighthouse scores
bench: $(BIN)/.installed system-test
	$(BIN)/python tests/benchmark.py

## Re-pin requirements.txt from requirements.in
requirements: $(BIN)/.installed
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile -q --strip-extras requirements.in -o requirements.txt

clean:
	rm -rf site .pytest_cache
