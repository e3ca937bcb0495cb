//! Why a call failed, as a stable code ([`ErrorReason`]) and the few values a message needs
//! ([`ErrorDetails`]), so that apps word each failure in their own language. Every core error
//! variant maps to exactly one reason, in exhaustive matches (no `_` arm): a variant added to
//! core does not compile until it has one.
//!
//! No field carries a secret, a passphrase or an account name: at most a position, a number, a
//! parameter name, a short plain word the input held (`MD5`, `https`), a server as typed, a
//! format, a slot kind or an account id.

use otpkit_core::base32::Base32Error;
use otpkit_core::clock::{CheckError, ClockError, CorrectionError, DropReason, VerifyError};
use otpkit_core::otp::OtpError;
use otpkit_core::qr::{BatchPartError, QrError};
use otpkit_core::uri::migration::{EncodeError, Unsupported};
use otpkit_core::uri::{Shown, UriError};
use otpkit_core::vault::import::ImportError;
use otpkit_core::vault::KdfCost;
use otpkit_core::vault::{AccountId, KeyStoreError, VaultError};

use crate::vault::{BackupFormat, SlotKind};

/// A stable code for each distinct cause of an [`crate::OtpKitError`]: branch on it and show
/// your own (translated) text, filled in from [`ErrorDetails`]. Kotlin `ErrorReason.SECRET_NOT_BASE32`,
/// Swift `.secretNotBase32`. Each case's doc names the details it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ErrorReason {
    // The secret key.
    /// The secret is empty (or only spaces, dashes and padding).
    SecretEmpty,
    /// A character outside base32 (A-Z, 2-7): `position` (from 1).
    SecretNotBase32,
    /// `=` padding followed by more characters: `position` of the first `=`.
    SecretMisplacedPadding,
    /// Too few base32 characters to hold one byte: `length` (characters).
    SecretTooShort,
    /// Longer than any account key: `length`, `limit` (bytes).
    SecretTooLong,
    /// The URI has no `secret=`.
    SecretMissing,

    // Code parameters.
    /// A period of 0 (or below): `value`.
    PeriodOutOfRange,
    /// A code length other than 6, 7 or 8: `value`.
    DigitsOutOfRange,
    /// A Steam account with another length than 5: `value`.
    SteamDigits,
    /// A negative HOTP counter: `value`.
    CounterOutOfRange,
    /// A Steam account with another algorithm than SHA1: `found` (the algorithm).
    SteamAlgorithm,

    // otpauth:// URIs.
    /// Longer than any account QR code: `length`, `limit` (bytes).
    UriTooLong,
    /// Not a URI at all (no `otpauth://`).
    NotAUri,
    /// A URI of another kind (`https://`): `found` (the scheme, when short and plain).
    UnknownScheme,
    /// Not totp, hotp or steam: `found`.
    UnknownOtpType,
    /// An hotp URI without `counter=`.
    CounterMissing,
    /// `digits`, `period` or `counter` that is not a whole number in range: `field`.
    NotANumber,
    /// An issuer, label, group or note over its length limit: `field`, `length`, `limit` (bytes).
    NameTooLong,
    /// A hash other than SHA1, SHA256 or SHA512 (MD5, a typo): `found`.
    UnknownAlgorithm,
    /// An `encoder=` other than steam on a totp URI: `found`.
    UnknownEncoder,
    /// A parameter written twice: `field`.
    DuplicateParameter,
    /// A `%` not followed by two hex digits: `field`, `position`.
    BadPercentEncoding,
    /// Percent-decoded bytes that are not UTF-8 text: `field`.
    NotUtf8,
    /// A control, line-separator or text-direction character in a name: `field`, `position`.
    ControlCharacter,
    /// A single-account call given a URI with another number of accounts: `length` (accounts).
    NotOneAccount,

    // Google Authenticator exports (otpauth-migration://).
    /// `otpauth-migration://` with another host than `offline`.
    ExportUnknownHost,
    /// No `data=` parameter.
    ExportDataMissing,
    /// A character outside base64 in `data=`: `position`.
    ExportNotBase64,
    /// Cut short or damaged base64.
    ExportDamaged,
    /// Larger than any export QR code: `length`, `limit` (bytes).
    ExportTooLarge,
    /// Base64 that does not hold Google's export message.
    ExportNotGoogle,
    /// An export without accounts.
    ExportEmpty,
    /// Batch numbers that cannot be right: `position` (part, from 1), `length` (parts).
    ExportBatchInvalid,
    /// An export code claiming more codes than OtpKit reads: `length` (codes), `limit`.
    ExportTooManyParts,
    /// An export code whose count of codes differs from the codes of the same export scanned
    /// before (two exports with one id): `length` (this code's count), `value` (the earlier one).
    ExportPartsDisagree,
    /// A code given to the export tracker that is not part of an export (add it on its own).
    NotAnExportCode,
    /// A value Google's format does not define: `field` (`algorithm`, `digits`, `type`), `value`.
    ExportUnknownValue,

    // Writing a Google Authenticator export.
    /// No accounts were selected.
    ExportNothingSelected,
    /// Zero accounts per QR code were asked for.
    ExportBatchLimitZero,
    /// An account whose period the format cannot carry: `position` (account, from 1), `value`.
    ExportUnsupportedPeriod,
    /// An account whose code length the format cannot carry: `position`, `value`.
    ExportUnsupportedDigits,
    /// A Steam account, which the format cannot carry: `position`.
    ExportUnsupportedSteam,
    /// An HOTP counter too large for the format: `position`.
    ExportUnsupportedCounter,
    /// More QR codes than one import can track: `length` (codes needed), `limit`.
    ExportTooManyCodes,
    /// One account alone is more than a QR code holds: `position` (account, from 1), `length`
    /// (bytes), `limit`.
    ExportAccountTooLarge,
    /// One QR code would be too large to read back: `position` (code, from 1), `length`, `limit`.
    ExportCodeTooLarge,

    // Camera frames and images.
    /// A frame of zero width or height: `value` (width), `length` (height).
    FrameEmpty,
    /// A row stride below the width: `value` (stride), `limit` (width).
    FrameStrideTooSmall,
    /// A luma buffer shorter than the frame: `length` (bytes given), `limit` (bytes needed).
    FrameBufferTooSmall,
    /// A rotation other than 0, 90, 180 or 270: `value`.
    FrameRotationInvalid,
    /// Larger than any frame the scanner accepts: `value` (width), `length` (height), `limit` (pixels).
    ImageTooLarge,
    /// An image file larger than the scanner reads: `length`, `limit` (bytes).
    ImageFileTooLarge,
    /// An image file that is not a PNG or JPEG the decoder can read.
    ImageUnreadable,
    /// A QR code that holds something other than an authenticator URI.
    NotAnAuthenticatorCode,

    // A number the app passed that no user could have typed.
    /// `field` names the argument (`atUnixSeconds`, `width`, `accountId`, ...); `value` when numeric.
    InvalidArgument,

    // Typed codes.
    /// Nothing typed.
    CodeEmpty,
    /// Another number of characters than the account's codes: `length` (typed), `limit` (expected).
    CodeWrongLength,
    /// A character the codes never contain: `position`.
    CodeBadCharacter,
    /// A search window above the limit: `value`, `limit`.
    CodeWindowTooWide,

    // The clock and the time servers.
    /// The device clock is set before 1970.
    ClockBeforeEpoch,
    /// The time since boot cannot be read, so no correction is possible on this device.
    CorrectionUnavailable,
    /// A server that is not HOST, HOST:PORT or [IPV6]:PORT: `server`.
    ServerInvalid,
    /// No time servers given.
    NoServers,
    /// A deadline outside 1 to 60000 ms: `value`, `limit`.
    DeadlineOutOfRange,
    /// A correction asked for before any clock check.
    ClockNotChecked,
    /// The servers did not agree on the time.
    CorrectionNoAgreement,
    /// The answers are too uncertain for a correction: `value`, `limit` (ms).
    CorrectionUncertain,
    /// The clock is off by more than a correction may cover: `value`, `limit` (minutes).
    CorrectionTooLarge,
    /// The date and time were changed since the check: `value` (ms).
    CorrectionClockChanged,
    /// The device restarted since the check.
    CorrectionDeviceRestarted,
    /// The check is older than a correction may be.
    CorrectionExpired,

    // The vault file.
    /// No vault at the path.
    VaultNotFound,
    /// A file is already where a new vault or backup would go.
    FileExists,
    /// Something other than a file (a folder, a device) is at the path.
    NotAFile,
    /// Another process saved the vault after this object read it.
    VaultChangedElsewhere,
    /// Another process has held the vault's lock too long: `value` (seconds waited).
    VaultBusy,
    /// A file operation failed: `field` (`read`, `write`, `sync_file`, `rename`, `sync_dir`, `lock`).
    StorageFailed,
    /// The vault failed authentication: damaged or tampered with.
    VaultTampered,
    /// The vault file is not well formed.
    VaultCorrupt,
    /// Written by a newer OtpKit: `field` (`format` or `schema`), `value` (found), `limit` (read up to).
    VaultNewerVersion,
    /// The vault asks for a far more expensive key derivation than OtpKit writes: `value`, `limit`.
    VaultKdfTooExpensive,
    /// Key-derivation parameters outside what this build accepts.
    KdfParamsOutOfRange,

    // Unlocking and key slots.
    /// The passphrase does not open the vault.
    WrongPassphrase,
    /// An empty passphrase for a new passphrase slot.
    PassphraseEmpty,
    /// The platform key does not open the vault (another device, or the key was replaced).
    WrongPlatformKey,
    /// The platform keystore cannot be used now (locked, invalidated, the prompt unanswered).
    KeystoreUnavailable,
    /// The platform keystore failed (or the app's `PlatformKeyStore` threw).
    KeystoreFailed,
    /// The user cancelled the platform key prompt: nothing changed.
    KeyPromptCancelled,
    /// The platform key prompt got no answer in time and was dismissed: `value` (seconds waited).
    KeyPromptTimedOut,
    /// The vault has no slot of that kind: `slot`.
    NoSuchSlot,
    /// Two slots of the same kind were given: `slot`.
    SlotRepeated,
    /// Removing the vault's only key slot.
    LastSlot,

    // Accounts.
    /// No account has that id: `account_id`.
    NoSuchAccount,
    /// The account is already in the vault: `account_id` (the existing one).
    DuplicateAccount,
    /// The vault holds as many accounts as it may: `limit`.
    VaultFull,
    /// An HOTP-only operation on another kind of account: `account_id`.
    NotHotp,
    /// The HOTP counter is at its largest value: `account_id`.
    CounterExhausted,

    // Import files.
    /// The file's format could not be recognised.
    ImportUnknownFormat,
    /// Larger than any export: `limit` (bytes).
    ImportTooLarge,
    /// Not what its format requires: `format`.
    ImportMalformed,
    /// A version of the format not read: `format`, `value`.
    ImportUnsupportedVersion,
    /// The file is encrypted and no password was given: `format`.
    ImportPasswordRequired,
    /// The file is encrypted in a way OtpKit does not read (an encrypted Bitwarden export, an old
    /// Authenticator Pro backup): `format`. Export it again unencrypted or in the app's current format.
    ImportEncryptionUnsupported,
    /// The password does not open the file: `format`.
    ImportWrongPassword,
    /// The encrypted content failed authentication: `format`.
    ImportDamaged,
    /// A far more expensive key derivation than the app that wrote it uses: `format`, `value`, `limit`.
    ImportKdfTooExpensive,
    /// More entries than a vault may hold: `format`, `limit`.
    ImportTooManyEntries,

    // The system.
    /// The system's random number generator failed.
    RandomFailed,
    /// The encryption library refused an operation that cannot fail with valid keys.
    EncryptionFailed,
}

/// The values a message for an [`ErrorReason`] needs; which ones are set is documented on each
/// reason. Never a secret or an account name.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ErrorDetails {
    /// A position in the input, counting characters (or parts, or accounts) from 1.
    #[uniffi(default = None)]
    pub position: Option<i64>,
    /// The number that was refused (digits, period, rotation, minutes, ...).
    #[uniffi(default = None)]
    pub value: Option<i64>,
    /// A size that was measured (bytes, characters, entries).
    #[uniffi(default = None)]
    pub length: Option<i64>,
    /// The limit or expected value it was compared with.
    #[uniffi(default = None)]
    pub limit: Option<i64>,
    /// Which field, parameter or step (`label`, `issuer`, `digits`, `read`, ...).
    #[uniffi(default = None)]
    pub field: Option<String>,
    /// What the input held, when it is a short plain word (`MD5`, `https`); never anything longer.
    #[uniffi(default = None)]
    pub found: Option<String>,
    /// A time server as it was written.
    #[uniffi(default = None)]
    pub server: Option<String>,
    /// The format of the import file.
    #[uniffi(default = None)]
    pub format: Option<BackupFormat>,
    /// The kind of key slot.
    #[uniffi(default = None)]
    pub slot: Option<SlotKind>,
    /// An account's id (as `AccountView.accountId`).
    #[uniffi(default = None)]
    pub account_id: Option<String>,
}

fn int(n: impl TryInto<i64>) -> Option<i64> {
    Some(n.try_into().unwrap_or(i64::MAX))
}

impl ErrorDetails {
    pub(crate) fn position(mut self, position: impl TryInto<i64>) -> Self {
        self.position = int(position);
        self
    }
    pub(crate) fn value(mut self, value: impl TryInto<i64>) -> Self {
        self.value = int(value);
        self
    }
    pub(crate) fn length(mut self, length: impl TryInto<i64>) -> Self {
        self.length = int(length);
        self
    }
    pub(crate) fn limit(mut self, limit: impl TryInto<i64>) -> Self {
        self.limit = int(limit);
        self
    }
    pub(crate) fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
    fn found(mut self, found: &Shown) -> Self {
        self.found = found.text().map(str::to_owned);
        self
    }
    fn format(mut self, format: otpkit_core::vault::import::ImportFormat) -> Self {
        self.format = Some(format.into());
        self
    }
    fn slot(mut self, kind: otpkit_core::vault::SlotKind) -> Self {
        self.slot = Some(kind.into());
        self
    }
    fn account(mut self, id: AccountId) -> Self {
        self.account_id = Some(id.to_string());
        self
    }
    fn cost(self, cost: &KdfCost) -> Self {
        self.value(cost.asked).limit(cost.limit)
    }
}

/// A reason and its details.
pub(crate) type Described = (ErrorReason, ErrorDetails);

fn plain(reason: ErrorReason) -> Described {
    (reason, ErrorDetails::default())
}

/// A core error as a reason and its details.
pub(crate) trait Describe {
    fn describe(&self) -> Described;
}

impl Describe for otpkit_core::Error {
    fn describe(&self) -> Described {
        use otpkit_core::Error;
        match self {
            Error::Base32(e) => e.describe(),
            Error::Otp(e) => e.describe(),
            Error::Uri(e) => e.describe(),
            Error::Qr(e) => e.describe(),
            Error::BatchPart(e) => e.describe(),
            Error::MigrationEncode(e) => e.describe(),
            Error::Clock(e) => e.describe(),
            Error::ClockCheck(e) => e.describe(),
            Error::Correction(e) => e.describe(),
            Error::Verify(e) => e.describe(),
            Error::Vault(e) => e.describe(),
            Error::Import(e) => e.describe(),
        }
    }
}

impl Describe for Base32Error {
    fn describe(&self) -> Described {
        let details = ErrorDetails::default();
        match *self {
            Base32Error::Empty => plain(ErrorReason::SecretEmpty),
            // The character itself is left out: it is part of what the user typed as a secret.
            Base32Error::InvalidChar { ch: _, position } => {
                (ErrorReason::SecretNotBase32, details.position(position))
            }
            Base32Error::MisplacedPadding { position } => (
                ErrorReason::SecretMisplacedPadding,
                details.position(position),
            ),
        }
    }
}

impl Describe for OtpError {
    fn describe(&self) -> Described {
        let details = ErrorDetails::default();
        match *self {
            OtpError::EmptySecret => plain(ErrorReason::SecretEmpty),
            OtpError::PeriodZero => (ErrorReason::PeriodOutOfRange, details.value(0)),
            OtpError::DigitsOutOfRange { digits } => {
                (ErrorReason::DigitsOutOfRange, details.value(digits))
            }
            OtpError::SteamDigits { digits } => (ErrorReason::SteamDigits, details.value(digits)),
        }
    }
}

impl Describe for UriError {
    fn describe(&self) -> Described {
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match self {
            UriError::TooLong { len, max } => (R::UriTooLong, d.length(*len).limit(*max)),
            UriError::NotAUri => plain(R::NotAUri),
            UriError::UnknownScheme { scheme } => (R::UnknownScheme, d.found(scheme)),
            UriError::UnknownType { found } => (R::UnknownOtpType, d.found(found)),
            UriError::MissingSecret => plain(R::SecretMissing),
            UriError::Secret(e) => e.describe(),
            UriError::SecretTooShort { symbols } => (R::SecretTooShort, d.length(*symbols)),
            UriError::MissingCounter => plain(R::CounterMissing),
            UriError::InvalidNumber { param, example: _ } => (R::NotANumber, d.field(param)),
            UriError::Params(e) => e.describe(),
            UriError::NameTooLong { field, len, max } => {
                (R::NameTooLong, d.field(field).length(*len).limit(*max))
            }
            UriError::SecretTooLong { bytes, max } => {
                (R::SecretTooLong, d.length(*bytes).limit(*max))
            }
            UriError::UnknownAlgorithm { found } => (R::UnknownAlgorithm, d.found(found)),
            UriError::SteamAlgorithm { algorithm } => {
                (R::SteamAlgorithm, d.found(&Shown::new(algorithm.as_str())))
            }
            UriError::UnknownEncoder { found } => (R::UnknownEncoder, d.found(found)),
            UriError::DuplicateParameter { name } => (R::DuplicateParameter, d.field(name)),
            UriError::BadPercentEncoding { field, position } => {
                (R::BadPercentEncoding, d.field(field).position(*position))
            }
            UriError::NotUtf8 { field } => (R::NotUtf8, d.field(field)),
            UriError::ControlCharacter { field, position } => {
                (R::ControlCharacter, d.field(field).position(*position))
            }
            UriError::UnknownMigrationHost => plain(R::ExportUnknownHost),
            UriError::MissingData => plain(R::ExportDataMissing),
            UriError::NotBase64 { position } => (R::ExportNotBase64, d.position(*position)),
            UriError::Base64Damaged => plain(R::ExportDamaged),
            UriError::PayloadTooLarge { len, max } => {
                (R::ExportTooLarge, d.length(*len).limit(*max))
            }
            // The decoder's own words are English and about bytes: left to the log message.
            UriError::NotProtobuf { reason: _ } => plain(R::ExportNotGoogle),
            UriError::EmptyExport => plain(R::ExportEmpty),
            UriError::InvalidBatch { index, size } => (
                R::ExportBatchInvalid,
                d.position(i64::from(*index).saturating_add(1))
                    .length(*size),
            ),
            UriError::UnknownMigrationValue { field, value } => {
                (R::ExportUnknownValue, d.field(field).value(*value))
            }
        }
    }
}

impl Describe for EncodeError {
    fn describe(&self) -> Described {
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match self {
            EncodeError::NothingToEncode => plain(R::ExportNothingSelected),
            EncodeError::ZeroBatchLimit => plain(R::ExportBatchLimitZero),
            EncodeError::Unsupported { index, reason } => {
                let d = d.position(index.saturating_add(1));
                match *reason {
                    Unsupported::Period(period) => (R::ExportUnsupportedPeriod, d.value(period)),
                    Unsupported::Digits(digits) => (R::ExportUnsupportedDigits, d.value(digits)),
                    Unsupported::Steam => (R::ExportUnsupportedSteam, d),
                    Unsupported::Counter(_) => (R::ExportUnsupportedCounter, d),
                }
            }
            EncodeError::TooManyBatches { parts, max } => {
                (R::ExportTooManyCodes, d.length(*parts).limit(*max))
            }
            EncodeError::AccountTooLarge { index, len, max } => (
                R::ExportAccountTooLarge,
                d.position(index.saturating_add(1)).length(*len).limit(*max),
            ),
            EncodeError::PayloadTooLarge {
                batch_index,
                len,
                max,
            } => (
                R::ExportCodeTooLarge,
                d.position(batch_index.saturating_add(1))
                    .length(*len)
                    .limit(*max),
            ),
        }
    }
}

impl Describe for BatchPartError {
    fn describe(&self) -> Described {
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match *self {
            BatchPartError::IndexOutOfRange { index, size } => (
                R::ExportBatchInvalid,
                d.position(index.saturating_add(1)).length(size),
            ),
            BatchPartError::TooManyParts { size, max } => {
                (R::ExportTooManyParts, d.length(size).limit(max))
            }
            BatchPartError::SizeMismatch { size, earlier } => {
                (R::ExportPartsDisagree, d.length(size).value(earlier))
            }
        }
    }
}

impl Describe for QrError {
    fn describe(&self) -> Described {
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match *self {
            QrError::ZeroSize { width, height } => (R::FrameEmpty, d.value(width).length(height)),
            QrError::StrideBelowWidth { stride, width } => {
                (R::FrameStrideTooSmall, d.value(stride).limit(width))
            }
            QrError::BufferTooSmall { needed, got } => {
                (R::FrameBufferTooSmall, d.length(got).limit(needed))
            }
            QrError::TooLarge { width, height, max } => {
                (R::ImageTooLarge, d.value(width).length(height).limit(max))
            }
            QrError::BadRotation { degrees } => (R::FrameRotationInvalid, d.value(degrees)),
            QrError::FileTooLarge { len, max } => (R::ImageFileTooLarge, d.length(len).limit(max)),
            QrError::UnsupportedImage { reason: _ } => plain(R::ImageUnreadable),
            QrError::NotAnAuthenticatorCode { kind: _ } => plain(R::NotAnAuthenticatorCode),
        }
    }
}

impl Describe for ClockError {
    fn describe(&self) -> Described {
        match self {
            ClockError::BeforeEpoch => plain(ErrorReason::ClockBeforeEpoch),
            ClockError::BootClockUnavailable => plain(ErrorReason::CorrectionUnavailable),
        }
    }
}

impl Describe for CheckError {
    fn describe(&self) -> Described {
        let d = ErrorDetails::default();
        match self {
            CheckError::BadServer { server } => {
                let mut d = d;
                d.server = Some(server.clone());
                (ErrorReason::ServerInvalid, d)
            }
            CheckError::NoServers => plain(ErrorReason::NoServers),
            CheckError::BadDeadline { millis } => (
                ErrorReason::DeadlineOutOfRange,
                d.value(*millis)
                    .limit(otpkit_core::clock::MAX_DEADLINE.as_millis()),
            ),
        }
    }
}

impl Describe for CorrectionError {
    fn describe(&self) -> Described {
        use otpkit_core::clock::{MAX_CORRECTION, MAX_UNCERTAINTY};
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match self {
            CorrectionError::NoAgreement => plain(R::CorrectionNoAgreement),
            CorrectionError::Uncertain { uncertainty_ms } => (
                R::CorrectionUncertain,
                d.value(*uncertainty_ms).limit(MAX_UNCERTAINTY.as_millis()),
            ),
            CorrectionError::TooLarge { minutes } => (
                R::CorrectionTooLarge,
                d.value(*minutes).limit(MAX_CORRECTION.as_secs() / 60),
            ),
            CorrectionError::Stale(drop) => match *drop {
                DropReason::WallClockJumped { by_ms } => {
                    (R::CorrectionClockChanged, d.value(by_ms))
                }
                DropReason::Rebooted => plain(R::CorrectionDeviceRestarted),
                DropReason::Expired => plain(R::CorrectionExpired),
                DropReason::BootClockUnavailable => plain(R::CorrectionUnavailable),
            },
            CorrectionError::Clock(e) => e.describe(),
        }
    }
}

impl Describe for VerifyError {
    fn describe(&self) -> Described {
        let d = ErrorDetails::default();
        match *self {
            VerifyError::Empty => plain(ErrorReason::CodeEmpty),
            VerifyError::WrongLength { expected, got } => {
                (ErrorReason::CodeWrongLength, d.length(got).limit(expected))
            }
            VerifyError::BadCharacter { position, hint: _ } => {
                (ErrorReason::CodeBadCharacter, d.position(position))
            }
            VerifyError::WindowTooWide { window } => (
                ErrorReason::CodeWindowTooWide,
                d.value(window).limit(otpkit_core::clock::MAX_WINDOW),
            ),
        }
    }
}

impl Describe for KeyStoreError {
    fn describe(&self) -> Described {
        match self {
            KeyStoreError::WrongKey => plain(ErrorReason::WrongPlatformKey),
            KeyStoreError::Unavailable(_) => plain(ErrorReason::KeystoreUnavailable),
            KeyStoreError::Failed(_) => plain(ErrorReason::KeystoreFailed),
            KeyStoreError::Cancelled => plain(ErrorReason::KeyPromptCancelled),
            KeyStoreError::TimedOut { waited_s } => (
                ErrorReason::KeyPromptTimedOut,
                ErrorDetails::default().value(*waited_s),
            ),
        }
    }
}

impl Describe for VaultError {
    fn describe(&self) -> Described {
        use otpkit_core::vault::IoStep;
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match self {
            VaultError::NotFound { path: _ } => plain(R::VaultNotFound),
            VaultError::AlreadyExists { path: _ } => plain(R::FileExists),
            VaultError::ChangedElsewhere { path: _ } => plain(R::VaultChangedElsewhere),
            VaultError::Busy { path: _, waited_s } => (R::VaultBusy, d.value(*waited_s)),
            VaultError::NotAFile { path: _ } => plain(R::NotAFile),
            VaultError::WrongPassphrase => plain(R::WrongPassphrase),
            VaultError::WrongKey => plain(R::WrongPlatformKey),
            VaultError::NoSlot { kind } => (R::NoSuchSlot, d.slot(*kind)),
            VaultError::RepeatedSlot { kind } => (R::SlotRepeated, d.slot(*kind)),
            VaultError::LastSlot => plain(R::LastSlot),
            VaultError::KeyStore(e) => e.describe(),
            VaultError::Tampered => plain(R::VaultTampered),
            VaultError::Corrupt { reason: _ } => plain(R::VaultCorrupt),
            VaultError::NewerVersion {
                what,
                found,
                supported,
            } => (
                R::VaultNewerVersion,
                d.field(what).value(*found).limit(*supported),
            ),
            VaultError::ExpensiveKdf(cost) => (R::VaultKdfTooExpensive, d.cost(cost)),
            VaultError::KdfParams(_) => plain(R::KdfParamsOutOfRange),
            VaultError::EmptyPassphrase => plain(R::PassphraseEmpty),
            VaultError::NoSuchAccount(id) => (R::NoSuchAccount, d.account(*id)),
            VaultError::Duplicate { existing } => (R::DuplicateAccount, d.account(*existing)),
            VaultError::Full { max } => (R::VaultFull, d.limit(*max)),
            VaultError::InvalidAccount(e) => e.describe(),
            VaultError::InvalidName(e) => e.describe(),
            VaultError::NotHotp(id) => (R::NotHotp, d.account(*id)),
            VaultError::CounterExhausted(id) => (R::CounterExhausted, d.account(*id)),
            VaultError::Io {
                step,
                path: _,
                source: _,
            } => {
                let step = match step {
                    IoStep::Read => "read",
                    IoStep::Write => "write",
                    IoStep::SyncFile => "sync_file",
                    IoStep::Rename => "rename",
                    IoStep::SyncDir => "sync_dir",
                    IoStep::Lock => "lock",
                };
                (R::StorageFailed, d.field(step))
            }
            VaultError::Random => plain(R::RandomFailed),
            VaultError::Encryption => plain(R::EncryptionFailed),
        }
    }
}

impl Describe for ImportError {
    fn describe(&self) -> Described {
        use ErrorReason as R;
        let d = ErrorDetails::default();
        match self {
            ImportError::UnknownFormat => plain(R::ImportUnknownFormat),
            ImportError::TooLarge { max } => (R::ImportTooLarge, d.limit(*max)),
            ImportError::Malformed { format, reason: _ } => (R::ImportMalformed, d.format(*format)),
            ImportError::UnsupportedVersion { format, version } => (
                R::ImportUnsupportedVersion,
                d.format(*format).value(*version),
            ),
            ImportError::PasswordRequired { format } => {
                (R::ImportPasswordRequired, d.format(*format))
            }
            ImportError::WrongPassword { format } => (R::ImportWrongPassword, d.format(*format)),
            ImportError::EncryptionNotSupported { format, fix: _ } => {
                (R::ImportEncryptionUnsupported, d.format(*format))
            }
            ImportError::Tampered { format } => (R::ImportDamaged, d.format(*format)),
            ImportError::ExpensiveKdf { format, cost } => {
                (R::ImportKdfTooExpensive, d.format(*format).cost(cost))
            }
            ImportError::TooManyEntries { format, max } => {
                (R::ImportTooManyEntries, d.format(*format).limit(*max))
            }
            ImportError::Backup(e) => e.describe(),
        }
    }
}
