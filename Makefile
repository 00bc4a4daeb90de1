# make serve | make build | make test — each sets up what it needs on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NODE   := .ci/node
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test unit bench bench-suite requirements system system-test clean new-year

# The pinned set, every file checked against its hash (pip refuses anything else). The venv's own pip does the
# install: upgrading pip first would fetch an unpinned, unchecked pip from the index. --no-deps: requirements.txt is
# the complete closure (tests/test_dependencies.py holds it to that), so pip resolves nothing; without it the pip that
# `python3 -m venv` bundles (23.x) refuses a package that asks for another's extras (weasyprint's fonttools[woff]),
# pip's issue 9644. Then the site's own plugin is registered with MkDocs: macros/entry_point/ is an entry point and a
# stand-in module that loads macros/plugin/ from the project being built (so each checkout runs its own code), built
# by flit_core from the pinned set (--no-build-isolation: nothing fetched; --no-index: pip looks nowhere else).
# `pip check` then proves the installed set consistent.
$(BIN)/.installed: requirements.txt macros/entry_point/pyproject.toml macros/entry_point/esg_report_site.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtualenv: install python3-venv (sudo apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation --no-index ./macros/entry_point
	$(BIN)/python -m pip check
	@touch $@

system:
	@.ci/setup-system build

system-test:
	@.ci/setup-system test

## Preview at http://127.0.0.1:8000 with live reload (PDFs off; ESG_PDF=1 make serve to include them)
serve: $(BIN)/.installed system
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000
# served at the root, as CONTRIBUTING says: site_url's path (/esg-report-<year>/) is for the published site only
serve: export SITE_URL := http://127.0.0.1:8000/

## List every place in docs/, data/ and mkdocs.yml that still names the report year, with a suggestion for each
new-year: $(BIN)/.installed
	$(BIN)/python -m macros.model.new_year

## Build both languages and both PDFs into site/: built beside it and swapped in whole, or site/ left as it was
build: $(BIN)/.installed system
	ESG_PDF=1 PYTHON=$(BIN)/python .ci/build-site site

## Run the test suite on every core (builds the site once, with PDFs, into a temporary folder shared by the workers;
## ESG_SITE_OUT=site keeps it in site/). --dist loadgroup: a module that builds its own copy of the project once
## (xdist_group) keeps it on one worker. --no-loadscope-reorder: the work is handed out in the order tests/conftest.py
## sorts it, the tests that do not read the site first, while the site builds in the background.
test: $(BIN)/.installed system-test $(NODE)/node_modules/.tests
	$(BIN)/python -m pytest -n auto --dist loadgroup --no-loadscope-reorder

## The fast layer: data, formatting, labels, conversion, consistency rules — no build, no browser, on both cores (under 20 s)
unit: $(BIN)/.installed
	$(BIN)/python -m pytest -m unit -q -n 2

# Node tools, exactly as pinned (versions and integrity hashes) in .ci/node/package-lock.json, installed into
# .ci/node/node_modules by `npm ci`. The tests need only vnu-jar (the Nu HTML checker); the benchmark also needs
# lighthouse, a devDependency. --ignore-scripts: vnu-jar's install script would download a JDK from GitHub; Java
# comes from .ci/setup-system. `npm ci` empties node_modules first, so each stamp says what is there now.
$(NODE)/node_modules/.tests: $(NODE)/package.json $(NODE)/package-lock.json | system-test
	cd $(NODE) && npm ci --ignore-scripts --omit=dev --no-audit --no-fund
	@touch $@

$(NODE)/node_modules/.bench: $(NODE)/package.json $(NODE)/package-lock.json | system-test
	cd $(NODE) && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@ $(NODE)/node_modules/.tests

## Benchmark: build times, page weights, search index sizes, Lighthouse scores
bench: $(BIN)/.installed system-test $(NODE)/node_modules/.bench
	$(BIN)/python tests/benchmark.py

## Benchmark of the test suite itself: `make test`'s wall time (target: 5 minutes on a quiet 2-core machine)
bench-suite: $(BIN)/.installed system-test $(NODE)/node_modules/.tests
	$(BIN)/python tests/benchmark.py --suite

## Re-pin requirements.txt from requirements.in: exact versions with every file's sha256, and no index or wheel
## folder of the machine that compiled it. pip-tools lives in its own venv, so .venv holds only the pinned set.
requirements: $(BIN)/.installed
	@test -x .cache/pip-tools/bin/pip-compile || { $(BIN)/python -m venv .cache/pip-tools && .cache/pip-tools/bin/python -m pip install -q pip-tools==7.6.2; }
	.cache/pip-tools/bin/pip-compile -q --strip-extras --generate-hashes --no-emit-index-url --no-emit-find-links \
		requirements.in -o requirements.txt

clean:
	rm -rf site site.tmp-* site.old-* .pytest_cache
