//! Changing key slots without ever destroying a platform key the vault still needs.
//!
//! A new platform slot always gets a new key, in this order: create the key under a new alias,
//! wrap the master key with it, save the vault, and only then delete the old alias. So:
//! - a failure or a cancelled prompt before the save leaves the vault and its old key as they
//!   were, and deletes the new key (when the store can);
//! - a failed save deletes the new key too, except when the new file may already be in place
//!   (only its folder flush failed): then both keys are kept, since either file may be the one
//!   found after a power loss;
//! - a failed delete of the old key after a good save is not an error: the vault opens with the
//!   new key, and [`OldKeyLeft`] tells the caller what is left behind (to log, or to retry).
//!
//! The slow work (Argon2, the platform prompt) happens in [`change_slots`] before `install`
//! is called, so a caller sharing the vault between threads holds its lock only while saving.

use std::fmt;

use super::error::{IoStep, VaultError};
use super::slots::{
    new_key_alias, KeyStore, KeyStoreError, MasterKey, PassphraseSlot, PlatformSlot, Slot,
};
use super::{aead, NewSlot};

/// The master key new slots will wrap: the vault's own ([`super::Vault::slot_maker`]) or, for
/// a re-key, a fresh one ([`SlotMaker::new_key`]). Holds a copy of the key, wiped on drop: keep
/// it no longer than the change.
pub struct SlotMaker {
    master_key: MasterKey,
    rekey: bool,
}

impl fmt::Debug for SlotMaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SlotMaker")
            .field("rekey", &self.rekey)
            .finish_non_exhaustive()
    }
}

impl SlotMaker {
    /// Slots for the vault's current master key: they join or replace its slots.
    pub(crate) fn same_key(master_key: MasterKey) -> Self {
        SlotMaker {
            master_key,
            rekey: false,
        }
    }

    /// Slots for a fresh random master key: they replace every slot of the vault.
    pub fn new_key() -> Result<Self, VaultError> {
        Ok(SlotMaker {
            master_key: aead::random_key().map_err(|_| VaultError::Random)?,
            rekey: true,
        })
    }
}

/// New slots ready to be saved, made by [`change_slots`] and given to its `install`
/// ([`super::Vault::install`]).
pub struct Installation {
    pub(crate) master_key: MasterKey,
    pub(crate) slots: Vec<Slot>,
    /// True: `slots` replace every slot and `master_key` becomes the vault's key.
    pub(crate) rekey: bool,
}

impl fmt::Debug for Installation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Installation")
            .field(
                "slots",
                &self.slots.iter().map(Slot::kind).collect::<Vec<_>>(),
            )
            .field("rekey", &self.rekey)
            .finish_non_exhaustive()
    }
}

/// A platform key the vault no longer uses that could not be deleted after the vault was saved
/// with its replacement. Harmless to the vault; worth a line in the app's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldKeyLeft {
    /// The old key's alias.
    pub alias: String,
    /// Why the keystore did not delete it.
    pub error: KeyStoreError,
}

/// Makes the slots `new` asks for (deriving keys, creating and wrapping platform keys), then
/// calls `install` with them, which saves the vault and returns its result and the alias of a
/// platform key the saved vault no longer uses; that key is then deleted. See the module
/// documentation for what each failure leaves.
pub fn change_slots<T>(
    maker: SlotMaker,
    new: &[NewSlot<'_>],
    install: impl FnOnce(Installation) -> Result<(T, Option<String>), VaultError>,
) -> Result<(T, Option<OldKeyLeft>), VaultError> {
    let mut created: Vec<(&dyn KeyStore, String)> = Vec::new();
    let mut slots = Vec::with_capacity(new.len());
    for slot in new {
        match make_slot(&maker.master_key, *slot, &mut created) {
            Ok(slot) => slots.push(slot),
            Err(err) => {
                discard(&created);
                return Err(err);
            }
        }
    }
    let installation = Installation {
        master_key: maker.master_key.clone(),
        slots,
        rekey: maker.rekey,
    };
    let (value, unused) = match install(installation) {
        Ok(done) => done,
        // The new file may be in place: it needs the new key, the old file the old one.
        Err(
            err @ VaultError::Io {
                step: IoStep::SyncDir,
                ..
            },
        ) => return Err(err),
        Err(err) => {
            discard(&created);
            return Err(err);
        }
    };
    // Only the store that made the new platform key can delete the old one.
    let left = match (unused, created.first()) {
        (Some(alias), Some((store, _))) => store
            .delete_key(&alias)
            .err()
            .map(|error| OldKeyLeft { alias, error }),
        _ => None,
    };
    Ok((value, left))
}

/// One new slot. A platform key is recorded in `created` as soon as it exists.
fn make_slot<'a>(
    master_key: &MasterKey,
    slot: NewSlot<'a>,
    created: &mut Vec<(&'a dyn KeyStore, String)>,
) -> Result<Slot, VaultError> {
    Ok(match slot {
        NewSlot::Passphrase(passphrase, params) => {
            Slot::Passphrase(PassphraseSlot::wrap(master_key, passphrase, params)?)
        }
        NewSlot::KeyStore(store) => {
            let alias = new_key_alias()?;
            store.create_key(&alias)?;
            created.push((store, alias.clone()));
            Slot::Platform(PlatformSlot::wrap(master_key, store, alias)?)
        }
    })
}

/// Deletes the keys made for slots that were never saved. A key that cannot be deleted is left:
/// it wraps nothing any vault holds.
fn discard(created: &[(&dyn KeyStore, String)]) {
    for (store, alias) in created {
        let _ = store.delete_key(alias);
    }
}
