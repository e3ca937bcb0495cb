//! Replacing the platform key never destroys a key the vault still needs: a fake keystore
//! and a fake file system fail at each step (create, wrap, a cancelled prompt, save, delete)
//! and the vault still opens with the key it had.

use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::support::{cheap_kdf, container_format, totp_draft};
use otpkit_core::vault::change_slots;
use otpkit_core::vault::{
    FileSystem, IoStep, KeyStore, KeyStoreError, NewSlot, OldKeyLeft, RawKey, RealFs, SlotKind,
    Unlock, Vault, VaultError,
};
use zeroize::Zeroizing;

const PASS: &[u8] = b"passphrase";
const AT: u64 = 1_700_000_000;

/// Where the fake keystore fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fail {
    Nothing,
    Create,
    Wrap,
    /// The user cancels the prompt that `wrap` shows.
    CancelWrap,
    CancelUnwrap,
    Delete,
}

/// A keystore holding one 32-byte key per alias, recording every call in order.
struct FakeStore {
    keys: Mutex<BTreeMap<String, RawKey>>,
    calls: Mutex<Vec<String>>,
    fail: Mutex<Fail>,
    next_key: Mutex<u8>,
}

impl FakeStore {
    fn new() -> Self {
        FakeStore {
            keys: Mutex::new(BTreeMap::new()),
            calls: Mutex::new(Vec::new()),
            fail: Mutex::new(Fail::Nothing),
            next_key: Mutex::new(1),
        }
    }

    fn failing(&self, fail: Fail) {
        *self.fail.lock().unwrap() = fail;
        self.calls.lock().unwrap().clear();
    }

    fn fails(&self, at: Fail) -> bool {
        *self.fail.lock().unwrap() == at
    }

    fn aliases(&self) -> Vec<String> {
        self.keys.lock().unwrap().keys().cloned().collect()
    }

    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn record(&self, call: &str, alias: &str) {
        self.calls.lock().unwrap().push(format!("{call} {alias}"));
    }

    fn with_key<T>(
        &self,
        alias: &str,
        use_key: impl FnOnce(&RawKey) -> Result<T, KeyStoreError>,
    ) -> Result<T, KeyStoreError> {
        let keys = self.keys.lock().unwrap();
        let key = keys
            .get(alias)
            .ok_or_else(|| KeyStoreError::Unavailable(format!("no key {alias}")))?;
        use_key(key)
    }
}

impl KeyStore for FakeStore {
    fn create_key(&self, alias: &str) -> Result<(), KeyStoreError> {
        self.record("create", alias);
        if self.fails(Fail::Create) {
            return Err(KeyStoreError::Failed("no room for a key".into()));
        }
        let mut next = self.next_key.lock().unwrap();
        *next += 1;
        let key = RawKey::new([*next; 32]);
        assert!(self
            .keys
            .lock()
            .unwrap()
            .insert(alias.into(), key)
            .is_none());
        Ok(())
    }

    fn wrap(&self, alias: &str, master_key: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        self.record("wrap", alias);
        match *self.fail.lock().unwrap() {
            Fail::Wrap => return Err(KeyStoreError::Failed("wrap failed".into())),
            Fail::CancelWrap => return Err(KeyStoreError::Cancelled),
            _ => {}
        }
        self.with_key(alias, |key| key.wrap(alias, master_key))
    }

    fn unwrap(&self, alias: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        self.record("unwrap", alias);
        if self.fails(Fail::CancelUnwrap) {
            return Err(KeyStoreError::Cancelled);
        }
        self.with_key(alias, |key| key.unwrap(alias, wrapped))
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeyStoreError> {
        self.record("delete", alias);
        if self.fails(Fail::Delete) {
            return Err(KeyStoreError::Failed("keystore busy".into()));
        }
        self.keys.lock().unwrap().remove(alias);
        Ok(())
    }
}

/// The real file system, failing the rename (the save) or the folder flush once armed.
struct SaveFails {
    step: IoStep,
    armed: AtomicBool,
}

impl SaveFails {
    fn new(step: IoStep) -> Arc<Self> {
        Arc::new(SaveFails {
            step,
            armed: AtomicBool::new(false),
        })
    }

    fn injected(&self, step: IoStep) -> io::Result<()> {
        if step == self.step && self.armed.load(Ordering::SeqCst) {
            Err(io::Error::other("injected failure"))
        } else {
            Ok(())
        }
    }
}

impl FileSystem for SaveFails {
    fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
        RealFs.read(path, limit)
    }
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        RealFs.write_new(path, bytes)
    }
    fn sync_file(&self, path: &Path) -> io::Result<()> {
        RealFs.sync_file(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.injected(IoStep::Rename)?;
        RealFs.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.injected(IoStep::SyncDir)?;
        RealFs.sync_dir(dir)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }
    fn exists(&self, path: &Path) -> bool {
        RealFs.exists(path)
    }
    fn link_new(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.injected(IoStep::Rename)?;
        RealFs.link_new(from, to)
    }
}

/// A vault with a passphrase and a platform slot made by `store`, one account, through `fs`.
fn vault_with_key(dir: &Path, store: &FakeStore, fs_seam: Arc<dyn FileSystem>) -> Vault {
    let path = dir.join("vault");
    let mut vault =
        Vault::create_in(fs_seam, &path, NewSlot::Passphrase(PASS, cheap_kdf())).unwrap();
    vault
        .add(&totp_draft("ACME", "jane", b"12345678901234567890"), AT)
        .unwrap();
    assert_eq!(vault.set_platform_key(store).unwrap(), None);
    vault
}

/// The one key the store holds.
fn only_alias(store: &FakeStore) -> String {
    let aliases = store.aliases();
    assert_eq!(aliases.len(), 1, "{aliases:?}");
    aliases[0].clone()
}

fn opens_with(path: &Path, store: &FakeStore) -> Vault {
    let vault = Vault::open(path, Unlock::KeyStore(store)).unwrap();
    assert_eq!(vault.accounts().len(), 1);
    vault
}

#[test]
fn a_new_key_is_created_and_wrapped_the_vault_saved_and_only_then_the_old_key_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let old = only_alias(&store);
    assert!(old.starts_with("vault-slot-"), "{old}");

    store.failing(Fail::Nothing);
    assert_eq!(vault.set_platform_key(&store).unwrap(), None);
    let new = only_alias(&store);
    assert_ne!(new, old);
    assert_eq!(
        store.calls(),
        [
            format!("create {new}"),
            format!("wrap {new}"),
            format!("delete {old}")
        ]
    );
    store.failing(Fail::Nothing);
    opens_with(vault.path(), &store);
    assert_eq!(store.calls(), [format!("unwrap {new}")]);
    assert_eq!(container_format(vault.path()), 2);
}

#[test]
fn a_failure_before_the_save_leaves_the_old_key_and_no_new_one() {
    for fail in [Fail::Create, Fail::Wrap, Fail::CancelWrap] {
        let dir = tempfile::tempdir().unwrap();
        let store = FakeStore::new();
        let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
        let old = only_alias(&store);
        let before = fs::read(vault.path()).unwrap();

        store.failing(fail);
        let err = vault.set_platform_key(&store).unwrap_err();
        match fail {
            Fail::CancelWrap => assert!(
                matches!(err, VaultError::KeyStore(KeyStoreError::Cancelled)),
                "{err:?}"
            ),
            _ => assert!(
                matches!(err, VaultError::KeyStore(KeyStoreError::Failed(_))),
                "{fail:?}: {err:?}"
            ),
        }
        assert_eq!(
            store.aliases(),
            std::slice::from_ref(&old),
            "{fail:?}: the new key is deleted"
        );
        if fail != Fail::Create {
            let calls = store.calls();
            assert_eq!(calls.len(), 3, "{calls:?}");
            assert!(calls[2].starts_with("delete vault-slot-"), "{calls:?}");
            assert_ne!(calls[2], format!("delete {old}"));
        }
        assert_eq!(fs::read(vault.path()).unwrap(), before, "{fail:?}");
        store.failing(Fail::Nothing);
        opens_with(vault.path(), &store);
        // The vault in memory still uses the old key too: the next change works.
        assert_eq!(vault.set_platform_key(&store).unwrap(), None);
        assert!(store.calls().contains(&format!("delete {old}")));
    }
}

#[test]
fn a_failed_save_deletes_the_new_key_and_keeps_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let fs_seam = SaveFails::new(IoStep::Rename);
    let mut vault = vault_with_key(dir.path(), &store, fs_seam.clone());
    let old = only_alias(&store);
    let before = fs::read(vault.path()).unwrap();

    fs_seam.armed.store(true, Ordering::SeqCst);
    store.failing(Fail::Nothing);
    let err = vault.set_platform_key(&store).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::Io {
                step: IoStep::Rename,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(store.aliases(), [old]);
    assert_eq!(fs::read(vault.path()).unwrap(), before);
    store.failing(Fail::Nothing);
    opens_with(vault.path(), &store);
}

#[test]
fn when_the_new_file_may_be_in_place_both_keys_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let fs_seam = SaveFails::new(IoStep::SyncDir);
    let mut vault = vault_with_key(dir.path(), &store, fs_seam.clone());
    let old = only_alias(&store);

    fs_seam.armed.store(true, Ordering::SeqCst);
    store.failing(Fail::Nothing);
    let err = vault.set_platform_key(&store).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::Io {
                step: IoStep::SyncDir,
                ..
            }
        ),
        "{err:?}"
    );
    let aliases = store.aliases();
    assert_eq!(aliases.len(), 2, "{aliases:?}");
    assert!(aliases.contains(&old));
    // The renamed file is the new one; it opens with the new key.
    store.failing(Fail::Nothing);
    opens_with(vault.path(), &store);
    let new = aliases.iter().find(|a| **a != old).unwrap();
    assert_eq!(store.calls(), [format!("unwrap {new}")]);
}

#[test]
fn a_failed_delete_of_the_old_key_after_a_good_save_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let old = only_alias(&store);

    store.failing(Fail::Delete);
    let left = vault.set_platform_key(&store).unwrap();
    assert_eq!(
        left,
        Some(OldKeyLeft {
            alias: old.clone(),
            error: KeyStoreError::Failed("keystore busy".into())
        })
    );
    store.failing(Fail::Nothing);
    let new = store.aliases().into_iter().find(|a| *a != old).unwrap();
    opens_with(vault.path(), &store);
    assert_eq!(store.calls(), [format!("unwrap {new}")]);
}

#[test]
fn a_cancelled_prompt_is_its_own_error_not_a_missing_or_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let path = vault.path().to_path_buf();
    let before = fs::read(&path).unwrap();

    store.failing(Fail::CancelUnwrap);
    let cancelled = Vault::open(&path, Unlock::KeyStore(&store)).unwrap_err();
    assert!(
        matches!(cancelled, VaultError::KeyStore(KeyStoreError::Cancelled)),
        "{cancelled:?}"
    );
    assert_eq!(
        cancelled.to_string(),
        "the platform key prompt was cancelled"
    );
    // The key itself is gone: the keystore says so, a different error.
    store.failing(Fail::Nothing);
    store.delete_key(&only_alias(&store)).unwrap();
    let gone = Vault::open(&path, Unlock::KeyStore(&store)).unwrap_err();
    assert!(
        matches!(gone, VaultError::KeyStore(KeyStoreError::Unavailable(_))),
        "{gone:?}"
    );
    assert!(matches!(
        Vault::open(&path, Unlock::KeyStore(&RawKey::new([9; 32]))),
        Err(VaultError::WrongKey)
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_vault_whose_platform_slot_has_no_alias_opens_with_the_legacy_key_and_rotates_it_away() {
    // Written by the first release (format 1): its platform slot is RawKey [0x42; 32] and
    // names no key. The apps kept that key under the legacy alias.
    let fixture = support::core_dir().join("tests/fixtures/vault/format1-schema1.otpkit");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    fs::copy(&fixture, &path).unwrap();
    let store = FakeStore::new();
    store
        .keys
        .lock()
        .unwrap()
        .insert("vault-slot".into(), RawKey::new([0x42; 32]));

    let mut vault = Vault::open(&path, Unlock::KeyStore(&store)).unwrap();
    assert_eq!(store.calls(), ["unwrap vault-slot"]);
    assert_eq!(vault.accounts().len(), 4);

    store.failing(Fail::Nothing);
    assert_eq!(vault.set_platform_key(&store).unwrap(), None);
    let new = only_alias(&store);
    assert_eq!(
        store.calls(),
        [
            format!("create {new}"),
            format!("wrap {new}"),
            "delete vault-slot".to_owned()
        ]
    );
    assert_eq!(container_format(&path), 2);
    Vault::open(&path, Unlock::Passphrase(b"fixture passphrase")).unwrap();
    assert_eq!(
        Vault::open(&path, Unlock::KeyStore(&store))
            .unwrap()
            .accounts()
            .len(),
        4
    );
}

#[test]
fn a_vault_without_platform_slot_is_written_in_format_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(PASS, cheap_kdf())).unwrap();
    vault
        .add(&totp_draft("ACME", "jane", b"12345678901234567890"), AT)
        .unwrap();
    assert_eq!(container_format(&path), 1);
    let backup = dir.path().join("backup");
    vault.export_backup(&backup, b"b", cheap_kdf()).unwrap();
    assert_eq!(container_format(&backup), 1);
}

#[test]
fn creating_a_vault_that_cannot_be_saved_deletes_its_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let path = dir.path().join("vault");
    let fs_seam = SaveFails::new(IoStep::Rename);
    fs_seam.armed.store(true, Ordering::SeqCst);
    let err = Vault::create_in(fs_seam, &path, NewSlot::KeyStore(&store)).unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::Io {
                step: IoStep::Rename,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(store.aliases().is_empty());
    let calls = store.calls();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!(calls[2].starts_with("delete vault-slot-"), "{calls:?}");

    store.failing(Fail::CancelWrap);
    let err = Vault::create(&path, NewSlot::KeyStore(&store)).unwrap_err();
    assert!(
        matches!(err, VaultError::KeyStore(KeyStoreError::Cancelled)),
        "{err:?}"
    );
    assert!(store.aliases().is_empty());
    assert!(!path.exists());

    store.failing(Fail::Nothing);
    let vault = Vault::create(&path, NewSlot::KeyStore(&store)).unwrap();
    assert_eq!(vault.slot_kinds(), [SlotKind::Platform]);
    let alias = only_alias(&store);
    Vault::open(&path, Unlock::KeyStore(&store)).unwrap();
    assert!(store.calls().contains(&format!("unwrap {alias}")));
}

#[test]
fn a_rekey_rotates_the_platform_key_and_a_failed_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let old = only_alias(&store);
    let before = fs::read(vault.path()).unwrap();

    // The passphrase slot fails after the new platform key was made: that key goes again.
    store.failing(Fail::Nothing);
    let err = vault
        .rekey(&[
            NewSlot::KeyStore(&store),
            NewSlot::Passphrase(b"", cheap_kdf()),
        ])
        .unwrap_err();
    assert!(matches!(err, VaultError::EmptyPassphrase), "{err:?}");
    assert_eq!(store.aliases(), std::slice::from_ref(&old));
    assert_eq!(fs::read(vault.path()).unwrap(), before);

    store.failing(Fail::Nothing);
    let left = vault
        .rekey(&[
            NewSlot::Passphrase(b"new", cheap_kdf()),
            NewSlot::KeyStore(&store),
        ])
        .unwrap();
    assert_eq!(left, None);
    let new = only_alias(&store);
    assert_ne!(new, old);
    assert_eq!(store.calls().last().unwrap(), &format!("delete {old}"));
    opens_with(vault.path(), &store);
    Vault::open(vault.path(), Unlock::Passphrase(b"new")).unwrap();

    // Re-keyed to a passphrase only: no keystore was given, so the old key is left to the app.
    store.failing(Fail::Nothing);
    vault
        .rekey(&[NewSlot::Passphrase(b"only", cheap_kdf())])
        .unwrap();
    assert_eq!(store.aliases(), [new]);
    assert!(store.calls().is_empty());
}

#[test]
fn a_new_passphrase_keeps_the_platform_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let old = only_alias(&store);
    store.failing(Fail::Nothing);
    vault.set_passphrase(b"other", cheap_kdf()).unwrap();
    assert!(store.calls().is_empty());
    assert_eq!(store.aliases(), [old]);
    opens_with(vault.path(), &store);
    Vault::open(vault.path(), Unlock::Passphrase(b"other")).unwrap();
}

#[test]
fn slots_made_before_a_rekey_are_refused_and_their_key_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let maker = vault.slot_maker();
    vault
        .rekey(&[NewSlot::Passphrase(PASS, cheap_kdf())])
        .unwrap();
    let before = fs::read(vault.path()).unwrap();
    let keys_before = store.aliases();

    store.failing(Fail::Nothing);
    let err = change_slots(maker, &[NewSlot::KeyStore(&store)], |made| {
        vault.install(made)
    })
    .unwrap_err();
    assert!(
        matches!(err, VaultError::ChangedElsewhere { .. }),
        "{err:?}"
    );
    assert_eq!(store.aliases(), keys_before);
    assert_eq!(fs::read(vault.path()).unwrap(), before);
    assert_eq!(vault.slot_kinds(), [SlotKind::Passphrase]);
}

#[test]
fn the_key_copies_never_print_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = FakeStore::new();
    let mut vault = vault_with_key(dir.path(), &store, Arc::new(RealFs));
    let maker = vault.slot_maker();
    assert_eq!(format!("{maker:?}"), "SlotMaker { rekey: false, .. }");
    let fresh = otpkit_core::vault::SlotMaker::new_key().unwrap();
    assert_eq!(format!("{fresh:?}"), "SlotMaker { rekey: true, .. }");
    let mut printed = String::new();
    change_slots(
        maker,
        &[NewSlot::Passphrase(b"other", cheap_kdf())],
        |made| {
            printed = format!("{made:?}");
            vault.install(made)
        },
    )
    .unwrap();
    assert_eq!(
        printed,
        "Installation { slots: [Passphrase], rekey: false, .. }"
    );
}
