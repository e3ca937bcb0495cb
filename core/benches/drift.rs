//! Clock-drift figures on loopback (responders on 127.0.0.1, never a public server):
//! - accuracy: |measured offset - set offset| for set offsets 0, +95 s and -20 s;
//! - the time of a check with one silent server of three (default 3 s deadline), beside all
//!   three answering and all three silent.
//!
//! Run: `cargo bench -p otpkit-core --bench drift` (add `-- --quick` for fewer rounds).
//! Under `cargo test --all-targets` (no `--bench` argument) it runs a few rounds as a smoke test.

// The test responder, shared with core/tests (only part of it is used here).
#[allow(dead_code)]
#[path = "../tests/support/sntp_responder.rs"]
mod sntp_responder;

use std::time::{Duration, Instant};

use otpkit_core::clock::DEFAULT_DEADLINE;
use otpkit_core::clock::{ClockChecker, DriftStatus, FixedBootClock, SystemClock};
use sntp_responder::{Fault, Responder};

const BOOT: FixedBootClock = FixedBootClock(Duration::from_secs(10));

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let quick = args.iter().any(|a| a == "--quick");
    let rounds = match (smoke, quick) {
        (true, _) => 3,
        (false, true) => 20,
        (false, false) => 200,
    };
    println!("load: {}", load());

    println!("\naccuracy on loopback, {rounds} checks per offset, three servers, deadline 3 s");
    println!(
        "{:>10}  {:>12} {:>12} {:>12}  {:>16}",
        "set", "median |err|", "p95 |err|", "max |err|", "median ± claimed"
    );
    for set_ms in [0i64, 95_000, -20_000] {
        let responders = [0, 1, 2].map(|_| Responder::start(set_ms, Fault::None));
        let mut errors = Vec::new();
        let mut claimed = Vec::new();
        for _ in 0..rounds {
            let report = checker(&responders).check_now(&SystemClock, &BOOT);
            let offset_us = report.offset_us.expect("loopback servers agree");
            errors.push((offset_us - set_ms * 1_000).unsigned_abs());
            claimed.push(report.uncertainty_us.unwrap_or(0));
        }
        println!(
            "{:>8} s  {:>9} µs {:>9} µs {:>9} µs  {:>13} µs",
            set_ms / 1_000,
            percentile(&mut errors, 50),
            percentile(&mut errors, 95),
            percentile(&mut errors, 100),
            percentile(&mut claimed, 50),
        );
    }

    let timed_rounds = match (smoke, quick) {
        (true, _) => 2,
        (false, true) => 10,
        (false, false) => 50,
    };
    println!("\ncheck time, default deadline {DEFAULT_DEADLINE:?}, {timed_rounds} checks each");
    println!(
        "{:>28}  {:>10} {:>10} {:>10}",
        "servers", "median", "p95", "max"
    );
    let scenarios: [(&str, [Fault; 3], usize); 2] = [
        ("3 answering", [Fault::None; 3], timed_rounds),
        (
            "2 answering + 1 silent",
            [Fault::None, Fault::None, Fault::Silent],
            timed_rounds,
        ),
    ];
    for (name, faults, n) in scenarios {
        let responders = faults.map(|fault| Responder::start(0, fault));
        let mut took = Vec::new();
        for _ in 0..n {
            let started = Instant::now();
            let report = checker(&responders).check_now(&SystemClock, &BOOT);
            took.push(started.elapsed().as_micros() as u64);
            assert_eq!(report.status, DriftStatus::Ok);
        }
        print_times(name, &mut took);
    }
    if smoke {
        return;
    }
    let silent = [0, 1, 2].map(|_| Responder::start(0, Fault::Silent));
    let mut took = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let report = checker(&silent).check_now(&SystemClock, &BOOT);
        took.push(started.elapsed().as_micros() as u64);
        assert_eq!(report.status, DriftStatus::Unknown);
    }
    print_times("3 silent (3 checks)", &mut took);
    println!("\nload: {}", load());
}

fn checker(responders: &[Responder]) -> ClockChecker {
    ClockChecker::new(
        responders.iter().map(Responder::server).collect(),
        DEFAULT_DEADLINE,
    )
    .expect("valid checker")
}

fn print_times(name: &str, took: &mut [u64]) {
    let ms = |us: u64| format!("{:.1} ms", us as f64 / 1_000.0);
    println!(
        "{name:>28}  {:>10} {:>10} {:>10}",
        ms(percentile(took, 50)),
        ms(percentile(took, 95)),
        ms(percentile(took, 100)),
    );
}

/// The `p`-th percentile (nearest rank) of `values`.
fn percentile(values: &mut [u64], p: usize) -> u64 {
    values.sort_unstable();
    let rank = (p * values.len()).div_ceil(100).max(1);
    values[rank - 1]
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}
