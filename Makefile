# tfwarden: the README's two commands are `make run` and `make test`.
SHELL := bash
CARGO ?= cargo
EXAMPLE ?= examples/vulnerable-lambda

.PHONY: build run test lint bench docs packaging fuzz

build:
	$(CARGO) build --release

# Scan the shipped vulnerable example. The scanner exits 1 because it finds problems (that is
# the point of the example); only an error (exit 2) fails this target.
run:
	@$(CARGO) run --release --quiet -- scan $(EXAMPLE); status=$$?; \
	if [ $$status -eq 1 ]; then echo "(exit 1: findings, as expected for this example)"; fi; \
	[ $$status -le 1 ]

# Every test target, then one closing line with the totals over all of them.
test:
	@mkdir -p target; set -o pipefail; \
	{ $(CARGO) test --all-targets && $(CARGO) test --doc; } 2>&1 | tee target/test.log; status=$$?; \
	awk '/^test result:/ { p += $$4; f += $$6 } END { printf "tfwarden: %d passed, %d failed\n", p, f }' target/test.log; \
	exit $$status

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --all-targets -- -D warnings

# Whole-process timings and peak memory of 1, 1,000 and 10,000 generated modules (BENCH_SIZES; add
# 100000 with BENCH_CORPORA=/tmp) against a parse-only baseline,
# Checkov and Trivy (installed into .bench/venv). See benches/README.md.
bench:
	bash benches/compare.sh
	$(CARGO) bench --bench scan

# Rule documentation pages, generated from the rules' METADATA (a test fails when they are stale).
docs:
	$(CARGO) run --quiet -- rules --docs docs/rules

# The ways tfwarden is installed and run in CI, with the real tools where this machine has them
# (schemas, hadolint, shellcheck, `cargo install --locked --path .`, the release archive, the
# Docker image): see scripts/check-packaging.sh. Minutes (a release build): not part of `test`.
packaging:
	bash scripts/check-packaging.sh

# Fuzz each target for FUZZ_SECONDS (default 60) with cargo-fuzz on a nightly toolchain, seeded
# from testdata/ (scripts/fuzz.sh). Crashes land in fuzz/artifacts/; minimized, they go to
# testdata/fuzz-regressions/<target>/, which `make test` replays. Not part of CI.
fuzz:
	bash scripts/fuzz.sh
