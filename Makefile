# `make run` and `make test` set everything up themselves (a .venv from requirements.lock).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)

.PHONY: install run test schema lock bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e . || $(PY) -m pip install -q --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/dateline demo --db dateline.db

test: install
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# Regenerate the shipped JSON Schema from the record model (a test checks it is current).
schema: install
	$(PY) -c "import json; from dateline.record import record_json_schema as s; open('src/dateline/schema/record.schema.json','w').write(json.dumps(s(), indent=1) + '\n')"

# Re-pin every dependency, with hashes, from pyproject.toml.
lock:
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile --generate-hashes --extra dev --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	sed -i '/^--extra-index-url/d;/^--find-links/d;/^--index-url/d' requirements.lock

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) dateline.db build *.egg-info
