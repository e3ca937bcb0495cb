//! Importers against fixtures: Aegis and 2FAS (plain files written by hand from the public
//! format descriptions, encrypted ones made by `examples/make_import_fixtures.rs`), and our own
//! backups. See tests/fixtures/import/README.md.

use crate::support;

use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::secret::Secret;
use otpkit_core::uri::{AccountDraft, WarningKind};
use otpkit_core::vault::import::{self, ImportError, ImportFormat};
use otpkit_core::vault::{
    AccountExtras, AccountId, ImportReport, KdfParams, NewSlot, RawKey, SlotKind, Unlock, Vault,
    VaultError,
};

const PASSWORD: &[u8] = b"otpkit-fixture";
const AT: u64 = 1_700_000_000;

fn fixture(name: &str) -> Vec<u8> {
    let path = support::core_dir().join("tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cheap() -> KdfParams {
    KdfParams::new(64, 1, 1).unwrap()
}

fn empty_vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir.join("vault"), NewSlot::KeyStore(&RawKey::new([1; 32]))).unwrap()
}

fn names(report: &ImportReport) -> Vec<&str> {
    report.added.iter().map(|a| a.name.as_str()).collect()
}

fn import_into_new_vault(
    format: ImportFormat,
    file: &str,
    password: Option<&[u8]>,
) -> (Vault, ImportReport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = empty_vault(dir.path());
    let batch = import::read(format, &fixture(file), password).unwrap();
    let report = vault.import(batch, AT).unwrap();
    (vault, report, dir)
}

fn check_aegis_report(vault: &Vault, report: &ImportReport) {
    assert_eq!(
        names(report),
        [
            "GitHub: alice@example.com",
            "Bank: carol",
            "Steam: gamer",
            "Cloud: ops",
            "Mail: dave",
            "Forum: legacy"
        ]
    );
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].entry, "GitHub: alice (copy)");
    assert_eq!(report.duplicates[0].existing, AccountId(1));
    let rejected: Vec<(&str, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.entry.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!(rejected[0].0, "Yandex: ivan");
    assert!(rejected[0].1.contains("not supported"), "{}", rejected[0].1);
    assert_eq!(rejected[1].0, "Typo: broken");
    assert!(rejected[1].1.contains("not base32"), "{}", rejected[1].1);
    let normalised: Vec<(&str, &WarningKind)> = report
        .normalised
        .iter()
        .map(|n| (n.entry.as_str(), &n.warning))
        .collect();
    assert_eq!(
        normalised,
        [
            ("Mail: dave", &WarningKind::SecretLowercase),
            ("Mail: dave", &WarningKind::SecretSeparators),
            ("Forum: legacy", &WarningKind::WeakSecret { bits: 80 }),
        ]
    );
    assert!(normalised[2].1.to_string().contains("80 bits"));

    let accounts = vault.accounts();
    let github = &accounts[0];
    assert_eq!(github.group(), Some("Work"));
    assert_eq!(github.note(), Some("work laptop"));
    // RFC 6238 appendix B, SHA1 at T = 59: 94287082, six digits shown.
    assert_eq!(otp::code(github.params(), 59).value, "287082");
    let bank = &accounts[1];
    assert_eq!((bank.otp_type(), bank.counter()), (OtpType::Hotp, 7));
    assert_eq!(accounts[2].otp_type(), OtpType::Steam);
    let cloud = &accounts[3];
    assert_eq!(
        (cloud.algorithm(), cloud.digits(), cloud.period()),
        (Algorithm::Sha256, 8, 60)
    );
    // RFC 6238 appendix B, SHA256 at T = 59 with the 32-byte key; period 60 puts T=59 in step 0,
    // so compare against the engine at the same step instead.
    assert_eq!(otp::code(cloud.params(), 59).value.len(), 8);
}

#[test]
fn aegis_plain_imports_with_a_full_report() {
    let (vault, report, _dir) =
        import_into_new_vault(ImportFormat::Aegis, "aegis_plain.json", None);
    check_aegis_report(&vault, &report);
}

#[test]
fn aegis_encrypted_imports_the_same_accounts() {
    let (vault, report, _dir) =
        import_into_new_vault(ImportFormat::Aegis, "aegis_encrypted.json", Some(PASSWORD));
    check_aegis_report(&vault, &report);
}

#[test]
fn aegis_encrypted_refuses_wrong_or_missing_password_and_damage() {
    let bytes = fixture("aegis_encrypted.json");
    assert!(import::needs_password(ImportFormat::Aegis, &bytes));
    assert!(!import::needs_password(
        ImportFormat::Aegis,
        &fixture("aegis_plain.json")
    ));
    assert!(matches!(
        import::read(ImportFormat::Aegis, &bytes, None),
        Err(ImportError::PasswordRequired { .. })
    ));
    assert!(matches!(
        import::read(ImportFormat::Aegis, &bytes, Some(b"nope")),
        Err(ImportError::WrongPassword { .. })
    ));
    // Change one base64 character of the encrypted db.
    let text = String::from_utf8(bytes).unwrap();
    let db_at = text.find("\"db\": \"").unwrap() + 10;
    let mut damaged = text.into_bytes();
    damaged[db_at] = if damaged[db_at] == b'A' { b'B' } else { b'A' };
    assert!(matches!(
        import::read(ImportFormat::Aegis, &damaged, Some(PASSWORD)),
        Err(ImportError::Tampered { .. })
    ));
}

fn check_twofas_report(vault: &Vault, report: &ImportReport) {
    // Sorted by 2FAS' order.position.
    assert_eq!(
        names(report),
        [
            "Bank: carol",
            "Google: me@gmail.com",
            "Steam: gamer",
            "Cloud: ops",
            "Grouped: team"
        ]
    );
    assert!(report.duplicates.is_empty());
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].entry, "Mobile-OTP: old");
    assert!(
        report.rejected[0].reason.contains("MOTP"),
        "{}",
        report.rejected[0].reason
    );
    assert!(report.normalised.is_empty(), "{:?}", report.normalised);
    let accounts = vault.accounts();
    assert_eq!(
        (accounts[0].otp_type(), accounts[0].counter()),
        (OtpType::Hotp, 3)
    );
    assert_eq!(accounts[2].otp_type(), OtpType::Steam);
    assert_eq!(
        (accounts[3].algorithm(), accounts[3].digits()),
        (Algorithm::Sha512, 8)
    );
    assert_eq!(accounts[4].group(), Some("Team"));
}

#[test]
fn twofas_plain_imports_with_a_full_report() {
    let (vault, report, _dir) =
        import_into_new_vault(ImportFormat::TwoFas, "twofas_plain.2fas", None);
    check_twofas_report(&vault, &report);
}

#[test]
fn twofas_encrypted_imports_the_same_accounts() {
    let (vault, report, _dir) = import_into_new_vault(
        ImportFormat::TwoFas,
        "twofas_encrypted.2fas",
        Some(PASSWORD),
    );
    check_twofas_report(&vault, &report);
}

#[test]
fn versions_outside_what_we_read_are_refused() {
    let aegis = |db_version: u64| {
        format!(
            r#"{{"version": 1, "header": {{"slots": null, "params": null}}, "db": {{"version": {db_version}, "entries": []}}}}"#
        )
    };
    for version in [0, 4] {
        assert!(matches!(
            import::read(ImportFormat::Aegis, aegis(version).as_bytes(), None),
            Err(ImportError::UnsupportedVersion { version: v, .. }) if v == version
        ));
    }
    for version in [1, 3] {
        assert!(import::read(ImportFormat::Aegis, aegis(version).as_bytes(), None).is_ok());
    }
    let twofas = |schema: u64| format!(r#"{{"services": [], "schemaVersion": {schema}}}"#);
    for version in [0, 5] {
        assert!(matches!(
            import::read(ImportFormat::TwoFas, twofas(version).as_bytes(), None),
            Err(ImportError::UnsupportedVersion { version: v, .. }) if v == version
        ));
    }
    for version in [1, 4] {
        assert!(import::read(ImportFormat::TwoFas, twofas(version).as_bytes(), None).is_ok());
    }
}

#[test]
fn twofas_encrypted_refuses_wrong_or_missing_password() {
    let bytes = fixture("twofas_encrypted.2fas");
    assert!(import::needs_password(ImportFormat::TwoFas, &bytes));
    assert!(!import::needs_password(
        ImportFormat::TwoFas,
        &fixture("twofas_plain.2fas")
    ));
    assert!(matches!(
        import::read(ImportFormat::TwoFas, &bytes, None),
        Err(ImportError::PasswordRequired { .. })
    ));
    assert!(matches!(
        import::read(ImportFormat::TwoFas, &bytes, Some(b"nope")),
        Err(ImportError::WrongPassword { .. })
    ));
}

#[test]
fn importing_twice_reports_every_entry_as_a_duplicate() {
    let (mut vault, first, _dir) =
        import_into_new_vault(ImportFormat::TwoFas, "twofas_plain.2fas", None);
    let before = vault.accounts().to_vec();
    let batch = import::read(ImportFormat::TwoFas, &fixture("twofas_plain.2fas"), None).unwrap();
    let second = vault.import(batch, AT).unwrap();
    assert!(second.added.is_empty());
    assert_eq!(second.duplicates.len(), first.added.len());
    assert_eq!(vault.accounts(), before.as_slice());
}

#[test]
fn formats_are_detected_from_content() {
    assert_eq!(
        import::detect(&fixture("aegis_plain.json")),
        Some(ImportFormat::Aegis)
    );
    assert_eq!(
        import::detect(&fixture("aegis_encrypted.json")),
        Some(ImportFormat::Aegis)
    );
    assert_eq!(
        import::detect(&fixture("twofas_plain.2fas")),
        Some(ImportFormat::TwoFas)
    );
    assert_eq!(
        import::detect(&fixture("twofas_encrypted.2fas")),
        Some(ImportFormat::TwoFas)
    );
    assert_eq!(
        import::detect(b"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n"),
        Some(ImportFormat::Uris)
    );
    assert_eq!(import::detect(b"{\"hello\": 1}"), None);
    assert_eq!(import::detect(b"\x00\x01binary"), None);
}

#[test]
fn malformed_files_are_typed_errors_that_quote_nothing() {
    for format in [ImportFormat::Aegis, ImportFormat::TwoFas] {
        for bad in [
            &b"{not json"[..],
            b"[]",
            b"{\"version\": \"GEZDGNBVGY3TQOJQ\"}",
            b"",
        ] {
            let err = import::read(format, bad, None).unwrap_err();
            assert!(
                matches!(
                    err,
                    ImportError::Malformed { .. } | ImportError::UnsupportedVersion { .. }
                ),
                "{err:?}"
            );
            assert!(!err.to_string().contains("GEZDGNBV"), "{err}");
        }
    }
    let newer = br#"{"version": 2, "header": {"slots": null, "params": null}, "db": {}}"#;
    assert!(matches!(
        import::read(ImportFormat::Aegis, newer, None),
        Err(ImportError::UnsupportedVersion { version: 2, .. })
    ));
}

#[test]
fn reports_and_batches_never_show_a_secret() {
    let batch = import::read(ImportFormat::Aegis, &fixture("aegis_plain.json"), None).unwrap();
    let batch_debug = format!("{batch:?}");
    let dir = tempfile::tempdir().unwrap();
    let report = empty_vault(dir.path()).import(batch, AT).unwrap();
    for text in [batch_debug, format!("{report:?}")] {
        for secret in [
            "GEZDGNBVGY3TQOJQ",
            "MFSWO2LTFVUG65DQ",
            "mfsw o2lt",
            "ORSW4YTZORSXGIJB",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

fn draft(label: &str, secret: &[u8]) -> AccountDraft {
    AccountDraft {
        otp_type: OtpType::Totp,
        issuer: Some("Example".into()),
        label: label.into(),
        secret: Secret::from_bytes(secret.to_vec()),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    }
}

#[test]
fn backup_moves_everything_to_a_new_phone() {
    let old_phone = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        old_phone.path().join("vault"),
        NewSlot::KeyStore(&RawKey::new([1; 32])),
    )
    .unwrap();
    vault
        .add_with(
            &draft("alice", b"backup-secret-0001"),
            AccountExtras {
                group: Some("Home".into()),
                note: Some("n".into()),
            },
            AT,
        )
        .unwrap();
    vault
        .add(&draft("bob", b"backup-secret-0002"), AT + 5)
        .unwrap();
    let backup_path = old_phone.path().join("otpkit-backup");
    vault
        .export_backup(&backup_path, b"backup pass", cheap())
        .unwrap();
    assert!(matches!(
        vault.export_backup(&backup_path, b"backup pass", cheap()),
        Err(VaultError::AlreadyExists { .. })
    ));

    // The backup opens on its own with the passphrase: it has no platform slot.
    let opened = Vault::open(&backup_path, Unlock::Passphrase(b"backup pass")).unwrap();
    assert_eq!(opened.slot_kinds(), [SlotKind::Passphrase]);
    assert_eq!(opened.accounts(), vault.accounts());
    assert!(matches!(
        Vault::open(&backup_path, Unlock::KeyStore(&RawKey::new([1; 32]))),
        Err(VaultError::NoSlot { .. })
    ));

    // Or it imports into the new phone's vault, keeping groups and notes.
    let new_phone = tempfile::tempdir().unwrap();
    let mut fresh = empty_vault(new_phone.path());
    let bytes = std::fs::read(&backup_path).unwrap();
    assert_eq!(import::detect(&bytes), Some(ImportFormat::Otpkit));
    assert!(matches!(
        import::read(ImportFormat::Otpkit, &bytes, Some(b"wrong")),
        Err(ImportError::WrongPassword { .. })
    ));
    let report = fresh
        .import(
            import::read(ImportFormat::Otpkit, &bytes, Some(b"backup pass")).unwrap(),
            AT + 100,
        )
        .unwrap();
    assert_eq!(names(&report), ["Example: alice", "Example: bob"]);
    assert_eq!(fresh.accounts()[0].group(), Some("Home"));
    assert_eq!(fresh.codes(AT), vault.codes(AT));
}

#[test]
fn a_backup_as_bytes_imports_like_the_file_and_writes_nothing() {
    let old_phone = tempfile::tempdir().unwrap();
    let mut vault = empty_vault(old_phone.path());
    vault
        .add_with(
            &draft("alice", b"backup-secret-0001"),
            AccountExtras {
                group: Some("Home".into()),
                note: None,
            },
            AT,
        )
        .unwrap();
    let before = std::fs::read(vault.path()).unwrap();
    let bytes = vault.backup_bytes(b"backup pass", cheap()).unwrap();
    // Nothing was written: the folder holds the vault (and its lock) only, unchanged.
    assert_eq!(std::fs::read(vault.path()).unwrap(), before);
    let mut files: Vec<_> = std::fs::read_dir(old_phone.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with(".lock"))
        .collect();
    files.sort();
    assert_eq!(files, ["vault"]);
    // The bytes hold no secret in clear, and a second export has a fresh key and salt.
    assert!(!bytes
        .windows(b"backup-secret".len())
        .any(|w| w == b"backup-secret"));
    assert_ne!(vault.backup_bytes(b"backup pass", cheap()).unwrap(), bytes);
    assert!(matches!(
        vault.backup_bytes(b"", cheap()),
        Err(VaultError::EmptyPassphrase)
    ));

    assert_eq!(import::detect(&bytes), Some(ImportFormat::Otpkit));
    assert!(matches!(
        import::read(ImportFormat::Otpkit, &bytes, Some(b"wrong")),
        Err(ImportError::WrongPassword { .. })
    ));
    let new_phone = tempfile::tempdir().unwrap();
    let mut fresh = empty_vault(new_phone.path());
    let report = fresh
        .import(
            import::read(ImportFormat::Otpkit, &bytes, Some(b"backup pass")).unwrap(),
            AT + 100,
        )
        .unwrap();
    assert_eq!(names(&report), ["Example: alice"]);
    assert_eq!(fresh.accounts()[0].group(), Some("Home"));
    assert_eq!(fresh.codes(AT), vault.codes(AT));

    // The same from a copy of the accounts (what the FFI encrypts outside the vault's lock):
    // the copy keeps the accounts as they were when it was taken, and its Debug no secret.
    let source = vault.backup_source();
    let shown = format!("{source:?}");
    assert_eq!(shown, "BackupSource { accounts: 1, .. }");
    vault.remove(vault.accounts()[0].id()).unwrap();
    let copied = source.backup_bytes(b"copy pass", cheap()).unwrap();
    assert!(!copied
        .windows(b"backup-secret".len())
        .any(|w| w == b"backup-secret"));
    let batch = import::read(ImportFormat::Otpkit, &copied, Some(b"copy pass")).unwrap();
    assert_eq!(batch.entries.len(), 1);
    let again = tempfile::tempdir().unwrap();
    let mut restored = empty_vault(again.path());
    restored.import(batch, AT).unwrap();
    assert_eq!(restored.codes(AT), fresh.codes(AT));
}

#[test]
fn uri_list_imports_line_by_line() {
    let (vault, report, _dir) = import_into_new_vault(ImportFormat::Uris, "uris.txt", None);
    assert_eq!(
        names(&report),
        ["GitHub: alice@example.com", "Bank: carol", "Mail: dave"]
    );
    assert_eq!(vault.accounts()[1].counter(), 7);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].existing, AccountId(1));
    assert!(
        report.normalised.iter().any(|n| n.entry == "Mail: dave"),
        "{:?}",
        report.normalised
    );
    assert_eq!(report.rejected.len(), 1);
    // Rejections name the line, never repeat it (it holds the secret).
    assert_eq!(report.rejected[0].entry, "line 6");
    assert!(
        !report.rejected[0].reason.contains("THIS1SNOTBASE32"),
        "{}",
        report.rejected[0].reason
    );
    assert!(!format!("{report:?}").contains("otpauth"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Importers return a result for any input, never panic.
    #[test]
    fn importers_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        for format in ImportFormat::ALL {
            let _ = import::read(format, &bytes, Some(b"pw"));
        }
        let _ = import::detect(&bytes);
    }

    /// Damaging one byte of a JSON export gives an error or a batch, never a panic.
    #[test]
    fn damaged_exports_never_panic(index in 0usize..100_000, byte in proptest::num::u8::ANY) {
        for (format, name) in [(ImportFormat::Aegis, "aegis_plain.json"), (ImportFormat::TwoFas, "twofas_encrypted.2fas")] {
            let mut bytes = fixture(name);
            let at = index % bytes.len();
            bytes[at] = byte;
            let _ = import::read(format, &bytes, Some(PASSWORD));
        }
    }
}

#[test]
fn google_migration_export_imports_with_rejections_and_warnings() {
    let (vault, report, _dir) =
        import_into_new_vault(ImportFormat::Uris, "google_migration.txt", None);
    assert_eq!(
        names(&report),
        ["GitHub: alice@example.com", "Bank: carol", "Cloud: ops"]
    );
    let accounts = vault.accounts();
    assert_eq!(
        (accounts[1].otp_type(), accounts[1].counter()),
        (OtpType::Hotp, 4)
    );
    assert_eq!(
        (accounts[2].algorithm(), accounts[2].digits()),
        (Algorithm::Sha256, 8)
    );
    // RFC 6238 appendix B at T = 59: SHA1 94287082 (six digits), SHA256 46119246.
    assert_eq!(otp::code(accounts[0].params(), 59).value, "287082");
    assert_eq!(otp::code(accounts[2].params(), 59).value, "46119246");
    // The export carries no period: each time-based account says 30 s was assumed.
    let period_warnings: Vec<&str> = report
        .normalised
        .iter()
        .filter(|n| n.warning == WarningKind::PeriodAssumed { period: 30 })
        .map(|n| n.entry.as_str())
        .collect();
    assert_eq!(period_warnings, ["GitHub: alice@example.com", "Cloud: ops"]);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].entry, "OldCorp: legacy");
    assert!(
        report.rejected[0].reason.contains("MD5"),
        "{}",
        report.rejected[0].reason
    );
}
