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
pub fn read(bytes: &[u8], _password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
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
