#!/usr/bin/env bash
# Installs what the Kotlin and Swift suites need, idempotently (TOOLCHAINS.md):
#   - JNA (Debian libjna-java), JUnit 5's API (Debian junit5) and a JVM,
#   - kotlinc 2.4.20 from npm, cached under $OTPKIT_CACHE/kotlinc,
#   - when `swiftc` is not on PATH: a Debian 13 root made by debootstrap with swiftlang inside,
#     cached under $OTPKIT_CACHE/trixie-root.
# Usage: scripts/install-toolchains.sh [all|kotlin|swift]   (default: all)
# Prints nothing on stdout but errors and progress go to stderr; exits non-zero if anything
# cannot be installed. Needs root for apt-get, debootstrap and chroot (CI and the dev machine are root).
set -euo pipefail

what="${1:-all}"
case "$what" in all | kotlin | swift) ;; *)
    echo "usage: $0 [all|kotlin|swift]" >&2
    exit 2
    ;;
esac

cache="${OTPKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/otpkit}"
# The app is built with the same compiler: `kotlin` in android/gradle/libs.versions.toml. Change both.
kotlin_version="2.4.20"
mkdir -p "$cache"

log() { echo "install-toolchains: $*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
# apt-get install the given packages unless all are already installed; update the lists once,
# and only when they are needed (a fresh machine or container has none).
apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        apt_updated=1
    fi
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_kotlin() {
    command -v java >/dev/null || apt_install default-jre-headless
    apt_install libjna-java
    # JUnit 5's API (`@Test`) for the presentation tests, which Gradle also runs with JUnit.
    apt_install junit5
    [ -f /usr/share/java/jna.jar ] || {
        log "libjna-java installed but /usr/share/java/jna.jar is missing"
        exit 1
    }
    local kotlinc="$cache/kotlinc/node_modules/kotlin-compiler/bin/kotlinc"
    local stamp="$cache/kotlinc/.installed-$kotlin_version"
    if [ ! -f "$stamp" ] || [ ! -x "$kotlinc" ]; then
        command -v npm >/dev/null || apt_install npm
        log "npm install kotlin-compiler@$kotlin_version"
        mkdir -p "$cache/kotlinc"
        npm install --loglevel=error --no-audit --no-fund --prefix "$cache/kotlinc" "kotlin-compiler@$kotlin_version" >&2
        chmod +x "$cache/kotlinc/node_modules/kotlin-compiler/bin/"* 2>/dev/null || true
        [ -x "$kotlinc" ] || {
            log "kotlinc not found at $kotlinc after npm install"
            exit 1
        }
        touch "$stamp"
    fi
}

# Runs a command inside the Debian 13 root, in a private mount namespace so that /proc and /dev
# (which apt and swift need) are unmounted when the command ends, whatever happens.
in_root() {
    local root="$1"
    shift
    as_root unshare -m --propagation private sh -c '
        root="$1"; shift
        mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" &&
        exec chroot "$root" "$@"' sh "$root" "$@"
}

install_swift() {
    if command -v swiftc >/dev/null 2>&1; then
        log "swiftc is on PATH: using it"
        return 0
    fi
    local root="$cache/trixie-root"
    if [ ! -f "$root/.swift-installed" ]; then
        apt_install debootstrap
        if [ ! -f "$root/.debootstrap-done" ]; then
            # A half-made root (killed debootstrap) is not reusable: start again.
            as_root rm -rf "$root"
            log "debootstrap trixie into $root (about 20 s)"
            as_root debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >&2
            as_root touch "$root/.debootstrap-done"
        fi
        log "installing swiftlang in the trixie root (1 to 3 min)"
        in_root "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        in_root "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            swiftlang libc6-dev libstdc++-14-dev >&2
        in_root "$root" env DEBIAN_FRONTEND=noninteractive apt-get clean >&2
        in_root "$root" swiftc --version >&2
        as_root touch "$root/.swift-installed"
    fi
    mkdir -p "$root/src"
}

case "$what" in
all)
    install_kotlin
    install_swift
    ;;
kotlin) install_kotlin ;;
swift) install_swift ;;
esac
log "done ($what)"
