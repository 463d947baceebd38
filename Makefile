# `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := cd example_site && ../$(BIN)/python manage.py
TEST := $(BIN)/python -m django test --settings=tests.settings
TEST_ARGS ?= tests

.PHONY: setup demo demo-data test test-sqlite test-postgres lint screenshots benchmarks bench-smoke bench-relevance clean ci

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# axe-core, for the accessibility checks of the browser tests (they skip without it locally).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent; else echo "npm not found: no axe-core"; fi

setup: $(STAMP) node_modules/.package-lock.json

demo-data: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_kb_demo

demo: demo-data
	$(MANAGE) runserver 127.0.0.1:8000

# SQLite always; PostgreSQL too when DATABASE_URL is set. With both, strict mode
# (WAGTAILKB_TESTS_STRICT=1, as in CI) judges the PostgreSQL pass, which runs every test; the
# SQLite pass lets the PostgreSQL-only tests skip.
test: setup
	env -u DATABASE_URL $(if $(DATABASE_URL),-u WAGTAILKB_TESTS_STRICT) $(TEST) $(TEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on $$(echo $$DATABASE_URL | sed 's|//[^@]*@|//|')"; $(TEST) $(TEST_ARGS); fi

# What CI runs (as root on Debian 12): packages, PostgreSQL, `make test`, the tox matrix's two
# ends, the migrations check, the wheel's contents and an install into a new Wagtail site.
ci:
	bash .ci/run

# The default templates with the demo content, desktop and phone: docs/screenshots/*.png.
screenshots: setup
	env -u DATABASE_URL $(TEST) tests.browser.screenshots

LINTED := wagtail_kb tests example_site benchmarks scripts

lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# Benchmarks (benchmarks/README.md): all four, minutes, then benchmarks/RESULTS.md is rewritten.
# They start private PostgreSQL and Redis instances (apt-get install -y postgresql redis-server).
benchmarks: setup
	env -u DATABASE_URL $(BIN)/python -m benchmarks.run all

# The CI version: benchmarks 1, 2 (10 vs 100 articles) and a tiny 3 on SQLite, in seconds.
bench-smoke: setup
	env -u DATABASE_URL $(BIN)/python -m benchmarks.run smoke

# Benchmark 5 (benchmarks/relevance/README.md): search relevance and speed on Django's docs, SQLite;
# PostgreSQL too when DATABASE_URL is set. Rewrites benchmarks/relevance/RESULTS.md.
bench-relevance: setup
	env -u DATABASE_URL $(BIN)/python -m benchmarks.relevance
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/python -m benchmarks.relevance; fi

clean:
	rm -rf $(VENV) build dist *.egg-info example_site/db.sqlite3 .ci-work .tox
