//! Secret hygiene: every command, run with every verbosity switch a user might try, never prints
//! a secret (raw, or base32 in any case, with or without padding), the otpauth URI that carries
//! it, a passphrase, or (except `code`, `codes` and `watch`, whose purpose it is) a current code.
//! `scan` is checked against the secret in its QR fixture.
//!
//! `otpkit` has no logging or verbose mode (see SECURITY.md): stdout and stderr are its only
//! outputs, so these are what is checked. The switches below are set to prove that no
//! environment variable turns on a diagnostic channel that could leak.

use std::path::Path;
use std::process::Output;

use otpkit_core::otp;
use otpkit_core::secret::Secret;
use otpkit_core::uri;
use otpkit_core::vault::Vault;

use crate::support::{cheap_vault, otpkit_on};

const PASS: &str = "hygiene vault passphrase";
const BACKUP_PASS: &str = "hygiene backup passphrase";
/// The raw key: printable, so a raw leak is searchable too.
const RAW: &[u8] = b"hygiene-raw-key-bytes-01";
const AT: u64 = 1_700_000_000;
const VERBOSE: &[(&str, &str)] = &[
    ("RUST_LOG", "trace"),
    ("OTPKIT_LOG", "trace"),
    ("RUST_BACKTRACE", "full"),
];

struct Secrets {
    uri: String,
    forbidden: Vec<String>,
    codes: Vec<String>,
}

fn secrets() -> Secrets {
    let base32 = Secret::from_bytes(RAW.to_vec()).to_base32().to_string();
    let padded = format!("{base32}{}", "=".repeat((8 - base32.len() % 8) % 8));
    let uri = format!("otpauth://totp/Hygiene:alice?secret={base32}&issuer=Hygiene");
    let forbidden = vec![
        String::from_utf8(RAW.to_vec()).unwrap(),
        base32.clone(),
        base32.to_lowercase(),
        padded.clone(),
        padded.to_lowercase(),
        // Any 16-character run of the secret, so a truncated or wrapped leak is caught too.
        base32[8..24].to_owned(),
        uri.clone(),
        "secret=".to_owned(),
        PASS.to_owned(),
        BACKUP_PASS.to_owned(),
    ];
    let params = uri::parse(&uri).unwrap().accounts[0].params().unwrap();
    // The code at the fixed instant and around now (for commands that read the clock).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut codes = vec![otp::code(&params, AT).value];
    for at in [now - 30, now, now + 30, now + 60] {
        codes.push(otp::code(&params, at).value);
    }
    Secrets {
        uri,
        forbidden,
        codes,
    }
}

fn otpkit(vault: &Path, args: &[&str]) -> Output {
    let mut command = otpkit_on(vault, PASS);
    command
        .args(args)
        .env("OTPKIT_BACKUP_PASSPHRASE", BACKUP_PASS);
    for (key, value) in VERBOSE {
        command.env(key, value);
    }
    command.output().unwrap()
}

#[test]
fn no_command_prints_a_secret_uri_passphrase_or_stray_code() {
    let s = secrets();
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let backup = dir.path().join("backup.otpkit");
    let second = dir.path().join("second-vault");
    let uris_file = dir.path().join("uris.txt");
    let uris_export = dir.path().join("exported-uris.txt");
    let aegis_export = dir.path().join("exported-aegis.json");
    let aegis_plain = dir.path().join("exported-aegis-plain.json");
    std::fs::write(&uris_file, format!("{}\n", s.uri)).unwrap();
    let at = AT.to_string();
    let right_code = s.codes[0].clone();
    let wrong_code = if right_code == "000000" {
        "111111"
    } else {
        "000000"
    };
    let hotp = s.uri.replace("totp", "hotp") + "&counter=3";

    for path in [&vault, &second] {
        cheap_vault(path, PASS.as_bytes());
    }

    // (arguments, the vault to use, may it print codes, must it succeed), in order: each
    // command runs once, read-only ones also with --json.
    let runs: Vec<(Vec<&str>, &Path, bool, bool)> = vec![
        (vec!["code", &s.uri, "--at", &at], &vault, true, true),
        (
            vec!["--json", "code", &s.uri, "--at", &at],
            &vault,
            true,
            true,
        ),
        (vec!["parse", &s.uri], &vault, false, true),
        (vec!["--json", "parse", &s.uri], &vault, false, true),
        (vec!["add", &s.uri], &vault, false, true),
        (vec!["--json", "add", &hotp], &vault, false, true),
        (vec!["--json", "add", &s.uri], &vault, false, false), // duplicate: refused
        (vec!["list"], &vault, false, true),
        (vec!["--json", "list"], &vault, false, true),
        (vec!["codes", "--at", &at], &vault, true, true),
        (vec!["--json", "codes", "--at", &at], &vault, true, true),
        (vec!["--json", "codes", "--next", "2"], &vault, true, true),
        (vec!["watch", "--count", "1"], &vault, true, true),
        (vec!["--json", "watch", "--count", "1"], &vault, true, true),
        (vec!["rename", "1", "renamed"], &vault, false, true),
        (
            vec!["verify", &s.uri, &right_code, "--at", &at],
            &vault,
            false,
            true,
        ),
        (
            vec!["--json", "verify", &s.uri, &right_code, "--at", &at],
            &vault,
            false,
            true,
        ),
        (
            vec!["--json", "verify", &s.uri, wrong_code, "--at", &at],
            &vault,
            false,
            false,
        ),
        (
            vec!["--json", "export", backup.to_str().unwrap()],
            &vault,
            false,
            true,
        ),
        (
            vec!["--json", "import", backup.to_str().unwrap()],
            &second,
            false,
            true,
        ),
        (
            vec![
                "export",
                "--format",
                "uris",
                "--yes",
                uris_export.to_str().unwrap(),
            ],
            &vault,
            false,
            true,
        ),
        (
            vec![
                "--json",
                "export",
                "--format",
                "aegis",
                aegis_export.to_str().unwrap(),
            ],
            &vault,
            false,
            true,
        ),
        (
            vec![
                "export",
                "--format",
                "aegis",
                "--unencrypted",
                "--yes",
                aegis_plain.to_str().unwrap(),
            ],
            &vault,
            false,
            true,
        ),
        (
            vec!["import", uris_file.to_str().unwrap()],
            &second,
            false,
            true,
        ),
        (
            vec!["drift", "--server", "127.0.0.1:9", "--timeout-ms", "300"],
            &vault,
            false,
            false,
        ),
        (
            vec![
                "--json",
                "drift",
                "--server",
                "127.0.0.1:9",
                "--timeout-ms",
                "300",
            ],
            &vault,
            false,
            false,
        ),
        (vec!["--json", "remove", "1"], &vault, false, true),
        (
            vec![
                "--json",
                "code",
                "otpauth://totp/X:y?secret=JBSWY3DPEHPK3PX1",
            ],
            &vault,
            false,
            false,
        ),
    ];
    for (args, vault, prints_codes, succeeds) in runs {
        let out = otpkit(vault, &args);
        let case = args.join(" ").replace(&s.uri, "<uri>");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if succeeds {
            assert_eq!(out.status.code(), Some(0), "{case}\n{stderr}");
        } else {
            assert_ne!(out.status.code(), Some(0), "{case} should fail");
        }
        assert!(!stderr.contains("panicked"), "{case}\n{stderr}");
        for (stream, text) in [("stdout", &*stdout), ("stderr", &*stderr)] {
            for secret in &s.forbidden {
                assert!(
                    !text.contains(secret.as_str()),
                    "{case}: {stream} holds {secret:?}\n{text}"
                );
            }
            if !prints_codes {
                for code in &s.codes {
                    assert!(
                        !text.contains(code.as_str()),
                        "{case}: {stream} holds code {code}\n{text}"
                    );
                }
            }
        }
    }
    // The backup and the encrypted Aegis export: neither the secret nor the base32 form is in
    // the file. (The unencrypted exports hold it, as they say they do.)
    for file in [&backup, &aegis_export] {
        let bytes = std::fs::read(file).unwrap();
        for secret in &s.forbidden[..5] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{} holds {secret:?}",
                file.display()
            );
        }
    }
    assert!(std::fs::read_to_string(&uris_export)
        .unwrap()
        .contains("secret="));
}

/// The forms of `uri`'s secret that must never be printed, and its codes around now.
fn forbidden_forms(uri: &str) -> (Vec<String>, Vec<String>) {
    let parsed = uri::parse(uri).unwrap();
    let draft = &parsed.accounts[0];
    let base32 = draft.secret.to_base32().to_string();
    let padded = format!("{base32}{}", "=".repeat((8 - base32.len() % 8) % 8));
    let forbidden = vec![
        base32.clone(),
        base32.to_lowercase(),
        padded.clone(),
        padded.to_lowercase(),
        base32[..16].to_owned(),
        uri.to_owned(),
        "secret=".to_owned(),
        PASS.to_owned(),
    ];
    let params = draft.params().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let codes = [now - 30, now, now + 30, now + 60]
        .into_iter()
        .map(|at| otp::code(&params, at).value)
        .collect();
    (forbidden, codes)
}

#[test]
fn scan_prints_neither_the_secret_nor_the_uri_of_the_qr_code() {
    let image = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qr/teamleader-focus.png");
    // What the code holds, read with the core's own scanner.
    let found = otpkit_core::qr::QrScanner::new()
        .scan_image_file(&image)
        .unwrap();
    let payload = found[0].text.to_string();
    assert!(
        payload.starts_with("otpauth://totp/"),
        "the fixture holds an account"
    );
    let (forbidden, codes) = forbidden_forms(&payload);

    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    cheap_vault(&vault, PASS.as_bytes());
    let image = image.to_str().unwrap();
    for args in [
        vec!["scan", "--dry-run", image],
        vec!["--json", "scan", "--dry-run", image],
        vec!["--json", "scan", image],
        vec!["scan", image], // already added: reported as a duplicate
    ] {
        let out = otpkit(&vault, &args);
        let case = args.join(" ");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{case}\n{stderr}");
        for (stream, text) in [
            ("stdout", String::from_utf8_lossy(&out.stdout)),
            ("stderr", stderr.clone()),
        ] {
            for secret in &forbidden {
                assert!(
                    !text.contains(secret.as_str()),
                    "{case}: {stream} holds {secret:?}\n{text}"
                );
            }
            for code in &codes {
                assert!(
                    !text.contains(code.as_str()),
                    "{case}: {stream} holds code {code}\n{text}"
                );
            }
        }
    }
    assert_eq!(
        Vault::open(
            &vault,
            otpkit_core::vault::Unlock::Passphrase(PASS.as_bytes())
        )
        .unwrap()
        .accounts()
        .len(),
        1,
        "scan added the account once"
    );
}
