//! `otpkit drift` and `otpkit verify` end to end: the binary against SNTP responders on
//! 127.0.0.1 (never a public server), checking the JSON contract and the exit codes.

use std::net::UdpSocket;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::support::cheap_vault;

const URI: &str = "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME";

fn otpkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args(args)
        .output()
        .expect("run otpkit")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("one JSON document on stdout")
}

/// A minimal SNTP server whose clock is `offset_ms` ahead of the real one, answering after
/// `delay_ms` (RFC 5905 7.3, encoded here independently of the code under test). Stops when
/// dropped.
struct Responder {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Responder {
    fn start(offset_ms: i64, delay_ms: u64) -> Responder {
        Responder::claiming(offset_ms, delay_ms, -20)
    }

    /// As `start`, with replies that claim a precision of 2^`precision` s (-20 is about 1 µs).
    fn claiming(offset_ms: i64, delay_ms: u64, precision: i8) -> Responder {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let port = socket.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            while !flag.load(Ordering::SeqCst) {
                let Ok((len, client)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                if len < 48 {
                    continue;
                }
                std::thread::sleep(Duration::from_millis(delay_ms));
                let received = ntp_now(offset_ms);
                let mut reply = [0u8; 48];
                reply[0] = (4 << 3) | 4;
                reply[1] = 2;
                reply[3] = precision as u8;
                reply[12..16].copy_from_slice(&[127, 0, 0, 1]);
                reply[16..24].copy_from_slice(&(received - (1 << 32)).to_be_bytes());
                reply[24..32].copy_from_slice(&buf[40..48]);
                reply[32..40].copy_from_slice(&received.to_be_bytes());
                reply[40..48].copy_from_slice(&ntp_now(offset_ms).to_be_bytes());
                let _ = socket.send_to(&reply, client);
            }
        });
        Responder { port, stop }
    }

    fn server(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn ntp_now(offset_ms: i64) -> u64 {
    let real = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let shifted = if offset_ms >= 0 {
        real + Duration::from_millis(offset_ms as u64)
    } else {
        real - Duration::from_millis(offset_ms.unsigned_abs())
    };
    let seconds = (shifted.as_secs() + 2_208_988_800) & 0xffff_ffff;
    (seconds << 32) | ((u64::from(shifted.subsec_nanos()) << 32) / 1_000_000_000)
}

#[test]
fn drift_json_follows_the_contract() {
    // A fourth server never answers: the check waits for it until the deadline.
    let servers = [
        Responder::start(-47_000, 0),
        Responder::start(-47_000, 0),
        Responder::start(3_600_000, 0),
    ];
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut names: Vec<String> = servers.iter().map(Responder::server).collect();
    names.push(silent.local_addr().unwrap().to_string());
    let mut args = vec!["--json", "drift", "--timeout-ms", "500"];
    for name in &names {
        args.extend(["--server", name.as_str()]);
    }
    let output = otpkit(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc = json(&output);
    assert_eq!(doc["status"], "bad");
    let offset = doc["offset_ms"].as_i64().unwrap();
    let uncertainty = doc["uncertainty_ms"].as_i64().unwrap();
    assert!((offset + 47_000).abs() <= uncertainty, "{doc}");
    assert_eq!(
        doc["message"],
        "This computer's clock is 47 seconds fast. Codes will be rejected. Turn on automatic date and time."
    );
    let listed = doc["servers"].as_array().unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[0]["server"], names[0]);
    assert!(listed[0]["delay_ms"].is_u64());
    assert!(listed[0]["error"].is_null());
    assert_eq!(listed[0]["role"], "agrees");
    assert_eq!(listed[2]["role"], "outvoted");
    assert!((listed[2]["offset_ms"].as_i64().unwrap() - 3_600_000).abs() < 1_000);
    assert_eq!(listed[3]["error_kind"], "timeout");
    assert!(listed[3]["offset_ms"].is_null());
}

#[test]
fn drift_text_says_it_in_words() {
    let servers = [Responder::start(0, 0), Responder::start(0, 0)];
    let (first, second) = (servers[0].server(), servers[1].server());
    let output = otpkit(&[
        "drift",
        "--server",
        &first,
        "--server",
        &second,
        "--timeout-ms",
        "2000",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("This computer's clock is on time.\n"),
        "{text}"
    );
    assert!(text.contains("agrees"), "{text}");
}

#[test]
fn drift_with_no_answer_exits_1_with_each_reason() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let server = silent.local_addr().unwrap().to_string();
    let output = otpkit(&[
        "--json",
        "drift",
        "--server",
        &server,
        "--timeout-ms",
        "200",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let doc = json(&output);
    assert_eq!(doc["error"]["kind"], "no_time_server");
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no reply before the deadline"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("\nhint: "), "{stderr}");
}

#[test]
fn drift_refuses_a_bad_server_or_timeout_as_the_command_line_error_it_is() {
    for args in [
        &["--server", "no such host:123"][..],
        &["--server", "127.0.0.1:9", "--timeout-ms", "0"],
        &["--server", "127.0.0.1:9", "--timeout-ms", "60001"],
    ] {
        let output = otpkit(&[&["--json", "drift"][..], args].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(json(&output)["error"]["kind"], "usage", "{args:?}");
        let message = json(&output)["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.starts_with("invalid value for --"), "{message}");
        assert!(!message.contains("no such host"), "{message}");
    }
    // The shortest deadline is taken (the port answers nothing: the check then finds no answer).
    let output = otpkit(&[
        "--json",
        "drift",
        "--server",
        "127.0.0.1:9",
        "--timeout-ms",
        "1",
    ]);
    assert_ne!(json(&output)["error"]["kind"], "usage");
}

#[test]
fn verify_reports_the_step_and_the_clock_error() {
    // RFC 6238's secret: the 6-digit code for T = 59 is 287082; typed at T = 154.
    let output = otpkit(&["--json", "verify", URI, "287 082", "--at", "154"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = json(&output);
    assert_eq!(doc["step_offset"], -4);
    assert_eq!(doc["clock_error_min_s"], -124);
    assert_eq!(doc["clock_error_max_s"], -95);

    let text = otpkit(&["verify", URI, "287082", "--at", "154"]);
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "matched step -4 (30 s steps): the clock that made the code was 95 to 124 s behind this one \
         (clock error -124 to -95 s; the seconds spent typing add to it)\n"
    );
}

#[test]
fn verify_without_a_match_exits_1_and_with_bad_input_2() {
    let output = otpkit(&[
        "--json", "verify", URI, "287082", "--at", "154", "--window", "3",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["error"]["kind"], "no_match");
    let output = otpkit(&["--json", "verify", URI, "28708", "--at", "154"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json(&output)["error"]["kind"], "code_length");
    let output = otpkit(&["--json", "verify", URI, "287082", "--window", "241"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json(&output)["error"]["kind"], "window_too_wide");
}

/// `otpkit` on a vault with cheap key derivation.
fn with_vault(vault: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("OTPKIT_PASSPHRASE", "drift test passphrase")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run otpkit")
}

fn vault_with_one(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("vault");
    cheap_vault(&path, b"drift test passphrase");
    assert_eq!(with_vault(&path, &["add", URI]).status.code(), Some(0));
    path
}

#[test]
fn drift_apply_corrects_codes_until_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with_one(dir.path());
    // The servers are 47 s behind this clock: it is 47 s fast.
    let servers = [Responder::start(-47_000, 0), Responder::start(-47_000, 0)];
    let (first, second) = (servers[0].server(), servers[1].server());
    let args = [
        "--json", "drift", "--apply", "--server", &first, "--server", &second,
    ];
    let applied = with_vault(&vault, &args);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let doc = json(&applied);
    let correction = doc["correction_ms"].as_i64().expect("a correction");
    assert!(
        (correction + 47_000).abs() <= doc["uncertainty_ms"].as_i64().unwrap(),
        "{doc}"
    );

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let codes = json(&with_vault(&vault, &["--json", "codes"]));
    assert_eq!(codes["correction_ms"].as_i64(), Some(correction));
    let at = codes["at"].as_i64().unwrap();
    assert!((at - (now - 47)).abs() <= 2, "at {at}, now {now}");
    // The code shown is the code at the corrected instant.
    let expected = json(&otpkit(&["--json", "code", URI, "--at", &at.to_string()]));
    assert_eq!(codes["codes"][0]["code"], expected["code"]);
    let text = String::from_utf8(with_vault(&vault, &["codes"]).stdout).unwrap();
    assert!(text.contains("(clock corrected by -47."), "{text}");
    // An instant given with --at is taken as it is.
    let fixed = json(&with_vault(&vault, &["--json", "codes", "--at", "59"]));
    assert_eq!(fixed["at"], 59);
    assert!(fixed["correction_ms"].is_null());

    let cleared = with_vault(&vault, &["--json", "drift", "--clear"]);
    assert_eq!(cleared.status.code(), Some(0));
    assert_eq!(json(&cleared)["cleared"], true);
    let codes = json(&with_vault(&vault, &["--json", "codes"]));
    assert!(codes["correction_ms"].is_null());
}

#[test]
fn drift_apply_refuses_without_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with_one(dir.path());
    let servers = [Responder::start(0, 0), Responder::start(3_600_000, 0)];
    let (first, second) = (servers[0].server(), servers[1].server());
    let out = with_vault(
        &vault,
        &[
            "--json", "drift", "--apply", "--server", &first, "--server", &second,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["kind"], "correction_refused");
    let codes = json(&with_vault(&vault, &["--json", "codes"]));
    assert!(codes["correction_ms"].is_null());
}

#[test]
fn drift_apply_refuses_a_fast_liar() {
    // The audit's case: a server claiming precision +20 (an error bound of 12 days) answers
    // first with +7,000 s; one honest server answers 200 ms later. Counted, the two "agreed" on
    // 58 minutes slow and --apply stored +3,500 s.
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with_one(dir.path());
    let servers = [
        Responder::claiming(7_000_000, 0, 20),
        Responder::start(0, 200),
    ];
    let (liar, honest) = (servers[0].server(), servers[1].server());
    let check = with_vault(
        &vault,
        &["--json", "drift", "--server", &liar, "--server", &honest],
    );
    assert_eq!(check.status.code(), Some(0));
    let doc = json(&check);
    assert_eq!(doc["status"], "unknown", "{doc}");
    assert_eq!(doc["unknown_reason"], "single_answer");
    assert!(doc["offset_ms"].is_null());
    assert_eq!(doc["servers"][0]["error_kind"], "precision");
    assert_eq!(doc["servers"][1]["error_kind"], Value::Null);

    let applied = with_vault(
        &vault,
        &[
            "--json", "drift", "--apply", "--server", &liar, "--server", &honest,
        ],
    );
    assert_eq!(applied.status.code(), Some(2));
    assert_eq!(json(&applied)["error"]["kind"], "correction_refused");
    let codes = json(&with_vault(&vault, &["--json", "codes"]));
    assert!(codes["correction_ms"].is_null(), "{codes}");
}

#[test]
fn drift_apply_refuses_an_uncertain_correction() {
    // Two servers that agree, each only to within half a second (precision 2^-1 s): the check
    // reports it, and --apply stores nothing.
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_with_one(dir.path());
    let servers = [
        Responder::claiming(-47_000, 0, -1),
        Responder::claiming(-47_000, 0, -1),
    ];
    let (first, second) = (servers[0].server(), servers[1].server());
    let args = [
        "--json", "drift", "--apply", "--server", &first, "--server", &second,
    ];
    let applied = with_vault(&vault, &args);
    assert_eq!(applied.status.code(), Some(2));
    let doc = json(&applied);
    assert_eq!(doc["error"]["kind"], "correction_uncertain", "{doc}");
    let message = doc["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "no correction stored: the time servers' answers only place the time within ±5"
        ),
        "{message}"
    );
    assert!(
        message.contains("a correction must be within ±500 ms"),
        "{message}"
    );
    let codes = json(&with_vault(&vault, &["--json", "codes"]));
    assert!(codes["correction_ms"].is_null(), "{codes}");

    let text = with_vault(
        &vault,
        &["drift", "--apply", "--server", &first, "--server", &second],
    );
    assert_eq!(text.status.code(), Some(2));
    let stderr = String::from_utf8(text.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "error: no correction stored: the time servers' answers only place the time within ±5"
        ),
        "{stderr}"
    );
}
