//! `otpkit export --format google-qr`: the codes printed on the terminal and written as PNG files
//! are read back by OtpKit's own scanner into the same accounts.

use std::path::{Path, PathBuf};
use std::process::Output;

use otpkit_core::qr::{LumaFrame, QrScanner};
use otpkit_core::uri;

use crate::support::{cheap_vault, otpkit_on};

const PASS: &str = "cli test passphrase";
const GITHUB: &str =
    "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub";
const BANK: &str =
    "otpauth://hotp/Bank:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJR&issuer=Bank&counter=5";
const SLOW: &str = "otpauth://totp/Slow:dave?secret=JBSWY3DPEHPK3PXP&period=60";

fn otpkit(vault: &Path, args: &[&str]) -> Output {
    otpkit_on(vault, PASS).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn vault_with(dir: &Path, uris: &[&str]) -> PathBuf {
    let path = dir.join("vault");
    cheap_vault(&path, PASS.as_bytes());
    for uri in uris {
        let out = otpkit(&path, &["add", uri]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    path
}

/// The half-block drawing under each "part i of n" title, read back as a luma picture (4 pixels
/// a module) in the middle of a light frame, as a phone sees the terminal.
fn terminal_codes(stdout: &str, inked_is_light: bool) -> Vec<(String, Vec<u8>, usize)> {
    let mut codes = Vec::new();
    let mut lines = stdout.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.starts_with("part ") {
            continue;
        }
        let mut rows: Vec<Vec<bool>> = Vec::new(); // true = light
        while let Some(art) = lines.next_if(|l| !l.is_empty()) {
            let (mut top, mut bottom) = (Vec::new(), Vec::new());
            for c in art.chars() {
                let (t, b) = match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    ' ' => (false, false),
                    other => panic!("unexpected {other:?} in the drawing"),
                };
                top.push(t == inked_is_light);
                bottom.push(b == inked_is_light);
            }
            rows.push(top);
            rows.push(bottom);
        }
        let modules = rows[0].len();
        let side = modules * 4 * 2;
        let mut luma = vec![255u8; side * side];
        for (y, row) in rows.iter().enumerate().take(modules) {
            for (x, &light) in row.iter().enumerate() {
                if !light {
                    for py in 0..4 {
                        let start = (side / 4 + y * 4 + py) * side + side / 4 + x * 4;
                        luma[start..start + 4].fill(0);
                    }
                }
            }
        }
        codes.push((line.to_owned(), luma, side));
    }
    codes
}

fn labels_and_counters(uris: &[String]) -> Vec<(String, Option<u64>)> {
    uris.iter()
        .flat_map(|u| uri::parse(u).unwrap().accounts)
        .map(|a| (a.display_name_for_test(), a.counter))
        .collect()
}

trait Name {
    fn display_name_for_test(&self) -> String;
}
impl Name for uri::AccountDraft {
    fn display_name_for_test(&self) -> String {
        format!("{}: {}", self.issuer.as_deref().unwrap_or(""), self.label)
    }
}

fn scan(luma: &[u8], side: usize) -> String {
    let found = QrScanner::new()
        .scan_luma(LumaFrame::packed(luma, side, side))
        .unwrap();
    assert_eq!(found.len(), 1, "the code was not read");
    found[0].text.to_string()
}

#[test]
fn the_terminal_codes_read_back_into_the_same_accounts_in_both_inks() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), &[GITHUB, BANK]);
    for (args, inked_is_light) in [
        (&["export", "--format", "google-qr"][..], true),
        (&["export", "--format", "google-qr", "--invert"][..], false),
    ] {
        let out = otpkit(&vault, args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with("2 accounts in 1 QR code:"), "{stdout}");
        let codes = terminal_codes(&stdout, inked_is_light);
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].0, "part 1 of 1 (2 accounts)");
        let uris = vec![scan(&codes[0].1, codes[0].2)];
        assert_eq!(
            labels_and_counters(&uris),
            [
                ("GitHub: alice".into(), None),
                ("Bank: carol".into(), Some(5))
            ]
        );
    }
}

#[test]
fn png_files_are_created_new_private_and_read_back_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), &[GITHUB, BANK]);
    let out_dir = dir.path().join("codes");
    let args = ["--json", "export", "--format", "google-qr", "--out"];
    let out = otpkit(&vault, &[&args[..], &[out_dir.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "google-qr");
    assert_eq!(json["accounts"], 2);
    let file = PathBuf::from(json["codes"][0]["file"].as_str().unwrap());
    assert_eq!(file, out_dir.join("otpkit-transfer-1-of-1.png"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let found = QrScanner::new().scan_image_file(&file).unwrap();
    let uris = vec![found[0].text.to_string()];
    assert_eq!(
        labels_and_counters(&uris),
        [
            ("GitHub: alice".into(), None),
            ("Bank: carol".into(), Some(5))
        ]
    );
    let before = std::fs::read(&file).unwrap();
    let again = otpkit(&vault, &[&args[..], &[out_dir.to_str().unwrap()]].concat());
    assert_eq!(again.status.code(), Some(2));
    let error: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(error["error"]["kind"], "file_exists");
    assert_eq!(std::fs::read(&file).unwrap(), before, "left alone");
}

#[test]
fn a_selection_leaves_out_what_google_cannot_carry_and_misuse_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with(dir.path(), &[GITHUB, SLOW, BANK]);
    let out = otpkit(&vault, &["export", "--format", "google-qr"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: Slow: dave cannot be exported to Google Authenticator: its period is 60 seconds"),
        "{stderr}"
    );
    let out = otpkit(
        &vault,
        &[
            "export",
            "--format",
            "google-qr",
            "--account",
            "3",
            "--account",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let codes = terminal_codes(&text(&out.stdout), true);
    let uris = vec![scan(&codes[0].1, codes[0].2)];
    assert_eq!(
        labels_and_counters(&uris),
        [
            ("Bank: carol".into(), Some(5)),
            ("GitHub: alice".into(), None)
        ]
    );
    for (args, says) in [
        (
            &["--json", "export", "--format", "google-qr"][..],
            "--json needs --out",
        ),
        (
            &["export", "--format", "google-qr", "file"][..],
            "writes no backup file",
        ),
        (
            &["export", "--out", "dir", "file"][..],
            "go with --format google-qr",
        ),
        (
            &[
                "export",
                "--format",
                "google-qr",
                "--account",
                "1",
                "--account",
                "1",
            ][..],
            "listed twice",
        ),
    ] {
        let out = otpkit(&vault, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = text(&out.stdout) + &text(&out.stderr);
        assert!(all.contains(says), "{args:?}: {all}");
    }
}
