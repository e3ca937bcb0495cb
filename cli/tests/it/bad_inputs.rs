//! The bad-input corpus (tests/vectors/bad/) through the real binary: every input is refused
//! with exit 2, its typed `kind` in the --json error document, an `error:` line on stderr, no
//! panic, and no secret or whole URI echoed back. A refused vault or import leaves the vault file
//! as it was. The Kotlin and Swift suites read the same files through the bindings.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::support::cheap_vault_in;

const PASS: &str = "bad-input test passphrase";
/// The valid secret the corpus's URIs carry (generate.py's GOOD).
const CORPUS_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The rows of a corpus TSV, without comments.
fn rows(name: &str) -> Vec<Vec<String>> {
    let path = repo().join("tests/vectors/bad").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect();
    assert!(
        rows.len() >= 10,
        "{name}: corpus too small ({} rows)",
        rows.len()
    );
    rows
}

fn otpkit(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_otpkit"));
    command
        .args(args)
        .env_remove("OTPKIT_PASSPHRASE")
        .env_remove("OTPKIT_BACKUP_PASSPHRASE")
        .env_remove("OTPKIT_VAULT")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null());
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// Asserts a refusal with `kind` and returns stderr.
fn assert_refused(case: &str, out: &Output, kind: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{case}: panic\n{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{case}: exit code\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{case}: stdout is not one JSON document ({e}): {stdout}"));
    assert_eq!(json["error"]["kind"], kind, "{case}: {json}");
    let message = json["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "{case}: empty message");
    assert!(
        stderr.starts_with(&format!("error: {message}")),
        "{case}: stderr does not start with the error line\n{stderr}"
    );
    stderr
}

#[test]
fn every_bad_uri_is_refused_with_its_kind_by_parse_and_code() {
    for row in rows("uris.tsv") {
        let [name, kind, _binding, _reason, _details, input] = &row[..] else {
            panic!("uris.tsv: row has {} columns: {row:?}", row.len());
        };
        for command in ["parse", "code"] {
            let case = format!("{name} ({command})");
            let out = otpkit(&["--json", command, input.as_str()], &[]);
            // Without a scheme, `code` reads the text as a bare base32 secret ("hello world"
            // decodes), refused as far too short to be one.
            let kind = if command == "code" && !input.contains(':') {
                "secret_too_short"
            } else {
                kind.as_str()
            };
            let stderr = assert_refused(&case, &out, kind);
            let stdout = String::from_utf8_lossy(&out.stdout);
            for text in [&*stdout, &*stderr] {
                // Errors name the problem; they never echo the URI or its secret (the corpus's
                // good secret; messages may show the documentation's JBSWY3DPEHPK3PXP example).
                assert!(
                    !text.to_uppercase().contains(CORPUS_SECRET),
                    "{case}: {text}"
                );
                assert!(!text.contains("JBSWY3DPEHPK3PX1"), "{case}: {text}");
                if input.len() > 40 {
                    assert!(
                        !text.contains(input.as_str()),
                        "{case}: the input is echoed"
                    );
                }
            }
        }
    }
}

#[test]
fn every_bad_file_is_refused_with_its_kind_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = cheap_vault_in(dir.path(), "vault", PASS.as_bytes());
    let target_before = std::fs::read(&target).unwrap();
    for row in rows("files.tsv") {
        let [file, opened_as, password, kind, _binding, _reason, _details] = &row[..] else {
            panic!("files.tsv: row has {} columns: {row:?}", row.len());
        };
        let path = repo().join(file);
        let path_text = path.to_str().unwrap();
        let file_before = std::fs::read(&path).unwrap();
        let out = match opened_as.as_str() {
            "vault" => otpkit(
                &["--json", "--vault", path_text, "list"],
                &[("OTPKIT_PASSPHRASE", password.as_str())],
            ),
            import => {
                let format = import
                    .strip_prefix("import:")
                    .expect("vault or import:FORMAT");
                let mut args = vec!["--json", "--vault", target.to_str().unwrap(), "import"];
                args.push(path_text);
                if format != "auto" {
                    args.extend(["--format", format]);
                }
                let mut envs = vec![("OTPKIT_PASSPHRASE", PASS)];
                if password != "-" {
                    envs.push(("OTPKIT_BACKUP_PASSPHRASE", password.as_str()));
                }
                otpkit(&args, &envs)
            }
        };
        assert_refused(file, &out, kind);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            file_before,
            "{file}: the file was changed"
        );
        assert_eq!(
            std::fs::read(&target).unwrap(),
            target_before,
            "{file}: the vault imported into was changed"
        );
    }
}
