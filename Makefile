# quotedb: `make run` sets up and serves the seeds on SQLite; `make test` runs the whole suite, `make lint` ruff.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint evaluate clean lock docker-smoke compose-smoke screenshots

$(BIN)/quotedb: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/quotedb

run: install
	$(BIN)/quotedb db upgrade
	$(BIN)/quotedb load seed/
	$(BIN)/quotedb serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

lint: install  # ruff: the lint rules and the format, as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

evaluate: install
	$(BIN)/quotedb evaluate --speakers ../shared/gold/web-dev.gold.json ../shared/gold/ggt-dev.gold.json \
		../shared/gold/polnear-dev.gold.json ../shared/gold/seeds.gold.json

lock:  # re-pin every dependency by hash; the spaCy model keeps only the wheel hash we checked
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu -o requirements.lock
	sed -i -z 's/\(e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779\) \\\n *--hash=sha256:[0-9a-f]*/\1/' requirements.lock

clean:
	rm -rf $(VENV) instance .pytest_cache

docker-smoke:
	bash scripts/docker-smoke.sh

compose-smoke:  # docker-compose.yml run for real with podman-compose (root, minutes; manual, not in CI)
	bash scripts/compose-smoke.sh

screenshots: install  # every kind of page at desktop and phone width, into docs/screenshots (needs /usr/bin/chromium)
	$(BIN)/python scripts/screenshots.py docs/screenshots
