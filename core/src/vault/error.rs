//! [`VaultError`]: everything that can go wrong with the vault, each variant saying which and how
//! to fix it. No variant carries a secret, a passphrase or key bytes.

use std::{fmt, io, path::PathBuf};

use super::account::AccountId;
use super::slots::{KdfCost, KeyStoreError, SlotKind};
use crate::otp::OtpError;

/// The file operation that failed, so an I/O error says which step of a save or open it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoStep {
    /// Reading the vault file.
    Read,
    /// Writing the temporary file next to the vault.
    Write,
    /// Flushing the temporary file to the disk (fsync).
    SyncFile,
    /// Moving the temporary file over the vault (rename).
    Rename,
    /// Flushing the folder so the rename survives a power loss (fsync of the folder).
    SyncDir,
    /// Taking the lock that keeps two processes from saving the vault at once.
    Lock,
}

impl fmt::Display for IoStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IoStep::Read => "read",
            IoStep::Write => "write",
            IoStep::SyncFile => "flush (fsync)",
            IoStep::Rename => "replace (rename)",
            IoStep::SyncDir => "flush the folder of",
            IoStep::Lock => "lock",
        })
    }
}

/// Why a vault operation failed. Every variant names the problem and, where there is one, the fix.
#[derive(Debug, thiserror::Error, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum VaultError {
    /// There is no file at the vault's path.
    #[error("no vault at {path}: create one, or choose another file")]
    #[strum(serialize = "vault_not_found")]
    NotFound {
        /// Where the vault was looked for.
        path: PathBuf,
    },
    /// A file is already where a new vault or backup would be written.
    #[error("{path} already exists: choose another file name or remove it first")]
    AlreadyExists {
        /// The file that is in the way.
        path: PathBuf,
    },
    /// Another process (a second app, a widget, the CLI) saved the vault after this one opened
    /// it: saving now would erase its change. Nothing was saved.
    #[error(
        "{path} was changed by another app or process after it was opened: nothing was saved; open it again and redo the change"
    )]
    ChangedElsewhere {
        /// The vault file.
        path: PathBuf,
    },
    /// Another process (a second app, a widget, the CLI) has held the vault's lock for longer
    /// than any save takes: it is stuck, or saving something very slowly. Nothing was saved.
    #[error(
        "the vault {path} is busy: another otpkit or app has held it for {waited_s} s; close that app or process and try again"
    )]
    Busy {
        /// The vault file.
        path: PathBuf,
        /// How long this save waited, in seconds.
        waited_s: u64,
    },
    /// Something other than a file (a folder, a device, a pipe) is at the vault's path, or the
    /// path names no file.
    #[error("{path} is not a vault file (it is a folder, a device or a pipe): choose a file")]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// The passphrase does not unlock the vault's passphrase slot.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The platform key does not unlock the vault's platform slot.
    #[error("wrong platform key: this vault was locked with another device key")]
    WrongKey,
    /// The vault has no slot of the kind used to unlock it.
    #[error("this vault has no {kind} slot: unlock it another way")]
    NoSlot {
        /// The kind of slot that was asked for.
        kind: SlotKind,
    },
    /// Two slots of the same kind were given where a vault holds at most one of each.
    #[error("two {kind} slots were given: a vault has at most one of each kind")]
    RepeatedSlot {
        /// The repeated kind.
        kind: SlotKind,
    },
    /// Removing this slot would leave the vault with no way to open.
    #[error("cannot remove the last key slot: the vault would never open again")]
    LastSlot,
    /// The platform keystore failed.
    #[error(transparent)]
    #[strum(serialize = "keystore")]
    KeyStore(KeyStoreError),
    /// The content failed authentication: the file was changed or damaged after it was written.
    #[error("the vault is damaged or was tampered with: its contents failed authentication")]
    Tampered,
    /// The file is not a well-formed vault.
    #[error("the vault file is corrupt: {reason}")]
    Corrupt {
        /// What was wrong, in a few words.
        reason: &'static str,
    },
    /// The file was written by a newer OtpKit; it is refused and left untouched.
    #[error("this vault was written by a newer OtpKit ({what} {found}; this version reads up to {supported}): update OtpKit. The file was not changed")]
    NewerVersion {
        /// Which version: "format" (the binary container) or "schema" (the encrypted content).
        what: &'static str,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file's Argon2 parameters ask for far more work than OtpKit's own files ever do
    /// (`super::slots::MAX_KDF_WORK_MIB`): the key derivation is not run, so a crafted file
    /// cannot keep the app busy for minutes.
    #[error("this file asks for an unusually expensive key derivation ({0}): it was not tried. OtpKit writes its files far below the limit, so this one was made or changed by something else")]
    ExpensiveKdf(KdfCost),
    /// Argon2 parameters outside the bounds this build accepts.
    #[error("key derivation parameters out of range: {0}")]
    KdfParams(&'static str),
    /// An empty passphrase was given for a new passphrase slot.
    #[error("the passphrase is empty: choose a passphrase")]
    EmptyPassphrase,
    /// No account has this id.
    #[error("no account with id {0}: it was removed, or the id is mistyped")]
    NoSuchAccount(AccountId),
    /// The account is already in the vault (same kind, key and code parameters).
    #[error("this account is already in the vault as id {existing}")]
    Duplicate {
        /// The account that holds the same key.
        existing: AccountId,
    },
    /// The vault holds as many accounts as it may.
    #[error("the vault is full ({max} accounts): remove some first")]
    #[strum(serialize = "vault_full")]
    Full {
        /// The limit.
        max: usize,
    },
    /// The account's code parameters are invalid.
    #[error(transparent)]
    InvalidAccount(#[from] OtpError),
    /// An issuer, label, group or note no account may hold: too long, or with a control,
    /// line-separator or text-direction character (see [`crate::uri::check_name`]).
    #[error(transparent)]
    #[strum(transparent)]
    InvalidName(crate::uri::UriError),
    /// The operation needs a code from an HOTP account, or a code list, that this account is not.
    #[error("account {0} is not an HOTP account")]
    NotHotp(AccountId),
    /// The HOTP account's counter is at its largest value: it has no next code.
    #[error("account {0} has used every HOTP counter value: add the account again with a new key from the service")]
    CounterExhausted(AccountId),
    /// A file operation failed. The previous vault is still in place unless `step` is `SyncDir`.
    #[error("could not {step} {path}: {source}")]
    Io {
        /// Which step failed.
        step: IoStep,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// The encryption library refused an operation that cannot fail with valid keys.
    #[error("encryption failed unexpectedly")]
    Encryption,
}

impl VaultError {
    /// A stable, machine-readable name for the error (for JSON output and bindings).
    pub fn kind(&self) -> &'static str {
        self.into()
    }

    /// True when the user (or the caller) can fix it by giving other input: a refused operation
    /// rather than a failure of the machine.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            VaultError::Io { .. }
                | VaultError::ChangedElsewhere { .. }
                | VaultError::Busy { .. }
                | VaultError::Random
                | VaultError::Encryption
                | VaultError::KeyStore(_)
        )
    }
}

impl From<KeyStoreError> for VaultError {
    fn from(err: KeyStoreError) -> Self {
        match err {
            KeyStoreError::WrongKey => VaultError::WrongKey,
            other => VaultError::KeyStore(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_steps_name_the_operation() {
        let steps = [
            (IoStep::Read, "read"),
            (IoStep::Write, "write"),
            (IoStep::SyncFile, "flush (fsync)"),
            (IoStep::Rename, "replace (rename)"),
            (IoStep::SyncDir, "flush the folder of"),
            (IoStep::Lock, "lock"),
        ];
        for (step, text) in steps {
            assert_eq!(step.to_string(), text);
        }
    }

    #[test]
    fn kinds_keep_their_names() {
        use strum::EnumCount;
        let path = || PathBuf::from("v");
        let id = AccountId(1);
        let cost = KdfCost {
            what: "password slots",
            asked: 2,
            limit: 1,
        };
        let io = || io::Error::other("x");
        let cases = [
            (VaultError::NotFound { path: path() }, "vault_not_found"),
            (VaultError::AlreadyExists { path: path() }, "already_exists"),
            (
                VaultError::ChangedElsewhere { path: path() },
                "changed_elsewhere",
            ),
            (
                VaultError::Busy {
                    path: path(),
                    waited_s: 1,
                },
                "busy",
            ),
            (VaultError::NotAFile { path: path() }, "not_a_file"),
            (VaultError::WrongPassphrase, "wrong_passphrase"),
            (VaultError::WrongKey, "wrong_key"),
            (
                VaultError::NoSlot {
                    kind: SlotKind::Platform,
                },
                "no_slot",
            ),
            (
                VaultError::RepeatedSlot {
                    kind: SlotKind::Platform,
                },
                "repeated_slot",
            ),
            (VaultError::LastSlot, "last_slot"),
            (VaultError::KeyStore(KeyStoreError::Cancelled), "keystore"),
            (VaultError::Tampered, "tampered"),
            (VaultError::Corrupt { reason: "x" }, "corrupt"),
            (
                VaultError::NewerVersion {
                    what: "format",
                    found: 3,
                    supported: 2,
                },
                "newer_version",
            ),
            (VaultError::ExpensiveKdf(cost), "expensive_kdf"),
            (VaultError::KdfParams("x"), "kdf_params"),
            (VaultError::EmptyPassphrase, "empty_passphrase"),
            (VaultError::NoSuchAccount(id), "no_such_account"),
            (VaultError::Duplicate { existing: id }, "duplicate"),
            (VaultError::Full { max: 1 }, "vault_full"),
            (
                VaultError::InvalidAccount(OtpError::PeriodZero),
                "invalid_account",
            ),
            (
                VaultError::InvalidName(crate::uri::UriError::NotUtf8 { field: "label" }),
                "not_utf8",
            ),
            (VaultError::NotHotp(id), "not_hotp"),
            (VaultError::CounterExhausted(id), "counter_exhausted"),
            (
                VaultError::Io {
                    step: IoStep::Read,
                    path: path(),
                    source: io(),
                },
                "io",
            ),
            (VaultError::Random, "random"),
            (VaultError::Encryption, "encryption"),
        ];
        crate::names::assert_names(&cases, VaultError::kind, VaultError::COUNT);
    }
}
