//! Authenticator Pro (now Stratum) backups: plain JSON and the encrypted `.authpro` /
//! `.stratum` files.
//!
//! Format, as the app writes it (jamie-mh/AuthenticatorPro, `Stratum.Core/src`):
//! - `Backup/Backup.cs` serialised by Newtonsoft.Json with its defaults (PascalCase names,
//!   enums as numbers): `{"Authenticators": [{"Type", "Issuer", "Username", "Secret"
//!   (base32), "Pin", "Algorithm", "Digits", "Period", "Counter", ...}], "Categories":
//!   [{"Id", "Name"}], "AuthenticatorCategories": [{"CategoryId", "AuthenticatorSecret"}],
//!   "CustomIcons": [...]}`. `Type` (`AuthenticatorType.cs`): 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam,
//!   5 Yandex; `Algorithm` (`Generator/HashAlgorithm.cs`): 0 SHA1, 1 SHA256, 2 SHA512. The
//!   first category an authenticator is in becomes its group.
//! - Encrypted (`Backup/Encryption/StrongBackupEncryption.cs`): `AUTHENTICATORPRO`, salt (16
//!   bytes), nonce (12 bytes), AES-256-GCM ciphertext and tag of that JSON; the key is
//!   Argon2id (version 0x13, 3 passes, 64 MiB, 4 lanes, 32 bytes) of the UTF-8 password. The
//!   parameters are constants of the format, so a file cannot ask for more work.
//! - Older encrypted backups (`LegacyBackupEncryption.cs`: `AuthenticatorPro`, PBKDF2-SHA1
//!   and AES-CBC) are refused with [`ImportError::EncryptionNotSupported`]: OtpKit has no
//!   AES-CBC, and the app reads and rewrites them in the current format.

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    check_count, decode_secret, entry_from, entry_name, push_entry, EntryParts, ImportBatch,
    ImportEntry, ImportError, ImportFormat,
};
use crate::otp::OtpType;
use crate::uri::Shown;
use crate::vault::account::AccountExtras;
use crate::vault::aead;
use crate::vault::KdfParams;

const FORMAT: ImportFormat = ImportFormat::AuthenticatorPro;
/// The header of an encrypted backup (`StrongBackupEncryption.Header`).
pub(crate) const HEADER: &[u8] = b"AUTHENTICATORPRO";
/// The header of an old encrypted backup (`LegacyBackupEncryption.Header`).
pub(crate) const LEGACY_HEADER: &[u8] = b"AuthenticatorPro";
const SALT_LEN: usize = 16;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Backup {
    authenticators: Vec<Authenticator>,
    #[serde(default)]
    categories: Option<Vec<Category>>,
    #[serde(default)]
    authenticator_categories: Option<Vec<AuthenticatorCategory>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Authenticator {
    #[serde(rename = "Type")]
    kind: u64,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    username: Option<String>,
    secret: SecretText,
    #[serde(default)]
    algorithm: Option<u64>,
    #[serde(default)]
    digits: Option<u64>,
    #[serde(default)]
    period: Option<u64>,
    #[serde(default)]
    counter: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Category {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthenticatorCategory {
    category_id: String,
    authenticator_secret: SecretText,
}

/// True when the file is an encrypted backup OtpKit reads (an old one is refused whatever the
/// password, so none is asked for it).
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER)
}

/// Reads an Authenticator Pro backup; `password` is needed when it is encrypted.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if bytes.starts_with(LEGACY_HEADER) {
        return Err(ImportError::EncryptionNotSupported {
            format: FORMAT,
            fix: "this is an old Authenticator Pro backup: restore it in Authenticator Pro (or Stratum) and make a new backup",
        });
    }
    let Some(sealed) = bytes.strip_prefix(HEADER) else {
        return read_plain(bytes);
    };
    let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    if sealed.len() < SALT_LEN + aead::NONCE_BYTES + aead::TAG_LEN {
        return Err(ImportError::Malformed {
            format: FORMAT,
            reason: "too short for an encrypted backup".into(),
        });
    }
    let (salt, rest) = sealed.split_at(SALT_LEN);
    let (nonce, ciphertext) = rest.split_at(aead::NONCE_BYTES);
    let key = derive_key(password, salt)?;
    let plain = aead::open(key.as_ref(), nonce, &[], ciphertext)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })?;
    read_plain(&plain)
}

/// Argon2id with the app's constants (`StrongBackupEncryption`: 3 passes, 64 MiB, 4 lanes).
pub(crate) fn derive_key(password: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    let params = KdfParams::new(64 * 1024, 3, 4).map_err(|err| ImportError::Malformed {
        format: FORMAT,
        reason: err.to_string(),
    })?;
    params
        .derive(password, salt)
        .map_err(|err| ImportError::Malformed {
            format: FORMAT,
            reason: err.to_string(),
        })
}

fn read_plain(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let backup: Backup = json::parse(FORMAT, bytes)?;
    check_count(FORMAT, backup.authenticators.len())?;
    let categories = backup.categories.unwrap_or_default();
    let links = backup.authenticator_categories.unwrap_or_default();
    check_count(FORMAT, links.len())?;
    let mut names: HashMap<&str, &str> = HashMap::with_capacity(categories.len());
    for category in &categories {
        names.entry(&category.id).or_insert(&category.name);
    }
    // The first category each secret is in (the app keys categories by the secret).
    let mut group_of: HashMap<&str, &str> = HashMap::with_capacity(links.len());
    for link in &links {
        if let Some(name) = names.get(link.category_id.as_str()) {
            group_of
                .entry(link.authenticator_secret.0.as_str())
                .or_insert(name);
        }
    }
    let mut batch = ImportBatch::default();
    for (index, auth) in backup.authenticators.iter().enumerate() {
        let name = entry_name(auth.issuer.as_deref(), auth.username.as_deref(), index);
        let group = group_of.get(auth.secret.0.as_str()).map(|g| g.to_string());
        push_entry(&mut batch, name, convert(auth, group));
    }
    Ok(batch)
}

fn convert(auth: &Authenticator, group: Option<String>) -> Result<ImportEntry, String> {
    let otp_type = match auth.kind {
        1 => OtpType::Hotp,
        2 => OtpType::Totp,
        4 => OtpType::Steam,
        3 => return Err("mOTP entries are not supported (TOTP, HOTP and Steam are)".into()),
        5 => return Err("Yandex entries are not supported (TOTP, HOTP and Steam are)".into()),
        other => return Err(format!("unknown type {other}")),
    };
    let algorithm = match auth.algorithm {
        None | Some(0) => "SHA1",
        Some(1) => "SHA256",
        Some(2) => "SHA512",
        Some(other) => {
            return Err(format!(
                "unknown algorithm {}",
                Shown::new(&other.to_string())
            ))
        }
    };
    let mut warnings = Vec::new();
    let secret = decode_secret(&auth.secret.0, &mut warnings)?;
    entry_from(EntryParts {
        otp_type,
        issuer: auth.issuer.clone(),
        label: auth.username.clone().unwrap_or_default(),
        secret,
        // The app stores SHA1 for Steam, as Steam computes it; an explicit algorithm is
        // written only where it means something.
        algorithm: (otp_type != OtpType::Steam).then_some(algorithm),
        digits: auth.digits.filter(|_| otp_type != OtpType::Steam),
        period: auth.period,
        counter: auth.counter,
        extras: AccountExtras { group, note: None },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::Algorithm;

    fn one(fields: &str) -> ImportBatch {
        let json = format!(
            r#"{{"Authenticators": [{{"Issuer": "I", "Username": "u", "Secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", {fields}}}]}}"#
        );
        read(json.as_bytes(), None).unwrap()
    }

    #[test]
    fn types_and_algorithms_by_number() {
        let reason = |b: ImportBatch| b.rejected[0].reason.clone();
        assert_eq!(reason(one(r#""Type": 7"#)), "unknown type 7");
        assert_eq!(
            reason(one(r#""Type": 2, "Algorithm": 3"#)),
            "unknown algorithm '3'"
        );
        for (number, algorithm) in [
            (0, Algorithm::Sha1),
            (1, Algorithm::Sha256),
            (2, Algorithm::Sha512),
        ] {
            let batch = one(&format!(
                r#""Type": 1, "Algorithm": {number}, "Counter": 4"#
            ));
            let draft = &batch.entries[0].draft;
            assert_eq!((draft.algorithm, draft.counter), (Some(algorithm), Some(4)));
        }
        // Steam: the app's SHA1 and 5 digits are Steam's own, not written.
        let batch = one(r#""Type": 4, "Algorithm": 0, "Digits": 5, "Period": 30"#);
        let draft = &batch.entries[0].draft;
        assert_eq!(
            (draft.otp_type, draft.algorithm, draft.digits),
            (OtpType::Steam, None, None)
        );
        // No algorithm at all is SHA1.
        assert_eq!(
            one(r#""Type": 2"#).entries[0].draft.algorithm,
            Some(Algorithm::Sha1)
        );
    }

    #[test]
    fn the_shortest_encrypted_backup_is_a_salt_a_nonce_and_a_tag() {
        let mut bytes = HEADER.to_vec();
        bytes.extend([0u8; SALT_LEN + aead::NONCE_BYTES + aead::TAG_LEN - 1]);
        assert!(matches!(
            read(&bytes, Some(b"pw")),
            Err(ImportError::Malformed { .. })
        ));
        bytes.push(0);
        assert!(matches!(
            read(&bytes, Some(b"pw")),
            Err(ImportError::WrongPassword { .. })
        ));
    }
}
