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

/// The container format version a vault or backup file is written in: the two bytes after the
/// 8-byte magic (see core/src/vault/container.rs).
pub fn container_format(file: &std::path::Path) -> u16 {
    let bytes = std::fs::read(file).unwrap();
    u16::from_le_bytes([bytes[8], bytes[9]])
}

/// Cheap Argon2 parameters so tests run fast; the defaults are for real vaults and benchmarks.
pub fn cheap_kdf() -> otpkit_core::vault::KdfParams {
    otpkit_core::vault::KdfParams::new(64, 1, 1).unwrap()
}

/// A TOTP draft with the default parameters.
pub fn totp_draft(issuer: &str, label: &str, secret: &[u8]) -> otpkit_core::uri::AccountDraft {
    otpkit_core::uri::AccountDraft {
        otp_type: otpkit_core::otp::OtpType::Totp,
        issuer: Some(issuer.into()),
        label: label.into(),
        secret: otpkit_core::secret::Secret::from_bytes(secret.to_vec()),
        algorithm: None,
        digits: None,
        period: None,
        counter: None,
    }
}
