#!/usr/bin/env bash
# The iOS app's bridge to Rust on Linux: OtpKitAppSupport (the mapping in OtpKit+Mapping.swift,
# RustAccountsRepository, RustQrScanner, DeviceClock, OtpKitModule), compiled against the
# generated Swift bindings and tested with the real library (ios/AppSupportTests), camera frames
# from tools/qrframes included. SecureEnclaveKeyStore.swift and PlatformPickedImage.swift compile
# to nothing without Apple's Security and ImageIO frameworks. stdout: one line per test, then exactly one
# `N passed, N failed` line.
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"
source "$(dirname "$0")/lib-swift.sh"

cannot_run() {
    log "the Swift bridge suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

work="$repo/target/swift-app-bridge"
"$repo/scripts/install-toolchains.sh" swift || cannot_run "toolchain install failed"
ffi_lib="$(build_ffi_lib debug)" || cannot_run "library build failed"
generate_bindings "$ffi_lib" swift "$work/gen" || cannot_run "binding generation failed"
rm -rf "$work/lib" "$work/build"
mkdir -p "$work/lib" "$work/build"
cp "$ffi_lib" "$work/lib/"
cp "$work/gen/OtpKitFFI.modulemap" "$work/gen/module.modulemap"

render_qr_frames "$work/frames" || cannot_run "the QR test frames could not be rendered"
support=(OtpKit+Mapping.swift RustAccountsRepository.swift DeviceClock.swift SecureEnclaveKeyStore.swift
    PlatformPickedImage.swift RustQrScanner.swift OtpKitModule.swift)
support_paths=""
for f in "${support[@]}"; do support_paths="$support_paths \"\$0\"/ios/Sources/OtpKitAppSupport/$f"; done

# Runs in $work ($0: the repo root): OtpKit, OtpKitPresentation, OtpKitAppSupport as libraries,
# then the tests. Compiler output goes to stderr; only the tests write to stdout.
steps='
set -e
lib() { name=$1; shift; swiftc -swift-version 5 -emit-library -emit-module -module-name $name -parse-as-library \
    -I build -I gen -L build -L lib "$@" -emit-module-path build/$name.swiftmodule -o build/lib$name.'"$dylib_ext"' >&2; }
lib OtpKit -lotpkit_ffi gen/OtpKit.swift "$0"/bindings/ffi/swift/*.swift
lib OtpKitPresentation "$0"/ios/Presentation/*.swift
lib OtpKitAppSupport -lOtpKit -lOtpKitPresentation -lotpkit_ffi '"$support_paths"'
swiftc -swift-version 5 -I build -I gen -L build -L lib -lOtpKitAppSupport -lOtpKitPresentation -lOtpKit -lotpkit_ffi \
    "$0"/ios/AppSupportTests/*.swift "$0"/ios/PresentationTests/Harness.swift "$0"/tests/swift/SntpResponder.swift \
    -o build/otpkit-app-bridge-tests >&2
LD_LIBRARY_PATH=build:lib DYLD_LIBRARY_PATH=build:lib exec ./build/otpkit-app-bridge-tests frames
'

log "running ios/AppSupportTests"
run_swift_steps "$work" "$steps"
