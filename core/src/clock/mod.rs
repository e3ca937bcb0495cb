//! Time, injected: every function that depends on "now" takes a [`Clock`], so tests are exact.
//!
//! A device clock before 1970 is an error ([`ClockError::BeforeEpoch`]), never a panic.

mod settings;

pub use settings::{ClockSettings, Correction};

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time.
pub trait Clock: Send + Sync {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;
}

/// Why the clock cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClockError {
    /// The clock reads a time before 1 January 1970, which no OTP can be computed for.
    #[error("the device clock is set before 1970: set the date and time (turn on automatic date and time)")]
    BeforeEpoch,
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
