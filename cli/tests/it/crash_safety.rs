//! Crash safety: run `otpkit add` over and over and kill it (SIGKILL) at random moments, at
//! least 100 times while it is still running. After every kill the vault must open and hold
//! exactly the accounts from before that run or from after it: never a torn file.

use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use otpkit_core::base32;
use otpkit_core::vault::{Unlock, Vault};

use crate::support::cheap_vault;

const PASS: &str = "crash test passphrase";
/// Kills that must land while the process is still running.
const KILLS: usize = 100;
/// Give up after this many runs: something would be wrong with the timing.
const MAX_RUNS: usize = 2_000;

/// xorshift64*: enough randomness for kill delays, with the seed printed for reruns.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn uri(n: usize) -> String {
    let secret = base32::encode(format!("crash-secret-{n:07}").as_bytes());
    format!(
        "otpauth://totp/Crash:account-{n}?secret={}&issuer=Crash",
        secret.as_str()
    )
}

fn add(vault: &Path, n: usize) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_otpkit"));
    cmd.arg("--vault")
        .arg(vault)
        .arg("add")
        .arg(uri(n))
        .env("OTPKIT_PASSPHRASE", PASS)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn labels(vault: &Path) -> Vec<String> {
    let vault = Vault::open(vault, Unlock::Passphrase(PASS.as_bytes()))
        .unwrap_or_else(|err| panic!("the vault does not open after a kill: {err}"));
    vault
        .accounts()
        .iter()
        .map(|a| a.label().to_string())
        .collect()
}

#[test]
fn killing_a_save_at_random_moments_never_tears_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault");
    // Cheap Argon2 so each run spends its time in open and save, not in key derivation.
    cheap_vault(&path, PASS.as_bytes());

    // How long an uninterrupted run takes, to spread the kills over its whole length.
    let mut expected: Vec<String> = Vec::new();
    let mut durations = Vec::new();
    for n in 0..5 {
        let started = Instant::now();
        assert!(add(&path, n).status().unwrap().success());
        durations.push(started.elapsed());
        expected.push(format!("account-{n}"));
    }
    assert_eq!(labels(&path), expected);
    // The median run, so that one slow start on a busy machine does not stretch the window.
    durations.sort();
    let window_us = (durations[2].as_micros() as u64).max(1_000);

    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("seed {seed}, kill window {window_us} us");
    let mut rng = Rng(seed);
    let (mut kills, mut runs, mut completed_after_kill) = (0, 0, 0);
    let mut n = 5;
    while kills < KILLS {
        assert!(
            runs < MAX_RUNS,
            "only {kills} kills landed in {runs} runs (seed {seed})"
        );
        runs += 1;
        let mut child = add(&path, n).spawn().unwrap();
        sleep(Duration::from_micros(rng.next() % window_us));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if still_running {
            kills += 1;
        }

        let now = labels(&path);
        let mut after = expected.clone();
        after.push(format!("account-{n}"));
        if now == after {
            expected = after;
            if still_running {
                completed_after_kill += 1;
            }
        } else {
            assert_eq!(
                now, expected,
                "run {runs} (seed {seed}): neither before nor after"
            );
        }
        n += 1;
    }
    println!(
        "{kills} kills in {runs} runs; {completed_after_kill} of the killed runs had already saved; {} accounts",
        expected.len()
    );
    // Killed saves may leave a hidden temporary file, never a damaged vault; the save lock's
    // file stays (the lock itself ends with the process).
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "vault"
                || name == ".vault.lock"
                || (name.starts_with(".vault.") && name.ends_with(".tmp")),
            "{name}"
        );
    }
}
