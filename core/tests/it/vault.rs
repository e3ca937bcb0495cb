//! The vault end to end: round trips, typed unlock errors, tamper detection by flipping every
//! byte, injected write failures and a read-only folder, and redaction of secrets.

use crate::support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::{
    AccountEdit, AccountExtras, AccountId, FileSystem, IoStep, NewSlot, RawKey, RealFs, SlotKind,
    Unlock, Vault, VaultError,
};

const PASS: &[u8] = b"correct horse battery staple";
const AT: u64 = 1_700_000_000;

use crate::support::{cheap_kdf as cheap, container_format, totp_draft as draft};

fn hotp(counter: u64) -> AccountDraft {
    AccountDraft {
        otp_type: OtpType::Hotp,
        counter: Some(counter),
        ..draft("Bank", "carol", b"12345678901234567890")
    }
}

fn new_vault(dir: &Path) -> (PathBuf, Vault) {
    let path = dir.join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(PASS, cheap())).unwrap();
    vault.set_platform_key(&RawKey::new([7; 32])).unwrap();
    vault
        .add_with(
            &draft("GitHub", "alice@example.com", b"github-secret-0001"),
            AccountExtras {
                group: Some("Work".into()),
                note: Some("2FA since 2020".into()),
            },
            AT,
        )
        .unwrap();
    vault
        .add(&draft("Example", "bob", b"example-secret-002"), AT + 1)
        .unwrap();
    (path, vault)
}

fn labels(vault: &Vault) -> Vec<String> {
    vault
        .accounts()
        .iter()
        .map(|a| a.label().to_string())
        .collect()
}

#[test]
fn round_trip_keeps_every_field_through_both_slots() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = new_vault(dir.path());
    for unlock in [
        Unlock::Passphrase(PASS),
        Unlock::KeyStore(&RawKey::new([7; 32])),
    ] {
        let reopened = Vault::open(&path, unlock).unwrap();
        assert_eq!(reopened.accounts(), vault.accounts());
        let first = &reopened.accounts()[0];
        assert_eq!(first.issuer(), Some("GitHub"));
        assert_eq!(first.group(), Some("Work"));
        assert_eq!(first.note(), Some("2FA since 2020"));
        assert_eq!(first.created(), AT);
        assert_eq!(reopened.codes(AT), vault.codes(AT));
    }
}

#[test]
fn codes_match_the_otp_engine_and_leave_hotp_to_next_hotp() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let hotp_id = vault.add(&hotp(5), AT).unwrap();
    let codes = vault.codes(AT);
    assert_eq!(codes.len(), 3);
    let expected = otp::code(vault.accounts()[0].params(), AT);
    assert_eq!(codes[0].code.as_ref(), Some(&expected));
    assert_eq!(codes[2].code, None, "HOTP codes only come from next_hotp");

    // RFC 4226 appendix D: counter 5 gives 254676, counter 6 gives 287922.
    assert_eq!(vault.next_hotp(hotp_id).unwrap().value, "254676");
    // The counter was saved before the code came back.
    let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert_eq!(reopened.account(hotp_id).unwrap().counter(), 6);
    assert_eq!(vault.next_hotp(hotp_id).unwrap().value, "287922");
    assert!(matches!(
        vault.next_hotp(AccountId(1)),
        Err(VaultError::NotHotp(AccountId(1)))
    ));
}

#[test]
fn wrong_credentials_give_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    assert!(matches!(
        Vault::open(&path, Unlock::Passphrase(b"wrong")),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(matches!(
        Vault::open(&path, Unlock::KeyStore(&RawKey::new([8; 32]))),
        Err(VaultError::WrongKey)
    ));
    assert!(matches!(
        Vault::open(dir.path().join("missing"), Unlock::Passphrase(PASS)),
        Err(VaultError::NotFound { .. })
    ));
    let only_pass = dir.path().join("only-pass");
    Vault::create(&only_pass, NewSlot::Passphrase(PASS, cheap())).unwrap();
    assert!(matches!(
        Vault::open(&only_pass, Unlock::KeyStore(&RawKey::new([7; 32]))),
        Err(VaultError::NoSlot {
            kind: SlotKind::Platform
        })
    ));
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    let before = fs::read(&path).unwrap();
    assert!(matches!(
        Vault::create(&path, NewSlot::Passphrase(PASS, cheap())),
        Err(VaultError::AlreadyExists { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn edits_reorder_remove_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let dup = vault.add(&draft("GitHub", "other label", b"github-secret-0001"), AT);
    assert!(matches!(
        dup,
        Err(VaultError::Duplicate {
            existing: AccountId(1)
        })
    ));
    assert_eq!(
        vault.accounts().len(),
        2,
        "a duplicate is never merged or added"
    );

    let third = vault
        .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
        .unwrap();
    vault.reorder(third, 0).unwrap();
    assert_eq!(labels(&vault), ["dave", "alice@example.com", "bob"]);
    vault.rename(AccountId(2), "robert").unwrap();
    vault
        .edit(
            AccountId(1),
            AccountEdit {
                group: Some(None),
                ..AccountEdit::default()
            },
        )
        .unwrap();
    vault.remove(third).unwrap();
    assert!(matches!(
        vault.remove(third),
        Err(VaultError::NoSuchAccount(_))
    ));

    let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert_eq!(labels(&reopened), ["alice@example.com", "robert"]);
    assert_eq!(reopened.accounts()[0].group(), None);
    assert_eq!(
        reopened
            .accounts()
            .iter()
            .map(|a| a.order())
            .collect::<Vec<_>>(),
        [0, 1]
    );
    // Ids are never reused after a removal.
    let mut reopened = reopened;
    let next = reopened
        .add(&draft("New", "eve", b"new-secret-0000004"), AT)
        .unwrap();
    assert_eq!(next, AccountId(4));
}

#[test]
fn changing_the_passphrase_rewraps_without_losing_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.set_passphrase(b"new passphrase", cheap()).unwrap();
    assert!(matches!(
        Vault::open(&path, Unlock::Passphrase(PASS)),
        Err(VaultError::WrongPassphrase)
    ));
    let reopened = Vault::open(&path, Unlock::Passphrase(b"new passphrase")).unwrap();
    assert_eq!(reopened.accounts(), vault.accounts());
    // The platform slot still opens it: only one slot was rewrapped.
    Vault::open(&path, Unlock::KeyStore(&RawKey::new([7; 32]))).unwrap();
}

#[test]
fn slots_can_be_removed_but_never_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.remove_slot(SlotKind::Passphrase).unwrap();
    assert_eq!(vault.slot_kinds(), [SlotKind::Platform]);
    assert!(matches!(
        vault.remove_slot(SlotKind::Platform),
        Err(VaultError::LastSlot)
    ));
    assert!(matches!(
        Vault::open(&path, Unlock::Passphrase(PASS)),
        Err(VaultError::NoSlot { .. })
    ));
    Vault::open(&path, Unlock::KeyStore(&RawKey::new([7; 32]))).unwrap();
}

#[test]
fn every_flipped_byte_is_tamper_or_corruption_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    let original = fs::read(&path).unwrap();
    let key = RawKey::new([7; 32]);
    for index in 0..original.len() {
        for mask in [0x01u8, 0xff] {
            let mut damaged = original.clone();
            damaged[index] ^= mask;
            fs::write(&path, &damaged).unwrap();
            for unlock in [Unlock::KeyStore(&key), Unlock::Passphrase(PASS)] {
                let result = Vault::open(&path, unlock);
                assert!(
                    matches!(
                        result,
                        Err(VaultError::Tampered) | Err(VaultError::Corrupt { .. })
                    ),
                    "byte {index} ^ {mask:#x} with {unlock:?}: {result:?}"
                );
                assert_eq!(fs::read(&path).unwrap(), damaged, "open wrote to the file");
            }
        }
    }
    fs::write(&path, &original).unwrap();
    Vault::open(&path, Unlock::KeyStore(&key)).unwrap();
}

#[test]
fn newer_format_is_refused_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    let mut bytes = fs::read(&path).unwrap();
    bytes[8..10].copy_from_slice(&3u16.to_le_bytes());
    bytes[10..12].copy_from_slice(&(!3u16).to_le_bytes());
    fs::write(&path, &bytes).unwrap();
    let err = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap_err();
    assert!(matches!(
        err,
        VaultError::NewerVersion {
            what: "format",
            found: 3,
            ..
        }
    ));
    assert!(err.to_string().contains("update OtpKit"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

/// Wraps the real file system and fails one step, like a full disk or a yanked SD card.
struct FailingFs {
    step: IoStep,
    armed: AtomicBool,
    /// The operating system error the failing step returns.
    error: fn() -> io::Error,
    /// Instead of failing, the write stores half the bytes and reports success (a file system
    /// that breaks its promise). Only with `step: IoStep::Write`.
    quiet_short_write: bool,
}

impl FailingFs {
    /// Fails `step` with a generic error once armed.
    fn failing(step: IoStep, armed: bool) -> Self {
        Self::with_error(step, armed, || io::Error::other("injected failure"))
    }

    /// Fails `step` with a given operating system error once armed.
    fn with_error(step: IoStep, armed: bool, error: fn() -> io::Error) -> Self {
        FailingFs {
            step,
            armed: AtomicBool::new(armed),
            error,
            quiet_short_write: false,
        }
    }

    fn injected(&self, step: IoStep) -> io::Result<()> {
        if step == self.step && self.armed.load(Ordering::SeqCst) {
            Err((self.error)())
        } else {
            Ok(())
        }
    }
}

impl FileSystem for FailingFs {
    fn read(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
        RealFs.read(path, limit)
    }
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // Fail half-way, after a partial write, as a full disk does.
        if let Err(err) = self.injected(IoStep::Write) {
            RealFs.write_new(path, &bytes[..bytes.len() / 2])?;
            return if self.quiet_short_write {
                Ok(())
            } else {
                Err(err)
            };
        }
        RealFs.write_new(path, bytes)
    }
    fn sync_file(&self, path: &Path) -> io::Result<()> {
        self.injected(IoStep::SyncFile)?;
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
        // Publishing a new vault is its rename step.
        self.injected(IoStep::Rename)?;
        RealFs.link_new(from, to)
    }
}

/// The lock file saves leave next to the vault: it stays (removing a locked file would let two
/// processes lock two different files).
const LOCK_FILE: &str = ".vault.lock";

fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_save_over_a_vault_another_process_saved_is_refused_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    let mut app = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    let mut widget = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    widget
        .add(&draft("Mail", "carol", b"mail-secret-000003"), AT)
        .unwrap();
    let saved_by_widget = fs::read(&path).unwrap();

    let err = app
        .add(&draft("Bank", "dave", b"bank-secret-000004"), AT)
        .unwrap_err();
    assert!(
        matches!(&err, VaultError::ChangedElsewhere { path: p } if *p == path),
        "{err:?}"
    );
    assert_eq!(err.kind(), "changed_elsewhere");
    assert!(err.to_string().contains("open it again"), "{err}");
    assert_eq!(
        labels(&app),
        ["alice@example.com", "bob"],
        "memory unchanged"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        saved_by_widget,
        "the widget's save kept"
    );

    // Reloaded (no passphrase needed), the app sees the widget's account and can save.
    assert!(app.reload_if_changed().unwrap());
    assert!(!app.reload_if_changed().unwrap(), "nothing changed since");
    assert_eq!(labels(&app), ["alice@example.com", "bob", "carol"]);
    app.add(&draft("Bank", "dave", b"bank-secret-000004"), AT)
        .unwrap();
    let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert_eq!(
        labels(&reopened),
        ["alice@example.com", "bob", "carol", "dave"]
    );
    // A vault's own saves do not count as changes by someone else.
    app.rename(AccountId(1), "alice").unwrap();
}

#[test]
fn reload_picks_up_a_new_passphrase_and_refuses_a_replaced_vault() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = new_vault(dir.path());
    let mut other = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    other.set_passphrase(b"a new passphrase", cheap()).unwrap();
    // Same master key under the new slot: the app reloads without knowing the passphrase.
    app.reload().unwrap();
    app.rename(AccountId(2), "robert").unwrap();
    assert!(Vault::open(&path, Unlock::Passphrase(b"a new passphrase")).is_ok());

    // Another vault put in its place (another master key) does not decrypt: refused, and the
    // vault in memory is kept.
    fs::remove_file(&path).unwrap();
    Vault::create(&path, NewSlot::Passphrase(PASS, cheap())).unwrap();
    assert!(matches!(app.reload(), Err(VaultError::Tampered)));
    assert_eq!(labels(&app), ["alice@example.com", "robert"]);
}

#[cfg(unix)]
#[test]
fn a_save_waits_while_another_process_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let before = fs::read(&path).unwrap();
    // The lock another process's save would hold.
    let lock = fs::File::open(dir.path().join(LOCK_FILE)).unwrap();
    lock.lock().unwrap();
    let saver = std::thread::spawn(move || {
        vault
            .add(&draft("Mail", "carol", b"mail-secret-000003"), AT)
            .map(|_| labels(&vault))
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(fs::read(&path).unwrap(), before, "saved while locked");
    drop(lock);
    let labels_after = saver.join().unwrap().unwrap();
    assert_eq!(labels_after, ["alice@example.com", "bob", "carol"]);
    assert_ne!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_failed_write_fsync_or_rename_leaves_the_previous_vault() {
    for step in [IoStep::Write, IoStep::SyncFile, IoStep::Rename] {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = new_vault(dir.path());
        let before = fs::read(&path).unwrap();
        let fs_seam = Arc::new(FailingFs::failing(step, false));
        let mut vault = Vault::open_in(fs_seam.clone(), &path, Unlock::Passphrase(PASS)).unwrap();
        fs_seam.armed.store(true, Ordering::SeqCst);

        let err = vault
            .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
            .unwrap_err();
        assert!(
            matches!(&err, VaultError::Io { step: s, .. } if *s == step),
            "{step:?}: {err:?}"
        );
        assert_eq!(
            labels(&vault),
            ["alice@example.com", "bob"],
            "memory unchanged"
        );
        assert!(vault.rename(AccountId(1), "x").is_err());
        assert_eq!(vault.accounts()[0].label(), "alice@example.com");

        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{step:?}: vault file changed"
        );
        assert_eq!(
            dir_names(dir.path()),
            [LOCK_FILE, "vault"],
            "{step:?}: temporary file left"
        );
        let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
        assert_eq!(labels(&reopened), ["alice@example.com", "bob"]);

        // Once the disk recovers, the same vault object saves again.
        fs_seam.armed.store(false, Ordering::SeqCst);
        vault
            .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
            .unwrap();
        assert_eq!(
            Vault::open(&path, Unlock::Passphrase(PASS))
                .unwrap()
                .accounts()
                .len(),
            3
        );
    }
}

/// Errors as the operating system reports them (Linux errno values).
fn no_space() -> io::Error {
    io::Error::from_raw_os_error(28) // ENOSPC
}
fn write_zero() -> io::Error {
    // What `write_all` returns when a write keeps coming up short.
    io::Error::from(io::ErrorKind::WriteZero)
}
fn io_error() -> io::Error {
    io::Error::from_raw_os_error(5) // EIO, as a failing fsync reports
}
fn permission_denied() -> io::Error {
    io::Error::from_raw_os_error(13) // EACCES
}
fn read_only_fs() -> io::Error {
    io::Error::from_raw_os_error(30) // EROFS
}

#[test]
fn each_disk_fault_leaves_the_previous_vault_and_a_typed_error() {
    let quiet_short_write = FailingFs {
        quiet_short_write: true,
        ..FailingFs::with_error(IoStep::Write, false, write_zero)
    };
    let faults = [
        (
            "no space",
            FailingFs::with_error(IoStep::Write, false, no_space),
            IoStep::Write,
            io::ErrorKind::StorageFull,
        ),
        (
            "short write",
            FailingFs::with_error(IoStep::Write, false, write_zero),
            IoStep::Write,
            io::ErrorKind::WriteZero,
        ),
        (
            "short write reported as success",
            quiet_short_write,
            IoStep::Write,
            io::ErrorKind::WriteZero,
        ),
        (
            "failed fsync",
            FailingFs::with_error(IoStep::SyncFile, false, io_error),
            IoStep::SyncFile,
            io::ErrorKind::Other,
        ),
        (
            "failed rename",
            FailingFs::with_error(IoStep::Rename, false, permission_denied),
            IoStep::Rename,
            io::ErrorKind::PermissionDenied,
        ),
        (
            "read-only file system",
            FailingFs::with_error(IoStep::Write, false, read_only_fs),
            IoStep::Write,
            io::ErrorKind::ReadOnlyFilesystem,
        ),
    ];
    for (name, seam, step, kind) in faults {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = new_vault(dir.path());
        let before = fs::read(&path).unwrap();
        let seam = Arc::new(seam);
        let mut vault = Vault::open_in(seam.clone(), &path, Unlock::Passphrase(PASS)).unwrap();
        seam.armed.store(true, Ordering::SeqCst);

        let err = vault
            .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
            .unwrap_err();
        match &err {
            VaultError::Io {
                step: s, source, ..
            } => {
                assert_eq!(*s, step, "{name}: {err}");
                if kind != io::ErrorKind::Other {
                    assert_eq!(source.kind(), kind, "{name}: {err}");
                }
            }
            other => panic!("{name}: not an I/O error: {other:?}"),
        }
        assert_eq!(err.kind(), "io", "{name}");
        assert!(!err.is_user_error(), "{name}");
        assert!(!err.to_string().contains("mail-secret"), "{name}: {err}");

        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{name}: vault file changed"
        );
        assert_eq!(
            dir_names(dir.path()),
            [LOCK_FILE, "vault"],
            "{name}: temporary file left"
        );
        assert_eq!(
            labels(&vault),
            ["alice@example.com", "bob"],
            "{name}: memory changed"
        );
        let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
        assert_eq!(labels(&reopened), ["alice@example.com", "bob"], "{name}");
        assert_eq!(reopened.codes(AT), vault.codes(AT), "{name}");
    }
}

#[test]
fn a_failed_folder_fsync_is_reported_after_the_new_vault_is_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = new_vault(dir.path());
    let fs_seam = Arc::new(FailingFs::failing(IoStep::SyncDir, true));
    let mut vault = Vault::open_in(fs_seam, &path, Unlock::Passphrase(PASS)).unwrap();
    let err = vault
        .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
        .unwrap_err();
    assert!(matches!(
        err,
        VaultError::Io {
            step: IoStep::SyncDir,
            ..
        }
    ));
    // The rename happened: memory follows the file, and both hold the new account.
    assert_eq!(vault.accounts().len(), 3);
    assert_eq!(
        Vault::open(&path, Unlock::Passphrase(PASS))
            .unwrap()
            .accounts()
            .len(),
        3
    );
}

#[test]
fn a_failed_create_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    for step in [IoStep::Write, IoStep::SyncFile, IoStep::Rename] {
        let fs_seam = Arc::new(FailingFs::failing(step, true));
        let result = Vault::create_in(
            fs_seam,
            dir.path().join("vault"),
            NewSlot::Passphrase(PASS, cheap()),
        );
        assert!(matches!(result, Err(VaultError::Io { .. })), "{step:?}");
        // Only the (empty) lock file the create took: removing a lock file another process
        // may be waiting on would let two processes lock two different files.
        assert_eq!(dir_names(dir.path()), [LOCK_FILE], "{step:?}");
    }
}

/// Makes `dir` read-only, also for root (who ignores permission bits) through the immutable
/// attribute. Returns false when neither works here.
#[cfg(unix)]
fn make_read_only(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if fs::write(&probe, b"x").is_err() {
        return true;
    }
    fs::remove_file(&probe).unwrap();
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    immutable && fs::write(&probe, b"x").is_err()
}

#[cfg(unix)]
struct Writable<'a>(&'a Path);

#[cfg(unix)]
impl Drop for Writable<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .status();
        let _ = fs::set_permissions(self.0, fs::Permissions::from_mode(0o755));
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_a_typed_error_and_keeps_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let before = fs::read(&path).unwrap();
    let _restore = Writable(dir.path());
    assert!(
        make_read_only(dir.path()),
        "cannot make a folder read-only here (neither permissions nor chattr +i work)"
    );
    let err = vault
        .add(&draft("Mail", "dave", b"mail-secret-000003"), AT)
        .unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::Io {
                step: IoStep::Write,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_user_error());
    assert_eq!(vault.accounts().len(), 2);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        Vault::open(&path, Unlock::Passphrase(PASS))
            .unwrap()
            .accounts()
            .len(),
        2
    );
}

#[test]
fn no_secret_in_debug_output_or_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let secret = b"github-secret-0001";
    let base32 = Secret::from_bytes(secret.to_vec()).to_base32();
    let mut texts = vec![
        format!("{vault:?}"),
        format!("{:?}", vault.accounts()),
        format!("{:?}", vault.codes(AT)),
        format!("{:?}", Unlock::Passphrase(PASS)),
        format!("{:?}", NewSlot::Passphrase(PASS, cheap())),
        format!("{:?}", RawKey::new([7; 32])),
    ];
    let errors = [
        vault
            .add(&draft("GitHub", "again", secret), AT)
            .unwrap_err(),
        Vault::open(&path, Unlock::Passphrase(b"github-secret-0001")).unwrap_err(),
    ];
    for err in &errors {
        texts.push(format!("{err:?}"));
        texts.push(err.to_string());
    }
    for text in &texts {
        assert!(!text.contains(base32.as_str()), "{text}");
        assert!(!text.contains("github-secret"), "{text}");
        assert!(!text.contains("correct horse"), "{text}");
        assert!(!text.to_lowercase().contains("otpauth"), "{text}");
    }
}

#[test]
fn algorithm_digits_and_period_survive_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(PASS, cheap())).unwrap();
    let mut d = draft("Bank", "x", b"12345678901234567890123456789012");
    d.algorithm = Some(Algorithm::Sha256);
    d.digits = Some(8);
    d.period = Some(60);
    vault.add(&d, AT).unwrap();
    let steam = AccountDraft {
        otp_type: OtpType::Steam,
        ..draft("Steam", "gamer", b"steam-secret-00001")
    };
    vault.add(&steam, AT).unwrap();
    let reopened = Vault::open(&path, Unlock::Passphrase(PASS)).unwrap();
    let a = &reopened.accounts()[0];
    assert_eq!(
        (a.algorithm(), a.digits(), a.period()),
        (Algorithm::Sha256, 8, 60)
    );
    assert_eq!(reopened.accounts()[1].otp_type(), OtpType::Steam);
    assert_eq!(reopened.codes(AT)[1].code.as_ref().unwrap().value.len(), 5);
}

/// A vault written by the first release (format 1, schema 1) must open in every later build.
#[test]
fn a_format_1_schema_1_vault_still_opens() {
    let path = support::core_dir().join("tests/fixtures/vault/format1-schema1.otpkit");
    let before = fs::read(&path).unwrap();
    for unlock in [
        Unlock::Passphrase(b"fixture passphrase"),
        Unlock::KeyStore(&RawKey::new([0x42; 32])),
    ] {
        let vault = Vault::open(&path, unlock).unwrap();
        let names: Vec<String> = vault.accounts().iter().map(|a| a.display_name()).collect();
        assert_eq!(
            names,
            [
                "ACME: jane@example.com",
                "Cloud: ops",
                "Bank: carol",
                "Steam: gamer"
            ]
        );
        let codes = vault.codes(59);
        // RFC 6238 appendix B at T = 59: SHA1 94287082 (six digits shown), SHA256 46119246.
        assert_eq!(codes[0].code.as_ref().unwrap().value, "287082");
        assert_eq!(codes[1].code.as_ref().unwrap().value, "46119246");
        assert_eq!(vault.accounts()[0].group(), Some("Work"));
        assert_eq!(vault.accounts()[2].counter(), 5);
        assert_eq!(vault.accounts()[3].created(), 1_700_000_300);
    }
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_backup_holds_only_its_passphrase_slot() {
    let dir = tempfile::tempdir().unwrap();
    let (path, vault) = new_vault(dir.path());
    assert_eq!(container_format(&path), 2);
    assert_eq!(
        vault.slot_kinds(),
        [SlotKind::Passphrase, SlotKind::Platform]
    );
    let backup = dir.path().join("backup");
    vault.export_backup(&backup, b"b", cheap()).unwrap();
    let opened = Vault::open(&backup, Unlock::Passphrase(b"b")).unwrap();
    assert_eq!(opened.slot_kinds(), [SlotKind::Passphrase]);
    // The same from a copy of the accounts, taken before a change to the vault.
    let mut vault = vault;
    let source = vault.backup_source();
    vault.remove(vault.accounts()[0].id()).unwrap();
    let copied = dir.path().join("copied");
    source.export_backup(&copied, b"c", cheap()).unwrap();
    let restored = Vault::open(&copied, Unlock::Passphrase(b"c")).unwrap();
    assert_eq!(restored.accounts().len(), vault.accounts().len() + 1);
}
