# Two commands for a fresh machine: `make build` and `make test`.
# Both create .venv/ and install the package (editable) with what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: build test golden check clean

$(STAMP): pyproject.toml
	@# WeasyPrint subsets fonts with HarfBuzz's libharfbuzz-subset (Pango itself is on the machine).
	@ldconfig -p | grep -q libharfbuzz-subset || { \
	  echo "installing libharfbuzz-subset0 (Debian) for font subsetting"; \
	  (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0) >/dev/null 2>&1 || \
	  echo "warning: could not install libharfbuzz-subset0; run: sudo apt-get install libharfbuzz-subset0"; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/report build

check: $(STAMP)
	$(BIN)/report check

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-render the reviewed page images after an intended layout change (then look at them!).
golden: $(STAMP)
	REPORT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_pages.py

clean:
	rm -rf $(VENV) output/*.pdf
