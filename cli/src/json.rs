//! The JSON documents `--json` prints: types used only for output, built from core values.
//! Field names are the contract in DESIGN.md; scripts and QA depend on them, so change them
//! only with the contract.

use otpkit_core::otp::Code;
use otpkit_core::uri::{AccountDraft, BatchInfo, Parsed, Rejected, Warning};
use serde::Serialize;

/// `otpkit code`: the code, the next one, and (time-based kinds) its validity in Unix seconds.
#[derive(Debug, Serialize)]
pub struct CodeJson<'a> {
    /// The code to type.
    pub code: &'a str,
    /// The code after it.
    pub next_code: &'a str,
    /// First second the code is valid; null for HOTP.
    pub valid_from: Option<u64>,
    /// First second it is no longer valid; null for HOTP.
    pub valid_until: Option<u64>,
}

impl<'a> From<&'a Code> for CodeJson<'a> {
    fn from(code: &'a Code) -> Self {
        CodeJson {
            code: &code.value,
            next_code: &code.next,
            valid_from: code.valid_from,
            valid_until: code.valid_until,
        }
    }
}

/// One account as `parse` shows it: everything but the secret.
#[derive(Debug, Serialize)]
pub struct AccountJson<'a> {
    /// `totp`, `hotp` or `steam`.
    #[serde(rename = "type")]
    pub otp_type: &'static str,
    /// The service, if the URI names one.
    pub issuer: Option<&'a str>,
    /// The account name at that service.
    pub label: &'a str,
    /// `SHA1`, `SHA256` or `SHA512` (the default applied when the URI omits it).
    pub algorithm: &'static str,
    /// Code length.
    pub digits: u8,
    /// Seconds per code for time-based kinds; null for HOTP.
    pub period: Option<u32>,
    /// The counter for HOTP; null for time-based kinds.
    pub counter: Option<u64>,
}

impl<'a> From<&'a AccountDraft> for AccountJson<'a> {
    fn from(draft: &'a AccountDraft) -> Self {
        let time_based = draft.otp_type.is_time_based();
        AccountJson {
            otp_type: draft.otp_type.as_str(),
            issuer: draft.issuer.as_deref(),
            label: &draft.label,
            algorithm: draft.algorithm().as_str(),
            digits: draft.digits(),
            period: time_based.then(|| draft.period()),
            counter: (!time_based).then(|| draft.counter()),
        }
    }
}

/// A normalisation the parser applied, for the user to see.
#[derive(Debug, Serialize)]
pub struct WarningJson {
    /// Index of the account in `accounts` it concerns; null when it concerns the whole URI.
    pub account: Option<usize>,
    /// Stable snake_case name.
    pub kind: &'static str,
    /// What was changed, in words.
    pub message: String,
}

impl From<&Warning> for WarningJson {
    fn from(warning: &Warning) -> Self {
        WarningJson {
            account: warning.account,
            kind: warning.kind(),
            message: warning.to_string(),
        }
    }
}

/// An account of a Google Authenticator export that could not be used.
#[derive(Debug, Serialize)]
pub struct RejectedJson<'a> {
    /// Its position in the export's list, counting from 0.
    pub position: usize,
    /// Its issuer and name as exported (never the secret).
    pub name: &'a str,
    /// Stable snake_case name of the reason.
    pub kind: &'static str,
    /// The reason, in words.
    pub message: String,
}

impl<'a> From<&'a Rejected> for RejectedJson<'a> {
    fn from(rejected: &'a Rejected) -> Self {
        RejectedJson {
            position: rejected.position,
            name: &rejected.name,
            kind: rejected.error.kind(),
            message: rejected.error.to_string(),
        }
    }
}

/// `otpkit parse`: the accounts a URI holds, the normalisations applied, and for an export the
/// accounts left out.
#[derive(Debug, Serialize)]
pub struct ParseJson<'a> {
    /// The accounts, in the URI's order.
    pub accounts: Vec<AccountJson<'a>>,
    /// Every normalisation, by account (`account` is null for the whole URI).
    pub warnings: Vec<WarningJson>,
    /// Export accounts that could not be used, with the reason (empty for otpauth:// URIs).
    pub rejected: Vec<RejectedJson<'a>>,
    /// For an export: which of its QR codes this was; null for otpauth:// URIs.
    pub batch: Option<BatchJson>,
}

/// Where an export QR code sits in its export (Google splits large exports into several).
#[derive(Debug, Serialize)]
pub struct BatchJson {
    /// The same in every QR code of one export.
    pub batch_id: i32,
    /// This QR code's index, counting from 0.
    pub index: u32,
    /// How many QR codes the export has (0 when the exporter did not say).
    pub size: u32,
}

impl From<&BatchInfo> for BatchJson {
    fn from(batch: &BatchInfo) -> Self {
        BatchJson {
            batch_id: batch.batch_id,
            index: batch.index,
            size: batch.size,
        }
    }
}

impl<'a> From<&'a Parsed> for ParseJson<'a> {
    fn from(parsed: &'a Parsed) -> Self {
        ParseJson {
            accounts: parsed.accounts.iter().map(AccountJson::from).collect(),
            warnings: parsed.warnings.iter().map(WarningJson::from).collect(),
            rejected: parsed.rejected.iter().map(RejectedJson::from).collect(),
            batch: parsed.batch.as_ref().map(BatchJson::from),
        }
    }
}

/// `{"error": {"kind", "message"}}`, printed with `--json` when a command fails.
#[derive(Debug, Serialize)]
pub struct ErrorJson<'a> {
    /// The failure.
    pub error: ErrorBody<'a>,
}

/// The body of [`ErrorJson`].
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// Stable snake_case name scripts can match on.
    pub kind: &'a str,
    /// The same text as the `error:` line on stderr.
    pub message: &'a str,
}

impl<'a> ErrorJson<'a> {
    /// The error document for `kind` and `message`.
    pub fn new(kind: &'a str, message: &'a str) -> Self {
        ErrorJson {
            error: ErrorBody { kind, message },
        }
    }
}
