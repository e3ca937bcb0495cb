//! andOTP backups: plain JSON, and the encrypted `.json.aes` backups of both key derivations.
//!
//! Format, as andOTP writes it (andOTP/andOTP, app/src/main/java/org/shadowice/flocke/andotp):
//! - Plain (`Database/Entry.java` `toJSON`, `Utilities/DatabaseHelper.java` `entriesToString`):
//!   a JSON array of `{"secret" (base32), "issuer", "label", "digits", "type" (TOTP, HOTP,
//!   STEAM, MOTP), "algorithm" (SHA1, SHA256, SHA512), "period" (TOTP), "counter" (HOTP),
//!   "tags": [...], "thumbnail", "last_used", "used_frequency"}`. The first tag becomes the
//!   group (OtpKit has one group an account).
//! - Encrypted, current (`Utilities/BackupHelper.java` `backupToFile`,
//!   `EncryptionHelper.generateSymmetricKeyPBKDF2`): iterations (4 bytes, big-endian), salt
//!   (12 bytes), then nonce (12 bytes) and AES-256-GCM ciphertext with its tag; the key is
//!   PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits). andOTP draws the iterations from
//!   140,000 to 160,000 (`Constants.PBKDF2_MIN/MAX_BACKUP_ITERATIONS`); a file asking for more
//!   than four times the most is refused unread ([`MAX_PBKDF2_ITERATIONS`]).
//! - Encrypted, old ("old format" in andOTP's restore menu,
//!   `EncryptionHelper.generateSymmetricKeyFromPassword`): nonce (12 bytes) and AES-256-GCM
//!   ciphertext, the key SHA-256 of the password. Its first bytes are random, so a file is
//!   tried in the current format when its first four bytes are a count we accept, then in the
//!   old one.

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    check_count, decode_secret, entry_from, entry_name, otp_type_named, push_entry, EntryParts,
    ImportBatch, ImportEntry, ImportError, ImportFormat,
};
use crate::uri::WarningKind;
use crate::vault::account::AccountExtras;
use crate::vault::aead;

const FORMAT: ImportFormat = ImportFormat::AndOtp;

/// The most iterations andOTP writes (`Constants.PBKDF2_MAX_BACKUP_ITERATIONS`).
pub(crate) const ANDOTP_MAX_ITERATIONS: u32 = 160_000;
/// The least andOTP writes (`Constants.PBKDF2_MIN_BACKUP_ITERATIONS`).
pub(crate) const ANDOTP_MIN_ITERATIONS: u32 = 140_000;
/// The most PBKDF2 iterations we run: four times andOTP's most, as for the other formats.
pub const MAX_PBKDF2_ITERATIONS: u32 = 4 * ANDOTP_MAX_ITERATIONS;
/// Iteration count, salt and nonce before the ciphertext of a current backup.
const HEADER_LEN: usize = 4 + SALT_LEN + aead::NONCE_BYTES;
const SALT_LEN: usize = 12;

#[derive(Deserialize)]
struct Entry {
    secret: SecretText,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    digits: Option<u64>,
    #[serde(rename = "type", default)]
    entry_type: Option<String>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    period: Option<u64>,
    #[serde(default)]
    counter: Option<u64>,
    #[serde(default)]
    tags: Vec<String>,
}

/// True when the bytes are not a JSON array, i.e. an encrypted backup.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[')
}

/// True when the first four bytes are an iteration count andOTP writes and the file is long
/// enough: how an encrypted andOTP backup is recognised (the old format cannot be).
pub(crate) fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.len() >= HEADER_LEN + aead::TAG_LEN
        && (ANDOTP_MIN_ITERATIONS..=ANDOTP_MAX_ITERATIONS).contains(&iterations(bytes))
}

fn iterations(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// Reads an andOTP backup; `password` is needed when it is encrypted.
pub fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if !is_encrypted(bytes) {
        return read_plain(bytes);
    }
    let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    let plain = decrypt(bytes, password)?;
    read_plain(&plain)
}

/// Opens an encrypted backup: the current format when the count is one we run, else (or when
/// that fails) the old one.
fn decrypt(bytes: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    if bytes.len() < aead::NONCE_BYTES + aead::TAG_LEN {
        return Err(ImportError::Malformed {
            format: FORMAT,
            reason: "too short for an encrypted andOTP backup".into(),
        });
    }
    // Shorter than a header and a tag, it cannot be the current format (trying would only fail
    // authentication after a key derivation: mutants.sh's one survivor here, `+` for `-`).
    if bytes.len() >= HEADER_LEN + aead::TAG_LEN {
        let count = iterations(bytes);
        if (1..=MAX_PBKDF2_ITERATIONS).contains(&count) {
            let salt = &bytes[4..4 + SALT_LEN];
            let mut key = Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, count, key.as_mut());
            let nonce = &bytes[4 + SALT_LEN..HEADER_LEN];
            if let Ok(plain) = aead::open(key.as_ref(), nonce, &[], &bytes[HEADER_LEN..]) {
                return Ok(plain);
            }
        }
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&<sha2::Sha256 as sha2::Digest>::digest(password));
    let (nonce, sealed) = bytes.split_at(aead::NONCE_BYTES);
    // GCM cannot tell a wrong key from damage; with a password, a wrong one is by far likelier.
    aead::open(key.as_ref(), nonce, &[], sealed)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })
}

fn read_plain(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let entries: Vec<Entry> = json::parse(FORMAT, bytes)?;
    check_count(FORMAT, entries.len())?;
    let mut batch = ImportBatch::default();
    for (index, entry) in entries.into_iter().enumerate() {
        let name = entry_name(entry.issuer.as_deref(), entry.label.as_deref(), index);
        push_entry(&mut batch, name, convert(entry));
    }
    Ok(batch)
}

fn convert(entry: Entry) -> Result<ImportEntry, String> {
    let otp_type = otp_type_named(entry.entry_type.as_deref().unwrap_or("TOTP"))?;
    let mut warnings = Vec::new();
    let secret = decode_secret(&entry.secret.0, &mut warnings)?;
    let mut tags = entry.tags.into_iter().filter(|t| !t.is_empty());
    let group = tags.next();
    if tags.next().is_some() {
        warnings.push(WarningKind::TagsDropped);
    }
    entry_from(EntryParts {
        otp_type,
        issuer: entry.issuer,
        label: entry.label.unwrap_or_default(),
        secret,
        algorithm: entry.algorithm.as_deref(),
        digits: entry.digits,
        period: entry.period,
        counter: entry.counter,
        extras: AccountExtras { group, note: None },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iteration_cap_is_four_times_what_andotp_writes() {
        assert_eq!(ANDOTP_MAX_ITERATIONS, 160_000);
        assert_eq!(MAX_PBKDF2_ITERATIONS, 640_000);
    }

    /// A current-format backup of `plain` with `count` iterations.
    fn backup(count: u32, plain: &[u8]) -> Vec<u8> {
        let salt = [5u8; SALT_LEN];
        let nonce = [6u8; aead::NONCE_BYTES];
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(b"pw", &salt, count, &mut key);
        let mut out = count.to_be_bytes().to_vec();
        out.extend_from_slice(&salt);
        out.extend_from_slice(&nonce);
        out.extend(aead::seal(&key, &nonce, &[], plain).unwrap());
        out
    }

    #[test]
    fn the_shortest_current_backup_is_read() {
        // 46 bytes: the header, two bytes of JSON and the tag.
        let small = backup(1, b"[]");
        assert_eq!(small.len(), HEADER_LEN + 2 + aead::TAG_LEN);
        assert_eq!(decrypt(&small, b"pw").unwrap().as_slice(), b"[]");
        assert!(read(&small, Some(b"pw")).unwrap().entries.is_empty());
        // A count of 0 is not PBKDF2: only the old format is tried.
        let mut zero = backup(1, b"[]");
        zero[..4].copy_from_slice(&0u32.to_be_bytes());
        assert!(matches!(
            decrypt(&zero, b"pw"),
            Err(ImportError::WrongPassword { .. })
        ));
    }

    #[test]
    fn the_shortest_old_backup_is_a_nonce_and_a_tag() {
        assert!(matches!(
            decrypt(&[0; 27], b"pw"),
            Err(ImportError::Malformed { .. })
        ));
        assert!(matches!(
            decrypt(&[0; 28], b"pw"),
            Err(ImportError::WrongPassword { .. })
        ));
    }
}
