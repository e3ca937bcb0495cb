//! The platform keystore as a foreign trait: Android Keystore or the iOS Keychain / Secure
//! Enclave wraps the vault's master key with keys that never leave the secure hardware, each
//! under an alias the vault chooses and stores in its platform slot. Its methods are async (Kotlin
//! `suspend`, Swift `async`): `wrap` and `unwrap` may wait for the user at a biometric prompt.
//! The adapter turns it into core's `KeyStore`, waiting on a worker thread at most
//! [`PROMPT_TIMEOUT`]; whatever the app's implementation throws arrives in Rust as a
//! [`PlatformKeyError`], never as a crash.

use std::sync::Arc;
use std::time::Duration;

use otpkit_core::vault::{self, KeyStoreError};
use zeroize::Zeroizing;

use crate::worker::wait_for;

/// How long one call of the app's [`PlatformKeyStore`] may take, a prompt included: then it is
/// cancelled (Kotlin: the coroutine; Swift: the task) and the call fails with `KeyUnavailable`.
pub const PROMPT_TIMEOUT: Duration = Duration::from_secs(120);

/// Why the app's [`PlatformKeyStore`] could not do what was asked. Throw it from its methods;
/// any other exception the implementation lets escape is reported as `Failed` with its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PlatformKeyError {
    /// The key does not open this blob (another device, or the key was replaced).
    #[error("wrong platform key")]
    WrongKey,
    /// The user cancelled the prompt: not a failure of the key (the call fails with
    /// `Cancelled`; stay where the user was).
    #[error("cancelled")]
    Cancelled,
    /// The keystore cannot be used right now: locked device, no such key, invalidated key.
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

/// The app's keystore, one key per alias (an alias is at most 64 ASCII letters, digits, `.`,
/// `_`, `-`; the app may prefix it with its own namespace). The master key it is given is 32
/// random bytes; `unwrap` must return them exactly as they went into `wrap`. The vault calls
/// `createKey(new)`, `wrap(new, ...)`, saves, then `deleteKey(old)`: a key is deleted only once
/// no saved vault needs it.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait PlatformKeyStore: Send + Sync {
    /// Makes a new key under `alias`.
    async fn create_key(&self, alias: String) -> Result<(), PlatformKeyError>;
    /// Encrypts the vault's master key with the key under `alias`; the vault stores the result.
    async fn wrap(&self, alias: String, master_key: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError>;
    /// Decrypts what `wrap` returned, with the key under `alias`.
    async fn unwrap(&self, alias: String, wrapped: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError>;
    /// Deletes the key under `alias`; a key that is already gone is not an error.
    async fn delete_key(&self, alias: String) -> Result<(), PlatformKeyError>;
}

/// Core's view of the app's [`PlatformKeyStore`]. Only for worker threads: each call blocks
/// until the app answers or `timeout` passes.
pub(crate) struct ForeignKeyStore {
    store: Arc<dyn PlatformKeyStore>,
    timeout: Duration,
}

impl ForeignKeyStore {
    pub(crate) fn new(store: Arc<dyn PlatformKeyStore>) -> Self {
        Self::with_timeout(store, PROMPT_TIMEOUT)
    }

    pub(crate) fn with_timeout(store: Arc<dyn PlatformKeyStore>, timeout: Duration) -> Self {
        ForeignKeyStore { store, timeout }
    }

    fn wait<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, PlatformKeyError>>,
    ) -> Result<T, KeyStoreError> {
        match wait_for(call, self.timeout) {
            Some(answer) => answer.map_err(Into::into),
            None => Err(KeyStoreError::TimedOut {
                waited_s: self.timeout.as_secs(),
            }),
        }
    }
}

impl vault::KeyStore for ForeignKeyStore {
    fn create_key(&self, alias: &str) -> Result<(), KeyStoreError> {
        self.wait(self.store.create_key(alias.to_owned()))
    }

    fn wrap(&self, alias: &str, master_key: &[u8]) -> Result<Vec<u8>, KeyStoreError> {
        self.wait(self.store.wrap(alias.to_owned(), master_key.to_vec()))
    }

    fn unwrap(&self, alias: &str, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        self.wait(self.store.unwrap(alias.to_owned(), wrapped.to_vec()))
            .map(Zeroizing::new)
    }

    fn delete_key(&self, alias: &str) -> Result<(), KeyStoreError> {
        self.wait(self.store.delete_key(alias.to_owned()))
    }
}

impl From<PlatformKeyError> for KeyStoreError {
    fn from(err: PlatformKeyError) -> Self {
        match err {
            PlatformKeyError::WrongKey => KeyStoreError::WrongKey,
            PlatformKeyError::Cancelled => KeyStoreError::Cancelled,
            PlatformKeyError::Unavailable { reason } => KeyStoreError::Unavailable(reason),
            PlatformKeyError::Failed { reason } => KeyStoreError::Failed(reason),
        }
    }
}
