//! The records and enums that cross the boundary. Built from core values with `From`; none of
//! them carries a secret in a field that prints: a typed-in key is a [`SetupKey`] object. Numbers are signed (`Int`/`Long` in Kotlin, `Int32`/`Int64` in Swift)
//! because that is what app code computes with; the facade checks their range on the way in.

use std::sync::Arc;

use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::vault::Account;
use zeroize::Zeroizing;

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

/// A setup key as the service shows it (base32; spaces, dashes and lowercase allowed), held in
/// Rust and wiped when the object is released (`close()` in Kotlin). An object rather than a
/// string so that the generated `ManualEntry` prints no secret: Kotlin's `toString()` and
/// Swift's `description` show only the object's type.
#[derive(uniffi::Object)]
pub struct SetupKey {
    text: Zeroizing<String>,
}

#[uniffi::export]
impl SetupKey {
    /// Holds `text` as typed; it is decoded (and checked) when a code is asked for.
    #[uniffi::constructor]
    pub fn new(text: String) -> Arc<Self> {
        Arc::new(SetupKey {
            text: Zeroizing::new(text),
        })
    }
}

impl SetupKey {
    /// The key as typed, for decoding.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Debug for SetupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetupKey(<redacted>)")
    }
}

/// A key the user typed in by hand (the "enter a setup key" screen). Only the key is required;
/// a field left `null`/`nil` takes the value services mean when they say nothing (TOTP, SHA1,
/// 6 digits or 5 for Steam, 30 seconds, counter 0).
#[derive(Debug, Clone, uniffi::Record)]
pub struct ManualEntry {
    /// The key the user typed, held in Rust until the app calls `close()` on it.
    pub setup_key: Arc<SetupKey>,
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

/// One account as the list shows it. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountView {
    /// Stable id within the vault, for `renameAccount`, `removeAccount`, `nextHotpCode`.
    pub account_id: String,
    /// The kind of code.
    pub kind: OtpKind,
    /// The service, e.g. "GitHub".
    pub issuer: Option<String>,
    /// The account at that service, usually an email address.
    pub label: String,
    /// "Issuer: label", or the label alone: what to show as the title.
    pub display_name: String,
    /// The HMAC hash.
    pub algorithm: HashAlgorithm,
    /// Code length (5 for Steam).
    pub digits: i32,
    /// Seconds per code (None for HOTP).
    pub period_seconds: Option<i32>,
    /// The stored counter (HOTP only).
    pub counter: Option<i64>,
    /// A folder-like group name.
    pub group: Option<String>,
    /// A free-form note.
    pub note: Option<String>,
}

impl From<&Account> for AccountView {
    fn from(account: &Account) -> Self {
        let time_based = account.otp_type().is_time_based();
        AccountView {
            account_id: account.id().to_string(),
            kind: account.otp_type().into(),
            issuer: account.issuer().map(str::to_owned),
            label: account.label().to_owned(),
            display_name: account.display_name(),
            algorithm: account.algorithm().into(),
            digits: i32::from(account.digits()),
            period_seconds: time_based.then(|| i32::try_from(account.period()).unwrap_or(i32::MAX)),
            counter: (!time_based).then(|| i64::try_from(account.counter()).unwrap_or(i64::MAX)),
            group: account.group().map(str::to_owned),
            note: account.note().map(str::to_owned),
        }
    }
}

/// One account's entry in a refresh: its current code (None for HOTP, whose codes come only
/// from `nextHotpCode`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountCode {
    /// The account, as in [`AccountView::account_id`].
    pub account_id: String,
    /// Its code at the refresh instant.
    pub code: Option<CodeView>,
}

/// What an import (or adding a scanned URI) did. Every entry of the source is in exactly one
/// of `added`, `duplicates` and `rejected`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    /// Accounts added to the vault.
    pub added: Vec<ImportedAccount>,
    /// Entries skipped because the vault already has an account with the same codes.
    pub duplicates: Vec<SkippedDuplicate>,
    /// Values normalised on the way in (e.g. a lowercase secret), to show the user.
    pub normalised: Vec<ImportWarning>,
    /// Entries that could not be imported, with the reason.
    pub rejected: Vec<ImportNote>,
}

/// An account an import added.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportedAccount {
    /// The new account's id in the vault.
    pub account_id: String,
    /// Its display name.
    pub name: String,
}

/// An entry an import skipped because the vault already has it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SkippedDuplicate {
    /// The entry's display name.
    pub name: String,
    /// The account already in the vault.
    pub existing_account_id: String,
}

/// A normalisation of an added entry: `kind` and `message` are those of a
/// [`crate::ParseWarning`], so the app words both alike (its text for the kind, else
/// `message`). Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportWarning {
    /// The entry's display name.
    pub name: String,
    /// Stable snake_case name, as in [`crate::ParseWarning::kind`] (`secret_lowercase`,
    /// `note_left_out`...).
    pub kind: String,
    /// What was normalised, in core's English.
    pub message: String,
}

/// A rejected import entry and why. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportNote {
    /// The entry's display name, or its position when it has none.
    pub name: String,
    /// What happened, for the user.
    pub message: String,
}

impl ImportReport {
    /// The view of core's report.
    pub fn new(report: &otpkit_core::vault::ImportReport) -> Self {
        ImportReport {
            added: report
                .added
                .iter()
                .map(|a| ImportedAccount {
                    account_id: a.id.to_string(),
                    name: a.name.clone(),
                })
                .collect(),
            duplicates: report
                .duplicates
                .iter()
                .map(|d| SkippedDuplicate {
                    name: d.entry.clone(),
                    existing_account_id: d.existing.to_string(),
                })
                .collect(),
            normalised: report
                .normalised
                .iter()
                .map(|n| ImportWarning {
                    name: n.entry.clone(),
                    kind: n.warning.as_str().to_string(),
                    message: n.warning.to_string(),
                })
                .collect(),
            rejected: report
                .rejected
                .iter()
                .map(|r| ImportNote {
                    name: r.entry.clone(),
                    message: r.reason.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use otpkit_core::uri::{UriError, WarningKind};
    use otpkit_core::vault::{self as core_vault, Normalised};

    use super::*;

    #[test]
    fn a_normalisation_crosses_with_the_kind_a_parse_warning_has() {
        let left_out = WarningKind::NoteLeftOut {
            reason: UriError::ControlCharacter {
                field: "note",
                position: 2,
            },
        };
        let report = core_vault::ImportReport {
            normalised: vec![
                Normalised {
                    entry: "Mail: dave".into(),
                    warning: WarningKind::SecretLowercase,
                },
                Normalised {
                    entry: "Mail: dave".into(),
                    warning: left_out.clone(),
                },
            ],
            ..core_vault::ImportReport::default()
        };
        let view = ImportReport::new(&report);
        let kinds: Vec<(&str, &str)> = view
            .normalised
            .iter()
            .map(|n| (n.name.as_str(), n.kind.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Mail: dave", "secret_lowercase"),
                ("Mail: dave", "note_left_out")
            ]
        );
        assert_eq!(view.normalised[1].message, left_out.to_string());
        assert!(view.normalised[1]
            .message
            .ends_with("; the note was left out"));
    }
}
