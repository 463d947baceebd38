# `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := cd example_site && ../$(BIN)/python manage.py
TEST := $(BIN)/python -m django test --settings=tests.settings
TEST_ARGS ?= tests

.PHONY: setup demo demo-data test test-sqlite test-postgres test-mysql lint screenshots benchmarks bench-smoke bench-relevance clean ci

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

# SQLite always; then PostgreSQL when DATABASE_URL is set (postgres://…), then MariaDB/MySQL
# when MYSQL_DATABASE_URL is set (mysql://…). Strict mode (WAGTAILKB_TESTS_STRICT=1, as in CI):
# a skipped test fails, except, on SQLite, the tests that need concurrent writers (tests/runner.py).
# PARALLEL: test processes per pass (Django's --parallel; CI: 2), each on its own test database.
# WAGTAILKB_SKIP_BROWSER=1 leaves the browser tests out (CI: in the PostgreSQL and MariaDB passes).
test: setup
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi
	@if [ -n "$$MYSQL_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-mysql; fi

PARALLEL ?= 1
RUN_TESTS = $(TEST) --parallel $(PARALLEL) $(TEST_ARGS)

test-sqlite: setup
	@echo "== on SQLite"
	env -u DATABASE_URL $(RUN_TESTS)

test-postgres: setup
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL is not set (postgres://…)"; exit 1; }
	@echo "== on $$(echo "$$DATABASE_URL" | sed 's|//[^@]*@|//|')"
	$(RUN_TESTS)

# The MariaDB/MySQL driver (extra test-mysql) builds against the client library: installed
# for this pass only (Debian: apt-get install default-libmysqlclient-dev pkg-config).
$(VENV)/.installed-mysql: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,test-mysql]"
	touch $@

test-mysql: setup $(VENV)/.installed-mysql
	@test -n "$$MYSQL_DATABASE_URL" || { echo "MYSQL_DATABASE_URL is not set (mysql://…)"; exit 1; }
	@echo "== on $$(echo "$$MYSQL_DATABASE_URL" | sed 's|//[^@]*@|//|')"
	DATABASE_URL="$$MYSQL_DATABASE_URL" $(RUN_TESTS)

# What CI runs (as root on Debian 12): packages, PostgreSQL and MariaDB, `make test` (its three
# passes, PARALLEL=2), the tox matrix's two ends, the migrations check, the wheel's contents and
# an install into a new Wagtail site.
ci:
	bash .ci/run

# The default templates with the demo content, desktop and phone: docs/screenshots/*.png.
screenshots: setup
	env -u DATABASE_URL $(TEST) tests.browser.screenshots tests.browser.screenshots_reports

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
