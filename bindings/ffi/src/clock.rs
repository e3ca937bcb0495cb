//! The device's clocks, as a foreign trait: the wall clock (Android
//! `System.currentTimeMillis()`, iOS `Date().timeIntervalSince1970`) and the boot clock (Android
//! `SystemClock.elapsedRealtime()`, iOS continuous time), which tells when somebody set the wall
//! clock. The adapter turns them into core's [`Clock`] and [`BootClock`].

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use otpkit_core::clock::{BootClock, Clock, ClockError};

/// The device's clocks, implemented by the app.
#[uniffi::export(with_foreign)]
pub trait WallClock: Send + Sync {
    /// Milliseconds since 1 January 1970 UTC, as the device reads them (negative before 1970).
    fn now_unix_millis(&self) -> i64;
    /// Milliseconds since the device booted, counting sleep, never set by the user; negative
    /// when the platform cannot tell (a clock correction is then not kept).
    fn millis_since_boot(&self) -> i64;
}

/// A clock stopped at Unix second `.0`, its boot clock at as many seconds (for tests).
#[cfg(test)]
pub(crate) struct At(pub(crate) i64);

#[cfg(test)]
impl WallClock for At {
    fn now_unix_millis(&self) -> i64 {
        self.0 * 1000
    }
    fn millis_since_boot(&self) -> i64 {
        self.0 * 1000
    }
}

/// Core's view of a [`WallClock`].
pub(crate) struct ForeignClock(pub(crate) Arc<dyn WallClock>);

impl Clock for ForeignClock {
    fn now(&self) -> SystemTime {
        let millis = self.0.now_unix_millis();
        let magnitude = Duration::from_millis(millis.unsigned_abs());
        // A time before 1970 stays before 1970, so core reports it as a clock error.
        if millis >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        }
        .unwrap_or(UNIX_EPOCH - Duration::from_secs(1))
    }
}

impl BootClock for ForeignClock {
    fn since_boot(&self) -> Result<Duration, ClockError> {
        u64::try_from(self.0.millis_since_boot())
            .map(Duration::from_millis)
            .map_err(|_| ClockError::BootClockUnavailable)
    }
}
