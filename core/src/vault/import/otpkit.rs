//! Our own backups (and vault files): the passphrase unlocks the passphrase slot.

use super::{ImportBatch, ImportError, ImportFormat};
use crate::vault::backup;
use crate::vault::error::VaultError;

/// Reads an OtpKit backup with its passphrase.
pub fn read(bytes: &[u8], passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let passphrase = passphrase.ok_or(ImportError::PasswordRequired {
        format: ImportFormat::Otpkit,
    })?;
    backup::read(bytes, passphrase).map_err(|err| match err {
        VaultError::WrongPassphrase => ImportError::WrongPassword {
            format: ImportFormat::Otpkit,
        },
        other => ImportError::Backup(other),
    })
}
