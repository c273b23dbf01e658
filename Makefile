# `make demo` and `make test` work on a fresh machine: each creates the virtual environment when needed.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo web test bench model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/csbot chat --pack pastashop --db demo.db

web: $(STAMP)
	$(BIN)/csbot web --pack pastashop --db demo.db

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Rebuild core/classifier/model.npz from ../shared/data and print its validation table.
model: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/csbot train

clean:
	rm -rf $(VENV) demo.db* csbot.db* .pytest_cache
