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
            Ok(parsed) => {
                for (account, draft) in parsed.accounts.into_iter().enumerate() {
                    let warnings = parsed
                        .warnings
                        .iter()
                        .filter(|w| w.account == Some(account))
                        .map(|w| w.to_string())
                        .collect();
                    batch.entries.push(ImportEntry {
                        draft,
                        extras: AccountExtras::default(),
                        warnings,
                    });
                }
            }
            Err(err) => batch.rejected.push(Rejected {
                entry: format!("line {}", index + 1),
                reason: err.to_string(),
            }),
        }
    }
    Ok(batch)
}
