//! What every command may need: where the vault is, whether to print JSON, and the clock.

use std::path::PathBuf;

use otpkit_core::clock::{Clock, FixedClock, SystemClock};

/// Environment variable naming the vault file when `--vault` is not given (read by clap).
pub const VAULT_ENV: &str = "OTPKIT_VAULT";

/// Shared state for one invocation.
pub struct Context {
    vault: Option<PathBuf>,
    /// Print one JSON document instead of text.
    pub json: bool,
}

impl Context {
    /// `vault` is `--vault`, else `$OTPKIT_VAULT` (clap reads both), if either is given.
    pub fn new(vault: Option<PathBuf>, json: bool) -> Self {
        Context { vault, json }
    }

    /// The vault file: `--vault`, else `$OTPKIT_VAULT`, else `<user data dir>/otpkit/vault`.
    pub fn vault_path(&self) -> Option<PathBuf> {
        self.vault
            .clone()
            .or_else(|| dirs::data_dir().map(|dir| dir.join("otpkit").join("vault")))
    }

    /// The clock a command reads: fixed by `--at`, else the system clock.
    pub fn clock(at: Option<u64>) -> Box<dyn Clock> {
        match at {
            Some(seconds) => Box::new(FixedClock::at_unix(seconds)),
            None => Box::new(SystemClock),
        }
    }
}
