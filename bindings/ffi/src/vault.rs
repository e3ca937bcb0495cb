//! The vault: the app's accounts in one encrypted file. `Vault` holds core's vault behind a
//! mutex (calls from several threads queue up, each for a moment); each method converts its
//! arguments, calls core and maps the result. The slow calls are async and run on a worker
//! thread ([`crate::worker`]): opening and creating, key-slot changes, backups and imports. Key
//! derivation and the platform prompt happen outside the mutex. The app's clock is given once,
//! when the vault is opened or created: every call that needs the time (codes, the date an
//! account was added, the clock correction) reads it.

use std::sync::{Arc, Mutex, MutexGuard};

use otpkit_core::clock::unix_seconds;
use otpkit_core::uri;
use otpkit_core::vault::export;
use otpkit_core::vault::import::{self, ImportFormat};
use otpkit_core::vault::SlotKind as CoreSlotKind;
use otpkit_core::vault::{self as core_vault, AccountId, KdfParams, NewSlot, SlotMaker, Unlock};
use zeroize::Zeroizing;

use crate::clock::{ForeignClock, WallClock};
use crate::codes::unix_instant;
use crate::drift::ClockChecker;
use crate::error::OtpKitError;
use crate::keystore::{ForeignKeyStore, PlatformKeyStore};
use crate::qr::ScannedCode;
use crate::reason::{ErrorDetails, ErrorReason};
use crate::views::{AccountCode, AccountView, CodeView, ImportReport};
use crate::worker::unblock;

/// An open vault. Every change is saved before the method returns; a failed save changes
/// nothing.
#[derive(uniffi::Object)]
pub struct Vault {
    /// Held only for moments (reading, saving): never while a key is derived or a prompt shows.
    inner: Mutex<core_vault::Vault>,
    /// Held for a whole key-slot change, prompt and key derivation included, so two changes
    /// never interleave; other calls do not wait for it.
    slot_change: Mutex<()>,
    /// The app's wall and boot clock, given at open.
    clock: ForeignClock,
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
    /// A Proton Authenticator export.
    Proton,
    /// A Bitwarden or Bitwarden Authenticator export (JSON or CSV).
    Bitwarden,
    /// A FreeOTP+ JSON export.
    FreeOtpPlus,
    /// An andOTP backup, plain or encrypted.
    AndOtp,
    /// An Authenticator Pro (Stratum) backup, plain or encrypted.
    AuthenticatorPro,
    /// An Ente Auth export, encrypted or plain.
    Ente,
    /// A FreeOTP backup (always encrypted).
    FreeOtp,
}

impl From<ImportFormat> for BackupFormat {
    fn from(format: ImportFormat) -> Self {
        match format {
            ImportFormat::Otpkit => BackupFormat::Otpkit,
            ImportFormat::Aegis => BackupFormat::Aegis,
            ImportFormat::TwoFas => BackupFormat::TwoFas,
            ImportFormat::Uris => BackupFormat::UriList,
            ImportFormat::FreeOtp => BackupFormat::FreeOtp,
            ImportFormat::Ente => BackupFormat::Ente,
            ImportFormat::AuthenticatorPro => BackupFormat::AuthenticatorPro,
            ImportFormat::AndOtp => BackupFormat::AndOtp,
            ImportFormat::FreeOtpPlus => BackupFormat::FreeOtpPlus,
            ImportFormat::Bitwarden => BackupFormat::Bitwarden,
            ImportFormat::Proton => BackupFormat::Proton,
        }
    }
}

impl From<BackupFormat> for ImportFormat {
    fn from(format: BackupFormat) -> Self {
        match format {
            BackupFormat::Otpkit => ImportFormat::Otpkit,
            BackupFormat::Aegis => ImportFormat::Aegis,
            BackupFormat::TwoFas => ImportFormat::TwoFas,
            BackupFormat::UriList => ImportFormat::Uris,
            BackupFormat::FreeOtp => ImportFormat::FreeOtp,
            BackupFormat::Ente => ImportFormat::Ente,
            BackupFormat::AuthenticatorPro => ImportFormat::AuthenticatorPro,
            BackupFormat::AndOtp => ImportFormat::AndOtp,
            BackupFormat::FreeOtpPlus => ImportFormat::FreeOtpPlus,
            BackupFormat::Bitwarden => ImportFormat::Bitwarden,
            BackupFormat::Proton => ImportFormat::Proton,
        }
    }
}

/// The files `exportBytes` writes for other apps (OtpKit's own backup is `exportBackupBytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExportFormat {
    /// One `otpauth://` URI a line: nearly every authenticator imports it. Always unencrypted.
    UriList,
    /// An Aegis vault file: encrypted with a password, or unencrypted without one.
    Aegis,
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
    /// Creates a new, empty vault at `path`, unlocked by the platform keystore (a new key is
    /// created for it). Refuses to overwrite a file. `clock`: the device's clock, which the
    /// vault reads whenever it needs the time. Async: waits for `keyStore`'s prompt.
    #[uniffi::constructor]
    pub async fn create_with_platform_key_store(
        path: String,
        key_store: Arc<dyn PlatformKeyStore>,
        clock: Arc<dyn WallClock>,
    ) -> Result<Arc<Self>, OtpKitError> {
        unblock(move || {
            let store = ForeignKeyStore::new(key_store);
            Self::wrap(
                core_vault::Vault::create(path, NewSlot::KeyStore(&store)),
                clock,
            )
        })
        .await
    }

    /// Creates a new, empty vault at `path`, unlocked by a passphrase (Argon2id). Refuses to
    /// overwrite a file. Async: the key derivation takes about a second on a phone.
    #[uniffi::constructor]
    pub async fn create_with_passphrase(
        path: String,
        passphrase: String,
        clock: Arc<dyn WallClock>,
    ) -> Result<Arc<Self>, OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        unblock(move || {
            Self::wrap(
                core_vault::Vault::create(
                    path,
                    NewSlot::Passphrase(passphrase.as_bytes(), KdfParams::DEFAULT),
                ),
                clock,
            )
        })
        .await
    }

    /// Opens the vault at `path` with the platform keystore. A failed open changes nothing; a
    /// cancelled prompt is `Cancelled`. Async: waits for `keyStore`'s prompt.
    #[uniffi::constructor]
    pub async fn open_with_platform_key_store(
        path: String,
        key_store: Arc<dyn PlatformKeyStore>,
        clock: Arc<dyn WallClock>,
    ) -> Result<Arc<Self>, OtpKitError> {
        unblock(move || {
            let store = ForeignKeyStore::new(key_store);
            Self::wrap(
                core_vault::Vault::open(path, Unlock::KeyStore(&store)),
                clock,
            )
        })
        .await
    }

    /// Opens the vault at `path` with its passphrase. A failed open changes nothing. Async: the
    /// key derivation takes about a second on a phone.
    #[uniffi::constructor]
    pub async fn open_with_passphrase(
        path: String,
        passphrase: String,
        clock: Arc<dyn WallClock>,
    ) -> Result<Arc<Self>, OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        unblock(move || {
            Self::wrap(
                core_vault::Vault::open(path, Unlock::Passphrase(passphrase.as_bytes())),
                clock,
            )
        })
        .await
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
    /// passphrase is refused (`InvalidInput`). Async: the key is derived without holding the
    /// vault, whose other calls go on meanwhile.
    pub async fn set_passphrase(self: Arc<Self>, passphrase: String) -> Result<(), OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        unblock(move || {
            let new = [NewSlot::Passphrase(
                passphrase.as_bytes(),
                KdfParams::DEFAULT,
            )];
            self.change_slots(None, &new).map(|_| ())
        })
        .await
    }

    /// Turns on unlock with the platform keystore, with a new key: `keyStore` creates it under a
    /// new alias and wraps the master key (its prompt may show), the vault is saved with the new
    /// platform slot (replacing any older one, e.g. one whose key was invalidated by a new
    /// fingerprint or face), and only then is the old key deleted. If any step fails, or the
    /// user cancels (`Cancelled`), the vault and its old key are as they were and the new key
    /// is deleted. Returns null, or why the old key could not be deleted after the save (the
    /// vault no longer needs it: log it). Async: waits for the prompt without holding the vault.
    pub async fn set_platform_key(
        self: Arc<Self>,
        key_store: Arc<dyn PlatformKeyStore>,
    ) -> Result<Option<String>, OtpKitError> {
        unblock(move || {
            let store = ForeignKeyStore::new(key_store);
            self.change_slots(None, &[NewSlot::KeyStore(&store)])
        })
        .await
    }

    /// Replaces the vault's master key: the content is encrypted again under a fresh key that
    /// only the slots given here unwrap: `passphrase` (a new one, or the same one again) and/or
    /// `keyStore` (with a new key, as `setPlatformKey`); a slot not given is dropped. Unlike
    /// `setPassphrase`, which rewraps the same master key, an old copy of the file (a device
    /// backup) opened with the old passphrase then reads nothing saved from now on. Giving
    /// neither is refused (`LastKeySlot`). Other processes with the vault open must unlock it
    /// again. Returns as `setPlatformKey` does. Async, as `setPassphrase`.
    pub async fn rekey(
        self: Arc<Self>,
        passphrase: Option<String>,
        key_store: Option<Arc<dyn PlatformKeyStore>>,
    ) -> Result<Option<String>, OtpKitError> {
        let passphrase = passphrase.map(Zeroizing::new);
        unblock(move || {
            let store = key_store.map(ForeignKeyStore::new);
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
            if slots.is_empty() {
                return Err(core_vault::VaultError::LastSlot.into());
            }
            self.change_slots(Some(SlotMaker::new_key()?), &slots)
        })
        .await
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
    pub fn add_uri(&self, uri: String) -> Result<ImportReport, OtpKitError> {
        let uri = Zeroizing::new(uri);
        let batch = import::uris::batch_from(uri::parse(&uri)?, "the scanned code");
        self.import_dated_now(batch)
    }

    /// Adds the account(s) of a scanned QR code (see `QrScanner`): its content goes from the
    /// scanner to the vault without leaving Rust.
    pub fn add_scanned(&self, code: Arc<ScannedCode>) -> Result<ImportReport, OtpKitError> {
        let batch = import::uris::batch_from(uri::parse(code.text())?, "the scanned code");
        self.import_dated_now(batch)
    }

    /// The current code of every account at Unix second `at_unix_seconds`, in the user's order:
    /// one call per screen refresh. HOTP accounts have no code here (see `nextHotpCode`).
    pub fn codes_at(&self, at_unix_seconds: i64) -> Result<Vec<AccountCode>, OtpKitError> {
        let at = unix_instant(at_unix_seconds)?;
        Ok(codes_of(&self.lock(), at))
    }

    /// [`Vault::codes_at`] now, as the vault's clock reads it, plus the clock correction if the
    /// user turned it on. A correction that no longer holds (the date was set, the device
    /// restarted, a week passed) is dropped first, and the drop saved.
    pub fn codes(&self) -> Result<Vec<AccountCode>, OtpKitError> {
        let device = &self.clock;
        let mut vault = self.lock();
        let mut settings = vault.settings().clone();
        if settings.clock.refresh_correction(device, device).is_some() {
            vault.set_settings(settings.clone())?;
        }
        let at = unix_seconds(&settings.clock.corrected_clock(device))?;
        Ok(codes_of(&vault, at))
    }

    /// Turns the clock correction on (the user opted in) from `checker`'s last report: codes
    /// then use the time the servers agreed on. Returns the correction in ms. Refused without
    /// an agreeing report, beyond an hour, when the clock changed since the check, or when the
    /// report is less certain than ±500 ms (a slow network: check again).
    pub fn turn_on_clock_correction(&self, checker: Arc<ClockChecker>) -> Result<i64, OtpKitError> {
        let report = checker.last_report().ok_or_else(|| {
            OtpKitError::new(
                ErrorReason::ClockNotChecked,
                ErrorDetails::default(),
                "no clock check yet: check the clock first, then turn the correction on",
            )
        })?;
        let device = &self.clock;
        let mut vault = self.lock();
        let mut settings = vault.settings().clone();
        let correction = settings.clock.enable_correction(&report, device, device)?;
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
    /// user asked to export. Refuses to overwrite a file. Async: the backup's key is derived
    /// from a copy of the accounts, without holding the vault.
    pub async fn export_backup(
        self: Arc<Self>,
        path: String,
        passphrase: String,
    ) -> Result<(), OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        unblock(move || {
            let source = self.lock().backup_source();
            Ok(source.export_backup(path.as_ref(), passphrase.as_bytes(), KdfParams::DEFAULT)?)
        })
        .await
    }

    /// A passphrase-protected copy of every account as bytes, for the app to hand to the
    /// platform's file exporter or share sheet with no temporary file. They open with
    /// `importFile` (format detected, or `BackupFormat.OTPKIT`) on the new phone.
    /// Async, as `exportBackup`.
    pub async fn export_backup_bytes(
        self: Arc<Self>,
        passphrase: String,
    ) -> Result<Vec<u8>, OtpKitError> {
        let passphrase = Zeroizing::new(passphrase);
        unblock(move || {
            let source = self.lock().backup_source();
            Ok(source.backup_bytes(passphrase.as_bytes(), KdfParams::DEFAULT)?)
        })
        .await
    }

    /// Every account as a file another app imports: `URI_LIST` (always unencrypted: give no
    /// password) or `AEGIS` (encrypted with `password`; unencrypted when it is null). An
    /// unencrypted file holds every secret in clear: write it only after the user confirmed
    /// that, and keep it no longer than the move takes. Async: an encrypted export derives its
    /// key (scrypt) from a copy of the accounts, without holding the vault.
    pub async fn export_bytes(
        self: Arc<Self>,
        format: ExportFormat,
        password: Option<String>,
    ) -> Result<Vec<u8>, OtpKitError> {
        let password = password.map(Zeroizing::new);
        unblock(move || {
            let source = self.lock().backup_source();
            let accounts = source.accounts();
            let bytes = match (format, &password) {
                (ExportFormat::UriList, None) => export::uri_list(accounts),
                (ExportFormat::UriList, Some(_)) => {
                    return Err(OtpKitError::invalid_argument(
                        "password",
                        None,
                        "a list of otpauth URIs cannot be encrypted: pass no password, or export AEGIS with one",
                    ))
                }
                (ExportFormat::Aegis, password) => {
                    export::aegis(accounts, password.as_ref().map(|p| p.as_bytes()))?
                }
            };
            Ok(bytes.to_vec())
        })
        .await
    }

    /// Imports a backup or another app's export. `format` None: detected from the content.
    /// `password` is needed for encrypted files (`PasswordRequired` says so). Async: an
    /// encrypted file's key is derived (Argon2, scrypt or PBKDF2) without holding the vault.
    pub async fn import_file(
        self: Arc<Self>,
        contents: Vec<u8>,
        format: Option<BackupFormat>,
        password: Option<String>,
    ) -> Result<ImportReport, OtpKitError> {
        let contents = Zeroizing::new(contents);
        let password = password.map(Zeroizing::new);
        unblock(move || {
            let format = match format {
                Some(format) => format.into(),
                None => import::detect(&contents).ok_or(import::ImportError::UnknownFormat)?,
            };
            let batch = import::read(format, &contents, password.as_ref().map(|p| p.as_bytes()))?;
            self.import_dated_now(batch)
        })
        .await
    }
}

impl Vault {
    fn wrap(
        opened: Result<core_vault::Vault, core_vault::VaultError>,
        clock: Arc<dyn WallClock>,
    ) -> Result<Arc<Self>, OtpKitError> {
        Ok(Arc::new(Vault {
            inner: Mutex::new(opened?),
            slot_change: Mutex::new(()),
            clock: ForeignClock(clock),
        }))
    }

    /// Imports `batch` in one save, its accounts dated by the vault's clock now.
    pub(crate) fn import_dated_now(
        &self,
        batch: import::ImportBatch,
    ) -> Result<ImportReport, OtpKitError> {
        let created = unix_seconds(&self.clock)?;
        let report = self.lock().import(batch, created)?;
        Ok(ImportReport::new(&report))
    }

    /// Makes the `new` slots (Argon2, the platform prompt) while holding only `slot_change`,
    /// then takes the vault's lock just to save them ([`otpkit_core::vault::change_slots`]). `maker`:
    /// a fresh master key for a re-key, else the vault's own. Returns why the old platform key
    /// could not be deleted, if it could not.
    fn change_slots(
        &self,
        maker: Option<SlotMaker>,
        new: &[NewSlot<'_>],
    ) -> Result<Option<String>, OtpKitError> {
        // One slot change at a time: each saves slots made for the master key it started with.
        let _change = self
            .slot_change
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let maker = match maker {
            Some(maker) => maker,
            None => self.lock().slot_maker(),
        };
        let ((), left) =
            otpkit_core::vault::change_slots(maker, new, |made| self.lock().install(made))?;
        Ok(left.map(|left| {
            format!(
                "the old platform key {} could not be deleted: {}",
                left.alias, left.error
            )
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
    // The text is not echoed: a wrong argument may hold anything.
    text.parse::<u64>().map(AccountId).map_err(|_| {
        OtpKitError::invalid_argument(
            "accountId",
            None,
            "this is not an account id: use the accountId of an AccountView",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::At;
    use crate::keystore::PlatformKeyError;
    use crate::worker::run;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::mpsc;
    use std::task::{Context, Poll, Waker};
    use std::time::Duration;

    /// A stand-in keystore: XOR with a fixed byte (the real ones are Android Keystore and the
    /// iOS Keychain; the Kotlin and Swift suites implement this trait in those languages).
    struct XorKeyStore;
    #[async_trait::async_trait]
    impl PlatformKeyStore for XorKeyStore {
        async fn create_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
        async fn wrap(&self, _: String, master_key: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Ok(master_key.iter().map(|b| b ^ 0x5a).collect())
        }
        async fn unwrap(&self, _: String, wrapped: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Ok(wrapped.iter().map(|b| b ^ 0x5a).collect())
        }
        async fn delete_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
    }

    /// Fails every call as a locked device does, or as a cancelled prompt.
    struct FailingKeyStore(PlatformKeyError);
    #[async_trait::async_trait]
    impl PlatformKeyStore for FailingKeyStore {
        async fn create_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
        async fn wrap(&self, _: String, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Err(self.0.clone())
        }
        async fn unwrap(&self, _: String, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            Err(self.0.clone())
        }
        async fn delete_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
    }

    fn locked() -> Arc<dyn PlatformKeyStore> {
        Arc::new(FailingKeyStore(PlatformKeyError::Unavailable {
            reason: "device locked".into(),
        }))
    }

    /// A future that completes once its gate is opened (the user answering a prompt).
    #[derive(Clone, Default)]
    struct Gate(Arc<Mutex<(bool, Option<Waker>)>>);
    impl Gate {
        fn open(&self) {
            let mut state = self.0.lock().unwrap();
            state.0 = true;
            if let Some(waker) = state.1.take() {
                waker.wake();
            }
        }
    }
    impl Future for Gate {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            let mut state = self.0.lock().unwrap();
            if state.0 {
                Poll::Ready(())
            } else {
                state.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    /// XOR, but `wrap` shows a "prompt": it says so on `shown` and waits for `answer`.
    struct PromptingKeyStore {
        shown: Mutex<mpsc::Sender<()>>,
        answer: Gate,
    }
    #[async_trait::async_trait]
    impl PlatformKeyStore for PromptingKeyStore {
        async fn create_key(&self, alias: String) -> Result<(), PlatformKeyError> {
            XorKeyStore.create_key(alias).await
        }
        async fn wrap(&self, alias: String, key: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            self.shown.lock().unwrap().send(()).unwrap();
            self.answer.clone().await;
            XorKeyStore.wrap(alias, key).await
        }
        async fn unwrap(&self, alias: String, blob: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            XorKeyStore.unwrap(alias, blob).await
        }
        async fn delete_key(&self, alias: String) -> Result<(), PlatformKeyError> {
            XorKeyStore.delete_key(alias).await
        }
    }

    /// Never answers; says when the app's call is dropped (cancelled).
    struct SilentKeyStore(Mutex<mpsc::Sender<&'static str>>);
    struct Dropped(mpsc::Sender<&'static str>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            let _ = self.0.send("dropped");
        }
    }
    #[async_trait::async_trait]
    impl PlatformKeyStore for SilentKeyStore {
        async fn create_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
        async fn wrap(&self, _: String, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            std::future::pending().await
        }
        async fn unwrap(&self, _: String, _: Vec<u8>) -> Result<Vec<u8>, PlatformKeyError> {
            let _guard = Dropped(self.0.lock().unwrap().clone());
            std::future::pending().await
        }
        async fn delete_key(&self, _: String) -> Result<(), PlatformKeyError> {
            Ok(())
        }
    }

    /// A new passphrase vault ("pass") in `dir`, and its path.
    fn passphrase_vault(dir: &tempfile::TempDir) -> (String, Arc<Vault>) {
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_passphrase(
            path.clone(),
            "pass".into(),
            Arc::new(At(1000)),
        ))
        .unwrap();
        (path, vault)
    }

    /// Opens `path` with the XOR stand-in keystore.
    fn open_with_xor(path: String) -> Result<Arc<Vault>, OtpKitError> {
        run(Vault::open_with_platform_key_store(
            path,
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
    }

    const RFC_URI: &str =
        "otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";

    #[test]
    fn exports_for_other_apps_read_back_with_their_codes() {
        let dir = tempfile::tempdir().unwrap();
        let (_, vault) = passphrase_vault(&dir);
        vault.add_uri(RFC_URI.into()).unwrap();
        let list = run(vault.clone().export_bytes(ExportFormat::UriList, None)).unwrap();
        assert!(String::from_utf8(list.clone())
            .unwrap()
            .starts_with("otpauth://totp/RFC:6238?"));
        let err = run(vault
            .clone()
            .export_bytes(ExportFormat::UriList, Some("pw".into())))
        .unwrap_err();
        assert_eq!(err.reason(), ErrorReason::InvalidArgument);
        assert_eq!(err.details().field.as_deref(), Some("password"));
        let err = run(vault
            .clone()
            .export_bytes(ExportFormat::Aegis, Some(String::new())))
        .unwrap_err();
        assert_eq!(err.reason(), ErrorReason::PassphraseEmpty);
        let plain = run(vault.clone().export_bytes(ExportFormat::Aegis, None)).unwrap();
        let encrypted = run(vault
            .clone()
            .export_bytes(ExportFormat::Aegis, Some("export pw".into())))
        .unwrap();
        for (bytes, format, password) in [
            (list, BackupFormat::UriList, None),
            (plain, BackupFormat::Aegis, None),
            (
                encrypted,
                BackupFormat::Aegis,
                Some("export pw".to_string()),
            ),
        ] {
            let other = tempfile::tempdir().unwrap();
            let (_, copy) = passphrase_vault(&other);
            let report = run(copy.clone().import_file(bytes, None, password)).unwrap();
            assert_eq!(report.added.len(), 1, "{format:?}");
            assert_eq!(
                copy.codes_at(59).unwrap()[0].code.as_ref().unwrap().code,
                "94287082"
            );
        }
    }

    #[test]
    fn a_keystore_vault_keeps_accounts_and_gives_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_platform_key_store(
            path.clone(),
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let report = vault.add_uri(RFC_URI.into()).unwrap();
        assert_eq!(report.added.len(), 1);
        let again = vault.add_uri(RFC_URI.into()).unwrap();
        assert_eq!((again.added.len(), again.duplicates.len()), (0, 1));
        drop(vault);

        let vault = open_with_xor(path).unwrap();
        let codes = vault.codes_at(59).unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].account_id, vault.accounts()[0].account_id);
        assert_eq!(codes[0].code.as_ref().unwrap().code, "94287082");
    }

    /// A clock the test moves.
    struct Moving(std::sync::atomic::AtomicI64);
    impl WallClock for Moving {
        fn now_unix_millis(&self) -> i64 {
            self.0.load(std::sync::atomic::Ordering::SeqCst)
        }
        fn millis_since_boot(&self) -> i64 {
            self.now_unix_millis()
        }
    }

    #[test]
    fn the_clock_given_at_open_is_read_at_each_call() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let clock = Arc::new(Moving(59_000.into()));
        let vault = run(Vault::create_with_passphrase(
            path,
            "pass".into(),
            clock.clone(),
        ))
        .unwrap();
        vault.add_uri(RFC_URI.into()).unwrap();
        let code = |vault: &Vault| vault.codes().unwrap()[0].code.clone().unwrap().code;
        // RFC 6238's SHA-1 vectors at 59 s and at 1111111109 s.
        assert_eq!(code(&vault), "94287082");
        clock
            .0
            .store(1_111_111_109_000, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(code(&vault), "07081804");
        // A clock before 1970 is refused by every call that reads it.
        clock.0.store(-1_000, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            vault.codes().unwrap_err().reason(),
            ErrorReason::ClockBeforeEpoch
        );
        let err = vault
            .add_uri("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP".into())
            .unwrap_err();
        assert_eq!(err.reason(), ErrorReason::ClockBeforeEpoch);
        assert_eq!(vault.accounts().len(), 1, "nothing added");
    }

    #[test]
    fn a_keystore_that_fails_is_key_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        run(Vault::create_with_platform_key_store(
            path.clone(),
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let err = run(Vault::open_with_platform_key_store(
            path,
            locked(),
            Arc::new(At(1000)),
        ))
        .err()
        .unwrap();
        assert!(matches!(err, OtpKitError::KeyUnavailable { .. }), "{err:?}");
        assert!(err.to_string().contains("device locked"), "{err}");
    }

    #[test]
    fn a_passphrase_slot_opens_the_vault_when_the_platform_key_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_platform_key_store(
            path.clone(),
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
        .unwrap();
        vault.add_uri(RFC_URI.into()).unwrap();
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Platform]);
        run(vault.clone().set_passphrase("correct horse".into())).unwrap();
        let mut kinds = vault.slot_kinds();
        kinds.sort_by_key(|k| *k as u8);
        assert_eq!(kinds, vec![SlotKind::Passphrase, SlotKind::Platform]);
        drop(vault);

        let err = run(Vault::open_with_platform_key_store(
            path.clone(),
            locked(),
            Arc::new(At(1000)),
        ))
        .err()
        .unwrap();
        assert!(matches!(err, OtpKitError::KeyUnavailable { .. }), "{err:?}");
        let vault = run(Vault::open_with_passphrase(
            path.clone(),
            "correct horse".into(),
            Arc::new(At(1000)),
        ))
        .unwrap();
        assert_eq!(vault.accounts().len(), 1);
        // Biometrics re-enabled with a new key: the old slot is replaced, not added to.
        assert_eq!(
            run(vault.clone().set_platform_key(Arc::new(XorKeyStore))).unwrap(),
            None
        );
        assert_eq!(vault.slot_kinds().len(), 2);
        drop(vault);
        let vault = open_with_xor(path).unwrap();
        assert_eq!(vault.accounts().len(), 1);
    }

    #[test]
    fn removing_the_last_slot_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_platform_key_store(
            path.clone(),
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let err = vault.remove_slot(SlotKind::Platform).unwrap_err();
        assert!(matches!(err, OtpKitError::LastKeySlot { .. }), "{err:?}");
        let err = vault.remove_slot(SlotKind::Passphrase).unwrap_err();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
        run(vault.clone().set_passphrase("pass".into())).unwrap();
        vault.remove_slot(SlotKind::Platform).unwrap();
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Passphrase]);
        drop(vault);
        run(Vault::open_with_passphrase(
            path.clone(),
            "pass".into(),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let err = open_with_xor(path).err().unwrap();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
    }

    #[test]
    fn an_empty_passphrase_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_platform_key_store(
            path,
            Arc::new(XorKeyStore),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let err = run(vault.clone().set_passphrase(String::new())).unwrap_err();
        assert!(matches!(err, OtpKitError::InvalidInput { .. }), "{err:?}");
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Platform]);
    }

    #[test]
    fn no_vault_is_vault_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").to_string_lossy().into_owned();
        let err = open_with_xor(path).err().unwrap();
        assert!(matches!(err, OtpKitError::VaultNotFound { .. }), "{err:?}");
    }

    #[test]
    fn another_call_completes_while_a_platform_key_prompt_is_pending() {
        let dir = tempfile::tempdir().unwrap();
        let (path, vault) = passphrase_vault(&dir);
        let (shown, prompt_shown) = mpsc::channel();
        let store = Arc::new(PromptingKeyStore {
            shown: Mutex::new(shown),
            answer: Gate::default(),
        });
        let answer = store.answer.clone();
        let turning_on = {
            let vault = vault.clone();
            std::thread::spawn(move || run(vault.set_platform_key(store)))
        };
        prompt_shown
            .recv_timeout(Duration::from_secs(30))
            .expect("the prompt shows");
        // The prompt waits for the user: the vault still reads, saves and sets a passphrase.
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Passphrase]);
        let report = vault.add_uri(RFC_URI.into()).unwrap();
        assert_eq!(report.added.len(), 1);
        assert_eq!(vault.codes_at(59).unwrap().len(), 1);
        answer.open();
        assert_eq!(turning_on.join().unwrap().unwrap(), None);
        drop(vault);
        let vault = open_with_xor(path).unwrap();
        assert_eq!(
            vault.accounts().len(),
            1,
            "the account added during the prompt"
        );
    }

    #[test]
    fn a_cancelled_prompt_is_cancelled_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (path, vault) = passphrase_vault(&dir);
        let cancelled = Arc::new(FailingKeyStore(PlatformKeyError::Cancelled));
        let err = run(vault.clone().set_platform_key(cancelled.clone())).unwrap_err();
        assert!(matches!(err, OtpKitError::Cancelled { .. }), "{err:?}");
        assert_eq!(vault.slot_kinds(), vec![SlotKind::Passphrase]);
        run(vault.clone().set_platform_key(Arc::new(XorKeyStore))).unwrap();
        drop(vault);
        let err = run(Vault::open_with_platform_key_store(
            path,
            cancelled,
            Arc::new(At(1000)),
        ))
        .err()
        .unwrap();
        assert!(matches!(err, OtpKitError::Cancelled { .. }), "{err:?}");
        assert_eq!(err.to_string(), "the platform key prompt was cancelled");
    }

    #[test]
    fn a_prompt_nobody_answers_times_out_and_is_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        drop(
            run(Vault::create_with_platform_key_store(
                path.clone(),
                Arc::new(XorKeyStore),
                Arc::new(At(1000)),
            ))
            .unwrap(),
        );
        let (dropped, was_dropped) = mpsc::channel();
        let silent = ForeignKeyStore::with_timeout(
            Arc::new(SilentKeyStore(Mutex::new(dropped))),
            Duration::from_millis(200),
        );
        let err: OtpKitError = core_vault::Vault::open(&path, Unlock::KeyStore(&silent))
            .unwrap_err()
            .into();
        assert!(matches!(err, OtpKitError::KeyUnavailable { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the platform key prompt got no answer within 0 s: try again, or unlock with the \
             passphrase"
        );
        assert_eq!(
            was_dropped.recv_timeout(Duration::from_secs(10)),
            Ok("dropped"),
            "the app's call is cancelled"
        );
    }

    #[test]
    fn a_rekey_with_nothing_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault").to_string_lossy().into_owned();
        let vault = run(Vault::create_with_passphrase(
            path,
            "pass".into(),
            Arc::new(At(1000)),
        ))
        .unwrap();
        let err = run(vault.clone().rekey(None, None)).unwrap_err();
        assert!(matches!(err, OtpKitError::LastKeySlot { .. }), "{err:?}");
        run(vault
            .clone()
            .rekey(Some("new".into()), Some(Arc::new(XorKeyStore))))
        .unwrap();
        let mut kinds = vault.slot_kinds();
        kinds.sort_by_key(|k| *k as u8);
        assert_eq!(kinds, vec![SlotKind::Passphrase, SlotKind::Platform]);
    }
}
