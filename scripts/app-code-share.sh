#!/usr/bin/env bash
# How much of the apps' Kotlin and Swift source no test on Linux ever compiles: the
# non-blank lines (comments count: they are kept up to date too) of the files listed below,
# against every non-test .kt and .swift line under android/ and ios/. The list is kept by hand
# and checked against what the test scripts compile:
#   - scripts/test-presentation-kotlin.sh: android/presentation/src/main (all of it);
#   - scripts/test-app-bridge-kotlin.sh: android/otpkit's OtpKitMapping.kt,
#     RustAccountsRepository.kt and RustQrScanner.kt only;
#   - scripts/test-presentation-swift.sh: ios/Presentation (all of it);
#   - scripts/test-app-bridge-swift.sh: ios/Sources/OtpKitAppSupport, where
#     SecureEnclaveKeyStore.swift and PlatformPickedImage.swift are compiled but come out empty
#     (`#if canImport(Security)`, `#if canImport(ImageIO)`: Apple only).
# Not counted: tests (src/test, src/jvmTest, src/androidTest, ios/*Tests*), the JVM test runner
# (android/presentation/jvm-runner), build scripts (*.kts, Package.swift) and generated code:
# the bindings (ignored by git, e.g. ios/Sources/OtpKit) and the Texts constructors written by
# tools/strings/gen.py, which grow with every string and would flatter the share.
#
# Usage: scripts/app-code-share.sh [--max PERCENT]
# stdout: the two line counts and the share. Exits 1 when the share is above PERCENT, 2 on a
# usage error or when a listed path no longer exists (update the list).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { echo "usage: $0 [--max PERCENT]" >&2; }

max=""
while [ $# -gt 0 ]; do
    case "$1" in
    --max)
        [ $# -ge 2 ] || { usage; exit 2; }
        max="$2"
        shift 2
        ;;
    --max=*)
        max="${1#--max=}"
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage
        exit 2
        ;;
    esac
done
if [ -n "$max" ] && ! [[ "$max" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "$0: --max takes a percentage such as 25 or 25.5, not '$max'" >&2
    exit 2
fi

# Never compiled on Linux: a folder (ending in /) stands for every source file under it.
never=(
    android/app/
    android/otpkit/src/main/kotlin/dev/otpkit/android/AndroidClock.kt
    android/otpkit/src/main/kotlin/dev/otpkit/android/BiometricKeyStore.kt
    android/otpkit/src/main/kotlin/dev/otpkit/android/OtpKitModule.kt
    android/otpkit/src/main/kotlin/dev/otpkit/android/PlatformPickedImage.kt
    ios/App/
    ios/Sources/OtpKitAppSupport/PlatformPickedImage.swift
    ios/Sources/OtpKitAppSupport/SecureEnclaveKeyStore.swift
)

cd "$repo"
for path in "${never[@]}"; do
    [ -e "$path" ] || {
        echo "$0: $path is listed as never compiled but does not exist: update the list" >&2
        exit 2
    }
done

# Every app source file git knows of or would add (tracked, or new and not ignored).
mapfile -t sources < <(
    git ls-files --cached --others --exclude-standard -- android ios |
        grep -E '\.(kt|swift)$' |
        grep -Ev '(^|/)src/(test|jvmTest|androidTest)/|Tests|/jvm-runner/|(^|/)Package\.swift$' |
        grep -Ev '(^|/)Texts\.(kt|swift)$' |
        sort -u |
        while read -r f; do [ -f "$f" ] && echo "$f"; done
)

is_never() {
    local f="$1" path
    for path in "${never[@]}"; do
        case "$path" in
        */) [[ "$f" == "$path"* ]] && return 0 ;;
        *) [ "$f" = "$path" ] && return 0 ;;
        esac
    done
    return 1
}

all_lines=0 all_files=0 never_lines=0 never_files=0
for f in "${sources[@]}"; do
    n=$(grep -cv '^[[:space:]]*$' "$f" || true)
    all_lines=$((all_lines + n))
    all_files=$((all_files + 1))
    if is_never "$f"; then
        never_lines=$((never_lines + n))
        never_files=$((never_files + 1))
    fi
done
[ "$all_lines" -gt 0 ] || {
    echo "$0: no app source found under android/ and ios/" >&2
    exit 2
}

share=$(awk -v n="$never_lines" -v a="$all_lines" 'BEGIN { printf "%.1f", 100 * n / a }')
echo "never compiled on Linux: $never_lines lines in $never_files files"
echo "all app source:          $all_lines lines in $all_files files"
echo "share:                   $share%"

if [ -n "$max" ] && awk -v s="$share" -v m="$max" 'BEGIN { exit !(s > m) }'; then
    echo "$0: $share% is above the limit of $max%" >&2
    exit 1
fi
