//! The platform keystore as a foreign trait: Android Keystore or the iOS Keychain / Secure
//! Enclave wraps the vault's master key with a key that never leaves the secure hardware.
//! The adapter turns it into core's `KeyStore`; whatever the app's implementation throws
//! arrives in Rust as a [`PlatformKeyError`], never as a crash.

use std::sync::Arc;

use otpkit_core::vault::{self, KeyStoreError};
use zeroize::Zeroizing;

/// Why the app's [`KeyStore`] could not wrap or unwrap. Throw it from `wrap`/`unwrap`; any other
/// exception the implementation lets escape is reported as `Failed` with its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PlatformKeyError {
    /// The key does not open this blob (another device, or the key was replaced).
    #[error("wrong platform key")]
    WrongKey,
    /// The keystore cannot be used right now: locked device, cancelled prompt, invalidated key.
    #[error("unavailable: {reason}")]
    Unavailable {
        /// What the platform said.
        reason: String,
    },
    /// Any other failure.
    #[error("failed: {reason}")]
    Failed {
        /// What the platform said.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for PlatformKeyError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        PlatformKeyError::Failed { reason: err.reason }
    }
}

/// The app's keystore. The master key it is given is 32 random bytes; it must return them
/// from `unwrap` exactly as they went into `wrap`.
#[uniffi::export(with_foreign)]
pub trait KeyStore: Send + Sync {
    /// Encrypts the vault's master key with the platform key; the vault stores the result.
    fn wrap(&self, master_key: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError>;
    /// Decrypts what `wrap` returned.
    fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError>;
}

/// Core's view of the app's [`KeyStore`].
pub(crate) struct ForeignKeyStore(pub(crate) Arc<dyn KeyStore>);

impl vault::KeyStore for ForeignKeyStore {
    fn wrap(&self, master_key: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        self.0.wrap(master_key.to_vec()).map_err(Into::into)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        self.0
            .unwrap(wrapped.to_vec())
            .map(Zeroizing::new)
            .map_err(Into::into)
    }
}

impl From<PlatformKeyError> for KeyStoreError {
    fn from(err: PlatformKeyError) -> Self {
        match err {
            PlatformKeyError::WrongKey => KeyStoreError::WrongKey,
            PlatformKeyError::Unavailable { reason } => KeyStoreError::Unavailable(reason),
            PlatformKeyError::Failed { reason } => KeyStoreError::Failed(reason),
        }
    }
}
