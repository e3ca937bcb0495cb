//! The opt-in correction: an offset measured by agreeing servers, added to the device clock for
//! time-based codes until it can no longer be trusted.
//!
//! It is bounded (an hour at most: beyond that the user must fix the clock itself), it is made
//! only from a measurement certain to within half a second, and it is dropped when the wall clock moved differently from the boot clock by more than 2 s (someone
//! or something set the clock, which makes the stored offset wrong), after a reboot (the boot
//! clock restarted, so such a change cannot be seen), or after 7 days (clocks drift).

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::boot::{boot_millis, BootClock};
use super::combine::DriftReport;
use super::{wall_millis, Clock, ClockError, ClockSettings, Correction};

/// The largest correction we apply; a clock further off must be set, not papered over.
pub const MAX_CORRECTION: Duration = Duration::from_secs(60 * 60);
/// The largest uncertainty a correction may carry. A correction is applied silently to every
/// time-based code for up to a week, so it must be much better than the 10 s the clock is
/// already "fine" within: half a second puts a code on the wrong side of a 30 s step at most 1
/// time in 60. Every answer counted is within 1 s (`sntp::MAX_ROOT_DISTANCE`); wider than half a
/// second means a round trip near a second or coarse servers, which a later check may not have.
pub const MAX_UNCERTAINTY: Duration = Duration::from_millis(500);
/// Wall-clock movement beyond the boot clock's that counts as the clock having been set.
pub(crate) const MAX_JUMP: Duration = Duration::from_secs(2);
/// How long a correction lasts: a phone clock drifts up to about a second a day.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Why a correction cannot be turned on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    /// The check found no agreeing set of servers.
    #[error("the time servers did not agree on the time, so there is nothing to correct by: check again when online")]
    NoAgreement,
    /// The agreeing answers leave the offset less certain than [`MAX_UNCERTAINTY`] allows.
    #[error("the time servers' answers only place the time within ±{uncertainty_ms} ms, and a correction must be within ±{} ms: check again on a faster network", MAX_UNCERTAINTY.as_millis())]
    Uncertain {
        /// The report's uncertainty in ms, rounded up.
        uncertainty_ms: u64,
    },
    /// More than [`MAX_CORRECTION`].
    #[error("the clock is off by {minutes} minutes, more than the 60 a correction may cover: set the date and time in the system settings")]
    TooLarge {
        /// The offset in whole minutes.
        minutes: i64,
    },
    /// The check is no longer valid (see [`DropReason`]).
    #[error("the clock changed since the check ({0}): check again")]
    Stale(DropReason),
    /// A clock could not be read.
    #[error(transparent)]
    Clock(#[from] ClockError),
}

/// Why a stored correction was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropReason {
    /// The wall clock moved this much more (or less) than the boot clock.
    #[error("the date and time were changed by {by_ms} ms")]
    WallClockJumped {
        /// Wall-clock movement minus boot-clock movement, in ms.
        by_ms: i64,
    },
    /// The boot clock went back: the device restarted.
    #[error("the device restarted")]
    Rebooted,
    /// Older than `MAX_AGE`.
    #[error("the correction is more than 7 days old")]
    Expired,
    /// The boot clock cannot be read, so a clock change could not be noticed.
    #[error("the time since boot cannot be read")]
    BootClockUnavailable,
}

impl Correction {
    /// A correction from `report`'s agreeing set, dated by the report's own clock readings;
    /// refused when it is over an hour, less certain than [`MAX_UNCERTAINTY`], or when the clocks
    /// already moved apart since the check.
    pub fn from_report(
        report: &DriftReport,
        wall: &dyn Clock,
        boot: &dyn BootClock,
    ) -> Result<Correction, CorrectionError> {
        let (Some(offset_ms), Some(uncertainty_us)) = (report.offset_ms(), report.uncertainty_us)
        else {
            return Err(CorrectionError::NoAgreement);
        };
        if offset_ms.unsigned_abs() > MAX_CORRECTION.as_millis() as u64 {
            return Err(CorrectionError::TooLarge {
                minutes: offset_ms / 60_000,
            });
        }
        if u128::from(uncertainty_us) > MAX_UNCERTAINTY.as_micros() {
            return Err(CorrectionError::Uncertain {
                uncertainty_ms: uncertainty_us.div_ceil(1_000),
            });
        }
        let boot_at_ms = report
            .checked_at_boot_ms
            .ok_or(ClockError::BootClockUnavailable)?;
        let correction = Correction {
            offset_ms,
            wall_at_ms: report.checked_at_ms,
            boot_at_ms,
        };
        correction
            .still_valid(wall_millis(wall), boot_millis(boot)?)
            .map_err(CorrectionError::Stale)?;
        Ok(correction)
    }

    /// Whether the correction still holds with the clocks reading `wall_now_ms` (Unix ms) and
    /// `boot_now_ms` (ms since boot).
    pub fn still_valid(&self, wall_now_ms: i64, boot_now_ms: u64) -> Result<(), DropReason> {
        let boot_elapsed = boot_now_ms
            .checked_sub(self.boot_at_ms)
            .ok_or(DropReason::Rebooted)?;
        let wall_elapsed = i128::from(wall_now_ms) - i128::from(self.wall_at_ms);
        let jump = wall_elapsed - i128::from(boot_elapsed);
        if jump.unsigned_abs() > MAX_JUMP.as_millis() {
            // Beyond i64 only for readings at the ends of its range: say as much as fits.
            let by_ms = jump.clamp(i64::MIN.into(), i64::MAX.into()) as i64;
            return Err(DropReason::WallClockJumped { by_ms });
        }
        if u128::from(boot_elapsed) > MAX_AGE.as_millis() {
            return Err(DropReason::Expired);
        }
        Ok(())
    }
}

impl ClockSettings {
    /// Turns the correction on (the user opted in) from `report`'s agreeing set.
    pub fn enable_correction(
        &mut self,
        report: &DriftReport,
        wall: &dyn Clock,
        boot: &dyn BootClock,
    ) -> Result<Correction, CorrectionError> {
        let correction = Correction::from_report(report, wall, boot)?;
        self.correction = Some(correction);
        Ok(correction)
    }

    /// Turns the correction off.
    pub fn clear_correction(&mut self) {
        self.correction = None;
    }

    /// Drops the correction if it no longer holds, and says why (the caller then saves the
    /// settings and may tell the user). Call before every use.
    pub fn refresh_correction(
        &mut self,
        wall: &dyn Clock,
        boot: &dyn BootClock,
    ) -> Option<DropReason> {
        let correction = self.correction?;
        let verdict = match boot_millis(boot) {
            Ok(boot_now) => correction.still_valid(wall_millis(wall), boot_now),
            Err(_) => Err(DropReason::BootClockUnavailable),
        };
        let reason = verdict.err()?;
        log::info!(
            "clock correction of {} ms dropped: {reason}",
            correction.offset_ms
        );
        self.correction = None;
        Some(reason)
    }

    /// The wall clock with the stored correction added (the plain wall clock without one).
    /// For time-based codes only; call [`ClockSettings::refresh_correction`] first.
    pub fn corrected_clock<'a>(&self, wall: &'a dyn Clock) -> CorrectedClock<'a> {
        CorrectedClock {
            wall,
            offset_ms: self.correction.map_or(0, |c| c.offset_ms),
        }
    }
}

/// A wall clock with a correction added: hand it to `otp::code_now` for TOTP and Steam.
#[derive(Clone, Copy)]
pub struct CorrectedClock<'a> {
    wall: &'a dyn Clock,
    offset_ms: i64,
}

impl CorrectedClock<'_> {
    /// The correction added, in ms (0 when none).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms
    }
}

impl Clock for CorrectedClock<'_> {
    fn now(&self) -> SystemTime {
        apply(self.wall.now(), self.offset_ms)
    }
}

/// `at` moved by `offset_ms` (either sign). Saturates instead of panicking at the ends of
/// `SystemTime`.
pub(crate) fn apply(at: SystemTime, offset_ms: i64) -> SystemTime {
    let by = Duration::from_millis(offset_ms.unsigned_abs());
    let moved = if offset_ms >= 0 {
        at.checked_add(by)
    } else {
        at.checked_sub(by)
    };
    moved.unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WALL: i64 = 1_800_000_000_000;
    const BOOT: u64 = 5_000_000;

    fn stored(offset_ms: i64) -> Correction {
        Correction {
            offset_ms,
            wall_at_ms: WALL,
            boot_at_ms: BOOT,
        }
    }

    #[test]
    fn holds_while_both_clocks_move_together() {
        let c = stored(-47_000);
        assert_eq!(c.still_valid(WALL + 3_600_000, BOOT + 3_600_000), Ok(()));
        assert_eq!(c.still_valid(WALL + 3_601_900, BOOT + 3_600_000), Ok(()));
        assert_eq!(c.still_valid(WALL + 2_000, BOOT), Ok(()));
        assert_eq!(c.still_valid(WALL - 2_000, BOOT), Ok(()));
    }

    #[test]
    fn a_jump_beyond_the_range_is_reported_as_far_as_it_goes() {
        let c = stored(0);
        assert_eq!(
            c.still_valid(i64::MIN, BOOT + 1),
            Err(DropReason::WallClockJumped { by_ms: i64::MIN })
        );
        let from_the_start = Correction {
            wall_at_ms: i64::MIN,
            ..c
        };
        assert_eq!(
            from_the_start.still_valid(i64::MAX, BOOT),
            Err(DropReason::WallClockJumped { by_ms: i64::MAX })
        );
    }

    #[test]
    fn dropped_when_the_wall_clock_jumps() {
        let c = stored(-47_000);
        assert_eq!(
            c.still_valid(WALL + 60_000 - 47_000, BOOT + 60_000),
            Err(DropReason::WallClockJumped { by_ms: -47_000 })
        );
        assert_eq!(
            c.still_valid(WALL + 2_001, BOOT),
            Err(DropReason::WallClockJumped { by_ms: 2_001 })
        );
    }

    #[test]
    fn dropped_after_reboot_or_a_week() {
        let c = stored(5_000);
        assert_eq!(c.still_valid(WALL, BOOT - 1), Err(DropReason::Rebooted));
        let week = 7 * 24 * 3_600_000;
        assert_eq!(c.still_valid(WALL + week as i64, BOOT + week), Ok(()));
        assert_eq!(
            c.still_valid(WALL + week as i64 + 1, BOOT + week + 1),
            Err(DropReason::Expired)
        );
    }

    /// A report of agreeing servers at `offset_us` ± `uncertainty_us`, checked at WALL and BOOT.
    fn measured(offset_us: i64, uncertainty_us: u64) -> DriftReport {
        DriftReport {
            status: crate::clock::DriftStatus::for_offset(offset_us / 1_000),
            unknown_reason: None,
            offset_us: Some(offset_us),
            uncertainty_us: Some(uncertainty_us),
            servers: Vec::new(),
            checked_at_ms: WALL,
            checked_at_boot_ms: Some(BOOT),
        }
    }

    fn made(report: &DriftReport) -> Result<Correction, CorrectionError> {
        let wall = crate::clock::FixedClock(
            std::time::UNIX_EPOCH + Duration::from_millis(WALL as u64 + 1_000),
        );
        let boot = crate::clock::FixedBootClock::at_millis(BOOT + 1_000);
        Correction::from_report(report, &wall, &boot)
    }

    #[test]
    fn made_from_a_certain_measurement_of_at_most_an_hour() {
        assert_eq!(made(&measured(-47_000_000, 5_000)), Ok(stored(-47_000)));
        let hour_us = MAX_CORRECTION.as_micros() as i64;
        assert_eq!(made(&measured(hour_us, 0)), Ok(stored(3_600_000)));
        assert_eq!(made(&measured(-hour_us, 0)), Ok(stored(-3_600_000)));
        assert_eq!(
            made(&measured(hour_us + 1_000, 0)),
            Err(CorrectionError::TooLarge { minutes: 60 })
        );
        assert_eq!(
            made(&measured(-3 * hour_us, 0)),
            Err(CorrectionError::TooLarge { minutes: -180 })
        );
    }

    #[test]
    fn refused_when_the_servers_leave_it_uncertain() {
        let limit_us = MAX_UNCERTAINTY.as_micros() as u64;
        assert_eq!(made(&measured(20_000_000, limit_us)), Ok(stored(20_000)));
        assert_eq!(
            made(&measured(20_000_000, limit_us + 1)),
            Err(CorrectionError::Uncertain {
                uncertainty_ms: 501
            })
        );
        assert_eq!(
            made(&measured(20_000_000, 2_000_000))
                .unwrap_err()
                .to_string(),
            "the time servers' answers only place the time within ±2000 ms, and a correction must be within ±500 ms: check again on a faster network"
        );
    }

    #[test]
    fn refused_without_agreement_a_boot_clock_or_steady_clocks() {
        let unknown = DriftReport {
            offset_us: None,
            uncertainty_us: None,
            ..measured(0, 0)
        };
        assert_eq!(made(&unknown), Err(CorrectionError::NoAgreement));
        let no_uncertainty = DriftReport {
            uncertainty_us: None,
            ..measured(0, 0)
        };
        assert_eq!(made(&no_uncertainty), Err(CorrectionError::NoAgreement));
        let no_boot = DriftReport {
            checked_at_boot_ms: None,
            ..measured(0, 0)
        };
        assert_eq!(
            made(&no_boot),
            Err(CorrectionError::Clock(ClockError::BootClockUnavailable))
        );
        let set_since = DriftReport {
            checked_at_ms: WALL - 60_000,
            ..measured(0, 0)
        };
        assert_eq!(
            made(&set_since),
            Err(CorrectionError::Stale(DropReason::WallClockJumped {
                by_ms: 60_000
            }))
        );
    }

    #[test]
    fn settings_turn_the_correction_on_and_off() {
        let mut settings = ClockSettings::default();
        let wall =
            crate::clock::FixedClock(std::time::UNIX_EPOCH + Duration::from_millis(WALL as u64));
        let boot = crate::clock::FixedBootClock::at_millis(BOOT);
        let on = settings.enable_correction(&measured(-47_000_000, 5_000), &wall, &boot);
        assert_eq!(on, Ok(stored(-47_000)));
        assert_eq!(settings.correction, Some(stored(-47_000)));
        let corrected = settings.corrected_clock(&wall);
        assert_eq!(corrected.offset_ms(), -47_000);
        assert_eq!(corrected.now(), apply(wall.now(), -47_000));
        // Refreshed while both clocks moved alike it stays; after the date was set it goes.
        let later = crate::clock::FixedBootClock::at_millis(BOOT + 60_000);
        let wall_later = crate::clock::FixedClock(wall.now() + Duration::from_secs(60));
        assert_eq!(settings.refresh_correction(&wall_later, &later), None);
        assert_eq!(settings.correction, Some(stored(-47_000)));
        let mut set_back = settings.clone();
        assert_eq!(
            set_back.refresh_correction(&wall, &later),
            Some(DropReason::WallClockJumped { by_ms: -60_000 })
        );
        assert_eq!(set_back.correction, None);
        settings.clear_correction();
        assert_eq!(settings.correction, None);
        assert_eq!(settings.corrected_clock(&wall).offset_ms(), 0);
        // A refused correction leaves the settings as they were.
        settings.correction = Some(stored(5_000));
        let refused = settings.enable_correction(&measured(0, 600_000), &wall, &boot);
        assert!(matches!(refused, Err(CorrectionError::Uncertain { .. })));
        assert_eq!(settings.correction, Some(stored(5_000)));
    }

    #[test]
    fn apply_moves_both_ways_without_panicking() {
        let at = std::time::UNIX_EPOCH + Duration::from_secs(100);
        assert_eq!(apply(at, 1_500), at + Duration::from_millis(1_500));
        assert_eq!(apply(at, -1_500), at - Duration::from_millis(1_500));
        let _ = apply(at, i64::MIN);
        let _ = apply(at, i64::MAX);
    }
}
