//! Every importer and format detection on arbitrary bytes: they must never panic. No password
//! is given, so encrypted inputs stop before any key derivation (after their own parsing: the
//! Java serialisation of a FreeOTP backup, the JSON of the others).
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::vault::import::{self, ImportFormat};

fuzz_target!(|data: &[u8]| {
    let _ = import::detect(data);
    // An OtpKit backup is the vault container, fuzzed by its own target.
    for format in ImportFormat::ALL.into_iter().filter(|f| *f != ImportFormat::Otpkit) {
        if let Ok(batch) = import::read(format, data, None) {
            for entry in &batch.entries {
                assert!(entry.draft.params().is_ok());
            }
        }
    }
});
