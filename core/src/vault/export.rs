//! Exports other apps read, so that leaving OtpKit is as easy as arriving: a text list of
//! otpauth URIs (Google Authenticator's key URI format, which nearly every authenticator
//! imports), and Aegis's vault file, plain or encrypted with a password.
//!
//! Both plain forms hold every secret unencrypted: the CLI and the apps make them only when
//! the user asks, after saying so. Every buffer that holds a secret is zeroized on drop.
//!
//! Aegis, as its `docs/vault.md` describes the file and its `VaultEntry.toJson` /
//! `Slot.toJson` / `PasswordSlot` write it (beemdevelopment/Aegis; format only, no code taken):
//! `{"version": 1, "header": {"slots", "params"}, "db"}`, `db` version 3 with `entries`
//! (`type`, `uuid`, `name`, `issuer`, `note`, `favorite`, `icon`, `info {secret, algo, digits,
//! period | counter}`, `groups` by uuid) and `groups` (`uuid`, `name`). Encrypted: a random
//! master key encrypts the `db` JSON with AES-256-GCM (`db` is the base64 ciphertext, the
//! nonce and tag hex in `header.params`); one password slot (type 1) wraps the master key with
//! AES-256-GCM under scrypt(password, 32-byte salt, N = 2^15, r = 8, p = 1), Aegis's own
//! parameters, `repaired: true` (the password is UTF-8, as Aegis derives it today).

use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;

use base64::Engine;
use serde::Serialize;
use zeroize::Zeroizing;

use super::account::Account;
use super::aead;
use super::content::ZeroizingWriter;
use super::error::VaultError;
use crate::otp::OtpType;
use crate::uri;

/// The formats OtpKit writes for other apps (its own backup is [`super::Vault::backup_bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum ExportFormat {
    /// One canonical `otpauth://` URI a line.
    Uris,
    /// Aegis's vault JSON, plain, or encrypted when a password is given.
    Aegis,
}

impl ExportFormat {
    /// The name on the command line: `uris`, `aegis`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether the format can be encrypted with a password (Aegis; a URI list cannot).
    pub fn takes_password(self) -> bool {
        self == ExportFormat::Aegis
    }

    /// Reads a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "uris" | "uri" | "otpauth" => Some(ExportFormat::Uris),
            "aegis" => Some(ExportFormat::Aegis),
            _ => None,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Aegis's scrypt parameters (`CryptoUtils.CRYPTO_SCRYPT_N/r/p`).
const SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
/// Aegis's password slot type.
const PASSWORD_SLOT: u8 = 1;

/// The accounts as an Aegis vault file: plain without a password, else encrypted with it (an
/// empty password is refused, [`VaultError::EmptyPassphrase`]).
pub fn aegis(
    accounts: &[Account],
    password: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    match password {
        None => aegis_plain(accounts),
        Some([]) => Err(VaultError::EmptyPassphrase),
        Some(password) => aegis_encrypted(accounts, password),
    }
}

/// One canonical otpauth URI a line ([`uri::format`]), in the vault's order.
pub fn uri_list(accounts: &[Account]) -> Zeroizing<Vec<u8>> {
    let mut out = ZeroizingWriter(Zeroizing::new(Vec::with_capacity(160 * accounts.len())));
    for account in accounts {
        let line = uri::format(&account.to_draft());
        // Writing into memory cannot fail.
        let _ = out.write_all(line.as_bytes());
        let _ = out.write_all(b"\n");
    }
    out.0
}

#[derive(Serialize)]
struct AegisFile<'a, Db: Serialize> {
    version: u32,
    header: Header<'a>,
    db: Db,
}

#[derive(Serialize)]
struct Header<'a> {
    slots: Option<[PasswordSlot<'a>; 1]>,
    params: Option<KeyParams>,
}

#[derive(Serialize)]
struct KeyParams {
    nonce: String,
    tag: String,
}

#[derive(Serialize)]
struct PasswordSlot<'a> {
    #[serde(rename = "type")]
    slot_type: u8,
    uuid: &'a str,
    key: String,
    key_params: KeyParams,
    n: u64,
    r: u32,
    p: u32,
    salt: String,
    repaired: bool,
    is_backup: bool,
}

#[derive(Serialize)]
struct Db<'a> {
    version: u32,
    entries: Vec<Entry<'a>>,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    uuid: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(rename = "type")]
    entry_type: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'a str,
    favorite: bool,
    icon: Option<()>,
    info: Info<'a>,
    groups: Vec<String>,
}

#[derive(Serialize)]
struct Info<'a> {
    secret: &'a str,
    algo: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

/// A random version 4 UUID, as Aegis gives every entry, group and slot.
fn uuid() -> Result<String, VaultError> {
    let mut b = [0u8; 16];
    aead::fill_random(&mut b).map_err(|_| VaultError::Random)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// The `db` object as zeroizing JSON.
fn aegis_db(accounts: &[Account]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let mut group_ids: HashMap<&str, String> = HashMap::new();
    let mut groups = Vec::new();
    for name in accounts.iter().filter_map(Account::group) {
        if !group_ids.contains_key(name) {
            let id = uuid()?;
            groups.push(Group {
                uuid: id.clone(),
                name,
            });
            group_ids.insert(name, id);
        }
    }
    let secrets: Vec<Zeroizing<String>> = accounts
        .iter()
        .map(|a| a.params().secret().to_base32())
        .collect();
    let mut entries = Vec::with_capacity(accounts.len());
    for (account, secret) in accounts.iter().zip(&secrets) {
        let otp_type = account.otp_type();
        entries.push(Entry {
            entry_type: match otp_type {
                OtpType::Totp => "totp",
                OtpType::Hotp => "hotp",
                OtpType::Steam => "steam",
            },
            uuid: uuid()?,
            name: account.label(),
            issuer: account.issuer().unwrap_or(""),
            note: account.note().unwrap_or(""),
            favorite: false,
            icon: None,
            info: Info {
                secret: secret.trim_end_matches('='),
                algo: account.algorithm().as_str(),
                digits: account.digits(),
                period: otp_type.is_time_based().then(|| account.period()),
                counter: (otp_type == OtpType::Hotp).then(|| account.counter()),
            },
            groups: account
                .group()
                .and_then(|g| group_ids.get(g))
                .cloned()
                .into_iter()
                .collect(),
        });
    }
    to_json(&Db {
        version: 3,
        entries,
        groups,
    })
}

fn to_json(value: &impl Serialize) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let mut writer = ZeroizingWriter(Zeroizing::new(Vec::with_capacity(4096)));
    // Compact, as the vault content is written: one JSON writer in the apps' library.
    serde_json::to_writer(&mut writer, value).map_err(|_| VaultError::Encryption)?;
    let _ = writer.write_all(b"\n");
    Ok(writer.0)
}

fn aegis_plain(accounts: &[Account]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    // The db is written by the typed structs into a zeroizing buffer and spliced into the
    // outer document (a JSON value would hold the secrets in plain strings).
    let mut out = ZeroizingWriter(Zeroizing::new(Vec::with_capacity(4096)));
    let _ = out.write_all(br#"{"version":1,"header":{"slots":null,"params":null},"db":"#);
    let _ = out.write_all(aegis_db(accounts)?.trim_ascii_end());
    let _ = out.write_all(b"}\n");
    Ok(out.0)
}

fn aegis_encrypted(
    accounts: &[Account],
    password: &[u8],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let random = |_| VaultError::Random;
    let master_key = aead::random_key().map_err(random)?;
    let mut salt = [0u8; 32];
    aead::fill_random(&mut salt).map_err(random)?;
    let mut slot_nonce = [0u8; aead::NONCE_BYTES];
    aead::fill_random(&mut slot_nonce).map_err(random)?;
    let mut db_nonce = [0u8; aead::NONCE_BYTES];
    aead::fill_random(&mut db_nonce).map_err(random)?;

    let params = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
        .map_err(|_| VaultError::KdfParams("scrypt parameters"))?;
    let mut kek = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, &salt, &params, kek.as_mut())
        .map_err(|_| VaultError::KdfParams("scrypt parameters"))?;
    let wrapped = aead::seal(kek.as_ref(), &slot_nonce, &[], master_key.as_ref())
        .map_err(|_| VaultError::Encryption)?;
    let (key, key_tag) = wrapped.split_at(wrapped.len() - aead::TAG_LEN);
    let db = aegis_db(accounts)?;
    let sealed =
        aead::seal(master_key.as_ref(), &db_nonce, &[], &db).map_err(|_| VaultError::Encryption)?;
    let (ciphertext, db_tag) = sealed.split_at(sealed.len() - aead::TAG_LEN);
    let slot_uuid = uuid()?;
    let file = AegisFile {
        version: 1,
        header: Header {
            slots: Some([PasswordSlot {
                slot_type: PASSWORD_SLOT,
                uuid: &slot_uuid,
                key: hex::encode(key),
                key_params: KeyParams {
                    nonce: hex::encode(slot_nonce),
                    tag: hex::encode(key_tag),
                },
                n: 1 << SCRYPT_LOG_N,
                r: SCRYPT_R,
                p: SCRYPT_P,
                salt: hex::encode(salt),
                repaired: true,
                is_backup: false,
            }]),
            params: Some(KeyParams {
                nonce: hex::encode(db_nonce),
                tag: hex::encode(db_tag),
            }),
        },
        db: base64::engine::general_purpose::STANDARD.encode(ciphertext),
    };
    to_json(&file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;
    use strum::EnumCount;

    #[test]
    fn formats_keep_their_names() {
        let formats = [(ExportFormat::Uris, "uris"), (ExportFormat::Aegis, "aegis")];
        assert_names(&formats, |f| f.as_str(), ExportFormat::COUNT);
    }
}
