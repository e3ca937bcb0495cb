//! The vault container parser on arbitrary bytes: it must never panic, and anything it accepts
//! must survive an open attempt with a wrong key as a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::vault::{fuzz_parse_container, RawKey, Unlock, Vault};

fuzz_target!(|data: &[u8]| {
    if fuzz_parse_container(data) {
        // Vault::open reads a file, so write the input to one first.
        let dir = std::env::temp_dir().join(format!("otpkit-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("vault");
        if std::fs::write(&path, data).is_ok() {
            let _ = Vault::open(&path, Unlock::KeyStore(&RawKey::new([0; 32])));
        }
    }
});
