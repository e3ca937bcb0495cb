//! `clock::verify`: which step a typed code matched and the clock error it implies.
//! Codes come from RFC 6238 appendix B and RFC 4226 appendix D (secret "12345678901234567890").

use otpkit_core::clock::{verify, VerifyError, VerifyMatch, DEFAULT_WINDOW, MAX_WINDOW};
use otpkit_core::otp::{self, Algorithm, OtpParams};
use otpkit_core::secret::Secret;

fn secret() -> Secret {
    Secret::from_bytes(b"12345678901234567890".to_vec())
}

fn totp(digits: u8) -> OtpParams {
    OtpParams::totp(secret(), Algorithm::Sha1, digits, 30).unwrap()
}

#[test]
fn a_code_from_this_step_means_no_clock_error() {
    // RFC 6238: T = 59 -> 94287082 (8 digits).
    assert_eq!(
        verify(&totp(8), "94287082", 59, DEFAULT_WINDOW),
        Ok(Some(VerifyMatch {
            step_offset: 0,
            clock_error_s: Some((-29, 0))
        }))
    );
}

#[test]
fn a_code_from_95_seconds_ago_says_how_far_behind_the_other_clock_is() {
    // The code for T = 59 typed when this clock reads 154: it came from a clock 95 to 124 s behind.
    assert_eq!(
        verify(&totp(6), "287 082", 154, DEFAULT_WINDOW),
        Ok(Some(VerifyMatch {
            step_offset: -4,
            clock_error_s: Some((-124, -95))
        }))
    );
    // RFC 6238: T = 1111111109 -> 07081804, typed at 1111111111 (the next step, which began
    // at 1111111110): the code's step ran from 1111111080 to 1111111109.
    assert_eq!(
        verify(&totp(8), "0708-1804", 1_111_111_111, 1),
        Ok(Some(VerifyMatch {
            step_offset: -1,
            clock_error_s: Some((-31, -2))
        }))
    );
}

#[test]
fn a_code_from_the_future_gives_a_positive_error() {
    let at = 1_234_567_890;
    let ahead = otp::code(&totp(6), at + 3 * 30).value;
    let found = verify(&totp(6), &ahead, at, DEFAULT_WINDOW)
        .unwrap()
        .expect("a match");
    assert_eq!(found.step_offset, 3);
    let (low, high) = found.clock_error_s.unwrap();
    assert!(low <= 90 && 90 <= high && high - low == 29);
}

#[test]
fn outside_the_window_nothing_matches() {
    let at = 1_234_567_890;
    let far = otp::code(&totp(6), at + 11 * 30).value;
    assert_eq!(verify(&totp(6), &far, at, 10), Ok(None));
    assert!(verify(&totp(6), &far, at, 11).unwrap().is_some());
}

#[test]
fn hotp_looks_ahead_only() {
    // RFC 4226: counters 0..3 -> 755224, 287082, 359152, 969429.
    let hotp = OtpParams::hotp(secret(), Algorithm::Sha1, 6, 1).unwrap();
    assert_eq!(
        verify(&hotp, "969429", 0, DEFAULT_WINDOW),
        Ok(Some(VerifyMatch {
            step_offset: 2,
            clock_error_s: None
        }))
    );
    assert_eq!(verify(&hotp, "755224", 0, DEFAULT_WINDOW), Ok(None));
}

#[test]
fn steam_codes_are_case_insensitive() {
    let steam = OtpParams::steam(secret()).unwrap();
    let code = otp::code(&steam, 1_700_000_000).value;
    assert_eq!(
        verify(&steam, &code.to_ascii_lowercase(), 1_700_000_000, 0)
            .unwrap()
            .map(|m| m.step_offset),
        Some(0)
    );
}

#[test]
fn bad_input_is_a_typed_error() {
    let p = totp(6);
    assert_eq!(verify(&p, " - ", 59, 1), Err(VerifyError::Empty));
    assert_eq!(
        verify(&p, "12345", 59, 1),
        Err(VerifyError::WrongLength {
            expected: 6,
            got: 5
        })
    );
    assert!(matches!(
        verify(&p, "12a456", 59, 1),
        Err(VerifyError::BadCharacter { position: 3, .. })
    ));
    assert_eq!(
        verify(&p, "123456", 59, MAX_WINDOW + 1),
        Err(VerifyError::WindowTooWide {
            window: MAX_WINDOW + 1
        })
    );
}

#[test]
fn counters_past_the_end_are_never_matched() {
    // Counters u64::MAX - 1 and u64::MAX exist; the next two would wrap to 0 and 1, whose
    // codes (755224, 287082) must not match.
    let hotp = OtpParams::hotp(secret(), Algorithm::Sha1, 6, u64::MAX - 1).unwrap();
    assert_eq!(verify(&hotp, "755224", 0, 3), Ok(None));
    assert_eq!(verify(&hotp, "287082", 0, 3), Ok(None));
    let last = otp::code(&hotp.with_counter(u64::MAX), 0).value;
    assert_eq!(
        verify(&hotp, &last, 0, 3).unwrap().map(|m| m.step_offset),
        Some(1)
    );
}
