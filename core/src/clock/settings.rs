//! What the clock-drift feature keeps between runs. The vault stores it with its settings
//! (`vault::Settings::clock`) without looking inside; `clock` owns its meaning.

use serde::{Deserialize, Serialize};

use super::checker::ClockMemory;

/// Clock settings persisted in the vault. New fields must have `#[serde(default)]` so older
/// vaults keep opening.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSettings {
    /// An opt-in correction measured against agreeing time servers, if the user turned it on.
    #[serde(default)]
    pub correction: Option<Correction>,
    /// What the drift checker remembers: Kiss-o'-Death codes, the last check and its report.
    #[serde(default)]
    pub memory: ClockMemory,
}

/// A correction to add to the device clock, with the readings that tell when it goes stale
/// (see `clock::correction`: at most an hour, dropped on a clock change, a reboot or after 7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Milliseconds to add to the device's wall clock (negative when the device is fast).
    pub offset_ms: i64,
    /// The wall clock when it was measured, in Unix milliseconds.
    pub wall_at_ms: i64,
    /// The boot clock (time since boot, counting sleep) when it was measured, in milliseconds.
    pub boot_at_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_before_the_memory_field_still_read() {
        let old =
            r#"{"correction":{"offset_ms":-47000,"wall_at_ms":1800000000000,"boot_at_ms":5000}}"#;
        let settings: ClockSettings = serde_json::from_str(old).expect("old settings parse");
        assert_eq!(settings.correction.map(|c| c.offset_ms), Some(-47_000));
        assert_eq!(settings.memory, ClockMemory::default());
    }
}
