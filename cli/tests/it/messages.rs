//! Error messages as a person reads them: the `hint:` line adds something the `error:` line did
//! not say (no run of four words in both), and a path is named once.

use std::path::Path;

use crate::support::{cheap_vault, otpkit};

const PASS: &str = "messages test passphrase";
const URI: &str = "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME";
const HOTP: &str = "otpauth://hotp/Bank:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1";

/// The arguments, the environment, and the path the messages should name once.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, Option<&'a str>);

/// `otpkit ARGS` with `envs`, returning (exit code, stderr).
fn run(args: &[&str], envs: &[(&str, &str)]) -> (Option<i32>, String) {
    let out = otpkit()
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A run of four words that both lines hold, if any.
fn repeated(error: &str, hint: &str) -> Option<String> {
    let error = words(error).join(" ");
    let hint = words(hint);
    hint.windows(4)
        .map(|run| run.join(" "))
        .find(|run| error.contains(run.as_str()))
}

#[test]
fn hints_add_to_the_error_and_paths_are_named_once() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    cheap_vault(&vault, PASS.as_bytes());
    let v = vault.to_str().unwrap();
    let missing = dir.path().join("missing.png");
    let missing = missing.to_str().unwrap();
    let not_image = dir.path().join("notes.png");
    std::fs::write(&not_image, "not an image").unwrap();
    let not_image = not_image.to_str().unwrap();
    let nowhere = dir.path().join("nowhere");
    let nowhere = nowhere.to_str().unwrap();
    let pass = [("OTPKIT_PASSPHRASE", PASS)];
    let add = run(&["--vault", v, "add", URI], &pass);
    assert_eq!(add.0, Some(0), "{}", add.1);
    let cases: Vec<Case> = vec![
        (vec!["--vault", v, "remove", "9"], pass.to_vec(), None),
        (vec!["--vault", v, "rename", "9", "x"], pass.to_vec(), None),
        (
            vec!["--vault", v, "codes", "--next", "9"],
            pass.to_vec(),
            None,
        ),
        (vec!["--vault", v, "add", URI], pass.to_vec(), None),
        (
            vec!["--vault", v, "list"],
            vec![("OTPKIT_PASSPHRASE", "wrong")],
            None,
        ),
        (
            vec!["--vault", nowhere, "list"],
            pass.to_vec(),
            Some(nowhere),
        ),
        (
            vec!["--vault", dir.path().to_str().unwrap(), "list"],
            pass.to_vec(),
            None,
        ),
        (
            vec!["--vault", v, "scan", missing],
            pass.to_vec(),
            Some(missing),
        ),
        (
            vec!["--vault", v, "scan", not_image],
            pass.to_vec(),
            Some(not_image),
        ),
        (
            vec!["--vault", v, "export", v],
            vec![
                ("OTPKIT_PASSPHRASE", PASS),
                ("OTPKIT_BACKUP_PASSPHRASE", "b"),
            ],
            Some(v),
        ),
        (vec!["code", URI, "--counter", "1"], vec![], None),
        (vec!["code", HOTP, "--digits", "8"], vec![], None),
        (vec!["code", "hello"], vec![], None),
        (
            vec!["verify", URI, "000000", "--at", "59", "--window", "1"],
            vec![],
            None,
        ),
        (vec!["drift", "--timeout-ms", "0"], vec![], None),
        (vec!["code"], vec![], None),
        (vec!["import", missing], vec![], Some(missing)),
    ];
    for (args, envs, path) in cases {
        let (code, stderr) = run(&args, &envs);
        assert_ne!(code, Some(0), "{args:?}: {stderr}");
        let error = stderr
            .lines()
            .find_map(|line| line.strip_prefix("error: "))
            .unwrap_or_else(|| panic!("{args:?}: no error line: {stderr}"));
        if let Some(hint) = stderr.lines().find_map(|line| line.strip_prefix("hint: ")) {
            if let Some(run) = repeated(error, hint) {
                panic!("{args:?}: the hint repeats {run:?} of the error\n{stderr}");
            }
        }
        if let Some(path) = path {
            let name = Path::new(path).file_name().unwrap().to_str().unwrap();
            assert_eq!(stderr.matches(name).count(), 1, "{args:?}: {stderr}");
        }
    }
}

#[test]
fn the_repetition_check_finds_a_repeated_run() {
    assert_eq!(
        repeated(
            "no account with id 9: `otpkit list` shows the ids",
            "`otpkit list` shows the ids"
        ),
        Some("otpkit list shows the".to_owned())
    );
    assert_eq!(repeated("wrong passphrase", "type it again"), None);
}
