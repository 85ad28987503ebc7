# Broadsheet: `make run` to try it, `make test` to check it. Everything else is a helper of those.
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.13); elsewhere the newest python3.1x on PATH is taken.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$candidate; break; fi; done)

.PHONY: install run migrate demo test lint format check screenshots clean bench bench-wordpress-deps bench-load messages compilemessages

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (pyenv install 3.13)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(PY) manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

# Beside the web server: the task worker (it sends the e-mails, printed to this terminal) and the
# new-post check (announce_posts every 30 s). Ctrl-C stops all three.
run: demo
	@DEBUG=1 $(PY) manage.py signin_providers
	@echo "Serving http://127.0.0.1:$(PORT)/ with the e-mail worker beside it (messages print here)."
	@trap 'kill $$worker $$announcer 2>/dev/null' EXIT INT TERM; \
	export DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}; \
	$(PY) manage.py run_worker --interval 1 --no-reload & worker=$$!; \
	$(PY) manage.py announce_posts --every 30 & announcer=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Translations (docs/translations.md): `make messages` gathers every marked string into
# locale/<lang>/LC_MESSAGES/{django,djangojs}.po (English filled from the source), then a
# translator edits the .po files and `make compilemessages` builds the .mo files, which are
# committed (so `make run` and CI need no gettext tools). Both need GNU gettext.
LANGS := en fr de es fa ar
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=wip --ignore=tests --ignore=bench \
	--ignore=var --ignore=media --ignore=docs --ignore=deploy --ignore=static/vendor --ignore=build
messages: install
	DEBUG=1 $(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) -e html,txt,py --no-obsolete \
		--add-location file $(MESSAGES_IGNORE)
	DEBUG=1 $(PY) manage.py makemessages $(addprefix -l ,$(LANGS)) -d djangojs --no-obsolete \
		--add-location file $(MESSAGES_IGNORE)
	for domain in django djangojs; do test ! -f locale/en/LC_MESSAGES/$$domain.po || msgen --force-po -o locale/en/LC_MESSAGES/$$domain.po \
		locale/en/LC_MESSAGES/$$domain.po; done

compilemessages: install
	DEBUG=1 $(PY) manage.py compilemessages $(MESSAGES_IGNORE)

# Production settings with example values (a real deployment checks its own: docs/deployment.md).
check: install
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.com \
		SITE_URL=https://example.com $(PY) manage.py check --deploy --fail-level WARNING
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

screenshots: install
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/e2e/test_screenshots.py
# The benchmark (bench/run.py --help): production settings under gunicorn, wrk over loopback.
# A full run: make bench BENCH_ARGS="--runs 5"; at scale: BENCH_ARGS="--scale".
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# WordPress to measure beside us in `make bench` (docs/performance.md), as root on Debian; not
# needed by `make test` or CI. apt brings Apache's PHP module along (wordpress names it first),
# not the Apache service; the benchmark starts its own php-fpm and nginx. Keep in step with
# PACKAGES in bench/wordpress.py.
WORDPRESS_PACKAGES := wordpress wordpress-theme-twentytwentythree php8.2-fpm php8.2-cli \
	php8.2-mysql php8.2-opcache nginx wrk
bench-wordpress-deps:
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(WORDPRESS_PACKAGES)

# No lost comments under load and faults (bench/load.py --help): readers (wrk) and 8 commenters,
# each from its own loopback address, limits and page cache on; plain, a worker killed, the
# database locked, Redis restarted (PostgreSQL from LOAD_DATABASE_URL, emptied first, and Redis
# DB 3), and SQLite locked; writes bench/LOAD.md.
bench-load: install
	$(PY) bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
