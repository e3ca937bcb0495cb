#!/usr/bin/env bash
# The Kotlin presentation layer's tests (android/presentation/src/test) on a plain JVM: the view
# models, banner text, import report, search and clipboard policy, with a fake repository and a
# test clock and ticker. No Android SDK, no Gradle: kotlinc from scripts/install-toolchains.sh,
# kotlinx-coroutines from kotlinc's lib/, JUnit 5's API from Debian (junit5) for `@Test`; a small
# runner (android/presentation/jvm-runner) calls the tests. Gradle runs the same tests with JUnit.
# stdout: one line per test, then exactly one `N passed, N failed` line. Exits non-zero on any
# failure, or if the suite cannot run (then the last line is `0 passed, 1 failed`).
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

cannot_run() {
    log "the Kotlin presentation suite cannot run: $*"
    echo "0 passed, 1 failed"
    exit 1
}

module="$repo/android/presentation"
work="$repo/target/kotlin-presentation"
kotlin_home="$cache/kotlinc/node_modules/kotlin-compiler"
kotlinc="$kotlin_home/bin/kotlinc"
lib="$kotlin_home/lib"
junit=/usr/share/java/junit-jupiter-api.jar

"$repo/scripts/install-toolchains.sh" kotlin || cannot_run "toolchain install failed"

# The app is built with the compiler these tests use (the version catalog's `kotlin`).
toolchain_kotlin="$(sed -n 's/^kotlin_version="\(.*\)"$/\1/p' "$repo/scripts/install-toolchains.sh")"
catalog_kotlin="$(sed -n 's/^kotlin = "\(.*\)"$/\1/p' "$repo/android/gradle/libs.versions.toml")"
[ -n "$toolchain_kotlin" ] && [ "$toolchain_kotlin" = "$catalog_kotlin" ] ||
    cannot_run "Kotlin $toolchain_kotlin here but '$catalog_kotlin' in android/gradle/libs.versions.toml: change both"
[ -f "$junit" ] || cannot_run "no $junit (Debian package junit5)"
mkdir -p "$work"

mapfile -t main_sources < <(find "$module/src/main" -name '*.kt' | sort)
mapfile -t test_sources < <(find "$module/src/test" -name '*.kt' | sort)
[ ${#test_sources[@]} -gt 0 ] || cannot_run "no tests in $module/src/test"

deps="$lib/kotlinx-coroutines-core-jvm.jar"
test_deps="$deps:$lib/kotlin-test.jar:$junit"

CP="$deps" compile_jar "$work/presentation.jar" "${main_sources[@]}" ||
    cannot_run "android/presentation/src/main does not compile"
CP="$work/presentation.jar:$test_deps" compile_jar "$work/tests.jar" "${test_sources[@]}" "$module/jvm-runner/TestMain.kt" ||
    cannot_run "android/presentation/src/test does not compile"

# Test classes: the files named *Test.kt, in package dev.otpkit.presentation.
classes=()
for f in "${test_sources[@]}"; do
    case "$f" in *Test.kt) classes+=("dev.otpkit.presentation.$(basename "$f" .kt)") ;; esac
done

log "running android/presentation tests"
run_suite java -ea -cp "$work/tests.jar:$work/presentation.jar:$test_deps:$lib/kotlin-stdlib.jar:/usr/share/java/junit-platform-commons.jar" \
    TestMainKt "${classes[@]}"
