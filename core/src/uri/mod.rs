//! `otpauth://` and `otpauth-migration://` URIs: parse (normalising, with a warning for every
//! normalisation) and format (round-tripping).
//!
//! - [`parse`] reads either kind into [`Parsed`]: account drafts, [`Warning`]s, and for a
//!   Google Authenticator export its [`BatchInfo`] and any accounts it had to reject.
//! - [`format()`] writes the canonical `otpauth://` URI of a draft; `parse(format(d))` gives `d`
//!   back.
//! - [`migration`] decodes and encodes Google Authenticator's export.
//! - [`redact_uri`] gives a URI's shape for logs, never its content.
//! - [`validated`] and [`check_name`] are the one check every account and name passes, whether
//!   it came from a URI or an import file; [`printable`] makes a refused name safe to report.

mod error;
pub mod migration;
mod otpauth;
mod redact;
mod text;
mod warning;

pub use error::{Shown, UriError};
pub use otpauth::MIN_STRONG_SECRET_BITS;
pub(crate) use otpauth::{read_secret, weak_secret};
pub use redact::redact_uri;
pub use text::{is_unsafe_char, printable};
pub use warning::{Warning, WarningKind};

use zeroize::Zeroizing;

use crate::otp::{
    Algorithm, OtpError, OtpParams, OtpType, DEFAULT_ALGORITHM, DEFAULT_DIGITS, DEFAULT_PERIOD,
    STEAM_DIGITS,
};
use crate::secret::Secret;

/// Longest URI accepted, in bytes. A QR code holds at most 4,296 characters; the rest is room
/// for pasted text, while bounding the work any input can cause.
pub const MAX_URI_LEN: usize = 16 * 1024;
/// Longest issuer or label, in bytes once decoded: the vault's limit for its text fields, and with [`MAX_SECRET_BYTES`] small enough that
/// [`format`] of any accepted account stays under [`MAX_URI_LEN`] and so reads back.
pub const MAX_NAME_LEN: usize = 1024;
/// Largest secret, in bytes (8,192 bits; real keys have 10 to 64 bytes).
pub const MAX_SECRET_BYTES: usize = 1024;

/// The one rule for a name an account may carry (issuer, label, and an imported group or
/// note): at most [`MAX_NAME_LEN`] bytes, and none of the characters of [`is_unsafe_char`]
/// (controls, line separators, bidirectional overrides). Every URI and every importer goes
/// through it, so a name in the vault is always safe to print.
pub fn check_name(field: &'static str, text: &str) -> Result<(), UriError> {
    let len = text.len();
    if len > MAX_NAME_LEN {
        return Err(UriError::NameTooLong {
            field,
            len,
            max: MAX_NAME_LEN,
        });
    }
    text::reject_control(text, field)
}

/// The last step of reading any account, otpauth, Google export or import file: refuses names
/// that [`check_name`] refuses (the length limit was found by the `uri_parse` fuzz target: a
/// 10 KB issuer formatted to a URI longer than [`MAX_URI_LEN`]), a secret over
/// [`MAX_SECRET_BYTES`] and parameters the code engine would refuse.
pub fn validated(draft: AccountDraft) -> Result<AccountDraft, UriError> {
    check(&draft)?;
    Ok(draft)
}

/// The checks of [`validated`], on a borrowed draft (an app's own, before it is added).
pub fn check(draft: &AccountDraft) -> Result<(), UriError> {
    if let Some(issuer) = &draft.issuer {
        check_name("issuer", issuer)?;
    }
    check_name("label", &draft.label)?;
    let bytes = draft.secret.expose_bytes().len();
    if bytes > MAX_SECRET_BYTES {
        return Err(UriError::SecretTooLong {
            bytes,
            max: MAX_SECRET_BYTES,
        });
    }
    draft.params()?;
    Ok(())
}

/// What [`parse`] read from one URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The accounts: one for `otpauth://`, one or more for an export.
    pub accounts: Vec<AccountDraft>,
    /// Every normalisation made, in the order made; each says which account it concerns.
    pub warnings: Vec<Warning>,
    /// For an export: which QR code of the export this was.
    pub batch: Option<BatchInfo>,
    /// For an export: accounts that could not be used, each with its reason. The others are in
    /// `accounts`; when none is usable, [`parse`] returns the first reason as its error.
    pub rejected: Vec<Rejected>,
}

/// Where a Google Authenticator export QR code sits in its export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BatchInfo {
    /// Identifies the export; the same in all of its QR codes.
    pub batch_id: i32,
    /// Which QR code this is, counting from 0.
    pub index: u32,
    /// How many QR codes the export has (0 when the exporter did not say).
    pub size: u32,
    /// The payload's format version (Google writes 1).
    pub version: i32,
}

/// An account of an export that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Its position in the export's list, counting from 0.
    pub position: usize,
    /// Its issuer and name as exported, for the user to recognise it (never the secret).
    pub name: String,
    /// Why it was left out.
    pub error: UriError,
}

/// Reads an `otpauth://` or `otpauth-migration://` URI. Case-insensitive scheme; surrounding
/// whitespace (a trailing newline from a QR payload or a paste) is not part of the URI.
/// Never panics; every rejection is a [`UriError`] naming the problem and the fix.
pub fn parse(input: &str) -> Result<Parsed, UriError> {
    if input.len() > MAX_URI_LEN {
        return Err(UriError::TooLong {
            len: input.len(),
            max: MAX_URI_LEN,
        });
    }
    let input = input.trim();
    let (scheme, rest) = input.split_once(':').ok_or(UriError::NotAUri)?;
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return Err(UriError::NotAUri);
    }
    let is_otpauth = scheme.eq_ignore_ascii_case("otpauth");
    let is_migration = scheme.eq_ignore_ascii_case("otpauth-migration");
    if !is_otpauth && !is_migration {
        return Err(UriError::UnknownScheme {
            scheme: Shown::new(scheme),
        });
    }
    let rest = rest.strip_prefix("//").ok_or(UriError::NotAUri)?;
    if is_migration {
        return migration::parse_uri(rest);
    }
    let mut warnings = Vec::new();
    let draft = otpauth::parse(rest, &mut warnings)?;
    Ok(Parsed {
        accounts: vec![draft],
        warnings: warnings
            .into_iter()
            .map(|kind| Warning {
                account: Some(0),
                kind,
            })
            .collect(),
        batch: None,
        rejected: Vec::new(),
    })
}

/// The canonical `otpauth://` URI for `draft`: `Issuer:label` in the path, the secret in
/// canonical base32, then `issuer` and only the optional fields the draft holds that apply to
/// its type (`period` for totp and steam; `counter` for hotp, always, 0 when unset). Steam
/// accounts are written as `otpauth://steam/` (Aegis's form). Zeroized on drop: it holds the
/// secret.
///
/// `parse(format(d))` gives `d` back for every draft whose [`AccountDraft::params`] is valid,
/// except for what a URI cannot say: names with surrounding whitespace or control characters,
/// an empty issuer (read back as none), `period` on hotp or `counter` on totp (not written), an
/// hotp counter of `None` (read back as `Some(0)`), and a totp account whose issuer is Steam
/// (read back as Steam, with a warning).
pub fn format(draft: &AccountDraft) -> Zeroizing<String> {
    otpauth::format(draft)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(issuer: Option<&str>, label: &str, secret_bytes: usize) -> AccountDraft {
        AccountDraft {
            otp_type: OtpType::Totp,
            issuer: issuer.map(Into::into),
            label: label.into(),
            secret: Secret::from_bytes(vec![7; secret_bytes]),
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        }
    }

    #[test]
    fn parse_reads_up_to_max_uri_len_bytes() {
        let head = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&x=";
        let at_limit = format!("{head}{}", "y".repeat(MAX_URI_LEN - head.len()));
        assert!(parse(&at_limit).is_ok());
        let over = format!("{at_limit}y");
        assert_eq!(
            parse(&over).unwrap_err(),
            UriError::TooLong {
                len: MAX_URI_LEN + 1,
                max: MAX_URI_LEN
            }
        );
    }

    #[test]
    fn a_scheme_starts_with_a_letter_and_holds_only_scheme_characters() {
        for input in ["1otp://x", "a b://x", "://x", "no colon"] {
            assert_eq!(parse(input).unwrap_err(), UriError::NotAUri, "{input}");
        }
        assert_eq!(parse("https://x").unwrap_err().kind(), "unknown_scheme");
        assert_eq!(parse("a1+-.://x").unwrap_err().kind(), "unknown_scheme");
    }

    #[test]
    fn check_name_allows_the_limit_and_refuses_one_byte_more_or_an_unsafe_character() {
        assert_eq!(check_name("group", &"a".repeat(MAX_NAME_LEN)), Ok(()));
        assert_eq!(
            check_name("group", &"a".repeat(MAX_NAME_LEN + 1)),
            Err(UriError::NameTooLong {
                field: "group",
                len: MAX_NAME_LEN + 1,
                max: MAX_NAME_LEN
            })
        );
        assert_eq!(
            check_name("note", "ok\u{1b}[2J"),
            Err(UriError::ControlCharacter {
                field: "note",
                position: 3
            })
        );
    }

    #[test]
    fn validated_checks_both_names_the_secret_size_and_the_parameters() {
        assert!(validated(draft(Some("ACME"), "jane", MAX_SECRET_BYTES)).is_ok());
        assert!(validated(draft(None, "jane", 20)).is_ok());
        let issuer = validated(draft(Some("A\u{202e}"), "jane", 20)).unwrap_err();
        assert_eq!(issuer.kind(), "control_character");
        assert!(issuer.to_string().starts_with("issuer "), "{issuer}");
        let label = validated(draft(Some("ACME"), "\r", 20)).unwrap_err();
        assert!(label.to_string().starts_with("label "), "{label}");
        assert_eq!(
            validated(draft(None, "jane", MAX_SECRET_BYTES + 1)).unwrap_err(),
            UriError::SecretTooLong {
                bytes: MAX_SECRET_BYTES + 1,
                max: MAX_SECRET_BYTES
            }
        );
        assert_eq!(
            validated(draft(None, "jane", 0)).unwrap_err().kind(),
            "empty_secret"
        );
    }
}
