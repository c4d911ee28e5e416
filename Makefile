# Kurultai: `make demo` sets everything up and serves the demo parliament; `make test` runs every gate.
SHELL := /bin/bash
PY := .venv/bin/python
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PORT ?= 8000

.PHONY: install demo serve test test-fast lint browser-test bench messages compilemessages clean

PO_FILES := $(wildcard kurultai/locale/*/LC_MESSAGES/django.po kurultai/*/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

install: .venv/.installed $(MO_FILES)

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --user --quiet uv
	$(UV) sync --frozen --compile-bytecode
	@touch $@

# Compiled catalogues follow their .po files, so an edited translation is never stale.
%.mo: %.po .venv/.installed
	msgfmt --check-format -o $@ $<

demo: install
	.venv/bin/kurultai demo --port $(PORT)

serve: install
	.venv/bin/kurultai serve --port $(PORT)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check kurultai/accounts/iin.py kurultai/common/workdays.py kurultai/elections/allocation.py kurultai/elections/simulate.py
	.venv/bin/mypy kurultai
	.venv/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run -v 0

# The whole gate: lint, then every test but the browser ones (those run in `make browser-test`).
test: lint
	.venv/bin/pytest -q -n 2 -m "not browser"

browser-test: install
	.venv/bin/pytest -q -m browser -p no:xdist

bench: install
	$(PY) bench/http_read.py
	$(PY) bench/seats.py

messages:
	$(PY) manage.py makemessages -l kk -l ru -l en --ignore=.venv --ignore=var --ignore="kurultai/*/tests/*" --no-obsolete

compilemessages:
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var .venv
