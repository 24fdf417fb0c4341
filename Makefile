# whydiff — common tasks. `make test` is what CI runs (via .ci/run).

CARGO ?= cargo

.PHONY: build test lint fmt accuracy corpus bench hostile demo clean

build:
	$(CARGO) build --release --locked

test:
	$(CARGO) test --workspace --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

# The accuracy table over every corpus pair (the same test CI runs, with its table shown).
accuracy:
	$(CARGO) test --locked --test accuracy -- --nocapture

# Regenerates every corpus pair from source with real build tools.
corpus:
	bash corpus/gen/all.sh

# Throughput on the corpus and the diffoscope peer pairs (see bench/README.md).
bench: build
	bash bench/run.sh

# Time and peak memory on crafted hostile inputs (nested bombs, overlapping entries…).
hostile: build
	bash bench/hostile.sh

demo: build
	./target/release/whydiff corpus/demo-targz/a corpus/demo-targz/b

clean:
	$(CARGO) clean
