//! `otpauth://TYPE/LABEL?PARAMETERS`: Google's Key URI format as real QR codes write it.
//!
//! Accepted and normalised (each with a warning): lowercase, padded, spaced or dashed secrets;
//! surrounding whitespace in names; an `Issuer:` prefix that differs from `issuer=` (the
//! parameter wins); unknown parameters (ignored); parameters that do not apply to the type
//! (ignored); `otpauth://totp/` with issuer Steam and no other length than 5 (read as Steam).
//! Read as written, without a warning because no value changes: the case of the scheme, type,
//! parameter names and algorithm (`SHA-256` too), `%3A` for the colon, `+` for a space in
//! parameter values, spaces after `Issuer:`, and `encoder=steam` (KeePassXC's way of saying
//! Steam). Everything else is a [`UriError`].

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::error::{Shown, UriError};
use super::text::{compose_label, into_plain, percent_decode, resolve_names, COMPONENT};
use super::warning::WarningKind;
use super::AccountDraft;
use crate::otp::{Algorithm, OtpError, OtpType, DIGITS_RANGE, STEAM_DIGITS};
use crate::secret::Secret;

/// Secrets shorter than this get a [`WarningKind::WeakSecret`] (RFC 4226 section 4, R6).
pub const MIN_STRONG_SECRET_BITS: usize = 128;

/// The parameters we read, each at most once.
#[derive(Default)]
struct Parameters {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    encoder: Option<String>,
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), UriError> {
    if slot.is_some() {
        return Err(UriError::DuplicateParameter { name });
    }
    *slot = Some(value);
    Ok(())
}

fn read_parameters(query: &str, warnings: &mut Vec<WarningKind>) -> Result<Parameters, UriError> {
    let mut found = Parameters::default();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = into_plain(percent_decode(raw_name, true, "parameter name")?);
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "secret" => set_once(
                &mut found.secret,
                percent_decode(raw_value, true, "secret")?,
                "secret",
            )?,
            "issuer" => set_once(
                &mut found.issuer,
                into_plain(percent_decode(raw_value, true, "issuer")?),
                "issuer",
            )?,
            "algorithm" => set_once(
                &mut found.algorithm,
                plain(raw_value, "algorithm")?,
                "algorithm",
            )?,
            "digits" => set_once(&mut found.digits, plain(raw_value, "digits")?, "digits")?,
            "period" => set_once(&mut found.period, plain(raw_value, "period")?, "period")?,
            "counter" => set_once(&mut found.counter, plain(raw_value, "counter")?, "counter")?,
            "encoder" => set_once(&mut found.encoder, plain(raw_value, "encoder")?, "encoder")?,
            _ => warnings.push(WarningKind::UnknownParameter {
                name: Shown::new(&name),
            }),
        }
    }
    Ok(found)
}

fn plain(raw: &str, field: &'static str) -> Result<String, UriError> {
    Ok(into_plain(percent_decode(raw, true, field)?))
}

/// Reads a whole number written with ASCII digits only (no sign, no spaces).
fn number<T: std::str::FromStr>(
    text: &str,
    param: &'static str,
    example: &'static str,
) -> Result<T, UriError> {
    let invalid = UriError::InvalidNumber { param, example };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid);
    }
    text.parse().map_err(|_| invalid)
}

fn read_type(text: &str) -> Result<OtpType, UriError> {
    match text.to_ascii_lowercase().as_str() {
        "totp" => Ok(OtpType::Totp),
        "hotp" => Ok(OtpType::Hotp),
        "steam" => Ok(OtpType::Steam),
        _ => Err(UriError::UnknownType {
            found: Shown::new(text),
        }),
    }
}

/// Decodes the secret leniently, with a warning for each clean-up and for a weak key. Every
/// importer's base32 secrets come through here too ([`crate::vault::import`]), so a secret in a
/// file is normalised and warned about exactly as in a URI.
pub(crate) fn read_secret(text: &str, warnings: &mut Vec<WarningKind>) -> Result<Secret, UriError> {
    let (secret, cleanup) = Secret::from_base32(text)?;
    if secret.is_empty() {
        let symbols = text.chars().filter(char::is_ascii_alphanumeric).count();
        return Err(UriError::SecretTooShort { symbols });
    }
    if cleanup.lowercase {
        warnings.push(WarningKind::SecretLowercase);
    }
    if cleanup.padding {
        warnings.push(WarningKind::SecretPadding);
    }
    if cleanup.separators {
        warnings.push(WarningKind::SecretSeparators);
    }
    // Base32 characters past the last whole byte are dropped by the decoder: say so when they
    // carried anything, i.e. when the canonical form differs from the cleaned-up input.
    let mut cleaned = Zeroizing::new(String::with_capacity(text.len()));
    cleaned.extend(
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase()),
    );
    if !bool::from(cleaned.as_bytes().ct_eq(secret.to_base32().as_bytes())) {
        warnings.push(WarningKind::SecretTrailingBits);
    }
    warnings.extend(weak_secret(&secret));
    Ok(secret)
}

/// The [`WarningKind::WeakSecret`] for a secret under [`MIN_STRONG_SECRET_BITS`], if it is.
pub(crate) fn weak_secret(secret: &Secret) -> Option<WarningKind> {
    let bits = secret.bits();
    (bits < MIN_STRONG_SECRET_BITS).then_some(WarningKind::WeakSecret { bits })
}

/// Parses what follows `otpauth://` (the scheme is already checked).
pub(crate) fn parse(rest: &str, warnings: &mut Vec<WarningKind>) -> Result<AccountDraft, UriError> {
    let rest = match rest.split_once('#') {
        Some((before, _fragment)) => {
            warnings.push(WarningKind::FragmentIgnored);
            before
        }
        None => rest,
    };
    let (head, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (type_text, raw_label) = head.split_once('/').unwrap_or((head, ""));
    let mut otp_type = read_type(type_text)?;
    let label_text = into_plain(percent_decode(raw_label, false, "label")?);
    let params = read_parameters(query, warnings)?;

    if let Some(encoder) = &params.encoder {
        if !encoder.eq_ignore_ascii_case("steam") || otp_type == OtpType::Hotp {
            return Err(UriError::UnknownEncoder {
                found: Shown::new(encoder),
            });
        }
        otp_type = OtpType::Steam;
    }

    let secret_text = params.secret.as_ref().ok_or(UriError::MissingSecret)?;
    let secret = read_secret(secret_text, warnings)?;
    let names = resolve_names(&label_text, "label", params.issuer.as_deref(), warnings)?;

    let algorithm = match &params.algorithm {
        Some(text) => {
            Some(
                Algorithm::from_name(text).ok_or_else(|| UriError::UnknownAlgorithm {
                    found: Shown::new(text),
                })?,
            )
        }
        None => None,
    };
    let digits: Option<u8> = match &params.digits {
        Some(text) => Some(number(text, "digits", "6")?),
        None => None,
    };

    let is_steam_issuer = names
        .issuer
        .as_deref()
        .is_some_and(|issuer| issuer.eq_ignore_ascii_case("steam"));
    if otp_type == OtpType::Totp && is_steam_issuer && digits.is_none_or(|d| d == STEAM_DIGITS) {
        otp_type = OtpType::Steam;
        warnings.push(WarningKind::SteamAssumed);
    }

    match (otp_type, digits) {
        (OtpType::Steam, Some(digits)) if digits != STEAM_DIGITS => {
            return Err(OtpError::SteamDigits { digits }.into())
        }
        (OtpType::Totp | OtpType::Hotp, Some(digits)) if !DIGITS_RANGE.contains(&digits) => {
            return Err(OtpError::DigitsOutOfRange { digits }.into())
        }
        _ => {}
    }
    if let (OtpType::Steam, Some(algorithm)) = (otp_type, algorithm) {
        if algorithm != Algorithm::Sha1 {
            return Err(UriError::SteamAlgorithm { algorithm });
        }
    }

    let period = match (&params.period, otp_type.is_time_based()) {
        (Some(text), true) => match number::<u32>(text, "period", "30")? {
            0 => return Err(OtpError::PeriodZero.into()),
            period => Some(period),
        },
        (Some(_), false) => {
            warnings.push(ignored("period", otp_type));
            None
        }
        (None, _) => None,
    };
    let counter = match (&params.counter, otp_type) {
        (Some(text), OtpType::Hotp) => Some(number::<u64>(text, "counter", "0")?),
        (None, OtpType::Hotp) => return Err(UriError::MissingCounter),
        (Some(_), _) => {
            warnings.push(ignored("counter", otp_type));
            None
        }
        (None, _) => None,
    };

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

fn ignored(name: &'static str, otp_type: OtpType) -> WarningKind {
    WarningKind::ParameterIgnored {
        name,
        otp_type: otp_type.as_str(),
    }
}

/// The canonical URI for `draft`: `Issuer:label` in the path, then `secret`, `issuer` and only
/// the optional parameters the draft holds that apply to its type. The secret is written last
/// into a buffer sized beforehand, so no partial copy is left behind by a reallocation.
pub(crate) fn format(draft: &AccountDraft) -> Zeroizing<String> {
    use percent_encoding::utf8_percent_encode as encode;
    use std::fmt::Write as _;

    let issuer = draft.issuer.as_deref().filter(|issuer| !issuer.is_empty());
    let label = compose_label(issuer, &draft.label, true);
    let (prefix_issuer, account) = match label.split_once(':') {
        Some((prefix, account)) => (Some(prefix), account),
        None => (None, label.as_str()),
    };
    let mut head = format!("otpauth://{}/", draft.otp_type.as_str());
    if let Some(prefix) = prefix_issuer {
        let _ = write!(head, "{}:", encode(prefix, COMPONENT));
    }
    let _ = write!(head, "{}?secret=", encode(account, COMPONENT));

    let mut tail = String::new();
    if let Some(issuer) = issuer {
        let _ = write!(tail, "&issuer={}", encode(issuer, COMPONENT));
    }
    if let Some(algorithm) = draft.algorithm {
        let _ = write!(tail, "&algorithm={}", algorithm.as_str());
    }
    if let Some(digits) = draft.digits {
        let _ = write!(tail, "&digits={digits}");
    }
    if let (Some(period), true) = (draft.period, draft.otp_type.is_time_based()) {
        let _ = write!(tail, "&period={period}");
    }
    if draft.otp_type == OtpType::Hotp {
        // Always written: an hotp URI without a counter is refused by every reader.
        let _ = write!(tail, "&counter={}", draft.counter());
    }

    let secret = draft.secret.to_base32();
    let mut uri = Zeroizing::new(String::with_capacity(
        head.len() + secret.len() + tail.len(),
    ));
    uri.push_str(&head);
    uri.push_str(&secret);
    uri.push_str(&tail);
    uri
}
