//! Importers: our backups, Aegis (plain and encrypted), 2FAS (plain and encrypted), Google
//! migration URIs and text files of otpauth URIs.
//!
//! Each importer turns a file into an [`ImportBatch`]: the entries it could read (with any
//! normalisation warnings) and the ones it rejected (with the reason). [`super::Vault::import`]
//! then adds the batch, skipping duplicates, and returns the report. A problem with the file as a
//! whole (not JSON, wrong password, newer version) is an [`ImportError`] and imports nothing.

pub mod aegis;
mod json;
pub mod otpkit;
pub mod twofas;
pub mod uris;

use std::fmt;

use super::account::AccountExtras;
use super::container::MAGIC;
use super::content::MAX_ACCOUNTS;
use super::error::VaultError;
use super::report::Rejected;
use crate::base32::Cleanup;
use crate::secret::Secret;
use crate::uri::{self, AccountDraft};

pub use super::slots::KdfCost;

/// Largest import file we read: a thousand accounts with icons stay far below it.
pub const MAX_IMPORT_LEN: usize = 32 * 1024 * 1024;

/// One entry read from an import file, ready to add.
#[derive(Debug, Clone)]
pub struct ImportEntry {
    /// The account's code parameters and names.
    pub draft: AccountDraft,
    /// Group and note, where the source has them.
    pub extras: AccountExtras,
    /// What was normalised on the way in, for the user.
    pub warnings: Vec<String>,
}

/// Everything an importer read from one file.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Entries that can be added.
    pub entries: Vec<ImportEntry>,
    /// Entries that cannot, with the reason.
    pub rejected: Vec<Rejected>,
}

impl ImportBatch {
    /// Adds `other`'s entries and rejections after this batch's (several URIs, lines or
    /// scanned codes imported in one save).
    pub fn append(&mut self, other: ImportBatch) {
        self.entries.extend(other.entries);
        self.rejected.extend(other.rejected);
    }
}

/// The formats we import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// An OtpKit backup (or vault) file.
    Otpkit,
    /// An Aegis JSON export, plain or encrypted.
    Aegis,
    /// A 2FAS `.2fas` backup, plain or encrypted.
    TwoFas,
    /// Text with one `otpauth://` or `otpauth-migration://` URI per line.
    Uris,
}

impl ImportFormat {
    /// The name used on the command line: `otpkit`, `aegis`, `2fas`, `uris`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Otpkit => "otpkit",
            ImportFormat::Aegis => "aegis",
            ImportFormat::TwoFas => "2fas",
            ImportFormat::Uris => "uris",
        }
    }

    /// Reads a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "otpkit" => Some(ImportFormat::Otpkit),
            "aegis" => Some(ImportFormat::Aegis),
            "2fas" | "twofas" => Some(ImportFormat::TwoFas),
            "uris" | "uri" | "google" | "otpauth" => Some(ImportFormat::Uris),
            _ => None,
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a whole file could not be imported. Never carries a secret or file content.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The format could not be recognised.
    #[error(
        "cannot tell what kind of file this is: say which app exported it (an OtpKit backup, Aegis, 2FAS, or a list of otpauth:// URIs)"
    )]
    UnknownFormat,
    /// The file is larger than any export.
    #[error("the file is larger than {max} bytes: this is not an authenticator export")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The file is not what its format requires.
    #[error("not a valid {format} file: {reason}")]
    Malformed {
        /// The format it was read as.
        format: ImportFormat,
        /// What was wrong (a position or a field name, never content).
        reason: String,
    },
    /// A version of the format we do not read.
    #[error(
        "{format} file version {version} is not supported: export it again from an up-to-date app"
    )]
    UnsupportedVersion {
        /// The format.
        format: ImportFormat,
        /// The version in the file.
        version: u64,
    },
    /// The file is encrypted and no password was given.
    #[error("this {format} file is encrypted: give its password")]
    PasswordRequired {
        /// The format.
        format: ImportFormat,
    },
    /// The password does not decrypt the file.
    #[error("wrong password for this {format} file")]
    WrongPassword {
        /// The format.
        format: ImportFormat,
    },
    /// The encrypted part failed authentication after the key was found.
    #[error("this {format} file is damaged: its encrypted content failed authentication")]
    Tampered {
        /// The format.
        format: ImportFormat,
    },
    /// The file asks for more key-derivation work than its app ever writes (a crafted file
    /// that would keep the import busy for minutes): refused before any derivation.
    #[error("this {format} file asks for an unusually expensive key derivation ({cost}): it was not tried. Export it again with the app's default settings")]
    ExpensiveKdf {
        /// The format.
        format: ImportFormat,
        /// What was asked, and the limit.
        cost: KdfCost,
    },
    /// The file holds more entries than a vault may hold.
    #[error("this {format} file holds more than {max} entries, more than a vault may hold: this is not an authenticator export")]
    TooManyEntries {
        /// The format.
        format: ImportFormat,
        /// The limit ([`MAX_ACCOUNTS`]).
        max: usize,
    },
    /// An OtpKit backup could not be opened.
    #[error(transparent)]
    Backup(VaultError),
}

impl ImportError {
    /// A stable, machine-readable name for the error.
    pub fn kind(&self) -> &'static str {
        match self {
            ImportError::UnknownFormat => "unknown_format",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::Malformed { .. } => "malformed",
            ImportError::UnsupportedVersion { .. } => "unsupported_version",
            ImportError::PasswordRequired { .. } => "password_required",
            ImportError::WrongPassword { .. } => "wrong_password",
            ImportError::Tampered { .. } => "tampered",
            ImportError::ExpensiveKdf { .. } => "expensive_kdf",
            ImportError::TooManyEntries { .. } => "too_many_entries",
            ImportError::Backup(err) => err.kind(),
        }
    }
}

/// Guesses the format from the content.
pub fn detect(bytes: &[u8]) -> Option<ImportFormat> {
    if bytes.starts_with(MAGIC) {
        return Some(ImportFormat::Otpkit);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        #[derive(serde::Deserialize)]
        struct Probe {
            db: Option<serde::de::IgnoredAny>,
            header: Option<serde::de::IgnoredAny>,
            services: Option<serde::de::IgnoredAny>,
            #[serde(rename = "servicesEncrypted")]
            services_encrypted: Option<serde::de::IgnoredAny>,
        }
        // From bytes, as every other JSON read: one copy of the parser in the library.
        let probe: Probe = serde_json::from_slice(trimmed.as_bytes()).ok()?;
        if probe.db.is_some() && probe.header.is_some() {
            return Some(ImportFormat::Aegis);
        }
        if probe.services.is_some() || probe.services_encrypted.is_some() {
            return Some(ImportFormat::TwoFas);
        }
        return None;
    }
    let lower = text.to_ascii_lowercase();
    (lower.contains("otpauth://") || lower.contains("otpauth-migration://"))
        .then_some(ImportFormat::Uris)
}

/// True when the file is encrypted and so needs a password.
pub fn needs_password(format: ImportFormat, bytes: &[u8]) -> bool {
    match format {
        ImportFormat::Otpkit => true,
        ImportFormat::Aegis => aegis::is_encrypted(bytes),
        ImportFormat::TwoFas => twofas::is_encrypted(bytes),
        ImportFormat::Uris => false,
    }
}

/// Reads a file in `format` (see [`detect`]); `password` is needed for encrypted files.
pub fn read(
    format: ImportFormat,
    bytes: &[u8],
    password: Option<&[u8]>,
) -> Result<ImportBatch, ImportError> {
    if bytes.len() > MAX_IMPORT_LEN {
        return Err(ImportError::TooLarge {
            max: MAX_IMPORT_LEN,
        });
    }
    match format {
        ImportFormat::Otpkit => otpkit::read(bytes, password),
        ImportFormat::Aegis => aegis::read(bytes, password),
        ImportFormat::TwoFas => twofas::read(bytes, password),
        ImportFormat::Uris => uris::read(bytes),
    }
}

/// Refuses a file with more entries than a vault may hold, before converting them (each
/// rejected entry costs a report line).
pub(crate) fn check_count(format: ImportFormat, entries: usize) -> Result<(), ImportError> {
    if entries > MAX_ACCOUNTS {
        return Err(ImportError::TooManyEntries {
            format,
            max: MAX_ACCOUNTS,
        });
    }
    Ok(())
}

/// The last step of reading an entry from any import file: the same check as an otpauth URI
/// ([`uri::validated`]: names within the length limit and free of control and text-direction
/// characters, a secret within its limit, valid code parameters), or the reason to reject the
/// entry. A group or note that fails [`uri::check_name`] is left out with a warning, and the
/// account is kept.
pub(crate) fn checked_entry(
    draft: AccountDraft,
    extras: AccountExtras,
    mut warnings: Vec<String>,
) -> Result<ImportEntry, String> {
    let draft = uri::validated(draft).map_err(|err| err.to_string())?;
    let extras = AccountExtras {
        group: checked_extra("group", extras.group, &mut warnings),
        note: checked_extra("note", extras.note, &mut warnings),
    };
    Ok(ImportEntry {
        draft,
        extras,
        warnings,
    })
}

/// An imported group or note if [`uri::check_name`] accepts it; otherwise none, with a warning
/// that says why (never the text itself).
fn checked_extra(
    field: &'static str,
    text: Option<String>,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let text = text?;
    match uri::check_name(field, &text) {
        Ok(()) => Some(text),
        Err(err) => {
            warnings.push(format!("{err}; the {field} was left out"));
            None
        }
    }
}

/// Decodes a base32 secret from an export, turning every clean-up into a warning.
pub(crate) fn decode_secret(text: &str, warnings: &mut Vec<String>) -> Result<Secret, String> {
    let (secret, cleanup) = Secret::from_base32(text).map_err(|e| e.to_string())?;
    push_cleanup_warnings(&cleanup, warnings);
    Ok(secret)
}

pub(crate) fn push_cleanup_warnings(cleanup: &Cleanup, warnings: &mut Vec<String>) {
    if cleanup.lowercase {
        warnings.push("the secret was in lowercase; stored in uppercase".into());
    }
    if cleanup.padding {
        warnings.push("the secret had '=' padding; removed".into());
    }
    if cleanup.separators {
        warnings.push("the secret had spaces or dashes; removed".into());
    }
}

/// Warns about secrets shorter than RFC 4226's recommended 128 bits.
pub(crate) fn push_weak_secret_warning(secret: &Secret, warnings: &mut Vec<String>) {
    if secret.bits() < 128 {
        warnings.push(format!(
            "the secret is only {} bits (128 or more is recommended): consider renewing the key at the service",
            secret.bits()
        ));
    }
}

/// A name for an entry in reports: `Issuer: label` made safe to print ([`uri::printable`]), or
/// its position in the file.
pub(crate) fn entry_name(issuer: Option<&str>, label: Option<&str>, index: usize) -> String {
    let name = super::account::display_name(issuer, label.unwrap_or(""));
    if name.is_empty() {
        format!("entry {}", index + 1)
    } else {
        uri::printable(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_read_back() {
        let formats = [
            ImportFormat::Otpkit,
            ImportFormat::Aegis,
            ImportFormat::TwoFas,
            ImportFormat::Uris,
        ];
        for format in formats {
            assert_eq!(ImportFormat::from_name(format.as_str()), Some(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        let aliases = [
            ("OTPKIT", ImportFormat::Otpkit),
            ("Aegis", ImportFormat::Aegis),
            ("twofas", ImportFormat::TwoFas),
            ("uri", ImportFormat::Uris),
            ("google", ImportFormat::Uris),
            ("otpauth", ImportFormat::Uris),
        ];
        for (name, format) in aliases {
            assert_eq!(ImportFormat::from_name(name), Some(format), "{name}");
        }
        assert_eq!(ImportFormat::from_name("keepass"), None);
    }

    #[test]
    fn aegis_is_detected_only_with_both_db_and_header() {
        assert_eq!(
            detect(br#"{"db": {}, "header": {}}"#),
            Some(ImportFormat::Aegis)
        );
        assert_eq!(detect(br#"{"db": {}}"#), None);
        assert_eq!(detect(br#"{"header": {}}"#), None);
    }

    #[test]
    fn files_over_the_size_limit_are_refused_unread() {
        let limit = vec![b' '; MAX_IMPORT_LEN];
        assert!(matches!(
            read(ImportFormat::Aegis, &limit, None),
            Err(ImportError::Malformed { .. })
        ));
        let over = vec![b' '; MAX_IMPORT_LEN + 1];
        assert!(matches!(
            read(ImportFormat::Aegis, &over, None),
            Err(ImportError::TooLarge {
                max: MAX_IMPORT_LEN
            })
        ));
    }

    #[test]
    fn secrets_under_128_bits_are_weak() {
        let mut warnings = Vec::new();
        push_weak_secret_warning(&Secret::from_bytes(vec![1; 16]), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        push_weak_secret_warning(&Secret::from_bytes(vec![1; 15]), &mut warnings);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("only 120 bits"), "{}", warnings[0]);
    }
}
