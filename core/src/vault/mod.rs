//! The encrypted vault: accounts in one file that never loses them.
//!
//! - `account`: what an account holds, edits, duplicates.
//! - `container`: the binary file format (header with key slots, nonce, ciphertext).
//! - `slots`: the passphrase slot (Argon2id) and the platform slot ([`KeyStore`], [`RawKey`]).
//! - `rotation`: changing slots in an order that never deletes a platform key still needed.
//! - `store`: atomic save through the [`FileSystem`] seam.
//! - `backup`: the passphrase-only "new phone" file.
//! - [`import`]: our backups, Aegis, 2FAS, Google migration and otpauth URI lists.
//! - `report`: what an import did.
//! - [`export`]: the formats OtpKit writes for other apps.
//!
//! Each item has one path: `vault::Vault`, `vault::KeyStore`, ...; only the importers and the
//! export formats, with their own vocabulary, are one level down (`vault::import::ImportFormat`).
//!
//! A random 256-bit master key encrypts the content with AES-256-GCM (a fresh nonce each save,
//! the header as associated data); each slot wraps that master key. Every change is saved before
//! the method returns, and only then applied in memory, so a failed save changes nothing.

mod account;
mod aead;
mod backup;
mod container;
mod content;
mod error;
pub mod export;
pub mod import;
mod report;
mod rotation;
mod slots;
mod store;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use account::{Account, AccountEdit, AccountExtras, AccountId};
#[cfg(feature = "fuzzing")]
pub use container::fuzz_parse_container;
pub use content::{Settings, MAX_ACCOUNTS, SCHEMA_VERSION};
pub use error::{IoStep, VaultError};
pub use report::{Added, Duplicate, ImportReport, Normalised, Rejected};
pub use rotation::{change_slots, Installation, OldKeyLeft, SlotMaker};
pub use slots::{KdfCost, KdfParams, KeyStore, KeyStoreError, RawKey, SlotKind, LEGACY_KEY_ALIAS};
pub use store::{FileSystem, RealFs};

use crate::otp::{self, Code, OtpType};
use crate::uri::AccountDraft;
use content::Content;
use import::ImportBatch;
use slots::{MasterKey, Slot};

/// How to unlock an existing vault.
#[derive(Clone, Copy)]
pub enum Unlock<'a> {
    /// With the passphrase slot.
    Passphrase(&'a [u8]),
    /// With the platform slot.
    KeyStore(&'a dyn KeyStore),
}

impl fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unlock::Passphrase(_) => "Unlock::Passphrase(<redacted>)",
            Unlock::KeyStore(_) => "Unlock::KeyStore",
        })
    }
}

/// The first key slot of a new vault.
#[derive(Clone, Copy)]
pub enum NewSlot<'a> {
    /// A passphrase, with the Argon2id parameters to derive its key ([`KdfParams::DEFAULT`]
    /// for real use).
    Passphrase(&'a [u8], KdfParams),
    /// The platform keystore.
    KeyStore(&'a dyn KeyStore),
}

impl NewSlot<'_> {
    /// The kind of slot this makes.
    pub fn kind(&self) -> SlotKind {
        match self {
            NewSlot::Passphrase(..) => SlotKind::Passphrase,
            NewSlot::KeyStore(_) => SlotKind::Platform,
        }
    }
}

impl fmt::Debug for NewSlot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewSlot::Passphrase(_, params) => {
                write!(f, "NewSlot::Passphrase(<redacted>, {params:?})")
            }
            NewSlot::KeyStore(_) => f.write_str("NewSlot::KeyStore"),
        }
    }
}

/// One account's current code. HOTP accounts have none here: their codes come only from
/// [`Vault::next_hotp`], which saves the counter first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCode {
    /// The account.
    pub id: AccountId,
    /// The code, for TOTP and Steam accounts.
    pub code: Option<Code>,
}

/// An open vault. Every mutating method saves before it returns.
pub struct Vault {
    fs: Arc<dyn FileSystem>,
    path: PathBuf,
    master_key: MasterKey,
    slots: Vec<Slot>,
    content: Content,
    /// [`store::fingerprint`] of the file as this vault last read or wrote it: a save over a
    /// file another process has saved since is refused ([`VaultError::ChangedElsewhere`]).
    on_disk: [u8; 32],
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vault")
            .field("path", &self.path)
            .field("slots", &self.slot_kinds())
            .field("accounts", &self.content.accounts.len())
            .finish_non_exhaustive()
    }
}

/// Decrypted parts of a vault or backup file.
pub(crate) struct Opened {
    pub master_key: MasterKey,
    pub slots: Vec<Slot>,
    pub content: Content,
}

/// Parses, unlocks and decrypts a vault or backup file held in memory.
pub(crate) fn decrypt(bytes: &[u8], unlock: Unlock<'_>) -> Result<Opened, VaultError> {
    let parsed = container::parse(bytes)?;
    let master_key = match unlock {
        Unlock::Passphrase(passphrase) => {
            let slot = parsed.slots.iter().find_map(|s| match s {
                Slot::Passphrase(p) => Some(p),
                Slot::Platform(_) => None,
            });
            slot.ok_or(VaultError::NoSlot {
                kind: SlotKind::Passphrase,
            })?
            .unwrap(passphrase)?
        }
        Unlock::KeyStore(store) => {
            let slot = parsed.slots.iter().find_map(|s| match s {
                Slot::Platform(p) => Some(p),
                Slot::Passphrase(_) => None,
            });
            slot.ok_or(VaultError::NoSlot {
                kind: SlotKind::Platform,
            })?
            .unwrap(store)?
        }
    };
    let content = decrypt_content(&parsed, &master_key)?;
    Ok(Opened {
        master_key,
        slots: parsed.slots,
        content,
    })
}

/// Decrypts the content of a parsed file with its master key.
fn decrypt_content(
    parsed: &container::Parsed<'_>,
    master_key: &MasterKey,
) -> Result<Content, VaultError> {
    let plaintext = aead::open(
        master_key.as_ref(),
        parsed.nonce,
        parsed.aad,
        parsed.ciphertext,
    )
    .map_err(|_| VaultError::Tampered)?;
    Content::from_plaintext(&plaintext)
}

/// Encrypts content under `master_key` into a complete file.
pub(crate) fn encrypt(
    master_key: &MasterKey,
    slots: &[Slot],
    content: &Content,
) -> Result<Vec<u8>, VaultError> {
    let plaintext = content.to_plaintext();
    container::build(slots, plaintext.len(), |aad| {
        let mut nonce = [0u8; aead::NONCE_BYTES];
        aead::fill_random(&mut nonce).map_err(|_| VaultError::Random)?;
        let sealed = aead::seal(master_key.as_ref(), &nonce, aad, &plaintext)
            .map_err(|_| VaultError::Encryption)?;
        Ok((nonce, sealed))
    })
}

impl Vault {
    /// Creates a new, empty vault at `path` with one key slot. Refuses to overwrite anything
    /// there ([`VaultError::AlreadyExists`]), even a vault another process creates at the same
    /// moment: the new file is published under the save lock without replacing. A symbolic
    /// link at `path` is refused too, never followed or replaced.
    pub fn create(path: impl Into<PathBuf>, first: NewSlot<'_>) -> Result<Vault, VaultError> {
        Vault::create_in(Arc::new(RealFs), path, first)
    }

    /// [`Vault::create`] through another file system (tests inject failures this way).
    pub fn create_in(
        fs: Arc<dyn FileSystem>,
        path: impl Into<PathBuf>,
        first: NewSlot<'_>,
    ) -> Result<Vault, VaultError> {
        let path = store::resolve_new(fs.as_ref(), &path.into())?;
        if fs.exists(&path) {
            return Err(VaultError::AlreadyExists { path });
        }
        // A platform key made for a vault that could not be written is deleted again.
        let (vault, _) = rotation::change_slots(SlotMaker::new_key()?, &[first], |made| {
            let content = Content {
                next_id: 1,
                ..Content::default()
            };
            let bytes = encrypt(&made.master_key, &made.slots, &content)?;
            // Under the save lock, and published without replacing: a vault another process
            // created during the key derivation above is never overwritten.
            let _lock = store::lock(fs.as_ref(), &path)?;
            store::save_new(fs.as_ref(), &path, &bytes)?;
            let vault = Vault {
                fs: fs.clone(),
                path: path.clone(),
                master_key: made.master_key,
                slots: made.slots,
                content,
                on_disk: store::fingerprint(&bytes),
            };
            Ok((vault, None))
        })?;
        Ok(vault)
    }

    /// Opens the vault at `path`. A failed open never writes anything. A symbolic link is
    /// resolved once, here: saves replace the file it points to, and [`Vault::path`] is that
    /// file.
    pub fn open(path: impl Into<PathBuf>, unlock: Unlock<'_>) -> Result<Vault, VaultError> {
        Vault::open_in(Arc::new(RealFs), path, unlock)
    }

    /// [`Vault::open`] through another file system.
    pub fn open_in(
        fs: Arc<dyn FileSystem>,
        path: impl Into<PathBuf>,
        unlock: Unlock<'_>,
    ) -> Result<Vault, VaultError> {
        let path = store::resolve_existing(fs.as_ref(), &path.into())?;
        let bytes = store::read(fs.as_ref(), &path)?;
        let opened = decrypt(&bytes, unlock)?;
        Ok(Vault {
            fs,
            path,
            master_key: opened.master_key,
            slots: opened.slots,
            content: opened.content,
            on_disk: store::fingerprint(&bytes),
        })
    }

    /// Reads the file again with the key this vault already holds, to pick up what another
    /// process (a second app, a widget, the CLI) saved: after [`VaultError::ChangedElsewhere`],
    /// or when the app comes back to the foreground. Needs no passphrase or platform key (every
    /// slot wraps the same master key). On failure the vault in memory is unchanged.
    pub fn reload(&mut self) -> Result<(), VaultError> {
        self.reload_if_changed().map(|_| ())
    }

    /// [`Vault::reload`] only if another process saved the file since this vault read or wrote
    /// it (one read and a SHA-256 when it did not). Returns whether it reloaded: a screen that
    /// stays open (`otpkit watch`) shows what others added.
    pub fn reload_if_changed(&mut self) -> Result<bool, VaultError> {
        let bytes = store::read(self.fs.as_ref(), &self.path)?;
        if store::fingerprint(&bytes) == self.on_disk {
            return Ok(false);
        }
        let parsed = container::parse(&bytes)?;
        let content = decrypt_content(&parsed, &self.master_key)?;
        self.slots = parsed.slots;
        self.content = content;
        self.on_disk = store::fingerprint(&bytes);
        Ok(true)
    }

    /// Where the vault lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The accounts, in the user's order.
    pub fn accounts(&self) -> &[Account] {
        &self.content.accounts
    }

    /// The account with this id, or `NoSuchAccount`.
    pub fn account(&self, id: AccountId) -> Result<&Account, VaultError> {
        self.content
            .accounts
            .iter()
            .find(|a| a.id == id)
            .ok_or(VaultError::NoSuchAccount(id))
    }

    /// The stored settings.
    pub fn settings(&self) -> &Settings {
        &self.content.settings
    }

    /// The kinds of key slot this vault has.
    pub fn slot_kinds(&self) -> Vec<SlotKind> {
        self.slots.iter().map(Slot::kind).collect()
    }

    /// The account that already produces the same codes as `draft`, if any.
    pub fn find_duplicate(&self, draft: &AccountDraft) -> Result<Option<AccountId>, VaultError> {
        let params = draft.params()?;
        Ok(account::find_duplicate(&self.content.accounts, &params).map(Account::id))
    }

    /// Pairs of accounts already in the vault that produce the same codes.
    pub fn duplicates(&self) -> Vec<(AccountId, AccountId)> {
        account::duplicate_pairs(&self.content.accounts)
    }

    /// The codes of every account at Unix second `at`, in the user's order: one call per
    /// screen refresh. The caller applies any clock correction to `at` first.
    pub fn codes(&self, at: u64) -> Vec<AccountCode> {
        self.content
            .accounts
            .iter()
            .map(|a| AccountCode {
                id: a.id,
                code: (a.otp_type() != OtpType::Hotp).then(|| otp::code(a.params(), at)),
            })
            .collect()
    }

    /// Adds an account created at Unix second `created`. A duplicate is refused with
    /// [`VaultError::Duplicate`], never merged.
    pub fn add(&mut self, draft: &AccountDraft, created: u64) -> Result<AccountId, VaultError> {
        self.add_with(draft, AccountExtras::default(), created)
    }

    /// [`Vault::add`] with a group and a note.
    pub fn add_with(
        &mut self,
        draft: &AccountDraft,
        extras: AccountExtras,
        created: u64,
    ) -> Result<AccountId, VaultError> {
        let mut content = self.content.clone();
        let mut index = account::DuplicateIndex::of(&content.accounts);
        let id = push_account(&mut content, &mut index, draft, extras, created)?;
        self.commit(self.slots.clone(), content)?;
        Ok(id)
    }

    /// Changes an account's issuer, label, group or note.
    pub fn edit(&mut self, id: AccountId, edit: AccountEdit) -> Result<(), VaultError> {
        edit.check().map_err(VaultError::InvalidName)?;
        let mut content = self.content.clone();
        account_mut(&mut content, id)?.apply(edit);
        self.commit(self.slots.clone(), content)
    }

    /// Sets an account's label.
    pub fn rename(&mut self, id: AccountId, label: &str) -> Result<(), VaultError> {
        self.edit(
            id,
            AccountEdit {
                label: Some(label.to_string()),
                ..AccountEdit::default()
            },
        )
    }

    /// Removes an account.
    pub fn remove(&mut self, id: AccountId) -> Result<(), VaultError> {
        let mut content = self.content.clone();
        let index = index_of(&content, id)?;
        content.accounts.remove(index);
        renumber(&mut content);
        self.commit(self.slots.clone(), content)
    }

    /// Moves an account to `position` in the list (0 is first; past the end means last).
    pub fn reorder(&mut self, id: AccountId, position: usize) -> Result<(), VaultError> {
        let mut content = self.content.clone();
        let account = content.accounts.remove(index_of(&content, id)?);
        let position = position.min(content.accounts.len());
        content.accounts.insert(position, account);
        renumber(&mut content);
        self.commit(self.slots.clone(), content)
    }

    /// The code for an HOTP account at its stored counter. The counter is advanced and saved
    /// before the code is returned, so a code is never shown twice or lost to a crash.
    pub fn next_hotp(&mut self, id: AccountId) -> Result<Code, VaultError> {
        let mut content = self.content.clone();
        let account = account_mut(&mut content, id)?;
        if account.otp_type() != OtpType::Hotp {
            return Err(VaultError::NotHotp(id));
        }
        let next = account
            .counter()
            .checked_add(1)
            .ok_or(VaultError::CounterExhausted(id))?;
        let code = otp::code(&account.params, 0);
        account.params = account.params.with_counter(next);
        self.commit(self.slots.clone(), content)?;
        Ok(code)
    }

    /// Replaces the stored settings.
    pub fn set_settings(&mut self, settings: Settings) -> Result<(), VaultError> {
        let mut content = self.content.clone();
        content.settings = settings;
        self.commit(self.slots.clone(), content)
    }

    /// Sets the passphrase: rewraps the master key in a new passphrase slot (replacing the old
    /// one, or adding one). The accounts are not re-encrypted and cannot be lost.
    pub fn set_passphrase(
        &mut self,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<(), VaultError> {
        let maker = self.slot_maker();
        rotation::change_slots(maker, &[NewSlot::Passphrase(passphrase, params)], |made| {
            self.install(made)
        })?;
        Ok(())
    }

    /// Sets the platform slot with a new platform key (replacing any older platform slot, e.g.
    /// after a device key was invalidated): creates the key under a new alias, wraps the master
    /// key, saves, and only then deletes the old key ([`change_slots`]). On failure the vault and
    /// its old key are as they were. Returns the old key if it could not be deleted.
    pub fn set_platform_key(
        &mut self,
        store: &dyn KeyStore,
    ) -> Result<Option<OldKeyLeft>, VaultError> {
        let maker = self.slot_maker();
        let ((), left) = rotation::change_slots(maker, &[NewSlot::KeyStore(store)], |made| {
            self.install(made)
        })?;
        Ok(left)
    }

    /// Replaces the master key and every key slot: the content is encrypted again under a fresh
    /// random key that only the `slots` given here unwrap (at most one of each kind; a kind not
    /// given is dropped). [`Vault::set_passphrase`] rewraps the same master key, so a copy of
    /// the old file opened with the old passphrase still yields the key to every later save;
    /// after a re-key it yields nothing saved since. Other processes holding the vault open
    /// must unlock it again. A platform slot gets a new key, as with
    /// [`Vault::set_platform_key`].
    pub fn rekey(&mut self, slots: &[NewSlot<'_>]) -> Result<Option<OldKeyLeft>, VaultError> {
        check_new_slots(slots)?;
        let ((), left) =
            rotation::change_slots(SlotMaker::new_key()?, slots, |made| self.install(made))?;
        Ok(left)
    }

    /// A copy of the master key for making slots with [`rotation::change_slots`] without
    /// holding the vault (the FFI runs Argon2 and the platform prompt outside its lock).
    pub fn slot_maker(&self) -> SlotMaker {
        SlotMaker::same_key(self.master_key.clone())
    }

    /// Saves the slots [`rotation::change_slots`] made: they replace the slots of their kinds
    /// (every slot, with the master key, for a re-key). Returns the alias of the platform key
    /// the saved vault no longer uses. Slots made for another master key (the vault was
    /// re-keyed meanwhile) are refused with [`VaultError::ChangedElsewhere`] and nothing is
    /// saved: make them again.
    pub fn install(&mut self, made: Installation) -> Result<((), Option<String>), VaultError> {
        let old_alias = self.platform_alias();
        let slots = if made.rekey {
            made.slots
        } else {
            // Both keys are this process's own: no timing to hide.
            if *made.master_key != *self.master_key {
                return Err(VaultError::ChangedElsewhere {
                    path: self.path.clone(),
                });
            }
            let mut slots: Vec<Slot> = self
                .slots
                .iter()
                .filter(|old| made.slots.iter().all(|new| new.kind() != old.kind()))
                .cloned()
                .collect();
            slots.extend(made.slots);
            slots
        };
        self.commit_under(made.master_key, slots, self.content.clone())?;
        let unused = old_alias.filter(|old| self.platform_alias().as_ref() != Some(old));
        Ok(((), unused))
    }

    /// The alias of the platform slot's key, if the vault has one.
    fn platform_alias(&self) -> Option<String> {
        self.slots.iter().find_map(|slot| match slot {
            Slot::Platform(p) => Some(p.key_alias().to_owned()),
            Slot::Passphrase(_) => None,
        })
    }

    /// Removes the slot of `kind`. Refuses to remove the last slot.
    pub fn remove_slot(&mut self, kind: SlotKind) -> Result<(), VaultError> {
        if !self.slots.iter().any(|s| s.kind() == kind) {
            return Err(VaultError::NoSlot { kind });
        }
        let slots: Vec<Slot> = self
            .slots
            .iter()
            .filter(|s| s.kind() != kind)
            .cloned()
            .collect();
        if slots.is_empty() {
            return Err(VaultError::LastSlot);
        }
        self.commit(slots, self.content.clone())
    }

    /// Adds every entry of an import batch that is not already in the vault, in one save, and
    /// reports what happened to each. If the save fails, nothing is added.
    pub fn import(&mut self, batch: ImportBatch, created: u64) -> Result<ImportReport, VaultError> {
        let mut content = self.content.clone();
        let mut index = account::DuplicateIndex::of(&content.accounts);
        let mut report = ImportReport {
            rejected: batch.rejected,
            ..ImportReport::default()
        };
        for entry in batch.entries {
            let name = account::display_name(entry.draft.issuer.as_deref(), &entry.draft.label);
            match push_account(
                &mut content,
                &mut index,
                &entry.draft,
                entry.extras,
                created,
            ) {
                Ok(id) => {
                    report.added.push(report::Added {
                        id,
                        name: name.clone(),
                    });
                    for warning in entry.warnings {
                        report.normalised.push(report::Normalised {
                            entry: name.clone(),
                            warning,
                        });
                    }
                }
                Err(VaultError::Duplicate { existing }) => {
                    report.duplicates.push(report::Duplicate {
                        entry: name,
                        existing,
                    })
                }
                Err(VaultError::InvalidAccount(err)) => report.rejected.push(Rejected {
                    entry: name,
                    reason: err.to_string(),
                }),
                Err(VaultError::InvalidName(err)) => report.rejected.push(Rejected {
                    entry: crate::uri::printable(&name),
                    reason: err.to_string(),
                }),
                Err(err) => return Err(err),
            }
        }
        if !report.added.is_empty() {
            self.commit(self.slots.clone(), content)?;
        }
        Ok(report)
    }

    /// Writes a passphrase-only copy of the vault to `path` (the "new phone" file). It opens as
    /// a vault on its own, or imports into another. Refuses to overwrite a file.
    pub fn export_backup(
        &self,
        path: &Path,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<(), VaultError> {
        backup::write(self.fs.as_ref(), path, &self.content, passphrase, params)
    }

    /// [`Vault::export_backup`] as bytes instead of a file: what an app hands to the platform's
    /// file picker or share sheet, so no unencrypted temporary file is needed (the bytes are
    /// encrypted). Open them with [`import::read`] (format `otpkit`).
    pub fn backup_bytes(
        &self,
        passphrase: &[u8],
        params: KdfParams,
    ) -> Result<Vec<u8>, VaultError> {
        backup::encode(&self.content, passphrase, params)
    }

    /// A copy of the accounts, to write a backup from without holding the vault.
    pub fn backup_source(&self) -> backup::BackupSource {
        backup::BackupSource {
            fs: self.fs.clone(),
            content: self.content.clone(),
        }
    }

    /// Saves `slots` and `content`, then makes them current. If the save fails before the new
    /// file is in place, nothing changes.
    fn commit(&mut self, slots: Vec<Slot>, content: Content) -> Result<(), VaultError> {
        self.commit_under(self.master_key.clone(), slots, content)
    }

    /// [`Vault::commit`] with the content encrypted under `master_key`, which becomes current
    /// with the slots.
    fn commit_under(
        &mut self,
        master_key: MasterKey,
        slots: Vec<Slot>,
        content: Content,
    ) -> Result<(), VaultError> {
        // Held until the save is done: another process's save cannot slip in between the check
        // and the rename.
        let _lock = store::lock(self.fs.as_ref(), &self.path)?;
        let current = store::read(self.fs.as_ref(), &self.path)?;
        if store::fingerprint(&current) != self.on_disk {
            return Err(VaultError::ChangedElsewhere {
                path: self.path.clone(),
            });
        }
        let bytes = encrypt(&master_key, &slots, &content)?;
        match store::save_atomic(self.fs.as_ref(), &self.path, &bytes) {
            Ok(()) => {}
            // The new file is in place; only its durability is in doubt. Keep memory in step
            // with the file, and still report the failure.
            Err(
                err @ VaultError::Io {
                    step: IoStep::SyncDir,
                    ..
                },
            ) => {
                self.make_current(&bytes, master_key, slots, content);
                return Err(err);
            }
            Err(err) => return Err(err),
        }
        self.make_current(&bytes, master_key, slots, content);
        Ok(())
    }

    /// Takes what was just written as the vault in memory.
    fn make_current(
        &mut self,
        written: &[u8],
        master_key: MasterKey,
        slots: Vec<Slot>,
        content: Content,
    ) {
        self.on_disk = store::fingerprint(written);
        self.master_key = master_key;
        self.slots = slots;
        self.content = content;
    }
}

/// A re-key needs at least one slot and at most one of each kind.
fn check_new_slots(slots: &[NewSlot<'_>]) -> Result<(), VaultError> {
    if slots.is_empty() {
        return Err(VaultError::LastSlot);
    }
    for kind in [SlotKind::Passphrase, SlotKind::Platform] {
        if slots.iter().filter(|s| s.kind() == kind).count() > 1 {
            return Err(VaultError::RepeatedSlot { kind });
        }
    }
    Ok(())
}

fn index_of(content: &Content, id: AccountId) -> Result<usize, VaultError> {
    content
        .accounts
        .iter()
        .position(|a| a.id == id)
        .ok_or(VaultError::NoSuchAccount(id))
}

fn account_mut(content: &mut Content, id: AccountId) -> Result<&mut Account, VaultError> {
    let index = index_of(content, id)?;
    Ok(&mut content.accounts[index])
}

fn renumber(content: &mut Content) {
    for (order, account) in content.accounts.iter_mut().enumerate() {
        account.order = order as u32;
    }
}

/// Appends an account to `content`, refusing duplicates (looked up in `index`, which covers
/// `content`'s accounts and is kept up to date) and a full vault.
fn push_account(
    content: &mut Content,
    index: &mut account::DuplicateIndex,
    draft: &AccountDraft,
    extras: AccountExtras,
    created: u64,
) -> Result<AccountId, VaultError> {
    let params = draft.params()?;
    // Drafts from URIs and importers were checked already; an app's own draft and extras
    // (a typed setup key, a group) get the same rule here.
    crate::uri::check(draft).map_err(VaultError::InvalidName)?;
    extras.check().map_err(VaultError::InvalidName)?;
    if let Some(existing) = index.find(&content.accounts, &params) {
        return Err(VaultError::Duplicate {
            existing: existing.id,
        });
    }
    if content.accounts.len() >= MAX_ACCOUNTS {
        return Err(VaultError::Full { max: MAX_ACCOUNTS });
    }
    let id = AccountId(content.next_id);
    let order = content.accounts.len() as u32;
    content
        .accounts
        .push(Account::from_draft(id, draft, extras, order, created)?);
    index.insert(content.accounts.len() - 1, &params);
    content.next_id += 1;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_content_schema_is_refused_and_the_file_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let key = RawKey::new([1; 32]);
        let vault = Vault::create(&path, NewSlot::KeyStore(&key)).unwrap();
        // Re-encrypt the content as a future build would, with schema 2.
        let newer = String::from_utf8(vault.content.to_plaintext().to_vec())
            .unwrap()
            .replace("\"schema\":1", "\"schema\":2");
        let bytes = container::build(&vault.slots, newer.len(), |aad| {
            let nonce = [3u8; aead::NONCE_BYTES];
            let sealed = aead::seal(vault.master_key.as_ref(), &nonce, aad, newer.as_bytes())
                .map_err(|_| VaultError::Random)?;
            Ok((nonce, sealed))
        })
        .unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let err = Vault::open(&path, Unlock::KeyStore(&key)).unwrap_err();
        assert!(
            matches!(
                err,
                VaultError::NewerVersion {
                    what: "schema",
                    found: 2,
                    supported: 1
                }
            ),
            "{err:?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}
