//! The "new phone" file: the same container as a vault, with a fresh master key and only a
//! passphrase slot. It opens as a vault on its own, or imports into another vault.

use std::path::Path;

use super::content::Content;
use super::error::VaultError;
use super::import::{ImportBatch, ImportEntry};
use super::slots::{KdfParams, PassphraseSlot, Slot};
use super::store::{self, FileSystem};
use super::{account::AccountExtras, aead, decrypt, encrypt, Unlock};

/// Writes `content` to a new backup file at `path`, refusing to overwrite anything there, even a
/// file that appears while the key is being derived.
pub(crate) fn write(
    fs: &dyn FileSystem,
    path: &Path,
    content: &Content,
    passphrase: &[u8],
    params: KdfParams,
) -> Result<(), VaultError> {
    let path = &store::resolve_new(fs, path)?;
    // Checked before the slow key derivation too, so a taken name fails at once.
    if fs.exists(path) {
        return Err(VaultError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    let bytes = encode(content, passphrase, params)?;
    store::save_new(fs, path, &bytes)
}

/// A backup of `content` as bytes, for an app that hands them to the platform's file picker or
/// share sheet itself: a fresh master key behind one passphrase slot.
pub(crate) fn encode(
    content: &Content,
    passphrase: &[u8],
    params: KdfParams,
) -> Result<Vec<u8>, VaultError> {
    let master_key = aead::random_key().map_err(|_| VaultError::Random)?;
    let slots = vec![Slot::Passphrase(PassphraseSlot::wrap(
        &master_key,
        passphrase,
        params,
    )?)];
    encrypt(&master_key, &slots, content)
}

/// A copy of a vault's accounts to write a backup from, taken with
/// [`super::Vault::backup_source`]: the backup's slow key derivation then needs no access to the
/// vault (the FFI derives it outside the vault's lock).
pub struct BackupSource {
    pub(crate) fs: std::sync::Arc<dyn FileSystem>,
    pub(crate) content: Content,
}

impl std::fmt::Debug for BackupSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupSource")
            .field("accounts", &self.content.accounts.len())
            .finish_non_exhaustive()
    }
}

impl BackupSource {
    /// The accounts as they were when the copy was taken (for [`super::export`]).
    pub fn accounts(&self) -> &[super::Account] {
        &self.content.accounts
    }

    /// [`super::Vault::export_backup`] of the accounts as they were when the copy was taken.
    pub fn export_backup(
        &self,
        path: &Path,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<(), VaultError> {
        write(self.fs.as_ref(), path, &self.content, passphrase, params)
    }

    /// [`super::Vault::backup_bytes`] of the accounts as they were when the copy was taken.
    pub fn backup_bytes(
        &self,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<Vec<u8>, VaultError> {
        encode(&self.content, passphrase, params)
    }
}

/// Decrypts a backup (or a vault) with its passphrase into an import batch that keeps every
/// account's group and note.
pub(crate) fn read(bytes: &[u8], passphrase: &[u8]) -> Result<ImportBatch, VaultError> {
    let opened = decrypt(bytes, Unlock::Passphrase(passphrase))?;
    let entries = opened
        .content
        .accounts
        .iter()
        .map(|account| ImportEntry {
            draft: account.to_draft(),
            extras: AccountExtras {
                group: account.group.clone(),
                note: account.note.clone(),
            },
            warnings: Vec::new(),
        })
        .collect();
    Ok(ImportBatch {
        entries,
        rejected: Vec::new(),
    })
}
