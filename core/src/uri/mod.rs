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

/// What a URI holds: its accounts (several for a migration export) and every normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The accounts, in the URI's order.
    pub accounts: Vec<AccountDraft>,
    /// Every normalisation applied, with the account it concerns.
    pub warnings: Vec<Warning>,
}

/// A normalisation the parser applied to one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Index in [`Parsed::accounts`].
    pub account: usize,
    /// What was normalised.
    pub kind: WarningKind,
}

/// The normalisations.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// The secret was cleaned up (lowercase, padding, separators).
    SecretCleanup(crate::base32::Cleanup),
}

impl Warning {
    /// Stable snake_case name.
    pub fn kind(&self) -> &'static str {
        match self.kind {
            WarningKind::SecretCleanup(_) => "secret_cleanup",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            WarningKind::SecretCleanup(_) => {
                f.write_str("the secret was written in a non-canonical form")
            }
        }
    }
}

/// Interim parser (being replaced by the full one): `otpauth://TYPE/LABEL?secret=...`.
pub fn parse(text: &str) -> Result<Parsed, UriError> {
    use percent_encoding::percent_decode_str;
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    let rest = text
        .strip_prefix("otpauth://")
        .ok_or(UriError::NotOtpauth)?;
    let (kind, rest) = rest.split_once('/').ok_or(UriError::NotOtpauth)?;
    let otp_type = match kind.to_ascii_lowercase().as_str() {
        "totp" => OtpType::Totp,
        "hotp" => OtpType::Hotp,
        "steam" => OtpType::Steam,
        _ => return Err(UriError::NotOtpauth),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = decode(path);
    let (path_issuer, label) = match path.split_once(':') {
        Some((issuer, label)) => (Some(issuer.trim().to_owned()), label.trim().to_owned()),
        None => (None, path.trim().to_owned()),
    };
    let mut draft = AccountDraft {
        otp_type,
        issuer: path_issuer,
        label,
        secret: Secret::from_bytes(Vec::new()),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    };
    let mut warnings = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        let number = |v: &str| v.parse::<u64>().map_err(|_| UriError::NotOtpauth);
        match key.to_ascii_lowercase().as_str() {
            "secret" => {
                let (secret, cleanup) = Secret::from_base32(&value)?;
                if !cleanup.is_clean() {
                    warnings.push(Warning {
                        account: 0,
                        kind: WarningKind::SecretCleanup(cleanup),
                    });
                }
                draft.secret = secret;
            }
            "issuer" => draft.issuer = Some(value),
            "algorithm" => {
                draft.algorithm = Some(Algorithm::from_name(&value).ok_or(UriError::NotOtpauth)?)
            }
            "digits" => {
                draft.digits = Some(
                    number(&value)?
                        .try_into()
                        .map_err(|_| UriError::NotOtpauth)?,
                )
            }
            "period" => {
                draft.period = Some(
                    number(&value)?
                        .try_into()
                        .map_err(|_| UriError::NotOtpauth)?,
                )
            }
            "counter" => draft.counter = Some(number(&value)?),
            _ => {}
        }
    }
    draft.params()?;
    Ok(Parsed {
        accounts: vec![draft],
        warnings,
    })
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
    /// Not an otpauth URI this interim parser reads.
    #[error("not an otpauth:// URI")]
    NotOtpauth,
}

impl UriError {
    /// Stable snake_case name.
    pub fn kind(&self) -> &'static str {
        match self {
            UriError::Secret(_) => "not_base32",
            UriError::Params(_) => "invalid_parameters",
            UriError::NotOtpauth => "not_otpauth",
        }
    }
}
