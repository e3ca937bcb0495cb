//! Parameter validation and agreement with an independent implementation (totp-rs).

use otpkit_core::otp::{self, Algorithm, OtpError, OtpParams, OtpType};
use otpkit_core::secret::Secret;
use proptest::prelude::*;

fn secret() -> Secret {
    Secret::from_bytes(b"12345678901234567890".to_vec())
}

#[test]
fn out_of_range_parameters_are_typed_errors() {
    assert_eq!(
        OtpParams::totp(secret(), Algorithm::Sha1, 6, 0),
        Err(OtpError::PeriodZero)
    );
    for digits in [0, 5, 9, 10, 255] {
        assert_eq!(
            OtpParams::totp(secret(), Algorithm::Sha1, digits, 30),
            Err(OtpError::DigitsOutOfRange { digits })
        );
        assert_eq!(
            OtpParams::hotp(secret(), Algorithm::Sha1, digits, 0),
            Err(OtpError::DigitsOutOfRange { digits })
        );
    }
    assert_eq!(
        OtpParams::new(OtpType::Steam, secret(), Algorithm::Sha1, 6, 30, 0),
        Err(OtpError::SteamDigits { digits: 6 })
    );
    assert_eq!(
        OtpParams::totp(Secret::from_bytes(Vec::new()), Algorithm::Sha1, 6, 30),
        Err(OtpError::EmptySecret)
    );
    // A period of 0 is fine for HOTP, which has no period.
    assert!(OtpParams::new(OtpType::Hotp, secret(), Algorithm::Sha1, 6, 0, 7).is_ok());
}

#[test]
fn error_messages_say_how_to_fix_the_input() {
    assert_eq!(
        OtpError::PeriodZero.to_string(),
        "period is 0 seconds: use 1 or more (30 is the usual value)"
    );
    assert_eq!(
        OtpError::DigitsOutOfRange { digits: 9 }.to_string(),
        "digits is 9: use 6, 7 or 8"
    );
}

#[test]
fn the_last_instants_representable_do_not_overflow() {
    let params = OtpParams::totp(secret(), Algorithm::Sha1, 6, 7).unwrap();
    let code = otp::code(&params, u64::MAX);
    assert_eq!(code.valid_from, Some(u64::MAX - u64::MAX % 7));
    assert_eq!(code.valid_until, Some(u64::MAX));
    let hotp = OtpParams::hotp(secret(), Algorithm::Sha1, 6, u64::MAX).unwrap();
    assert_eq!(
        otp::code(&hotp, 0).next,
        otp::code(&hotp.with_counter(0), 0).value
    );
}

#[test]
fn steam_codes_use_five_characters_of_steams_alphabet() {
    let params = OtpParams::steam(secret()).unwrap();
    for at in (0..3000).step_by(30) {
        let code = otp::code(&params, at);
        assert_eq!(code.value.len(), 5);
        assert!(code
            .value
            .chars()
            .all(|c| "23456789BCDFGHJKMNPQRTVWXY".contains(c)));
    }
}

fn algorithm() -> impl Strategy<Value = (Algorithm, totp_rs::Algorithm)> {
    prop_oneof![
        Just((Algorithm::Sha1, totp_rs::Algorithm::SHA1)),
        Just((Algorithm::Sha256, totp_rs::Algorithm::SHA256)),
        Just((Algorithm::Sha512, totp_rs::Algorithm::SHA512)),
    ]
}

proptest! {
    /// TOTP agrees with totp-rs, written independently, for any key, digits, period and instant.
    #[test]
    fn totp_matches_totp_rs(
        key in proptest::collection::vec(any::<u8>(), 1..80),
        (ours, theirs) in algorithm(),
        digits in 6u8..=8,
        period in 1u32..=600,
        at in 0u64..=4_102_444_800,
    ) {
        let params = OtpParams::totp(Secret::from_bytes(key.clone()), ours, digits, period).unwrap();
        let reference = totp_rs::TOTP::new_unchecked(theirs, usize::from(digits), 1, u64::from(period), key);
        prop_assert_eq!(otp::code(&params, at).value, reference.generate(at));
    }

    /// Steam Guard agrees with totp-rs's Steam mode.
    #[test]
    fn steam_matches_totp_rs(
        key in proptest::collection::vec(any::<u8>(), 1..40),
        at in 0u64..=4_102_444_800,
    ) {
        let params = OtpParams::steam(Secret::from_bytes(key.clone())).unwrap();
        let reference = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::Steam, 5, 1, 30, key);
        prop_assert_eq!(otp::code(&params, at).value, reference.generate(at));
    }
}
