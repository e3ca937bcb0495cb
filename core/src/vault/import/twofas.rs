//! 2FAS `.2fas` backups, plain and encrypted.
//!
//! Format (2FAS apps' backup export, schema version 4): `{"services": [...], "groups": [...],
//! "schemaVersion": 4, ...}`. Each service has `name`, `secret` (base32) and
//! `otp {account, issuer, digits, period, algorithm, counter, tokenType}`, and optionally
//! `order {position}` and `groupId`. Encrypted: `services` is empty and `servicesEncrypted` is
//! `base64(ciphertext+tag):base64(salt):base64(iv)`, AES-256-GCM under
//! PBKDF2-HMAC-SHA256(password, salt, 10000 iterations, 32 bytes) over the JSON services list.

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    check_count, checked_entry, decode_secret, entry_name, ImportBatch, ImportEntry, ImportError,
    ImportFormat,
};
use crate::otp::{Algorithm, OtpType};
use crate::uri::{AccountDraft, Shown};
use crate::vault::account::AccountExtras;
use crate::vault::aead;
use crate::vault::report::Rejected;

const FORMAT: ImportFormat = ImportFormat::TwoFas;
/// Newest schema we read.
const SCHEMA_VERSION: u64 = 4;
/// 2FAS' PBKDF2 iteration count (`BackupKeyGeneratorPbkdf.ITERATIONS` in twofas/2fas-android).
/// A constant of the format, not a field of the file: a crafted file cannot ask for more work.
pub(crate) const PBKDF2_ITERATIONS: u32 = 10_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    services: Option<Vec<Service>>,
    #[serde(default)]
    groups: Vec<Group>,
    schema_version: Option<u64>,
    services_encrypted: Option<String>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    #[serde(default)]
    name: String,
    secret: SecretText,
    otp: Option<Otp>,
    order: Option<Order>,
    group_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Otp {
    account: Option<String>,
    label: Option<String>,
    issuer: Option<String>,
    digits: Option<u8>,
    period: Option<u32>,
    algorithm: Option<String>,
    counter: Option<u64>,
    token_type: Option<String>,
}

#[derive(Deserialize)]
struct Order {
    position: i64,
}

/// True when the file is an encrypted 2FAS backup.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<File>(FORMAT, bytes)
        .map(|f| f.services_encrypted.is_some())
        .unwrap_or(false)
}

/// Reads a 2FAS backup; `password` is needed when it is encrypted.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let file: File = json::parse(FORMAT, bytes)?;
    if let Some(version) = file.schema_version {
        if version == 0 || version > SCHEMA_VERSION {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version,
            });
        }
    }
    let services = match (&file.services_encrypted, file.services) {
        (None, None) => {
            return Err(ImportError::Malformed {
                format: FORMAT,
                reason: "neither services nor servicesEncrypted is present".into(),
            })
        }
        (None, Some(services)) => services,
        (Some(encrypted), _) => {
            let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
            let plaintext = decrypt(encrypted, password)?;
            json::parse::<Vec<Service>>(FORMAT, &plaintext)?
        }
    };
    check_count(FORMAT, services.len())?;
    Ok(convert(services, &file.groups))
}

/// Derives the key and opens `servicesEncrypted`.
fn decrypt(encrypted: &str, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    // At most four pieces: a string of a million ':' must not become a million slices.
    let parts: Vec<&str> = encrypted.splitn(4, ':').collect();
    let [ciphertext, salt, iv] = parts.as_slice() else {
        return Err(ImportError::Malformed {
            format: FORMAT,
            reason: "servicesEncrypted must be three base64 parts separated by ':'".into(),
        });
    };
    let ciphertext = json::base64(FORMAT, "servicesEncrypted ciphertext", ciphertext)?;
    let salt = json::base64(FORMAT, "servicesEncrypted salt", salt)?;
    let iv = json::base64(FORMAT, "servicesEncrypted iv", iv)?;
    if iv.len() != aead::NONCE_BYTES || ciphertext.len() < aead::TAG_LEN {
        return Err(ImportError::Malformed {
            format: FORMAT,
            reason: "servicesEncrypted has a wrong iv or ciphertext length".into(),
        });
    }
    let key = derive_key(password, &salt);
    // GCM cannot tell a wrong key from damaged data; with a derived key, a wrong password is by
    // far the likelier cause.
    aead::open(key.as_ref(), &iv, &[], &ciphertext)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })
}

/// PBKDF2-HMAC-SHA256 with 2FAS' iteration count.
pub(crate) fn derive_key(password: &[u8], salt: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, PBKDF2_ITERATIONS, key.as_mut());
    key
}

fn convert(mut services: Vec<Service>, groups: &[Group]) -> ImportBatch {
    crate::order::sort_by_u64(&mut services, |s| {
        crate::order::i64_key(s.order.as_ref().map_or(i64::MAX, |o| o.position))
    });
    // One lookup table, so that many services and many groups cost no more than reading them.
    let mut group_names: HashMap<&str, &str> = HashMap::with_capacity(groups.len());
    for group in groups {
        group_names.entry(&group.id).or_insert(&group.name);
    }
    let mut batch = ImportBatch::default();
    for (index, service) in services.into_iter().enumerate() {
        let otp = service.otp.as_ref();
        let issuer = otp
            .and_then(|o| o.issuer.clone())
            .filter(|s| !s.is_empty())
            .or_else(|| Some(service.name.clone()).filter(|s| !s.is_empty()));
        let label = otp
            .and_then(|o| o.account.clone().or_else(|| o.label.clone()))
            .unwrap_or_default();
        let name = entry_name(issuer.as_deref(), Some(&label), index);
        let group = service
            .group_id
            .as_deref()
            .and_then(|id| group_names.get(id))
            .map(|name| name.to_string());
        match convert_service(&service, issuer, label, group) {
            Ok(entry) => batch.entries.push(entry),
            Err(reason) => batch.rejected.push(Rejected {
                entry: name,
                reason,
            }),
        }
    }
    batch
}

fn convert_service(
    service: &Service,
    issuer: Option<String>,
    label: String,
    group: Option<String>,
) -> Result<ImportEntry, String> {
    let otp = service.otp.as_ref();
    let token_type = otp
        .and_then(|o| o.token_type.clone())
        .unwrap_or_else(|| "TOTP".into());
    let otp_type = match token_type.to_ascii_uppercase().as_str() {
        "TOTP" => OtpType::Totp,
        "HOTP" => OtpType::Hotp,
        "STEAM" => OtpType::Steam,
        _ => {
            return Err(format!(
                "{} tokens are not supported (TOTP, HOTP and Steam are)",
                Shown::new(&token_type)
            ))
        }
    };
    let mut warnings = Vec::new();
    let secret = decode_secret(&service.secret.0, &mut warnings)?;
    let algorithm = match otp.and_then(|o| o.algorithm.as_deref()) {
        None => None,
        Some(name) => Some(
            Algorithm::from_name(name)
                .ok_or_else(|| format!("unknown algorithm {}", Shown::new(name)))?,
        ),
    };
    let counter = otp.and_then(|o| o.counter);
    if otp_type == OtpType::Hotp && counter.is_none() {
        return Err("an HOTP entry has no counter".into());
    }
    let draft = AccountDraft {
        otp_type,
        issuer,
        label,
        secret,
        algorithm,
        digits: otp.and_then(|o| o.digits),
        period: otp.and_then(|o| o.period),
        counter,
    };
    checked_entry(draft, AccountExtras { group, note: None }, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn encrypted(ciphertext: usize, iv: usize) -> String {
        let b64 = |len: usize| base64::engine::general_purpose::STANDARD.encode(vec![3; len]);
        format!("{}:{}:{}", b64(ciphertext), b64(32), b64(iv))
    }

    #[test]
    fn the_iv_is_12_bytes_and_the_ciphertext_holds_at_least_a_tag() {
        for (ciphertext, iv) in [(32, 11), (32, 13), (15, 12), (5, 12), (0, 12)] {
            assert!(
                matches!(
                    decrypt(&encrypted(ciphertext, iv), b"p"),
                    Err(ImportError::Malformed { .. })
                ),
                "{ciphertext} {iv}"
            );
        }
        // A tag alone is well formed: it then fails to open.
        assert!(matches!(
            decrypt(&encrypted(aead::TAG_LEN, 12), b"p"),
            Err(ImportError::WrongPassword { .. })
        ));
    }
}
