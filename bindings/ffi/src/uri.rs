//! `otpauth://` URIs from a QR code or a link: a preview of the accounts they hold (never the
//! secret), and the code for a single-account URI.

use otpkit_core::otp;
use otpkit_core::uri::{self, AccountDraft, Warning};
use zeroize::Zeroizing;

use crate::codes::unix_instant;
use crate::error::OtpKitError;
use crate::reason::{ErrorDetails, ErrorReason};
use crate::views::{CodeView, HashAlgorithm, OtpKind};

/// One account a URI describes, as the "add this account?" screen shows it. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountPreview {
    /// The kind of code.
    pub kind: OtpKind,
    /// The service, e.g. "GitHub", when the URI names one.
    pub issuer: Option<String>,
    /// The account at that service, usually an email address.
    pub label: String,
    /// The HMAC hash.
    pub algorithm: HashAlgorithm,
    /// Code length (5 for Steam).
    pub digits: i32,
    /// Seconds per code (None for HOTP).
    pub period_seconds: Option<i32>,
    /// The counter (HOTP only).
    pub counter: Option<i64>,
}

/// A value the parser had to normalise; the app can show `message` beside the account.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParseWarning {
    /// Index of the account it concerns in [`ParsedUri::accounts`]; None when it concerns the
    /// whole URI.
    pub account_index: Option<i32>,
    /// Stable snake_case name, for the app to branch on (e.g. `secret_cleanup`).
    pub kind: String,
    /// What was normalised, for the user.
    pub message: String,
}

/// An account of a Google Authenticator export that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedAccount {
    /// Its issuer and name as exported (never the secret).
    pub name: String,
    /// Why it was left out, for the user.
    pub message: String,
}

/// Where a Google Authenticator export QR code sits in its export (exports of many accounts
/// span several codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ExportPart {
    /// The same in all the QR codes of one export.
    pub batch_id: i32,
    /// Which QR code this is, counting from 0.
    pub index: i32,
    /// How many QR codes the export has (0 when the exporter did not say).
    pub size: i32,
}

/// What a URI holds: its accounts (several for a Google Authenticator export) and every
/// normalisation applied.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ParsedUri {
    /// The accounts, in the URI's order.
    pub accounts: Vec<AccountPreview>,
    /// Every normalisation applied.
    pub warnings: Vec<ParseWarning>,
    /// Export accounts that could not be used (the others are in `accounts`).
    pub rejected: Vec<RejectedAccount>,
    /// For an export: which of its QR codes this was.
    pub export_part: Option<ExportPart>,
}

impl From<&AccountDraft> for AccountPreview {
    fn from(draft: &AccountDraft) -> Self {
        let time_based = draft.otp_type.is_time_based();
        AccountPreview {
            kind: draft.otp_type.into(),
            issuer: draft.issuer.clone(),
            label: draft.label.clone(),
            algorithm: draft.algorithm().into(),
            digits: i32::from(draft.digits()),
            period_seconds: time_based.then(|| saturating_i32(draft.period())),
            counter: (!time_based).then(|| i64::try_from(draft.counter()).unwrap_or(i64::MAX)),
        }
    }
}

impl From<&Warning> for ParseWarning {
    fn from(warning: &Warning) -> Self {
        ParseWarning {
            account_index: warning
                .account
                .map(|index| i32::try_from(index).unwrap_or(i32::MAX)),
            kind: warning.kind().to_string(),
            message: warning.to_string(),
        }
    }
}

fn saturating_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Reads an `otpauth://` URI (or a migration export) without adding anything.
#[uniffi::export]
pub fn parse_uri(uri: String) -> Result<ParsedUri, OtpKitError> {
    // The URI holds the secret: wipe our copy when done.
    let uri = Zeroizing::new(uri);
    Ok(parsed_view(&uri::parse(&uri)?))
}

/// The view of what core's parser read.
pub(crate) fn parsed_view(parsed: &uri::Parsed) -> ParsedUri {
    ParsedUri {
        accounts: parsed.accounts.iter().map(AccountPreview::from).collect(),
        warnings: parsed.warnings.iter().map(ParseWarning::from).collect(),
        rejected: parsed
            .rejected
            .iter()
            .map(|r| RejectedAccount {
                name: r.name.clone(),
                message: r.error.to_string(),
            })
            .collect(),
        export_part: parsed.batch.map(|b| ExportPart {
            batch_id: b.batch_id,
            index: saturating_i32(b.index),
            size: saturating_i32(b.size),
        }),
    }
}

/// The code for a single-account `otpauth://` URI at Unix second `at_unix_seconds`.
#[uniffi::export]
pub fn code_for_uri(uri: String, at_unix_seconds: i64) -> Result<CodeView, OtpKitError> {
    let uri = Zeroizing::new(uri);
    let at = unix_instant(at_unix_seconds)?;
    let parsed = uri::parse(&uri)?;
    let [draft] = parsed.accounts.as_slice() else {
        return Err(OtpKitError::new(
            ErrorReason::NotOneAccount,
            ErrorDetails::default().length(parsed.accounts.len()),
            format!(
                "this URI holds {} accounts: add them to the vault to see their codes",
                parsed.accounts.len()
            ),
        ));
    };
    let params = draft.params()?;
    Ok(CodeView::new(&otp::code(&params, at), at, params.period()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_has_the_defaults_and_no_secret() {
        let parsed = parse_uri(
            "otpauth://totp/ACME:jane@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME".into(),
        )
        .unwrap();
        assert_eq!(
            parsed.accounts,
            vec![AccountPreview {
                kind: OtpKind::Totp,
                issuer: Some("ACME".into()),
                label: "jane@example.com".into(),
                algorithm: HashAlgorithm::Sha1,
                digits: 6,
                period_seconds: Some(30),
                counter: None,
            }]
        );
        assert!(!format!("{parsed:?}").contains("JBSWY3DPEHPK3PXP"));
    }

    #[test]
    fn code_for_uri_gives_the_rfc_vector() {
        let uri = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
        assert_eq!(code_for_uri(uri.into(), 59).unwrap().code, "94287082");
    }
}
