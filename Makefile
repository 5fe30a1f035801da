# The two commands: `make run` starts the whole system, `make test` runs every suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
export PYTHONPATH := $(CURDIR):$(CURDIR)/gen

.PHONY: run test protos benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What the running system needs, and no more: `make run` starts sooner on a fresh clone.
$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(PIP) -r requirements.txt -c constraints.txt
	touch $@

# The test, lint and build tools on top.
$(VENV)/.development: $(VENV)/.runtime requirements-dev.txt
	$(PIP) -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m kit.launcher

test: $(VENV)/.development
	$(BIN)/tox

protos: $(VENV)/.development
	$(BIN)/python scripts/genprotos.py gen

benchmark: $(VENV)/.runtime
	$(BIN)/python -m benchmarks.relay
	$(BIN)/python -m benchmarks.permits_lookup --permits 20000

clean:
	rm -rf $(VENV) .tox var
