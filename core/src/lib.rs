//! OtpKit's authenticator core: everything an authenticator app does except the camera and the screen.
//!
//! - [`secret`]: key bytes that zeroize on drop and never print.
//! - [`otp`]: HOTP, TOTP and Steam Guard codes at an explicit instant.
//! - [`uri`]: `otpauth://` and `otpauth-migration://` parsing and formatting.
//! - [`qr`]: QR codes in camera frames and image files.
//! - [`clock`]: the injected clock, and clock drift: SNTP checks, the correction, `verify`.
//! - [`vault`]: the encrypted account store, its backups and importers.
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
