#!/usr/bin/env bash
# Checks that bindings/ffi/uniffi-metadata.map names exactly the UniFFI metadata statics
# (UNIFFI_META_*) of the library, so that the release library leaves them all out
# (bindings/ffi/build.rs). With --write, rewrites the map from the library instead.
#
#   scripts/uniffi-metadata-map.sh [--write]
#
# Reads the debug library (its symbol table keeps every static, as bindgen needs). A stale map
# breaks nothing: a name the library no longer has is ignored, and a static the map misses stays
# in the release library (its bytes counted in `scripts/size.sh census`).
set -euo pipefail
source "$(dirname "$0")/lib-ffi.sh"

map="$repo/bindings/ffi/uniffi-metadata.map"
lib="$(build_ffi_lib debug)"
in_library=$(nm --defined-only "$lib" | awk '$3 ~ /^UNIFFI_META_/ { print $3 }' | LC_ALL=C sort)
[ "$(wc -l <<<"$in_library")" -gt 50 ] || {
    log "too few UNIFFI_META_ symbols in $lib"
    exit 1
}
listed=$(awk '/^ *UNIFFI_META_/ { sub(/;$/, "", $1); print $1 }' "$map" | LC_ALL=C sort)

if [ "${1:-}" = --write ]; then
    {
        sed '/^ *local:/q' "$map"
        sed 's/^/    /; s/$/;/' <<<"$in_library"
        echo "};"
    } >"$map.new"
    mv "$map.new" "$map"
    log "wrote $(wc -l <<<"$in_library") names to ${map#"$repo"/}"
elif [ "$in_library" != "$listed" ]; then
    log "${map#"$repo"/} is out of date (< the library, > the map); run $0 --write"
    diff <(echo "$in_library") <(echo "$listed") >&2 || true
    exit 1
else
    log "${map#"$repo"/}: all $(wc -l <<<"$in_library") metadata statics listed"
fi
