//! Text files of `otpauth://` and `otpauth-migration://` URIs, one per line (Google's export is
//! a migration URI, decoded by [`crate::uri::parse`] into several accounts). Blank lines and
//! lines starting with `#` are skipped. A bad line is rejected by its line number; the report
//! never repeats the line, which holds the secret. Every account passes [`crate::uri::parse`]'s
//! checks, the same every other importer applies; a file with more entries than a vault may
//! hold is refused as soon as that is clear.

use super::{check_count, ImportBatch, ImportEntry, ImportError, ImportFormat};
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
            Ok(parsed) => {
                batch.append(batch_from(parsed, &format!("line {}", index + 1)));
            }
            Err(err) => batch.rejected.push(Rejected {
                entry: format!("line {}", index + 1),
                reason: err.to_string(),
            }),
        }
        check_count(
            ImportFormat::Uris,
            batch.entries.len() + batch.rejected.len(),
        )?;
    }
    Ok(batch)
}

/// One parsed URI as an import batch: its accounts, each with the warnings that concern it (a
/// warning about the whole URI concerns every account), and the accounts of a Google export
/// that the parser had to leave out. `place` names the URI in reports when an account has no
/// name (e.g. "line 3").
pub fn batch_from(parsed: uri::Parsed, place: &str) -> ImportBatch {
    let rejected = parsed
        .rejected
        .into_iter()
        .map(|left_out| Rejected {
            entry: if left_out.name.is_empty() {
                format!("{place}, account {}", left_out.position + 1)
            } else {
                left_out.name
            },
            reason: left_out.error.to_string(),
        })
        .collect();
    let warnings = parsed.warnings;
    let entries = parsed
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
                .map(|w| w.kind.clone())
                .collect(),
        })
        .collect();
    ImportBatch { entries, rejected }
}
