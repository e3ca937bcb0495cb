//! Importers of other apps' exports (Proton Authenticator, Bitwarden, FreeOTP+, FreeOTP,
//! andOTP, Authenticator Pro, Ente) against fixtures written from each format's own source (see
//! tests/fixtures/import/README.md), and OtpKit's own exports read back (round trips).
//!
//! Most fixtures hold the same accounts, so one table says what each must import as: the
//! RFC 6238 keys give codes known from the RFC.

use crate::support;

use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::uri::WarningKind;
use otpkit_core::vault::import::{self, ImportError, ImportFormat};
use otpkit_core::vault::{ImportReport, NewSlot, RawKey, Vault};

const PASSWORD: &[u8] = b"otpkit-fixture";
const AT: u64 = 1_700_000_000;

fn fixture(name: &str) -> Vec<u8> {
    let path = support::core_dir().join("tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn empty_vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir.join("vault"), NewSlot::KeyStore(&RawKey::new([1; 32]))).unwrap()
}

/// Imports a fixture (format detected, and checked to be `format`) into a new vault.
fn import_fixture(
    format: ImportFormat,
    file: &str,
    password: Option<&[u8]>,
) -> (Vault, ImportReport, tempfile::TempDir) {
    let bytes = fixture(file);
    assert_eq!(import::detect(&bytes), Some(format), "{file}");
    assert_eq!(
        import::needs_password(format, &bytes),
        password.is_some(),
        "{file}"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut vault = empty_vault(dir.path());
    let batch = import::read(format, &bytes, password).unwrap();
    let report = vault.import(batch, AT).unwrap();
    (vault, report, dir)
}

/// One account as it must come out: name, type, algorithm, digits, period (time-based) or
/// counter (HOTP), and its code at T = 59 when the RFC gives it.
struct Expect {
    name: &'static str,
    otp_type: OtpType,
    algorithm: Algorithm,
    digits: u8,
    period_or_counter: u64,
    code_at_59: Option<&'static str>,
}

const fn totp(
    name: &'static str,
    algorithm: Algorithm,
    digits: u8,
    period: u64,
    code_at_59: Option<&'static str>,
) -> Expect {
    Expect {
        name,
        otp_type: OtpType::Totp,
        algorithm,
        digits,
        period_or_counter: period,
        code_at_59,
    }
}

// RFC 6238 appendix B at T = 59 (step 1 of 30 s): SHA1 94287082, SHA512 90693936.
const GITHUB: Expect = totp(
    "GitHub: alice@example.com",
    Algorithm::Sha1,
    6,
    30,
    Some("287082"),
);
const CLOUD: Expect = totp("Cloud: ops", Algorithm::Sha256, 8, 60, None);
const VAULT: Expect = totp("Vault: root", Algorithm::Sha512, 8, 30, Some("90693936"));
const FORUM: Expect = totp("Forum: legacy", Algorithm::Sha1, 7, 15, None);
const MAIL: Expect = totp("Mail: dave", Algorithm::Sha1, 6, 30, None);
const STEAM: Expect = Expect {
    name: "Steam: gamer",
    otp_type: OtpType::Steam,
    algorithm: Algorithm::Sha1,
    digits: 5,
    period_or_counter: 30,
    code_at_59: None,
};
const BANK: Expect = Expect {
    name: "Bank: carol",
    otp_type: OtpType::Hotp,
    algorithm: Algorithm::Sha1,
    digits: 6,
    period_or_counter: 7,
    // HOTP at counter 7 with the 20 bytes C8..DB (every one negative as a Java byte), from
    // Python's hmac module.
    code_at_59: Some("551747"),
};

fn check_accounts(vault: &Vault, report: &ImportReport, expected: &[&Expect]) {
    let added: Vec<&str> = report.added.iter().map(|a| a.name.as_str()).collect();
    let names: Vec<&str> = expected.iter().map(|e| e.name).collect();
    assert_eq!(added, names);
    for (account, want) in vault.accounts().iter().zip(expected) {
        let params = account.params();
        let got = (
            account.otp_type(),
            account.algorithm(),
            account.digits(),
            if account.otp_type() == OtpType::Hotp {
                account.counter()
            } else {
                u64::from(account.period())
            },
        );
        assert_eq!(
            got,
            (
                want.otp_type,
                want.algorithm,
                want.digits,
                want.period_or_counter
            ),
            "{}",
            want.name
        );
        if let Some(code) = want.code_at_59 {
            assert_eq!(otp::code(params, 59).value, code, "{}", want.name);
        }
    }
}

/// The rejected entries' names, each reason checked to hold `why` and never the secret.
fn check_rejected(report: &ImportReport, expected: &[(&str, &str)]) {
    let got: Vec<(&str, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.entry.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((entry, reason), (name, why)) in got.iter().zip(expected) {
        assert_eq!(entry, name);
        assert!(reason.contains(why), "{entry}: {reason}");
        assert!(!reason.contains("THIS1SNOTBASE32"), "{reason}");
    }
}

/// The warnings of the lowercase, spaced 80-bit secret: the otpauth URI's own kinds and words.
fn check_mail_warnings(report: &ImportReport) {
    let mail = warnings_of(report, "Mail: dave");
    assert_eq!(
        mail,
        [
            &WarningKind::SecretLowercase,
            &WarningKind::SecretSeparators,
            &WarningKind::WeakSecret { bits: 80 }
        ]
    );
    assert!(mail[0].to_string().contains("lowercase letters"));
    assert!(mail[1].to_string().contains("spaces or dashes"));
    assert!(mail[2].to_string().contains("only 80 bits long"));
}

#[test]
fn proton_plain_imports_every_type_it_holds() {
    let (vault, report, _dir) = import_fixture(ImportFormat::Proton, "proton_plain.json", None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &CLOUD, &VAULT, &FORUM, &STEAM, &MAIL],
    );
    assert_eq!(vault.accounts()[0].note(), Some("work laptop"));
    // An empty note is no note.
    assert_eq!(vault.accounts()[3].note(), None);
    check_mail_warnings(&report);
    check_rejected(&report, &[("broken", "not base32")]);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.duplicates[0].entry, "GitHub: alice (copy)");
}

#[test]
fn proton_refuses_other_versions_and_entry_types() {
    let file = |version: u32, entry_type: &str, uri: &str| {
        format!(
            r#"{{"version": {version}, "entries": [{{"id": "x", "content": {{"uri": "{uri}", "entry_type": "{entry_type}", "name": "n"}}}}]}}"#
        )
    };
    let totp = "otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ";
    assert!(matches!(
        import::read(ImportFormat::Proton, file(2, "Totp", totp).as_bytes(), None),
        Err(ImportError::UnsupportedVersion { version: 2, .. })
    ));
    let batch = import::read(ImportFormat::Proton, file(1, "Hotp", totp).as_bytes(), None).unwrap();
    assert!(batch.rejected[0]
        .reason
        .contains("'Hotp' entries are not supported"));
    // A Steam entry needs its steam:// link, a Totp entry an otpauth URI.
    let batch = import::read(
        ImportFormat::Proton,
        file(1, "Steam", totp).as_bytes(),
        None,
    )
    .unwrap();
    assert!(
        batch.rejected[0].reason.contains("steam://"),
        "{:?}",
        batch.rejected
    );
    let batch = import::read(
        ImportFormat::Proton,
        file(1, "Totp", "steam://GEZDGNBVGY3TQOJQ").as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(batch.rejected.len(), 1);
    // An unnamed URI takes the entry's name as its label.
    let batch = import::read(
        ImportFormat::Proton,
        file(1, "Totp", "otpauth://totp/?secret=GEZDGNBVGY3TQOJQ").as_bytes(),
        None,
    )
    .unwrap();
    assert_eq!(batch.entries[0].draft.label, "n");
}

#[test]
fn bitwarden_json_imports_logins_with_a_code_and_skips_the_rest() {
    let (vault, report, _dir) = import_fixture(ImportFormat::Bitwarden, "bitwarden.json", None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &CLOUD, &VAULT, &FORUM, &STEAM, &MAIL],
    );
    let github = &vault.accounts()[0];
    assert_eq!(
        (github.group(), github.note()),
        (Some("Work"), Some("work laptop"))
    );
    check_mail_warnings(&report);
    // Notes, cards and logins without a code are not entries: only the bad code is reported.
    check_rejected(&report, &[("Typo: broken", "not base32")]);
    assert!(report.duplicates.is_empty());
}

#[test]
fn bitwarden_csv_imports_the_same_accounts() {
    let (vault, report, _dir) = import_fixture(ImportFormat::Bitwarden, "bitwarden.csv", None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &CLOUD, &VAULT, &FORUM, &STEAM, &MAIL],
    );
    let github = &vault.accounts()[0];
    assert_eq!(
        (github.group(), github.note()),
        (Some("Work"), Some("work laptop, the old one"))
    );
    // The note with a line break is left out, said so, and the account kept.
    assert_eq!(vault.accounts()[5].note(), None);
    let note = warnings_of(&report, "Mail: dave");
    let Some(WarningKind::NoteLeftOut { reason }) = note.last() else {
        panic!("{note:?}");
    };
    assert_eq!(reason.kind(), "control_character");
    assert!(note[note.len() - 1]
        .to_string()
        .ends_with("; the note was left out"));
    check_rejected(&report, &[("Typo: broken", "not base32")]);
}

#[test]
fn bitwarden_authenticator_json_imports() {
    let (vault, report, _dir) = import_fixture(
        ImportFormat::Bitwarden,
        "bitwarden_authenticator.json",
        None,
    );
    check_accounts(&vault, &report, &[&GITHUB, &VAULT, &STEAM]);
    assert!(report.rejected.is_empty() && report.normalised.is_empty());
}

#[test]
fn bitwarden_encrypted_exports_and_csv_without_a_code_column_are_typed_errors() {
    for encrypted in [
        &br#"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.x|y|z", "items": []}"#[..],
        br#"{"encrypted": true, "passwordProtected": true, "salt": "c2FsdA==", "kdfType": 0, "kdfIterations": 600000, "data": "2.x|y|z"}"#,
    ] {
        assert_eq!(import::detect(encrypted), Some(ImportFormat::Bitwarden));
        assert!(!import::needs_password(ImportFormat::Bitwarden, encrypted));
        let err = import::read(ImportFormat::Bitwarden, encrypted, Some(PASSWORD)).unwrap_err();
        assert!(
            matches!(err, ImportError::EncryptionNotSupported { format: ImportFormat::Bitwarden, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("export the vault again"), "{err}");
    }
    let err =
        import::read(ImportFormat::Bitwarden, b"name,login_password\nx,y\n", None).unwrap_err();
    assert!(err.to_string().contains("no login_totp column"), "{err}");
    assert_eq!(import::detect(b"name,login_password\nx,y\n"), None);
    // A header alone, or rows without codes, is an empty batch.
    let batch = import::read(ImportFormat::Bitwarden, b"name,login_totp\r\nx,\r\n", None).unwrap();
    assert!(batch.entries.is_empty() && batch.rejected.is_empty());
}

#[test]
fn freeotp_plus_imports_signed_byte_secrets_of_every_type() {
    let (vault, report, _dir) =
        import_fixture(ImportFormat::FreeOtpPlus, "freeotp_plus.json", None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &BANK, &CLOUD, &VAULT, &FORUM, &STEAM],
    );
    // A TOTP token whose issuer is Steam is Steam, said as an otpauth URI says it.
    let steam = warnings_of(&report, "Steam: gamer");
    assert_eq!(steam, [&WarningKind::SteamAssumed]);
    assert!(steam[0].to_string().contains("Steam Guard"));
    check_rejected(
        &report,
        &[
            ("Old: sha224", "unknown algorithm 'SHA224'"),
            ("Typo: broken", "not a byte"),
        ],
    );
}

/// The warnings an entry got, in order.
fn warnings_of<'a>(report: &'a ImportReport, entry: &str) -> Vec<&'a WarningKind> {
    report
        .normalised
        .iter()
        .filter(|n| n.entry == entry)
        .map(|n| &n.warning)
        .collect()
}

#[test]
fn andotp_plain_imports_every_type_it_holds() {
    let (vault, report, _dir) = import_fixture(ImportFormat::AndOtp, "andotp_plain.json", None);
    let mail = totp("Mail: dave", Algorithm::Sha1, 6, 30, None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &BANK, &CLOUD, &VAULT, &FORUM, &STEAM, &mail],
    );
    // The first tag is the group, and dropping the others is said.
    assert_eq!(vault.accounts()[0].group(), Some("Work"));
    let github = warnings_of(&report, "GitHub: alice@example.com");
    assert_eq!(github, [&WarningKind::TagsDropped]);
    assert_eq!(
        github[0].to_string(),
        "the entry has several tags; the first became its group"
    );
    let mail = warnings_of(&report, "Mail: dave");
    assert_eq!(
        mail,
        [
            &WarningKind::SecretLowercase,
            &WarningKind::WeakSecret { bits: 80 }
        ]
    );
    check_rejected(
        &report,
        &[
            ("Mobile-OTP: old", "'MOTP' entries are not supported"),
            ("Typo: broken", "not base32"),
        ],
    );
}

#[test]
fn authenticator_pro_plain_imports_every_type_it_holds() {
    let (vault, report, _dir) = import_fixture(
        ImportFormat::AuthenticatorPro,
        "authenticator_pro.json",
        None,
    );
    let mail = totp("Mail: dave", Algorithm::Sha1, 6, 30, None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &BANK, &CLOUD, &VAULT, &FORUM, &STEAM, &mail],
    );
    // Categories are linked by secret; the first is the group.
    let groups: Vec<Option<&str>> = vault.accounts().iter().map(|a| a.group()).collect();
    assert_eq!(groups[..3], [Some("Work"), Some("Home"), None]);
    check_rejected(
        &report,
        &[
            ("Long: ten", "10"),
            ("Yandex: ivan", "Yandex entries are not supported"),
            ("Mobile-OTP: old", "mOTP entries are not supported"),
        ],
    );
}

#[test]
fn authenticator_pro_old_encrypted_backups_are_a_typed_error_without_a_password_prompt() {
    let mut old = b"AuthenticatorPro".to_vec();
    old.extend_from_slice(&[7; 80]);
    assert_eq!(import::detect(&old), Some(ImportFormat::AuthenticatorPro));
    assert!(!import::needs_password(
        ImportFormat::AuthenticatorPro,
        &old
    ));
    let err = import::read(ImportFormat::AuthenticatorPro, &old, Some(PASSWORD)).unwrap_err();
    assert!(
        matches!(err, ImportError::EncryptionNotSupported { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("make a new backup"), "{err}");
}

/// An encrypted fixture: detected, asks for its password, refuses a wrong one, and imports
/// what its plain twin imports.
fn check_encrypted(
    format: ImportFormat,
    encrypted: &str,
    plain: Option<&str>,
) -> (Vault, ImportReport, tempfile::TempDir) {
    let bytes = fixture(encrypted);
    assert!(matches!(
        import::read(format, &bytes, None),
        Err(ImportError::PasswordRequired { format: f }) if f == format
    ));
    assert!(
        matches!(
            import::read(format, &bytes, Some(b"not the password")),
            Err(ImportError::WrongPassword { format: f }) if f == format
        ),
        "{encrypted}"
    );
    let (vault, report, dir) = import_fixture(format, encrypted, Some(PASSWORD));
    if let Some(plain) = plain {
        let (plain_vault, plain_report, _plain_dir) = import_fixture(format, plain, None);
        assert_eq!(report, plain_report, "{encrypted}");
        assert_eq!(vault.codes(AT), plain_vault.codes(AT), "{encrypted}");
    }
    (vault, report, dir)
}

#[test]
fn andotp_encrypted_backups_of_both_key_derivations_import() {
    check_encrypted(
        ImportFormat::AndOtp,
        "andotp_encrypted.json.aes",
        Some("andotp_plain.json"),
    );
    // The old format's first bytes are a random nonce: it is not recognised, but read when named.
    let old = fixture("andotp_encrypted_old.json.aes");
    assert!(import::needs_password(ImportFormat::AndOtp, &old));
    let batch = import::read(ImportFormat::AndOtp, &old, Some(PASSWORD)).unwrap();
    let plain = import::read(ImportFormat::AndOtp, &fixture("andotp_plain.json"), None).unwrap();
    assert_eq!(
        format!("{:?}", batch.rejected),
        format!("{:?}", plain.rejected)
    );
    assert_eq!(batch.entries.len(), plain.entries.len());
    assert!(matches!(
        import::read(ImportFormat::AndOtp, &old, Some(b"wrong")),
        Err(ImportError::WrongPassword { .. })
    ));
}

#[test]
fn andotp_iteration_counts_are_bounded_and_damage_is_a_wrong_password() {
    let bytes = fixture("andotp_encrypted.json.aes");
    // A count over the limit is not run: the file is then tried as the old format, and fails.
    let mut expensive = bytes.clone();
    expensive[..4].copy_from_slice(&(import::andotp::MAX_PBKDF2_ITERATIONS + 1).to_be_bytes());
    assert_eq!(import::detect(&expensive), None);
    let started = std::time::Instant::now();
    assert!(matches!(
        import::read(ImportFormat::AndOtp, &expensive, Some(PASSWORD)),
        Err(ImportError::WrongPassword { .. })
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert!(matches!(
        import::read(ImportFormat::AndOtp, &damaged, Some(PASSWORD)),
        Err(ImportError::WrongPassword { .. })
    ));
    assert!(matches!(
        import::read(ImportFormat::AndOtp, &bytes[..27], Some(PASSWORD)),
        Err(ImportError::Malformed { .. })
    ));
}

#[test]
fn authenticator_pro_encrypted_backup_imports() {
    check_encrypted(
        ImportFormat::AuthenticatorPro,
        "authenticator_pro.authpro",
        Some("authenticator_pro.json"),
    );
    let short = b"AUTHENTICATORPRO0123456789";
    assert!(matches!(
        import::read(ImportFormat::AuthenticatorPro, short, Some(PASSWORD)),
        Err(ImportError::Malformed { .. })
    ));
}

#[test]
fn proton_encrypted_export_imports() {
    check_encrypted(
        ImportFormat::Proton,
        "proton_encrypted.json",
        Some("proton_plain.json"),
    );
    // The associated data is part of the format: without it the content does not open.
    let text = String::from_utf8(fixture("proton_encrypted.json")).unwrap();
    let other_version = text.replace("\"version\": 1", "\"version\": 2");
    assert!(matches!(
        import::read(
            ImportFormat::Proton,
            other_version.as_bytes(),
            Some(PASSWORD)
        ),
        Err(ImportError::UnsupportedVersion { version: 2, .. })
    ));
}

#[test]
fn ente_encrypted_export_imports_like_its_plain_list() {
    let (vault, report, _dir) = check_encrypted(ImportFormat::Ente, "ente_encrypted.txt", None);
    let mail = totp("Mail: dave", Algorithm::Sha1, 6, 30, None);
    check_accounts(
        &vault,
        &report,
        &[&GITHUB, &BANK, &CLOUD, &VAULT, &FORUM, &STEAM, &mail],
    );
    check_rejected(&report, &[("line 8", "not base32")]);
    // Ente's own parameter is ignored with the URI's warning.
    let cloud = warnings_of(&report, "Cloud: ops");
    assert!(matches!(cloud[0], WarningKind::UnknownParameter { .. }));
    assert!(cloud[0].to_string().contains("'codedisplay'"));
    // The plain export is a URI list: read by --format ente too.
    let plain = fixture("ente_plain.txt");
    assert_eq!(import::detect(&plain), Some(ImportFormat::Uris));
    let via_ente = import::read(ImportFormat::Ente, &plain, None).unwrap();
    let via_uris = import::read(ImportFormat::Uris, &plain, None).unwrap();
    assert_eq!(format!("{via_ente:?}").len(), format!("{via_uris:?}").len());
    assert_eq!(via_ente.entries.len(), 7);
}

#[test]
fn ente_refuses_more_work_than_ente_asks_before_deriving() {
    let text = String::from_utf8(fixture("ente_encrypted.txt")).unwrap();
    let heavy = text.replace(
        "\"memLimit\": 1048576, \"opsLimit\": 2",
        "\"memLimit\": 268435456, \"opsLimit\": 17",
    );
    assert_ne!(heavy, text);
    let started = std::time::Instant::now();
    let err = import::read(ImportFormat::Ente, heavy.as_bytes(), Some(PASSWORD)).unwrap_err();
    assert!(matches!(err, ImportError::ExpensiveKdf { .. }), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let newer = text.replace("\"version\": 1", "\"version\": 2");
    assert!(matches!(
        import::read(ImportFormat::Ente, newer.as_bytes(), Some(PASSWORD)),
        Err(ImportError::UnsupportedVersion { version: 2, .. })
    ));
}

#[test]
fn freeotp_backup_opens_with_the_password_alone() {
    let (vault, report, _dir) = check_encrypted(ImportFormat::FreeOtp, "freeotp_backup.bin", None);
    // Sorted by name (the backup keeps no order); the renamed issuer is the user's edit.
    check_accounts(
        &vault,
        &report,
        &[&BANK, &CLOUD, &FORUM, &GITHUB, &STEAM, &VAULT],
    );
    check_rejected(&report, &[("Old: sha224", "unknown algorithm 'SHA224'")]);
}

#[test]
fn freeotp_backups_that_ask_too_much_or_are_not_backups_are_typed_errors() {
    let bytes = fixture("freeotp_backup.bin");
    let needle = b"\"mIterations\":100000";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
        + needle.len()
        - 6;
    let mut expensive = bytes.clone();
    expensive[at..at + 6].copy_from_slice(b"900000");
    let err = import::read(ImportFormat::FreeOtp, &expensive, Some(PASSWORD)).unwrap_err();
    assert!(matches!(err, ImportError::ExpensiveKdf { .. }), "{err:?}");
    assert!(!import::needs_password(
        ImportFormat::FreeOtp,
        b"not a backup"
    ));
    for bad in [
        &b"not a backup"[..],
        &bytes[..40],
        &bytes[..bytes.len() - 1],
    ] {
        assert!(
            matches!(
                import::read(ImportFormat::FreeOtp, bad, Some(PASSWORD)),
                Err(ImportError::Malformed { .. })
            ),
            "{}",
            bad.len()
        );
    }
}

/// Type, issuer, label, algorithm, digits, period, counter, group, note.
type Row = (
    OtpType,
    &'static str,
    &'static str,
    Option<Algorithm>,
    Option<u8>,
    Option<u32>,
    Option<u64>,
    Option<&'static str>,
    Option<&'static str>,
);

/// A vault holding one account of every kind OtpKit keeps: each type, algorithm, code length
/// and a few periods, a counter, groups and notes.
fn every_kind_of_account(dir: &std::path::Path) -> Vault {
    use otpkit_core::secret::Secret;
    use otpkit_core::uri::AccountDraft;
    use otpkit_core::vault::AccountExtras;
    let mut vault = empty_vault(dir);
    let rows: [Row; 8] = [
        (
            OtpType::Totp,
            "GitHub",
            "alice@example.com",
            None,
            None,
            None,
            None,
            Some("Work"),
            Some("work laptop"),
        ),
        (
            OtpType::Totp,
            "Cloud",
            "ops",
            Some(Algorithm::Sha256),
            Some(8),
            Some(60),
            None,
            Some("Work"),
            None,
        ),
        (
            OtpType::Totp,
            "Vault",
            "root",
            Some(Algorithm::Sha512),
            Some(8),
            Some(30),
            None,
            None,
            None,
        ),
        (
            OtpType::Totp,
            "Forum",
            "legacy",
            Some(Algorithm::Sha1),
            Some(7),
            Some(15),
            None,
            Some("Home"),
            None,
        ),
        (
            OtpType::Hotp,
            "Bank",
            "carol",
            Some(Algorithm::Sha256),
            Some(6),
            None,
            Some(7),
            None,
            Some("card reader"),
        ),
        (
            OtpType::Steam,
            "Steam",
            "gamer",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            OtpType::Totp,
            "",
            "no issuer",
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            OtpType::Totp,
            "Ünïcode: Ω",
            "Δ@example.com",
            Some(Algorithm::Sha1),
            Some(6),
            Some(30),
            None,
            None,
            None,
        ),
    ];
    for (n, (otp_type, issuer, label, algorithm, digits, period, counter, group, note)) in
        rows.into_iter().enumerate()
    {
        let draft = AccountDraft {
            otp_type,
            issuer: Some(issuer.to_string()).filter(|i| !i.is_empty()),
            label: label.into(),
            secret: Secret::from_bytes((0..20).map(|i| (i * 7 + n * 31) as u8).collect()),
            algorithm,
            digits,
            period,
            counter,
        };
        let extras = AccountExtras {
            group: group.map(Into::into),
            note: note.map(Into::into),
        };
        vault.add_with(&draft, extras, AT).unwrap();
    }
    vault
}

/// The accounts as their parameters, names and (when `extras`) group and note, for comparing.
fn described(vault: &Vault, extras: bool) -> Vec<String> {
    vault
        .accounts()
        .iter()
        .map(|a| {
            format!(
                "{:?} {:?} {:?} {:?} {} {} {} {} {:?}",
                a.issuer(),
                a.label(),
                a.otp_type(),
                a.algorithm(),
                a.digits(),
                a.period(),
                a.counter(),
                a.params().secret().to_base32().as_str(),
                extras.then(|| (a.group(), a.note())),
            )
        })
        .collect()
}

fn round_trip(
    bytes: &[u8],
    format: ImportFormat,
    password: Option<&[u8]>,
    original: &Vault,
    extras: bool,
) {
    assert_eq!(import::detect(bytes), Some(format));
    assert_eq!(import::needs_password(format, bytes), password.is_some());
    let dir = tempfile::tempdir().unwrap();
    let mut copy = empty_vault(dir.path());
    let report = copy
        .import(import::read(format, bytes, password).unwrap(), AT)
        .unwrap();
    assert_eq!(report.added.len(), original.accounts().len(), "{report:?}");
    assert!(
        report.rejected.is_empty() && report.normalised.is_empty(),
        "{report:?}"
    );
    assert_eq!(described(&copy, extras), described(original, extras));
    for at in [0, 59, 1_111_111_109, AT, 20_000_000_000] {
        assert_eq!(copy.codes(at), original.codes(at), "{at}");
    }
}

#[test]
fn otpkit_to_a_uri_list_and_back_gives_the_same_accounts_and_codes() {
    use otpkit_core::vault::export;
    let dir = tempfile::tempdir().unwrap();
    let vault = every_kind_of_account(dir.path());
    let list = export::uri_list(vault.accounts());
    let text = std::str::from_utf8(&list).unwrap();
    assert_eq!(text.lines().count(), vault.accounts().len());
    assert!(text.lines().all(|l| l.starts_with("otpauth://")), "{text}");
    round_trip(&list, ImportFormat::Uris, None, &vault, false);
}

#[test]
fn otpkit_to_aegis_and_back_gives_the_same_accounts_codes_groups_and_notes() {
    use otpkit_core::vault::export;
    let dir = tempfile::tempdir().unwrap();
    let vault = every_kind_of_account(dir.path());
    let plain = export::aegis(vault.accounts(), None).unwrap();
    round_trip(&plain, ImportFormat::Aegis, None, &vault, true);
    // Aegis's shape: version 1, no slots, db version 3 with groups by uuid.
    let doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(doc["version"], 1);
    assert!(doc["header"]["slots"].is_null() && doc["header"]["params"].is_null());
    assert_eq!(doc["db"]["version"], 3);
    assert_eq!(doc["db"]["groups"].as_array().unwrap().len(), 2);
    let hotp = &doc["db"]["entries"][4];
    assert_eq!(
        (hotp["type"].as_str(), hotp["info"]["counter"].as_u64()),
        (Some("hotp"), Some(7))
    );
    assert!(hotp["info"].get("period").is_none());
    assert_eq!(doc["db"]["entries"][5]["type"], "steam");
    let totp = &doc["db"]["entries"][0];
    assert!(totp["info"].get("counter").is_none());
    assert_eq!(
        (totp["favorite"].as_bool(), totp["icon"].is_null()),
        (Some(false), true)
    );
    assert_eq!(totp["note"], "work laptop");
    for entry in doc["db"]["entries"].as_array().unwrap() {
        // Aegis: base32 without padding, and version 4 UUIDs.
        assert!(
            !entry["info"]["secret"].as_str().unwrap().contains('='),
            "{entry}"
        );
        let uuid = entry["uuid"].as_str().unwrap();
        let b = uuid.as_bytes();
        assert_eq!(
            (uuid.len(), b[8], b[13], b[14], b[18], b[23]),
            (36, b'-', b'-', b'4', b'-', b'-'),
            "{uuid}"
        );
        assert!(matches!(b[19], b'8' | b'9' | b'a' | b'b'), "{uuid}");
    }

    let encrypted = export::aegis(vault.accounts(), Some(b"export password")).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&encrypted).unwrap();
    let slot = &doc["header"]["slots"][0];
    assert_eq!(
        (
            slot["type"].as_u64(),
            slot["n"].as_u64(),
            slot["r"].as_u64(),
            slot["p"].as_u64()
        ),
        (Some(1), Some(32768), Some(8), Some(1))
    );
    assert_eq!(
        (slot["repaired"].as_bool(), slot["is_backup"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(slot["salt"].as_str().unwrap().len(), 64);
    assert_eq!(slot["key"].as_str().unwrap().len(), 64);
    assert!(doc["db"].is_string());
    assert!(!encrypted.windows(8).any(|w| w == b"\"secret\""));
    let secret = vault.accounts()[0].params().secret().to_base32();
    assert!(!encrypted.windows(16).any(|w| w == &secret.as_bytes()[..16]));
    round_trip(
        &encrypted,
        ImportFormat::Aegis,
        Some(b"export password"),
        &vault,
        true,
    );
    assert!(matches!(
        import::read(ImportFormat::Aegis, &encrypted, Some(b"wrong")),
        Err(ImportError::WrongPassword { .. })
    ));
    // Two exports never share a key, salt or nonce.
    assert_ne!(
        export::aegis(vault.accounts(), Some(b"export password")).unwrap(),
        encrypted
    );
    assert!(matches!(
        export::aegis(vault.accounts(), Some(b"")),
        Err(otpkit_core::vault::VaultError::EmptyPassphrase)
    ));
}

#[test]
fn hostile_names_in_another_apps_export_are_rejected_or_left_out_never_kept() {
    // An ESC sequence in the issuer, OSC 52 in the label, a bidi override in the folder and a
    // carriage return in the note.
    let json = concat!(
        r#"{"encrypted": false, "folders": [{"id": "f", "name": "Work\u202e"}], "items": ["#,
        r#"{"type": 1, "name": "ACME\u001b[2J", "login": {"username": "a", "totp": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},"#,
        r#"{"type": 1, "name": "Bank", "login": {"username": "\u001b]52;c;eA==\u0007", "totp": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJR"}},"#,
        r#"{"type": 1, "name": "Mail", "folderId": "f", "notes": "x\rAdmin", "login": {"username": "b", "totp": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJS"}}"#,
        "]}"
    );
    let batch = import::read(ImportFormat::Bitwarden, json.as_bytes(), None).unwrap();
    assert_eq!(batch.entries.len(), 1);
    let kept = &batch.entries[0];
    assert_eq!(
        (kept.extras.group.as_deref(), kept.extras.note.as_deref()),
        (None, None)
    );
    assert!(
        matches!(
            kept.warnings.as_slice(),
            [
                WarningKind::GroupLeftOut { reason: group },
                WarningKind::NoteLeftOut { reason: note },
            ] if group.kind() == "control_character" && note.kind() == "control_character"
        ),
        "{:?}",
        kept.warnings
    );
    assert_eq!(batch.rejected.len(), 2);
    for rejected in &batch.rejected {
        assert!(
            !rejected.entry.chars().any(|c| c.is_control()),
            "{:?}",
            rejected.entry
        );
        assert!(rejected.reason.contains("control"), "{}", rejected.reason);
    }
}

/// Every fixture's warnings by entry and kind: the same kinds as the otpauth parser's, and the
/// ones only an importer gives (`tags_dropped`, `note_left_out`). Encrypted twins of a plain file
/// give its warnings.
#[test]
fn every_fixture_reports_its_warnings_by_kind() {
    /// (entry, warning kind), in report order.
    type Warned = &'static [(&'static str, &'static str)];
    /// The format, the fixture and its warnings.
    type Case<'a> = (ImportFormat, &'a str, &'a [(&'a str, &'a str)]);
    const MAIL_SPACED: Warned = &[
        ("Mail: dave", "secret_lowercase"),
        ("Mail: dave", "secret_separators"),
        ("Forum: legacy", "weak_secret"),
    ];
    const MAIL_WEAK: Warned = &[
        ("Forum: legacy", "weak_secret"),
        ("Mail: dave", "secret_lowercase"),
        ("Mail: dave", "secret_separators"),
        ("Mail: dave", "weak_secret"),
    ];
    // andOTP and Ente: Mail's secret is lowercase, written without spaces.
    const MAIL_LOWERCASE: Warned = &[
        ("Forum: legacy", "weak_secret"),
        ("Mail: dave", "secret_lowercase"),
        ("Mail: dave", "weak_secret"),
    ];
    const STEAM: Warned = &[
        ("Forum: legacy", "weak_secret"),
        ("Steam: gamer", "steam_assumed"),
    ];
    const AUTHPRO: Warned = &[
        ("Forum: legacy", "weak_secret"),
        ("Mail: dave", "weak_secret"),
    ];
    let bitwarden_csv = [MAIL_WEAK, &[("Mail: dave", "note_left_out")]].concat();
    let andotp = [
        &[("GitHub: alice@example.com", "tags_dropped")],
        MAIL_LOWERCASE,
    ]
    .concat();
    let ente = [&[("Cloud: ops", "unknown_parameter")], MAIL_LOWERCASE].concat();
    let cases: [Case; 20] = [
        (ImportFormat::Aegis, "aegis_plain.json", MAIL_SPACED),
        (ImportFormat::Aegis, "aegis_encrypted.json", MAIL_SPACED),
        (ImportFormat::AndOtp, "andotp_plain.json", &andotp),
        (ImportFormat::AndOtp, "andotp_encrypted.json.aes", &andotp),
        (
            ImportFormat::AndOtp,
            "andotp_encrypted_old.json.aes",
            &andotp,
        ),
        (
            ImportFormat::AuthenticatorPro,
            "authenticator_pro.json",
            AUTHPRO,
        ),
        (
            ImportFormat::AuthenticatorPro,
            "authenticator_pro.authpro",
            AUTHPRO,
        ),
        (ImportFormat::Bitwarden, "bitwarden.csv", &bitwarden_csv),
        (ImportFormat::Bitwarden, "bitwarden.json", MAIL_WEAK),
        (ImportFormat::Bitwarden, "bitwarden_authenticator.json", &[]),
        (ImportFormat::Ente, "ente_encrypted.txt", &ente),
        (ImportFormat::Ente, "ente_plain.txt", &ente),
        (ImportFormat::FreeOtp, "freeotp_backup.bin", STEAM),
        (ImportFormat::FreeOtpPlus, "freeotp_plus.json", STEAM),
        (ImportFormat::Proton, "proton_plain.json", MAIL_WEAK),
        (ImportFormat::Proton, "proton_encrypted.json", MAIL_WEAK),
        (ImportFormat::TwoFas, "twofas_plain.2fas", &[]),
        (ImportFormat::TwoFas, "twofas_encrypted.2fas", &[]),
        (
            ImportFormat::Uris,
            "uris.txt",
            &[("Mail: dave", "secret_lowercase")],
        ),
        (
            ImportFormat::Uris,
            "google_migration.txt",
            &[
                ("GitHub: alice@example.com", "period_assumed"),
                ("Cloud: ops", "period_assumed"),
            ],
        ),
    ];
    for (format, file, expected) in cases {
        let bytes = fixture(file);
        let password = import::needs_password(format, &bytes) || file.contains("_old");
        let batch = import::read(format, &bytes, password.then_some(PASSWORD)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let report = empty_vault(dir.path()).import(batch, AT).unwrap();
        let got: Vec<(&str, &str)> = report
            .normalised
            .iter()
            .map(|n| (n.entry.as_str(), n.warning.as_str()))
            .collect();
        assert_eq!(got, expected, "{file}");
    }
}
