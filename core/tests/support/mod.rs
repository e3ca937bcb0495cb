//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod sntp_responder;

use std::path::PathBuf;

/// The core crate's folder, which the fixture paths start from. `OTPKIT_TEST_DATA` replaces the
/// build machine's path when the tests run elsewhere (an Android device: see
/// scripts/qa-device-tests.sh, which copies the fixtures there).
pub fn core_dir() -> PathBuf {
    std::env::var_os("OTPKIT_TEST_DATA")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}
