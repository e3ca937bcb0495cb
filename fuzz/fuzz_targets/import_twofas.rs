//! The 2FAS backup (plain or encrypted) importer alone on arbitrary bytes: it must never panic, and every entry it
//! accepts must be usable. No password is given, so an encrypted file stops before any key
//! derivation (a fuzzer must not spend its time in scrypt or PBKDF2).
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::vault::import::{self, ImportFormat};

fuzz_target!(|data: &[u8]| {
    let _ = import::needs_password(ImportFormat::TwoFas, data);
    if let Ok(batch) = import::read(ImportFormat::TwoFas, data, None) {
        for entry in &batch.entries {
            assert!(entry.draft.params().is_ok());
        }
    }
});
