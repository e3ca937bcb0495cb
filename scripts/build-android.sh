#!/usr/bin/env bash
# Builds the Rust library for Android and generates its Kotlin bindings into the android/otpkit
# module, then (with --gradle) the app. With --bindings, only the bindings (what Gradle's
# :otpkit:generateBindings task runs before every build; no NDK needed).
#
# Needs (not on the Debian test machine; this script has not been run there):
#   - the Android NDK r27 or newer, in ANDROID_NDK_HOME (or ANDROID_NDK_ROOT);
#   - cargo-ndk 3.x (`cargo install cargo-ndk`);
#   - the Rust targets: rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android;
#   - for --gradle: JDK 17 and the Android SDK (ANDROID_HOME); android/gradlew or Gradle 8.14.3.
#
# Output:
#   android/otpkit/src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libotpkit_ffi.so  (release)
#   android/otpkit/src/generated/uniffi/dev/otpkit/otpkit.kt   (bindings, android = true)
# Both are build output, not committed; both are outside build/, so `gradlew clean` keeps them.
#
# Usage: scripts/build-android.sh [--gradle | --bindings]
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

mode="${1:-}"
case "$mode" in "" | --gradle | --bindings) ;; *)
    echo "usage: $0 [--gradle | --bindings]" >&2
    exit 2
    ;;
esac

abis=(arm64-v8a armeabi-v7a x86_64)
min_sdk=30 # android/app's minSdk
jni_libs="$repo/android/otpkit/src/main/jniLibs"
generated="$repo/android/otpkit/src/generated/uniffi"

# The bindings come from a host debug build: the release libraries are stripped of the metadata
# bindgen reads, and the interface is the same on every target.
generate_android_bindings() {
    local host_lib
    host_lib="$(build_ffi_lib debug)"
    rm -rf "$generated"
    mkdir -p "$generated"
    log "uniffi-bindgen generate --language kotlin (Android config)"
    (cd "$repo" && cargo run -q -p uniffi-bindgen -- generate "$host_lib" --language kotlin \
        --config scripts/uniffi-android.toml --no-format --out-dir "$generated" >&2)
}

if [ "$mode" = --bindings ]; then
    generate_android_bindings
    exit 0
fi

command -v cargo-ndk >/dev/null || {
    log "cargo-ndk is missing: cargo install cargo-ndk"
    exit 1
}
[ -n "${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}" ] || {
    log "set ANDROID_NDK_HOME to the NDK (r27 or newer)"
    exit 1
}

# 16 KB pages (Android 15+ devices): align the library's segments to 16 KB. NDK r28+ does this
# by default; the flag keeps r27 builds loadable too.
export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384"

targets=()
for abi in "${abis[@]}"; do targets+=(-t "$abi"); done
log "cargo ndk ${abis[*]} (release)"
(cd "$repo" && cargo ndk "${targets[@]}" --platform "$min_sdk" -o "$jni_libs" build --release -p otpkit-ffi)

generate_android_bindings

for abi in "${abis[@]}"; do
    ls -l "$jni_libs/$abi/libotpkit_ffi.so" >&2
done

if [ "$mode" = --gradle ]; then
    cd "$repo/android"
    gradle_cmd=(gradle)
    [ -x ./gradlew ] && gradle_cmd=(./gradlew)
    log "${gradle_cmd[*]} :presentation:test :app:assembleDebug"
    "${gradle_cmd[@]}" :presentation:test :app:assembleDebug
fi
