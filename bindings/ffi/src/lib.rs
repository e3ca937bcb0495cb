//! OtpKit's UniFFI facade: the API Android (Kotlin package `dev.otpkit`) and iOS (Swift module
//! `OtpKit`) build on. Thin: each export converts its arguments, calls `otpkit-core` and maps the
//! result. No secret leaves through it except in a backup the user asked to export.
//!
//! - [`error`]: the one error type apps see, [`OtpKitError`].
//! - [`reason`]: why it failed, as an [`ErrorReason`] code and [`ErrorDetails`].
//! - [`views`]: the records and enums that cross the boundary, built from core values.
//! - [`clock`]: the platform's wall clock as a foreign trait.
//! - [`logger`]: the app's log as a foreign trait, fed by core's `log` records and panics.
//! - [`codes`]: codes for a key the user typed in.
//! - [`drift`]: how far off the device clock is, from several time servers.
//! - [`qr`]: QR codes in camera frames, kept in Rust as [`ScannedCode`] handles.
//! - [`batch`]: the parts of a Google Authenticator export seen so far ([`ExportBatchTracker`]).
//! - [`transfer`]: QR codes that move accounts to another phone ([`TransferQr`]).
//! - [`uri`]: previews of and codes for `otpauth://` URIs.
//! - [`vault`]: the encrypted account store, unlocked by a passphrase or the [`PlatformKeyStore`].

// `OtpKitError` carries its `ErrorDetails` by value (about 200 bytes): every error is
// serialised across the FFI anyway, so boxing it would save nothing that matters.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!("otpkit");

pub mod batch;
pub mod clock;
pub mod codes;
pub mod drift;
pub mod error;
pub mod keystore;
pub mod logger;
pub mod qr;
pub mod reason;
pub mod transfer;
pub mod uri;
pub mod vault;
pub mod views;
mod worker;

pub use batch::{ExportBatchTracker, ExportProgress, ScannedExport};
pub use clock::WallClock;
pub use drift::{CheckTrigger, ClockChecker, DriftReport, DriftStatus, ServerAnswer};
pub use error::OtpKitError;
pub use keystore::{PlatformKeyError, PlatformKeyStore};
pub use logger::{set_logger, LogLevel, Logger, LoggerError};
pub use qr::{FramePoint, QrScanner, ScannedCode, ScannedKind};
pub use reason::{ErrorDetails, ErrorReason};
pub use transfer::TransferQr;
pub use uri::{AccountPreview, ExportPart, ParseWarning, ParsedUri, RejectedAccount};
pub use vault::{BackupFormat, ExportFormat, SlotKind, Vault};
pub use views::{
    AccountCode, AccountView, CodeView, HashAlgorithm, ImportReport, ManualEntry, OtpKind, SetupKey,
};

/// The version of the OtpKit library the app is running.
#[uniffi::export]
pub fn otpkit_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
