//! What the clock-drift feature keeps between runs. The vault stores it with its settings
//! (`vault::Settings::clock`) without looking inside; `clock` owns its meaning.

use serde::{Deserialize, Serialize};

/// Clock settings persisted in the vault. New fields must have `#[serde(default)]` so older
/// vaults keep opening.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSettings {
    /// An opt-in correction measured against agreeing time servers, if the user turned it on.
    #[serde(default)]
    pub correction: Option<Correction>,
}

/// A correction to add to the device clock, with the readings that tell when it goes stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Milliseconds to add to the device's wall clock (negative when the device is fast).
    pub offset_ms: i64,
    /// The wall clock when it was measured, in Unix milliseconds.
    pub wall_at_ms: i64,
    /// The boot clock (time since boot, counting sleep) when it was measured, in milliseconds.
    pub boot_at_ms: u64,
}
