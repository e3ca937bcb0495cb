#!/usr/bin/env bash
# The Swift presentation layer's tests (ios/PresentationTests) on Linux: the view models, banner
# text, import report, search and clipboard policy of ios/Presentation (target
# OtpKitPresentation, which imports Foundation only), with a fake repository, a test clock and a
# manual ticker. No Rust library needed. swiftc on PATH, or the Debian 13 root that
# install-toolchains.sh makes (scripts/lib-swift.sh).
# stdout: one line per test, then exactly one `N passed, N failed` line. Exits non-zero on any
# failure, or if the suite cannot run (then the last line is `0 passed, 1 failed`).
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"
source "$(dirname "$0")/lib-swift.sh"

cannot_run() {
    log "the Swift presentation suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

work="$repo/target/swift-presentation"
"$repo/scripts/install-toolchains.sh" swift || cannot_run "toolchain install failed"
rm -rf "$work"
mkdir -p "$work"

# Runs in $work ($0: the repo root): the module as a library, then the tests against it.
# Compiler output goes to stderr; only the tests write to stdout.
steps='
set -e
swiftc -swift-version 5 -emit-library -emit-module -module-name OtpKitPresentation -parse-as-library \
    "$0"/ios/Presentation/*.swift -emit-module-path OtpKitPresentation.swiftmodule \
    -o libOtpKitPresentation.'"$dylib_ext"' >&2
swiftc -swift-version 5 -I . -L . -lOtpKitPresentation "$0"/ios/PresentationTests/*.swift \
    -o otpkit-presentation-tests >&2
LD_LIBRARY_PATH=. DYLD_LIBRARY_PATH=. exec ./otpkit-presentation-tests
'

log "running ios/PresentationTests"
run_swift_steps "$work" "$steps"
