//! The crate-wide error: each module's own error, joined so callers can use `?` across modules.

use crate::clock::{CheckError, CorrectionError, VerifyError};
use crate::qr::{BatchPartError, QrError};
use crate::uri::{migration::EncodeError, UriError};
use crate::vault::{import::ImportError, VaultError};
use crate::{base32::Base32Error, clock::ClockError, otp::OtpError};

/// Any error the core returns. Each variant's message comes from the module's own error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A secret that is not valid base32.
    #[error(transparent)]
    Base32(#[from] Base32Error),
    /// Code generation parameters out of range.
    #[error(transparent)]
    Otp(#[from] OtpError),
    /// A rejected `otpauth://` or `otpauth-migration://` URI.
    #[error(transparent)]
    Uri(#[from] UriError),
    /// A camera frame or image the QR scanner refused.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// A scanned export code that does not fit the export's codes scanned before.
    #[error(transparent)]
    BatchPart(#[from] BatchPartError),
    /// Accounts that cannot be written as a Google Authenticator export.
    #[error(transparent)]
    MigrationEncode(#[from] EncodeError),
    /// The device clock cannot be used.
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// A drift check that cannot be set up (bad server, no servers, bad deadline).
    #[error(transparent)]
    ClockCheck(#[from] CheckError),
    /// A clock correction that cannot be turned on.
    #[error(transparent)]
    Correction(#[from] CorrectionError),
    /// A typed code that cannot be verified.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A vault operation failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// An import file could not be read.
    #[error(transparent)]
    Import(#[from] ImportError),
}
