//! [`UriError`]: why a URI (or one account in a migration export) was rejected.
//!
//! Every message names the problem and the fix. None carries the secret or the URI: at most a
//! parameter name, a position, a number, or a short word echoed through [`Shown`].

use std::fmt;

use crate::base32::Base32Error;
use crate::otp::{Algorithm, OtpError};

/// A piece of the input echoed in a message only when it is short and made of plain characters
/// (`MD5`, `https`); anything else is described by its length, so that a secret pasted into the
/// wrong parameter never reaches a message or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Shown {
    text: Option<String>,
    chars: usize,
}

impl Shown {
    /// Longest text echoed: shorter than any real secret (16 base32 characters for 80 bits).
    pub const MAX_CHARS: usize = 12;

    /// Keeps `text` if it is short and plain, otherwise only its length.
    pub fn new(text: &str) -> Self {
        let chars = text.chars().count();
        let plain = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let text = (chars <= Self::MAX_CHARS && plain).then(|| text.to_owned());
        Shown { text, chars }
    }

    /// The echoed text, if it was short and plain enough to keep.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(text) => write!(f, "'{text}'"),
            None => write!(f, "({} characters, not shown)", self.chars),
        }
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a URI was rejected. Names the problem and the fix; never carries the secret or the URI.
/// [`UriError::kind`] gives a stable name for JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum UriError {
    /// Longer than [`crate::uri::MAX_URI_LEN`].
    #[error(
        "the URI is {len} bytes long, over the limit of {max}: this is not an account QR code"
    )]
    #[strum(serialize = "uri_too_long")]
    TooLong {
        /// Length of the input in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// No `scheme://` at the start.
    #[error(
        "this is not an otpauth URI: use the full text of the QR code, which starts with \
         otpauth:// (for example otpauth://totp/Example:jane@example.com?secret=JBSWY3DPEHPK3PXP)"
    )]
    NotAUri,
    /// A URI of another kind, such as `https://`.
    #[error("unsupported scheme {scheme}: use an otpauth:// or otpauth-migration:// URI")]
    UnknownScheme {
        /// The scheme as written.
        scheme: Shown,
    },
    /// The type after `otpauth://` is not totp, hotp or steam.
    #[error("unknown OTP type {found}: use otpauth://totp/, otpauth://hotp/ or otpauth://steam/")]
    UnknownType {
        /// The type as written.
        found: Shown,
    },
    /// No `secret=` parameter.
    #[error("the URI has no secret: add secret= with the base32 key (for example secret=JBSWY3DPEHPK3PXP)")]
    MissingSecret,
    /// The secret is not base32 (or is empty).
    #[error(transparent)]
    #[strum(transparent)]
    Secret(#[from] Base32Error),
    /// Base32 text too short to hold one byte (`secret=A`).
    #[error("secret is too short: {symbols} base32 character(s) hold no whole byte: copy the whole secret (usually 16 or 32 characters)")]
    SecretTooShort {
        /// Base32 characters found.
        symbols: usize,
    },
    /// An `hotp` URI without `counter=`.
    #[error("an hotp URI needs a counter: add counter= with the value the service gave (usually counter=0)")]
    MissingCounter,
    /// A numeric parameter that is not a whole number in range.
    #[error("{param} must be a whole number such as {example}")]
    InvalidNumber {
        /// `digits`, `period` or `counter`.
        param: &'static str,
        /// A typical value, for the message.
        example: &'static str,
    },
    /// Period 0, digits out of range, Steam with other than 5 characters, or an empty key.
    #[error(transparent)]
    #[strum(transparent)]
    Params(#[from] OtpError),
    /// The issuer or label is longer than [`crate::uri::MAX_NAME_LEN`] bytes.
    #[error("the {field} is {len} bytes long, over the limit of {max}: shorten it")]
    NameTooLong {
        /// `issuer` or `label`, or for an import `group` or `note`.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The secret is longer than [`crate::uri::MAX_SECRET_BYTES`] bytes.
    #[error(
        "the secret is {bytes} bytes long, over the limit of {max}: this is not an account key"
    )]
    SecretTooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// `algorithm=` names a hash we do not compute (MD5, or a typo).
    #[error("unknown algorithm {found}: use SHA1, SHA256 or SHA512")]
    UnknownAlgorithm {
        /// The algorithm as written.
        found: Shown,
    },
    /// A Steam account with another algorithm than SHA1.
    #[error("Steam Guard codes use SHA1, not {}: remove algorithm= or write algorithm=SHA1", .algorithm.as_str())]
    SteamAlgorithm {
        /// The refused algorithm.
        algorithm: Algorithm,
    },
    /// `encoder=` other than `steam`, or `encoder=steam` on an hotp URI.
    #[error("unsupported encoder {found}: only encoder=steam on a totp URI is known; remove it for ordinary codes")]
    UnknownEncoder {
        /// The encoder as written.
        found: Shown,
    },
    /// A parameter written twice, so we cannot tell which one is meant.
    #[error("{name}= appears more than once: keep only one")]
    DuplicateParameter {
        /// The parameter.
        name: &'static str,
    },
    /// A `%` not followed by two hex digits.
    #[error("{field} has a '%' at position {position} that is not followed by two hex digits: write %25 for a literal percent sign")]
    BadPercentEncoding {
        /// `label`, a parameter name, or `parameter name`.
        field: &'static str,
        /// Position of the `%` in the raw field, counting characters from 1.
        position: usize,
    },
    /// Percent-decoded bytes that are not UTF-8 text.
    #[error("{field} is not UTF-8 text once percent-decoded: encode the text as UTF-8 before percent-encoding it")]
    NotUtf8 {
        /// Which part of the URI (`label`, `issuer`, a parameter's name).
        field: &'static str,
    },
    /// A control character (newline, escape, NUL, ...), a line separator or a text-direction
    /// override in a name ([`crate::uri::is_unsafe_char`]), which would garble or spoof lists,
    /// terminals and logs.
    #[error(
        "{field} contains a control or text-direction character at position {position}: remove it"
    )]
    ControlCharacter {
        /// `label`, `issuer`, `name`, or for an import `group` or `note`.
        field: &'static str,
        /// Position in the decoded field, counting characters from 1.
        position: usize,
    },
    /// `otpauth-migration://` with another host than `offline`.
    #[error("unsupported migration URI: use the text of a Google Authenticator export QR code, which starts with otpauth-migration://offline?data=")]
    UnknownMigrationHost,
    /// `otpauth-migration://offline` without `data=`.
    #[error("the export URI has no data= parameter: scan the export QR code again")]
    MissingData,
    /// A character outside base64 in `data=`.
    #[error("export data is not base64: bad character at position {position} (allowed: A-Z, a-z, 0-9, + and /, or - and _): scan the QR code again")]
    NotBase64 {
        /// Position in the decoded `data` value, counting characters from 1.
        position: usize,
    },
    /// Base64 whose length or last character cannot be right: the text was cut or damaged.
    #[error("export data is cut short or damaged: scan the QR code again or export again")]
    Base64Damaged,
    /// Decoded export data larger than [`crate::uri::migration::MAX_PAYLOAD_BYTES`].
    #[error("export data is {len} bytes, over the limit of {max}: this is not a Google Authenticator export QR code")]
    PayloadTooLarge {
        /// Decoded size in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Base64 decoded, but not into Google's export message.
    #[error("export data is not a Google Authenticator export ({reason}): scan the QR code again or export again")]
    NotProtobuf {
        /// What the protobuf decoder found wrong (never the data itself).
        reason: String,
    },
    /// An export without any account.
    #[error("the export holds no accounts: select at least one account when exporting")]
    EmptyExport,
    /// Batch index or size that cannot be right (index past the end, negative numbers).
    #[error(
        "the export's batch information is inconsistent (part {index} of {size}): export again"
    )]
    InvalidBatch {
        /// Batch index as written (counting from 0).
        index: i32,
        /// Batch size as written.
        size: i32,
    },
    /// A value in an exported account that Google's format does not define.
    #[error("the account's {field} has code {value}, which Google Authenticator's export format does not define: update the app that exported it, or add the account by hand")]
    UnknownMigrationValue {
        /// `algorithm`, `digits` or `type`.
        field: &'static str,
        /// The code found.
        value: i32,
    },
}

impl UriError {
    /// A stable name for JSON and for tests (`not_base32`, `period_zero`, `unknown_algorithm`, ...).
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;

    #[test]
    fn shown_echoes_only_short_plain_words() {
        assert_eq!(Shown::new("MD5").to_string(), "'MD5'");
        assert_eq!(Shown::new("").to_string(), "''");
        assert_eq!(
            Shown::new("JBSWY3DPEHPK3PXP").to_string(),
            "(16 characters, not shown)"
        );
        assert_eq!(Shown::new("a b").to_string(), "(3 characters, not shown)");
        assert_eq!(Shown::new("MD5").text(), Some("MD5"));
        assert_eq!(format!("{:?}", Shown::new("MD5")), "'MD5'");
    }

    #[test]
    fn kinds_keep_their_names() {
        use strum::EnumCount;
        let shown = || Shown::new("x");
        let cases = [
            (UriError::TooLong { len: 0, max: 0 }, "uri_too_long"),
            (UriError::NotAUri, "not_a_uri"),
            (
                UriError::UnknownScheme { scheme: shown() },
                "unknown_scheme",
            ),
            (UriError::UnknownType { found: shown() }, "unknown_type"),
            (UriError::MissingSecret, "missing_secret"),
            (UriError::Secret(Base32Error::Empty), "empty_secret"),
            (
                UriError::Secret(Base32Error::InvalidChar {
                    ch: '1',
                    position: 1,
                }),
                "not_base32",
            ),
            (
                UriError::Secret(Base32Error::MisplacedPadding { position: 1 }),
                "misplaced_padding",
            ),
            (UriError::SecretTooShort { symbols: 1 }, "secret_too_short"),
            (UriError::MissingCounter, "missing_counter"),
            (
                UriError::InvalidNumber {
                    param: "digits",
                    example: "6",
                },
                "invalid_number",
            ),
            (UriError::Params(OtpError::EmptySecret), "empty_secret"),
            (UriError::Params(OtpError::PeriodZero), "period_zero"),
            (
                UriError::Params(OtpError::DigitsOutOfRange { digits: 1 }),
                "digits_out_of_range",
            ),
            (
                UriError::Params(OtpError::SteamDigits { digits: 6 }),
                "steam_digits",
            ),
            (
                UriError::NameTooLong {
                    field: "issuer",
                    len: 0,
                    max: 0,
                },
                "name_too_long",
            ),
            (
                UriError::SecretTooLong { bytes: 0, max: 0 },
                "secret_too_long",
            ),
            (
                UriError::UnknownAlgorithm { found: shown() },
                "unknown_algorithm",
            ),
            (
                UriError::SteamAlgorithm {
                    algorithm: Algorithm::Sha256,
                },
                "steam_algorithm",
            ),
            (
                UriError::UnknownEncoder { found: shown() },
                "unknown_encoder",
            ),
            (
                UriError::DuplicateParameter { name: "secret" },
                "duplicate_parameter",
            ),
            (
                UriError::BadPercentEncoding {
                    field: "label",
                    position: 1,
                },
                "bad_percent_encoding",
            ),
            (UriError::NotUtf8 { field: "label" }, "not_utf8"),
            (
                UriError::ControlCharacter {
                    field: "label",
                    position: 1,
                },
                "control_character",
            ),
            (UriError::UnknownMigrationHost, "unknown_migration_host"),
            (UriError::MissingData, "missing_data"),
            (UriError::NotBase64 { position: 1 }, "not_base64"),
            (UriError::Base64Damaged, "base64_damaged"),
            (
                UriError::PayloadTooLarge { len: 0, max: 0 },
                "payload_too_large",
            ),
            (
                UriError::NotProtobuf {
                    reason: String::new(),
                },
                "not_protobuf",
            ),
            (UriError::EmptyExport, "empty_export"),
            (
                UriError::InvalidBatch { index: 0, size: 0 },
                "invalid_batch",
            ),
            (
                UriError::UnknownMigrationValue {
                    field: "type",
                    value: 9,
                },
                "unknown_migration_value",
            ),
        ];
        assert_names(&cases, UriError::kind, UriError::COUNT);
    }
}
