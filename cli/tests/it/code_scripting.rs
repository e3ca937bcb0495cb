//! `otpkit code` and `verify` as scripts use them, as oathtool is used: a bare base32 secret
//! (on the command line or standard input), `-q` for the code alone, and verify's grep-like exit
//! codes. The expected codes are the RFC 6238 and RFC 4226 test vectors (oathtool gives the
//! same; the suite does not depend on it being installed).

use std::io::Write;
use std::process::{Output, Stdio};

use crate::support;

/// The RFC 6238 seeds: "12345678901234567890" repeated to 20, 32 and 64 bytes, in base32.
const SEED_SHA1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const SEED_SHA256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const SEED_SHA512: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";

fn otpkit(args: &[&str]) -> Output {
    support::otpkit().args(args).output().unwrap()
}

fn otpkit_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = support::otpkit()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn a_bare_secret_gives_the_rfc_6238_codes_and_quiet_prints_only_the_code() {
    // RFC 6238, Appendix B: (time, SHA1, SHA256, SHA512), 8 digits, 30 s steps.
    let vectors = [
        ("59", "94287082", "46119246", "90693936"),
        ("1111111109", "07081804", "68084774", "25091201"),
        ("1111111111", "14050471", "67062674", "99943326"),
        ("1234567890", "89005924", "91819424", "93441116"),
        ("2000000000", "69279037", "90698825", "38618901"),
        ("20000000000", "65353130", "77737706", "47863826"),
    ];
    for (at, sha1, sha256, sha512) in vectors {
        for (algorithm, seed, expected) in [
            ("sha1", SEED_SHA1, sha1),
            ("sha256", SEED_SHA256, sha256),
            ("SHA512", SEED_SHA512, sha512),
        ] {
            let out = otpkit(&[
                "code",
                "-q",
                "--digits",
                "8",
                "--algorithm",
                algorithm,
                "--at",
                at,
                seed,
            ]);
            assert_eq!(out.status.code(), Some(0), "{out:?}");
            assert_eq!(stdout(&out), format!("{expected}\n"), "{algorithm} at {at}");
            assert!(out.stderr.is_empty(), "{out:?}");
        }
    }
    // The defaults are 6 digits, SHA1 and 30 s: the last 6 digits of the SHA1 vector.
    let out = otpkit(&["code", "--quiet", "--at", "59", SEED_SHA1]);
    assert_eq!(stdout(&out), "287082\n");
    // Without -q, the line a person reads; a period of 60 s halves the step number.
    let out = otpkit(&["code", "--at", "59", SEED_SHA1]);
    assert_eq!(stdout(&out), "287082  next 359152  1 s left\n");
    let out = otpkit(&["code", "-q", "--period", "60", "--at", "119", SEED_SHA1]);
    assert_eq!(stdout(&out), "287082\n");
}

#[test]
fn counter_makes_a_bare_secret_hotp_with_the_rfc_4226_codes() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.iter().enumerate() {
        let out = otpkit(&["code", "-q", "--counter", &counter.to_string(), SEED_SHA1]);
        assert_eq!(stdout(&out), format!("{code}\n"), "counter {counter}");
    }
    let out = otpkit(&["code", "--counter", "3", SEED_SHA1]);
    assert_eq!(stdout(&out), "969429  next 338314  counter 3\n");
}

#[test]
fn the_secret_can_come_from_standard_input_kept_out_of_history_and_ps() {
    for input in [SEED_SHA1, "gezd gnbv gy3t qojq gezd gnbv gy3t qojq\n"] {
        let out = otpkit_with_stdin(&["code", "-q", "--at", "59", "-"], input);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(stdout(&out), "287082\n", "{input:?}");
    }
    let out = otpkit_with_stdin(&["verify", "-", "287082", "--at", "59"], SEED_SHA1);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_bad_secret_or_an_option_a_uri_already_sets_is_refused_without_echoing_it() {
    let secret = "JBSWY3DPEHPK3PX1";
    let out = otpkit(&["--json", "code", secret]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "not_base32");
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains(secret), "{all}");

    let uri = format!("otpauth://totp/A:b?secret={SEED_SHA1}");
    for flag in [
        &["--digits", "8"][..],
        &["--period", "60"],
        &["--algorithm", "sha256"],
    ] {
        let out = otpkit(&[&["--json", "code", &uri][..], flag].concat());
        assert_eq!(out.status.code(), Some(2), "{flag:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["error"]["kind"], "option_for_secret", "{flag:?}");
    }
    for bad in [
        &["--digits", "9"][..],
        &["--digits", secret],
        &["--period", "0"],
        &["--algorithm", secret],
        &["--period", "30", "--counter", "1"],
    ] {
        let out = otpkit(&[&["--json", "code", SEED_SHA1][..], bad].concat());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["error"]["kind"], "usage", "{bad:?}");
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains(secret), "{all}");
    }
}

#[test]
fn verify_exits_0_on_a_match_1_on_no_match_and_2_on_bad_input_as_grep_does() {
    let run = |code: &str| {
        otpkit(&["verify", SEED_SHA1, code, "--at", "59", "--window", "1"])
            .status
            .code()
    };
    assert_eq!(run("287082"), Some(0));
    assert_eq!(run("000000"), Some(1));
    assert_eq!(run("28708x"), Some(2));
    assert_eq!(run("2870"), Some(2));
    let out = otpkit(&["--json", "verify", SEED_SHA1, "000000", "--at", "59"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["kind"], "no_match");
    // HOTP through a bare secret: the counter given, and the window ahead of it.
    let out = otpkit(&["verify", SEED_SHA1, "969429", "--counter", "1"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out).contains("matched counter 3 (+2"),
        "{}",
        stdout(&out)
    );
}
