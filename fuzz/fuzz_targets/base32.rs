//! The lenient base32 decoder on arbitrary text: it must never panic, anything it accepts must
//! encode to the canonical form and decode back to the same bytes (a lone character gives no
//! byte at all), and canonical encoding of
//! arbitrary bytes must decode back with nothing to clean up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::base32;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok((bytes, _cleanup)) = base32::decode(text) {
            // One lone character holds no whole byte: an empty key, which callers refuse.
            if bytes.is_empty() {
                let symbols = text.chars().filter(char::is_ascii_alphanumeric).count();
                assert_eq!(symbols, 1, "only a single character decodes to nothing");
                return;
            }
            let canonical = base32::encode(&bytes);
            let (again, cleanup) = base32::decode(&canonical).expect("canonical base32 decodes");
            assert_eq!(again.as_slice(), bytes.as_slice());
            assert!(!cleanup.lowercase && !cleanup.padding && !cleanup.separators);
        }
    }
    if !data.is_empty() {
        let encoded = base32::encode(data);
        let (decoded, _) = base32::decode(&encoded).expect("encoded bytes decode");
        assert_eq!(decoded.as_slice(), data);
    }
});
