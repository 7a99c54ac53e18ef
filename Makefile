# The stable contract: `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# Two cores: run the suite on both.
PYTEST_WORKERS ?= 2
# `make run` serves on this port (honcho gives it to the web process as $$PORT).
PORT ?= 8000

.PHONY: install run test lint format bench soak seed messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  MVP Portal on http://127.0.0.1:$(PORT)  (Ctrl-C stops web, worker and beat)"
	@echo "  Demo logins, password 'mvp-demo-password': admin@mvp.example, lead@mvp.example,"
	@echo "  employee@mvp.example, mvp@mvp.example, nominee@mvp.example"
	@echo ""
	$(BIN)/honcho start --port $(PORT)

# Fault-injection tests restart PostgreSQL and Redis: they run alone, after the rest.
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not faults" $(PYTEST_ARGS)
	if grep -rqs "pytest.mark.faults" tests; then $(BIN)/python -m pytest -m faults $(PYTEST_ARGS); fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark, not part of `make test`: PostgreSQL, gunicorn and wrk on loopback, a few minutes.
bench: install
	$(BIN)/python bench/run.py

# The translation catalogues: collect the marked strings into locale/<language>/, then compile them
# (GNU gettext's xgettext and msgfmt). Translators edit only the .po files.
LOCALES := de es fr ja ko pt_BR zh_Hans ar
messages: install
	$(BIN)/python manage.py makemessages --no-obsolete $(foreach l,$(LOCALES),-l $(l)) \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'test-output/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

# The soak run, not part of `make test`: 30 minutes of mixed load (SOAK_MINUTES), see bench/SOAK.md.
soak: install
	$(BIN)/python -m bench.soak

seed: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --reset

clean:
	rm -rf $(VENV) var/*.sqlite3* var/celery var/static test-output
