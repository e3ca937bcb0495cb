//! Time, injected: every function that depends on "now" takes a [`Clock`] (and a [`BootClock`]
//! where clock changes matter), so tests are exact. A device clock before 1970 is an error
//! ([`ClockError::BeforeEpoch`]) for codes, never a panic.
//!
//! Clock drift, one concern per module:
//! - `sntp`: SNTP packets over sntpc, every rejection typed.
//! - `socket`: one exchange on a fresh UDP socket, up to a deadline, skipping strays.
//! - `server`: the servers a user names, and their addresses, resolved under the deadline.
//! - `check`: servers asked in parallel under one deadline.
//! - `kiss`: Kiss-o'-Death memory, kept between checks.
//! - `combine`: agreement, falsetickers, the overlap's middle, the status and its sentence.
//! - `checker`: [`ClockChecker`], polite (automatic daily, manual once a minute).
//! - `correction`: the opt-in correction and when it goes stale.
//! - `verify`: which step a typed code matched ([`verify()`]), and the clock error that implies.
//!
//! Everything public is used from here (`otpkit_core::clock::ClockChecker`): the modules are
//! private.

mod boot;
mod check;
mod checker;
mod combine;
mod correction;
mod kiss;
mod server;
mod settings;
mod sntp;
mod socket;
mod verify;

pub use boot::{BootClock, FixedBootClock, SystemBootClock};
pub use check::{CheckError, ServerError, ServerResult, DEFAULT_DEADLINE, MAX_DEADLINE};
pub use checker::{
    CheckOutcome, CheckStamp, ClockChecker, ClockMemory, Trigger, AUTOMATIC_INTERVAL,
    MANUAL_INTERVAL, OFFLINE_RETRY,
};
pub use combine::{Device, DriftReport, DriftStatus, ServerReport, ServerRole, UnknownReason};
pub use correction::{
    CorrectedClock, CorrectionError, DropReason, MAX_CORRECTION, MAX_UNCERTAINTY,
};
pub use kiss::{KissCode, KissMemory, KissRecord, RATE_BACKOFF_MAX, RATE_BACKOFF_START};
pub use server::{Resolver, ServerSpec, SystemResolver, DEFAULT_SERVERS, NTP_PORT};
pub use settings::{ClockSettings, Correction};
#[cfg(feature = "fuzzing")]
pub use sntp::{fuzz_read_reply, PACKET_LEN as SNTP_PACKET_LEN};
pub use sntp::{ReplyError, Sample};
pub use verify::{verify, VerifyError, VerifyMatch, DEFAULT_WINDOW, MAX_WINDOW};

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time.
pub trait Clock: Send + Sync {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;
}

/// Why the clock cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The clock reads a time before 1 January 1970, which no OTP can be computed for.
    #[error("the device clock is set before 1970: set the date and time (turn on automatic date and time)")]
    BeforeEpoch,
    /// The time since boot cannot be read, so a change of the wall clock cannot be noticed.
    #[error("the time since boot cannot be read on this system, so the clock correction is not available")]
    BootClockUnavailable,
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always reads the same instant: for tests and for `--at`.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub SystemTime);

impl FixedClock {
    /// A clock fixed at `seconds` after the Unix epoch.
    pub fn at_unix(seconds: u64) -> Self {
        FixedClock(UNIX_EPOCH + Duration::from_secs(seconds))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Time since the Unix epoch as the clock reads it.
pub fn since_epoch(clock: &dyn Clock) -> Result<Duration, ClockError> {
    clock
        .now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ClockError::BeforeEpoch)
}

/// Whole seconds since the Unix epoch as the clock reads it.
pub fn unix_seconds(clock: &dyn Clock) -> Result<u64, ClockError> {
    since_epoch(clock).map(|elapsed| elapsed.as_secs())
}

/// The wall clock in Unix milliseconds, negative before 1970: for dating checks and kisses,
/// where a clock before 1970 is a reading like any other (no error, no panic).
pub(crate) fn wall_millis(clock: &dyn Clock) -> i64 {
    match clock.now().duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_reads_its_instant() {
        assert_eq!(unix_seconds(&FixedClock::at_unix(59)), Ok(59));
    }

    #[test]
    fn a_clock_before_1970_is_an_error_not_a_panic() {
        let clock = FixedClock(UNIX_EPOCH - Duration::from_secs(1));
        assert_eq!(unix_seconds(&clock), Err(ClockError::BeforeEpoch));
    }
}
