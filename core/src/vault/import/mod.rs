//! Importers: our backups, Aegis, 2FAS, Proton Authenticator, Bitwarden (JSON and CSV),
//! FreeOTP+, FreeOTP, andOTP, Authenticator Pro and Ente Auth (each plain and encrypted, where
//! the app encrypts), Google migration URIs and text files of otpauth URIs.
//!
//! Each importer turns a file into an [`ImportBatch`]: the entries it could read (with any
//! normalisation warnings) and the ones it rejected (with the reason). [`super::Vault::import`]
//! then adds the batch, skipping duplicates, and returns the report. A problem with the file as a
//! whole (not JSON, wrong password, newer version) is an [`ImportError`] and imports nothing.

mod aegis;
pub mod andotp;
mod authenticator_pro;
mod bitwarden;
mod ente;
mod freeotp;
mod freeotp_plus;
mod json;
mod otpkit;
mod proton;
mod secretstream;
mod twofas;
pub mod uris;

use std::fmt;

use super::account::AccountExtras;
use super::container::MAGIC;
use super::content::MAX_ACCOUNTS;
use super::error::VaultError;
use super::report::Rejected;
use crate::otp::{Algorithm, OtpType, STEAM_DIGITS};
use crate::secret::Secret;
use crate::uri::{self, AccountDraft, Shown, UriError, WarningKind};

use super::slots::KdfCost;

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
    pub warnings: Vec<WarningKind>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "kebab-case")]
pub enum ImportFormat {
    /// An OtpKit backup (or vault) file.
    Otpkit,
    /// An Aegis JSON export, plain or encrypted.
    Aegis,
    /// A 2FAS `.2fas` backup, plain or encrypted.
    #[strum(serialize = "2fas")]
    TwoFas,
    /// Text with one `otpauth://` or `otpauth-migration://` URI per line.
    Uris,
    /// A Proton Authenticator export, plain or password-protected.
    Proton,
    /// A Bitwarden or Bitwarden Authenticator export, JSON or CSV (unencrypted).
    Bitwarden,
    /// A FreeOTP+ JSON export.
    #[strum(serialize = "freeotp-plus")]
    FreeOtpPlus,
    /// An andOTP backup, plain JSON or encrypted (both key derivations).
    #[strum(serialize = "andotp")]
    AndOtp,
    /// An Authenticator Pro (Stratum) backup, plain JSON or encrypted.
    AuthenticatorPro,
    /// An Ente Auth export: the encrypted JSON, or the plain list of otpauth URIs.
    Ente,
    /// A FreeOTP backup (FreeOTP 2.0 and later), always encrypted.
    #[strum(serialize = "freeotp")]
    FreeOtp,
}

impl ImportFormat {
    /// Every format, in the order the command line lists them.
    pub const ALL: [ImportFormat; 11] = [
        ImportFormat::Otpkit,
        ImportFormat::Aegis,
        ImportFormat::TwoFas,
        ImportFormat::Uris,
        ImportFormat::Proton,
        ImportFormat::Bitwarden,
        ImportFormat::FreeOtpPlus,
        ImportFormat::FreeOtp,
        ImportFormat::AndOtp,
        ImportFormat::AuthenticatorPro,
        ImportFormat::Ente,
    ];

    /// The name used on the command line: `otpkit`, `aegis`, `2fas`, `uris`, `proton`,
    /// `bitwarden`, `freeotp-plus`, `freeotp`, `andotp`, `authenticator-pro`, `ente`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "otpkit" => Some(ImportFormat::Otpkit),
            "aegis" => Some(ImportFormat::Aegis),
            "2fas" | "twofas" => Some(ImportFormat::TwoFas),
            "uris" | "uri" | "google" | "otpauth" => Some(ImportFormat::Uris),
            "freeotp" => Some(ImportFormat::FreeOtp),
            "ente" | "ente-auth" => Some(ImportFormat::Ente),
            "authenticator-pro" | "authpro" | "stratum" => Some(ImportFormat::AuthenticatorPro),
            "andotp" => Some(ImportFormat::AndOtp),
            "freeotp-plus" | "freeotp+" | "freeotpplus" => Some(ImportFormat::FreeOtpPlus),
            "bitwarden" | "bitwarden-authenticator" => Some(ImportFormat::Bitwarden),
            "proton" | "proton-authenticator" => Some(ImportFormat::Proton),
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
#[derive(Debug, thiserror::Error, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum ImportError {
    /// The format could not be recognised.
    #[error(
        "cannot tell what kind of file this is: say which app exported it (an OtpKit backup, Aegis, 2FAS, Proton Authenticator, Bitwarden, FreeOTP+, FreeOTP, andOTP, Authenticator Pro, Ente Auth, or a list of otpauth:// URIs); an old-format andOTP backup is only read when named"
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
        /// The file's format, as detected or given.
        format: ImportFormat,
        /// The version in the file.
        version: u64,
    },
    /// The file is encrypted and no password was given.
    #[error("this {format} file is encrypted: give its password")]
    PasswordRequired {
        /// The file's format, as detected or given.
        format: ImportFormat,
    },
    /// The file is encrypted in a way OtpKit does not read (a Bitwarden export encrypted with the
    /// account's key, an old Authenticator Pro backup): `fix` says which export to make instead.
    #[error("this {format} file is encrypted in a way OtpKit cannot read: {fix}")]
    EncryptionNotSupported {
        /// The file's format, as detected or given.
        format: ImportFormat,
        /// What to export instead.
        fix: &'static str,
    },
    /// The password does not decrypt the file.
    #[error("wrong password for this {format} file")]
    WrongPassword {
        /// The file's format, as detected or given.
        format: ImportFormat,
    },
    /// The encrypted part failed authentication after the key was found.
    #[error("this {format} file is damaged: its encrypted content failed authentication")]
    Tampered {
        /// The file's format, as detected or given.
        format: ImportFormat,
    },
    /// The file asks for more key-derivation work than its app ever writes (a crafted file
    /// that would keep the import busy for minutes): refused before any derivation.
    #[error("this {format} file asks for an unusually expensive key derivation ({cost}): it was not tried. Export it again with the app's default settings")]
    ExpensiveKdf {
        /// The file's format, as detected or given.
        format: ImportFormat,
        /// What was asked, and the limit.
        cost: KdfCost,
    },
    /// The file holds more entries than a vault may hold.
    #[error("this {format} file holds more than {max} entries, more than a vault may hold: this is not an authenticator export")]
    TooManyEntries {
        /// The file's format, as detected or given.
        format: ImportFormat,
        /// The limit ([`MAX_ACCOUNTS`]).
        max: usize,
    },
    /// An OtpKit backup could not be opened.
    #[error(transparent)]
    #[strum(transparent)]
    Backup(VaultError),
}

impl ImportError {
    /// A stable, machine-readable name for the error.
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

/// Guesses the format from the content.
pub fn detect(bytes: &[u8]) -> Option<ImportFormat> {
    if bytes.starts_with(MAGIC) {
        return Some(ImportFormat::Otpkit);
    }
    if bytes.starts_with(authenticator_pro::HEADER)
        || bytes.starts_with(authenticator_pro::LEGACY_HEADER)
    {
        return Some(ImportFormat::AuthenticatorPro);
    }
    if bytes.starts_with(freeotp::STREAM_MAGIC) {
        return Some(ImportFormat::FreeOtp);
    }
    if andotp::looks_encrypted(bytes) {
        return Some(ImportFormat::AndOtp);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') {
        // andOTP's plain backup: an array of entries with a secret and a type.
        #[derive(serde::Deserialize)]
        struct Entry {
            #[serde(rename = "secret")]
            _secret: serde::de::IgnoredAny,
            #[serde(rename = "type")]
            _type: serde::de::IgnoredAny,
        }
        let entries: Vec<Entry> = serde_json::from_slice(trimmed.as_bytes()).ok()?;
        return (!entries.is_empty()).then_some(ImportFormat::AndOtp);
    }
    if trimmed.starts_with('{') {
        #[derive(serde::Deserialize)]
        struct Probe {
            db: Option<serde::de::IgnoredAny>,
            header: Option<serde::de::IgnoredAny>,
            services: Option<serde::de::IgnoredAny>,
            #[serde(rename = "servicesEncrypted")]
            services_encrypted: Option<serde::de::IgnoredAny>,
            entries: Option<serde::de::IgnoredAny>,
            items: Option<serde::de::IgnoredAny>,
            encrypted: Option<serde::de::IgnoredAny>,
            salt: Option<serde::de::IgnoredAny>,
            content: Option<serde::de::IgnoredAny>,
            tokens: Option<serde::de::IgnoredAny>,
            #[serde(rename = "Authenticators")]
            authenticators: Option<serde::de::IgnoredAny>,
            #[serde(rename = "encryptedData")]
            encrypted_data: Option<serde::de::IgnoredAny>,
            #[serde(rename = "kdfParams")]
            kdf_params: Option<serde::de::IgnoredAny>,
        }
        // From bytes, as every other JSON read: one copy of the parser in the library.
        let probe: Probe = serde_json::from_slice(trimmed.as_bytes()).ok()?;
        if probe.db.is_some() && probe.header.is_some() {
            return Some(ImportFormat::Aegis);
        }
        if probe.services.is_some() || probe.services_encrypted.is_some() {
            return Some(ImportFormat::TwoFas);
        }
        if probe.entries.is_some() || (probe.salt.is_some() && probe.content.is_some()) {
            return Some(ImportFormat::Proton);
        }
        if probe.items.is_some() || probe.encrypted.is_some() {
            return Some(ImportFormat::Bitwarden);
        }
        if probe.tokens.is_some() {
            return Some(ImportFormat::FreeOtpPlus);
        }
        if probe.authenticators.is_some() {
            return Some(ImportFormat::AuthenticatorPro);
        }
        if probe.encrypted_data.is_some() && probe.kdf_params.is_some() {
            return Some(ImportFormat::Ente);
        }
        return None;
    }
    let first_line = trimmed.lines().next().unwrap_or("");
    if first_line
        .split(',')
        .any(|column| column.trim() == "login_totp")
    {
        return Some(ImportFormat::Bitwarden);
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
        ImportFormat::FreeOtp => freeotp::is_encrypted(bytes),
        ImportFormat::Ente => ente::is_encrypted(bytes),
        ImportFormat::AuthenticatorPro => authenticator_pro::is_encrypted(bytes),
        ImportFormat::AndOtp => andotp::is_encrypted(bytes),
        ImportFormat::FreeOtpPlus => false,
        // An encrypted Bitwarden export is refused whatever the password: none is asked.
        ImportFormat::Bitwarden => false,
        ImportFormat::Proton => proton::is_encrypted(bytes),
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
        ImportFormat::FreeOtp => freeotp::read(bytes, password),
        ImportFormat::Ente => ente::read(bytes, password),
        ImportFormat::AuthenticatorPro => authenticator_pro::read(bytes, password),
        ImportFormat::AndOtp => andotp::read(bytes, password),
        ImportFormat::FreeOtpPlus => freeotp_plus::read(bytes, password),
        ImportFormat::Bitwarden => bitwarden::read(bytes, password),
        ImportFormat::Proton => proton::read(bytes, password),
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
    mut warnings: Vec<WarningKind>,
) -> Result<ImportEntry, String> {
    let draft = uri::validated(draft).map_err(|err| err.to_string())?;
    let extras = AccountExtras {
        group: checked_extra("group", extras.group, &mut warnings, |reason| {
            WarningKind::GroupLeftOut { reason }
        }),
        note: checked_extra("note", extras.note, &mut warnings, |reason| {
            WarningKind::NoteLeftOut { reason }
        }),
    };
    Ok(ImportEntry {
        draft,
        extras,
        warnings,
    })
}

/// An imported group or note if [`uri::check_name`] accepts it; otherwise none, with the
/// `left_out` warning that says why (never the text itself).
fn checked_extra(
    field: &'static str,
    text: Option<String>,
    warnings: &mut Vec<WarningKind>,
    left_out: fn(UriError) -> WarningKind,
) -> Option<String> {
    let text = text?;
    match uri::check_name(field, &text) {
        Ok(()) => Some(text),
        Err(reason) => {
            warnings.push(left_out(reason));
            None
        }
    }
}

/// Decodes a base32 secret from an export through the same function as an otpauth URI's
/// `secret=` ([`uri::read_secret`]): the same clean-ups (case, padding, separators, trailing
/// bits), each with the URI's warning, the same weak-key warning and the same errors.
pub(crate) fn decode_secret(text: &str, warnings: &mut Vec<WarningKind>) -> Result<Secret, String> {
    uri::read_secret(text, warnings).map_err(|e| e.to_string())
}

/// The weak-key warning of an otpauth URI ([`uri::weak_secret`]) for a secret that came as raw
/// bytes rather than base32 text.
pub(crate) fn push_weak_secret_warning(secret: &Secret, warnings: &mut Vec<WarningKind>) {
    warnings.extend(uri::weak_secret(secret));
}

/// What most exports store for one entry, read but not yet checked: [`entry_from`] turns it
/// into an [`ImportEntry`] the way every importer must (one path, so that the same value gives
/// the same account, warnings and reasons whatever file it came in).
pub(crate) struct EntryParts<'a> {
    /// The type, already mapped from the format's own word ([`otp_type_named`]).
    pub otp_type: OtpType,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub label: String,
    /// The key.
    pub secret: Secret,
    /// The algorithm as the file names it (`SHA1`, `sha256`, `HmacSHA1`...).
    pub algorithm: Option<&'a str>,
    /// The code length, as written (a number too large for a `u8` is rejected).
    pub digits: Option<u64>,
    /// The period in seconds, as written.
    pub period: Option<u64>,
    /// The HOTP counter, as written (required for HOTP).
    pub counter: Option<u64>,
    /// Group and note, checked by [`checked_entry`].
    pub extras: AccountExtras,
    /// Warnings already collected (from [`decode_secret`]).
    pub warnings: Vec<WarningKind>,
}

/// The one way an importer that reads fields (rather than an otpauth URI) makes an entry:
/// the algorithm by name, a counter required for HOTP, the Steam rule of otpauth URIs (a TOTP
/// account whose issuer is Steam and whose length is unset or 5 is a Steam Guard account, with
/// the URI's warning), then [`checked_entry`]. The reason for a rejection names the field,
/// never its content beyond a short plain word ([`Shown`]).
pub(crate) fn entry_from(parts: EntryParts<'_>) -> Result<ImportEntry, String> {
    let EntryParts {
        mut otp_type,
        issuer,
        label,
        secret,
        algorithm,
        digits,
        period,
        counter,
        extras,
        mut warnings,
    } = parts;
    let algorithm = match algorithm {
        None => None,
        Some(name) => Some(
            Algorithm::from_name(name.strip_prefix("Hmac").unwrap_or(name)).ok_or_else(|| {
                format!(
                    "unknown algorithm {}: use SHA1, SHA256 or SHA512",
                    Shown::new(name)
                )
            })?,
        ),
    };
    let digits = small::<u8>("digits", digits)?;
    let period = small::<u32>("period", period)?;
    let is_steam_issuer = issuer
        .as_deref()
        .is_some_and(|issuer| issuer.trim().eq_ignore_ascii_case("steam"));
    if otp_type == OtpType::Totp && is_steam_issuer && digits.is_none_or(|d| d == STEAM_DIGITS) {
        otp_type = OtpType::Steam;
        warnings.push(WarningKind::SteamAssumed);
    }
    if otp_type == OtpType::Hotp && counter.is_none() {
        return Err("an HOTP entry has no counter".into());
    }
    let draft = AccountDraft {
        otp_type,
        issuer: issuer.filter(|s| !s.is_empty()),
        label,
        secret,
        algorithm,
        digits,
        // As in an otpauth URI: a period means nothing to HOTP, a counter nothing to TOTP.
        period: period.filter(|_| otp_type.is_time_based()),
        counter: counter.filter(|_| otp_type == OtpType::Hotp),
    };
    checked_entry(draft, extras, warnings)
}

/// A number from a file for a field that holds a small one; too large is a rejection.
fn small<T: TryFrom<u64>>(field: &str, value: Option<u64>) -> Result<Option<T>, String> {
    value
        .map(|v| T::try_from(v).map_err(|_| format!("{field} {v} is out of range")))
        .transpose()
}

/// An OTP type from a format's word for it (`totp`, `HOTP`, `Steam`...).
pub(crate) fn otp_type_named(name: &str) -> Result<OtpType, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "totp" => Ok(OtpType::Totp),
        "hotp" => Ok(OtpType::Hotp),
        "steam" => Ok(OtpType::Steam),
        _ => Err(format!(
            "{} entries are not supported (TOTP, HOTP and Steam are)",
            Shown::new(name)
        )),
    }
}

/// The entry an otpauth URI stored inside another format describes (Proton, Bitwarden, Ente):
/// read by [`uri::parse`] exactly as a scanned code, with its warnings, then given the
/// container's group and note through [`checked_entry`]. `fill` may complete what the URI
/// left empty (an issuer or label the container holds beside it); the result is checked
/// again. A Google export link, which holds several accounts, is not read from one entry.
pub(crate) fn entry_from_uri(
    text: &str,
    extras: AccountExtras,
    fill: impl FnOnce(&mut AccountDraft),
) -> Result<ImportEntry, String> {
    let parsed = uri::parse(text).map_err(|err| err.to_string())?;
    if parsed.accounts.len() != 1 || !parsed.rejected.is_empty() {
        return Err(
            "a Google Authenticator export link inside an entry is not read: import the link itself as a list of URIs".into(),
        );
    }
    let warnings = parsed.warnings.into_iter().map(|w| w.kind).collect();
    let mut draft = parsed.accounts.into_iter().next().ok_or("no account")?;
    fill(&mut draft);
    checked_entry(draft, extras, warnings)
}

/// The secret of a `steam://SECRET` link (Proton, Bitwarden), if `text` is one.
pub(crate) fn steam_link(text: &str) -> Option<&str> {
    let (scheme, rest) = text.trim().split_once("://")?;
    scheme.eq_ignore_ascii_case("steam").then_some(rest)
}

/// A Steam Guard entry from a `steam://` link's base32 secret.
pub(crate) fn steam_entry(
    secret: &str,
    label: String,
    extras: AccountExtras,
) -> Result<ImportEntry, String> {
    let mut warnings = Vec::new();
    let secret = decode_secret(secret, &mut warnings)?;
    entry_from(EntryParts {
        otp_type: OtpType::Steam,
        issuer: Some("Steam".into()),
        label,
        secret,
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
        extras,
        warnings,
    })
}

/// Adds an entry, or its rejection under `name`, to the batch.
pub(crate) fn push_entry(
    batch: &mut ImportBatch,
    name: String,
    entry: Result<ImportEntry, String>,
) {
    match entry {
        Ok(entry) => batch.entries.push(entry),
        Err(reason) => batch.rejected.push(Rejected {
            entry: name,
            reason,
        }),
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
    fn formats_and_errors_keep_their_names() {
        use strum::EnumCount;
        let formats = ImportFormat::ALL.map(|f| (f, f.as_str()));
        let names = formats.map(|(_, name)| name);
        assert_eq!(
            names,
            [
                "otpkit",
                "aegis",
                "2fas",
                "uris",
                "proton",
                "bitwarden",
                "freeotp-plus",
                "freeotp",
                "andotp",
                "authenticator-pro",
                "ente"
            ]
        );
        crate::names::assert_names(&formats, |f| f.as_str(), ImportFormat::COUNT);
        let format = ImportFormat::Aegis;
        let cost = KdfCost {
            what: "password slots",
            asked: 2,
            limit: 1,
        };
        let errors = [
            (ImportError::UnknownFormat, "unknown_format"),
            (ImportError::TooLarge { max: 1 }, "too_large"),
            (
                ImportError::Malformed {
                    format,
                    reason: String::new(),
                },
                "malformed",
            ),
            (
                ImportError::UnsupportedVersion { format, version: 9 },
                "unsupported_version",
            ),
            (
                ImportError::PasswordRequired { format },
                "password_required",
            ),
            (
                ImportError::EncryptionNotSupported { format, fix: "x" },
                "encryption_not_supported",
            ),
            (ImportError::WrongPassword { format }, "wrong_password"),
            (ImportError::Tampered { format }, "tampered"),
            (ImportError::ExpensiveKdf { format, cost }, "expensive_kdf"),
            (
                ImportError::TooManyEntries { format, max: 1 },
                "too_many_entries",
            ),
            (
                ImportError::Backup(VaultError::WrongPassphrase),
                "wrong_passphrase",
            ),
        ];
        crate::names::assert_names(&errors, ImportError::kind, ImportError::COUNT);
    }

    #[test]
    fn format_names_read_back() {
        for format in ImportFormat::ALL {
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
            ("Proton-Authenticator", ImportFormat::Proton),
            ("bitwarden-authenticator", ImportFormat::Bitwarden),
            ("FreeOTP+", ImportFormat::FreeOtpPlus),
            ("freeotpplus", ImportFormat::FreeOtpPlus),
            ("authpro", ImportFormat::AuthenticatorPro),
            ("stratum", ImportFormat::AuthenticatorPro),
            ("ente-auth", ImportFormat::Ente),
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

    fn parts(otp_type: OtpType, issuer: &str, digits: Option<u64>) -> EntryParts<'static> {
        EntryParts {
            otp_type,
            issuer: Some(issuer.into()),
            label: "jane".into(),
            secret: Secret::from_bytes(vec![7; 20]),
            algorithm: None,
            digits,
            period: Some(30),
            counter: None,
            extras: AccountExtras::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn entry_from_applies_the_uri_rules() {
        // The Steam rule of otpauth URIs: issuer Steam and no other length than 5.
        for digits in [None, Some(5)] {
            let entry = entry_from(parts(OtpType::Totp, " steam ", digits)).unwrap();
            assert_eq!(entry.draft.otp_type, OtpType::Steam);
            assert_eq!(entry.warnings, [WarningKind::SteamAssumed]);
        }
        let six = entry_from(parts(OtpType::Totp, "Steam", Some(6))).unwrap();
        assert_eq!((six.draft.otp_type, six.warnings.len()), (OtpType::Totp, 0));
        let hotp = entry_from(parts(OtpType::Hotp, "Steam", None)).unwrap_err();
        assert_eq!(hotp, "an HOTP entry has no counter");
        let mut counted = parts(OtpType::Hotp, "Bank", None);
        counted.counter = Some(3);
        let hotp = entry_from(counted).unwrap();
        // A period means nothing to HOTP, a counter nothing to TOTP: neither is kept.
        assert_eq!((hotp.draft.counter, hotp.draft.period), (Some(3), None));
        let mut totp = parts(OtpType::Totp, "ACME", None);
        totp.counter = Some(3);
        assert_eq!(entry_from(totp).unwrap().draft.counter, None);
        // Algorithms by name, Java's Hmac prefix too; numbers too large for their field.
        for (name, algorithm) in [
            ("HmacSHA256", Algorithm::Sha256),
            ("sha512", Algorithm::Sha512),
        ] {
            let mut p = parts(OtpType::Totp, "ACME", None);
            p.algorithm = Some(name);
            assert_eq!(entry_from(p).unwrap().draft.algorithm, Some(algorithm));
        }
        let mut md5 = parts(OtpType::Totp, "ACME", None);
        md5.algorithm = Some("MD5");
        assert!(entry_from(md5)
            .unwrap_err()
            .starts_with("unknown algorithm 'MD5'"));
        let digits = entry_from(parts(OtpType::Totp, "ACME", Some(256))).unwrap_err();
        assert_eq!(digits, "digits 256 is out of range");
        let mut period = parts(OtpType::Totp, "ACME", None);
        period.period = Some(1 << 32);
        assert_eq!(
            entry_from(period).unwrap_err(),
            "period 4294967296 is out of range"
        );
        // An empty issuer is no issuer.
        assert_eq!(
            entry_from(parts(OtpType::Totp, "", None))
                .unwrap()
                .draft
                .issuer,
            None
        );
    }

    #[test]
    fn an_entry_holding_a_uri_keeps_its_warnings_but_not_a_whole_export() {
        let entry = entry_from_uri(
            "otpauth://totp/ACME:jane?secret=jbswy3dpehpk3pxp",
            AccountExtras::default(),
            |_| {},
        )
        .unwrap();
        assert_eq!(
            entry.warnings,
            [
                WarningKind::SecretLowercase,
                WarningKind::WeakSecret { bits: 80 }
            ]
        );
        // Two accounts, none left out: still one entry's worth of URI too many.
        let drafts = [
            parts(OtpType::Totp, "ACME", None),
            parts(OtpType::Totp, "Bank", None),
        ]
        .map(|p| AccountDraft {
            otp_type: p.otp_type,
            issuer: p.issuer,
            label: p.label,
            secret: p.secret,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        });
        let export = uri::migration::encode(&drafts, 1, 10).unwrap();
        let err = entry_from_uri(&export[0], AccountExtras::default(), |_| {}).unwrap_err();
        assert!(
            err.starts_with("a Google Authenticator export link"),
            "{err}"
        );
    }

    #[test]
    fn links_and_type_names() {
        assert_eq!(steam_link(" STEAM://ABC "), Some("ABC"));
        assert_eq!(steam_link("otpauth://totp/x"), None);
        assert_eq!(steam_link("steam:ABC"), None);
        for (name, otp_type) in [
            ("TOTP", OtpType::Totp),
            (" hotp", OtpType::Hotp),
            ("Steam", OtpType::Steam),
        ] {
            assert_eq!(otp_type_named(name), Ok(otp_type));
        }
        assert_eq!(
            otp_type_named("MOTP").unwrap_err(),
            "'MOTP' entries are not supported (TOTP, HOTP and Steam are)"
        );
    }

    #[test]
    fn binary_headers_are_recognised() {
        let mut andotp = vec![0u8; 44];
        for (count, expected) in [
            (139_999u32, None),
            (140_000, Some(ImportFormat::AndOtp)),
            (160_000, Some(ImportFormat::AndOtp)),
            (160_001, None),
        ] {
            andotp[..4].copy_from_slice(&count.to_be_bytes());
            andotp[4] = 0xff; // not UTF-8, so nothing else claims it
            assert_eq!(detect(&andotp), expected, "{count}");
        }
        andotp[..4].copy_from_slice(&150_000u32.to_be_bytes());
        assert_eq!(
            detect(&andotp[..43]),
            None,
            "too short for salt, nonce and tag"
        );
        assert_eq!(
            detect(b"AUTHENTICATORPRO\x00"),
            Some(ImportFormat::AuthenticatorPro)
        );
        assert_eq!(
            detect(b"AuthenticatorPro\x00"),
            Some(ImportFormat::AuthenticatorPro)
        );
        assert_eq!(detect(b"\xac\xed\x00\x05\x73"), Some(ImportFormat::FreeOtp));
        assert_eq!(
            detect(b"\xef\xbb\xbf{\"items\": []}"),
            Some(ImportFormat::Bitwarden)
        );
        assert_eq!(
            detect(b"name,login_uri , login_totp\nx,y,z"),
            Some(ImportFormat::Bitwarden)
        );
        assert_eq!(detect(b"[]"), None);
        assert_eq!(
            detect(br#"[{"secret": "A", "type": "TOTP"}]"#),
            Some(ImportFormat::AndOtp)
        );
        assert_eq!(detect(br#"{"salt": "x"}"#), None);
        assert_eq!(
            detect(br#"{"salt": "x", "content": "y"}"#),
            Some(ImportFormat::Proton)
        );
        assert_eq!(detect(br#"{"kdfParams": {}}"#), None);
        assert_eq!(
            detect(br#"{"kdfParams": {}, "encryptedData": ""}"#),
            Some(ImportFormat::Ente)
        );
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
        assert_eq!(warnings, [WarningKind::WeakSecret { bits: 120 }]);
        assert!(
            warnings[0].to_string().contains("only 120 bits long"),
            "{}",
            warnings[0]
        );
    }
}
