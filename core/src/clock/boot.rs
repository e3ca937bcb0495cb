//! The boot clock: time since the device started, counting sleep, which no user setting changes.
//!
//! Comparing how far it moved with how far the wall clock moved tells when somebody set the
//! wall clock (a stored correction is then wrong). Android gives it as `elapsedRealtime`, iOS as
//! continuous time; the apps hand it over. On Linux we read `/proc/uptime`.

use std::time::Duration;

use super::ClockError;

/// A source of time since boot that counts sleep and is never set by the user.
pub trait BootClock: Send + Sync {
    /// Time since the device booted.
    fn since_boot(&self) -> Result<Duration, ClockError>;
}

/// The operating system's boot clock: `/proc/uptime` on Linux (10 ms resolution, counts
/// suspend like `CLOCK_BOOTTIME`). Elsewhere it reports [`ClockError::BootClockUnavailable`],
/// and corrections are then refused rather than kept without a way to notice clock changes.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemBootClock;

impl BootClock for SystemBootClock {
    fn since_boot(&self) -> Result<Duration, ClockError> {
        let text = std::fs::read_to_string("/proc/uptime")
            .map_err(|_| ClockError::BootClockUnavailable)?;
        parse_uptime(&text).ok_or(ClockError::BootClockUnavailable)
    }
}

/// A boot clock that always reads the same value: for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedBootClock(pub Duration);

impl FixedBootClock {
    /// A boot clock reading `millis` milliseconds since boot.
    pub fn at_millis(millis: u64) -> Self {
        FixedBootClock(Duration::from_millis(millis))
    }
}

impl BootClock for FixedBootClock {
    fn since_boot(&self) -> Result<Duration, ClockError> {
        Ok(self.0)
    }
}

/// The first field of `/proc/uptime`: seconds since boot with a decimal fraction ("4242.17").
fn parse_uptime(text: &str) -> Option<Duration> {
    let first = text.split_whitespace().next()?;
    let (whole, fraction) = first.split_once('.').unwrap_or((first, ""));
    let seconds: u64 = whole.parse().ok()?;
    let mut nanos: u32 = 0;
    let mut scale: u32 = 100_000_000;
    for digit in fraction.chars().take(9) {
        nanos += digit.to_digit(10)? * scale;
        scale /= 10;
    }
    Some(Duration::new(seconds, nanos))
}

/// Milliseconds since boot, as stored in settings.
pub(crate) fn boot_millis(boot: &dyn BootClock) -> Result<u64, ClockError> {
    let since = boot.since_boot()?;
    Ok(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_uptime() {
        assert_eq!(
            parse_uptime("4242.17 8000.01\n"),
            Some(Duration::from_millis(4_242_170))
        );
        assert_eq!(parse_uptime("12 3"), Some(Duration::from_secs(12)));
        assert_eq!(parse_uptime("x.5 1"), None);
        assert_eq!(parse_uptime(""), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn system_boot_clock_reads_on_linux() {
        let first = SystemBootClock
            .since_boot()
            .expect("/proc/uptime is readable");
        let second = SystemBootClock
            .since_boot()
            .expect("/proc/uptime is readable");
        assert!(first > Duration::ZERO);
        assert!(second >= first);
    }
}
