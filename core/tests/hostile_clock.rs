//! Lying time servers on 127.0.0.1 (never a public server): a fast liar must not decide the
//! verdict, whatever it claims about its own precision, however early it answers.

mod support;

use std::time::Duration;

use otpkit_core::clock::{
    ClockChecker, ClockSettings, CorrectionError, DriftReport, DriftStatus, FixedBootClock,
    SystemClock, UnknownReason,
};
use support::sntp_responder::{Responder, Setup};

const BOOT: FixedBootClock = FixedBootClock(Duration::from_secs(10));

fn check(responders: &[&Responder]) -> DriftReport {
    let servers = responders.iter().map(|r| r.server()).collect();
    ClockChecker::new(servers, Duration::from_secs(2))
        .expect("valid checker")
        .check_now(&SystemClock, &BOOT)
}

/// An honest server (the real clock) answering after a `delay_ms` round trip.
fn honest(delay_ms: u64) -> Responder {
    Responder::start_with(Setup {
        delay_ms,
        ..Setup::at(0)
    })
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
