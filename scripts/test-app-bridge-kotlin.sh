#!/usr/bin/env bash
# The Android app's bridge to Rust on the desktop JVM: android/otpkit's mapping
# (OtpKitMapping.kt), RustAccountsRepository and RustQrScanner, compiled against the generated
# Kotlin bindings and tested with the real library (android/otpkit/src/jvmTest), camera frames
# from tools/qrframes included. The Android-only files (Keystore, clock, module, image decoder) are not compiled
# here. stdout: one line per test, then exactly one `N passed, N failed` line.
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

cannot_run() {
    log "the Kotlin bridge suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

work="$repo/target/kotlin-app-bridge"
kotlin_home="$cache/kotlinc/node_modules/kotlin-compiler"
kotlinc="$kotlin_home/bin/kotlinc"
lib="$kotlin_home/lib"
jna=/usr/share/java/jna.jar
junit=/usr/share/java/junit-jupiter-api.jar
src="$repo/android/otpkit/src/main/kotlin/dev/otpkit/android"

"$repo/scripts/install-toolchains.sh" kotlin || cannot_run "toolchain install failed"
ffi_lib="$(build_ffi_lib debug)" || cannot_run "library build failed"
generate_bindings "$ffi_lib" kotlin "$work/gen" || cannot_run "binding generation failed"

coroutines="$lib/kotlinx-coroutines-core-jvm.jar"
mapfile -t generated < <(find "$work/gen" -name '*.kt' | sort)
mapfile -t presentation < <(find "$repo/android/presentation/src/main" -name '*.kt' | sort)
bridge=("$src/OtpKitMapping.kt" "$src/RustAccountsRepository.kt")
render_qr_frames "$work/frames" || cannot_run "the QR test frames could not be rendered"
bridge+=("$src/RustQrScanner.kt")

CP="$jna:$coroutines" compile_jar "$work/bindings.jar" "${generated[@]}" || cannot_run "the generated Kotlin does not compile"
CP="$coroutines" compile_jar "$work/presentation.jar" "${presentation[@]}" ||
    cannot_run "android/presentation does not compile"
CP="$work/bindings.jar:$work/presentation.jar:$coroutines:$jna:$lib/kotlin-test.jar:$junit" \
    compile_jar "$work/bridge-tests.jar" "${bridge[@]}" "$repo"/android/otpkit/src/jvmTest/kotlin/dev/otpkit/android/*.kt \
    "$repo/tests/kotlin/SntpResponder.kt" \
    "$repo/android/presentation/jvm-runner/TestMain.kt" || cannot_run "the bridge or its tests do not compile"

log "running android/otpkit/src/jvmTest"
run_suite java -ea -Djna.library.path="$(dirname "$ffi_lib")" \
    -cp "$work/bridge-tests.jar:$work/bindings.jar:$work/presentation.jar:$coroutines:$jna:$lib/kotlin-stdlib.jar:$lib/kotlin-test.jar:$junit:/usr/share/java/junit-platform-commons.jar" \
    -Dotpkit.frames="$work/frames" \
    TestMainKt dev.otpkit.android.RustAccountsRepositoryTest dev.otpkit.android.RustQrScannerTest dev.otpkit.android.JourneyBridgeTest
