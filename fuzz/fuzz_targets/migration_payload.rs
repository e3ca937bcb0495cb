//! The Google Authenticator export decoder on arbitrary protobuf bytes: it must never panic,
//! and every account it accepts must be usable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::uri::migration;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = migration::decode_payload(data) {
        for draft in &parsed.accounts {
            assert!(draft.params().is_ok());
        }
    }
});
