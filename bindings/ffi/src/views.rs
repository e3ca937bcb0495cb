//! The records and enums that cross the boundary. Built from core values with `From`; none of
//! them carries a secret. Numbers are signed (`Int`/`Long` in Kotlin, `Int32`/`Int64` in Swift)
//! because that is what app code computes with; the facade checks their range on the way in.

use otpkit_core::otp::{self, Algorithm, OtpType};

/// The kind of one-time password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OtpKind {
    /// Time-based (RFC 6238): the usual kind.
    Totp,
    /// Counter-based (RFC 4226).
    Hotp,
    /// Steam Guard: time-based, 5 characters.
    Steam,
}

/// The HMAC hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HashAlgorithm {
    /// HMAC-SHA1: the default, and what nearly every service uses.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl From<OtpType> for OtpKind {
    fn from(kind: OtpType) -> Self {
        match kind {
            OtpType::Totp => OtpKind::Totp,
            OtpType::Hotp => OtpKind::Hotp,
            OtpType::Steam => OtpKind::Steam,
        }
    }
}

impl From<OtpKind> for OtpType {
    fn from(kind: OtpKind) -> Self {
        match kind {
            OtpKind::Totp => OtpType::Totp,
            OtpKind::Hotp => OtpType::Hotp,
            OtpKind::Steam => OtpType::Steam,
        }
    }
}

impl From<Algorithm> for HashAlgorithm {
    fn from(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha1 => HashAlgorithm::Sha1,
            Algorithm::Sha256 => HashAlgorithm::Sha256,
            Algorithm::Sha512 => HashAlgorithm::Sha512,
        }
    }
}

impl From<HashAlgorithm> for Algorithm {
    fn from(algorithm: HashAlgorithm) -> Self {
        match algorithm {
            HashAlgorithm::Sha1 => Algorithm::Sha1,
            HashAlgorithm::Sha256 => Algorithm::Sha256,
            HashAlgorithm::Sha512 => Algorithm::Sha512,
        }
    }
}

/// A key the user typed in by hand (the "enter a setup key" screen). Only the secret is
/// required; a field left `null`/`nil` takes the value services mean when they say nothing
/// (TOTP, SHA1, 6 digits or 5 for Steam, 30 seconds, counter 0).
#[derive(Debug, Clone, uniffi::Record)]
pub struct ManualEntry {
    /// The setup key as shown by the service: base32, spaces, dashes and lowercase allowed.
    pub secret_base32: String,
    /// The kind of code.
    #[uniffi(default = None)]
    pub kind: Option<OtpKind>,
    /// The HMAC hash.
    #[uniffi(default = None)]
    pub algorithm: Option<HashAlgorithm>,
    /// Code length: 6 to 8 (Steam: 5).
    #[uniffi(default = None)]
    pub digits: Option<i32>,
    /// Seconds per code (time-based kinds).
    #[uniffi(default = None)]
    pub period_seconds: Option<i32>,
    /// The HOTP counter.
    #[uniffi(default = None)]
    pub counter: Option<i64>,
}

/// One code as the code list shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CodeView {
    /// The code to type.
    pub code: String,
    /// The code after it (next time step, or next counter for HOTP), shown as a preview.
    pub next_code: String,
    /// Seconds until `code` changes, seen from the instant it was computed for (None for HOTP).
    pub seconds_left: Option<i32>,
    /// Seconds per code (None for HOTP).
    pub period_seconds: Option<i32>,
    /// The Unix second at which `code` stops being valid (None for HOTP): when to refresh.
    pub valid_until_unix: Option<i64>,
}

impl CodeView {
    /// The view of `code`, computed for Unix second `at`, for an account whose codes change
    /// every `period` seconds (ignored for HOTP, whose codes carry no validity window).
    pub fn new(code: &otp::Code, at: u64, period: u32) -> Self {
        let seconds_left = code.seconds_left(at);
        CodeView {
            code: code.value.clone(),
            next_code: code.next.clone(),
            seconds_left: seconds_left.map(|s| i32::try_from(s).unwrap_or(i32::MAX)),
            period_seconds: seconds_left.map(|_| i32::try_from(period).unwrap_or(i32::MAX)),
            valid_until_unix: code
                .valid_until
                .map(|until| i64::try_from(until).unwrap_or(i64::MAX)),
        }
    }
}
