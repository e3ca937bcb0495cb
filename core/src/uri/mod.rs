//! `otpauth://` and `otpauth-migration://` URIs: parse (normalising, with a warning for every
//! normalisation) and format (round-tripping).

use crate::otp::{
    Algorithm, OtpError, OtpParams, OtpType, DEFAULT_ALGORITHM, DEFAULT_DIGITS, DEFAULT_PERIOD,
    STEAM_DIGITS,
};
use crate::secret::Secret;

/// One account as a URI describes it. Optional fields stay `None` when the URI did not write
/// them, so that formatting reproduces what was written; the getters apply the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDraft {
    /// TOTP, HOTP or Steam.
    pub otp_type: OtpType,
    /// The service, e.g. "Teamleader Focus".
    pub issuer: Option<String>,
    /// The account at that service, usually an email address.
    pub label: String,
    /// The key.
    pub secret: Secret,
    /// `algorithm=` as written.
    pub algorithm: Option<Algorithm>,
    /// `digits=` as written.
    pub digits: Option<u8>,
    /// `period=` as written.
    pub period: Option<u32>,
    /// `counter=` as written (required for HOTP).
    pub counter: Option<u64>,
}

impl AccountDraft {
    /// The HMAC algorithm, defaulting to SHA1.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm.unwrap_or(DEFAULT_ALGORITHM)
    }

    /// The code length, defaulting to 6 (5 for Steam).
    pub fn digits(&self) -> u8 {
        match self.otp_type {
            OtpType::Steam => self.digits.unwrap_or(STEAM_DIGITS),
            _ => self.digits.unwrap_or(DEFAULT_DIGITS),
        }
    }

    /// The period in seconds, defaulting to 30.
    pub fn period(&self) -> u32 {
        self.period.unwrap_or(DEFAULT_PERIOD)
    }

    /// The HOTP counter, defaulting to 0.
    pub fn counter(&self) -> u64 {
        self.counter.unwrap_or(0)
    }

    /// Validated code parameters for this account.
    pub fn params(&self) -> Result<OtpParams, OtpError> {
        OtpParams::new(
            self.otp_type,
            self.secret.clone(),
            self.algorithm(),
            self.digits(),
            self.period(),
            self.counter(),
        )
    }
}

/// Why a URI was rejected. Names the problem and the fix; never carries the secret or the URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    /// The secret is not valid base32.
    #[error(transparent)]
    Secret(#[from] crate::base32::Base32Error),
    /// The parameters are out of range.
    #[error(transparent)]
    Params(#[from] OtpError),
}
