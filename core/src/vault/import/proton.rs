//! Proton Authenticator exports.
//!
//! Format, as Proton Authenticator writes it (`proton-authenticator/src/entry/exporter.rs` in
//! protonpass/proton-pass-common, read for the field names only): `{"version": 1, "entries":
//! [{"id", "content": {"uri", "entry_type", "name"}, "note"}]}`. `entry_type` is `Totp` (an
//! `otpauth://totp/` URI) or `Steam` (a `steam://SECRET` link; the account's name is
//! `content.name`). Every URI is read by the same parser as a scanned code.

use serde::Deserialize;

use super::json::{self, SecretText};
use super::{
    check_count, entry_from_uri, entry_name, push_entry, steam_entry, steam_link, ImportBatch,
    ImportEntry, ImportError, ImportFormat,
};
use crate::uri::Shown;
use crate::vault::account::AccountExtras;

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

/// Reads a plain Proton Authenticator export.
pub fn read(bytes: &[u8], _password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    read_plain(bytes)
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
