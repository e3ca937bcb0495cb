#!/usr/bin/env bash
# Runs the core's Rust tests on real mobile targets: an Android emulator (or device) over adb,
# and an iOS simulator. The test binaries are cross-compiled with `cargo test --no-run`, copied to
# the device with the test fixtures they read, and run there. Exits non-zero if any fails.
#
# Usage: scripts/qa-device-tests.sh android|ios|all
#
# Needs (this script has not been run on the Debian test machine, which has neither):
#   android: the NDK (ANDROID_NDK_HOME), cargo-ndk, `rustup target add x86_64-linux-android`
#            (and aarch64-linux-android for a device), adb on PATH with one emulator booted
#            (e.g. `emulator -avd Pixel_API_35 -no-window &`; an x86_64 image runs at native speed);
#            QA_ANDROID_ABI=x86_64 (default) or arm64-v8a for a device.
#   ios:     a Mac with Xcode, `rustup target add aarch64-apple-ios-sim` (x86_64-apple-ios on an
#            Intel Mac), and a booted simulator (`xcrun simctl boot "iPhone 16"`).
# The tests that use a loopback time server bind 127.0.0.1 on the device; none reach the internet.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "qa-device-tests: $*" >&2; }
failed=0

# Prints the paths of the test executables cargo built (from its JSON messages).
test_binaries() {
    python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("profile", {}).get("test") and msg.get("executable"):
        print(msg["executable"])'
}

run_android() {
    local abi="${QA_ANDROID_ABI:-x86_64}" dir=/data/local/tmp/otpkit-qa
    adb get-state >/dev/null || {
        log "no device: boot an emulator first"
        return 1
    }
    log "cargo ndk -t $abi test --no-run -p otpkit-core"
    mapfile -t bins < <(cd "$repo" && cargo ndk -t "$abi" --platform 30 test --no-run -p otpkit-core \
        --message-format=json 2>/dev/null | test_binaries)
    [ ${#bins[@]} -gt 0 ] || {
        log "no test binaries built"
        return 1
    }
    adb shell "rm -rf $dir && mkdir -p $dir/core"
    # The fixtures go to the device as core/tests, tests/vectors and fuzz/regressions, laid out
    # as in the repository. Core's tests start from OTPKIT_TEST_DATA (set below) when it is set,
    # since their compile-time CARGO_MANIFEST_DIR is a host path (core/tests/support).
    adb push "$repo/core/tests" "$dir/core/" >/dev/null
    adb push "$repo/tests" "$dir/" >/dev/null
    adb shell "mkdir -p $dir/fuzz"
    adb push "$repo/fuzz/regressions" "$dir/fuzz/" >/dev/null
    for bin in "${bins[@]}"; do
        local name
        name="$(basename "$bin")"
        adb push "$bin" "$dir/$name" >/dev/null
        log "android: $name"
        # adb shell passes the remote exit status through (adb 1.0.39+).
        if ! adb shell "cd $dir/core && OTPKIT_TEST_DATA=$dir/core TMPDIR=$dir $dir/$name --test-threads=1"; then
            failed=1
        fi
    done
}

run_ios() {
    local target=aarch64-apple-ios-sim
    [ "$(uname -m)" = x86_64 ] && target=x86_64-apple-ios
    xcrun simctl list devices booted | grep -q Booted || {
        log "no booted simulator: xcrun simctl boot \"iPhone 16\""
        return 1
    }
    log "cargo test --no-run --target $target -p otpkit-core"
    mapfile -t bins < <(cd "$repo" && cargo test --no-run --target "$target" -p otpkit-core \
        --message-format=json 2>/dev/null | test_binaries)
    [ ${#bins[@]} -gt 0 ] || {
        log "no test binaries built"
        return 1
    }
    for bin in "${bins[@]}"; do
        log "ios simulator: $(basename "$bin")"
        # The simulator shares the Mac's file system: the binary and its fixtures (at the
        # compile-time CARGO_MANIFEST_DIR) are used in place. SIMCTL_CHILD_* variables reach the
        # spawned process without the prefix.
        if ! SIMCTL_CHILD_TMPDIR="${TMPDIR:-/tmp}" xcrun simctl spawn booted "$bin" --test-threads=1; then
            failed=1
        fi
    done
}

case "${1:-all}" in
android) run_android || failed=1 ;;
ios) run_ios || failed=1 ;;
all)
    run_android || failed=1
    run_ios || failed=1
    ;;
*)
    echo "usage: $0 android|ios|all" >&2
    exit 2
    ;;
esac
[ "$failed" -eq 0 ] && log "all device tests passed" || log "some device tests failed"
exit "$failed"
