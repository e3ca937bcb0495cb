//! Text files of `otpauth://` and `otpauth-migration://` URIs, one per line (Google's export is
//! a migration URI, decoded by [`crate::uri::parse`] into several accounts). Blank lines and
//! lines starting with `#` are skipped. A bad line is rejected by its line number; the report
//! never repeats the line, which holds the secret.

use super::{ImportBatch, ImportEntry, ImportError, ImportFormat};
use crate::uri;
use crate::vault::account::AccountExtras;
use crate::vault::report::Rejected;

/// Reads a text file of URIs.
pub fn read(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|err| ImportError::Malformed {
        format: ImportFormat::Uris,
        reason: format!("not UTF-8 text (byte {})", err.valid_up_to() + 1),
    })?;
    let mut batch = ImportBatch::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match uri::parse(line) {
            Ok(parsed) => batch.entries.extend(entries_from(parsed)),
            Err(err) => batch.rejected.push(Rejected {
                entry: format!("line {}", index + 1),
                reason: err.to_string(),
            }),
        }
    }
    Ok(batch)
}

/// The accounts of one parsed URI as import entries, each with the warnings that concern it
/// (a warning about the whole URI concerns every account).
pub fn entries_from(parsed: uri::Parsed) -> Vec<ImportEntry> {
    let warnings = parsed.warnings;
    parsed
        .accounts
        .into_iter()
        .enumerate()
        .map(|(index, draft)| ImportEntry {
            draft,
            extras: AccountExtras::default(),
            warnings: warnings
                .iter()
                .filter(|w| {
                    // `account` names the account, or none for a warning about the whole URI.
                    let account: Option<usize> = w.account.into();
                    account.is_none_or(|a| a == index)
                })
                .map(|w| w.to_string())
                .collect(),
        })
        .collect()
}
