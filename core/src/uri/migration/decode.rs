//! Decoding: the URI's base64 to a payload, and each account to a draft or a rejection.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use prost::Message as _;
use zeroize::Zeroizing;

use super::proto::{
    MigrationAlgorithm, MigrationDigits, MigrationPayload, MigrationType, OtpParameters, Wiped,
};
use super::MAX_PAYLOAD_BYTES;
use crate::otp::{Algorithm, OtpError, OtpType, DEFAULT_ALGORITHM, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::Secret;
use crate::uri::error::{Shown, UriError};
use crate::uri::otpauth::weak_secret;
use crate::uri::text::{percent_decode, resolve_names};
use crate::uri::warning::{Warning, WarningKind};
use crate::uri::{AccountDraft, BatchInfo, Parsed, Rejected};

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

/// `Issuer: name` for a rejected account, made safe to print ([`crate::uri::printable`]).
fn shown_name(issuer: &str, name: &str) -> String {
    if issuer.is_empty() || name.starts_with(issuer) {
        crate::uri::printable(name)
    } else {
        crate::uri::printable(&format!("{issuer}: {name}"))
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
    crate::uri::validated(draft)
}

fn unknown(field: &'static str, value: i32) -> UriError {
    UriError::UnknownMigrationValue { field, value }
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
            crate::uri::text::MAX_SHOWN_NAME_CHARS + 1
        );
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
