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
            Ok(mut parsed) => {
                // Accounts of a Google export that the parser had to leave out.
                for left_out in std::mem::take(&mut parsed.rejected) {
                    batch.rejected.push(Rejected {
                        entry: if left_out.name.is_empty() {
                            format!("line {}, account {}", index + 1, left_out.position + 1)
                        } else {
                            left_out.name
                        },
                        reason: left_out.error.to_string(),
                    });
                }
                batch.entries.extend(entries_from(parsed));
            }
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
                // `account` names the account, or none for a warning about the whole URI.
                .filter(|w| w.account.is_none_or(|a| a == index))
                .map(|w| w.to_string())
                .collect(),
        })
        .collect()
}
