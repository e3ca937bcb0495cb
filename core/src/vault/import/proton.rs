//! Proton Authenticator exports.
//!
//! Format, as Proton Authenticator writes it (`proton-authenticator/src/entry/exporter.rs` in
//! protonpass/proton-pass-common, read for the field names only): `{"version": 1, "entries":
//! [{"id", "content": {"uri", "entry_type", "name"}, "note"}]}`. `entry_type` is `Totp` (an
//! `otpauth://totp/` URI) or `Steam` (a `steam://SECRET` link; the account's name is
//! `content.name`). Every URI is read by the same parser as a scanned code.
//!
//! Encrypted ("export with a password", `entry/password_exporter.rs` and `crypto.rs` there):
//! `{"version": 1, "salt": base64 (16 bytes), "content": base64 (nonce (12 bytes) and
//! AES-256-GCM ciphertext with its tag, associated data `proton.authenticator.export.v1`)}`,
//! the key Argon2id (version 0x13, 19 MiB, 2 passes, 1 lane, 32 bytes) of the UTF-8 password;
//! the plaintext is the plain export. The parameters are constants of the format, so a file
//! cannot ask for more work.

use serde::Deserialize;

use super::json::{self, SecretText};
use super::{
    check_count, entry_from_uri, entry_name, push_entry, steam_entry, steam_link, ImportBatch,
    ImportEntry, ImportError, ImportFormat,
};
use crate::uri::Shown;
use crate::vault::account::AccountExtras;
use crate::vault::aead;
use crate::vault::KdfParams;

const FORMAT: ImportFormat = ImportFormat::Proton;
/// The export version Proton writes and we read.
const VERSION: u64 = 1;

#[derive(Deserialize)]
struct File {
    version: u64,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    content: Content,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Content {
    uri: SecretText,
    entry_type: String,
    #[serde(default)]
    name: Option<String>,
}

/// The associated data of the encrypted export (`EncryptionTag::PasswordExport`).
const EXPORT_AAD: &[u8] = b"proton.authenticator.export.v1";
const SALT_LEN: usize = 16;

#[derive(Deserialize)]
struct EncryptedFile {
    version: u64,
    salt: String,
    content: String,
}

/// The keys that tell the two kinds apart: `salt` (encrypted) or `entries` (plain).
#[derive(Deserialize)]
struct Probe {
    salt: Option<serde::de::IgnoredAny>,
}

/// True when the file is an encrypted Proton Authenticator export.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<Probe>(FORMAT, bytes).is_ok_and(|p| p.salt.is_some())
}

/// Reads a Proton Authenticator export; `password` is needed when it is encrypted.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if !is_encrypted(bytes) {
        return read_plain(bytes);
    }
    let file: EncryptedFile = json::parse(FORMAT, bytes)?;
    if file.version != VERSION {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: file.version,
        });
    }
    let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    let salt = json::base64(FORMAT, "salt", &file.salt)?;
    let content = json::base64(FORMAT, "content", &file.content)?;
    if salt.len() != SALT_LEN || content.len() < aead::NONCE_BYTES + aead::TAG_LEN {
        return Err(ImportError::Malformed {
            format: FORMAT,
            reason: "the salt must be 16 bytes and the content hold a nonce and a tag".into(),
        });
    }
    let key = derive_key(password, &salt)?;
    let (nonce, sealed) = content.split_at(aead::NONCE_BYTES);
    let plain = aead::open(key.as_ref(), nonce, EXPORT_AAD, sealed)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })?;
    read_plain(&plain)
}

/// Argon2id with Proton's constants (`derive_password_key`: 19 MiB, 2 passes, 1 lane).
pub(crate) fn derive_key(
    password: &[u8],
    salt: &[u8],
) -> Result<zeroize::Zeroizing<[u8; 32]>, ImportError> {
    let malformed = |err: crate::vault::VaultError| ImportError::Malformed {
        format: FORMAT,
        reason: err.to_string(),
    };
    KdfParams::new(19 * 1024, 2, 1)
        .map_err(malformed)?
        .derive(password, salt)
        .map_err(malformed)
}

pub(crate) fn read_plain(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let file: File = json::parse(FORMAT, bytes)?;
    if file.version != VERSION {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: file.version,
        });
    }
    check_count(FORMAT, file.entries.len())?;
    let mut batch = ImportBatch::default();
    for (index, entry) in file.entries.into_iter().enumerate() {
        let name = entry.content.name.clone().filter(|n| !n.is_empty());
        let shown = entry_name(None, name.as_deref(), index);
        push_entry(&mut batch, shown, convert(entry, name));
    }
    Ok(batch)
}

fn convert(entry: Entry, name: Option<String>) -> Result<ImportEntry, String> {
    let extras = AccountExtras {
        group: None,
        note: entry.note.filter(|n| !n.is_empty()),
    };
    let uri = entry.content.uri.0.as_str();
    match entry.content.entry_type.as_str() {
        "Totp" => entry_from_uri(uri, extras, |draft| {
            if draft.label.is_empty() && draft.issuer.is_none() {
                draft.label = name.unwrap_or_default();
            }
        }),
        "Steam" => {
            let secret = steam_link(uri).ok_or("a Steam entry must hold a steam:// link")?;
            steam_entry(secret, name.unwrap_or_default(), extras)
        }
        other => Err(format!(
            "{} entries are not supported (Totp and Steam are)",
            Shown::new(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn encrypted(salt: usize, content: usize) -> Vec<u8> {
        let b64 = |n: usize| base64::engine::general_purpose::STANDARD.encode(vec![1u8; n]);
        format!(
            r#"{{"version": 1, "salt": "{}", "content": "{}"}}"#,
            b64(salt),
            b64(content)
        )
        .into_bytes()
    }

    #[test]
    fn the_salt_is_16_bytes_and_the_content_holds_a_nonce_and_a_tag() {
        assert!(is_encrypted(&encrypted(16, 28)));
        assert!(!is_encrypted(br#"{"version": 1, "entries": []}"#));
        for (salt, content) in [(15, 40), (17, 40), (16, 27)] {
            assert!(
                matches!(
                    read(&encrypted(salt, content), Some(b"pw")),
                    Err(ImportError::Malformed { .. })
                ),
                "{salt} {content}"
            );
        }
        assert!(matches!(
            read(&encrypted(16, 28), Some(b"pw")),
            Err(ImportError::WrongPassword { .. })
        ));
        assert!(matches!(
            read(&encrypted(16, 28), None),
            Err(ImportError::PasswordRequired { .. })
        ));
    }

    #[test]
    fn the_entry_name_fills_a_uri_without_names_only() {
        let file = |uri: &str| {
            format!(
                r#"{{"version": 1, "entries": [{{"id": "x", "content": {{"uri": "{uri}", "entry_type": "Totp", "name": "n"}}}}]}}"#
            )
        };
        let label = |uri: &str| {
            let batch = read_plain(file(uri).as_bytes()).unwrap();
            let draft = &batch.entries[0].draft;
            (draft.issuer.clone(), draft.label.clone())
        };
        let secret = "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(
            label(&format!("otpauth://totp/?{secret}")),
            (None, "n".into())
        );
        assert_eq!(
            label(&format!("otpauth://totp/?{secret}&issuer=X")),
            (Some("X".into()), String::new())
        );
        assert_eq!(
            label(&format!("otpauth://totp/l?{secret}")),
            (None, "l".into())
        );
    }
}
