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
# The project itself is installed in place too, for the `firesafety` console command.
$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml | $(BIN)/python
	$(PIP) -r requirements.txt -c constraints.txt
	$(PIP) --no-deps --no-build-isolation -e .
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

# Every benchmark at a size that takes minutes; the README's table gives the full-size commands.
benchmark: $(VENV)/.development
	$(BIN)/python -m benchmarks.pipeline --rates 20,50,100 --seconds 30 --idle-seconds 30
	$(BIN)/python -m benchmarks.grpc_requests --seconds 4 --repeat 3
	$(BIN)/python -m benchmarks.catch_up --events 20000
	$(BIN)/python -m benchmarks.relay --applications 5000
	$(BIN)/python -m benchmarks.rebuild --events 60000 --repeat 3
	$(BIN)/python -m benchmarks.permits_lookup --permits 20000
	$(BIN)/python -m benchmarks.calendar
	$(BIN)/python -m benchmarks.analytics --events 60000 --repeat 3
	$(BIN)/python -m benchmarks.draw --units 200000 --repeat 3
	$(BIN)/python -m benchmarks.register_import --rows 20000 --repeat 3

clean:
	rm -rf $(VENV) .tox var
