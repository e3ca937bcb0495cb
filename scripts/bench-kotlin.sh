#!/usr/bin/env bash
# The Kotlin refresh benchmark (bindings/ffi/benches/RefreshBench.kt): one refresh of 100
# accounts' codes from Kotlin with a warm JIT, against the release library. Prints the figures;
# not part of the test run's pass/fail. Also prints the stripped release library's size.
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

work="$repo/target/kotlin-bench"
kotlin_home="$cache/kotlinc/node_modules/kotlin-compiler"
jna=/usr/share/java/jna.jar

"$repo/scripts/install-toolchains.sh" kotlin
lib="$(build_ffi_lib release)"
echo "release library: $(stat -c %s "$lib") bytes ($lib, profile.release strip = \"symbols\")"
generate_bindings "$lib" kotlin "$work/gen"
rm -f "$work/bindings.jar" "$work/bench.jar"
log "kotlinc"
"$kotlin_home/bin/kotlinc" -Werror -cp "$jna:$kotlin_home/lib/kotlinx-coroutines-core-jvm.jar" -d "$work/bindings.jar" $(find "$work/gen" -name '*.kt') >&2
"$kotlin_home/bin/kotlinc" -Werror -cp "$work/bindings.jar:$jna:$kotlin_home/lib/kotlinx-coroutines-core-jvm.jar" -d "$work/bench.jar" \
    "$repo/bindings/ffi/benches/RefreshBench.kt" >&2
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -Djna.library.path="$(dirname "$lib")" \
    -cp "$work/bench.jar:$work/bindings.jar:$jna:$kotlin_home/lib/kotlinx-coroutines-core-jvm.jar:$kotlin_home/lib/kotlin-stdlib.jar" RefreshBenchKt
