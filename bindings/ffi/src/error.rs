//! The one error type apps see. Each variant is something the app does differently; each
//! carries a stable [`ErrorReason`] (which cause, for the app's own translated text), its
//! [`ErrorDetails`] (the values that text needs) and `text`, core's English message (what was
//! wrong and how to fix it, never a secret) for logs and as a fallback.
//!
//! The variant follows from the reason ([`OtpKitError::new`], one exhaustive match), and the
//! reason from the core error ([`crate::reason`], exhaustive matches): a cause added to core does
//! not compile until it has both.
//!
//! Kotlin: `OtpKitException.InvalidInput(reason, details, text)`, with `e.reason()` and
//! `e.details()` on every variant; Swift: `OtpKitError.InvalidInput(reason:details:text:)`, with
//! `error.reason()`, `error.details()` and `error.message` (bindings/ffi/swift).

use crate::reason::{Describe, ErrorDetails, ErrorReason};

/// Why an OtpKit call failed. Branch on the variant for what to do, on `reason` for what to say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum OtpKitError {
    /// Something the user typed, scanned or imported is not valid, or an operation the vault
    /// refuses (duplicate, unknown account...): tell them what to fix.
    #[error("{text}")]
    InvalidInput {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The vault would be left with no way to open (its only key slot was to be removed):
    /// set a passphrase or turn the platform key on first.
    #[error("{text}")]
    LastKeySlot {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The device clock cannot be used (set before 1970): ask the user to set the date and time.
    #[error("{text}")]
    ClockUnusable {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// There is no vault at that path: offer to create one.
    #[error("{text}")]
    VaultNotFound {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The passphrase (or the import file's password) is wrong: ask again.
    #[error("{text}")]
    WrongPassphrase {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The import file is encrypted: ask for its password and call again with it.
    #[error("{text}")]
    PasswordRequired {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The platform keystore could not unlock the vault (key replaced or invalidated, device
    /// locked, prompt unanswered, or the app's `PlatformKeyStore` threw): offer the passphrase
    /// instead.
    #[error("{text}")]
    KeyUnavailable {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The user cancelled the platform key prompt: nothing changed and nothing is wrong with the
    /// key; stay where the user was (no error message needed).
    #[error("{text}")]
    Cancelled {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The vault file is damaged or was tampered with: offer to restore a backup.
    #[error("{text}")]
    VaultCorrupt {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The vault was written by a newer OtpKit: ask the user to update the app.
    #[error("{text}")]
    NewerVersion {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// Another process (a widget, a second app) saved the vault after this object read it, so
    /// saving now would erase that change. Nothing was saved: call `reload()` and redo the call.
    #[error("{text}")]
    ChangedElsewhere {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// Storage failed (disk full, permissions, the vault held by another process): retry
    /// later; nothing was lost.
    #[error("{text}")]
    Storage {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
    /// The system failed where it cannot (its random number generator, the encryption
    /// library): nothing was changed; retrying will rarely help, so report it.
    #[error("{text}")]
    Internal {
        /// Which cause.
        reason: ErrorReason,
        /// The values its message needs.
        details: ErrorDetails,
        /// Core's English message, for logs.
        text: String,
    },
}

/// What the app does about a failure: one per [`OtpKitError`] variant.
#[derive(Clone, Copy)]
enum Action {
    InvalidInput,
    LastKeySlot,
    ClockUnusable,
    VaultNotFound,
    WrongPassphrase,
    PasswordRequired,
    KeyUnavailable,
    Cancelled,
    VaultCorrupt,
    NewerVersion,
    ChangedElsewhere,
    Storage,
    Internal,
}

/// The variant each reason belongs to.
fn action_of(reason: ErrorReason) -> Action {
    use ErrorReason as R;
    match reason {
        R::ClockBeforeEpoch => Action::ClockUnusable,
        R::VaultNotFound => Action::VaultNotFound,
        R::WrongPassphrase | R::ImportWrongPassword => Action::WrongPassphrase,
        R::ImportPasswordRequired => Action::PasswordRequired,
        R::WrongPlatformKey | R::KeystoreUnavailable | R::KeystoreFailed => Action::KeyUnavailable,
        R::KeyPromptCancelled => Action::Cancelled,
        R::KeyPromptTimedOut => Action::KeyUnavailable,
        R::LastSlot => Action::LastKeySlot,
        // A vault asking for far more Argon2 work than OtpKit ever writes was made or changed
        // by something else: like a damaged file, offer a backup.
        R::VaultTampered | R::VaultCorrupt | R::VaultKdfTooExpensive => Action::VaultCorrupt,
        R::VaultNewerVersion => Action::NewerVersion,
        R::VaultChangedElsewhere => Action::ChangedElsewhere,
        R::StorageFailed | R::VaultBusy | R::NotAFile => Action::Storage,
        R::RandomFailed | R::EncryptionFailed => Action::Internal,
        R::SecretEmpty
        | R::SecretNotBase32
        | R::SecretMisplacedPadding
        | R::SecretTooShort
        | R::SecretTooLong
        | R::SecretMissing
        | R::PeriodOutOfRange
        | R::DigitsOutOfRange
        | R::SteamDigits
        | R::CounterOutOfRange
        | R::SteamAlgorithm
        | R::UriTooLong
        | R::NotAUri
        | R::UnknownScheme
        | R::UnknownOtpType
        | R::CounterMissing
        | R::NotANumber
        | R::NameTooLong
        | R::UnknownAlgorithm
        | R::UnknownEncoder
        | R::DuplicateParameter
        | R::BadPercentEncoding
        | R::NotUtf8
        | R::ControlCharacter
        | R::NotOneAccount
        | R::ExportUnknownHost
        | R::ExportDataMissing
        | R::ExportNotBase64
        | R::ExportDamaged
        | R::ExportTooLarge
        | R::ExportNotGoogle
        | R::ExportEmpty
        | R::ExportBatchInvalid
        | R::ExportUnknownValue
        | R::ExportNothingSelected
        | R::ExportBatchLimitZero
        | R::ExportUnsupportedPeriod
        | R::ExportUnsupportedDigits
        | R::ExportUnsupportedSteam
        | R::ExportUnsupportedCounter
        | R::ExportTooManyCodes
        | R::ExportAccountTooLarge
        | R::ExportTooManyParts
        | R::ExportPartsDisagree
        | R::NotAnExportCode
        | R::ExportCodeTooLarge
        | R::FrameEmpty
        | R::FrameStrideTooSmall
        | R::FrameBufferTooSmall
        | R::FrameRotationInvalid
        | R::ImageTooLarge
        | R::ImageFileTooLarge
        | R::ImageUnreadable
        | R::NotAnAuthenticatorCode
        | R::InvalidArgument
        | R::CodeEmpty
        | R::CodeWrongLength
        | R::CodeBadCharacter
        | R::CodeWindowTooWide
        // No boot clock: a correction is refused (codes still work).
        | R::CorrectionUnavailable
        | R::ServerInvalid
        | R::NoServers
        | R::DeadlineOutOfRange
        | R::ClockNotChecked
        | R::CorrectionNoAgreement
        | R::CorrectionUncertain
        | R::CorrectionTooLarge
        | R::CorrectionClockChanged
        | R::CorrectionDeviceRestarted
        | R::CorrectionExpired
        | R::FileExists
        | R::KdfParamsOutOfRange
        | R::PassphraseEmpty
        | R::NoSuchSlot
        | R::SlotRepeated
        | R::NoSuchAccount
        | R::DuplicateAccount
        | R::VaultFull
        | R::NotHotp
        | R::CounterExhausted
        | R::ImportUnknownFormat
        | R::ImportTooLarge
        | R::ImportMalformed
        | R::ImportUnsupportedVersion
        | R::ImportEncryptionUnsupported
        | R::ImportDamaged
        | R::ImportKdfTooExpensive
        | R::ImportTooManyEntries => Action::InvalidInput,
    }
}

impl OtpKitError {
    /// The error for `reason`, in the variant the reason belongs to.
    pub(crate) fn new(reason: ErrorReason, details: ErrorDetails, text: impl Into<String>) -> Self {
        let text = text.into();
        match action_of(reason) {
            Action::InvalidInput => OtpKitError::InvalidInput {
                reason,
                details,
                text,
            },
            Action::LastKeySlot => OtpKitError::LastKeySlot {
                reason,
                details,
                text,
            },
            Action::ClockUnusable => OtpKitError::ClockUnusable {
                reason,
                details,
                text,
            },
            Action::VaultNotFound => OtpKitError::VaultNotFound {
                reason,
                details,
                text,
            },
            Action::WrongPassphrase => OtpKitError::WrongPassphrase {
                reason,
                details,
                text,
            },
            Action::PasswordRequired => OtpKitError::PasswordRequired {
                reason,
                details,
                text,
            },
            Action::KeyUnavailable => OtpKitError::KeyUnavailable {
                reason,
                details,
                text,
            },
            Action::Cancelled => OtpKitError::Cancelled {
                reason,
                details,
                text,
            },
            Action::VaultCorrupt => OtpKitError::VaultCorrupt {
                reason,
                details,
                text,
            },
            Action::NewerVersion => OtpKitError::NewerVersion {
                reason,
                details,
                text,
            },
            Action::ChangedElsewhere => OtpKitError::ChangedElsewhere {
                reason,
                details,
                text,
            },
            Action::Storage => OtpKitError::Storage {
                reason,
                details,
                text,
            },
            Action::Internal => OtpKitError::Internal {
                reason,
                details,
                text,
            },
        }
    }

    /// An argument the app passed that no user could have typed (`field` names it).
    pub(crate) fn invalid_argument(
        field: &str,
        value: Option<i64>,
        text: impl Into<String>,
    ) -> Self {
        let mut details = ErrorDetails::default().field(field);
        details.value = value;
        OtpKitError::new(ErrorReason::InvalidArgument, details, text)
    }

    /// A core error: its reason, details and message.
    fn from_core(err: &(impl Describe + std::fmt::Display)) -> Self {
        let (reason, details) = err.describe();
        OtpKitError::new(reason, details, err.to_string())
    }

    fn parts(&self) -> (&ErrorReason, &ErrorDetails, &String) {
        match self {
            OtpKitError::InvalidInput {
                reason,
                details,
                text,
            }
            | OtpKitError::LastKeySlot {
                reason,
                details,
                text,
            }
            | OtpKitError::ClockUnusable {
                reason,
                details,
                text,
            }
            | OtpKitError::VaultNotFound {
                reason,
                details,
                text,
            }
            | OtpKitError::WrongPassphrase {
                reason,
                details,
                text,
            }
            | OtpKitError::PasswordRequired {
                reason,
                details,
                text,
            }
            | OtpKitError::KeyUnavailable {
                reason,
                details,
                text,
            }
            | OtpKitError::Cancelled {
                reason,
                details,
                text,
            }
            | OtpKitError::VaultCorrupt {
                reason,
                details,
                text,
            }
            | OtpKitError::NewerVersion {
                reason,
                details,
                text,
            }
            | OtpKitError::ChangedElsewhere {
                reason,
                details,
                text,
            }
            | OtpKitError::Storage {
                reason,
                details,
                text,
            }
            | OtpKitError::Internal {
                reason,
                details,
                text,
            } => (reason, details, text),
        }
    }
}

#[uniffi::export]
impl OtpKitError {
    /// Which cause: the code to choose the app's own message by.
    pub fn reason(&self) -> ErrorReason {
        *self.parts().0
    }

    /// The values the message for [`OtpKitError::reason`] needs.
    pub fn details(&self) -> ErrorDetails {
        self.parts().1.clone()
    }

    /// Core's English message (what was wrong and how to fix it), for logs and as a fallback.
    pub fn text(&self) -> String {
        self.parts().2.clone()
    }
}

macro_rules! from_core {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for OtpKitError {
            fn from(err: $error) -> Self {
                OtpKitError::from_core(&err)
            }
        }
    )*};
}

from_core!(
    otpkit_core::Error,
    otpkit_core::base32::Base32Error,
    otpkit_core::otp::OtpError,
    otpkit_core::uri::UriError,
    otpkit_core::qr::QrError,
    otpkit_core::qr::BatchPartError,
    otpkit_core::clock::ClockError,
    otpkit_core::clock::CheckError,
    otpkit_core::clock::CorrectionError,
    otpkit_core::vault::VaultError,
    otpkit_core::vault::import::ImportError,
);

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use otpkit_core::base32::Base32Error;
    use otpkit_core::clock::{CheckError, ClockError, CorrectionError, DropReason, VerifyError};
    use otpkit_core::otp::{Algorithm, OtpError};
    use otpkit_core::qr::{BatchPartError, QrError};
    use otpkit_core::uri::migration::{EncodeError, Unsupported};
    use otpkit_core::uri::{Shown, UriError};
    use otpkit_core::vault::import::{ImportError, ImportFormat};
    use otpkit_core::vault::KdfCost;
    use otpkit_core::vault::{AccountId, IoStep, KeyStoreError, SlotKind, VaultError};

    use super::*;
    use crate::vault::{BackupFormat, SlotKind as FfiSlotKind};
    use ErrorReason as R;

    fn variant(err: &OtpKitError) -> &'static str {
        match err {
            OtpKitError::InvalidInput { .. } => "InvalidInput",
            OtpKitError::LastKeySlot { .. } => "LastKeySlot",
            OtpKitError::ClockUnusable { .. } => "ClockUnusable",
            OtpKitError::VaultNotFound { .. } => "VaultNotFound",
            OtpKitError::WrongPassphrase { .. } => "WrongPassphrase",
            OtpKitError::PasswordRequired { .. } => "PasswordRequired",
            OtpKitError::KeyUnavailable { .. } => "KeyUnavailable",
            OtpKitError::Cancelled { .. } => "Cancelled",
            OtpKitError::VaultCorrupt { .. } => "VaultCorrupt",
            OtpKitError::NewerVersion { .. } => "NewerVersion",
            OtpKitError::ChangedElsewhere { .. } => "ChangedElsewhere",
            OtpKitError::Storage { .. } => "Storage",
            OtpKitError::Internal { .. } => "Internal",
        }
    }

    fn d() -> ErrorDetails {
        ErrorDetails::default()
    }

    /// Checks the reason, details, variant and text one core error becomes.
    fn check(
        err: impl Into<otpkit_core::Error>,
        reason: ErrorReason,
        details: ErrorDetails,
        kind: &str,
    ) {
        let err = err.into();
        let message = err.to_string();
        let ffi = OtpKitError::from(err);
        assert_eq!((ffi.reason(), variant(&ffi)), (reason, kind), "{message}");
        assert_eq!(ffi.details(), details, "{message}");
        assert_eq!(ffi.text(), message);
        assert_eq!(ffi.to_string(), message);
    }

    fn input(err: impl Into<otpkit_core::Error>, reason: ErrorReason, details: ErrorDetails) {
        check(err, reason, details, "InvalidInput");
    }

    fn vault_path() -> PathBuf {
        PathBuf::from("/tmp/v.otpkit")
    }

    #[test]
    fn secrets_and_code_parameters() {
        input(Base32Error::Empty, R::SecretEmpty, d());
        input(
            Base32Error::InvalidChar {
                ch: '1',
                position: 16,
            },
            R::SecretNotBase32,
            d().position(16),
        );
        input(
            Base32Error::MisplacedPadding { position: 5 },
            R::SecretMisplacedPadding,
            d().position(5),
        );
        input(OtpError::EmptySecret, R::SecretEmpty, d());
        input(OtpError::PeriodZero, R::PeriodOutOfRange, d().value(0));
        input(
            OtpError::DigitsOutOfRange { digits: 12 },
            R::DigitsOutOfRange,
            d().value(12),
        );
        input(
            OtpError::SteamDigits { digits: 6 },
            R::SteamDigits,
            d().value(6),
        );
    }

    #[test]
    fn uris() {
        input(
            UriError::TooLong {
                len: 5000,
                max: 4096,
            },
            R::UriTooLong,
            d().length(5000).limit(4096),
        );
        input(UriError::NotAUri, R::NotAUri, d());
        let mut https = d();
        https.found = Some("https".into());
        input(
            UriError::UnknownScheme {
                scheme: Shown::new("https"),
            },
            R::UnknownScheme,
            https,
        );
        // A long or unusual word is not echoed: it might be a pasted secret.
        input(
            UriError::UnknownType {
                found: Shown::new("JBSWY3DPEHPK3PXP"),
            },
            R::UnknownOtpType,
            d(),
        );
        input(UriError::MissingSecret, R::SecretMissing, d());
        input(UriError::Secret(Base32Error::Empty), R::SecretEmpty, d());
        input(
            UriError::SecretTooShort { symbols: 1 },
            R::SecretTooShort,
            d().length(1),
        );
        input(UriError::MissingCounter, R::CounterMissing, d());
        input(
            UriError::InvalidNumber {
                param: "period",
                example: "30",
            },
            R::NotANumber,
            d().field("period"),
        );
        input(
            UriError::Params(OtpError::PeriodZero),
            R::PeriodOutOfRange,
            d().value(0),
        );
        input(
            UriError::NameTooLong {
                field: "issuer",
                len: 300,
                max: 256,
            },
            R::NameTooLong,
            d().field("issuer").length(300).limit(256),
        );
        input(
            UriError::SecretTooLong {
                bytes: 200,
                max: 128,
            },
            R::SecretTooLong,
            d().length(200).limit(128),
        );
        let mut md5 = d();
        md5.found = Some("MD5".into());
        input(
            UriError::UnknownAlgorithm {
                found: Shown::new("MD5"),
            },
            R::UnknownAlgorithm,
            md5,
        );
        let mut sha256 = d();
        sha256.found = Some("SHA256".into());
        input(
            UriError::SteamAlgorithm {
                algorithm: Algorithm::Sha256,
            },
            R::SteamAlgorithm,
            sha256,
        );
        let mut yandex = d();
        yandex.found = Some("yandex".into());
        input(
            UriError::UnknownEncoder {
                found: Shown::new("yandex"),
            },
            R::UnknownEncoder,
            yandex,
        );
        input(
            UriError::DuplicateParameter { name: "secret" },
            R::DuplicateParameter,
            d().field("secret"),
        );
        input(
            UriError::BadPercentEncoding {
                field: "label",
                position: 3,
            },
            R::BadPercentEncoding,
            d().field("label").position(3),
        );
        input(
            UriError::NotUtf8 { field: "label" },
            R::NotUtf8,
            d().field("label"),
        );
        input(
            UriError::ControlCharacter {
                field: "issuer",
                position: 2,
            },
            R::ControlCharacter,
            d().field("issuer").position(2),
        );
    }

    #[test]
    fn google_exports() {
        input(UriError::UnknownMigrationHost, R::ExportUnknownHost, d());
        input(UriError::MissingData, R::ExportDataMissing, d());
        input(
            UriError::NotBase64 { position: 1 },
            R::ExportNotBase64,
            d().position(1),
        );
        input(UriError::Base64Damaged, R::ExportDamaged, d());
        input(
            UriError::PayloadTooLarge { len: 9, max: 8 },
            R::ExportTooLarge,
            d().length(9).limit(8),
        );
        input(
            UriError::NotProtobuf { reason: "x".into() },
            R::ExportNotGoogle,
            d(),
        );
        input(UriError::EmptyExport, R::ExportEmpty, d());
        input(
            UriError::InvalidBatch { index: 2, size: 2 },
            R::ExportBatchInvalid,
            d().position(3).length(2),
        );
        input(
            UriError::UnknownMigrationValue {
                field: "digits",
                value: 9,
            },
            R::ExportUnknownValue,
            d().field("digits").value(9),
        );
        input(EncodeError::NothingToEncode, R::ExportNothingSelected, d());
        input(EncodeError::ZeroBatchLimit, R::ExportBatchLimitZero, d());
        let unsupported = |reason| EncodeError::Unsupported { index: 4, reason };
        input(
            unsupported(Unsupported::Period(60)),
            R::ExportUnsupportedPeriod,
            d().position(5).value(60),
        );
        input(
            unsupported(Unsupported::Digits(7)),
            R::ExportUnsupportedDigits,
            d().position(5).value(7),
        );
        input(
            unsupported(Unsupported::Steam),
            R::ExportUnsupportedSteam,
            d().position(5),
        );
        input(
            unsupported(Unsupported::Counter(u64::MAX)),
            R::ExportUnsupportedCounter,
            d().position(5),
        );
        input(
            EncodeError::TooManyBatches {
                parts: 101,
                max: 100,
            },
            R::ExportTooManyCodes,
            d().length(101).limit(100),
        );
        input(
            EncodeError::AccountTooLarge {
                index: 2,
                len: 3000,
                max: 2900,
            },
            R::ExportAccountTooLarge,
            d().position(3).length(3000).limit(2900),
        );
        input(
            BatchPartError::IndexOutOfRange { index: 4, size: 3 },
            R::ExportBatchInvalid,
            d().position(5).length(3),
        );
        input(
            BatchPartError::TooManyParts {
                size: 500,
                max: 100,
            },
            R::ExportTooManyParts,
            d().length(500).limit(100),
        );
        input(
            BatchPartError::SizeMismatch {
                size: 3,
                earlier: 2,
            },
            R::ExportPartsDisagree,
            d().length(3).value(2),
        );
        input(
            EncodeError::PayloadTooLarge {
                batch_index: 0,
                len: 5000,
                max: 4096,
            },
            R::ExportCodeTooLarge,
            d().position(1).length(5000).limit(4096),
        );
    }

    #[test]
    fn frames_and_images() {
        input(
            QrError::ZeroSize {
                width: 0,
                height: 5,
            },
            R::FrameEmpty,
            d().value(0).length(5),
        );
        input(
            QrError::StrideBelowWidth {
                stride: 3,
                width: 4,
            },
            R::FrameStrideTooSmall,
            d().value(3).limit(4),
        );
        input(
            QrError::BufferTooSmall { needed: 10, got: 9 },
            R::FrameBufferTooSmall,
            d().length(9).limit(10),
        );
        input(
            QrError::TooLarge {
                width: 9,
                height: 8,
                max: 7,
            },
            R::ImageTooLarge,
            d().value(9).length(8).limit(7),
        );
        input(
            QrError::BadRotation { degrees: 45 },
            R::FrameRotationInvalid,
            d().value(45),
        );
        input(
            QrError::FileTooLarge { len: 9, max: 8 },
            R::ImageFileTooLarge,
            d().length(9).limit(8),
        );
        input(
            QrError::UnsupportedImage { reason: "x".into() },
            R::ImageUnreadable,
            d(),
        );
        input(
            QrError::NotAnAuthenticatorCode {
                kind: "a web address",
            },
            R::NotAnAuthenticatorCode,
            d(),
        );
    }

    #[test]
    fn clocks_codes_and_time_servers() {
        check(
            ClockError::BeforeEpoch,
            R::ClockBeforeEpoch,
            d(),
            "ClockUnusable",
        );
        input(
            ClockError::BootClockUnavailable,
            R::CorrectionUnavailable,
            d(),
        );
        let mut server = d();
        server.server = Some("a:b:c".into());
        input(
            CheckError::BadServer {
                server: "a:b:c".into(),
            },
            R::ServerInvalid,
            server,
        );
        input(CheckError::NoServers, R::NoServers, d());
        input(
            CheckError::BadDeadline { millis: 0 },
            R::DeadlineOutOfRange,
            d().value(0).limit(60_000),
        );
        input(CorrectionError::NoAgreement, R::CorrectionNoAgreement, d());
        input(
            CorrectionError::Uncertain {
                uncertainty_ms: 700,
            },
            R::CorrectionUncertain,
            d().value(700).limit(500),
        );
        input(
            CorrectionError::TooLarge { minutes: 61 },
            R::CorrectionTooLarge,
            d().value(61).limit(60),
        );
        let stale = CorrectionError::Stale;
        input(
            stale(DropReason::WallClockJumped { by_ms: -3000 }),
            R::CorrectionClockChanged,
            d().value(-3000),
        );
        input(
            stale(DropReason::Rebooted),
            R::CorrectionDeviceRestarted,
            d(),
        );
        input(stale(DropReason::Expired), R::CorrectionExpired, d());
        input(
            stale(DropReason::BootClockUnavailable),
            R::CorrectionUnavailable,
            d(),
        );
        check(
            CorrectionError::Clock(ClockError::BeforeEpoch),
            R::ClockBeforeEpoch,
            d(),
            "ClockUnusable",
        );
        input(VerifyError::Empty, R::CodeEmpty, d());
        input(
            VerifyError::WrongLength {
                expected: 6,
                got: 5,
            },
            R::CodeWrongLength,
            d().length(5).limit(6),
        );
        input(
            VerifyError::BadCharacter {
                position: 2,
                hint: "digits",
            },
            R::CodeBadCharacter,
            d().position(2),
        );
        input(
            VerifyError::WindowTooWide { window: 241 },
            R::CodeWindowTooWide,
            d().value(241).limit(240),
        );
    }

    #[test]
    fn vaults() {
        let path = vault_path;
        check(
            VaultError::NotFound { path: path() },
            R::VaultNotFound,
            d(),
            "VaultNotFound",
        );
        input(
            VaultError::AlreadyExists { path: path() },
            R::FileExists,
            d(),
        );
        check(
            VaultError::ChangedElsewhere { path: path() },
            R::VaultChangedElsewhere,
            d(),
            "ChangedElsewhere",
        );
        check(
            VaultError::Busy {
                path: path(),
                waited_s: 30,
            },
            R::VaultBusy,
            d().value(30),
            "Storage",
        );
        check(
            VaultError::NotAFile { path: path() },
            R::NotAFile,
            d(),
            "Storage",
        );
        check(
            VaultError::WrongPassphrase,
            R::WrongPassphrase,
            d(),
            "WrongPassphrase",
        );
        check(
            VaultError::WrongKey,
            R::WrongPlatformKey,
            d(),
            "KeyUnavailable",
        );
        let mut platform = d();
        platform.slot = Some(FfiSlotKind::Platform);
        input(
            VaultError::NoSlot {
                kind: SlotKind::Platform,
            },
            R::NoSuchSlot,
            platform.clone(),
        );
        input(
            VaultError::RepeatedSlot {
                kind: SlotKind::Platform,
            },
            R::SlotRepeated,
            platform,
        );
        check(VaultError::LastSlot, R::LastSlot, d(), "LastKeySlot");
        let keystore = |e| VaultError::KeyStore(e);
        check(
            keystore(KeyStoreError::WrongKey),
            R::WrongPlatformKey,
            d(),
            "KeyUnavailable",
        );
        check(
            keystore(KeyStoreError::Unavailable("locked".into())),
            R::KeystoreUnavailable,
            d(),
            "KeyUnavailable",
        );
        check(
            keystore(KeyStoreError::Failed("threw".into())),
            R::KeystoreFailed,
            d(),
            "KeyUnavailable",
        );
        check(
            keystore(KeyStoreError::Cancelled),
            R::KeyPromptCancelled,
            d(),
            "Cancelled",
        );
        check(
            keystore(KeyStoreError::TimedOut { waited_s: 120 }),
            R::KeyPromptTimedOut,
            d().value(120),
            "KeyUnavailable",
        );
        check(VaultError::Tampered, R::VaultTampered, d(), "VaultCorrupt");
        check(
            VaultError::Corrupt { reason: "short" },
            R::VaultCorrupt,
            d(),
            "VaultCorrupt",
        );
        check(
            VaultError::NewerVersion {
                what: "format",
                found: 2,
                supported: 1,
            },
            R::VaultNewerVersion,
            d().field("format").value(2).limit(1),
            "NewerVersion",
        );
        let cost = KdfCost {
            what: "scrypt N x r x p",
            asked: 1 << 25,
            limit: 1 << 20,
        };
        check(
            VaultError::ExpensiveKdf(cost),
            R::VaultKdfTooExpensive,
            d().value(1 << 25).limit(1 << 20),
            "VaultCorrupt",
        );
        input(VaultError::KdfParams("memory"), R::KdfParamsOutOfRange, d());
        input(VaultError::EmptyPassphrase, R::PassphraseEmpty, d());
        let mut id = d();
        id.account_id = Some("7".into());
        input(
            VaultError::NoSuchAccount(AccountId(7)),
            R::NoSuchAccount,
            id.clone(),
        );
        input(
            VaultError::Duplicate {
                existing: AccountId(7),
            },
            R::DuplicateAccount,
            id.clone(),
        );
        input(
            VaultError::Full { max: 10_000 },
            R::VaultFull,
            d().limit(10_000),
        );
        input(
            VaultError::InvalidAccount(OtpError::PeriodZero),
            R::PeriodOutOfRange,
            d().value(0),
        );
        input(
            VaultError::InvalidName(UriError::NotUtf8 { field: "note" }),
            R::NotUtf8,
            d().field("note"),
        );
        input(VaultError::NotHotp(AccountId(7)), R::NotHotp, id.clone());
        input(
            VaultError::CounterExhausted(AccountId(7)),
            R::CounterExhausted,
            id,
        );
        for (step, name) in [
            (IoStep::Read, "read"),
            (IoStep::Write, "write"),
            (IoStep::SyncFile, "sync_file"),
            (IoStep::Rename, "rename"),
            (IoStep::SyncDir, "sync_dir"),
            (IoStep::Lock, "lock"),
        ] {
            let source = std::io::Error::other("disk full");
            check(
                VaultError::Io {
                    step,
                    path: path(),
                    source,
                },
                R::StorageFailed,
                d().field(name),
                "Storage",
            );
        }
    }

    #[test]
    fn a_random_or_encryption_failure_is_internal_not_bad_input() {
        check(VaultError::Random, R::RandomFailed, d(), "Internal");
        check(VaultError::Encryption, R::EncryptionFailed, d(), "Internal");
    }

    #[test]
    fn imports() {
        let aegis = |details: ErrorDetails| {
            let mut details = details;
            details.format = Some(BackupFormat::Aegis);
            details
        };
        let f = ImportFormat::Aegis;
        input(ImportError::UnknownFormat, R::ImportUnknownFormat, d());
        input(
            ImportError::TooLarge { max: 9 },
            R::ImportTooLarge,
            d().limit(9),
        );
        input(
            ImportError::Malformed {
                format: f,
                reason: "x".into(),
            },
            R::ImportMalformed,
            aegis(d()),
        );
        input(
            ImportError::UnsupportedVersion {
                format: f,
                version: 9,
            },
            R::ImportUnsupportedVersion,
            aegis(d().value(9)),
        );
        check(
            ImportError::PasswordRequired { format: f },
            R::ImportPasswordRequired,
            aegis(d()),
            "PasswordRequired",
        );
        check(
            ImportError::WrongPassword { format: f },
            R::ImportWrongPassword,
            aegis(d()),
            "WrongPassphrase",
        );
        input(
            ImportError::EncryptionNotSupported {
                format: f,
                fix: "export it again",
            },
            R::ImportEncryptionUnsupported,
            aegis(d()),
        );
        input(
            ImportError::Tampered { format: f },
            R::ImportDamaged,
            aegis(d()),
        );
        let cost = KdfCost {
            what: "scrypt N x r x p",
            asked: 1 << 25,
            limit: 1 << 20,
        };
        input(
            ImportError::ExpensiveKdf { format: f, cost },
            R::ImportKdfTooExpensive,
            aegis(d().value(1 << 25).limit(1 << 20)),
        );
        input(
            ImportError::TooManyEntries { format: f, max: 10 },
            R::ImportTooManyEntries,
            aegis(d().limit(10)),
        );
        check(
            ImportError::Backup(VaultError::Tampered),
            R::VaultTampered,
            d(),
            "VaultCorrupt",
        );
        check(
            ImportError::Backup(VaultError::WrongPassphrase),
            R::WrongPassphrase,
            d(),
            "WrongPassphrase",
        );
    }

    #[test]
    fn an_invalid_character_in_a_secret_is_not_echoed() {
        let err = OtpKitError::from(Base32Error::InvalidChar {
            ch: 'Z',
            position: 3,
        });
        assert!(!format!("{:?}", err.details()).contains('Z'));
    }
}
