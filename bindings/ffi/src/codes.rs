//! Codes for a key the user typed in, at an explicit instant or by the app's clock.

use std::sync::Arc;

use otpkit_core::clock::unix_seconds;
use otpkit_core::otp::{
    self, OtpParams, OtpType, DEFAULT_ALGORITHM, DEFAULT_DIGITS, DEFAULT_PERIOD, STEAM_DIGITS,
};
use otpkit_core::secret::Secret;

use crate::clock::{ForeignClock, WallClock};
use crate::error::OtpKitError;
use crate::reason::{ErrorDetails, ErrorReason};
use crate::views::{CodeView, ManualEntry, OtpKind};

/// The code for `entry` at Unix second `at_unix_seconds`.
#[uniffi::export]
pub fn code_at(entry: ManualEntry, at_unix_seconds: i64) -> Result<CodeView, OtpKitError> {
    let at = unix_instant(at_unix_seconds)?;
    let params = params_of(entry)?;
    Ok(CodeView::new(&otp::code(&params, at), at, params.period()))
}

/// The code for `entry` now, as `clock` reads it.
#[uniffi::export]
pub fn code_now(entry: ManualEntry, clock: Arc<dyn WallClock>) -> Result<CodeView, OtpKitError> {
    let at = unix_seconds(&ForeignClock(clock))?;
    let params = params_of(entry)?;
    Ok(CodeView::new(&otp::code(&params, at), at, params.period()))
}

/// Validated core parameters for a typed-in key, with the defaults for what it leaves out.
fn params_of(entry: ManualEntry) -> Result<OtpParams, OtpKitError> {
    let (secret, _cleanup) = Secret::from_base32(entry.setup_key.text())?;
    let kind: OtpType = entry.kind.unwrap_or(OtpKind::Totp).into();
    let algorithm = entry.algorithm.map_or(DEFAULT_ALGORITHM, Into::into);
    let digits = match entry.digits {
        None if kind == OtpType::Steam => STEAM_DIGITS,
        None => DEFAULT_DIGITS,
        Some(digits) => u8::try_from(digits).map_err(|_| {
            OtpKitError::new(
                ErrorReason::DigitsOutOfRange,
                ErrorDetails::default().value(digits),
                format!("digits is {digits}: use 6, 7 or 8"),
            )
        })?,
    };
    let period = match entry.period_seconds {
        None => DEFAULT_PERIOD,
        Some(period) => u32::try_from(period).map_err(|_| {
            OtpKitError::new(
                ErrorReason::PeriodOutOfRange,
                ErrorDetails::default().value(period),
                format!("period is {period} seconds: use 1 or more (30 is the usual value)"),
            )
        })?,
    };
    let counter = match entry.counter {
        None => 0,
        Some(counter) => u64::try_from(counter).map_err(|_| {
            OtpKitError::new(
                ErrorReason::CounterOutOfRange,
                ErrorDetails::default().value(counter),
                format!("counter is {counter}: use 0 or more"),
            )
        })?,
    };
    Ok(OtpParams::new(
        kind, secret, algorithm, digits, period, counter,
    )?)
}

/// A Unix second from the app, which must not be before 1970.
pub(crate) fn unix_instant(at_unix_seconds: i64) -> Result<u64, OtpKitError> {
    u64::try_from(at_unix_seconds).map_err(|_| {
        OtpKitError::invalid_argument(
            "atUnixSeconds",
            Some(at_unix_seconds),
            format!(
                "time {at_unix_seconds} is before 1970: pass Unix seconds (seconds since 1 January 1970 UTC)"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::{HashAlgorithm, OtpKind, SetupKey};

    /// RFC 6238 appendix B's SHA1 key, "12345678901234567890", in base32.
    const RFC6238_SHA1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    fn totp8(secret: &str) -> ManualEntry {
        ManualEntry {
            setup_key: SetupKey::new(secret.to_string()),
            kind: Some(OtpKind::Totp),
            algorithm: Some(HashAlgorithm::Sha1),
            digits: Some(8),
            period_seconds: None,
            counter: None,
        }
    }

    #[test]
    fn rfc6238_vector_at_59() {
        let view = code_at(totp8(RFC6238_SHA1), 59).unwrap();
        assert_eq!(view.code, "94287082");
        assert_eq!(view.seconds_left, Some(1));
        assert_eq!(view.period_seconds, Some(30));
        assert_eq!(view.valid_until_unix, Some(60));
    }

    #[test]
    fn a_typed_in_key_never_shows_in_debug() {
        let shown = format!("{:?}", totp8(RFC6238_SHA1));
        assert!(!shown.contains(RFC6238_SHA1), "{shown}");
        assert!(
            shown.contains("SetupKey(<redacted>)") && shown.contains("digits: Some(8)"),
            "{shown}"
        );
    }

    #[test]
    fn negative_numbers_are_bad_input_not_wrapped() {
        let mut entry = totp8(RFC6238_SHA1);
        entry.period_seconds = Some(-30);
        assert!(matches!(
            code_at(entry, 59),
            Err(OtpKitError::InvalidInput { .. })
        ));
        assert!(matches!(
            code_at(totp8(RFC6238_SHA1), -1),
            Err(OtpKitError::InvalidInput { .. })
        ));
    }

    struct Before1970;
    impl WallClock for Before1970 {
        fn now_unix_millis(&self) -> i64 {
            -5_000
        }
        fn millis_since_boot(&self) -> i64 {
            1_000
        }
    }

    #[test]
    fn a_foreign_clock_before_1970_is_a_clock_error() {
        let err = code_now(totp8(RFC6238_SHA1), Arc::new(Before1970)).unwrap_err();
        assert!(matches!(err, OtpKitError::ClockUnusable { .. }));
    }
}
