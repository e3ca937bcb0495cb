#!/usr/bin/env bash
# The README's test command: installs what is missing, then runs every suite the repository has
# (Rust, then the Kotlin and Swift binding suites) and ends with one line `N passed, N failed`.
# Exits non-zero if anything failed or a suite could not run: a suite that cannot run is a failure,
# never a skip.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
logs="$repo/target/test-logs"
mkdir -p "$logs"

passed=0
failed=0

# record NAME PASSED FAILED: adds a suite's counts to the totals and prints them.
record() {
  echo "== $1: $2 passed, $3 failed"
  passed=$((passed + $2))
  failed=$((failed + $3))
}

# check NAME COMMAND...: a lint step counted as one test.
check() {
  local name=$1
  shift
  if "$@" >"$logs/$name.log" 2>&1; then
    record "$name" 1 0
  else
    cat "$logs/$name.log"
    record "$name" 0 1
  fi
}

# The Rust suites. cargo prints one `test result:` line per test binary; sum them. A build
# failure yields no such line for the crate, so it counts as one failure.
run_rust() {
  local log="$logs/rust.log"
  cargo test --workspace --all-targets --no-fail-fast 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  cargo test --workspace --doc --no-fail-fast 2>&1 | tee -a "$log"
  local doc_status=${PIPESTATUS[0]}
  local p f
  p=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -oE '; [0-9]+ failed' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if { [ "$status" -ne 0 ] || [ "$doc_status" -ne 0 ]; } && [ "$f" -eq 0 ]; then
    f=1 # the build failed before any test could report
  fi
  record rust "$p" "$f"
}

# run_suite NAME SCRIPT: a binding suite whose last line is `N passed, N failed`.
run_suite() {
  local name=$1 script=$2 log="$logs/$1.log"
  bash "$script" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local line p f
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | awk '{print $1+0}')
  f=$(echo "$line" | awk '{print $3+0}')
  if [ -z "$line" ] || { [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; }; then
    echo "$name: the suite did not run to completion (exit $status)"
    f=$((f + 1))
  fi
  record "$name" "$p" "$f"
}

# Debian packages the Rust suites use: chattr (e2fsprogs) for the read-only-folder test, which
# root would otherwise write through; groff (groff-base) to read the man pages back; script
# (bsdutils) to run `watch` on a pseudo-terminal.
need_packages=()
command -v chattr >/dev/null || need_packages+=(e2fsprogs)
command -v groff >/dev/null || need_packages+=(groff-base)
command -v script >/dev/null || need_packages+=(bsdutils)
if [ ${#need_packages[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_packages[@]}"
fi

check fmt cargo fmt --all -- --check
check clippy cargo clippy --workspace --all-targets -- -D warnings
check uniffi-metadata-map bash scripts/uniffi-metadata-map.sh
# The apps' words: every key in en/nl/fr, every FFI error reason worded, the generated
# resources and Texts current (tools/strings).
check app-strings python3 tools/strings/gen.py --check
# The apps' code no test here compiles (the Compose and SwiftUI shells, the keystores) stays at
# most a quarter of the app code: decisions belong in the tested presentation layers.
check app-code-share bash scripts/app-code-share.sh --max 25
run_rust
# The binding suites install their toolchains (JNA, kotlinc, a Swift toolchain) when missing.
run_suite kotlin scripts/test-kotlin.sh
run_suite swift scripts/test-swift.sh
# The apps' platform-neutral presentation layers and their bridges to the real library.
run_suite kotlin-presentation scripts/test-presentation-kotlin.sh
run_suite swift-presentation scripts/test-presentation-swift.sh
run_suite kotlin-app-bridge scripts/test-app-bridge-kotlin.sh
run_suite swift-app-bridge scripts/test-app-bridge-swift.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
