#!/usr/bin/env bash
# The apps' library size (BENCHMARKS.md, "Bindings"): the stripped release libotpkit_ffi.so.
#
#   scripts/size.sh [TARGET...]     default: x86_64 aarch64
#     x86_64            cargo build -p otpkit-ffi --release (the figure BENCHMARKS.md tracks)
#     aarch64           the same cross-built for aarch64-unknown-linux-gnu, linked by Debian's
#                       gcc-aarch64-linux-gnu: the nearest stand-in for Android arm64 here
#     x86_64-build-std  x86_64 with std built from source as for aarch64: how much of the
#                       aarch64 figure is the build method rather than the architecture
#     census            where the x86_64 bytes go: the same build unstripped (target/census),
#                       its symbols' sizes (nm -S) summed by crate, and the unwinding sections
#
# stdout: one line per target, `<target> <bytes> <path>` (census: `<bytes> <what>` lines).
# Progress and compiler output go to stderr.
#
# Why std from source: rustup here has only the x86_64 std and cannot download another. Debian
# ships the standard library's source for each Rust release (`rust-src`; trixie-backports keeps
# every recent one), so std is built by cargo (`-Z build-std`, on the stable toolchain with
# RUSTC_BOOTSTRAP=1) from the rust-src of exactly the rustc in use. Cargo looks for that source
# in rustc's sysroot, which belongs to rustup, so the toolchain is copied as hard links (no
# extra disk) to $OTPKIT_CACHE/rust-<version>-build-std and the source put there. std is then
# compiled with the release profile (opt-level "s", fat LTO) instead of rustup's prebuilt
# opt-level 3: x86_64-build-std measures that difference.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache="${OTPKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/otpkit}"
log() { echo "size: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(x86_64 aarch64)
for t in "${targets[@]}"; do
    case "$t" in x86_64 | aarch64 | x86_64-build-std | census) ;; *)
        echo "usage: $0 [x86_64|aarch64|x86_64-build-std|census]..." >&2
        exit 2
        ;;
    esac
done

# The rustc cargo uses in this repository (rust-toolchain files included), e.g. 1.95.0.
rust_version=$(cd "$repo" && rustc -V | awk '{print $2}')
sysroot="$cache/rust-$rust_version-build-std"

# A copy of the toolchain (hard links) with Debian's rust-src of the same version inside.
build_std_toolchain() {
    [ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ] && return 0
    local apt="$cache/apt-rust-src" deb version
    mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/parts" "$apt/prefs"
    : >"$apt/status"
    # Its own lists and cache: the machine's apt sources are left as they are.
    cat >"$apt/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
EOF
    cat >"$apt/apt.conf" <<EOF
Dir::State "$apt"; Dir::State::Lists "$apt/lists"; Dir::State::status "$apt/status";
Dir::Cache "$apt"; Dir::Cache::archives "$apt/archives";
Dir::Etc::SourceList "$apt/sources.list"; Dir::Etc::SourceParts "$apt/parts";
Dir::Etc::Preferences "$apt/preferences"; Dir::Etc::PreferencesParts "$apt/prefs";
APT::Sandbox::User "root";
EOF
    log "apt-get update (trixie-backports, sid) for rust-src $rust_version"
    APT_CONFIG="$apt/apt.conf" apt-get update -qq >&2
    version=$(APT_CONFIG="$apt/apt.conf" apt-cache madison rust-src | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
        grep -E "^${rust_version//./\\.}\+dfsg" | head -n 1) || true
    [ -n "$version" ] || {
        log "no Debian rust-src $rust_version in trixie-backports or sid (rustc -V says $rust_version)"
        return 1
    }
    log "apt-get download rust-src=$version"
    (cd "$apt/archives" && APT_CONFIG="$apt/apt.conf" apt-get download -qq "rust-src=$version" >&2)
    deb=$(ls "$apt"/archives/rust-src_*.deb | head -n 1)
    rm -rf "$apt/x" "$sysroot"
    dpkg-deb -x "$deb" "$apt/x"
    cp -al "$(cd "$repo" && rustc --print sysroot)" "$sysroot"
    mkdir -p "$sysroot/lib/rustlib/src"
    mv "$apt/x/usr/src/rustc-$rust_version" "$sysroot/lib/rustlib/src/rust"
    rm -rf "$apt/x" "$deb"
}

# apt-get install the given packages unless they are installed.
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# cargo build of the library with std from source for a target triple.
build_with_std() {
    local triple="$1"
    (cd "$repo" && RUSTC_BOOTSTRAP=1 RUSTC="$sysroot/bin/rustc" \
        CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
        CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar \
        "$sysroot/bin/cargo" build -p otpkit-ffi --release --target "$triple" -Z build-std=std,panic_unwind >&2)
}

# Sums an unstripped library's symbols by crate (generic code is counted under the crate that
# defines it: core and alloc hold every crate's sorts, drops and iterators). Functions folded
# into one by the linker (--icf=all) share an address: each address counts once, under the
# first of its names in nm's address order. The last line sums every counted symbol.
census() {
    local lib="$1"
    nm -n -S -C "$lib" | python3 -c '
import collections, re, sys
sums = collections.Counter()
seen = set()
groups = [("std backtrace printing (gimli, addr2line, rustc-demangle, miniz_oxide)",
           r"backtrace_rs|gimli|addr2line|rustc_demangle|miniz_oxide"),
          ("uniffi (scaffolding, one call wrapper per exported function)", r"uniffi|UNIFFI_")]
for line in sys.stdin:
    parts = line.split(None, 3)
    if len(parts) < 4 or parts[2] not in "tTrRdD":
        continue
    size, name = int(parts[1], 16), parts[3].strip()
    if parts[0] in seen:
        continue
    seen.add(parts[0])
    group = next((g for g, pattern in groups if re.search(pattern, name)), None)
    if group is None:
        match = re.match(r"^[<&\[(]*(?:mut |dyn )?([A-Za-z_][A-Za-z0-9_]*)", name)
        group = match.group(1) if match else "other"
        if group.startswith("ring_core"):
            group = "ring"  # its C and assembly
    sums[group] += size
for group, size in sums.most_common(30):
    print(size, group)
print(sum(sums.values()), "all symbols")
'
    local section
    for section in .eh_frame .eh_frame_hdr .gcc_except_table .rodata .data.rel.ro .got; do
        echo "$(size -A "$lib" | awk -v s="$section" '$1 == s { print $2 }') section $section"
    done
}

for t in "${targets[@]}"; do
    case "$t" in
    census)
        log "cargo build -p otpkit-ffi --release, unstripped, in target/census"
        (cd "$repo" && CARGO_TARGET_DIR="$repo/target/census" CARGO_PROFILE_RELEASE_STRIP=none \
            cargo build -p otpkit-ffi --release >&2)
        census "$repo/target/census/release/libotpkit_ffi.so"
        continue
        ;;
    x86_64)
        log "cargo build -p otpkit-ffi --release"
        (cd "$repo" && cargo build -p otpkit-ffi --release >&2)
        lib="$repo/target/release/libotpkit_ffi.so"
        ;;
    aarch64)
        apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross
        build_std_toolchain
        log "cargo build -p otpkit-ffi --release --target aarch64-unknown-linux-gnu -Z build-std"
        build_with_std aarch64-unknown-linux-gnu
        lib="$repo/target/aarch64-unknown-linux-gnu/release/libotpkit_ffi.so"
        ;;
    x86_64-build-std)
        build_std_toolchain
        log "cargo build -p otpkit-ffi --release --target x86_64-unknown-linux-gnu -Z build-std"
        build_with_std x86_64-unknown-linux-gnu
        lib="$repo/target/x86_64-unknown-linux-gnu/release/libotpkit_ffi.so"
        ;;
    esac
    echo "$t $(stat -c %s "$lib") ${lib#"$repo"/}"
done
