//! Encoding: drafts to export URIs, in batches by count or by size.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use percent_encoding::utf8_percent_encode;
use prost::Message as _;
use zeroize::Zeroizing;

use super::proto::{
    MigrationAlgorithm, MigrationDigits, MigrationPayload, MigrationType, OtpParameters, Wiped,
};
use super::PAYLOAD_VERSION;
use crate::otp::{Algorithm, OtpType, DEFAULT_PERIOD};
use crate::uri::text::{compose_label, COMPONENT};
use crate::uri::{AccountDraft, MAX_URI_LEN};

/// Why accounts could not be encoded as a Google Authenticator export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr, strum::EnumCount)]
#[strum(serialize_all = "snake_case")]
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
            // What the format lacks, not only that something is: `unsupported_period`, ...
            EncodeError::Unsupported { reason, .. } => reason.kind(),
            other => other.into(),
        }
    }
}

/// What Google's export format cannot express.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr, strum::EnumCount,
)]
#[strum(serialize_all = "snake_case", prefix = "unsupported_")]
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
        self.into()
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
    // These URIs are always of odd length (a 33-byte prefix, base64 in fours, escapes in twos),
    // so `>` and `>=` against the even limit agree: cargo-mutants' one equivalent mutant here.
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
    // `+`, `/` and `=` escaped (the query would read `+` as a space); chunks are borrowed,
    // written straight into the zeroizing buffer.
    for chunk in utf8_percent_encode(&base64, COMPONENT) {
        uri.push_str(chunk);
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;
    use crate::secret::Secret;
    use strum::EnumCount;

    #[test]
    fn the_data_escapes_the_base64_characters_a_query_would_misread() {
        let mut seen = String::new();
        for fill in [0xfb_u8, 0xff, 0x3e, 0x01] {
            let draft = AccountDraft {
                otp_type: OtpType::Totp,
                issuer: None,
                label: "a".into(),
                secret: Secret::from_bytes(vec![fill; 20]),
                algorithm: None,
                digits: None,
                period: None,
                counter: None,
            };
            let uri = payload_uri(std::slice::from_ref(&draft), 1, 0, 7);
            let data = uri
                .strip_prefix("otpauth-migration://offline?data=")
                .unwrap();
            assert!(
                data.chars().all(|c| c.is_ascii_alphanumeric() || c == '%'),
                "{data}"
            );
            for (escaped, raw) in [("%2B", "+"), ("%2F", "/"), ("%3D", "=")] {
                if data.contains(escaped) {
                    seen.push_str(raw);
                }
            }
            let decoded = percent_encoding::percent_decode_str(data)
                .decode_utf8()
                .unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&*decoded)
                .unwrap();
            let payload = MigrationPayload::decode(bytes.as_slice()).unwrap();
            assert_eq!(payload.otp_parameters[0].secret, vec![fill; 20]);
        }
        for raw in ["+", "/", "="] {
            assert!(seen.contains(raw), "no {raw} among the payloads tried");
        }
    }

    fn named(label: String) -> AccountDraft {
        AccountDraft {
            otp_type: OtpType::Totp,
            issuer: None,
            label,
            secret: Secret::from_bytes(vec![7; 20]),
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
        }
    }

    #[test]
    fn a_uri_may_be_exactly_as_long_as_the_packing_limit() {
        let accounts: Vec<AccountDraft> = (0..3).map(|i| named(format!("account {i}"))).collect();
        let sizes = |limit| -> Vec<usize> {
            let parts = encode_within(&accounts, 7, limit).unwrap();
            parts.iter().map(|(_, count)| *count).collect()
        };
        // The first two accounts, with the placeholder index and size the packing measures.
        let two = payload_uri(&accounts[..2], 1, 1, 7).len();
        assert_eq!(sizes(two), [2, 1]);
        assert_eq!(sizes(two - 1), [1, 1, 1]);
    }

    #[test]
    fn kinds_keep_their_names() {
        let reasons = [
            (Unsupported::Period(60), "unsupported_period"),
            (Unsupported::Digits(7), "unsupported_digits"),
            (Unsupported::Steam, "unsupported_steam"),
            (Unsupported::Counter(u64::MAX), "unsupported_counter"),
        ];
        assert_names(&reasons, Unsupported::kind, Unsupported::COUNT);
        let errors = [
            (EncodeError::NothingToEncode, "nothing_to_encode"),
            (EncodeError::ZeroBatchLimit, "zero_batch_limit"),
            (
                EncodeError::Unsupported {
                    index: 0,
                    reason: Unsupported::Steam,
                },
                "unsupported_steam",
            ),
            (
                EncodeError::TooManyBatches { parts: 0, max: 0 },
                "too_many_batches",
            ),
            (
                EncodeError::AccountTooLarge {
                    index: 0,
                    len: 0,
                    max: 0,
                },
                "account_too_large",
            ),
            (
                EncodeError::PayloadTooLarge {
                    batch_index: 0,
                    len: 0,
                    max: 0,
                },
                "payload_too_large",
            ),
        ];
        assert_names(&errors, EncodeError::kind, EncodeError::COUNT);
    }
}
