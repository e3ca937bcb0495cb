//! OtpKit's authenticator core: everything an authenticator app does except the camera and the screen.
//!
//! - [`secret`]: key bytes that zeroize on drop and never print.
//! - [`otp`]: HOTP, TOTP and Steam Guard codes at an explicit instant.
//! - [`uri`]: `otpauth://` and `otpauth-migration://` parsing and formatting.
//! - [`qr`]: QR codes in camera frames and image files.
//! - [`clock`]: the injected clock, and clock drift: SNTP checks, the correction, `verify`.
//! - [`vault`]: the encrypted account store, its backups and importers.
//!
//! Each public item has one path, one level down: `otpkit_core::vault::Vault`,
//! `otpkit_core::clock::ClockChecker`, `otpkit_core::uri::parse`. The domain says what a name
//! belongs to (a flat root would need `uri::Rejected` and `vault::Rejected` renamed) and each
//! domain's files are private modules behind it. A few areas with their own vocabulary are one
//! level further: `uri::migration` (Google's export, with its `proto` schema), `qr::transfer`,
//! `vault::import` (with `uris` and `andotp`) and `vault::export`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod base32;
pub mod clock;
mod error;
#[cfg(test)]
mod names;
mod order;
pub mod otp;
pub mod qr;
pub mod secret;
pub mod uri;
pub mod vault;

pub use error::Error;
