//! Link flags for the shared library the apps load.

fn main() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    // Pack the relative relocations (pointers in vtables, panic locations, string tables) as
    // RELR: a bitmap instead of 24 bytes each, 0.13 MB less on x86_64 Linux. glibc 2.36+ reads
    // it, and both lld (rustc's default linker there) and GNU ld 2.38+ write it. Android
    // (API 30+ reads RELR) is left to the Android build until it is verified with its NDK.
    if linux {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs");
    }
    // Fold identical functions (generic copies that compile to the same code): 13 KB less. Only
    // with rustc's own lld, the default linker on x86_64 Linux (no linker configured for the
    // target); GNU ld, used for the aarch64 cross-build, has no --icf.
    let x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let lld = linux && x86_64 && std::env::var_os("RUSTC_LINKER").is_none();
    if lld {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--icf=all");
    }
    // The UniFFI metadata (UNIFFI_META_* statics: the interface with its doc comments, 50 KB)
    // out of the release library: made local by the version script, they are dropped as unused.
    // Bindings are generated from a debug build (scripts/lib-ffi.sh), never from a release one,
    // whose stripped symbol table bindgen cannot read anyway. lld only: GNU ld refuses a second
    // anonymous version script. A name the library no longer has is not an error.
    println!("cargo:rerun-if-changed=uniffi-metadata.map");
    if lld && std::env::var("PROFILE").as_deref() == Ok("release") {
        let map = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap())
            .join("uniffi-metadata.map");
        println!("cargo:rustc-cdylib-link-arg=-Wl,--undefined-version");
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            map.display()
        );
    }
}
