#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 30) on the stable toolchain
# (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the unstable flags it needs), seeded from the shared
# test vectors and the test fixtures, and prints one line per target: executions and crashes.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Environment: FUZZ_SANITIZER (default `none`: core and cli forbid unsafe code, so AddressSanitizer
# would mostly slow the search down; set `address` to check the dependencies' unsafe code too),
# FUZZ_NICE (default 10: the machine is shared).
# A crash leaves its input in fuzz/artifacts/TARGET/; minimise it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none TARGET fuzz/artifacts/TARGET/crash-...`, fix the core
# and add the input as a regression test in the normal suite.
# Exits 1 if any target crashed or could not run.
set -uo pipefail

seconds=${1:-30}
shift || true
repo=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$repo/fuzz"
sanitizer=${FUZZ_SANITIZER:-none}
nice_level=${FUZZ_NICE:-10}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io"
  cargo install --locked cargo-fuzz || exit 1
fi

cd "$fuzz" || exit 1
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

echo "building ${#targets[@]} targets (release, debug assertions, sanitizer: $sanitizer)"
nice -n "$nice_level" cargo fuzz build -O -a -s "$sanitizer" >"$fuzz/build.log" 2>&1 || {
  cat "$fuzz/build.log"
  exit 1
}

# seed TARGET: fills fuzz/seeds/TARGET (regenerated each run, never committed) from the vectors.
seed() {
  local target=$1 dir="$fuzz/seeds/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 "$repo/scripts/fuzz_seeds.py" "$repo" "$target" "$dir"
}

results=()
status=0
for target in "${targets[@]}"; do
  seed "$target" || { echo "$target: could not build its seeds"; status=1; continue; }
  corpus="$fuzz/corpus/$target"
  artifacts="$fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
  log="$fuzz/artifacts/$target.log"
  nice -n "$nice_level" cargo fuzz run -O -a -s "$sanitizer" "$target" "$corpus" "$fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
  code=$?
  after=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -n 1)
  crashes=$((after - before))
  if [ "$code" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    echo "$target: libFuzzer exited $code without an artifact; see $log"
    tail -n 20 "$log"
    crashes=1
  fi
  [ "$crashes" -gt 0 ] && status=1
  line=$(printf '%-18s %4ss %12s executions  %d crashes' "$target" "$seconds" "${execs:-?}" "$crashes")
  echo "$line"
  results+=("$line")
done

echo
echo "fuzz summary (${seconds}s per target, sanitizer $sanitizer, load: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${results[@]}"
exit "$status"
