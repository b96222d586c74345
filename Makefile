# newsevents: every target sets itself up; a fresh machine needs nothing installed by hand.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BIN := $(VENV)/bin
SHARED := ../shared
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo test eval bench lint clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]' -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

# Debian packages: headless Chromium for the browser tests (no browser download).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "warning: could not install chromium; browser tests will fail"; \
	fi

# Ingest the seed dump and the dev inputs into newsevents.db (SQLite), print a summary, a sample
# query and the URL `newsevents serve` would open. Re-running adds nothing (upserts).
demo: install
	$(BIN)/newsevents demo $(SHARED)/seeds $(SHARED)/eval/dev/inputs --db sqlite:///newsevents.db

test: install system-deps
	$(BIN)/pytest -q

eval: install
	$(PY) -m newsevents.evaluate --shared $(SHARED)

bench: install
	$(BIN)/newsevents bench

lint: install
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

clean:
	rm -rf $(VENV) .bench newsevents.db
