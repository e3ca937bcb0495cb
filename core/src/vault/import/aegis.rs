//! Aegis JSON exports, plain and encrypted.
//!
//! Format: Aegis `docs/vault.md` (beemdevelopment/Aegis). The file is
//! `{"version": 1, "header": {"slots", "params"}, "db"}`. Plain: `slots` and `params` are null
//! and `db` is an object. Encrypted: `db` is base64 of the AES-256-GCM ciphertext of that
//! object, whose nonce and tag are in `header.params`; each password slot (type 1) holds the
//! master key encrypted under scrypt(password, salt, n, r, p).

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    decode_secret, entry_name, push_weak_secret_warning, ImportBatch, ImportEntry, ImportError,
    ImportFormat,
};
use crate::otp::{Algorithm, OtpType};
use crate::uri::AccountDraft;
use crate::vault::account::AccountExtras;
use crate::vault::aead;
use crate::vault::report::Rejected;

const FORMAT: ImportFormat = ImportFormat::Aegis;
/// The file version we read.
const FILE_VERSION: u64 = 1;
/// Newest `db` version we read (3 adds groups by uuid).
const DB_VERSION: u64 = 3;
/// Aegis' slot type for password slots.
const PASSWORD_SLOT: u8 = 1;
/// Largest scrypt memory (128 * r * n bytes) we accept: 256 MiB, eight times Aegis' default.
const MAX_SCRYPT_BYTES: u64 = 256 * 1024 * 1024;

/// The outer document, read first without `db` to learn whether it is encrypted.
#[derive(Deserialize)]
struct Outer {
    version: u64,
    header: Header,
}

/// A plain export: `db` read straight into typed entries, secrets into zeroizing buffers.
#[derive(Deserialize)]
struct PlainFile {
    db: Db,
}

/// An encrypted export: `db` is base64 ciphertext.
#[derive(Deserialize)]
struct EncryptedFile {
    db: String,
}

#[derive(Deserialize)]
struct Header {
    slots: Option<Vec<Slot>>,
    params: Option<KeyParams>,
}

#[derive(Deserialize)]
pub(crate) struct KeyParams {
    pub nonce: String,
    pub tag: String,
}

#[derive(Deserialize)]
struct Slot {
    #[serde(rename = "type")]
    slot_type: u8,
    key: String,
    key_params: KeyParams,
    n: Option<u64>,
    r: Option<u32>,
    p: Option<u32>,
    salt: Option<String>,
}

#[derive(Deserialize)]
struct Db {
    version: u64,
    entries: Vec<Entry>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    uuid: String,
    name: String,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "type")]
    entry_type: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    note: Option<String>,
    /// Older exports: one group name.
    #[serde(default)]
    group: Option<String>,
    /// Db version 3: group uuids.
    #[serde(default)]
    groups: Vec<String>,
    info: Info,
}

#[derive(Deserialize)]
struct Info {
    secret: SecretText,
    algo: Option<String>,
    digits: Option<u8>,
    period: Option<u32>,
    counter: Option<u64>,
}

/// True when the file is an encrypted Aegis export.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<Outer>(FORMAT, bytes)
        .map(|f| f.header.slots.is_some())
        .unwrap_or(false)
}

/// Reads an Aegis export; `password` is needed when it is encrypted.
pub fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let outer: Outer = json::parse(FORMAT, bytes)?;
    if outer.version != FILE_VERSION {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: outer.version,
        });
    }
    let db: Db = match &outer.header.slots {
        None => json::parse::<PlainFile>(FORMAT, bytes)?.db,
        Some(slots) => {
            let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
            let params = outer
                .header
                .params
                .as_ref()
                .ok_or_else(|| malformed("an encrypted vault needs header.params"))?;
            let ciphertext = json::parse::<EncryptedFile>(FORMAT, bytes)?.db;
            let master_key = unlock_slots(slots, password)?;
            let plaintext = decrypt_db(&master_key, params, &ciphertext)?;
            json::parse(FORMAT, &plaintext)?
        }
    };
    if db.version == 0 || db.version > DB_VERSION {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: db.version,
        });
    }
    Ok(convert(db))
}

fn malformed(reason: &str) -> ImportError {
    ImportError::Malformed {
        format: FORMAT,
        reason: reason.to_string(),
    }
}

/// Tries every password slot; the first that opens gives the master key.
fn unlock_slots(slots: &[Slot], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let mut saw_password_slot = false;
    for slot in slots.iter().filter(|s| s.slot_type == PASSWORD_SLOT) {
        saw_password_slot = true;
        let (Some(n), Some(r), Some(p), Some(salt)) = (slot.n, slot.r, slot.p, &slot.salt) else {
            return Err(malformed("a password slot lacks n, r, p or salt"));
        };
        let kek = scrypt_key(password, &json::hex(FORMAT, "salt", salt)?, n, r, p)?;
        let nonce: [u8; 12] = json::hex_array(FORMAT, "key_params.nonce", &slot.key_params.nonce)?;
        let mut sealed = json::hex(FORMAT, "key", &slot.key)?;
        sealed.extend_from_slice(&json::hex_array::<16>(
            FORMAT,
            "key_params.tag",
            &slot.key_params.tag,
        )?);
        if let Ok(key) = aead::open(kek.as_ref(), &nonce, &[], &sealed) {
            return Ok(key);
        }
    }
    if saw_password_slot {
        Err(ImportError::WrongPassword { format: FORMAT })
    } else {
        Err(malformed(
            "no password slot: export the vault from Aegis with a password or in plain text",
        ))
    }
}

/// scrypt with bounded parameters.
pub(crate) fn scrypt_key(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    if !n.is_power_of_two() || n < 2 || r == 0 || p == 0 || p > 16 {
        return Err(malformed("scrypt parameters out of range"));
    }
    if 128u64.saturating_mul(u64::from(r)).saturating_mul(n) > MAX_SCRYPT_BYTES {
        return Err(malformed(
            "scrypt parameters need more memory than allowed (256 MiB)",
        ));
    }
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p)
        .map_err(|_| malformed("scrypt parameters out of range"))?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, key.as_mut())
        .map_err(|_| malformed("scrypt parameters out of range"))?;
    Ok(key)
}

fn decrypt_db(
    master_key: &[u8],
    params: &KeyParams,
    ciphertext: &str,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let nonce: [u8; 12] = json::hex_array(FORMAT, "header.params.nonce", &params.nonce)?;
    let mut sealed = json::base64(FORMAT, "db", ciphertext)?;
    sealed.extend_from_slice(&json::hex_array::<16>(
        FORMAT,
        "header.params.tag",
        &params.tag,
    )?);
    aead::open(master_key, &nonce, &[], &sealed)
        .map_err(|_| ImportError::Tampered { format: FORMAT })
}

fn convert(db: Db) -> ImportBatch {
    let mut batch = ImportBatch::default();
    for (index, entry) in db.entries.into_iter().enumerate() {
        let issuer = Some(entry.issuer.clone()).filter(|s| !s.is_empty());
        let name = entry_name(issuer.as_deref(), Some(&entry.name), index);
        let group = entry.group.clone().or_else(|| {
            entry
                .groups
                .first()
                .and_then(|uuid| db.groups.iter().find(|g| &g.uuid == uuid))
                .map(|g| g.name.clone())
        });
        match convert_entry(entry, issuer) {
            Ok((draft, note, warnings)) => batch.entries.push(ImportEntry {
                draft,
                extras: AccountExtras { group, note },
                warnings,
            }),
            Err(reason) => batch.rejected.push(Rejected {
                entry: name,
                reason,
            }),
        }
    }
    batch
}

type Converted = (AccountDraft, Option<String>, Vec<String>);

fn convert_entry(entry: Entry, issuer: Option<String>) -> Result<Converted, String> {
    let otp_type = match entry.entry_type.as_str() {
        "totp" => OtpType::Totp,
        "hotp" => OtpType::Hotp,
        "steam" => OtpType::Steam,
        other => {
            return Err(format!(
                "{other:?} entries are not supported (TOTP, HOTP and Steam are)"
            ))
        }
    };
    let mut warnings = Vec::new();
    let secret = decode_secret(&entry.info.secret.0, &mut warnings)?;
    push_weak_secret_warning(&secret, &mut warnings);
    let algorithm = match entry.info.algo.as_deref() {
        None => None,
        Some(name) => {
            Some(Algorithm::from_name(name).ok_or_else(|| format!("unknown algorithm {name:?}"))?)
        }
    };
    if otp_type == OtpType::Hotp && entry.info.counter.is_none() {
        return Err("an HOTP entry has no counter".into());
    }
    let draft = AccountDraft {
        otp_type,
        issuer,
        label: entry.name,
        secret,
        algorithm,
        digits: entry.info.digits,
        period: entry.info.period,
        counter: entry.info.counter,
    };
    draft.params().map_err(|e| e.to_string())?;
    Ok((draft, entry.note.filter(|n| !n.is_empty()), warnings))
}
