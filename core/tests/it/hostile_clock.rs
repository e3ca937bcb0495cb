//! Lying time servers on 127.0.0.1 (never a public server): a fast liar must not decide the
//! verdict, whatever it claims about its own precision, however early it answers.

use std::time::Duration;

use crate::support::sntp_responder::{Responder, Setup};
use otpkit_core::clock::{
    ClockChecker, ClockSettings, CorrectionError, DriftReport, DriftStatus, FixedBootClock,
    ServerRole, SystemClock, UnknownReason,
};

const BOOT: FixedBootClock = FixedBootClock(Duration::from_secs(10));

fn check(responders: &[&Responder]) -> DriftReport {
    let servers = responders.iter().map(|r| r.server()).collect();
    ClockChecker::new(servers, Duration::from_secs(2))
        .expect("valid checker")
        .check_now(&SystemClock, &BOOT)
}

/// A liar whose replies claim ± 0.5 s (precision 2^-1 s), within every limit, `offset_ms` ahead
/// of the real clock and answering at once.
fn wide_liar(offset_ms: i64) -> Responder {
    Responder::start_with(Setup {
        precision: -1,
        ..Setup::at(offset_ms)
    })
}

/// An honest server (the real clock) answering after a `delay_ms` round trip.
fn honest(delay_ms: u64) -> Responder {
    Responder::start_with(Setup {
        delay_ms,
        ..Setup::at(0)
    })
}

fn roles(report: &DriftReport) -> Vec<ServerRole> {
    report.servers.iter().map(|s| s.role).collect()
}

#[test]
fn a_fast_liar_claiming_days_of_precision_is_refused() {
    // The audit's case: precision +20 (an error bound of 12 days) and +7,000 s, answering
    // first, beside one honest server. Counted, the two "agreed" on +3,500 s: 58 minutes slow.
    let liar = Responder::start_with(Setup {
        precision: 20,
        ..Setup::at(7_000_000)
    });
    let honest = honest(200);
    let report = check(&[&liar, &honest]);
    let refusal = report.servers[0].error().map(|e| e.as_str());
    assert_eq!(refusal, Some("precision"), "{report:?}");
    assert_eq!(report.status, DriftStatus::Unknown, "{report:?}");
    assert_eq!(report.unknown_reason, Some(UnknownReason::SingleAnswer));
    assert_eq!(report.offset_us, None);
    assert_eq!(
        report.message(),
        "Could not check your phone's clock: only one time server answered, and one is not enough to be sure. Try again later."
    );
    let mut settings = ClockSettings::default();
    assert_eq!(
        settings.enable_correction(&report, &SystemClock, &BOOT),
        Err(CorrectionError::NoAgreement)
    );
    assert_eq!(settings.correction, None);
}

#[test]
fn a_wide_liar_within_the_limits_does_not_pull_the_offset() {
    // The liar's ± 0.5 s around +400 ms holds the honest answer, so the two agree; the time is
    // where both intervals hold it, inside the honest one. Their mean (+200 ms) is not.
    let liar = wide_liar(400);
    let honest = honest(40);
    let report = check(&[&liar, &honest]);
    assert_eq!(roles(&report), [ServerRole::Agrees; 2], "{report:?}");
    let truth = report.servers[1].sample().expect("the honest answer");
    let offset_us = report.offset_us.expect("an offset");
    assert!(
        offset_us.abs_diff(truth.offset_us) <= truth.error_us,
        "offset {offset_us} µs is outside the honest answer {} ± {} µs",
        truth.offset_us,
        truth.error_us
    );
    // The stated uncertainty is no wider than the honest server's own.
    assert!(report.uncertainty_us.expect("an uncertainty") <= truth.error_us);
}

#[test]
fn the_check_waits_for_a_slower_honest_server() {
    // The liar and the first honest server answer at once and agree: two of three, which
    // used to end the check. The second honest server, 100 ms later, is waited for.
    let liar = wide_liar(400);
    let first = honest(0);
    let second = honest(100);
    let report = check(&[&liar, &first, &second]);
    assert_eq!(report.servers[2].error(), None, "{report:?}");
    assert_eq!(roles(&report), [ServerRole::Agrees; 3], "{report:?}");
    for honest in &report.servers[1..] {
        let truth = honest.sample().expect("an honest answer");
        let offset_us = report.offset_us.expect("an offset");
        assert!(offset_us.abs_diff(truth.offset_us) <= truth.error_us);
    }
}

#[test]
fn a_late_answer_that_splits_the_vote_is_waited_for() {
    // The wide liar agrees with the honest server (near 0) and with a second liar at +800 ms
    // answering 100 ms later: two pairs of two, and no way to tell which pair is right. The
    // check used to end after the first pair with "on time".
    let liar = wide_liar(400);
    let honest = honest(0);
    let late_liar = Responder::start_with(Setup {
        delay_ms: 100,
        ..Setup::at(800)
    });
    let report = check(&[&liar, &honest, &late_liar]);
    assert_eq!(report.servers[2].error(), None, "{report:?}");
    assert_eq!(report.status, DriftStatus::Unknown, "{report:?}");
    assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
}
