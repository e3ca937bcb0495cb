//! [`Warning`]: every normalisation the parser made, so that no value changes silently.

use std::fmt;

use super::error::{Shown, UriError};
use crate::otp::Algorithm;

/// One normalisation (or a weak secret), and which account it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Index into [`super::Parsed::accounts`], or `None` when it concerns the whole URI (for
    /// example the base64 of a migration export).
    pub account: Option<usize>,
    /// What happened.
    pub kind: WarningKind,
}

impl Warning {
    /// A stable name for JSON (`secret_lowercase`, `issuer_mismatch`, ...).
    pub fn kind(&self) -> &'static str {
        self.kind.as_str()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

/// What the parser normalised or noticed. The `Display` text is the user-facing message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum WarningKind {
    /// Lowercase letters in the secret were read as uppercase.
    #[error("the secret had lowercase letters; they were read as uppercase")]
    SecretLowercase,
    /// `=` padding at the end of the secret was removed.
    #[error("the secret ended with '=' padding, which was removed")]
    SecretPadding,
    /// Spaces or dashes between groups of the secret were removed.
    #[error("the secret had spaces or dashes between groups, which were removed")]
    SecretSeparators,
    /// The last base32 characters carried bits that do not fill a byte; they were dropped, as
    /// every authenticator does, so the key is stored in its canonical form.
    #[error("the secret's last characters held bits that do not fill a byte; they were ignored, as other apps do")]
    SecretTrailingBits,
    /// A key shorter than 128 bits (RFC 4226's minimum); codes still work.
    #[error("the secret is only {bits} bits long (128 or more is recommended); ask the service for a new one if you can")]
    WeakSecret {
        /// Key length in bits.
        bits: usize,
    },
    /// The label's `Issuer:` prefix and `issuer=` differ; `issuer=` was kept.
    #[error("the label says the issuer is '{path}' but issuer= says '{param}'; kept '{param}'")]
    IssuerMismatch {
        /// Issuer from the label prefix.
        path: String,
        /// Issuer from the `issuer=` parameter (kept).
        param: String,
    },
    /// Leading or trailing whitespace around the label or issuer was removed (the spaces the
    /// spec allows after `Issuer:` are not reported).
    #[error("spaces around the {field} were removed")]
    WhitespaceTrimmed {
        /// `label` or `issuer`.
        field: &'static str,
    },
    /// A parameter this parser does not know (`image=`, `color=`, ...) was ignored.
    #[error("the parameter {name} is not used by OtpKit and was ignored")]
    UnknownParameter {
        /// The parameter name.
        name: Shown,
    },
    /// A known parameter that does not apply to this type (`period=` on hotp, `counter=` on
    /// totp) was ignored.
    #[error("{name}= does not apply to {otp_type} accounts and was ignored")]
    ParameterIgnored {
        /// The parameter name.
        name: &'static str,
        /// The account type (`totp`, `hotp`, `steam`).
        otp_type: &'static str,
    },
    /// A `totp` URI whose issuer is Steam and that sets no other length than 5 was read as a
    /// Steam Guard account (Steam Desktop Authenticator and WinAuth write it that way).
    #[error("the account's issuer is Steam, so it was read as a Steam Guard account (5-character codes)")]
    SteamAssumed,
    /// A `#fragment` at the end of the URI was ignored.
    #[error("the text after '#' at the end of the URI was ignored")]
    FragmentIgnored,
    /// A migration export carries no period: 30 seconds was assumed.
    #[error("Google Authenticator exports do not carry the period; {period} seconds was assumed")]
    PeriodAssumed {
        /// The period assumed.
        period: u32,
    },
    /// A migration account without a digit count: the default was assumed.
    #[error(
        "the exported account does not say how many digits its codes have; {digits} was assumed"
    )]
    DigitsAssumed {
        /// The length assumed.
        digits: u8,
    },
    /// A migration account without an algorithm: the default was assumed.
    #[error("the exported account does not say its algorithm; {} was assumed", .algorithm.as_str())]
    AlgorithmAssumed {
        /// The algorithm assumed.
        algorithm: Algorithm,
    },
    /// A migration account without a type: TOTP was assumed.
    #[error("the exported account does not say whether it is time- or counter-based; time-based (totp) was assumed")]
    TypeAssumed,
    /// The export's base64 lacked its `=` padding (added back).
    #[error("the export data lacked its '=' padding; it was read without it")]
    Base64Padding,
    /// The export's base64 used the URL-safe alphabet (`-` and `_`).
    #[error("the export data used URL-safe base64 ('-' and '_'); it was read as such")]
    Base64UrlSafe,
    /// An imported group name that [`super::check_name`] refuses (too long, or an unsafe
    /// character) was left out; the account was kept.
    #[error("{reason}; the group was left out")]
    GroupLeftOut {
        /// Why the name was refused (never the text itself).
        reason: UriError,
    },
    /// An imported note that [`super::check_name`] refuses was left out; the account was kept.
    #[error("{reason}; the note was left out")]
    NoteLeftOut {
        /// Why the note was refused (never the text itself).
        reason: UriError,
    },
    /// An entry with several tags (andOTP): a vault account has one group, the first tag.
    #[error("the entry has several tags; the first became its group")]
    TagsDropped,
}

impl WarningKind {
    /// A stable name for JSON.
    pub fn as_str(&self) -> &'static str {
        self.into()
    }
}
