//! The one error type apps see. Each variant is something the app does differently; each
//! carries the user-facing message (core's `Display` text, which names the problem and the fix
//! and never carries a secret). Core errors are mapped in one exhaustive `match` per module error.
//!
//! It is a flat error: Kotlin gets `OtpKitException.InvalidInput` with `message` set to the
//! text, Swift gets `OtpKitError.InvalidInput(message:)`.

use otpkit_core::base32::Base32Error;
use otpkit_core::clock::{CheckError, ClockError, CorrectionError};
use otpkit_core::otp::OtpError;
use otpkit_core::uri::UriError;
use otpkit_core::vault::import::ImportError;
use otpkit_core::vault::{KeyStoreError, VaultError};

/// Why an OtpKit call failed. Show `message` to the user; branch on the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum OtpKitError {
    /// Something the user typed, scanned or imported is not valid, or an operation the vault
    /// refuses (duplicate, last key slot...): show the message, let them fix it.
    #[error("{message}")]
    InvalidInput {
        /// What was wrong and how to fix it.
        message: String,
    },
    /// The vault would be left with no way to open (its only key slot was to be removed):
    /// set a passphrase or turn the platform key on first.
    #[error("{message}")]
    LastKeySlot {
        /// What was refused and what to do first.
        message: String,
    },
    /// The device clock cannot be used (set before 1970): ask the user to set the date and time.
    #[error("{message}")]
    ClockUnusable {
        /// What is wrong with the clock and how to fix it.
        message: String,
    },
    /// There is no vault at that path: offer to create one.
    #[error("{message}")]
    VaultNotFound {
        /// Where it was looked for.
        message: String,
    },
    /// The passphrase (or the import file's password) is wrong: ask again.
    #[error("{message}")]
    WrongPassphrase {
        /// Which passphrase was wrong.
        message: String,
    },
    /// The import file is encrypted: ask for its password and call again with it.
    #[error("{message}")]
    PasswordRequired {
        /// Which file needs a password.
        message: String,
    },
    /// The platform keystore could not unlock the vault (key replaced or invalidated, device
    /// locked, prompt unanswered, or the app's `PlatformKeyStore` threw): offer the passphrase
    /// instead.
    #[error("{message}")]
    KeyUnavailable {
        /// What the keystore said.
        message: String,
    },
    /// The user cancelled the platform key prompt: nothing changed and nothing is wrong with the
    /// key; stay where the user was (no error message needed).
    #[error("{message}")]
    Cancelled {
        /// What was cancelled.
        message: String,
    },
    /// The vault file is damaged or was tampered with: offer to restore a backup.
    #[error("{message}")]
    VaultCorrupt {
        /// What failed.
        message: String,
    },
    /// The vault was written by a newer OtpKit: ask the user to update the app.
    #[error("{message}")]
    NewerVersion {
        /// Which version the file has.
        message: String,
    },
    /// Another process (a widget, a second app) saved the vault after this object read it, so
    /// saving now would erase that change. Nothing was saved: call `reload()` and redo the call.
    #[error("{message}")]
    ChangedElsewhere {
        /// Which file changed.
        message: String,
    },
    /// Storage failed (disk full, permissions, random source): retry later; nothing was lost.
    #[error("{message}")]
    Storage {
        /// Which file operation failed.
        message: String,
    },
}

impl OtpKitError {
    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        OtpKitError::InvalidInput {
            message: message.into(),
        }
    }
}

impl From<otpkit_core::Error> for OtpKitError {
    fn from(err: otpkit_core::Error) -> Self {
        use otpkit_core::Error;
        match err {
            Error::Base32(e) => e.into(),
            Error::Otp(e) => e.into(),
            Error::Uri(e) => e.into(),
            Error::Qr(e) => e.into(),
            Error::MigrationEncode(e) => OtpKitError::invalid_input(e.to_string()),
            Error::Clock(e) => e.into(),
            Error::ClockCheck(e) => e.into(),
            Error::Correction(e) => e.into(),
            Error::Verify(e) => OtpKitError::invalid_input(e.to_string()),
            Error::Vault(e) => e.into(),
            Error::Import(e) => e.into(),
            // `Error` is non-exhaustive: a module error added to core and not mapped yet is
            // still reported, as bad input, with core's own message.
            other => OtpKitError::invalid_input(other.to_string()),
        }
    }
}

impl From<VaultError> for OtpKitError {
    fn from(err: VaultError) -> Self {
        let message = err.to_string();
        match err {
            VaultError::NotFound { .. } => OtpKitError::VaultNotFound { message },
            VaultError::WrongPassphrase => OtpKitError::WrongPassphrase { message },
            VaultError::KeyStore(KeyStoreError::Cancelled) => OtpKitError::Cancelled { message },
            VaultError::WrongKey | VaultError::KeyStore(_) => {
                OtpKitError::KeyUnavailable { message }
            }
            // A vault asking for far more Argon2 work than OtpKit ever writes was made or
            // changed by something else: like a damaged file, offer a backup.
            VaultError::Tampered | VaultError::Corrupt { .. } | VaultError::ExpensiveKdf(_) => {
                OtpKitError::VaultCorrupt { message }
            }
            VaultError::NewerVersion { .. } => OtpKitError::NewerVersion { message },
            VaultError::LastSlot => OtpKitError::LastKeySlot { message },
            VaultError::ChangedElsewhere { .. } => OtpKitError::ChangedElsewhere { message },
            VaultError::Io { .. }
            | VaultError::Random
            | VaultError::Busy { .. }
            | VaultError::NotAFile { .. } => OtpKitError::Storage { message },
            VaultError::AlreadyExists { .. }
            | VaultError::NoSlot { .. }
            | VaultError::KdfParams(_)
            | VaultError::EmptyPassphrase
            | VaultError::NoSuchAccount(_)
            | VaultError::Duplicate { .. }
            | VaultError::Full { .. }
            | VaultError::InvalidAccount(_)
            | VaultError::NotHotp(_)
            | VaultError::CounterExhausted(_)
            | VaultError::InvalidName(_)
            | VaultError::RepeatedSlot { .. } => OtpKitError::InvalidInput { message },
            // Non-exhaustive in core: a new refusal is shown as bad input with its message.
            _ => OtpKitError::InvalidInput { message },
        }
    }
}

impl From<ImportError> for OtpKitError {
    fn from(err: ImportError) -> Self {
        let message = err.to_string();
        match err {
            ImportError::Backup(e) => e.into(),
            ImportError::PasswordRequired { .. } => OtpKitError::PasswordRequired { message },
            ImportError::WrongPassword { .. } => OtpKitError::WrongPassphrase { message },
            ImportError::UnknownFormat
            | ImportError::TooLarge { .. }
            | ImportError::TooManyEntries { .. }
            | ImportError::Malformed { .. }
            | ImportError::UnsupportedVersion { .. }
            | ImportError::ExpensiveKdf { .. }
            | ImportError::Tampered { .. } => OtpKitError::InvalidInput { message },
            // Non-exhaustive in core: a new rejection is shown as bad input with its message.
            _ => OtpKitError::InvalidInput { message },
        }
    }
}

impl From<Base32Error> for OtpKitError {
    fn from(err: Base32Error) -> Self {
        OtpKitError::invalid_input(err.to_string())
    }
}

impl From<OtpError> for OtpKitError {
    fn from(err: OtpError) -> Self {
        OtpKitError::invalid_input(err.to_string())
    }
}

impl From<UriError> for OtpKitError {
    fn from(err: UriError) -> Self {
        OtpKitError::invalid_input(err.to_string())
    }
}

impl From<ClockError> for OtpKitError {
    fn from(err: ClockError) -> Self {
        let message = err.to_string();
        match err {
            ClockError::BeforeEpoch => OtpKitError::ClockUnusable { message },
            // No boot clock: a correction is refused (the message says so); codes still work.
            ClockError::BootClockUnavailable => OtpKitError::InvalidInput { message },
            _ => OtpKitError::ClockUnusable { message },
        }
    }
}

impl From<CheckError> for OtpKitError {
    fn from(err: CheckError) -> Self {
        // A bad server list or deadline: the message names the fix.
        OtpKitError::invalid_input(err.to_string())
    }
}

impl From<CorrectionError> for OtpKitError {
    fn from(err: CorrectionError) -> Self {
        match err {
            CorrectionError::Clock(e) => e.into(),
            // No agreement, too large, or stale: a refusal whose message names the fix.
            other => OtpKitError::invalid_input(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_cores_text() {
        let err = OtpKitError::from(otpkit_core::Error::from(OtpError::PeriodZero));
        assert_eq!(
            err,
            OtpKitError::invalid_input(
                "period is 0 seconds: use 1 or more (30 is the usual value)"
            )
        );
        assert_eq!(err.to_string(), OtpError::PeriodZero.to_string());
    }

    #[test]
    fn an_expensive_key_derivation_is_not_a_wrong_passphrase() {
        use otpkit_core::vault::import::{ImportFormat, KdfCost};
        let cost = KdfCost {
            what: "scrypt N x r x p",
            asked: 1 << 25,
            limit: 1 << 20,
        };
        let vault = OtpKitError::from(VaultError::ExpensiveKdf(cost));
        assert!(
            matches!(vault, OtpKitError::VaultCorrupt { .. }),
            "{vault:?}"
        );
        let import = ImportError::ExpensiveKdf {
            format: ImportFormat::Aegis,
            cost,
        };
        let message = import.to_string();
        assert_eq!(
            OtpKitError::from(import),
            OtpKitError::InvalidInput { message }
        );
        let too_many = ImportError::TooManyEntries {
            format: ImportFormat::Uris,
            max: 1,
        };
        assert!(matches!(
            OtpKitError::from(too_many),
            OtpKitError::InvalidInput { .. }
        ));
    }

    #[test]
    fn a_clock_before_1970_is_its_own_variant() {
        let err = OtpKitError::from(otpkit_core::Error::from(ClockError::BeforeEpoch));
        assert!(matches!(err, OtpKitError::ClockUnusable { .. }));
    }
}
