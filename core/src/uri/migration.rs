//! Google Authenticator's export: `otpauth-migration://offline?data=BASE64`, where the data is a
//! protobuf `MigrationPayload` (decoded with prost derive; no protoc, no hand-written decoder).
//!
//! Decoding gives every account with the batch it came in. Normalisations, each a warning: no
//! period in the format (30 s assumed), unspecified algorithm, digits or type (defaults assumed),
//! base64 without padding or in the URL-safe alphabet. An account the core cannot use (MD5,
//! values the format does not define, an empty key, control characters in its name) is rejected
//! on its own and listed in [`Parsed::rejected`], so one bad account does not block the others;
//! only when no account is usable is the whole URI an error.
//!
//! Encoding splits accounts into batches, as Google does for large exports: at most
//! `max_per_payload` accounts each ([`encode`]) or as many as fit a size ([`encode_within`],
//! for QR codes), and refuses accounts the format cannot carry ([`EncodeError`]).

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use prost::Message as _;
use zeroize::{Zeroize, Zeroizing};

use super::error::{Shown, UriError};
use super::otpauth::weak_secret;
use super::text::{compose_label, percent_decode, resolve_names};
use super::warning::{Warning, WarningKind};
use super::{AccountDraft, BatchInfo, Parsed, Rejected, MAX_URI_LEN};
use crate::otp::{Algorithm, OtpError, OtpType, DEFAULT_ALGORITHM, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::Secret;

/// Largest decoded payload accepted: what base64 in a [`MAX_URI_LEN`] URI can carry. Real
/// export QR codes hold a few hundred bytes (a QR code holds at most 2,953).
pub const MAX_PAYLOAD_BYTES: usize = MAX_URI_LEN / 4 * 3;

/// The `version` field Google Authenticator writes.
pub const PAYLOAD_VERSION: i32 = 1;

/// Google's protobuf messages, as prost structs. Public so that tests and tools can build
/// payloads. `Debug` never prints the secret bytes; the parser and encoder hold messages in a
/// guard that zeroizes them when dropped.
pub mod proto {
    use std::fmt;

    /// The whole export (one QR code).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MigrationPayload {
        /// The accounts in this QR code.
        #[prost(message, repeated, tag = "1")]
        pub otp_parameters: Vec<OtpParameters>,
        /// Format version (1).
        #[prost(int32, tag = "2")]
        pub version: i32,
        /// How many QR codes the export has.
        #[prost(int32, tag = "3")]
        pub batch_size: i32,
        /// Which one this is, from 0.
        #[prost(int32, tag = "4")]
        pub batch_index: i32,
        /// Identifies the export, the same in all its QR codes.
        #[prost(int32, tag = "5")]
        pub batch_id: i32,
    }

    /// One account.
    #[derive(Clone, PartialEq, prost::Message)]
    #[prost(skip_debug)]
    pub struct OtpParameters {
        /// The raw key bytes.
        #[prost(bytes = "vec", tag = "1")]
        pub secret: Vec<u8>,
        /// The label, sometimes `Issuer:label`.
        #[prost(string, tag = "2")]
        pub name: String,
        /// The issuer.
        #[prost(string, tag = "3")]
        pub issuer: String,
        /// A [`MigrationAlgorithm`] code.
        #[prost(enumeration = "MigrationAlgorithm", tag = "4")]
        pub algorithm: i32,
        /// A [`MigrationDigits`] code.
        #[prost(enumeration = "MigrationDigits", tag = "5")]
        pub digits: i32,
        /// A [`MigrationType`] code.
        #[prost(enumeration = "MigrationType", tag = "6")]
        pub r#type: i32,
        /// The HOTP counter.
        #[prost(int64, tag = "7")]
        pub counter: i64,
    }

    impl fmt::Debug for OtpParameters {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("OtpParameters")
                .field("secret", &"<redacted>")
                .field("name", &self.name)
                .field("issuer", &self.issuer)
                .field("algorithm", &self.algorithm)
                .field("digits", &self.digits)
                .field("type", &self.r#type)
                .field("counter", &self.counter)
                .finish()
        }
    }

    /// Algorithm codes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum MigrationAlgorithm {
        /// Not set.
        Unspecified = 0,
        /// HMAC-SHA1.
        Sha1 = 1,
        /// HMAC-SHA256.
        Sha256 = 2,
        /// HMAC-SHA512.
        Sha512 = 3,
        /// HMAC-MD5 (defined by the format, not supported by OtpKit).
        Md5 = 4,
    }

    /// Digit-count codes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum MigrationDigits {
        /// Not set.
        Unspecified = 0,
        /// Six digits.
        Six = 1,
        /// Eight digits.
        Eight = 2,
    }

    /// Type codes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum MigrationType {
        /// Not set.
        Unspecified = 0,
        /// Counter-based.
        Hotp = 1,
        /// Time-based.
        Totp = 2,
    }
}

use proto::{MigrationAlgorithm, MigrationDigits, MigrationPayload, MigrationType, OtpParameters};

/// Holds a payload and zeroizes every secret left in it when dropped, on every path out.
struct Wiped(MigrationPayload);

impl Drop for Wiped {
    fn drop(&mut self) {
        for params in &mut self.0.otp_parameters {
            params.secret.zeroize();
        }
    }
}

/// Parses what follows `otpauth-migration://` (the scheme is already checked).
pub(crate) fn parse_uri(rest: &str) -> Result<Parsed, UriError> {
    let mut warnings = Vec::new();
    let rest = match rest.split_once('#') {
        Some((before, _)) => {
            warnings.push(WarningKind::FragmentIgnored);
            before
        }
        None => rest,
    };
    let (host, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !host.trim_end_matches('/').eq_ignore_ascii_case("offline") {
        return Err(UriError::UnknownMigrationHost);
    }
    let mut data = None;
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode(raw_name, true, "parameter name")?.to_ascii_lowercase();
        if name == "data" {
            if data.is_some() {
                return Err(UriError::DuplicateParameter { name: "data" });
            }
            // Base64 uses '+', so it is never read as a space here.
            data = Some(percent_decode(raw_value, false, "data")?);
        } else {
            warnings.push(WarningKind::UnknownParameter {
                name: Shown::new(&name),
            });
        }
    }
    let data = data.ok_or(UriError::MissingData)?;
    let bytes = decode_base64(&data, &mut warnings)?;
    let mut parsed = decode_payload(&bytes)?;
    let whole_uri = warnings.into_iter().map(|kind| Warning {
        account: None,
        kind,
    });
    parsed.warnings.splice(0..0, whole_uri);
    Ok(parsed)
}

/// The position, counting characters from 1, of the character holding byte `offset` (which
/// may fall inside a multi-byte character).
fn char_position(text: &str, offset: usize) -> usize {
    text.char_indices()
        .take_while(|(i, _)| *i <= offset)
        .count()
}

/// Standard or URL-safe base64, with or without padding (each tolerance a warning).
fn decode_base64(
    data: &str,
    warnings: &mut Vec<WarningKind>,
) -> Result<Zeroizing<Vec<u8>>, UriError> {
    let standard = data.find(['+', '/']);
    let url_safe = data.find(['-', '_']);
    let alphabet = match (standard, url_safe) {
        (Some(a), Some(b)) => {
            // Both alphabets at once: the later character is the wrong one.
            let position = char_position(data, a.max(b));
            return Err(UriError::NotBase64 { position });
        }
        (None, Some(_)) => {
            warnings.push(WarningKind::Base64UrlSafe);
            &alphabet::URL_SAFE
        }
        _ => &alphabet::STANDARD,
    };
    if !data.ends_with('=') && !data.len().is_multiple_of(4) {
        warnings.push(WarningKind::Base64Padding);
    }
    let estimate = base64::decoded_len_estimate(data.len());
    if estimate > MAX_PAYLOAD_BYTES + 3 {
        return Err(UriError::PayloadTooLarge {
            len: estimate,
            max: MAX_PAYLOAD_BYTES,
        });
    }
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let engine = GeneralPurpose::new(alphabet, config);
    let mut out = Zeroizing::new(Vec::with_capacity(estimate));
    engine
        .decode_vec(data, &mut out)
        .map_err(|error| match error {
            base64::DecodeError::InvalidByte(offset, _) => UriError::NotBase64 {
                position: char_position(data, offset),
            },
            _ => UriError::Base64Damaged,
        })?;
    Ok(out)
}

/// Decodes a raw `MigrationPayload` (the bytes inside `data=`). Never panics on any input.
pub fn decode_payload(bytes: &[u8]) -> Result<Parsed, UriError> {
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(UriError::PayloadTooLarge {
            len: bytes.len(),
            max: MAX_PAYLOAD_BYTES,
        });
    }
    let mut payload =
        Wiped(
            MigrationPayload::decode(bytes).map_err(|error| UriError::NotProtobuf {
                reason: error.to_string(),
            })?,
        );
    let payload = &mut payload.0;
    if payload.otp_parameters.is_empty() {
        return Err(UriError::EmptyExport);
    }
    let (index, size) = (payload.batch_index, payload.batch_size);
    if index < 0 || size < 0 || (size > 0 && index >= size) {
        return Err(UriError::InvalidBatch { index, size });
    }
    let batch = BatchInfo {
        batch_id: payload.batch_id,
        index: index.unsigned_abs(),
        size: size.unsigned_abs(),
        version: payload.version,
    };

    let mut parsed = Parsed {
        accounts: Vec::new(),
        warnings: Vec::new(),
        batch: Some(batch),
        rejected: Vec::new(),
    };
    for (position, params) in payload.otp_parameters.iter_mut().enumerate() {
        let mut warnings = Vec::new();
        match account(params, &mut warnings) {
            Ok(draft) => {
                let account = Some(parsed.accounts.len());
                parsed.accounts.push(draft);
                parsed
                    .warnings
                    .extend(warnings.into_iter().map(|kind| Warning { account, kind }));
            }
            Err(error) => parsed.rejected.push(Rejected {
                position,
                name: shown_name(&params.issuer, &params.name),
                error,
            }),
        }
    }
    if parsed.accounts.is_empty() {
        // Nothing usable: the first reason is the answer (the others are usually the same).
        let first = parsed.rejected.swap_remove(0);
        return Err(first.error);
    }
    Ok(parsed)
}

/// `Issuer: name` for a rejected account, made safe to print ([`super::printable`]).
fn shown_name(issuer: &str, name: &str) -> String {
    if issuer.is_empty() || name.starts_with(issuer) {
        super::printable(name)
    } else {
        super::printable(&format!("{issuer}: {name}"))
    }
}

fn account(
    params: &mut OtpParameters,
    warnings: &mut Vec<WarningKind>,
) -> Result<AccountDraft, UriError> {
    let algorithm = match MigrationAlgorithm::try_from(params.algorithm) {
        Ok(MigrationAlgorithm::Unspecified) => {
            warnings.push(WarningKind::AlgorithmAssumed {
                algorithm: DEFAULT_ALGORITHM,
            });
            None
        }
        Ok(MigrationAlgorithm::Sha1) => Some(Algorithm::Sha1),
        Ok(MigrationAlgorithm::Sha256) => Some(Algorithm::Sha256),
        Ok(MigrationAlgorithm::Sha512) => Some(Algorithm::Sha512),
        Ok(MigrationAlgorithm::Md5) => {
            return Err(UriError::UnknownAlgorithm {
                found: Shown::new("MD5"),
            })
        }
        Err(_) => return Err(unknown("algorithm", params.algorithm)),
    };
    let digits = match MigrationDigits::try_from(params.digits) {
        Ok(MigrationDigits::Unspecified) => {
            warnings.push(WarningKind::DigitsAssumed {
                digits: DEFAULT_DIGITS,
            });
            None
        }
        Ok(MigrationDigits::Six) => Some(6),
        Ok(MigrationDigits::Eight) => Some(8),
        Err(_) => return Err(unknown("digits", params.digits)),
    };
    let otp_type = match MigrationType::try_from(params.r#type) {
        Ok(MigrationType::Unspecified) => {
            warnings.push(WarningKind::TypeAssumed);
            OtpType::Totp
        }
        Ok(MigrationType::Hotp) => OtpType::Hotp,
        Ok(MigrationType::Totp) => OtpType::Totp,
        Err(_) => return Err(unknown("type", params.r#type)),
    };
    let (period, counter) = match otp_type {
        OtpType::Hotp => {
            let counter = u64::try_from(params.counter).map_err(|_| UriError::InvalidNumber {
                param: "counter",
                example: "0",
            })?;
            (None, Some(counter))
        }
        _ => {
            if params.counter != 0 {
                warnings.push(WarningKind::ParameterIgnored {
                    name: "counter",
                    otp_type: otp_type.as_str(),
                });
            }
            warnings.push(WarningKind::PeriodAssumed {
                period: DEFAULT_PERIOD,
            });
            (None, None)
        }
    };

    let issuer = (!params.issuer.is_empty()).then_some(params.issuer.as_str());
    let names = resolve_names(&params.name, "name", issuer, warnings)?;
    if params.secret.is_empty() {
        return Err(OtpError::EmptySecret.into());
    }
    // The key bytes move into the Secret: no copy is made.
    let secret = Secret::from_bytes(std::mem::take(&mut params.secret));
    warnings.extend(weak_secret(&secret));
    let draft = AccountDraft {
        otp_type,
        issuer: names.issuer,
        label: names.label,
        secret,
        algorithm,
        digits,
        period,
        counter,
    };
    super::validated(draft)
}

fn unknown(field: &'static str, value: i32) -> UriError {
    UriError::UnknownMigrationValue { field, value }
}

/// Why accounts could not be encoded as a Google Authenticator export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// No accounts were given.
    #[error("there are no accounts to export: select at least one")]
    NothingToEncode,
    /// `max_per_payload` was 0.
    #[error("accounts per QR code must be at least 1 (Google Authenticator uses about 10)")]
    ZeroBatchLimit,
    /// An account the format cannot carry.
    #[error("account {} cannot be exported to Google Authenticator: {reason}", .index + 1)]
    Unsupported {
        /// Index of the account in the slice given to [`encode`].
        index: usize,
        /// What the format lacks.
        reason: Unsupported,
    },
    /// More parts than a scanner tracks ([`crate::qr::MAX_BATCH_SIZE`]).
    #[error("the export would need {parts} QR codes, more than the {max} one import can track: export fewer accounts at a time")]
    TooManyBatches {
        /// Parts the export would need.
        parts: u32,
        /// The most one export may have.
        max: u32,
    },
    /// One account alone is more than a QR code holds.
    #[error("account {} alone needs {len} bytes, more than a QR code holds ({max}): shorten its name or issuer, or move it with a backup file", .index + 1)]
    AccountTooLarge {
        /// Index of the account in the slice given.
        index: usize,
        /// Its URI length in bytes.
        len: usize,
        /// What a QR code holds.
        max: usize,
    },
    /// One batch would exceed [`MAX_URI_LEN`] and could not be read back.
    #[error("QR code {} would be {len} bytes, over the limit of {max}: put fewer accounts in each QR code", .batch_index + 1)]
    PayloadTooLarge {
        /// Which batch, from 0.
        batch_index: usize,
        /// Its URI length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
}

impl EncodeError {
    /// A stable name for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            EncodeError::NothingToEncode => "nothing_to_encode",
            EncodeError::ZeroBatchLimit => "zero_batch_limit",
            EncodeError::Unsupported { reason, .. } => reason.kind(),
            EncodeError::TooManyBatches { .. } => "too_many_batches",
            EncodeError::AccountTooLarge { .. } => "account_too_large",
            EncodeError::PayloadTooLarge { .. } => "payload_too_large",
        }
    }
}

/// What Google's export format cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unsupported {
    /// The format has no period: only 30 s accounts import correctly.
    #[error("its period is {0} seconds and the format only carries 30-second accounts; keep it in OtpKit or move it with an otpauth:// QR code")]
    Period(u32),
    /// The format knows 6 and 8 digits only.
    #[error("its codes have {0} digits and the format only carries 6 or 8; move it with an otpauth:// QR code")]
    Digits(u8),
    /// The format has no Steam type.
    #[error("it is a Steam Guard account, which Google Authenticator does not support")]
    Steam,
    /// The format stores the counter as a signed 64-bit number.
    #[error("its counter {0} is too large for the format")]
    Counter(u64),
}

impl Unsupported {
    /// A stable name for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Unsupported::Period(_) => "unsupported_period",
            Unsupported::Digits(_) => "unsupported_digits",
            Unsupported::Steam => "unsupported_steam",
            Unsupported::Counter(_) => "unsupported_counter",
        }
    }
}

/// Checks that Google's format can carry `draft` unchanged.
pub fn check_encodable(draft: &AccountDraft) -> Result<(), Unsupported> {
    match draft.otp_type {
        OtpType::Steam => return Err(Unsupported::Steam),
        OtpType::Totp if draft.period() != DEFAULT_PERIOD => {
            return Err(Unsupported::Period(draft.period()))
        }
        OtpType::Hotp if i64::try_from(draft.counter()).is_err() => {
            return Err(Unsupported::Counter(draft.counter()))
        }
        _ => {}
    }
    match draft.digits() {
        6 | 8 => Ok(()),
        digits => Err(Unsupported::Digits(digits)),
    }
}

fn to_proto(draft: &AccountDraft) -> OtpParameters {
    let algorithm = match draft.algorithm {
        None => MigrationAlgorithm::Unspecified,
        Some(Algorithm::Sha1) => MigrationAlgorithm::Sha1,
        Some(Algorithm::Sha256) => MigrationAlgorithm::Sha256,
        Some(Algorithm::Sha512) => MigrationAlgorithm::Sha512,
    };
    let digits = match draft.digits {
        None => MigrationDigits::Unspecified,
        Some(8) => MigrationDigits::Eight,
        Some(_) => MigrationDigits::Six,
    };
    let (otp_type, counter) = match draft.otp_type {
        OtpType::Hotp => (MigrationType::Hotp, draft.counter.unwrap_or(0)),
        _ => (MigrationType::Totp, 0),
    };
    let issuer = draft.issuer.as_deref().filter(|issuer| !issuer.is_empty());
    OtpParameters {
        secret: draft.secret.expose_bytes().to_vec(),
        // Google writes the issuer in its own field; the prefix is only added when the label
        // itself has a colon, so that the label reads back unchanged.
        name: compose_label(issuer, &draft.label, draft.label.contains(':')),
        issuer: issuer.unwrap_or_default().to_owned(),
        algorithm: algorithm as i32,
        digits: digits as i32,
        r#type: otp_type as i32,
        counter: i64::try_from(counter).unwrap_or(i64::MAX),
    }
}

/// Encodes `accounts` as `otpauth-migration://offline?data=...` URIs of at most
/// `max_per_payload` accounts each, all tagged with `batch_id`. Refuses the whole set if one
/// account cannot be carried unchanged (see [`check_encodable`]), so nothing is lost silently.
pub fn encode(
    accounts: &[AccountDraft],
    batch_id: i32,
    max_per_payload: usize,
) -> Result<Vec<Zeroizing<String>>, EncodeError> {
    check_all(accounts)?;
    if max_per_payload == 0 {
        return Err(EncodeError::ZeroBatchLimit);
    }
    let chunks: Vec<&[AccountDraft]> = accounts.chunks(max_per_payload).collect();
    let uris = write_parts(&chunks, batch_id)?;
    if let Some((batch_index, uri)) = uris.iter().enumerate().find(|(_, u)| u.len() > MAX_URI_LEN) {
        return Err(EncodeError::PayloadTooLarge {
            batch_index,
            len: uri.len(),
            max: MAX_URI_LEN,
        });
    }
    Ok(uris)
}

/// Encodes `accounts` as [`encode`] does, but packed by size: each URI holds as many accounts,
/// in order, as keep it within `max_uri_len` bytes (a QR code's readable size). An account that
/// alone exceeds it gets a URI of its own, longer than `max_uri_len`: the caller decides whether
/// that still fits (see [`crate::qr::transfer`]). Each URI is returned with how many accounts it
/// holds.
pub fn encode_within(
    accounts: &[AccountDraft],
    batch_id: i32,
    max_uri_len: usize,
) -> Result<Vec<(Zeroizing<String>, usize)>, EncodeError> {
    check_all(accounts)?;
    let mut chunks: Vec<&[AccountDraft]> = Vec::new();
    let mut start = 0;
    for end in 1..=accounts.len() {
        // Index and size 1 stand for the final ones: every value up to MAX_BATCH_SIZE takes one
        // byte, and the real index 0 is left out of the payload, so the real URI is no longer.
        let uri = payload_uri(&accounts[start..end], 1, 1, batch_id);
        if uri.len() > max_uri_len && end - start > 1 {
            chunks.push(&accounts[start..end - 1]);
            start = end - 1;
        }
    }
    chunks.push(&accounts[start..]);
    let uris = write_parts(&chunks, batch_id)?;
    Ok(uris
        .into_iter()
        .zip(chunks.iter().map(|c| c.len()))
        .collect())
}

/// Refuses an empty set and any account the format cannot carry unchanged.
fn check_all(accounts: &[AccountDraft]) -> Result<(), EncodeError> {
    if accounts.is_empty() {
        return Err(EncodeError::NothingToEncode);
    }
    for (index, draft) in accounts.iter().enumerate() {
        check_encodable(draft).map_err(|reason| EncodeError::Unsupported { index, reason })?;
    }
    Ok(())
}

/// The URIs of `chunks`, one batch part each. Refuses more parts than a scanner tracks
/// ([`crate::qr::MAX_BATCH_SIZE`]): such an export could not be imported.
fn write_parts(
    chunks: &[&[AccountDraft]],
    batch_id: i32,
) -> Result<Vec<Zeroizing<String>>, EncodeError> {
    let max = crate::qr::MAX_BATCH_SIZE;
    let parts = u32::try_from(chunks.len()).unwrap_or(u32::MAX);
    if parts > max {
        return Err(EncodeError::TooManyBatches { parts, max });
    }
    // At most MAX_BATCH_SIZE parts: the conversions cannot fail.
    let size = i32::try_from(parts).unwrap_or(i32::MAX);
    Ok(chunks
        .iter()
        .zip(0..)
        .map(|(chunk, index)| payload_uri(chunk, size, index, batch_id))
        .collect())
}

/// The URI of one batch part.
fn payload_uri(
    chunk: &[AccountDraft],
    batch_size: i32,
    batch_index: i32,
    batch_id: i32,
) -> Zeroizing<String> {
    let payload = Wiped(MigrationPayload {
        otp_parameters: chunk.iter().map(to_proto).collect(),
        version: PAYLOAD_VERSION,
        batch_size,
        batch_index,
        batch_id,
    });
    let bytes = Zeroizing::new(payload.0.encode_to_vec());
    drop(payload);
    let engine = GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new());
    let mut base64 = Zeroizing::new(String::with_capacity(bytes.len().div_ceil(3) * 4));
    engine.encode_string(bytes.as_slice(), &mut base64);

    const PREFIX: &str = "otpauth-migration://offline?data=";
    let mut uri = Zeroizing::new(String::with_capacity(PREFIX.len() + base64.len() * 3 / 2));
    uri.push_str(PREFIX);
    for ch in base64.chars() {
        match ch {
            '+' => uri.push_str("%2B"),
            '/' => uri.push_str("%2F"),
            '=' => uri.push_str("%3D"),
            _ => uri.push(ch),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_names_show_the_issuer_once_and_print_safely() {
        assert_eq!(shown_name("ACME", "bob"), "ACME: bob");
        assert_eq!(shown_name("ACME", "ACME:bob"), "ACME:bob");
        assert_eq!(shown_name("", "bob"), "bob");
        assert_eq!(shown_name("A\u{1b}", "b\r"), "A\u{fffd}: b\u{fffd}");
        assert_eq!(
            shown_name("ACME", &"x".repeat(100)).chars().count(),
            super::super::text::MAX_SHOWN_NAME_CHARS + 1
        );
    }

    #[test]
    fn debug_of_a_decoded_account_hides_the_secret() {
        let params = OtpParameters {
            secret: b"hello world!".to_vec(),
            name: "jane".into(),
            ..Default::default()
        };
        let printed = format!("{params:?}");
        assert!(printed.contains("<redacted>") && printed.contains("jane"));
        assert!(!printed.contains("104"), "{printed}");
    }

    #[test]
    fn base64_tolerances_warn_and_mixed_alphabets_fail() {
        let mut warnings = Vec::new();
        assert_eq!(
            decode_base64("aGk", &mut warnings).unwrap().as_slice(),
            b"hi"
        );
        assert_eq!(warnings, [WarningKind::Base64Padding]);
        warnings.clear();
        assert_eq!(
            decode_base64("-_-_", &mut warnings).unwrap().as_slice(),
            [0xfb, 0xff, 0xbf]
        );
        assert_eq!(warnings, [WarningKind::Base64UrlSafe]);
        assert_eq!(
            decode_base64("ab+_", &mut warnings).unwrap_err(),
            UriError::NotBase64 { position: 4 }
        );
        assert_eq!(
            decode_base64("ab!c", &mut warnings).unwrap_err(),
            UriError::NotBase64 { position: 3 }
        );
        assert_eq!(
            decode_base64("a", &mut warnings).unwrap_err(),
            UriError::Base64Damaged
        );
        // A multi-byte character: the position counts characters, not bytes.
        assert_eq!(
            decode_base64("abéd", &mut warnings).unwrap_err(),
            UriError::NotBase64 { position: 3 }
        );
    }
}
