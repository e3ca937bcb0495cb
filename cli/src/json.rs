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

/// `otpkit scan --dry-run`: what `parse` prints for all codes found, plus where each came from.
#[derive(Debug, Serialize)]
pub struct ScanJson<'a> {
    /// The accounts, warnings and left-out accounts of every code, in image order; `batch` is
    /// set when a single code was scanned.
    #[serde(flatten)]
    pub parsed: ParseJson<'a>,
    /// One entry per code found.
    pub payloads: Vec<PayloadJson>,
    /// Google exports of which some QR codes were not among the images.
    pub incomplete_batches: Vec<IncompleteBatchJson>,
}

impl<'a> ScanJson<'a> {
    /// The document for the merged `parsed` result.
    pub fn new(
        parsed: &'a Parsed,
        payloads: Vec<PayloadJson>,
        incomplete_batches: Vec<IncompleteBatchJson>,
    ) -> Self {
        ScanJson {
            parsed: ParseJson::from(parsed),
            payloads,
            incomplete_batches,
        }
    }
}

/// One QR code found by `scan`.
#[derive(Debug, Serialize)]
pub struct PayloadJson {
    /// The image file it was found in.
    pub image: String,
    /// `account` (otpauth://) or `migration_batch` (otpauth-migration://).
    pub kind: &'static str,
    /// The URI with everything but its shape redacted (it holds the secret).
    pub uri: String,
    /// For an export: which of its QR codes this is.
    pub batch: Option<BatchJson>,
    /// Indexes into `accounts` of the accounts this code holds.
    pub accounts: Vec<usize>,
}

impl PayloadJson {
    /// The entry for one code.
    pub fn new(
        image: &std::path::Path,
        kind: otpkit_core::qr::PayloadKind,
        uri: &str,
        batch: Option<&BatchInfo>,
        accounts: std::ops::Range<usize>,
    ) -> Self {
        PayloadJson {
            image: image.display().to_string(),
            kind: kind.as_str(),
            uri: uri.to_owned(),
            batch: batch.map(BatchJson::from),
            accounts: accounts.collect(),
        }
    }

    /// `shot.png: otpauth://totp/<redacted> (83 bytes)`, plus the export part if any.
    pub fn describe(&self) -> String {
        match &self.batch {
            Some(b) => format!(
                "{}: {}, code {} of {} of export {}",
                self.image,
                self.uri,
                b.index + 1,
                b.size.max(1),
                b.batch_id
            ),
            None => format!("{}: {}", self.image, self.uri),
        }
    }
}

/// A Google export not scanned whole.
#[derive(Debug, Serialize)]
pub struct IncompleteBatchJson {
    /// The export's id.
    pub batch_id: i32,
    /// How many QR codes it has.
    pub size: u32,
    /// Indexes (from 0) of its QR codes that were not scanned.
    pub missing: Vec<u32>,
}

impl From<&otpkit_core::qr::BatchProgress> for IncompleteBatchJson {
    fn from(progress: &otpkit_core::qr::BatchProgress) -> Self {
        IncompleteBatchJson {
            batch_id: progress.batch_id,
            size: progress.size,
            missing: progress.missing.clone(),
        }
    }
}

impl IncompleteBatchJson {
    /// `export 1234: codes 2 and 3 of 3 not scanned` (counting from 1, as the exporting app does).
    pub fn describe(&self) -> String {
        let numbers: Vec<String> = self.missing.iter().map(|i| (i + 1).to_string()).collect();
        let (noun, list) = match numbers.as_slice() {
            [one] => ("code", one.clone()),
            [head @ .., last] => ("codes", format!("{} and {last}", head.join(", "))),
            [] => ("codes", String::new()),
        };
        format!(
            "export {}: {noun} {list} of {} not scanned",
            self.batch_id, self.size
        )
    }
}
