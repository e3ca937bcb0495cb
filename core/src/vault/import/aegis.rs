//! Aegis JSON exports, plain and encrypted.
//!
//! Format: Aegis `docs/vault.md` (beemdevelopment/Aegis). The file is
//! `{"version": 1, "header": {"slots", "params"}, "db"}`. Plain: `slots` and `params` are null
//! and `db` is an object. Encrypted: `db` is base64 of the AES-256-GCM ciphertext of that
//! object, whose nonce and tag are in `header.params`; each password slot (type 1) holds the
//! master key encrypted under scrypt(password, salt, n, r, p).

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    check_count, checked_entry, decode_secret, entry_name, ImportBatch, ImportEntry, ImportError,
    ImportFormat, KdfCost,
};
use crate::otp::{Algorithm, OtpType};
use crate::uri::{AccountDraft, Shown};
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
/// Most password slots we try: Aegis writes one, and a second for a separate backup password.
const MAX_PASSWORD_SLOTS: usize = 2;
/// Most scrypt work (N x r x p) we run for one slot: four times Aegis' own parameters
/// (`CryptoUtils.CRYPTO_SCRYPT_N/r/p` = 2^15, 8, 1). It also bounds the memory, 128 x N x r
/// bytes, to 128 MiB.
const MAX_SCRYPT_WORK: u64 = 4 * (1 << 15) * 8;

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
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<Outer>(FORMAT, bytes)
        .map(|f| f.header.slots.is_some())
        .unwrap_or(false)
}

/// Reads an Aegis export; `password` is needed when it is encrypted.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
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
    check_count(FORMAT, db.entries.len())?;
    Ok(convert(db))
}

fn malformed(reason: &str) -> ImportError {
    ImportError::Malformed {
        format: FORMAT,
        reason: reason.to_string(),
    }
}

/// Tries the password slots (at most [`MAX_PASSWORD_SLOTS`]); the first that opens gives the
/// master key. Every slot's parameters are checked before any key is derived, so a file asking
/// for too much work is refused at once.
fn unlock_slots(slots: &[Slot], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let password_slots: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.slot_type == PASSWORD_SLOT)
        .collect();
    if password_slots.is_empty() {
        return Err(malformed(
            "no password slot: export the vault from Aegis with a password or in plain text",
        ));
    }
    if password_slots.len() > MAX_PASSWORD_SLOTS {
        return Err(expensive(
            "password slots",
            password_slots.len() as u64,
            MAX_PASSWORD_SLOTS as u64,
        ));
    }
    let params = password_slots
        .iter()
        .map(|slot| match (slot.n, slot.r, slot.p, &slot.salt) {
            (Some(n), Some(r), Some(p), Some(salt)) => Ok((scrypt_params(n, r, p)?, salt)),
            _ => Err(malformed("a password slot lacks n, r, p or salt")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (slot, (params, salt)) in password_slots.into_iter().zip(params) {
        let kek = scrypt_key(password, &json::hex(FORMAT, "salt", salt)?, &params)?;
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
    Err(ImportError::WrongPassword { format: FORMAT })
}

fn expensive(what: &'static str, asked: u64, limit: u64) -> ImportError {
    ImportError::ExpensiveKdf {
        format: FORMAT,
        cost: KdfCost { what, asked, limit },
    }
}

/// Checked scrypt parameters: N a power of two of at least 2, r and p at least 1, and
/// N x r x p at most [`MAX_SCRYPT_WORK`].
fn scrypt_params(n: u64, r: u32, p: u32) -> Result<scrypt::Params, ImportError> {
    if !n.is_power_of_two() || n < 2 {
        return Err(malformed("scrypt n must be a power of two, 2 or more"));
    }
    if r == 0 || p == 0 {
        return Err(malformed("scrypt r and p must be 1 or more"));
    }
    let work = n.saturating_mul(u64::from(r)).saturating_mul(u64::from(p));
    if work > MAX_SCRYPT_WORK {
        return Err(expensive("scrypt N x r x p", work, MAX_SCRYPT_WORK));
    }
    scrypt::Params::new(n.trailing_zeros() as u8, r, p)
        .map_err(|_| malformed("scrypt parameters out of range"))
}

/// scrypt with parameters from [`scrypt_params`].
fn scrypt_key(
    password: &[u8],
    salt: &[u8],
    params: &scrypt::Params,
) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, params, key.as_mut())
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
    // One lookup table, so that many entries and many groups cost no more than reading them.
    let mut group_names: HashMap<&str, &str> = HashMap::with_capacity(db.groups.len());
    for group in &db.groups {
        group_names.entry(&group.uuid).or_insert(&group.name);
    }
    let mut batch = ImportBatch::default();
    for (index, entry) in db.entries.into_iter().enumerate() {
        let issuer = Some(entry.issuer.clone()).filter(|s| !s.is_empty());
        let name = entry_name(issuer.as_deref(), Some(&entry.name), index);
        let group = entry.group.clone().or_else(|| {
            entry
                .groups
                .first()
                .and_then(|uuid| group_names.get(uuid.as_str()))
                .map(|name| name.to_string())
        });
        match convert_entry(entry, issuer, group) {
            Ok(entry) => batch.entries.push(entry),
            Err(reason) => batch.rejected.push(Rejected {
                entry: name,
                reason,
            }),
        }
    }
    batch
}

fn convert_entry(
    entry: Entry,
    issuer: Option<String>,
    group: Option<String>,
) -> Result<ImportEntry, String> {
    let otp_type = match entry.entry_type.as_str() {
        "totp" => OtpType::Totp,
        "hotp" => OtpType::Hotp,
        "steam" => OtpType::Steam,
        other => {
            return Err(format!(
                "{} entries are not supported (TOTP, HOTP and Steam are)",
                Shown::new(other)
            ))
        }
    };
    let mut warnings = Vec::new();
    let secret = decode_secret(&entry.info.secret.0, &mut warnings)?;
    let algorithm = match entry.info.algo.as_deref() {
        None => None,
        Some(name) => Some(
            Algorithm::from_name(name)
                .ok_or_else(|| format!("unknown algorithm {}", Shown::new(name)))?,
        ),
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
    let note = entry.note.filter(|n| !n.is_empty());
    checked_entry(draft, AccountExtras { group, note }, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<scrypt::Params, ImportError>) -> String {
        match result {
            Err(ImportError::Malformed { reason, .. }) => reason,
            other => panic!("expected malformed, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn scrypt_n_is_a_power_of_two_from_2_and_r_and_p_are_at_least_1() {
        for n in [0, 1, 3, 6, (1 << 15) + 1] {
            assert_eq!(
                reason(scrypt_params(n, 8, 1)),
                "scrypt n must be a power of two, 2 or more",
                "{n}"
            );
        }
        for (r, p) in [(0, 1), (1, 0), (0, 0)] {
            assert_eq!(
                reason(scrypt_params(1 << 10, r, p)),
                "scrypt r and p must be 1 or more",
                "{r} {p}"
            );
        }
        assert!(scrypt_params(2, 1, 1).is_ok());
        assert!(scrypt_params(1 << 15, 8, 1).is_ok());
    }

    #[test]
    fn scrypt_work_is_capped_at_four_times_aegis_default() {
        assert!(scrypt_params(1 << 17, 8, 1).is_ok());
        assert!(scrypt_params(1 << 15, 8, 4).is_ok());
        let Err(ImportError::ExpensiveKdf { cost, .. }) = scrypt_params(1 << 15, 8, 5) else {
            panic!("five times Aegis' work was accepted");
        };
        assert_eq!((cost.asked, cost.limit), (5 << 18, 1 << 20));
        // No overflow: the product saturates.
        assert!(matches!(
            scrypt_params(1 << 63, u32::MAX, u32::MAX),
            Err(ImportError::ExpensiveKdf { .. })
        ));
    }
}
