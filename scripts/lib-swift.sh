# Shared by test-swift.sh and test-presentation-swift.sh (sourced after lib-ffi.sh, not run).
# Runs Swift build-and-test steps with `swiftc` on PATH, or else in the Debian 13 root that
# install-toolchains.sh makes, in a private mount namespace so no mount outlives the call
# (TOOLCHAINS.md).

# run_swift_steps WORK STEPS: runs the shell script STEPS in directory WORK (inside the repo) with
# $0 set to the repo's root as the steps see it (the repo itself, or /src in the chroot), through
# run_suite, so the last line is `N passed, N failed` even if the steps crash.
run_swift_steps() {
    local work="$1" steps="$2" root="$cache/trixie-root" rel_work
    rel_work="${work#"$repo"/}"
    if command -v swiftc >/dev/null 2>&1; then
        log "running with $(command -v swiftc)"
        run_suite sh -c "cd '$work' && sh -c '$steps' '$repo'"
    else
        [ -x "$root/usr/bin/swiftc" ] || {
            log "no swiftc on PATH and none in $root"
            echo "0 passed, 1 failed"
            return 1
        }
        log "running in the Debian 13 root $root"
        mkdir -p "$root/src"
        # shellcheck disable=SC2016 # expanded by the inner shell
        run_suite unshare -m --propagation private sh -c '
            root="$1"; repo="$2"; rel_work="$3"; steps="$4"
            mount -t proc proc "$root/proc" &&
            mount --rbind /dev "$root/dev" &&
            mount --bind "$repo" "$root/src" &&
            exec chroot "$root" sh -c "cd /src/$rel_work && sh -c \"\$1\" /src" sh "$steps"
        ' sh "$root" "$repo" "$rel_work" "$steps"
    fi
}
