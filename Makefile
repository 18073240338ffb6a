# The two commands a newcomer needs: `make run` and `make test`. Both set up what they
# need themselves (virtualenv, Python packages, and for tests PostgreSQL and Redis).
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint format install clean-venv backup restore

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

run: $(STAMP)
	scripts/run.sh

test: $(STAMP)
	scripts/test.sh

# Database (pg_dump) and media files; see docs/operations.md. DATABASE_URL must be set.
backup:
	scripts/backup.sh

# make restore BACKUP=backups/<tijdstip> (asks for confirmation; BEVESTIG=ja skips it)
restore:
	scripts/restore.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-venv:
	rm -rf $(VENV)
