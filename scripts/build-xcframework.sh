#!/usr/bin/env bash
# Builds the Rust library for iOS as ios/build/OtpKitFFI.xcframework (a device slice and one
# simulator slice for both Apple silicon and Intel Macs) and puts the generated Swift in
# ios/Sources/OtpKit, so ios/Package.swift builds.
#
# Needs (a Mac; this script has not been run on the Debian test machine):
#   - Xcode 15 or newer (xcodebuild, lipo);
#   - the Rust targets: rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios.
# Output (build output, not committed): ios/build/OtpKitFFI.xcframework, ios/Sources/OtpKit/*.swift.
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

[ "$(uname -s)" = Darwin ] || {
    log "the XCFramework needs a Mac with Xcode"
    exit 1
}

ios="$repo/ios"
out="$ios/build"
staging="$repo/target/xcframework"
export IPHONEOS_DEPLOYMENT_TARGET=16.0

for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
    log "cargo build --release --target $target"
    (cd "$repo" && cargo build --release -p otpkit-ffi --target "$target")
done

# Bindings and the C header from a host build (the interface is the same on every target).
host_lib="$(build_ffi_lib debug)"
generate_bindings "$host_lib" swift "$staging/gen"

rm -rf "$staging/headers" "$staging/sim" "$out/OtpKitFFI.xcframework"
mkdir -p "$staging/headers" "$staging/sim" "$out" "$ios/Sources/OtpKit"
cp "$staging/gen/OtpKitFFI.h" "$staging/headers/"
# The module must be called module.modulemap inside the framework's Headers.
cp "$staging/gen/OtpKitFFI.modulemap" "$staging/headers/module.modulemap"

# One simulator slice holding both architectures.
lipo -create \
    "$repo/target/aarch64-apple-ios-sim/release/libotpkit_ffi.a" \
    "$repo/target/x86_64-apple-ios/release/libotpkit_ffi.a" \
    -output "$staging/sim/libotpkit_ffi.a"

xcodebuild -create-xcframework \
    -library "$repo/target/aarch64-apple-ios/release/libotpkit_ffi.a" -headers "$staging/headers" \
    -library "$staging/sim/libotpkit_ffi.a" -headers "$staging/headers" \
    -output "$out/OtpKitFFI.xcframework"

# The Swift module: the generated file plus the hand-written extensions next to the bindings.
rm -f "$ios/Sources/OtpKit/"*.swift
cp "$staging/gen/OtpKit.swift" "$repo"/bindings/ffi/swift/*.swift "$ios/Sources/OtpKit/"
log "done: $out/OtpKitFFI.xcframework and ios/Sources/OtpKit"
