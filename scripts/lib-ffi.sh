# Shared by the Kotlin and Swift suites and bench-kotlin.sh (sourced, not run).
# Builds the ffi library and generates bindings into target/, noise on stderr.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${OTPKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/otpkit}"

# Shared libraries are .so on Linux (and in the Debian 13 root), .dylib on a Mac.
dylib_ext=so
[ "$(uname -s)" = Darwin ] && dylib_ext=dylib

log() { echo "$(basename "$0"): $*" >&2; }

# Builds libotpkit_ffi.so with cargo profile $1 (debug or release) and prints its path.
build_ffi_lib() {
    local profile="$1" flag=()
    [ "$profile" = release ] && flag=(--release)
    log "cargo build -p otpkit-ffi ($profile)"
    (cd "$repo" && cargo build -q -p otpkit-ffi "${flag[@]}" >&2)
    local lib="$repo/target/$profile/libotpkit_ffi.$dylib_ext"
    [ -f "$lib" ] || {
        log "no library at $lib"
        return 1
    }
    echo "$lib"
}

# Generates bindings for language $2 into a fresh directory $3, from library $1 when it is a
# debug build. The release profile strips symbols, and with them the UniFFI metadata bindgen
# reads, so for a release library the bindings come from the debug build of the same source
# (the interface is the same; only the machine code differs).
generate_bindings() {
    local lib="$1" language="$2" out="$3"
    if [[ "$lib" == */release/* ]]; then
        lib="$(build_ffi_lib debug)" || return 1
    fi
    rm -rf "$out"
    mkdir -p "$out"
    log "uniffi-bindgen generate --language $language"
    (cd "$repo" && cargo run -q -p uniffi-bindgen -- generate "$lib" \
        --language "$language" --no-format --out-dir "$out" >&2)
}

# Runs a suite command, passing its output through, and makes sure the last line on stdout is
# `N passed, N failed`: a suite that crashed or never printed its summary counts as one failure.
run_suite() {
    local out status=0 last
    out="$(mktemp)"
    "$@" | tee "$out" || status=$?
    last="$(tail -n 1 "$out")"
    rm -f "$out"
    if ! [[ "$last" =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]]; then
        log "the suite ended without its summary line (exit status $status)"
        echo "0 passed, 1 failed"
        return 1
    fi
    return "$status"
}

# Renders the camera-like QR frames the suites scan (tools/qrframes: binary PGM files and a
# manifest.tsv of their payloads) into $1, one per category, from a fixed seed.
render_qr_frames() {
    local out="$1"
    rm -rf "$out"
    log "qrframes: rendering test frames"
    (cd "$repo" && cargo run -q -p qrframes -- "$out" --per-category 1 --seed 7 >&2)
}

# Compiles Kotlin sources $2.. into jar $1 with classpath $CP, using $kotlinc, unless the same
# inputs were compiled last time (kotlinc takes 10 to 40 s; the stamp hashes every input). The
# jars a suite built itself under $work are hashed too: a recompiled dependency (a changed
# `const` is inlined into its users) must recompile what is compiled against it.
compile_jar() {
    local jar="$1" stamp built
    shift
    mapfile -t built < <(tr ':' '\n' <<<"$CP" | grep -F "$work/" || true)
    stamp="$(cat "$@" "$kotlinc" <(echo "$CP") "${built[@]}" | sha256sum | cut -d' ' -f1)"
    if [ -f "$jar" ] && [ "$(cat "$jar.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    rm -f "$jar" "$jar.stamp"
    log "kotlinc -d $(basename "$jar")"
    "$kotlinc" -Werror -jvm-target 17 -cp "$CP" -d "$jar" "$@" >&2 || return 1
    echo "$stamp" >"$jar.stamp"
}
