//! FreeOTP+ JSON exports ("Export JSON" in FreeOTP+; FreeOTP+ also exports otpauth URI lists,
//! which the URI importer reads).
//!
//! Format, as FreeOTP+ writes it (`token-data/.../legacy/ImportExportUtil.kt` and the legacy
//! `Token` it serialises with Gson, in helloworld1/FreeOTPPlus): `{"tokenOrder": [...],
//! "tokens": [{"algo", "counter", "digits", "issuerExt", "issuerInt", "label", "period",
//! "secret", "type"}]}`. `secret` is the key as an array of Java's signed bytes; `type` is
//! `TOTP` or `HOTP`; `algo` `SHA1`, `SHA256` or `SHA512`. FreeOTP draws Steam codes for a
//! TOTP token whose issuer is Steam, which the one entry path reads as a Steam account.

use serde::Deserialize;

use super::json::{self, SecretBytes};
use super::{
    check_count, entry_from, entry_name, otp_type_named, push_entry, push_weak_secret_warning,
    EntryParts, ImportBatch, ImportEntry, ImportError, ImportFormat,
};
use crate::secret::Secret;
use crate::vault::account::AccountExtras;

const FORMAT: ImportFormat = ImportFormat::FreeOtpPlus;

#[derive(Deserialize)]
struct File {
    tokens: Vec<Token>,
}

/// One token, as FreeOTP's and FreeOTP+'s `Token` serialise it (FreeOTP's backup holds the same
/// fields, without the secret).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Token {
    #[serde(default)]
    pub algo: Option<String>,
    #[serde(default)]
    pub counter: Option<u64>,
    #[serde(default)]
    pub digits: Option<u64>,
    #[serde(default)]
    pub issuer_ext: Option<String>,
    #[serde(default)]
    pub issuer_int: Option<String>,
    /// FreeOTP: the issuer as the user edited it.
    #[serde(default)]
    pub issuer_alt: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// FreeOTP: the label as the user edited it.
    #[serde(default)]
    pub label_alt: Option<String>,
    #[serde(default)]
    pub period: Option<u64>,
    #[serde(default)]
    pub secret: SecretBytes,
    #[serde(rename = "type", default)]
    pub token_type: Option<String>,
}

impl Token {
    /// The issuer shown: the user's edit, else the one the code gave (FreeOTP's `getIssuer`).
    pub(crate) fn issuer(&self) -> Option<String> {
        [&self.issuer_alt, &self.issuer_ext, &self.issuer_int]
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
            .cloned()
    }

    pub(crate) fn label(&self) -> String {
        [&self.label_alt, &self.label]
            .into_iter()
            .flatten()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_default()
    }

    /// The entry, with `secret` (from the token itself, or FreeOTP's encrypted key).
    pub(crate) fn entry(&self, secret: Secret) -> Result<ImportEntry, String> {
        let otp_type = otp_type_named(self.token_type.as_deref().unwrap_or("TOTP"))?;
        let mut warnings = Vec::new();
        push_weak_secret_warning(&secret, &mut warnings);
        entry_from(EntryParts {
            otp_type,
            issuer: self.issuer(),
            label: self.label(),
            secret,
            algorithm: self.algo.as_deref(),
            digits: self.digits,
            period: self.period,
            counter: self.counter,
            extras: AccountExtras::default(),
            warnings,
        })
    }
}

/// Reads a FreeOTP+ JSON export.
pub(crate) fn read(bytes: &[u8], _password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let file: File = json::parse(FORMAT, bytes)?;
    check_count(FORMAT, file.tokens.len())?;
    let mut batch = ImportBatch::default();
    for (index, token) in file.tokens.iter().enumerate() {
        let name = entry_name(token.issuer().as_deref(), Some(&token.label()), index);
        let entry = match &token.secret.0 {
            Some(bytes) if !bytes.is_empty() => token.entry(Secret::from_bytes(bytes.to_vec())),
            Some(_) => Err("the token has no secret".into()),
            None => Err("the secret holds a number that is not a byte".into()),
        };
        push_entry(&mut batch, name, entry);
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(token: &str) -> ImportBatch {
        read(format!(r#"{{"tokens": [{token}]}}"#).as_bytes(), None).unwrap()
    }

    #[test]
    fn names_prefer_the_users_edits_then_the_codes_issuer() {
        let names = |token: &str| {
            let b = batch(token);
            let d = &b.entries[0].draft;
            (d.issuer.clone(), d.label.clone())
        };
        let secret = r#""secret": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"#;
        assert_eq!(
            names(&format!(r#"{{"issuerInt": "I", "label": "l", {secret}}}"#)),
            (Some("I".into()), "l".into())
        );
        assert_eq!(
            names(&format!(
                r#"{{"issuerInt": "I", "issuerExt": "E", "label": "l", {secret}}}"#
            )),
            (Some("E".into()), "l".into())
        );
        assert_eq!(
            names(&format!(
                r#"{{"issuerExt": "E", "issuerAlt": "A", "label": "l", "labelAlt": "m", {secret}}}"#
            )),
            (Some("A".into()), "m".into())
        );
        // Empty edits do not hide the names.
        assert_eq!(
            names(&format!(
                r#"{{"issuerExt": "E", "issuerAlt": "", "label": "l", "labelAlt": "", {secret}}}"#
            )),
            (Some("E".into()), "l".into())
        );
    }

    #[test]
    fn a_token_needs_a_secret_of_bytes() {
        let reason = |token: &str| batch(token).rejected[0].reason.clone();
        assert_eq!(
            reason(r#"{"label": "a", "secret": []}"#),
            "the token has no secret"
        );
        assert_eq!(reason(r#"{"label": "a"}"#), "the token has no secret");
        assert_eq!(
            reason(r#"{"label": "a", "secret": [-129]}"#),
            "the secret holds a number that is not a byte"
        );
        let b = batch(r#"{"label": "a", "secret": [-128, 255, 0], "type": "HOTP", "counter": 2}"#);
        assert_eq!(b.entries[0].draft.secret.expose_bytes(), [128, 255, 0]);
        assert_eq!(b.entries[0].draft.counter, Some(2));
    }
}
