//! The stored clock correction as the CLI uses it: codes at the corrected time, turned on by
//! `otpkit drift --apply`, off by `otpkit drift --clear`, dropped (and the drop saved) as soon
//! as it no longer holds (the clock was set, the machine restarted, or it is a week old).

use otpkit_core::clock::{self, SystemBootClock, SystemClock};
use otpkit_core::vault::{Vault, VaultError};

use crate::error::CliError;

/// The instant codes are computed for, and the correction in it.
pub struct CodesAt {
    /// Unix seconds.
    pub at: u64,
    /// The correction added to the system clock, in ms; None without one (or with `--at`).
    pub correction_ms: Option<i64>,
}

/// `--at` as given (the user named the instant: no correction), else now on the system clock
/// plus the stored correction.
pub fn codes_at(vault: &mut Vault, at: Option<u64>) -> Result<CodesAt, CliError> {
    if let Some(at) = at {
        return Ok(CodesAt {
            at,
            correction_ms: None,
        });
    }
    let mut settings = vault.settings().clone();
    if let Some(reason) = settings
        .clock
        .refresh_correction(&SystemClock, &SystemBootClock)
    {
        match vault.set_settings(settings.clone()) {
            // Another otpkit saved the vault meanwhile (`watch` keeps it open): take its
            // version and decide again.
            Err(VaultError::ChangedElsewhere { .. }) => {
                vault.reload()?;
                return codes_at(vault, None);
            }
            saved => saved?,
        }
        eprintln!(
            "note: the clock correction is off: {reason}. `otpkit drift --apply` measures it again."
        );
    }
    let corrected = settings.clock.corrected_clock(&SystemClock);
    Ok(CodesAt {
        at: clock::unix_seconds(&corrected)?,
        correction_ms: settings.clock.correction.map(|c| c.offset_ms),
    })
}

/// The line `codes` adds under the list when a correction is applied.
pub fn note(correction_ms: i64) -> String {
    format!(
        "(clock corrected by {:+.1} s from time servers; `otpkit drift --clear` turns this off)",
        correction_ms as f64 / 1_000.0
    )
}
