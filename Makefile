# basewatch — the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip
DEMO_DB ?= demo.db

.PHONY: demo test lint format bench bench-scale system-deps clean

$(BIN)/basewatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.dev: $(BIN)/basewatch
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

# Debian packages some tests need (headless Chromium for the browser tests,
# a JRE for Spark). Installed only when missing; CI runs as root.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

demo: $(BIN)/basewatch
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/basewatch run samples --db $(DEMO_DB)
	$(BIN)/basewatch events --db $(DEMO_DB) --limit 40
	$(BIN)/basewatch installations --db $(DEMO_DB)

test: $(VENV)/.dev system-deps
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench scripts samples
	$(BIN)/ruff format --check src tests bench scripts samples

format: $(VENV)/.dev
	$(BIN)/ruff format src tests bench scripts samples
	$(BIN)/ruff check --fix src tests bench scripts samples

bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

bench-scale: $(VENV)/.dev system-deps
	$(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache artifacts
