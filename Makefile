# Two commands for a fresh machine: `make build` and `make test`.
# Both create .venv/ and install the package (editable) with what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The shipped example brochures; `report build` never picks one by itself.
BROCHURES := content/lokale-buendnisse-2019 content/engagement-2024

.PHONY: build test lint golden check docs clean

$(STAMP): pyproject.toml
	@# WeasyPrint subsets fonts with HarfBuzz's libharfbuzz-subset (Pango itself is on the machine).
	@ldconfig -p | grep -q libharfbuzz-subset || { \
	  echo "installing libharfbuzz-subset0 (Debian) for font subsetting"; \
	  (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0) >/dev/null 2>&1 || \
	  echo "warning: could not install libharfbuzz-subset0; run: sudo apt-get install libharfbuzz-subset0"; }
	@# tests/e2e/test_preview.py looks at `report preview` in a real browser: Chromium and its WebDriver.
	@{ test -x /usr/bin/chromium && test -x /usr/bin/chromedriver; } || { \
	  echo "installing chromium and chromium-driver (Debian) for the preview test"; \
	  (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver) >/dev/null 2>&1 || \
	  echo "warning: could not install chromium; run: sudo apt-get install chromium chromium-driver"; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,docs]'
	touch $(STAMP)

build: $(STAMP)
	for brochure in $(BROCHURES); do $(BIN)/report build $$brochure || exit 1; done

check: $(STAMP)
	for brochure in $(BROCHURES); do $(BIN)/report check $$brochure || exit 1; done

# The user guide, from docs/ into site/ (open site/index.html); --strict: a broken link fails.
# The key reference is written from the content model first, so it is never out of date.
docs: $(STAMP)
	$(BIN)/python -m report.content.reference docs/reference.md
	$(BIN)/zensical build --strict

# Lint, format and types first (seconds), then the tests; any of them failing fails the target.
lint: $(STAMP)
	$(BIN)/ruff check report tests benchmarks
	$(BIN)/ruff format --check report tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# Re-render the reviewed page images after an intended layout change (then look at them!).
# Every test that compares pages with tests/golden/ has reviewed_images or print_cover in its name.
golden: $(STAMP)
	REPORT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -k "reviewed_images or print_cover"

clean:
	rm -rf $(VENV) output/*.pdf site
