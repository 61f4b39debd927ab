#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for FUZZ_SECONDS (default 60) each, or the targets named as
# arguments, seeding each corpus from testdata/ (and the regressions found before). Needs a
# nightly toolchain and cargo-fuzz, which it installs when missing.
#
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh            # every target, ten minutes each
#   bash scripts/fuzz.sh scan plan_json               # two targets
#
# libFuzzer's own limits make a hang or a blow-up a finding too: -timeout (seconds per input)
# and -rss_limit_mb. Findings are written to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(hcl_evaluate plan_json scan suppressions)
fi
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    hcl_evaluate | suppressions)
      find testdata examples -name '*.tf' -size -64k -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    plan_json)
      find testdata/plan -name '*.json' -size -512k -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    scan)
      # The first byte picks the file kind (see fuzz_targets/scan.rs): 0 .tf, 1 .tf.json, 2 plan.
      local i=0 f
      while IFS= read -r f; do
        { printf '\0'; cat "$f"; } >"$dir/tf-$i"; i=$((i + 1))
      done < <(find testdata examples -name '*.tf' -size -32k | head -n 200)
      while IFS= read -r f; do
        { printf '\1'; cat "$f"; } >"$dir/tfjson-$i"; i=$((i + 1))
      done < <(find testdata -name '*.tf.json' -size -32k)
      while IFS= read -r f; do
        { printf '\2'; cat "$f"; } >"$dir/plan-$i"; i=$((i + 1))
      done < <(find testdata/plan -name '*.json' -size -128k) ;;
  esac
  if [ -d "testdata/fuzz-regressions/$target" ]; then
    cp testdata/fuzz-regressions/"$target"/* "$dir"/ 2>/dev/null || true
  fi
}

mkdir -p fuzz/logs
failed=()
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target: ${seconds}s (log: fuzz/logs/$target.log)"
  status=0
  cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=fuzz/dict/hcl.dict -print_final_stats=1 >"fuzz/logs/$target.log" 2>&1 || status=$?
  grep -E '^(#[0-9]+[[:space:]]*DONE|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|Test unit written|==[0-9]+== ERROR)' \
    "fuzz/logs/$target.log" || true
  if [ "$status" -ne 0 ]; then failed+=("$target"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (inputs in fuzz/artifacts/; minimize with cargo +nightly fuzz tmin)"
  exit 1
fi
