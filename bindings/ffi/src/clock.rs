//! The platform's wall clock, as a foreign trait: Android passes `System.currentTimeMillis()`,
//! iOS `Date().timeIntervalSince1970`. The adapter turns it into core's [`Clock`].

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use otpkit_core::clock::Clock;

/// The device's wall clock, implemented by the app.
#[uniffi::export(with_foreign)]
pub trait WallClock: Send + Sync {
    /// Milliseconds since 1 January 1970 UTC, as the device reads them (negative before 1970).
    fn now_unix_millis(&self) -> i64;
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
