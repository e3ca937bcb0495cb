//! HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes.
//!
//! All three share one path: HMAC over a moving factor, dynamic truncation, then either decimal
//! digits or Steam's 5-character alphabet. [`OtpParams`] can only be built through validating
//! constructors, so code generation itself cannot fail; it never reads the clock: callers pass an
//! instant, or a [`Clock`] to [`code_now`].

mod generate;

use crate::clock::{self, Clock, ClockError};
use crate::secret::Secret;

pub use generate::code;

/// Period used when a URI does not say (RFC 6238's recommendation, and every app's default).
pub const DEFAULT_PERIOD: u32 = 30;
/// Digits used when a URI does not say.
pub const DEFAULT_DIGITS: u8 = 6;
/// HMAC algorithm used when a URI does not say.
pub const DEFAULT_ALGORITHM: Algorithm = Algorithm::Sha1;
/// Decimal code lengths we generate. Shorter codes are too guessable, longer ones no app shows.
pub const DIGITS_RANGE: std::ops::RangeInclusive<u8> = 6..=8;
/// Steam Guard codes are always 5 characters.
pub const STEAM_DIGITS: u8 = 5;

/// The HMAC hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "UPPERCASE")]
pub enum Algorithm {
    /// HMAC-SHA1: the default, and what nearly every service uses.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs and in JSON: `SHA1`, `SHA256`, `SHA512`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a name as written in URIs, case-insensitively, with or without a dash (`sha-256`).
    pub fn from_name(name: &str) -> Option<Self> {
        let compact: String = name
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        match compact.as_str() {
            "SHA1" => Some(Algorithm::Sha1),
            "SHA256" => Some(Algorithm::Sha256),
            "SHA512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

/// The kind of one-time password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum OtpType {
    /// Time-based (RFC 6238).
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard: time-based, 5 characters from Steam's alphabet.
    Steam,
}

impl OtpType {
    /// The name used in otpauth URIs and JSON: `totp`, `hotp`, `steam`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// True for the time-based kinds (TOTP and Steam).
    pub fn is_time_based(self) -> bool {
        !matches!(self, OtpType::Hotp)
    }
}

/// Why a set of code parameters was refused. Never carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum OtpError {
    /// The secret holds no bytes.
    #[error("secret is empty: the account needs its secret key")]
    EmptySecret,
    /// A period of 0 seconds, which would make every instant its own step.
    #[error("period is 0 seconds: use 1 or more (30 is the usual value)")]
    PeriodZero,
    /// A code length outside 6 to 8 digits (Steam: exactly 5 characters).
    #[error("digits is {digits}: use 6, 7 or 8")]
    DigitsOutOfRange {
        /// The refused length.
        digits: u8,
    },
    /// A Steam account with another length than 5.
    #[error("digits is {digits}: Steam Guard codes have exactly 5 characters, use 5")]
    SteamDigits {
        /// The refused length.
        digits: u8,
    },
}

/// Validated parameters for one account's codes. `Debug` shows the secret as `<redacted>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpParams {
    otp_type: OtpType,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
    secret: Secret,
}

impl OtpParams {
    /// Validates and builds parameters. `period` matters only for the time-based kinds and
    /// `counter` only for HOTP; each is kept as given so that formatting reproduces it.
    pub fn new(
        otp_type: OtpType,
        secret: Secret,
        algorithm: Algorithm,
        digits: u8,
        period: u32,
        counter: u64,
    ) -> Result<Self, OtpError> {
        if secret.is_empty() {
            return Err(OtpError::EmptySecret);
        }
        match otp_type {
            OtpType::Steam if digits != STEAM_DIGITS => {
                return Err(OtpError::SteamDigits { digits })
            }
            OtpType::Totp | OtpType::Hotp if !DIGITS_RANGE.contains(&digits) => {
                return Err(OtpError::DigitsOutOfRange { digits })
            }
            _ => {}
        }
        if otp_type.is_time_based() && period == 0 {
            return Err(OtpError::PeriodZero);
        }
        Ok(OtpParams {
            otp_type,
            algorithm,
            digits,
            period,
            counter,
            secret,
        })
    }

    /// TOTP parameters.
    pub fn totp(
        secret: Secret,
        algorithm: Algorithm,
        digits: u8,
        period: u32,
    ) -> Result<Self, OtpError> {
        Self::new(OtpType::Totp, secret, algorithm, digits, period, 0)
    }

    /// HOTP parameters at `counter`.
    pub fn hotp(
        secret: Secret,
        algorithm: Algorithm,
        digits: u8,
        counter: u64,
    ) -> Result<Self, OtpError> {
        Self::new(
            OtpType::Hotp,
            secret,
            algorithm,
            digits,
            DEFAULT_PERIOD,
            counter,
        )
    }

    /// Steam Guard parameters (SHA1, 5 characters, 30 s).
    pub fn steam(secret: Secret) -> Result<Self, OtpError> {
        Self::new(
            OtpType::Steam,
            secret,
            Algorithm::Sha1,
            STEAM_DIGITS,
            DEFAULT_PERIOD,
            0,
        )
    }

    /// The kind of code.
    pub fn otp_type(&self) -> OtpType {
        self.otp_type
    }
    /// The HMAC hash.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    /// Code length: 6 to 8 digits, or 5 characters for Steam.
    pub fn digits(&self) -> u8 {
        self.digits
    }
    /// Step length in seconds (time-based kinds).
    pub fn period(&self) -> u32 {
        self.period
    }
    /// The HOTP counter (0 for time-based kinds).
    pub fn counter(&self) -> u64 {
        self.counter
    }
    /// The key.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
    /// The same parameters at another HOTP counter.
    pub fn with_counter(&self, counter: u64) -> Self {
        OtpParams {
            counter,
            ..self.clone()
        }
    }
}

/// A code, with the one after it and, for time-based kinds, when it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The code to type.
    pub value: String,
    /// The next code (next time step, or next counter for HOTP).
    pub next: String,
    /// First Unix second the code is valid (time-based kinds only).
    pub valid_from: Option<u64>,
    /// First Unix second the code is no longer valid (time-based kinds only).
    pub valid_until: Option<u64>,
}

impl Code {
    /// Seconds until the code changes, seen from `at` (None for HOTP).
    pub fn seconds_left(&self, at: u64) -> Option<u64> {
        self.valid_until.map(|until| until.saturating_sub(at))
    }
}

/// The code now, as `clock` reads it.
pub fn code_now(params: &OtpParams, clock: &dyn Clock) -> Result<Code, ClockError> {
    Ok(code(params, clock::unix_seconds(clock)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;
    use strum::EnumCount;

    #[test]
    fn types_and_algorithms_keep_their_names() {
        let types = [
            (OtpType::Totp, "totp"),
            (OtpType::Hotp, "hotp"),
            (OtpType::Steam, "steam"),
        ];
        assert_names(&types, |t| t.as_str(), OtpType::COUNT);
        let algorithms = [
            (Algorithm::Sha1, "SHA1"),
            (Algorithm::Sha256, "SHA256"),
            (Algorithm::Sha512, "SHA512"),
        ];
        assert_names(&algorithms, |a| a.as_str(), Algorithm::COUNT);
    }
}
