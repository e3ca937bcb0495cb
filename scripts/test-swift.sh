#!/usr/bin/env bash
# The Swift suite (tests/swift) through the generated Swift bindings.
# Installs what it needs, builds the library, generates the bindings, compiles them with
# bindings/ffi/swift/*.swift into the module `OtpKit`, then compiles and runs the tests, which
# `import OtpKit` like an app does. Where `swift` is on PATH it is used directly; otherwise in the
# Debian 13 root made by install-toolchains.sh, in a private mount namespace so that no mount
# outlives this script (TOOLCHAINS.md).
# stdout: one line per test, then exactly one `N passed, N failed` line. Exits non-zero on any
# failure, or if the suite cannot run (then the last line is `0 passed, 1 failed`).
# OTPKIT_FFI_PROFILE=debug|release picks the library build (default: debug, faster overall).
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"
source "$(dirname "$0")/lib-swift.sh"

cannot_run() {
    log "the Swift suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

profile="${OTPKIT_FFI_PROFILE:-debug}"
work="$repo/target/swift-tests"

"$repo/scripts/install-toolchains.sh" swift || cannot_run "toolchain install failed"
lib="$(build_ffi_lib "$profile")" || cannot_run "library build failed"
generate_bindings "$lib" swift "$work/gen" || cannot_run "binding generation failed"
render_qr_frames "$work/frames" || cannot_run "the QR test frames could not be rendered"

# Everything swiftc reads or writes lives under $work, which is inside the repo, so the same
# relative paths work natively and in the chroot (where the repo is mounted at /src).
rm -rf "$work/lib" "$work/build"
mkdir -p "$work/lib" "$work/build"
cp "$lib" "$work/lib/"
cp "$work/gen/OtpKitFFI.modulemap" "$work/gen/module.modulemap"

# Runs in $work: build the OtpKit module, then the tests against it, then run them.
# Compiler output goes to stderr; only the tests write to stdout.
steps='
set -e
swiftc -swift-version 5 -emit-library -emit-module -module-name OtpKit -parse-as-library \
    -I gen -L lib -lotpkit_ffi gen/OtpKit.swift "$0"/bindings/ffi/swift/*.swift \
    -emit-module-path build/OtpKit.swiftmodule -o build/libOtpKit.'"$dylib_ext"' >&2
swiftc -swift-version 5 -I build -I gen -L build -lOtpKit -L lib -lotpkit_ffi \
    "$0"/tests/swift/*.swift -o build/otpkit-swift-tests >&2
LD_LIBRARY_PATH=build:lib DYLD_LIBRARY_PATH=build:lib exec ./build/otpkit-swift-tests "$0"/tests/vectors frames
'

log "running tests/swift"
run_swift_steps "$work" "$steps"
