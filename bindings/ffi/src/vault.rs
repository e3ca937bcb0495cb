//! The vault: the app's accounts in one encrypted file. `Vault` holds core's vault behind a
//! mutex (calls from several threads queue up); each method converts its arguments, calls
//! core and maps the result.

use std::sync::{Arc, Mutex, MutexGuard};

use otpkit_core::clock::unix_seconds;
use otpkit_core::uri;
use otpkit_core::vault::import::{self, ImportFormat};
use otpkit_core::vault::SlotKind as CoreSlotKind;
use otpkit_core::vault::{self as core_vault, AccountId, KdfParams, NewSlot, Unlock};
use zeroize::Zeroizing;

use crate::clock::{ForeignClock, WallClock};
use crate::codes::unix_instant;
use crate::drift::ClockChecker;
use crate::error::OtpKitError;
use crate::keystore::{ForeignKeyStore, KeyStore};
use crate::qr::ScannedCode;
use crate::views::{AccountCode, AccountView, CodeView, ImportReport};

/// An open vault. Every change is saved before the method returns; a failed save changes
/// nothing.
#[derive(uniffi::Object)]
pub struct Vault {
    inner: Mutex<core_vault::Vault>,
}

/// The file formats `importFile` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BackupFormat {
    /// An OtpKit backup (passphrase-protected).
    Otpkit,
    /// An Aegis export, plain or encrypted.
    Aegis,
    /// A 2FAS export, plain or encrypted.
    TwoFas,
    /// Text with one `otpauth://` or `otpauth-migration://` URI per line.
    UriList,
}

impl From<BackupFormat> for ImportFormat {
    fn from(format: BackupFormat) -> Self {
        match format {
            BackupFormat::Otpkit => ImportFormat::Otpkit,
            BackupFormat::Aegis => ImportFormat::Aegis,
            BackupFormat::TwoFas => ImportFormat::TwoFas,
            BackupFormat::UriList => ImportFormat::Uris,
        }
    }
}

/// The ways a vault can be unlocked: each is a key slot that wraps the vault's master key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SlotKind {
    /// The user's passphrase (Argon2id): the way back in when the platform key is lost.
    Passphrase,
    /// The platform keystore's key (Android Keystore, iOS Keychain / Secure Enclave).
    Platform,
}

impl From<SlotKind> for CoreSlotKind {
    fn from(kind: SlotKind) -> Self {
        match kind {
            SlotKind::Passphrase => CoreSlotKind::Passphrase,
            SlotKind::Platform => CoreSlotKind::Platform,
        }
    }
}

impl From<CoreSlotKind> for SlotKind {
    fn from(kind: CoreSlotKind) -> Self {
        match kind {
            CoreSlotKind::Passphrase => SlotKind::Passphrase,
            CoreSlotKind::Platform => SlotKind::Platform,
        }
    }
}

#[uniffi::export]
impl Vault {
    /// Creates a new, empty vault at `path`, unlocked by the platform keystore. Refuses to
    /// overwrite a file.
    #[uniffi::constructor]
    pub fn create_with_key_store(
        path: String,
        key_store: Arc<dyn KeyStore>,
    ) -> Result<Arc<Self>, OtpKitError> {
        let store = ForeignKeyStore(key_store);
        Self::wrap(core_vault::Vault::create(path, NewSlot::KeyStore(&store)))
    }

    /// Creates a new, empty vault at `path`, unlocked by a passphrase (Argon2id). Refuses to
    /// overwrite a file.
    #[uniffi::constructor]
    pub fn create_with_passphrase(
        path: String,
        passphrase: String,
    ) -> Result<Arc<Self>, OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        Self::wrap(core_vault::Vault::create(
            path,
            NewSlot::Passphrase(passphrase.as_bytes(), KdfParams::DEFAULT),
        ))
    }

    /// Opens the vault at `path` with the platform keystore. A failed open changes nothing.
    #[uniffi::constructor]
    pub fn open_with_key_store(
        path: String,
        key_store: Arc<dyn KeyStore>,
    ) -> Result<Arc<Self>, OtpKitError> {
        let store = ForeignKeyStore(key_store);
        Self::wrap(core_vault::Vault::open(path, Unlock::KeyStore(&store)))
    }

    /// Opens the vault at `path` with its passphrase. A failed open changes nothing.
    #[uniffi::constructor]
    pub fn open_with_passphrase(
        path: String,
        passphrase: String,
    ) -> Result<Arc<Self>, OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        Self::wrap(core_vault::Vault::open(
            path,
            Unlock::Passphrase(passphrase.as_bytes()),
        ))
    }

    /// The ways this vault can be unlocked, in the order its slots are stored.
    pub fn slot_kinds(&self) -> Vec<SlotKind> {
        self.lock()
            .slot_kinds()
            .into_iter()
            .map(SlotKind::from)
            .collect()
    }

    /// Sets the vault's passphrase (Argon2id, default parameters): adds a passphrase slot, or
    /// replaces the old one. The accounts are not re-encrypted and cannot be lost. An empty
    /// passphrase is refused (`InvalidInput`).
    pub fn set_passphrase(&self, passphrase: String) -> Result<(), OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        Ok(self
            .lock()
            .set_passphrase(passphrase.as_bytes(), KdfParams::DEFAULT)?)
    }

    /// Turns on unlock with the platform keystore: `keyStore` wraps the master key (its `wrap`
    /// may show a biometric prompt) and the result replaces any older platform slot, e.g. one
    /// whose key was invalidated by a new fingerprint or face. If `wrap` fails nothing changes
    /// (`KeyUnavailable`).
    pub fn set_platform_key(&self, key_store: Arc<dyn KeyStore>) -> Result<(), OtpKitError> {
        let store = ForeignKeyStore(key_store);
        Ok(self.lock().set_platform_key(&store)?)
    }

    /// Replaces the vault's master key: the content is encrypted again under a fresh key that
    /// only the slots given here unwrap: `passphrase` (a new one, or the same one again) and/or
    /// `keyStore`; a slot not given is dropped. Unlike `setPassphrase`, which rewraps the same
    /// master key, an old copy of the file (a device backup) opened with the old passphrase then
    /// reads nothing saved from now on. Giving neither is refused (`LastKeySlot`). Other
    /// processes with the vault open must unlock it again.
    pub fn rekey(
        &self,
        passphrase: Option<String>,
        key_store: Option<Arc<dyn KeyStore>>,
    ) -> Result<(), OtpKitError> {
        let passphrase = passphrase.map(Zeroizing::new);
        let store = key_store.map(ForeignKeyStore);
        let mut slots = Vec::new();
        if let Some(passphrase) = &passphrase {
            slots.push(NewSlot::Passphrase(
                passphrase.as_bytes(),
                KdfParams::DEFAULT,
            ));
        }
        if let Some(store) = &store {
            slots.push(NewSlot::KeyStore(store));
        }
        Ok(self.lock().rekey(&slots)?)
    }

    /// Removes the slot of `kind` (e.g. turns biometric unlock off). Removing the vault's only
    /// slot is refused (`LastKeySlot`): it would never open again. A vault without that slot
    /// is `InvalidInput`.
    pub fn remove_slot(&self, kind: SlotKind) -> Result<(), OtpKitError> {
        Ok(self.lock().remove_slot(kind.into())?)
    }

    /// Reads the vault file again, to pick up what another process (a widget, a second app)
    /// saved: call it when a call fails with `ChangedElsewhere`, then redo the call; or when the
    /// app comes back to the foreground. Needs no passphrase or key. On failure nothing changes.
    pub fn reload(&self) -> Result<(), OtpKitError> {
        Ok(self.lock().reload()?)
    }

    /// `reload()` only if another process saved the vault since this object read or wrote it
    /// (otherwise one file read and a hash): call it when the app comes back to the foreground.
    /// True if it reloaded (refresh the screens).
    pub fn reload_if_changed(&self) -> Result<bool, OtpKitError> {
        Ok(self.lock().reload_if_changed()?)
    }

    /// The accounts, in the user's order. Never their secrets.
    pub fn accounts(&self) -> Vec<AccountView> {
        self.lock()
            .accounts()
            .iter()
            .map(AccountView::from)
            .collect()
    }

    /// Adds the account(s) of a scanned or pasted `otpauth://` URI (several for a Google
    /// Authenticator export). Accounts already in the vault are reported, not added twice.
    pub fn add_uri(
        &self,
        uri: String,
        now: Arc<dyn WallClock>,
    ) -> Result<ImportReport, OtpKitError> {
        let uri = Zeroizing::new(uri);
        let batch = import::uris::batch_from(uri::parse(&uri)?, "the scanned code");
        let created = unix_seconds(&ForeignClock(now))?;
        let mut vault = self.lock();
        let report = vault.import(batch, created)?;
        Ok(ImportReport::new(&report))
    }

    /// Adds the account(s) of a scanned QR code (see `QrScanner`): its content goes from the
    /// scanner to the vault without leaving Rust.
    pub fn add_scanned(
        &self,
        code: Arc<ScannedCode>,
        now: Arc<dyn WallClock>,
    ) -> Result<ImportReport, OtpKitError> {
        let batch = import::uris::batch_from(uri::parse(code.text())?, "the scanned code");
        let created = unix_seconds(&ForeignClock(now))?;
        let report = self.lock().import(batch, created)?;
        Ok(ImportReport::new(&report))
    }

    /// The current code of every account at Unix second `at_unix_seconds`, in the user's order:
    /// one call per screen refresh. HOTP accounts have no code here (see `nextHotpCode`).
    pub fn codes_at(&self, at_unix_seconds: i64) -> Result<Vec<AccountCode>, OtpKitError> {
        let at = unix_instant(at_unix_seconds)?;
        Ok(codes_of(&self.lock(), at))
    }

    /// [`Vault::codes_at`] now, as the app's clock reads it, plus the clock correction if the
    /// user turned it on. A correction that no longer holds (the date was set, the device
    /// restarted, a week passed) is dropped first, and the drop saved.
    pub fn codes(&self, now: Arc<dyn WallClock>) -> Result<Vec<AccountCode>, OtpKitError> {
        let device = ForeignClock(now);
        let mut vault = self.lock();
        let mut settings = vault.settings().clone();
        if settings
            .clock
            .refresh_correction(&device, &device)
            .is_some()
        {
            vault.set_settings(settings.clone())?;
        }
        let at = unix_seconds(&settings.clock.corrected_clock(&device))?;
        Ok(codes_of(&vault, at))
    }

    /// Turns the clock correction on (the user opted in) from `checker`'s last report: codes
    /// then use the time the servers agreed on. Returns the correction in ms. Refused without
    /// an agreeing report, beyond an hour, when the clock changed since the check, or when the
    /// report is less certain than ±500 ms (a slow network: check again).
    pub fn turn_on_clock_correction(
        &self,
        checker: Arc<ClockChecker>,
        now: Arc<dyn WallClock>,
    ) -> Result<i64, OtpKitError> {
        let report = checker.last_report().ok_or_else(|| {
            OtpKitError::invalid_input(
                "no clock check yet: check the clock first, then turn the correction on",
            )
        })?;
        let device = ForeignClock(now);
        let mut vault = self.lock();
        let mut settings = vault.settings().clone();
        let correction = settings
            .clock
            .enable_correction(&report, &device, &device)?;
        vault.set_settings(settings)?;
        Ok(correction.offset_ms)
    }

    /// Turns the clock correction off: codes use the device clock as it is.
    pub fn turn_off_clock_correction(&self) -> Result<(), OtpKitError> {
        let mut vault = self.lock();
        let mut settings = vault.settings().clone();
        settings.clock.clear_correction();
        Ok(vault.set_settings(settings)?)
    }

    /// The clock correction in use, in ms, if the user turned it on.
    pub fn clock_correction_ms(&self) -> Option<i64> {
        self.lock().settings().clock.correction.map(|c| c.offset_ms)
    }

    /// The code of an HOTP account. Its counter is advanced and saved first, so a code is never
    /// shown twice.
    pub fn next_hotp_code(&self, account_id: String) -> Result<CodeView, OtpKitError> {
        let id = account_id_of(&account_id)?;
        let code = self.lock().next_hotp(id)?;
        Ok(CodeView::new(&code, 0, 0))
    }

    /// Sets an account's label.
    pub fn rename_account(&self, account_id: String, label: String) -> Result<(), OtpKitError> {
        let id = account_id_of(&account_id)?;
        Ok(self.lock().rename(id, &label)?)
    }

    /// Removes an account.
    pub fn remove_account(&self, account_id: String) -> Result<(), OtpKitError> {
        let id = account_id_of(&account_id)?;
        Ok(self.lock().remove(id)?)
    }

    /// Writes a passphrase-protected copy of every account to `path`: the "new phone" file the
    /// user asked to export. Refuses to overwrite a file.
    pub fn export_backup(&self, path: String, passphrase: String) -> Result<(), OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        Ok(self
            .lock()
            .export_backup(path.as_ref(), passphrase.as_bytes(), KdfParams::DEFAULT)?)
    }

    /// Imports a backup or another app's export. `format` None: detected from the content.
    /// `password` is needed for encrypted files (`PasswordRequired` says so).
    pub fn import_file(
        &self,
        contents: Vec<u8>,
        format: Option<BackupFormat>,
        password: Option<String>,
        now: Arc<dyn WallClock>,
    ) -> Result<ImportReport, OtpKitError> {
        let contents = Zeroizing::new(contents);
        let password = password.map(Zeroizing::new);
        let format = match format {
            Some(format) => format.into(),
            None => import::detect(&contents).ok_or(import::ImportError::UnknownFormat)?,
        };
        let batch = import::read(format, &contents, password.as_ref().map(|p| p.as_bytes()))?;
        let created = unix_seconds(&ForeignClock(now))?;
        let report = self.lock().import(batch, created)?;
        Ok(ImportReport::new(&report))
    }
}

impl Vault {
    fn wrap(
        opened: Result<core_vault::Vault, core_vault::VaultError>,
    ) -> Result<Arc<Self>, OtpKitError> {
        Ok(Arc::new(Vault {
            inner: Mutex::new(opened?),
        }))
    }

    /// The vault, even if a thread panicked while holding it: every change is saved before it
    /// is applied in memory, so the state behind a poisoned lock is still consistent.
    pub(crate) fn lock(&self) -> MutexGuard<'_, core_vault::Vault> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Every account's code at Unix second `at`, in the user's order.
fn codes_of(vault: &core_vault::Vault, at: u64) -> Vec<AccountCode> {
    let periods = vault.accounts().iter().map(|a| a.period());
    vault
        .codes(at)
        .iter()
        .zip(periods)
        .map(|(code, period)| AccountCode {
            account_id: code.id.to_string(),
            code: code.code.as_ref().map(|c| CodeView::new(c, at, period)),
        })
        .collect()
}

pub(crate) fn account_id_of(text: &str) -> Result<AccountId, OtpKitError> {
    text.parse::<u64>().map(AccountId).map_err(|_| {
        OtpKitError::invalid_input(format!(
            "{text:?} is not an account id: use the accountId of an AccountView"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::PlatformKeyError;

    /// A stand-in keystore: XOR with a fixed byte (the real ones are Android Keystore and the
    /// iOS Keychain; the Kotlin and Swift suites implement this trait in those languages).
    struct XorKeyStore;
    impl KeyStore for XorKeyStore {
        fn wrap(&self, master_key: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Ok(master_key.iter().map(|b| b ^ 0x5a).collect())
        }
        fn unwrap(&self, wrapped: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Ok(wrapped.iter().map(|b| b ^ 0x5a).collect())
        }
    }

    struct LockedKeyStore;
    impl KeyStore for LockedKeyStore {
        fn wrap(&self, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Err(PlatformKeyError::Unavailable {
                reason: "device locked".into(),
            })
        }
        fn unwrap(&self, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Err(PlatformKeyError::Unavailable {
                reason: "device locked".into(),
            })
        }
    }

    struct At(i64);
    impl WallClock for At {
        fn now_unix_millis(&self) -> i64 {
            self.0 * 1000
        }
        fn millis_since_boot(&self) -> i64 {
            self.0 * 1000
        }
    }

    const RFC_URI: &str =
        "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

    #[test]
    fn a_keystore_vault_keeps_accounts_and_gives_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = Vault::create_with_key_store(path.clone(), Arc::new(XorKeyStore)).unwrap();
        let report = vault.add_uri(RFC_URI.into(), Arc::new(At(1000))).unwrap();
        assert_eq!(report.added.len(), 1);
        let again = vault.add_uri(RFC_URI.into(), Arc::new(At(1000))).unwrap();
        assert_eq!((again.added.len(), again.duplicates.len()), (0, 1));
        drop(vault);

        let vault = Vault::open_with_key_store(path, Arc::new(XorKeyStore)).unwrap();
        let codes = vault.codes_at(59).unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].account_id, vault.accounts()[0].account_id);
        assert_eq!(codes[0].code.as_ref().unwrap().code, "94287082");
    }

    #[test]
    fn a_keystore_that_fails_is_key_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        Vault::create_with_key_store(path.clone(), Arc::new(XorKeyStore)).unwrap();
        let err = Vault::open_with_key_store(path, Arc::new(LockedKeyStore))
            .err()
            .unwrap();
        assert!(matches!(err, OtpKitError::KeyUnavailable { .. }), "{err:?}");
        assert!(err.to_string().contains("device locked"), "{err}");
    }

    #[test]
    fn a_passphrase_slot_opens_the_vault_when_the_platform_key_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = Vault::create_with_key_store(path.clone(), Arc::new(XorKeyStore)).unwrap();
        vault.add_uri(RFC_URI.into(), Arc::new(At(1000))).unwrap();
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Platform]);
        vault.set_passphrase("correct horse".into()).unwrap();
        let mut kinds = vault.slot_kinds();
        kinds.sort_by_key(|k| *k as u8);
        assert_eq!(kinds, vec![SlotKind::Passphrase, SlotKind::Platform]);
        drop(vault);

        let err = Vault::open_with_key_store(path.clone(), Arc::new(LockedKeyStore))
            .err()
            .unwrap();
        assert!(matches!(err, OtpKitError::KeyUnavailable { .. }), "{err:?}");
        let vault = Vault::open_with_passphrase(path.clone(), "correct horse".into()).unwrap();
        assert_eq!(vault.accounts().len(), 1);
        // Biometrics re-enabled with a new key: the old slot is replaced, not added to.
        vault.set_platform_key(Arc::new(XorKeyStore)).unwrap();
        assert_eq!(vault.slot_kinds().len(), 2);
        drop(vault);
        let vault = Vault::open_with_key_store(path, Arc::new(XorKeyStore)).unwrap();
        assert_eq!(vault.accounts().len(), 1);
    }

    #[test]
    fn removing_the_last_slot_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = Vault::create_with_key_store(path.clone(), Arc::new(XorKeyStore)).unwrap();
        let err = vault.remove_slot(SlotKind::Platform).unwrap_err();
        assert!(matches!(err, OtpKitError::LastKeySlot { .. }), "{err:?}");
        let err = vault.remove_slot(SlotKind::Passphrase).unwrap_err();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
        vault.set_passphrase("pass".into()).unwrap();
        vault.remove_slot(SlotKind::Platform).unwrap();
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Passphrase]);
        drop(vault);
        Vault::open_with_passphrase(path.clone(), "pass".into()).unwrap();
        let err = Vault::open_with_key_store(path, Arc::new(XorKeyStore))
            .err()
            .unwrap();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
    }

    #[test]
    fn an_empty_passphrase_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = Vault::create_with_key_store(path, Arc::new(XorKeyStore)).unwrap();
        let err = vault.set_passphrase(String::new()).unwrap_err();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Platform]);
    }

    #[test]
    fn no_vault_is_vault_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").to_string_lossy().into_owned();
        let err = Vault::open_with_key_store(path, Arc::new(XorKeyStore))
            .err()
            .unwrap();
        assert!(matches!(err, OtpKitError::VaultNotFound { .. }), "{err:?}");
    }
}
