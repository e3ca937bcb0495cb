//! Our own backups (and vault files): the passphrase unlocks the passphrase slot. Entries go
//! through the same checks as every other importer's ([`super::checked_entry`]): a backup is a
//! file from elsewhere, and an older OtpKit stored names it would refuse today.

use super::{checked_entry, entry_name, ImportBatch, ImportError, ImportFormat};
use crate::vault::backup;
use crate::vault::error::VaultError;
use crate::vault::report::Rejected;

const FORMAT: ImportFormat = ImportFormat::Otpkit;

/// Reads an OtpKit backup with its passphrase.
pub(crate) fn read(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let passphrase = passphrase.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    let opened = backup::read(bytes, passphrase).map_err(|err| match err {
        VaultError::WrongPassphrase => ImportError::WrongPassword { format: FORMAT },
        VaultError::ExpensiveKdf(cost) => ImportError::ExpensiveKdf {
            format: FORMAT,
            cost,
        },
        other => ImportError::Backup(other),
    })?;
    let mut batch = ImportBatch {
        entries: Vec::with_capacity(opened.entries.len()),
        rejected: opened.rejected,
    };
    for (index, entry) in opened.entries.into_iter().enumerate() {
        let name = entry_name(
            entry.draft.issuer.as_deref(),
            Some(&entry.draft.label),
            index,
        );
        match checked_entry(entry.draft, entry.extras, entry.warnings) {
            Ok(entry) => batch.entries.push(entry),
            Err(reason) => batch.rejected.push(Rejected {
                entry: name,
                reason,
            }),
        }
    }
    Ok(batch)
}
