#!/usr/bin/env bash
# The Kotlin suite (tests/kotlin) through the generated Kotlin bindings on the JVM.
# Installs what it needs, builds the library, generates and compiles the bindings, runs the
# tests. stdout: one line per test, then exactly one `N passed, N failed` line. Exits non-zero
# on any failure, or if the suite cannot run (then the last line is `0 passed, 1 failed`).
# OTPKIT_FFI_PROFILE=debug|release picks the library build (default: debug, faster overall).
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

cannot_run() {
    log "the Kotlin suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

profile="${OTPKIT_FFI_PROFILE:-debug}"
work="$repo/target/kotlin-tests"
kotlin_home="$cache/kotlinc/node_modules/kotlin-compiler"
kotlinc="$kotlin_home/bin/kotlinc"
jna=/usr/share/java/jna.jar
# The async calls (Kotlin `suspend`) need kotlinx-coroutines: the one kotlinc ships (as the
# presentation and app-bridge suites use). Debian's libkotlinx-coroutines-java (1.0.1) predates
# the DelicateCoroutinesApi the generated code uses.
coroutines="$kotlin_home/lib/kotlinx-coroutines-core-jvm.jar"

"$repo/scripts/install-toolchains.sh" kotlin || cannot_run "toolchain install failed"
lib="$(build_ffi_lib "$profile")" || cannot_run "library build failed"
generate_bindings "$lib" kotlin "$work/gen" || cannot_run "binding generation failed"
render_qr_frames "$work/frames" || cannot_run "the QR test frames could not be rendered"

stdlib="$kotlin_home/lib/kotlin-stdlib.jar"
ktest="$kotlin_home/lib/kotlin-test.jar"

mapfile -t generated < <(find "$work/gen" -name '*.kt' | sort)
[ ${#generated[@]} -gt 0 ] || cannot_run "uniffi-bindgen generated no Kotlin"
CP="$jna:$coroutines" compile_jar "$work/bindings.jar" "${generated[@]}" ||
    cannot_run "the generated Kotlin does not compile"
CP="$work/bindings.jar:$jna:$coroutines:$ktest" compile_jar "$work/tests.jar" "$repo"/tests/kotlin/*.kt ||
    cannot_run "tests/kotlin does not compile"

log "running tests/kotlin"
run_suite java -ea -Djna.library.path="$(dirname "$lib")" \
    -cp "$work/tests.jar:$work/bindings.jar:$jna:$coroutines:$stdlib:$ktest" MainKt "$repo/tests/vectors" "$work/frames"
