//! The vault commands through the real binary: output, exit codes, and no secret in `list` or
//! `codes` output.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use otpkit_core::vault::{Unlock, Vault};

use crate::support::{cheap_vault, cheap_vault_in, otpkit_on};

const PASS: &str = "cli test passphrase";
const GITHUB: &str =
    "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub";
/// What `cli/tests/fixtures/qr/teamleader-focus.png` encodes.
const TEAMLEADER: &str = "otpauth://totp/Teamleader%20Focus:jane%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Teamleader%20Focus";
const BANK: &str =
    "otpauth://hotp/Bank:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&counter=5";

fn otpkit(vault: &Path, args: &[&str]) -> Output {
    otpkit_on(vault, PASS)
        .args(args)
        .env("OTPKIT_BACKUP_PASSPHRASE", "backup pass")
        .output()
        .unwrap()
}

/// `otpkit --vault VAULT --json import FIXTURE`, with the fixtures' backup password.
fn import_fixture_json(vault: &Path, file: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .arg("--vault")
        .arg(vault)
        .args(["--json", "import"])
        .arg(fixture(file))
        .env("OTPKIT_PASSPHRASE", PASS)
        .env("OTPKIT_BACKUP_PASSPHRASE", "otpkit-fixture")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Starts `otpkit --vault VAULT ARGS...` with its output piped, for commands that run until
/// killed (`watch`).
fn spawn<S: AsRef<OsStr>>(vault: &Path, args: impl IntoIterator<Item = S>) -> Child {
    otpkit_on(vault, PASS)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A vault with cheap key derivation holding GitHub (TOTP) and Bank (HOTP).
fn vault_with_two(dir: &Path) -> PathBuf {
    let path = dir.join("vault");
    cheap_vault(&path, PASS.as_bytes());
    for uri in [GITHUB, BANK] {
        let out = otpkit(&path, &["add", uri]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    path
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/import")
        .join(name)
}

#[test]
fn add_on_a_missing_vault_creates_it_with_the_default_kdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/vault");
    let out = otpkit(&path, &["--json", "add", GITHUB]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["action"], "added");
    assert_eq!(json["account"]["id"], 1);
    assert_eq!(json["account"]["issuer"], "GitHub");
    let vault = Vault::open(&path, Unlock::Passphrase(PASS.as_bytes())).unwrap();
    assert_eq!(vault.accounts().len(), 1);
}

#[test]
fn list_and_codes_show_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["codes", "--at", "59"],
        &["--json", "codes", "--at", "59"],
        &["watch", "--count", "1"],
    ] {
        let out = otpkit(&path, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains("GEZDGNBV"), "{args:?}: {all}");
        assert!(!all.contains("otpauth"), "{args:?}: {all}");
        assert!(!all.contains("12345678901234567890"), "{args:?}: {all}");
    }
    let out = otpkit(&path, &["--json", "codes", "--at", "59"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // RFC 6238 appendix B (SHA1, T = 59), six digits.
    assert_eq!(json["codes"][0]["code"], "287082");
    assert_eq!(json["codes"][0]["valid_until"], 60);
    assert_eq!(json["codes"][1]["type"], "hotp");
    assert!(json["codes"][1]["code"].is_null());
}

#[test]
fn next_hotp_saves_the_counter_before_printing() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    // RFC 4226 appendix D: counter 5 -> 254676, 6 -> 287922.
    let first = otpkit(&path, &["--json", "codes", "--next", "2"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    assert_eq!(json["code"], "254676");
    assert_eq!(json["account"]["counter"], 6);
    let second = otpkit(&path, &["--json", "codes", "--next", "2"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&second)).unwrap();
    assert_eq!(json["code"], "287922");
    let refused = otpkit(&path, &["codes", "--next", "1"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("not an HOTP account"));
}

#[test]
fn rename_remove_and_refusals_have_the_right_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let out = otpkit(&path, &["rename", "1", "alice@work"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("GitHub: alice@work"));

    let dup = otpkit(&path, &["--json", "add", GITHUB]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr(&dup).starts_with("error: "), "{}", stderr(&dup));
    assert!(stderr(&dup).contains("\nhint: "));
    let json: serde_json::Value = serde_json::from_str(&stdout(&dup)).unwrap();
    assert_eq!(json["error"]["kind"], "duplicate");

    let out = otpkit(&path, &["remove", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let missing = otpkit(&path, &["--json", "remove", "1"]);
    assert_eq!(missing.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&missing)).unwrap();
    assert_eq!(json["error"]["kind"], "no_such_account");

    let wrong = Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .arg("--vault")
        .arg(&path)
        .args(["--json", "list"])
        .env("OTPKIT_PASSPHRASE", "not it")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&wrong)).unwrap();
    assert_eq!(json["error"]["kind"], "wrong_passphrase");

    let none = otpkit(&dir.path().join("nope"), &["list"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no vault at"), "{}", stderr(&none));
    assert!(
        !dir.path().join("nope").exists(),
        "list must not create a vault"
    );
}

#[test]
fn a_damaged_vault_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let out = otpkit(
        &path,
        &[
            "--json",
            "add",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["error"]["kind"], "tampered");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn export_then_import_moves_the_accounts_to_a_new_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let backup = dir.path().join("backup.otpkit");
    let out = otpkit(&path, &["--json", "export", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let again = otpkit(&path, &["export", backup.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "export must not overwrite");

    let new_phone = dir.path().join("new-phone-vault");
    let out = otpkit(&new_phone, &["--json", "import", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["format"], "otpkit");
    assert_eq!(json["added"].as_array().unwrap().len(), 2);
    let out = otpkit(&new_phone, &["--json", "import", backup.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["duplicates"].as_array().unwrap().len(), 2);
    assert!(json["added"].as_array().unwrap().is_empty());
}

#[test]
fn import_reads_encrypted_aegis_and_2fas_with_the_backup_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    for (file, added) in [("aegis_encrypted.json", 5), ("twofas_encrypted.2fas", 5)] {
        let out = import_fixture_json(&path, file);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(
            json["added"].as_array().unwrap().len(),
            added,
            "{file}: {json}"
        );
        assert!(!stdout(&out).contains("GEZDGNBV"));
    }
    let wrong = otpkit(
        &path,
        &[
            "--json",
            "import",
            fixture("aegis_encrypted.json").to_str().unwrap(),
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&wrong)).unwrap();
    assert_eq!(json["error"]["kind"], "wrong_password");
}

#[test]
fn add_of_a_google_export_reports_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let text = std::fs::read_to_string(fixture("google_migration.txt")).unwrap();
    let uri = text
        .lines()
        .find(|l| l.starts_with("otpauth-migration:"))
        .unwrap();
    let out = otpkit(&path, &["--json", "add", uri]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // GitHub's key is already in the vault; the MD5 account cannot be used.
    assert_eq!(json["added"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(json["duplicates"][0]["entry"], "GitHub: alice@example.com");
    assert_eq!(json["rejected"][0]["entry"], "OldCorp: legacy");
    assert!(!stdout(&out).contains("otpauth"));
}

#[test]
fn watch_json_prints_one_document_per_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let out = otpkit(&path, &["--json", "watch", "--count", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[1]["at"].as_u64().unwrap() > lines[0]["at"].as_u64().unwrap());
    assert_eq!(lines[0]["codes"].as_array().unwrap().len(), 2);
}

#[test]
fn watch_takes_in_an_account_another_otpkit_adds_meanwhile() {
    use std::io::{BufRead, BufReader};

    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let mut child = spawn(&path, ["--json", "watch"]);
    let mut refreshes = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(&line.unwrap()).unwrap())
        .map(|json| json["codes"].as_array().unwrap().len());
    assert_eq!(refreshes.next(), Some(2));
    let mail = "otpauth://totp/Mail:dave?secret=JBSWY3DPEHPK3PXP&issuer=Mail";
    let out = otpkit(&path, &["add", mail]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Within a few refreshes (one a second), the third account is listed.
    let mut counts = Vec::new();
    for n in refreshes.take(10) {
        counts.push(n);
        if n == 3 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(counts.last(), Some(&3), "accounts per refresh: {counts:?}");
}

/// The README's main job: `scan --watch` adds the account a QR image holds, then keeps showing
/// its live code, the same code `otpkit code` gives for the URI the image encodes.
#[test]
fn scan_watch_adds_the_account_then_shows_its_live_code() {
    use std::io::{BufRead, BufReader};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    cheap_vault(&path, PASS.as_bytes());
    let image =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr/teamleader-focus.png");
    let mut child = spawn(
        &path,
        ["scan".as_ref(), "--watch".as_ref(), image.as_os_str()],
    );
    let lines: Vec<String> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .take(8)
        .map(Result::unwrap)
        .collect();
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(lines[0].starts_with("added"), "{lines:?}");
    assert!(
        lines[0].contains("Teamleader Focus: jane@example.com"),
        "{lines:?}"
    );
    // Then the watch loop's refreshes, one line each (stdout is a pipe): the instant, then the
    // account's id, code, seconds left and name.
    let live = lines
        .iter()
        .skip(1)
        .find(|line| line.contains("Teamleader Focus"))
        .unwrap_or_else(|| panic!("no live code line in {lines:?}"));
    let shown = live.split_whitespace().nth(2).unwrap();
    // The code now, or the one before it if a time step turned since the line was printed.
    let code_at = |at: u64| {
        let out = otpkit(&path, &["code", TEAMLEADER, "--at", &at.to_string()]);
        stdout(&out).split_whitespace().next().unwrap().to_owned()
    };
    let at = now();
    let (current, previous) = (code_at(at), code_at(at - 30));
    assert!(
        shown == current || shown == previous,
        "live code {shown}; `otpkit code` gives {current} (previous step {previous})"
    );
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A second vault with cheap key derivation and nothing in it.
fn empty_vault(dir: &Path, name: &str) -> PathBuf {
    cheap_vault_in(dir, name, PASS.as_bytes())
}

#[test]
fn unencrypted_exports_need_a_yes_and_read_back_into_another_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    for (format, extra, file) in [
        ("uris", None, "codes.txt"),
        ("aegis", Some("--unencrypted"), "aegis.json"),
    ] {
        let file = dir.path().join(file);
        let file_arg = file.to_str().unwrap();
        let mut args = vec!["--json", "export", "--format", format];
        args.extend(extra);
        args.push(file_arg);
        // Without --yes (no terminal to ask at): refused, nothing written.
        let out = otpkit(&path, &args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["error"]["kind"], "confirmation_required");
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
        assert!(!file.exists());

        args.insert(4, "--yes");
        let out = otpkit(&path, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(
            (
                json["format"].as_str(),
                json["accounts"].as_u64(),
                json["encrypted"].as_bool()
            ),
            (Some(format), Some(2), Some(false))
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Never over an existing file.
        let again = otpkit(&path, &args);
        assert_eq!(again.status.code(), Some(2));
        assert!(
            stderr(&again).contains("already exists"),
            "{}",
            stderr(&again)
        );

        let copy = empty_vault(dir.path(), &format!("copy-{format}"));
        let out = otpkit(&copy, &["import", file_arg]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("2 added"), "{}", stdout(&out));
        let codes = |v: &Path| stdout(&otpkit(v, &["--json", "codes", "--at", "1700000000"]));
        assert_eq!(codes(&copy), codes(&path));
    }
}

#[test]
fn an_encrypted_aegis_export_asks_for_its_password_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = vault_with_two(dir.path());
    let file = dir.path().join("aegis-encrypted.json");
    let file_arg = file.to_str().unwrap();
    let out = otpkit(&path, &["export", "--format", "aegis", file_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("as an encrypted aegis file"),
        "{}",
        stdout(&out)
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(16).any(|w| w == b"GEZDGNBVGY3TQOJQ"));
    let copy = empty_vault(dir.path(), "copy");
    // OTPKIT_BACKUP_PASSPHRASE is the password, in export and import alike.
    let out = otpkit(&copy, &["--json", "import", file_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["added"].as_array().unwrap().len(), 2);
    // --yes and --unencrypted belong to the file formats.
    let out = otpkit(&path, &["export", "--yes", file_arg]);
    assert_eq!(out.status.code(), Some(2));
    let out = otpkit(
        &path,
        &["export", "--format", "uris", "--unencrypted", "x.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--unencrypted goes with --format aegis"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn other_apps_exports_are_recognised_and_imported_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for (file, added) in [
        ("bitwarden.csv", 6),
        ("andotp_encrypted.json.aes", 7),
        ("proton_encrypted.json", 6),
        ("freeotp_backup.bin", 6),
    ] {
        let path = empty_vault(dir.path(), file);
        let out = import_fixture_json(&path, file);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["added"].as_array().unwrap().len(), added, "{file}");
    }
}

/// `scan --watch` on a real terminal (a pty, through util-linux's `script`): the `added` line
/// stays above the block, each refresh moves up over the block before and clears only from
/// there, the cursor is hidden while it runs and shown again after ctrl-c, which exits 130.
#[test]
#[cfg(target_os = "linux")]
fn watch_on_a_terminal_redraws_its_block_in_place_and_restores_the_cursor_on_ctrl_c() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    assert!(
        crate::support::has_program("script"),
        "util-linux `script` gives the command a pty (Debian's bsdutils; scripts/test.sh installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    cheap_vault(&path, PASS.as_bytes());
    let image =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qr/teamleader-focus.png");
    // `script` runs the command in a new pty; what is written to its stdin is typed there
    // (0x03 is ctrl-c, which the pty turns into SIGINT), and its stdout is the screen's bytes.
    let command = format!(
        "'{}' --vault '{}' scan --watch '{}'",
        env!("CARGO_BIN_EXE_otpkit"),
        path.display(),
        image.display()
    );
    let mut child = Command::new("script")
        .args([
            "--quiet",
            "--flush",
            "--return",
            "--command",
            &command,
            "/dev/null",
        ])
        .env("OTPKIT_PASSPHRASE", PASS)
        .env("COLUMNS", "100")
        .env("LINES", "30")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut screen = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        screen.read_to_end(&mut bytes).unwrap();
        bytes
    });
    // Wait for two refreshes (a second apart), then type ctrl-c.
    std::thread::sleep(Duration::from_millis(2500));
    let mut keys = child.stdin.take().unwrap();
    keys.write_all(b"\x03").unwrap();
    keys.flush().unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "ctrl-c did not stop watch"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(keys);
    let screen = String::from_utf8(reader.join().unwrap()).unwrap();

    assert_eq!(status.code(), Some(130), "{screen:?}");
    assert!(
        !screen.contains("\x1b[2J"),
        "the whole screen was cleared: {screen:?}"
    );
    let added = screen
        .find("1 added")
        .unwrap_or_else(|| panic!("no `added` report: {screen:?}"));
    let hidden = screen.find("\x1b[?25l").expect("the cursor hidden");
    let shown = screen.rfind("\x1b[?25h").expect("the cursor shown again");
    assert!(added < hidden && hidden < shown, "{screen:?}");
    // Each redraw after the first moves up over the block before it (the account, a blank
    // line, the ctrl-c hint) and clears from there down; nothing above it is touched.
    let redraws = screen.matches("\x1b[3A\r\x1b[0J").count();
    assert!(redraws >= 1, "{screen:?}");
    assert!(
        !screen.contains("\x1b[4A"),
        "moved up into the added line: {screen:?}"
    );
    let live = screen[hidden..shown]
        .matches("Teamleader Focus: jane@example.com")
        .count();
    assert_eq!(live, redraws + 1, "one block per refresh: {screen:?}");
}

/// `export` over an existing file is refused before any passphrase is asked for: with no
/// backup passphrase in the environment and no terminal, the refusal names the file, not the
/// missing prompt, and the file keeps its bytes.
#[test]
fn export_names_an_existing_file_before_asking_for_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let vault = cheap_vault_in(dir.path(), "vault", PASS.as_bytes());
    let existing = dir.path().join("backup.otpkit");
    std::fs::write(&existing, b"keep me").unwrap();
    for format in ["otpkit", "aegis"] {
        let out = otpkit_on(&vault, PASS)
            .args(["--json", "export", "--format", format])
            .arg(&existing)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["error"]["kind"], "file_exists", "{format}: {json}");
        assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
    }
}
