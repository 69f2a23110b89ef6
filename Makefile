# Gonghui: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
VAR := var
PG_URL ?= postgres://postgres@127.0.0.1:5432/gonghui
CHROMIUM ?= /usr/bin/chromium
# `make run PORT=8080` when 8000 is taken.
PORT ?= 8000
# Test workers for the SQLite and PostgreSQL stages (pytest-xdist; each has its own database).
TEST_WORKERS ?= auto
# The embedded set-up: SQLite under var/, plain HTTP on the loopback address.
RUN_ENV := SECURE_COOKIES=0 ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: install run worker test lint test-sqlite test-postgres test-replica test-browser test-fuzz bench messages clean \
	test-side-browser test-side-replica-fuzz

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

$(VAR)/secret_key:
	mkdir -p $(VAR)
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Static files are gathered (and compressed) again only when one of them changed.
STATIC_SOURCES := $(shell find gonghui/static -type f 2>/dev/null)
$(VAR)/.static-collected: $(STATIC_SOURCES) $(VENV)/.installed | $(VAR)/secret_key
	@echo "Collecting and compressing static files into $(VAR)/static (first run: up to a minute)..."
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@touch $@

run: install $(VAR)/secret_key $(VAR)/.static-collected
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	@# The first run loads the demo (which prints the logins); later runs only print them.
	@if test -f $(VAR)/.demo-loaded; then $(RUN_ENV) $(PY) manage.py demo --print-logins; \
	else $(RUN_ENV) $(PY) manage.py demo && touch $(VAR)/.demo-loaded; fi
	@echo "Gonghui is at http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	@# The background worker (large imports) runs beside the web server and stops with it.
	$(RUN_ENV) $(PY) manage.py run_huey & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(VENV)/bin/gunicorn gonghui.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

# The background worker alone (large imports), for a set-up that runs gunicorn elsewhere.
worker: install $(VAR)/secret_key
	$(RUN_ENV) $(PY) manage.py run_huey

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# Templates laid out for reading (one element per line where it helps).
	$(VENV)/bin/djlint --check gonghui/templates

# Lint first, then the SQLite and PostgreSQL stages, which keep both cores busy (-n); the
# stages after them are one process each, so they run two at a time: the browsers beside
# the replica then the API fuzzing. Each side's output is printed when it ends. The test
# databases are made once and copied afterwards (tests/dbcache.py: var/test-cache/ and
# gh_cache_* templates).
test: install
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-side-browser test-side-replica-fuzz

test-side-browser:
	@$(MAKE) --no-print-directory test-browser

test-side-replica-fuzz:
	@$(MAKE) --no-print-directory test-replica && $(MAKE) --no-print-directory test-fuzz

test-sqlite: install
	@echo "== pytest on SQLite =="
	GONGHUI_TESTING=1 $(VENV)/bin/pytest -m "not browser and not demo" -q -n $(TEST_WORKERS) --dist loadfile
	@echo "== pytest on SQLite: the tests that read the demo (scoping matrix, page scan) =="
	GONGHUI_TESTING=1 $(VENV)/bin/pytest -m "demo and not browser" -q -n $(TEST_WORKERS)

test-postgres: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(PY) scripts/pg_reachable.py "$$url"; then \
		echo "== pytest on PostgreSQL ($$url) =="; \
		GONGHUI_TESTING=1 DATABASE_URL="$$url" $(VENV)/bin/pytest -m "not browser and not demo" -q -n $(TEST_WORKERS) --dist loadfile && \
		echo "== pytest on PostgreSQL: the tests that read the demo ==" && \
		GONGHUI_TESTING=1 DATABASE_URL="$$url" $(VENV)/bin/pytest -m "demo and not browser" -q -n $(TEST_WORKERS); \
	else echo "== PostgreSQL not reachable at $$url: PostgreSQL run skipped =="; fi

# The report tests against a real streaming replica of the test database: a hot standby of
# the PostgreSQL server on port $(PG_REPLICA_PORT), copied by pg_basebackup and fed by
# streaming replication (scripts/pg_replica.sh), DATABASE_REPLICA_URL pointing at it; stopped
# afterwards. Skipped (exit 0) where PostgreSQL, its binaries or replication are missing.
# A second run on the same machine waits for the first (one standby per port).
PG_REPLICA_PORT ?= 5434
REPLICA_TESTS := tests/core/test_replica.py tests/upper tests/members/test_statistics_view.py \
	tests/members/test_roster_union_filter.py tests/activities/test_statistics_union_filter.py
test-replica: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if ! $(PY) scripts/pg_reachable.py "$$url"; then \
		echo "== PostgreSQL not reachable at $$url: replica run skipped =="; exit 0; fi; \
	set -- $$($(PY) -c 'import sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); \
		print(u.hostname or "127.0.0.1", u.port or 5432, u.username or "postgres")' "$$url"); \
	echo "== pytest with a streaming replica of $$1:$$2 on 127.0.0.1:$(PG_REPLICA_PORT) =="; \
	PG_PRIMARY_HOST=$$1 PG_PRIMARY_PORT=$$2 PG_PRIMARY_USER=$$3 PG_REPLICA_PORT=$(PG_REPLICA_PORT) \
		GONGHUI_TESTING=1 DATABASE_URL="$$url" TEST_DB_NAME=test_gonghui_replica_$(PG_REPLICA_PORT) \
		scripts/pg_replica.sh run $(VENV)/bin/pytest $(REPLICA_TESTS) -m "not browser and not demo" -q; \
	code=$$?; \
	if [ $$code = 75 ]; then echo "== no streaming replica possible here: replica run skipped =="; exit 0; fi; \
	exit $$code

# The API fuzzed by schemathesis as a cadre and a member, on a fresh PostgreSQL database with
# the demo data: no 5xx, answers as documented (about 3 minutes; FUZZ_BUDGET=seconds).
test-fuzz: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(PY) scripts/pg_reachable.py "$$url"; then \
		echo "== API fuzzing on PostgreSQL ($$url) =="; \
		DATABASE_URL="$$url" $(PY) scripts/fuzz_api.py; \
	else echo "== PostgreSQL not reachable at $$url: API fuzzing skipped =="; fi

# A SQLite file, not memory: Django gives the live server's threads the test's own
# connection to an in-memory database, and two threads on one connection can wait on each
# other for ever (SQL functions written in Python need the GIL inside SQLite's lock).
test-browser: install
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "== browser tests in headless Chromium ($(CHROMIUM)) =="; \
		GONGHUI_TESTING=1 TEST_DB_NAME=$(CURDIR)/$(VAR)/test_browser.sqlite3 CHROMIUM=$(CHROMIUM) \
			DJANGO_ALLOW_ASYNC_UNSAFE=1 $(VENV)/bin/pytest -m browser -q; \
	else echo "== $(CHROMIUM) not found: browser tests skipped (apt-get install chromium) =="; fi

bench: install
	GONGHUI_TESTING=1 $(PY) bench/run.py

messages: install
	cd gonghui && GONGHUI_TESTING=1 ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete --no-location -i "static/*"
	$(PY) scripts/translations.py merge
	cd gonghui && GONGHUI_TESTING=1 ../$(PY) ../manage.py compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) $(VAR)
