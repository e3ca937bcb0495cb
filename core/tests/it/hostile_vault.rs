//! The vault against a hostile or unlucky world: two processes creating it at once, a symbolic
//! link at its path, a stuck lock holder, a pipe where the file should be, an HOTP counter at
//! its end, an old copy of the file read with an old passphrase, and an import of tens of
//! thousands of entries. Each case lost data, hung or leaked before the fix it pins.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use otpkit_core::otp::OtpType;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::import::{ImportBatch, ImportEntry};
use otpkit_core::vault::{
    AccountEdit, AccountExtras, AccountId, FileSystem, NewSlot, RawKey, RealFs, SlotKind, Unlock,
    Vault, VaultError,
};

const AT: u64 = 1_700_000_000;

use crate::support::cheap_kdf as cheap;

fn draft(label: &str, secret: &[u8]) -> AccountDraft {
    support::totp_draft("Example", label, secret)
}

fn labels(vault: &Vault) -> Vec<String> {
    vault
        .accounts()
        .iter()
        .map(|a| a.label().to_owned())
        .collect()
}

/// A small deterministic generator for the race's delays (no dependency, repeatable).
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn two_creators_at_once_never_replace_each_others_vault() {
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("vault"));
        let start = Arc::new(Barrier::new(2));
        let creators: Vec<_> = [b"first passphrase", b"other passphrase"]
            .into_iter()
            .map(|passphrase| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                let delay = Duration::from_micros(random.below(3_000));
                std::thread::spawn(move || {
                    start.wait();
                    std::thread::sleep(delay);
                    let mut vault =
                        Vault::create(path.as_path(), NewSlot::Passphrase(passphrase, cheap()))?;
                    vault.add(&draft("mine", passphrase), AT)?;
                    Ok::<_, VaultError>(passphrase)
                })
            })
            .collect();
        let results: Vec<_> = creators.into_iter().map(|c| c.join().unwrap()).collect();
        let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            matches!(loser, VaultError::AlreadyExists { path: p } if p.file_name() == path.file_name()),
            "round {round}: {loser:?}"
        );
        // The winner's vault, with its account, is the one on disk.
        let vault = Vault::open(path.as_path(), Unlock::Passphrase(*winners[0])).unwrap();
        assert_eq!(labels(&vault), ["mine"], "round {round}");
    }
}

#[test]
fn a_backup_never_replaces_a_file_of_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        dir.path().join("vault"),
        NewSlot::Passphrase(b"pass", cheap()),
    )
    .unwrap();
    vault
        .add(&draft("alice", b"alice-secret-0001"), AT)
        .unwrap();
    let backup = dir.path().join("backup");
    fs::write(&backup, b"the user's other file").unwrap();
    let err = vault
        .export_backup(&backup, b"backup pass", cheap())
        .unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists { .. }), "{err:?}");
    assert_eq!(fs::read(&backup).unwrap(), b"the user's other file");
}

#[cfg(unix)]
#[test]
fn a_vault_reached_through_a_link_is_saved_in_place_and_the_link_kept() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    let link_dir = dir.path().join("link");
    fs::create_dir_all(&real_dir).unwrap();
    fs::create_dir_all(&link_dir).unwrap();
    let real = real_dir.join("vault");
    let link = link_dir.join("vault");
    Vault::create(&real, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let mut vault = Vault::open(&link, Unlock::Passphrase(b"pass")).unwrap();
    assert_eq!(vault.path(), fs::canonicalize(&real).unwrap());
    vault
        .add(&draft("alice", b"alice-secret-0001"), AT)
        .unwrap();

    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link was replaced"
    );
    let reopened = Vault::open(&real, Unlock::Passphrase(b"pass")).unwrap();
    assert_eq!(labels(&reopened), ["alice"], "the real vault went stale");
    assert!(
        real_dir.join(".vault.lock").exists(),
        "lock next to the real file"
    );
    assert!(
        !link_dir.join(".vault.lock").exists(),
        "lock named from the link's folder"
    );
}

#[cfg(unix)]
#[test]
fn creating_over_a_link_to_nowhere_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    let link = dir.path().join("vault");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = Vault::create(&link, NewSlot::Passphrase(b"pass", cheap())).unwrap_err();
    assert!(matches!(err, VaultError::AlreadyExists { .. }), "{err:?}");
    assert!(!target.exists());
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
}

/// The real file system with a short lock wait, so a test of "busy" takes a moment.
struct Impatient;

impl FileSystem for Impatient {
    fn read(&self, path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
        RealFs.read(path, limit)
    }
    fn write_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        RealFs.write_new(path, bytes)
    }
    fn sync_file(&self, path: &Path) -> std::io::Result<()> {
        RealFs.sync_file(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        RealFs.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        RealFs.sync_dir(dir)
    }
    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        RealFs.remove_file(path)
    }
    fn exists(&self, path: &Path) -> bool {
        RealFs.exists(path)
    }
    fn lock_wait(&self) -> Duration {
        Duration::from_millis(200)
    }
}

#[test]
fn a_stuck_lock_holder_gives_busy_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    Vault::create(&path, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    let before = fs::read(&path).unwrap();
    let holder = fs::File::open(dir.path().join(".vault.lock")).unwrap();
    holder.lock().unwrap();

    let mut vault =
        Vault::open_in(Arc::new(Impatient), &path, Unlock::Passphrase(b"pass")).unwrap();
    let err = vault
        .add(&draft("alice", b"alice-secret-0001"), AT)
        .unwrap_err();
    assert!(matches!(err, VaultError::Busy { .. }), "{err:?}");
    assert_eq!(err.kind(), "busy");
    assert!(err.to_string().contains("another otpkit or app"), "{err}");
    assert!(labels(&vault).is_empty(), "memory unchanged");
    assert_eq!(fs::read(&path).unwrap(), before);

    // A creator waits for the lock too.
    let other = dir.path().join("other");
    let _other_holder = fs::File::create(dir.path().join(".other.lock")).unwrap();
    _other_holder.lock().unwrap();
    let err = Vault::create_in(
        Arc::new(Impatient),
        &other,
        NewSlot::Passphrase(b"pass", cheap()),
    )
    .unwrap_err();
    assert!(matches!(err, VaultError::Busy { .. }), "{err:?}");
    assert!(!other.exists());

    drop(holder);
    vault
        .add(&draft("alice", b"alice-secret-0001"), AT)
        .unwrap();
}

#[cfg(unix)]
#[test]
fn a_pipe_or_folder_at_the_vault_path_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    // Run in a thread: before the fix the open blocked forever, waiting for a writer.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(Vault::open(&pipe, Unlock::Passphrase(b"pass")).map(|_| ()));
    });
    let result = receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("opening a pipe hung");
    assert!(
        matches!(result, Err(VaultError::NotAFile { .. })),
        "{result:?}"
    );

    let err = Vault::open(dir.path(), Unlock::Passphrase(b"pass")).unwrap_err();
    assert!(matches!(err, VaultError::NotAFile { .. }), "{err:?}");
    assert_eq!(err.kind(), "not_a_file");
}

#[test]
fn an_hotp_counter_at_its_end_is_refused_not_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    let last = AccountDraft {
        otp_type: OtpType::Hotp,
        counter: Some(u64::MAX - 1),
        ..draft("bank", b"12345678901234567890")
    };
    let id = vault.add(&last, AT).unwrap();
    vault.next_hotp(id).unwrap();
    assert_eq!(vault.account(id).unwrap().counter(), u64::MAX);
    let before = fs::read(&path).unwrap();
    let err = vault.next_hotp(id).unwrap_err();
    assert!(
        matches!(err, VaultError::CounterExhausted(i) if i == id),
        "{err:?}"
    );
    assert_eq!(vault.account(id).unwrap().counter(), u64::MAX);
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// What an attacker with an old copy of the file and the old passphrase reads of the current
/// file: opens the copy, then puts the current bytes under it and asks the vault to reload with
/// the master key the old passphrase gave.
fn read_with_old_copy(old_copy: &[u8], current: &Path, old_pass: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let stolen = dir.path().join("stolen");
    fs::write(&stolen, old_copy).unwrap();
    let mut vault = Vault::open(&stolen, Unlock::Passphrase(old_pass)).unwrap();
    fs::copy(current, &stolen).unwrap();
    vault.reload().ok().map(|()| labels(&vault))
}

#[test]
fn a_rekey_makes_an_old_copy_and_old_passphrase_useless_for_later_saves() {
    for rekey in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let mut vault = Vault::create(&path, NewSlot::Passphrase(b"old pass", cheap())).unwrap();
        vault
            .add(&draft("alice", b"alice-secret-0001"), AT)
            .unwrap();
        let old_copy = fs::read(&path).unwrap();
        if rekey {
            vault
                .rekey(&[NewSlot::Passphrase(b"new pass", cheap())])
                .unwrap();
        } else {
            vault.set_passphrase(b"new pass", cheap()).unwrap();
        }
        vault.add(&draft("bob", b"bob-secret-000002"), AT).unwrap();

        let leaked = read_with_old_copy(&old_copy, &path, b"old pass");
        if rekey {
            assert_eq!(
                leaked, None,
                "a re-key still let the old key read later saves"
            );
        } else {
            // What SECURITY.md warns of: a passphrase change alone keeps the master key.
            assert_eq!(leaked, Some(vec!["alice".into(), "bob".into()]));
        }
        let reopened = Vault::open(&path, Unlock::Passphrase(b"new pass")).unwrap();
        assert_eq!(labels(&reopened), ["alice", "bob"]);
        assert!(matches!(
            Vault::open(&path, Unlock::Passphrase(b"old pass")),
            Err(VaultError::WrongPassphrase)
        ));
        // The vault that re-keyed goes on saving under its new key.
        vault.rename(AccountId(1), "alice2").unwrap();
    }
}

#[test]
fn a_rekey_keeps_only_the_slots_given_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let key = RawKey::new([7; 32]);
    let mut vault = Vault::create(&path, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    vault.set_platform_key(&key).unwrap();
    let before = fs::read(&path).unwrap();

    assert!(matches!(vault.rekey(&[]), Err(VaultError::LastSlot)));
    let twice = [
        NewSlot::Passphrase(b"a", cheap()),
        NewSlot::KeyStore(&key),
        NewSlot::Passphrase(b"b", cheap()),
    ];
    assert!(matches!(
        vault.rekey(&twice),
        Err(VaultError::RepeatedSlot {
            kind: SlotKind::Passphrase
        })
    ));
    let keys_twice = [
        NewSlot::Passphrase(b"a", cheap()),
        NewSlot::KeyStore(&key),
        NewSlot::KeyStore(&key),
    ];
    assert!(matches!(
        vault.rekey(&keys_twice),
        Err(VaultError::RepeatedSlot {
            kind: SlotKind::Platform
        })
    ));
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "a refused re-key writes nothing"
    );

    vault
        .rekey(&[
            NewSlot::KeyStore(&key),
            NewSlot::Passphrase(b"new", cheap()),
        ])
        .unwrap();
    assert_eq!(
        vault.slot_kinds(),
        [SlotKind::Platform, SlotKind::Passphrase]
    );
    assert!(Vault::open(&path, Unlock::KeyStore(&key)).is_ok());
    vault
        .rekey(&[NewSlot::Passphrase(b"only", cheap())])
        .unwrap();
    assert_eq!(vault.slot_kinds(), [SlotKind::Passphrase]);
    assert!(matches!(
        Vault::open(&path, Unlock::KeyStore(&key)),
        Err(VaultError::NoSlot { .. })
    ));
}

fn entry(n: u32) -> ImportEntry {
    ImportEntry {
        draft: draft(
            &format!("user{n}"),
            format!("secret-{n:08}-abcdef").as_bytes(),
        ),
        extras: AccountExtras::default(),
        warnings: Vec::new(),
    }
}

#[test]
fn a_large_import_reports_every_duplicate_within_and_against_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    vault.add(&entry(7).draft, AT).unwrap();
    // 40,000 entries (an hour of quadratic comparisons before), every one given twice, and
    // one already in the vault.
    let mut entries: Vec<ImportEntry> = (0..20_000).map(entry).collect();
    entries.extend((0..20_000).map(entry));
    let report = vault
        .import(
            ImportBatch {
                entries,
                rejected: Vec::new(),
            },
            AT,
        )
        .unwrap();
    assert_eq!(report.added.len(), 19_999);
    assert_eq!(report.duplicates.len(), 20_001);
    assert_eq!(vault.accounts().len(), 20_000);
    assert!(vault.duplicates().is_empty());
}

#[test]
fn no_edit_or_app_draft_puts_a_control_character_or_overlong_name_in_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(b"pass", cheap())).unwrap();
    let id = vault
        .add(&draft("alice", b"alice-secret-0001"), AT)
        .unwrap();
    let before = fs::read(&path).unwrap();
    let osc52 = "x\u{1b}]52;c;aGk=\u{7}";
    let edits = [
        AccountEdit {
            label: Some(osc52.into()),
            ..AccountEdit::default()
        },
        AccountEdit {
            issuer: Some(Some("Bank\rPayPal".into())),
            ..AccountEdit::default()
        },
        AccountEdit {
            group: Some(Some("a\u{202e}b".into())),
            ..AccountEdit::default()
        },
        AccountEdit {
            note: Some(Some("n".repeat(1025))),
            ..AccountEdit::default()
        },
    ];
    for edit in edits {
        let err = vault.edit(id, edit.clone()).unwrap_err();
        assert!(
            matches!(err, VaultError::InvalidName(_)),
            "{edit:?}: {err:?}"
        );
    }
    assert_eq!(labels(&vault), ["alice"]);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "a refused edit writes nothing"
    );

    let hostile = draft(osc52, b"bob-secret-000002");
    let err = vault.add(&hostile, AT).unwrap_err();
    assert_eq!(err.kind(), "control_character", "{err:?}");
    let extras = AccountExtras {
        group: Some("Work\n".into()),
        note: None,
    };
    let err = vault
        .add_with(&draft("bob", b"bob-secret-000002"), extras, AT)
        .unwrap_err();
    assert!(matches!(err, VaultError::InvalidName(_)), "{err:?}");

    // In an import, such an entry is rejected with its reason and the others are added.
    let batch = ImportBatch {
        entries: vec![
            ImportEntry {
                draft: hostile,
                extras: AccountExtras::default(),
                warnings: Vec::new(),
            },
            entry(1),
        ],
        rejected: Vec::new(),
    };
    let report = vault.import(batch, AT).unwrap();
    assert_eq!(report.added.len(), 1);
    assert_eq!(report.rejected.len(), 1);
    assert!(!report.rejected[0].reason.contains('\u{1b}'));
    assert!(
        !report.rejected[0].entry.contains('\u{1b}'),
        "{:?}",
        report.rejected[0].entry
    );
    assert_eq!(labels(&vault), ["alice", "user1"]);
}
