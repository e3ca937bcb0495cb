//! OtpKit's UniFFI facade: the API Android (Kotlin package `dev.otpkit`) and iOS (Swift module
//! `OtpKit`) build on. Thin: each export converts its arguments, calls `otpkit-core` and maps the
//! result. No secret leaves through it except in a backup the user asked to export.
//!
//! - [`error`]: the one error type apps see, [`OtpKitError`].
//! - [`views`]: the records and enums that cross the boundary, built from core values.
//! - [`clock`]: the platform's wall clock as a foreign trait.
//! - [`codes`]: codes for a key the user typed in.
//! - [`drift`]: how far off the device clock is, from several time servers.
//! - [`qr`]: QR codes in camera frames, kept in Rust as [`ScannedCode`] handles.
//! - [`batch`]: the parts of a Google Authenticator export seen so far ([`ExportBatchTracker`]).
//! - [`transfer`]: QR codes that move accounts to another phone ([`TransferQr`]).
//! - [`uri`]: previews of and codes for `otpauth://` URIs.
//! - [`vault`]: the encrypted account store, unlocked by a passphrase or the platform [`KeyStore`].

uniffi::setup_scaffolding!("otpkit");

pub mod batch;
pub mod clock;
pub mod codes;
pub mod drift;
pub mod error;
pub mod keystore;
pub mod qr;
pub mod transfer;
pub mod uri;
pub mod vault;
pub mod views;

pub use batch::{ExportBatchTracker, ExportProgress, ScannedExport};
pub use clock::WallClock;
pub use drift::{CheckTrigger, ClockChecker, DriftReport, DriftStatus, ServerAnswer};
pub use error::OtpKitError;
pub use keystore::{KeyStore, PlatformKeyError};
pub use qr::{FramePoint, QrScanner, ScannedCode, ScannedKind};
pub use transfer::TransferQr;
pub use uri::{AccountPreview, ExportPart, ParseWarning, ParsedUri, RejectedAccount};
pub use vault::{BackupFormat, SlotKind, Vault};
pub use views::{
    AccountCode, AccountView, CodeView, HashAlgorithm, ImportReport, ManualEntry, OtpKind,
};

/// The version of the OtpKit library the app is running.
#[uniffi::export]
pub fn otpkit_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
