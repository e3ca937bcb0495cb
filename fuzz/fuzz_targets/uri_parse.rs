//! `uri::parse` on arbitrary text: it must never panic, every account it accepts must be
//! usable, and an `otpauth://` account must format to a URI that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = uri::redact_uri(text);
    if let Ok(parsed) = uri::parse(text) {
        for draft in &parsed.accounts {
            assert!(draft.params().is_ok());
            if parsed.batch.is_none() {
                let again = uri::parse(&uri::format(draft)).expect("formatted URI reads back");
                assert_eq!(&again.accounts[0], draft);
            }
        }
    }
});
