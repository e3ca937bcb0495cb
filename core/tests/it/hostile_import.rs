//! Hostile import files: key derivations a file cannot make expensive, names and secrets no
//! importer stores.
//!
//! - A file cannot make a key derivation expensive: Aegis scrypt work and OtpKit Argon2 work are
//!   capped at four times each app's default, at most two Aegis password slots are tried, and a
//!   file over a cap is refused at once with `expensive_kdf`, not "wrong password" after minutes.
//!   2FAS' PBKDF2 count is a constant of the format, not read from the file.
//! - No importer stores a name that `uri::check_name` refuses (escape sequences, OSC 52, CR, C1
//!   controls, text-direction overrides, over 1,024 bytes) or a secret over 1,024 bytes: such an
//!   entry is rejected, or loses its group or note with a warning, and the report shows only a
//!   printable, bounded name and a reason without the secret.
//!
//! The crafted files are in tests/vectors/bad/files/ (generate.py; shared with the CLI and
//! binding suites and the fuzz seeds); the largest inputs are built here.

use crate::support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use otpkit_core::otp::OtpType;
use otpkit_core::secret::Secret;
use otpkit_core::uri::{self, AccountDraft, WarningKind, MAX_NAME_LEN, MAX_SECRET_BYTES};
use otpkit_core::vault::import::{self, ImportBatch, ImportError, ImportFormat};
use otpkit_core::vault::{
    AccountExtras, ImportReport, KdfParams, NewSlot, RawKey, Unlock, Vault, VaultError,
    MAX_ACCOUNTS,
};
use serde_json::{json, Value};

/// Generous: each refused file is refused in well under a second, and each would take from
/// half a minute to several minutes of key derivation if it were tried.
const TIME_LIMIT: Duration = Duration::from_secs(5);
const AT: u64 = 1_700_000_000;
/// The passphrase of the vault fixture and of the backup fixture.
const FIXTURE_PASSPHRASE: &[u8] = b"fixture passphrase";

fn bad_path(name: &str) -> PathBuf {
    support::core_dir()
        .join("../tests/vectors/bad/files")
        .join(name)
}

fn bad_file(name: &str) -> Vec<u8> {
    let path = bad_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import_fixture(name: &str) -> Vec<u8> {
    let path = support::core_dir().join("tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `work`, asserting it returns within [`TIME_LIMIT`].
fn quickly<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = work();
    let took = started.elapsed();
    assert!(took < TIME_LIMIT, "{what} took {took:?}");
    out
}

fn expensive_cost(err: &ImportError, format: ImportFormat) -> otpkit_core::vault::KdfCost {
    match err {
        ImportError::ExpensiveKdf { format: f, cost } if *f == format => *cost,
        other => panic!(
            "expected expensive_kdf for {format}, got {:?}: {other}",
            other.kind()
        ),
    }
}

// ---- Item 4: key derivation -----------------------------------------------------------------

#[test]
fn aegis_scrypt_slots_over_the_work_limit_are_refused_at_once() {
    // The audit's slots: N = 2^18, r = 8, p = 16 (about 15 s each), twice.
    let err = quickly("the audit's Aegis file", || {
        import::read(
            ImportFormat::Aegis,
            &bad_file("import_aegis_expensive_scrypt.json"),
            Some(b"any password"),
        )
        .unwrap_err()
    });
    let cost = expensive_cost(&err, ImportFormat::Aegis);
    assert_eq!(cost.what, "scrypt N x r x p");
    assert_eq!((cost.asked, cost.limit), ((1 << 18) * 8 * 16, 1 << 20));
    assert_eq!(err.kind(), "expensive_kdf");
    assert_eq!(
        err.to_string(),
        "this aegis file asks for an unusually expensive key derivation (scrypt N x r x p \
         33554432, over the limit of 1048576): it was not tried. Export it again with the app's \
         default settings"
    );

    // N = 2^30 (128 GiB): the same error, not "malformed".
    let err = quickly("N = 2^30", || {
        import::read(
            ImportFormat::Aegis,
            &bad_file("import_aegis_huge_scrypt.json"),
            Some(b"any password"),
        )
        .unwrap_err()
    });
    assert_eq!(
        expensive_cost(&err, ImportFormat::Aegis).asked,
        (1 << 30) * 8
    );
}

#[test]
fn aegis_files_with_more_than_two_password_slots_are_refused_before_any_derivation() {
    // 64 slots, each at the work limit: about half a minute of scrypt if they were all tried.
    let err = quickly("64 password slots", || {
        import::read(
            ImportFormat::Aegis,
            &bad_file("import_aegis_many_slots.json"),
            Some(b"any password"),
        )
        .unwrap_err()
    });
    let cost = expensive_cost(&err, ImportFormat::Aegis);
    assert_eq!(
        (cost.what, cost.asked, cost.limit),
        ("password slots", 64, 2)
    );
}

/// The encrypted Aegis fixture with `junk` password slots (same parameters, another salt, so
/// they never open) placed before its real one.
fn aegis_with_junk_slots_first(junk: usize) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(&import_fixture("aegis_encrypted.json")).unwrap();
    let slots = doc["header"]["slots"].as_array_mut().unwrap();
    let real = slots[0].clone();
    assert_eq!(real["type"], 1);
    for i in 0..junk {
        let mut slot = real.clone();
        slot["salt"] = json!(format!("{:02x}", i + 1).repeat(32));
        slots.insert(0, slot);
    }
    serde_json::to_vec(&doc).unwrap()
}

#[test]
fn aegis_tries_two_password_slots_and_no_more() {
    // Aegis writes a second password slot for a separate backup password: both are tried.
    let two = aegis_with_junk_slots_first(1);
    let batch = import::read(ImportFormat::Aegis, &two, Some(b"otpkit-fixture")).unwrap();
    assert_eq!(batch.entries.len(), 7);
    assert!(matches!(
        import::read(ImportFormat::Aegis, &two, Some(b"wrong")),
        Err(ImportError::WrongPassword { .. })
    ));
    // A third is refused, even where the right one is among them.
    let three = aegis_with_junk_slots_first(2);
    let err = import::read(ImportFormat::Aegis, &three, Some(b"otpkit-fixture")).unwrap_err();
    assert_eq!(expensive_cost(&err, ImportFormat::Aegis).asked, 3);
}

#[test]
fn aegis_slots_within_the_limit_that_fail_to_open_are_a_wrong_password() {
    // The Aegis default (N = 2^15, r = 8, p = 1) and the limit itself (N = 2^17) are accepted.
    let mut doc: Value = serde_json::from_slice(&bad_file("import_aegis_many_slots.json")).unwrap();
    let slots = doc["header"]["slots"].as_array_mut().unwrap();
    slots.truncate(2);
    slots[0]["n"] = json!(1 << 15);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let err = import::read(ImportFormat::Aegis, &bytes, Some(b"any password")).unwrap_err();
    assert!(matches!(err, ImportError::WrongPassword { .. }), "{err}");
}

#[test]
fn twofas_key_derivation_is_fixed_whatever_the_file_says() {
    // The file carries no iteration count; a 4 MiB salt and 8 MiB of ciphertext are still one
    // 10,000-iteration PBKDF2 and one pass of AES-GCM.
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let encrypted = format!(
        "{}:{}:{}",
        b64(&vec![7; 8 << 20]),
        b64(&vec![9; 4 << 20]),
        b64(&[0; 12])
    );
    let file = json!({"services": [], "servicesEncrypted": encrypted, "schemaVersion": 4});
    let bytes = serde_json::to_vec(&file).unwrap();
    let err = quickly("a 2FAS file with a 4 MiB salt", || {
        import::read(ImportFormat::TwoFas, &bytes, Some(b"any password")).unwrap_err()
    });
    assert!(matches!(err, ImportError::WrongPassword { .. }), "{err}");

    // A million ':' is a malformed field, not a million pieces.
    let file = json!({"services": [], "servicesEncrypted": ":".repeat(1 << 20)});
    let err = quickly("a million ':'", || {
        import::read(
            ImportFormat::TwoFas,
            &serde_json::to_vec(&file).unwrap(),
            Some(b"p"),
        )
        .unwrap_err()
    });
    assert!(matches!(err, ImportError::Malformed { .. }), "{err}");
}

#[test]
fn an_otpkit_file_asking_for_1_gib_and_64_passes_is_refused_at_once() {
    // The committed vault fixture with its passphrase slot set to m = 1 GiB, t = 64: over a
    // minute and a half of Argon2, and 1 GiB of memory, for each attempt.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otpkit");
    let bytes = bad_file("vault_expensive_kdf.otpkit");
    std::fs::write(&path, &bytes).unwrap();

    let err = quickly("opening the vault", || {
        Vault::open(&path, Unlock::Passphrase(FIXTURE_PASSPHRASE)).unwrap_err()
    });
    let VaultError::ExpensiveKdf(cost) = &err else {
        panic!("expected expensive_kdf, got {:?}: {err}", err.kind());
    };
    assert_eq!(
        (cost.what, cost.asked, cost.limit),
        ("Argon2 memory (MiB) x passes", 1024 * 64, 3072)
    );
    assert_eq!(err.kind(), "expensive_kdf");
    assert!(err.is_user_error());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "opening changed the file"
    );

    // Imported as a backup, with its right passphrase: the import's own error.
    let err = quickly("importing it as a backup", || {
        import::read(ImportFormat::Otpkit, &bytes, Some(FIXTURE_PASSPHRASE)).unwrap_err()
    });
    assert_eq!(expensive_cost(&err, ImportFormat::Otpkit).asked, cost.asked);
    assert_eq!(err.kind(), "expensive_kdf");
}

#[test]
fn vaults_and_backups_made_with_the_default_parameters_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let mut vault = Vault::create(&path, NewSlot::Passphrase(b"pass", KdfParams::DEFAULT)).unwrap();
    vault
        .add(&draft("Default", "alice", b"default-parameters-1"), AT)
        .unwrap();
    drop(vault);
    let vault = Vault::open(&path, Unlock::Passphrase(b"pass")).unwrap();
    let backup = dir.path().join("backup");
    vault
        .export_backup(&backup, b"backup pass", KdfParams::DEFAULT)
        .unwrap();
    let batch = import::read(
        ImportFormat::Otpkit,
        &std::fs::read(&backup).unwrap(),
        Some(b"backup pass"),
    )
    .unwrap();
    assert_eq!(batch.entries.len(), 1);
}

// ---- Item 5: names no account may hold ------------------------------------------------------

fn draft(issuer: &str, label: &str, secret: &[u8]) -> AccountDraft {
    AccountDraft {
        otp_type: OtpType::Totp,
        issuer: Some(issuer.into()),
        label: label.into(),
        secret: Secret::from_bytes(secret.to_vec()),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    }
}

fn is_safe(text: &str) -> bool {
    !text.chars().any(uri::is_unsafe_char)
}

/// Imports `batch` into a new vault and checks that nothing the report or the vault holds can
/// print a control or text-direction character, that rejected names are bounded and that no
/// reason repeats a secret. Returns the report and the vault.
fn import_checked(
    batch: ImportBatch,
    secrets: &[String],
) -> (ImportReport, Vault, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        dir.path().join("vault"),
        NewSlot::KeyStore(&RawKey::new([1; 32])),
    )
    .unwrap();
    let report = vault.import(batch, AT).unwrap();
    for rejected in &report.rejected {
        assert!(is_safe(&rejected.entry), "{:?}", rejected.entry);
        assert!(is_safe(&rejected.reason), "{:?}", rejected.reason);
        assert!(rejected.entry.chars().count() <= 65, "{:?}", rejected.entry);
        for secret in secrets {
            assert!(
                !rejected.reason.contains(secret.as_str()),
                "{}",
                rejected.reason
            );
        }
    }
    for normalised in &report.normalised {
        assert!(
            is_safe(&normalised.entry) && is_safe(&normalised.warning.to_string()),
            "{normalised:?}"
        );
    }
    for account in vault.accounts() {
        let texts = [
            account.issuer(),
            Some(account.label()),
            account.group(),
            account.note(),
        ];
        assert!(texts.into_iter().flatten().all(is_safe), "{account:?}");
    }
    (report, vault, dir)
}

fn rejected(report: &ImportReport) -> Vec<(&str, &str)> {
    report
        .rejected
        .iter()
        .map(|r| (r.entry.as_str(), r.reason.as_str()))
        .collect()
}

fn added(report: &ImportReport) -> Vec<&str> {
    report.added.iter().map(|a| a.name.as_str()).collect()
}

/// Each warning but the weak keys': the entry, the kind's name and its text.
fn warnings(report: &ImportReport) -> Vec<(&str, &str, String)> {
    report
        .normalised
        .iter()
        .filter(|n| !matches!(n.warning, WarningKind::WeakSecret { .. }))
        .map(|n| (n.entry.as_str(), n.warning.as_str(), n.warning.to_string()))
        .collect()
}

fn control(field: &str, position: usize) -> String {
    format!(
        "{field} contains a control or text-direction character at position {position}: remove it"
    )
}

fn dropped(field: &str, position: usize) -> String {
    format!("{}; the {field} was left out", control(field, position))
}

#[test]
fn aegis_entries_with_unsafe_names_are_rejected_through_the_uri_check() {
    let batch = import::read(
        ImportFormat::Aegis,
        &bad_file("import_aegis_hostile_names.json"),
        None,
    )
    .unwrap();
    let (report, vault, _dir) = import_checked(batch, &[]);
    assert_eq!(
        rejected(&report),
        [
            ("ACME\u{FFFD}[2J: alice", control("issuer", 5).as_str()),
            (
                "Bank: \u{FFFD}]52;c;b3RwLWtpdA==\u{FFFD}",
                &control("label", 1)
            ),
            ("Mail: bob\u{FFFD}Admin: root", &control("label", 4)),
            ("Evil\u{FFFD}gnp.exe: x", &control("issuer", 5)),
            ("C1\u{FFFD}2J: y", &control("issuer", 3)),
            (
                &format!("Long: {}\u{2026}", "A".repeat(58)),
                "the label is 1025 bytes long, over the limit of 1024: shorten it"
            ),
            (
                "Big: carol",
                "the secret is 1025 bytes long, over the limit of 1024: this is not an account key"
            ),
        ]
    );
    assert_eq!(
        added(&report),
        ["Grouped: dave", "Noted: erin", "Clean: frank"]
    );
    assert_eq!(
        warnings(&report),
        [
            ("Grouped: dave", "group_left_out", dropped("group", 4)),
            ("Noted: erin", "note_left_out", dropped("note", 5)),
        ]
    );
    let accounts = vault.accounts();
    assert_eq!((accounts[0].group(), accounts[1].note()), (None, None));
    assert_eq!(
        (accounts[2].group(), accounts[2].note()),
        (Some("Work"), Some("fine"))
    );
}

#[test]
fn twofas_entries_with_unsafe_names_are_rejected_through_the_uri_check() {
    let batch = import::read(
        ImportFormat::TwoFas,
        &bad_file("import_2fas_hostile_names.2fas"),
        None,
    )
    .unwrap();
    let (report, vault, _dir) = import_checked(batch, &[]);
    assert_eq!(
        rejected(&report),
        [
            ("ACME\u{FFFD}[2J: alice", control("issuer", 5).as_str()),
            (
                "\u{FFFD}]52;c;b3RwLWtpdA==\u{FFFD}: bob",
                &control("issuer", 1)
            ),
            ("Mail: bob\u{FFFD}Admin: root", &control("label", 4)),
            ("Evil: x\u{FFFD}gnp.exe", &control("label", 2)),
        ]
    );
    assert_eq!(added(&report), ["Grouped: dave", "Clean: frank"]);
    assert_eq!(
        warnings(&report),
        [("Grouped: dave", "group_left_out", dropped("group", 4))]
    );
    assert_eq!(vault.accounts()[1].group(), Some("Work"));
}

#[test]
fn uri_lists_reject_the_same_names_including_text_direction_overrides() {
    let batch = import::read(
        ImportFormat::Uris,
        &bad_file("import_uris_hostile_names.txt"),
        None,
    )
    .unwrap();
    let (report, _vault, _dir) = import_checked(batch, &[]);
    assert_eq!(
        rejected(&report),
        [
            ("line 1", control("label", 5).as_str()),
            ("line 2", &control("issuer", 1)),
            ("line 3", &control("label", 9)),
            ("line 4", &control("label", 5)),
            ("line 5", &control("label", 6)),
            ("ACME: eve\u{FFFD}[2J", &control("name", 4)),
        ]
    );
    assert_eq!(added(&report), ["Clean: grace", "Clean: frank"]);
}

/// Written once by [`write_the_hostile_backup_fixture`]: an OtpKit backup (passphrase
/// `fixture passphrase`) whose accounts carry names an older OtpKit stored without checking.
const HOSTILE_BACKUP: &str = "import_backup_hostile_names.otpkit";

#[test]
fn otpkit_backups_reject_the_same_names() {
    let batch = import::read(
        ImportFormat::Otpkit,
        &bad_file(HOSTILE_BACKUP),
        Some(FIXTURE_PASSPHRASE),
    )
    .unwrap();
    let (report, vault, _dir) = import_checked(batch, &[]);
    assert_eq!(
        rejected(&report),
        [
            ("ACME\u{FFFD}[2J: alice", control("issuer", 5).as_str()),
            (
                "Bank: \u{FFFD}]52;c;b3RwLWtpdA==\u{FFFD}",
                &control("label", 1)
            ),
            ("Evil\u{FFFD}gnp.exe: x", &control("issuer", 5)),
        ]
    );
    assert_eq!(
        added(&report),
        ["Grouped: dave", "Noted: erin", "Clean: frank"]
    );
    assert_eq!(
        warnings(&report),
        [
            ("Grouped: dave", "group_left_out", dropped("group", 4)),
            ("Noted: erin", "note_left_out", dropped("note", 5)),
        ]
    );
    assert_eq!(vault.accounts()[2].group(), Some("Work"));
}

#[test]
#[ignore = "writes tests/vectors/bad/files/import_backup_hostile_names.otpkit; run by hand to regenerate it"]
fn write_the_hostile_backup_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        dir.path().join("vault"),
        NewSlot::KeyStore(&RawKey::new([1; 32])),
    )
    .unwrap();
    let extras = |group: Option<&str>, note: Option<&str>| AccountExtras {
        group: group.map(Into::into),
        note: note.map(Into::into),
    };
    let accounts = [
        ("ACME\u{1b}[2J", "alice", extras(None, None)),
        ("Bank", "\u{1b}]52;c;b3RwLWtpdA==\u{7}", extras(None, None)),
        ("Evil\u{202E}gnp.exe", "x", extras(None, None)),
        ("Grouped", "dave", extras(Some("red\u{1b}[2J"), None)),
        ("Noted", "erin", extras(None, Some("call\rme"))),
        ("Clean", "frank", extras(Some("Work"), Some("fine"))),
    ];
    for (n, (issuer, label, extras)) in accounts.into_iter().enumerate() {
        let secret = format!("hostile backup {n:02} secret!");
        vault
            .add_with(&draft(issuer, label, secret.as_bytes()), extras, AT)
            .unwrap();
    }
    let path = bad_path(HOSTILE_BACKUP);
    let _ = std::fs::remove_file(&path);
    vault
        .export_backup(&path, FIXTURE_PASSPHRASE, KdfParams::new(64, 1, 1).unwrap())
        .unwrap();
}

/// An Aegis plain export of `entries`.
fn aegis(entries: Vec<Value>) -> Vec<u8> {
    let doc = json!({"version": 1, "header": {"slots": null, "params": null},
                     "db": {"version": 3, "entries": entries}});
    serde_json::to_vec(&doc).unwrap()
}

fn aegis_entry(issuer: &str, name: &str, secret: &str) -> Value {
    json!({"type": "totp", "name": name, "issuer": issuer, "info": {"secret": secret}})
}

#[test]
fn a_10_mb_name_and_a_5_mib_secret_are_rejected_and_reported_in_a_few_words() {
    let big_secret = otpkit_core::base32::encode(&vec![0x5A; 5 << 20]);
    let huge_name = "N".repeat(10_000_000);
    let bytes = aegis(vec![
        aegis_entry("Huge", &huge_name, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        aegis_entry("Big", "carol", &big_secret),
    ]);
    let batch = import::read(ImportFormat::Aegis, &bytes, None).unwrap();
    let (report, vault, _dir) = import_checked(batch, &[big_secret[..32].to_owned()]);
    assert!(vault.accounts().is_empty());
    let rejected = rejected(&report);
    assert_eq!(rejected[0].0, format!("Huge: {}\u{2026}", "N".repeat(58)));
    assert_eq!(
        rejected[0].1,
        "the label is 10000000 bytes long, over the limit of 1024: shorten it"
    );
    assert_eq!(
        rejected[1],
        (
            "Big: carol",
            "the secret is 5242880 bytes long, over the limit of 1024: this is not an account key"
        )
    );

    // 2FAS: the same check on the service name, used as the issuer.
    let file = json!({"services": [{"name": huge_name, "secret": "JBSWY3DPEHPK3PXP",
                                    "otp": {"account": "x"}}], "schemaVersion": 4});
    let batch = import::read(
        ImportFormat::TwoFas,
        &serde_json::to_vec(&file).unwrap(),
        None,
    )
    .unwrap();
    assert_eq!(
        batch.rejected[0].reason,
        "the issuer is 10000000 bytes long, over the limit of 1024: shorten it"
    );
}

#[test]
fn the_largest_names_and_secret_still_import() {
    let name = "é".repeat(MAX_NAME_LEN / 2);
    let secret = otpkit_core::base32::encode(&vec![0x33; MAX_SECRET_BYTES]);
    let mut entry = aegis_entry(&name, &name, &secret);
    entry["note"] = json!(name);
    let batch = import::read(ImportFormat::Aegis, &aegis(vec![entry]), None).unwrap();
    assert_eq!(batch.rejected.len(), 0, "{:?}", batch.rejected);
    assert_eq!(batch.entries[0].extras.note.as_deref(), Some(name.as_str()));
    let (report, _vault, _dir) = import_checked(batch, &[]);
    assert_eq!(report.added.len(), 1);
}

#[test]
fn a_file_with_more_entries_than_a_vault_holds_is_refused() {
    let lines = "x\n".repeat(MAX_ACCOUNTS + 1);
    let err = import::read(ImportFormat::Uris, lines.as_bytes(), None).unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::TooManyEntries {
                max: MAX_ACCOUNTS,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.kind(), "too_many_entries");
    let ok = "x\n".repeat(MAX_ACCOUNTS);
    let batch = import::read(ImportFormat::Uris, ok.as_bytes(), None).unwrap();
    assert_eq!(batch.rejected.len(), MAX_ACCOUNTS);

    let entry = json!({"type": "x", "info": {"secret": "A"}});
    let err = import::read(
        ImportFormat::Aegis,
        &aegis(vec![entry; MAX_ACCOUNTS + 1]),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::TooManyEntries { .. }), "{err}");

    let service = json!({"secret": "A"});
    let file = json!({"services": vec![service; MAX_ACCOUNTS + 1]});
    let err = import::read(
        ImportFormat::TwoFas,
        &serde_json::to_vec(&file).unwrap(),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::TooManyEntries { .. }), "{err}");
}

#[test]
fn many_entries_in_many_groups_import_in_linear_time() {
    // Every entry names the last of as many groups: a lookup that scans the groups for each
    // entry makes this billions of comparisons.
    const N: usize = 40_000;
    let uuid = |i: usize| format!("00000000-0000-0000-0000-{i:012}");
    let groups: Vec<Value> = (0..N)
        .map(|i| json!({"uuid": uuid(i), "name": format!("group {i}")}))
        .collect();
    let entry = json!({"type": "totp", "name": "a", "issuer": "b", "groups": [uuid(N - 1)],
                       "info": {"secret": "JBSWY3DPEHPK3PXP"}});
    let doc = json!({"version": 1, "header": {"slots": null, "params": null},
                     "db": {"version": 3, "entries": vec![entry; N], "groups": groups}});
    let bytes = serde_json::to_vec(&doc).unwrap();
    let batch = quickly("40,000 Aegis entries in 40,000 groups", || {
        import::read(ImportFormat::Aegis, &bytes, None).unwrap()
    });
    let last = format!("group {}", N - 1);
    assert_eq!(
        batch.entries[N - 1].extras.group.as_deref(),
        Some(last.as_str())
    );

    let groups: Vec<Value> = (0..N)
        .map(|i| json!({"id": uuid(i), "name": format!("group {i}")}))
        .collect();
    let service = json!({"name": "b", "secret": "JBSWY3DPEHPK3PXP", "groupId": uuid(N - 1)});
    let file = json!({"services": vec![service; N], "groups": groups, "schemaVersion": 4});
    let bytes = serde_json::to_vec(&file).unwrap();
    let batch = quickly("40,000 2FAS services in 40,000 groups", || {
        import::read(ImportFormat::TwoFas, &bytes, None).unwrap()
    });
    assert_eq!(
        batch.entries[0].extras.group.as_deref(),
        Some(last.as_str())
    );
}
