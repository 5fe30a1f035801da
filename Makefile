# The two commands: `make run` starts the whole system, `make test` runs every suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR):$(CURDIR)/gen

.PHONY: run test protos benchmark clean

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements.txt -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m kit.launcher

test: $(BIN)/.installed
	$(BIN)/tox

protos: $(BIN)/.installed
	$(BIN)/python scripts/genprotos.py gen

benchmark: $(BIN)/.installed
	$(BIN)/python -m benchmarks.relay

clean:
	rm -rf $(VENV) .tox var
