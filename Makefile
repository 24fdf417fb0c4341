# whydiff — common tasks. `make test` is what CI runs (via .ci/run).

CARGO ?= cargo

.PHONY: build test lint fmt accuracy corpus bench hostile demo clean peer-pairs

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

# diffoscope's test pairs from its sdist on PyPI, into target/peer-tests/diffoscope, where
# tests/peer_diffoscope.rs finds them when ../shared/peer-tests/diffoscope is absent.
peer-pairs:
	bash tests/peer-pairs/fetch.sh target/peer-tests/diffoscope

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
