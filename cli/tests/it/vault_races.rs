//! The vault commands when the world is not tidy: two `otpkit` processes creating the vault at
//! once, a vault path that is a symbolic link or a pipe, a lock held by a stuck process, and
//! `passwd` with and without `--rekey`.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use otpkit_core::vault::{Unlock, Vault};

use crate::support::{cheap_vault, otpkit_on};

const PASS: &str = "cli test passphrase";
const GITHUB: &str =
    "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub";
const MAIL: &str = "otpauth://totp/Mail:bob?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mail";

fn command(vault: &Path, pass: &str, args: &[&str]) -> Command {
    let mut command = otpkit_on(vault, pass);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn otpkit(vault: &Path, args: &[&str]) -> Output {
    command(vault, PASS, args).output().unwrap()
}

fn spawn(vault: &Path, pass: &str, args: &[&str]) -> Child {
    command(vault, pass, args).spawn().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn labels(vault: &Path, pass: &str) -> Vec<String> {
    Vault::open(vault, Unlock::Passphrase(pass.as_bytes()))
        .unwrap()
        .accounts()
        .iter()
        .map(|a| a.label().to_owned())
        .collect()
}

#[test]
fn two_adds_creating_the_vault_at_once_both_keep_their_account() {
    for round in 0..4u64 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault");
        let first = spawn(&path, PASS, &["add", GITHUB]);
        // A different head start each round: the second process joins during the first one's
        // key derivation, or just before or after it.
        std::thread::sleep(Duration::from_millis(round * 150));
        let second = spawn(&path, PASS, &["add", MAIL]);
        for (child, name) in [(first, "GitHub"), (second, "Mail")] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                text(&out.stderr)
            );
            assert!(text(&out.stdout).contains(name), "round {round}");
        }
        let mut kept = labels(&path, PASS);
        kept.sort();
        assert_eq!(kept, ["alice", "bob"], "round {round}: an account was lost");
    }
}

#[test]
fn a_vault_created_meanwhile_under_another_passphrase_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    // Started together: one creates the vault, the other finds it there with another
    // passphrase. Neither result may be a vault that lost the other's account silently.
    let first = spawn(&path, PASS, &["--json", "add", GITHUB]);
    let second = spawn(&path, "another passphrase", &["--json", "add", MAIL]);
    let outs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    let won: Vec<bool> = outs.iter().map(|o| o.status.code() == Some(0)).collect();
    assert_eq!(won.iter().filter(|w| **w).count(), 1, "{outs:?}");
    let (loser, winner_pass, winner_label) = if won[0] {
        (&outs[1], PASS, "alice")
    } else {
        (&outs[0], "another passphrase", "bob")
    };
    assert_eq!(loser.status.code(), Some(2), "{}", text(&loser.stderr));
    let json: serde_json::Value = serde_json::from_slice(&loser.stdout).unwrap();
    let kind = json["error"]["kind"].as_str().unwrap();
    // The loser either found the vault before deriving its key (a wrong passphrase for it) or
    // while deriving it (the vault appeared meanwhile): both say nothing was saved.
    assert!(
        ["vault_appeared", "wrong_passphrase"].contains(&kind),
        "{json}"
    );
    assert_eq!(labels(&path, winner_pass), [winner_label]);
}

#[cfg(unix)]
#[test]
fn a_vault_path_that_is_a_link_keeps_the_link_and_saves_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("synced/vault");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    cheap_vault(&real, PASS.as_bytes());
    let link = dir.path().join("vault");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = otpkit(&link, &["add", GITHUB]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(labels(&real, PASS), ["alice"]);
}

#[cfg(unix)]
#[test]
fn a_pipe_at_the_vault_path_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    assert!(Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap()
        .success());
    let mut child = spawn(&path, PASS, &["--json", "list"]);
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("otpkit list hung on a pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "not_a_file", "{json}");
}

#[test]
fn a_stuck_lock_holder_makes_a_save_give_up_with_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    cheap_vault(&path, PASS.as_bytes());
    let before = std::fs::read(&path).unwrap();
    let holder = std::fs::File::open(dir.path().join(".vault.lock")).unwrap();
    holder.lock().unwrap();
    let out = otpkit(&path, &["--json", "add", GITHUB]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "busy", "{json}");
    assert!(
        text(&out.stderr).contains("is busy"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// `otpkit passwd` with the new passphrase from the environment.
fn passwd(vault: &Path, new: &str, args: &[&str]) -> Output {
    let mut command = command(vault, PASS, &[&["--json", "passwd"], args].concat());
    command.env("OTPKIT_NEW_PASSPHRASE", new);
    command.output().unwrap()
}

#[test]
fn passwd_changes_the_passphrase_and_rekey_replaces_the_master_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    let out = otpkit(&path, &["add", GITHUB]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    for (args, rekeyed) in [(&[][..], false), (&["--rekey"][..], true)] {
        let out = passwd(&path, "new passphrase", args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["rekeyed"], rekeyed, "{json}");
        assert_eq!(labels(&path, "new passphrase"), ["alice"]);
        // Back to the first passphrase for the next round (and for `command`'s PASS).
        let mut back = command(&path, "new passphrase", &["passwd"]);
        back.env("OTPKIT_NEW_PASSPHRASE", PASS);
        assert_eq!(back.output().unwrap().status.code(), Some(0));
    }

    let out = passwd(&path, "", &[]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "empty_passphrase", "{json}");
    assert_eq!(
        labels(&path, PASS),
        ["alice"],
        "a refused change keeps the vault"
    );
}
