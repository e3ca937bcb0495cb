#!/usr/bin/env bash
# Mutation testing (cargo-mutants) of core files with core's own tests: every mutant of the code
# must make a test fail. A surviving ("missed") mutant is a missing test or dead code.
#
#   scripts/mutants.sh [FILE...]      default: the files that keep data and time right
#   MUTANTS_ARGS='--re rekey' scripts/mutants.sh core/src/vault/mod.rs   only some functions
#
# Each file is tested with the tests that exercise it (the table below), so a mutant
# costs one incremental build and a few seconds of tests. Mutants are built in a copy of the
# tree with their own build folder (target/mutants-build, kept between runs); reports go to
# target/mutants/<file>/mutants.out (missed.txt lists the survivors). Exits non-zero if any
# mutant survived or a run failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants --version '^27'

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(
    core/src/vault/store.rs
    core/src/vault/account.rs
    core/src/clock/combine.rs
    core/src/otp/generate.rs
  )
fi

# The tests of otpkit-core that exercise a file (cargo test arguments). Core's integration tests
# are one target, `it`, a module per file of core/tests/it: filters after `--` pick the modules
# (and the unit tests of the file's own module tree, since libtest filters every binary it runs).
# A filter matches any test whose path contains it: `vault::` also runs `hostile_vault::`.
tests_for() {
  case "$1" in
    core/src/vault/import/*) echo "--lib --test it -- vault::import:: import:: import_apps::" ;; # import:: also hostile_import::
    core/src/vault/export.rs) echo "--lib --test it -- vault::export:: import_apps::" ;;
    core/src/vault/*) echo "--lib --test it -- vault:: import:: key_rotation::" ;;
    core/src/clock/*) echo "--lib --test it -- clock:: clock_drift:: clock_verify::" ;;
    core/src/otp/*) echo "--lib --test it -- otp:: rfc_vectors:: otp_params::" ;;
    core/src/uri/migration/*) echo "--lib --test it -- uri:: uri_table:: uri_props:: migration:: transfer::" ;;
    core/src/uri/*) echo "--lib --test it -- uri:: uri_table:: uri_props:: migration::" ;;
    core/src/qr/batch.rs | core/src/qr/encode.rs | core/src/qr/transfer.rs) echo "--lib --test it -- qr:: transfer::" ;;
    core/src/qr/image_file.rs | core/src/qr/binarize.rs | core/src/qr/finder.rs | core/src/qr/region.rs | core/src/qr/decode.rs | core/src/qr/mod.rs) echo "--lib --test it -- qr::" ;;
    *) echo "" ;; # every test of the crate
  esac
}

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/mutants-build}"
status=0
for file in "${files[@]}"; do
  name=$(basename "$file" .rs)
  out="$repo/target/mutants/$(dirname "$file" | tr / _)_$name"
  mkdir -p "$out"
  # shellcheck disable=SC2046 # the test arguments are words
  # shellcheck disable=SC2086 # extra options are words
  cargo mutants -p otpkit-core -f "$file" -j 1 --timeout 300 -o "$out" ${MUTANTS_ARGS:-} \
    -- $(tests_for "$file") || status=1
  echo "== $file: $(wc -l <"$out/mutants.out/caught.txt" 2>/dev/null || echo 0) caught," \
    "$(wc -l <"$out/mutants.out/missed.txt" 2>/dev/null || echo 0) missed," \
    "$(wc -l <"$out/mutants.out/unviable.txt" 2>/dev/null || echo 0) unviable," \
    "$(wc -l <"$out/mutants.out/timeout.txt" 2>/dev/null || echo 0) timed out"
done
exit $status
