# kyoten: every set-up step lives here, so a fresh Debian machine needs only `make site` / `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kyoten-installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: examples site test fuzz kill serve screenshots browser-deps deploy-deps pdf-deps workflow-deps bench lighthouse clean

$(STAMP): pyproject.toml
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

## Build the root demo city into site/ and print where to open it.
site: $(STAMP) pdf-deps
	$(VENV)/bin/kyoten build .
	@echo "$(CURDIR)/site/index.html"

## The five seed cities (examples/<city>/site), each with --strict; the tests build them too.
examples: $(STAMP)
	for city in chiba osaka shiroi matsudo kokubunji; do $(VENV)/bin/kyoten build examples/$$city --strict || exit 1; done

## Live preview on http://127.0.0.1:8000/
serve: $(STAMP)
	$(VENV)/bin/kyoten serve .

AXE    := tests/browser/node_modules/axe-core/axe.min.js

## Chromium, Japanese fonts and Java (for the Nu HTML Checker, vnu.jar) from Debian's packages (never a
## browser or JRE download); axe-core and vnu-jar pinned from npm (tests/test_conformance.py).
browser-deps: $(AXE)
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || ! command -v npm >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime when none is installed; Debian's is used
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(AXE)

## rsync for `kyoten deploy user@host:path` (its command line is tested against a local folder).
deploy-deps:
	@command -v rsync >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq rsync >/dev/null; }

## Flyer PDFs (issue 5): Pango for WeasyPrint; poppler-utils (pdfinfo, pdftotext, pdftoppm) and zbar-tools
## (zbarimg) for the tests that read the PDF and decode its QR code. apt-get only when one is missing.
pdf-deps:
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools >/dev/null; fi

## shellcheck (Debian's): actionlint, which checks the workflows `kyoten init` writes, also checks their run: scripts.
workflow-deps:
	@command -v shellcheck >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq shellcheck >/dev/null; }

## Every test: unit, whole-build and browser tests (two workers, a test file stays on one: its shared sites are built once).
test: $(STAMP) browser-deps deploy-deps pdf-deps workflow-deps
	$(PY) -m pytest -q -n 2 --dist loadfile

## Kill test at length: SIGKILL/SIGTERM at 50 seeded random moments of build, deploy and import --write.
kill: $(STAMP) deploy-deps
	KYOTEN_KILL_ROUNDS=50 $(PY) -m pytest -q -s tests/test_safety.py -k kill

## The seeded mutation fuzzer (issue 14) at full size: 10,000 validate and 1,000 build mutants (the test run
## takes 300 and 20). KYOTEN_FUZZ_SEED=<n> tries other mutants; a failure prints how to run it again.
fuzz: $(STAMP) pdf-deps
	KYOTEN_FUZZ_N=10000 KYOTEN_FUZZ_BUILD_N=1000 $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py

## Screenshots of the top, directory, provider and function pages at 360 px and 1280 px, and of the maps with tiles blocked (in screenshots/).
screenshots: site browser-deps
	$(PY) scripts/screenshots.py site screenshots
	$(PY) scripts/map_screenshots.py site screenshots

## Build time, memory and page weight against plain mkdocs and Hugo (Debian's), N = 1,000 and 20,000 (benchmarks/README.md);
## AGAINST=REV also builds with kyoten at that git revision, alternating (make bench AGAINST=b2285ff).
bench: $(STAMP) browser-deps
	@command -v hugo >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hugo >/dev/null; }
	$(PY) benchmarks/build_scale.py --providers 1000 --repeat 3 $(if $(AGAINST),--against $(AGAINST))
	$(PY) benchmarks/build_scale.py --providers 20000 --repeat 3 $(if $(AGAINST),--against $(AGAINST))
	$(PY) benchmarks/search_speed.py --providers 1000 20000 --repeat 3

## Lighthouse (mobile) for the top, directory and provider pages of the root site.
lighthouse: site browser-deps
	cd benchmarks && npm ci --no-audit --no-fund --loglevel=error
	$(PY) benchmarks/lighthouse.py site

clean:
	rm -rf site screenshots .pytest_cache
