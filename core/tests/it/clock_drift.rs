//! Clock drift against SNTP responders on 127.0.0.1 (never a public server): offsets,
//! falsetickers, split votes, silence, strays, every bad-reply kind, Kiss-o'-Death memory,
//! politeness, a device clock before 1970, the correction's life, and no network at all.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::sntp_responder::{Fault, Responder, Setup, ShiftedClock};
use otpkit_core::clock::KissCode;
use otpkit_core::clock::ReplyError;
use otpkit_core::clock::ServerError;
use otpkit_core::clock::{
    ClockChecker, ClockSettings, CorrectionError, DriftReport, DriftStatus, DropReason,
    FixedBootClock, FixedClock, Resolver, ServerRole, ServerSpec, SystemClock, Trigger,
    UnknownReason,
};
use otpkit_core::otp::{self, Algorithm, OtpParams};
use otpkit_core::secret::Secret;

const BOOT: FixedBootClock = FixedBootClock(Duration::from_secs(10));

fn checker(responders: &[&Responder], deadline_ms: u64) -> ClockChecker {
    let servers = responders.iter().map(|r| r.server()).collect();
    ClockChecker::new(servers, Duration::from_millis(deadline_ms)).expect("valid checker")
}

fn check(responders: &[&Responder], deadline_ms: u64) -> DriftReport {
    checker(responders, deadline_ms).check_now(&SystemClock, &BOOT)
}

/// Every server answered and agrees.
fn assert_agreement(report: &DriftReport) {
    assert!(
        report.servers.iter().all(|s| s.role == ServerRole::Agrees),
        "{report:?}"
    );
}

fn three_at(offset_ms: i64) -> [Responder; 3] {
    [0, 1, 2].map(|_| Responder::start(offset_ms, Fault::None))
}

fn errors(report: &DriftReport) -> Vec<Option<ServerError>> {
    report.servers.iter().map(|s| s.error().cloned()).collect()
}

/// The measured offset is within the uncertainty the report claims.
fn assert_measured(report: &DriftReport, set_offset_ms: i64) {
    let offset_us = report.offset_us.expect("an offset");
    let uncertainty_us = report.uncertainty_us.expect("an uncertainty") as i64;
    let error_us = (offset_us - set_offset_ms * 1_000).abs();
    assert!(
        error_us <= uncertainty_us,
        "measured {offset_us} µs for a set {set_offset_ms} ms: off by {error_us} µs, claimed ±{uncertainty_us} µs"
    );
}

#[test]
fn measures_a_clock_on_time() {
    let [a, b, c] = three_at(0);
    let report = check(&[&a, &b, &c], 2_000);
    assert_eq!(report.status, DriftStatus::Ok, "{report:?}");
    assert_measured(&report, 0);
    assert_agreement(&report);
    assert_eq!(report.message(), "Your phone's clock is on time.");
}

#[test]
fn measures_a_clock_95_seconds_slow() {
    let [a, b, c] = three_at(95_000);
    let report = check(&[&a, &b, &c], 2_000);
    assert_eq!(report.status, DriftStatus::Bad);
    assert_measured(&report, 95_000);
    assert_agreement(&report);
    assert_eq!(
        report.message(),
        "Your phone's clock is 95 seconds slow. Codes will be rejected. Turn on automatic date and time."
    );
}

#[test]
fn measures_a_clock_20_seconds_fast() {
    let [a, b, c] = three_at(-20_000);
    let report = check(&[&a, &b, &c], 2_000);
    assert_eq!(report.status, DriftStatus::Warn);
    assert_measured(&report, -20_000);
    assert_eq!(
        report.message(),
        "Your phone's clock is 20 seconds fast. Some codes may be rejected. Turn on automatic date and time."
    );
}

#[test]
fn a_server_an_hour_off_is_outvoted() {
    let a = Responder::start(0, Fault::None);
    let b = Responder::start(0, Fault::None);
    let liar = Responder::start(3_600_000, Fault::None);
    let silent = Responder::start(0, Fault::Silent);
    let report = check(&[&a, &b, &liar, &silent], 500);
    assert_eq!(report.status, DriftStatus::Ok);
    assert_measured(&report, 0);
    let roles: Vec<_> = report.servers.iter().map(|s| s.role).collect();
    assert_eq!(
        roles,
        [
            ServerRole::Agrees,
            ServerRole::Agrees,
            ServerRole::Outvoted,
            ServerRole::Failed
        ]
    );
    let liar_offset = report.servers[2].offset_ms().expect("the liar answered");
    assert!((liar_offset - 3_600_000).abs() < 1_000);
}

#[test]
fn a_split_vote_is_unknown() {
    let a = Responder::start(0, Fault::None);
    let b = Responder::start(3_600_000, Fault::None);
    let silent = Responder::start(0, Fault::Silent);
    let report = check(&[&a, &b, &silent], 500);
    assert_eq!(report.status, DriftStatus::Unknown);
    assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
    assert_eq!(report.offset_us, None);
    assert!(!report.message().contains("rejected"));

    let pairs = [0, 0, 3_600_000, 3_600_000].map(|offset| Responder::start(offset, Fault::None));
    let report = check(&pairs.iter().collect::<Vec<_>>(), 2_000);
    assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
}

#[test]
fn every_server_silent_ends_at_the_deadline() {
    let silent = [0, 1, 2].map(|_| Responder::start(0, Fault::Silent));
    let started = Instant::now();
    let report = check(&silent.iter().collect::<Vec<_>>(), 400);
    let took = started.elapsed();
    // A termination bound, not a performance goal: a check without replies must not hang
    // (the benchmark measures how close to the deadline it ends).
    assert!(took < Duration::from_millis(400 + 2_000), "took {took:?}");
    assert_eq!(report.status, DriftStatus::Unknown);
    assert_eq!(report.unknown_reason, Some(UnknownReason::NoAnswer));
    assert_eq!(errors(&report), vec![Some(ServerError::Timeout); 3]);
    // Two attempts each, on fresh sockets.
    assert!(
        silent.iter().all(|r| r.requests() == 2),
        "{:?}",
        silent.iter().map(Responder::requests).collect::<Vec<_>>()
    );
}

#[test]
fn one_silent_server_of_three_is_waited_for_then_outvoted() {
    // Two agreeing answers do not end the check: the third could still split the vote. The
    // silent server gets both its attempts, until the deadline.
    let a = Responder::start(95_000, Fault::None);
    let slow = Responder::start_with(Setup {
        delay_ms: 100,
        ..Setup::at(95_000)
    });
    let silent = Responder::start(0, Fault::Silent);
    let started = Instant::now();
    let report = check(&[&a, &slow, &silent], 1_000);
    // A termination bound, not a performance goal.
    assert!(started.elapsed() < Duration::from_millis(1_000 + 2_000));
    assert_eq!(report.status, DriftStatus::Bad);
    assert_measured(&report, 95_000);
    assert_eq!(report.servers[1].role, ServerRole::Agrees);
    assert_eq!(report.servers[2].error(), Some(&ServerError::Timeout));
    assert_eq!(report.servers[2].role, ServerRole::Failed);
    assert_eq!(silent.requests(), 2);
}

#[test]
fn stray_datagrams_before_the_reply_are_ignored() {
    // Each reply comes after a stray from another port and a wrong-origin datagram from the server's own port, both an hour off.
    let strays = [0, 1].map(|_| Responder::start(-20_000, Fault::StrayFirst));
    let report = check(&strays.iter().collect::<Vec<_>>(), 2_000);
    // Had a stray been taken, that server would read +1 h and the two would disagree.
    assert_eq!(report.status, DriftStatus::Warn, "{report:?}");
    assert_measured(&report, -20_000);
    assert!(report.servers.iter().all(|s| s.role == ServerRole::Agrees));
    // Read on within the same exchange: no second attempt was needed.
    assert!(strays.iter().all(|r| r.requests() == 1));
}

#[test]
fn each_bad_reply_is_rejected_with_its_reason() {
    let kiss = |code: &str| ServerError::Rejected(ReplyError::KissOfDeath { code: code.into() });
    let cases = [
        (Fault::Kiss(*b"RATE"), kiss("RATE")),
        (Fault::Kiss(*b"DENY"), kiss("DENY")),
        (Fault::Kiss(*b"RSTR"), kiss("RSTR")),
        (
            Fault::Kiss([0, 0, 0, 0]),
            ServerError::Rejected(ReplyError::Stratum { stratum: 0 }),
        ),
        (
            Fault::Stratum(16),
            ServerError::Rejected(ReplyError::Stratum { stratum: 16 }),
        ),
        (
            Fault::Leap3,
            ServerError::Rejected(ReplyError::Unsynchronised),
        ),
        (
            Fault::WrongOrigin,
            ServerError::Rejected(ReplyError::WrongOrigin),
        ),
        (
            Fault::ZeroTransmit,
            ServerError::Rejected(ReplyError::ZeroTransmit),
        ),
        (
            Fault::Short(40),
            ServerError::Rejected(ReplyError::ShortPacket { len: 40 }),
        ),
        (
            Fault::Mode(3),
            ServerError::Rejected(ReplyError::WrongMode { mode: 3 }),
        ),
        (
            Fault::Mode(5),
            ServerError::Rejected(ReplyError::WrongMode { mode: 5 }),
        ),
    ];
    for (fault, expected) in cases {
        let bad = Responder::start(0, fault);
        let good = Responder::start(0, Fault::None);
        let report = check(&[&bad, &good], 1_000);
        assert_eq!(report.servers[0].error(), Some(&expected), "{fault:?}");
        assert_eq!(report.servers[0].role, ServerRole::Failed, "{fault:?}");
        // Had the bad reply counted, the two would agree on 0 s: it did not.
        assert_eq!(
            report.unknown_reason,
            Some(UnknownReason::SingleAnswer),
            "{fault:?}"
        );
        // A refusal is not retried at the same address.
        assert_eq!(bad.requests(), 1, "{fault:?}");
    }
}

#[test]
fn a_refusal_ends_the_wait_for_that_server_at_once() {
    // Every server answers at once, one of them with a reply to refuse: the check ends then,
    // not when the refused server's attempt runs out (10 s of a 20 s deadline).
    let bad = Responder::start(0, Fault::Stratum(16));
    let kiss = Responder::start(0, Fault::Kiss(*b"DENY"));
    let good = Responder::start(0, Fault::None);
    let started = Instant::now();
    let report = check(&[&bad, &kiss, &good], 20_000);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(report.unknown_reason, Some(UnknownReason::SingleAnswer));
}

/// The one reply of `setup`'s responder, checked beside a good server.
fn rejection(setup: Setup) -> Option<ServerError> {
    let bad = Responder::start_with(setup);
    let good = Responder::start(0, Fault::None);
    let report = check(&[&bad, &good], 2_000);
    assert_eq!(report.servers[0].role, ServerRole::Failed, "{report:?}");
    assert_eq!(report.unknown_reason, Some(UnknownReason::SingleAnswer));
    report.servers[0].error().cloned()
}

#[test]
fn a_precision_of_a_second_or_worse_is_refused() {
    for precision in [0, 1, 20, i8::MAX] {
        let error = rejection(Setup {
            precision,
            ..Setup::at(0)
        });
        assert_eq!(
            error.as_ref().map(ServerError::as_str),
            Some("precision"),
            "{precision}: {error:?}"
        );
    }
    // Half a second is coarse, and still a clock.
    let [half, other] = [0, 1].map(|_| {
        Responder::start_with(Setup {
            precision: -1,
            ..Setup::at(0)
        })
    });
    let report = check(&[&half, &other], 2_000);
    assert_eq!(report.status, DriftStatus::Ok, "{report:?}");
}

/// The root distance a rejection reports, in ms.
fn refused_distance(setup: Setup) -> u64 {
    match rejection(setup) {
        Some(ServerError::Rejected(ReplyError::RootDistance { millis })) => millis,
        other => panic!("expected a root-distance refusal, got {other:?}"),
    }
}

#[test]
fn the_root_distance_limit_holds_for_the_whole_error_bound() {
    // Each refusal reports at least what the server claims plus our 1 ms slack, and half the
    // loopback round trip on top (well under a second, even on a loaded machine).
    // The server's own root distance alone is over the limit.
    let far = refused_distance(Setup {
        root_dispersion_ms: 2_000,
        ..Setup::at(0)
    });
    assert!((2_001..2_500).contains(&far), "{far}");
    // 0.6 s of dispersion and 0.5 s of precision: each under 1 s, together over it.
    let together = refused_distance(Setup {
        precision: -1,
        root_dispersion_ms: 600,
        ..Setup::at(0)
    });
    assert!((1_101..1_600).contains(&together), "{together}");
    // 0.8 s of dispersion and a 0.6 s round trip (half of it counts): over it too.
    let slow = refused_distance(Setup {
        root_dispersion_ms: 800,
        delay_ms: 600,
        ..Setup::at(0)
    });
    assert!((1_101..1_600).contains(&slow), "{slow}");
}

#[test]
fn deny_stops_asking_that_server() {
    let denier = Responder::start(0, Fault::Kiss(*b"DENY"));
    let mut checker = checker(&[&denier], 1_000);
    checker.check_now(&SystemClock, &BOOT);
    assert_eq!(denier.requests(), 1, "a kiss ends the server's attempts");
    let later = ShiftedClock(30 * 86_400_000);
    let report = checker.check_now(&later, &BOOT);
    assert_eq!(denier.requests(), 1, "DENY is remembered");
    assert_eq!(
        report.servers[0].error(),
        Some(&ServerError::Refused(KissCode::Deny))
    );

    // The memory survives a restart through the settings.
    let restored = self::checker(&[&denier], 1_000).with_memory(checker.memory().clone());
    let mut restored = restored;
    restored.check_now(&later, &BOOT);
    assert_eq!(denier.requests(), 1);
}

#[test]
fn rate_backs_off_then_asks_again() {
    let limiter = Responder::start(0, Fault::Kiss(*b"RATE"));
    let mut checker = checker(&[&limiter], 1_000);
    checker.check_now(&SystemClock, &BOOT);
    assert_eq!(limiter.requests(), 1);
    let report = checker.check_now(&ShiftedClock(10 * 60_000), &BOOT);
    assert_eq!(report.servers[0].error(), Some(&ServerError::RateLimited));
    assert_eq!(limiter.requests(), 1);
    checker.check_now(&ShiftedClock(16 * 60_000), &BOOT);
    assert_eq!(
        limiter.requests(),
        2,
        "asked again after the 15-minute pause"
    );
}

#[test]
fn manual_checks_at_most_once_a_minute_automatic_once_a_day() {
    let [a, b] = [0, 1].map(|_| Responder::start(0, Fault::None));
    let asked = || (a.requests(), b.requests());
    let mut checker = checker(&[&a, &b], 1_000);
    let first = checker.check(
        Trigger::Manual,
        &SystemClock,
        &FixedBootClock::at_millis(100_000),
    );
    assert!(first.fresh);
    assert_eq!(first.report.status, DriftStatus::Ok);
    assert_eq!(asked(), (1, 1));
    let again = checker.check(
        Trigger::Manual,
        &SystemClock,
        &FixedBootClock::at_millis(159_000),
    );
    assert!(!again.fresh);
    assert_eq!(again.report, first.report);
    let auto = checker.check(
        Trigger::Automatic,
        &SystemClock,
        &FixedBootClock::at_millis(3_600_000),
    );
    assert!(
        !auto.fresh,
        "an automatic check an hour later shows the last report"
    );
    assert_eq!(asked(), (1, 1), "cached reports ask nobody");
    let minute_on = checker.check(
        Trigger::Manual,
        &SystemClock,
        &FixedBootClock::at_millis(160_000),
    );
    assert!(minute_on.fresh);
    assert_eq!(asked(), (2, 2));
    let next_day = checker.check(
        Trigger::Automatic,
        &SystemClock,
        &FixedBootClock::at_millis(160_000 + 86_400_000),
    );
    assert!(next_day.fresh);
    assert_eq!(asked(), (3, 3));
}

#[test]
fn a_device_clock_before_1970_is_measured_not_a_panic() {
    let [a, b, c] = three_at(0);
    // The device reads 1 December 1969.
    let real = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let back_ms = (real + Duration::from_secs(31 * 86_400)).as_millis() as i64;
    let device = ShiftedClock(-back_ms);
    let report = ClockChecker::new(
        vec![a.server(), b.server(), c.server()],
        Duration::from_secs(2),
    )
    .unwrap()
    .check_now(&device, &BOOT);
    assert_eq!(report.status, DriftStatus::Bad, "{report:?}");
    assert_measured(&report, back_ms);
    assert!(report
        .message()
        .ends_with("days slow. Codes will be rejected. Turn on automatic date and time."));
    assert!(report.checked_at_ms < 0);
}

fn totp() -> OtpParams {
    OtpParams::totp(
        Secret::from_bytes(b"12345678901234567890".to_vec()),
        Algorithm::Sha1,
        6,
        30,
    )
    .unwrap()
}

#[test]
fn a_correction_is_applied_then_dropped_when_the_clock_is_set() {
    // Servers 47 s behind the device: the phone is 47 s fast.
    let [a, b, c] = three_at(-47_000);
    let report = check(&[&a, &b, &c], 2_000);
    assert_measured(&report, -47_000);

    let mut settings = ClockSettings::default();
    let now_ms = report.checked_at_ms;
    let wall = FixedClock(UNIX_EPOCH + Duration::from_millis(now_ms as u64));
    let correction = settings
        .enable_correction(&report, &wall, &BOOT)
        .expect("correction");
    assert_eq!(correction.offset_ms, report.offset_ms().unwrap());

    // Codes use the corrected time.
    assert_eq!(settings.refresh_correction(&wall, &BOOT), None);
    let corrected = settings.corrected_clock(&wall);
    let corrected_at = ((now_ms + correction.offset_ms) / 1_000) as u64;
    assert_eq!(
        otp::code_now(&totp(), &corrected).unwrap(),
        otp::code(&totp(), corrected_at)
    );

    // A minute later the user turns on automatic time: the wall clock moved 13 s, the boot
    // clock 60 s. The correction is dropped and codes use the plain clock again.
    let fixed_wall =
        FixedClock(UNIX_EPOCH + Duration::from_millis((now_ms + 60_000 - 47_000) as u64));
    let later_boot = FixedBootClock(BOOT.0 + Duration::from_secs(60));
    let dropped = settings.refresh_correction(&fixed_wall, &later_boot);
    assert!(
        matches!(dropped, Some(DropReason::WallClockJumped { by_ms }) if (by_ms + 47_000).abs() < 10),
        "{dropped:?}"
    );
    assert_eq!(settings.correction, None);
    assert_eq!(settings.corrected_clock(&fixed_wall).offset_ms(), 0);
}

#[test]
fn a_correction_needs_agreement_and_at_most_an_hour() {
    let a = Responder::start(0, Fault::None);
    let b = Responder::start(3_600_000, Fault::None);
    let split = check(&[&a, &b], 1_000);
    let mut settings = ClockSettings::default();
    assert_eq!(
        settings.enable_correction(&split, &SystemClock, &BOOT),
        Err(CorrectionError::NoAgreement)
    );

    let far = [0, 1].map(|_| Responder::start(2 * 3_600_000, Fault::None));
    let report = check(&far.iter().collect::<Vec<_>>(), 1_000);
    assert_eq!(
        settings.enable_correction(&report, &SystemClock, &BOOT),
        Err(CorrectionError::TooLarge { minutes: 120 })
    );
    assert_eq!(settings.correction, None);
}

#[test]
fn a_correction_needs_a_measurement_certain_to_half_a_second() {
    // Two agreeing servers, each only certain to ± 0.5 s (precision 2^-1 s) and a little more.
    let wide = [0, 1].map(|_| {
        Responder::start_with(Setup {
            precision: -1,
            ..Setup::at(-47_000)
        })
    });
    let report = check(&wide.iter().collect::<Vec<_>>(), 1_000);
    assert_measured(&report, -47_000);
    let uncertainty_ms = report.uncertainty_ms().expect("an uncertainty");
    assert!(uncertainty_ms > 500, "{report:?}");
    let mut settings = ClockSettings::default();
    assert_eq!(
        settings.enable_correction(&report, &SystemClock, &BOOT),
        Err(CorrectionError::Uncertain { uncertainty_ms })
    );
    assert_eq!(settings.correction, None);
}

struct Offline;
impl Resolver for Offline {
    fn resolve(&self, _host: &str, _port: u16) -> io::Result<Vec<SocketAddr>> {
        Err(io::Error::other(
            "failed to look up address information: no network",
        ))
    }
}

#[test]
fn no_network_at_all_is_unknown_not_an_alarm() {
    let mut checker = ClockChecker::with_defaults().with_resolver(Arc::new(Offline));
    let report = checker.check_now(&SystemClock, &BOOT);
    assert_eq!(report.status, DriftStatus::Unknown);
    assert_eq!(report.unknown_reason, Some(UnknownReason::NoAnswer));
    assert!(report
        .servers
        .iter()
        .all(|s| matches!(s.error(), Some(ServerError::Resolve(_)))));
    assert_eq!(
        report.message(),
        "Could not check your phone's clock: no time server answered. Try again when you are online."
    );
}

#[test]
fn an_address_given_as_such_needs_no_resolver() {
    let [a, b] = [0, 1].map(|_| Responder::start(0, Fault::None));
    let mut checker = checker(&[&a, &b], 1_000).with_resolver(Arc::new(Offline));
    let report = checker.check_now(&SystemClock, &BOOT);
    assert_eq!(report.status, DriftStatus::Ok, "{report:?}");
}

#[test]
fn offline_automatic_checks_retry_after_15_minutes_not_a_day() {
    let mut checker = ClockChecker::with_defaults().with_resolver(Arc::new(Offline));
    let at = |minutes: u64| FixedBootClock::at_millis(1_000_000 + minutes * 60_000);
    assert!(
        checker
            .check(Trigger::Automatic, &SystemClock, &at(0))
            .fresh
    );
    let soon = checker.check(Trigger::Automatic, &SystemClock, &at(14));
    assert!(!soon.fresh);
    assert_eq!(soon.report.unknown_reason, Some(UnknownReason::NoAnswer));
    assert!(
        checker
            .check(Trigger::Automatic, &SystemClock, &at(16))
            .fresh
    );
}

/// A name with two addresses: the first dead, the second answering.
struct TwoAddresses(SocketAddr, SocketAddr);
impl Resolver for TwoAddresses {
    fn resolve(&self, _host: &str, _port: u16) -> io::Result<Vec<SocketAddr>> {
        Ok(vec![self.0, self.1])
    }
}

#[test]
fn a_dead_address_falls_over_to_the_next() {
    // The first attempt has half the deadline; the second all that is left (1.2 s), which the
    // live address needs 0.8 s of.
    let dead = Responder::start(0, Fault::Silent);
    let live = Responder::start_with(Setup {
        delay_ms: 800,
        ..Setup::at(95_000)
    });
    let other = Responder::start(95_000, Fault::None);
    let servers = vec![ServerSpec::parse("time.test:123").unwrap(), other.server()];
    let mut checker = ClockChecker::new(servers, Duration::from_millis(2_400))
        .unwrap()
        .with_resolver(Arc::new(TwoAddresses(dead.addr(), live.addr())));
    let report = checker.check_now(&SystemClock, &BOOT);
    assert_eq!(report.status, DriftStatus::Bad, "{report:?}");
    assert_eq!(report.servers[0].result.address, Some(live.addr()));
    assert_eq!((dead.requests(), live.requests()), (1, 1));
}
