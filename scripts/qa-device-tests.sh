#!/usr/bin/env bash
# Runs the tests that need a phone, on an Android emulator (or device) over adb and on an iOS
# simulator:
#   1. the core's Rust tests: the test binaries are cross-compiled with `cargo test --no-run`,
#      copied to the device with the test fixtures they read, and run there;
#   2. the apps' journey walk: fresh install -> restore from a backup -> codes shown ->
#      copy -> background -> foreground (auto-lock immediately: unlock again) -> copy -> add by an
#      injected camera frame -> export -> settings. Android: the instrumented Compose test
#      (android/app/src/androidTest, Gradle's connectedDebugAndroidTest); iOS: the XCUITest
#      (ios/AppUITests, `xcodebuild test` on the booted simulator). Their fixtures are
#      tests/device (scripts/make-device-fixtures.sh).
# Exits non-zero if any fails, and when no emulator or simulator is attached (it says so first).
#
# Usage: scripts/qa-device-tests.sh android|ios|all
#        QA_DEVICE_TESTS=rust|walk|all (default all) runs only the Rust tests or only the walks.
#
# Needs (this script has not been run on the Debian test machine, which has neither):
#   android: the NDK (ANDROID_NDK_HOME), cargo-ndk, `rustup target add x86_64-linux-android`
#            (and aarch64-linux-android for a device), adb on PATH with one emulator booted
#            (e.g. `emulator -avd Pixel_API_35 -no-window &`; an x86_64 image runs at native speed);
#            QA_ANDROID_ABI=x86_64 (default) or arm64-v8a for a device. The walk: the Android SDK
#            and JDK 17 of scripts/build-android.sh, the .so files it builds, and an emulator
#            with no fingerprint enrolled (the walk unlocks with the passphrase).
#   ios:     a Mac with Xcode, `rustup target add aarch64-apple-ios-sim` (x86_64-apple-ios on an
#            Intel Mac), and a booted simulator (`xcrun simctl boot "iPhone 16"`). The walk:
#            XcodeGen and the XCFramework of scripts/build-xcframework.sh.
# The tests that use a loopback time server bind 127.0.0.1 on the device; none reach the internet.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "qa-device-tests: $*" >&2; }
failed=0
# Set when a platform asked for had no emulator or simulator (or no SDK) to run on.
missing=0

# Prints the paths of the test executables cargo built (from its JSON messages).
test_binaries() {
    python3 -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("profile", {}).get("test") and msg.get("executable"):
        print(msg["executable"])'
}

which="${QA_DEVICE_TESTS:-all}"
case "$which" in rust | walk | all) ;; *)
    echo "QA_DEVICE_TESTS is rust, walk or all, not '$which'" >&2
    exit 2
    ;;
esac

# One emulator or device attached, else says so.
android_device() {
    command -v adb >/dev/null || {
        log "android: adb is not on PATH (the Android SDK's platform-tools): nothing was run"
        missing=1
        return 1
    }
    [ "$(adb get-state 2>/dev/null)" = device ] || {
        log "android: no emulator or device attached (adb devices lists none, or more than one): boot one (emulator -avd <name>) and run this again; nothing was run"
        missing=1
        return 1
    }
}

# The booted simulator's UDID, else says so.
ios_simulator() {
    command -v xcrun >/dev/null || {
        log "ios: no xcrun: the iOS tests need a Mac with Xcode; nothing was run"
        return 1
    }
    local udid
    udid="$(xcrun simctl list devices booted | sed -n 's/.*(\([0-9A-F-]\{36\}\)) (Booted).*/\1/p' | head -n 1)"
    [ -n "$udid" ] || {
        log "ios: no booted simulator: xcrun simctl boot \"iPhone 16\" and run this again; nothing was run"
        return 1
    }
    echo "$udid"
}

# The instrumented Compose test: Gradle installs the debug app and its test APK and runs them.
android_walk() {
    local gradle=(gradle)
    [ -x "$repo/android/gradlew" ] && gradle=("$repo/android/gradlew")
    log "android: the journey walk (:app:connectedDebugAndroidTest)"
    (cd "$repo/android" && "${gradle[@]}" --no-daemon :app:connectedDebugAndroidTest) || {
        log "android: the journey walk failed (report: android/app/build/reports/androidTests/connected)"
        return 1
    }
}

# The XCUITest on the booted simulator [udid].
ios_walk() {
    local udid="$1"
    [ -d "$repo/ios/build/OtpKitFFI.xcframework" ] || {
        log "ios: no ios/build/OtpKitFFI.xcframework: run scripts/build-xcframework.sh first"
        return 1
    }
    (cd "$repo/ios" && xcodegen generate --quiet) || {
        log "ios: xcodegen generate failed (brew install xcodegen)"
        return 1
    }
    # Spares the walk the camera question (it answers it too when asked).
    xcrun simctl privacy "$udid" grant camera dev.otpkit.OtpKitApp 2>/dev/null || true
    log "ios: the journey walk (xcodebuild test, OtpKitAppUITests)"
    xcodebuild test -project "$repo/ios/OtpKitApp.xcodeproj" -scheme OtpKitApp \
        -destination "platform=iOS Simulator,id=$udid" -only-testing:OtpKitAppUITests || {
        log "ios: the journey walk failed"
        return 1
    }
}

run_android() {
    android_device || return 1
    if [ "$which" != walk ]; then android_rust || failed=1; fi
    if [ "$which" != rust ]; then android_walk || failed=1; fi
    return 0
}

# The core's Rust tests on the attached emulator or device.
android_rust() {
    local abi="${QA_ANDROID_ABI:-x86_64}" dir=/data/local/tmp/otpkit-qa
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
    local udid
    udid="$(ios_simulator)" || {
        missing=1
        return 1
    }
    if [ "$which" != walk ]; then ios_rust || failed=1; fi
    if [ "$which" != rust ]; then ios_walk "$udid" || failed=1; fi
    return 0
}

# The core's Rust tests on the booted simulator.
ios_rust() {
    local target=aarch64-apple-ios-sim
    [ "$(uname -m)" = x86_64 ] && target=x86_64-apple-ios
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
if [ "$missing" -eq 1 ]; then
    log "no emulator or simulator attached for a platform asked (see above): its tests did not run"
elif [ "$failed" -eq 0 ]; then
    log "all device tests passed"
else
    log "some device tests failed"
fi
exit "$failed"
