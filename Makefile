# Rashomon — two commands for a fresh Debian machine:
#   make run    install what is missing, build, open the app on the sample corpus
#               (no display: serve the same UI on loopback and print the URL)
#   make test   install what is missing, run every test
SHELL := /bin/bash
.DEFAULT_GOAL := run
CARGO ?= cargo
BIN := target/debug/rashomon
# System packages: Chromium for the browser tests, xmllint for REFI-QDA validation.
APT_TEST := chromium libxml2-utils ca-certificates
NPM_DIRS := ui tests/browser

.PHONY: run test deps deps-test build ui types bench serve clean check

deps:
	@command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
	@command -v npm >/dev/null || bash scripts/ensure-apt.sh nodejs npm
	@bash scripts/ensure-npm.sh $(NPM_DIRS)

deps-test: deps
	@bash scripts/ensure-apt.sh $(APT_TEST)

build: deps
	@$(CARGO) build --quiet -p rashomon-cli

ui: deps
	@if [ -f ui/package.json ]; then cd ui && npm run --silent build >/dev/null; fi

# Open the app on the sample corpus. The samples go into your library once (re-importing is a no-op).
run: build ui
	@$(BIN) import samples >/dev/null || true
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && command -v xdg-open >/dev/null; then \
	  echo "opening the app in your browser (the desktop shell arrives with the desktop issue)"; \
	  $(BIN) serve --open; \
	else \
	  $(BIN) list; echo; $(BIN) serve; \
	fi

serve: build ui
	@$(BIN) serve --import samples

test: deps-test build ui
	$(CARGO) test --workspace --quiet
	@if [ -f tests/browser/package.json ]; then \
	  RASHOMON_BIN=$(CURDIR)/$(BIN) node --test tests/browser/; \
	fi

# Regenerate ui/src/generated/types.ts from the Rust types.
types:
	UPDATE_TS_TYPES=1 $(CARGO) test -p rashomon-core --test ts_types --quiet

check:
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

bench: build
	$(CARGO) bench -p rashomon-core
	bash bench/import.sh
	@[ -f bench/extraction.sh ] && bash bench/extraction.sh || true

clean:
	$(CARGO) clean
