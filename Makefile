# Qingfeng (清风). `make run` to try it, `make test` to check it. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/qingfeng
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve demo test test-sqlite test-postgres lint messages clean backup restore

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt ".[dev]"
	@rm -rf build *.egg-info
	@touch $@

# The web server $(1) and the worker $(2) that sends the text messages it queues, side by side.
# Ctrl-C or a SIGTERM to make stops both, and so does the web server stopping by itself.
define with_worker
$(2) & worker=$$!; $(1) & web=$$!; \
	trap 'kill $$web $$worker 2>/dev/null' INT TERM; \
	wait $$web; status=$$?; kill $$worker 2>/dev/null; wait; exit $$status
endef

# Development server with demo content and a demo staff account.
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py create_demo_staff
	$(call with_worker,$(PY) manage.py runserver $(HOST):$(PORT), \
		$(PY) manage.py db_worker --backend messages)

# Migrate and load (or refresh) the demo content; safe to run again.
demo: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

# Production settings over plain HTTP on this machine (no SSL redirect, no secure-only cookies).
# MALLOC_MMAP_THRESHOLD_: glibc gives every block over 128 KB (an image being resized) back to
# the system when it is freed, instead of keeping it in the heap, so workers stay small.
SERVE_ENV = MALLOC_MMAP_THRESHOLD_=131072 \
	DJANGO_SETTINGS_MODULE=config.settings.production QINGFENG_PLAIN_HTTP=1 \
	QINGFENG_SERVE_MEDIA=1 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}" QINGFENG_SMS_ECHO=1 \
	EMAIL_BACKEND="$${EMAIL_BACKEND:-home.mail.MaskingConsoleBackend}"
serve: $(STAMP) .secret_key staticfiles/.collected
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(PY) manage.py load_demo --if-empty
	$(call with_worker,$(SERVE_ENV) $(VENV)/bin/gunicorn config.wsgi:application \
		--pythonpath site --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - \
		--access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms', \
		$(SERVE_ENV) $(PY) manage.py db_worker --backend messages)

# Static files are collected (and compressed) again only when one of ours or an installed
# package changed, so a restart of `make serve` starts at once.
staticfiles/.collected: $(STAMP) .secret_key $(shell find */static -type f 2>/dev/null)
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@touch $@

# A key for `make serve` on this machine only; production passes SECRET_KEY itself.
.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

# The SQLite and the PostgreSQL pass side by side, one a core: each prints its whole report when
# it ends (make's --output-sync), and the run fails when either fails.
test: $(STAMP) lint
	@echo "The SQLite and PostgreSQL tests run side by side; each prints its report when it ends."
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite:
	$(PY) -m pytest

# The database-sensitive tests again on PostgreSQL: skipped when no server answers, unless CI.
test-postgres:
	@if $(PY) scripts/service_up.py postgres "$(TEST_DATABASE_URL)"; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest -m postgres; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL) and CI is set: failing."; exit 1; \
	else \
		echo "SKIPPED: PostgreSQL tests, no server at $(TEST_DATABASE_URL)."; \
	fi

# One dated archive of the database and media/ in BACKUP_DIR (default backups/) while the site
# runs; its path is the last line. KEEP_DAYS=30 also deletes older archives. Neither target
# installs packages first: a backup from cron must not change the running code.
backup:
	@$(PY) manage.py backup $(if $(KEEP_DAYS),--keep-days $(KEEP_DAYS))

# Put an archive back into the empty database DATABASE_URL names, and its files over media/.
restore:
	@test -n "$(FILE)" || { echo "用法：make restore FILE=backups/qingfeng-….tar.gz"; exit 2; }
	@$(PY) manage.py restore "$(FILE)"

# Refresh translation catalogues after changing user-facing text.
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles test-artifacts build *.egg-info
