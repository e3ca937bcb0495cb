//! The JSON documents `--json` prints: types used only for output, built from core values.
//! Field names are a contract: scripts and QA depend on them, and the golden files in
//! cli/tests/cmd pin them, so change them only as an announced, documented break.

use otpkit_core::clock::VerifyMatch;
use otpkit_core::clock::{DriftReport, ServerReport, ServerRole};
use otpkit_core::otp::{Algorithm, Code, OtpType};
use otpkit_core::uri::{AccountDraft, BatchInfo, Parsed, Rejected, Warning};
use serde::Serialize;

use crate::output::shown;

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

impl<'a> AccountJson<'a> {
    /// `period` is shown for the time-based kinds only, `counter` for HOTP only.
    fn new(
        otp_type: OtpType,
        issuer: Option<&'a str>,
        label: &'a str,
        algorithm: Algorithm,
        digits: u8,
        period: u32,
        counter: u64,
    ) -> Self {
        let time_based = otp_type.is_time_based();
        AccountJson {
            otp_type: otp_type.as_str(),
            issuer,
            label,
            algorithm: algorithm.as_str(),
            digits,
            period: time_based.then_some(period),
            counter: (!time_based).then_some(counter),
        }
    }
}

impl<'a> From<&'a AccountDraft> for AccountJson<'a> {
    fn from(draft: &'a AccountDraft) -> Self {
        AccountJson::new(
            draft.otp_type,
            draft.issuer.as_deref(),
            &draft.label,
            draft.algorithm(),
            draft.digits(),
            draft.period(),
            draft.counter(),
        )
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

/// One vault account as `list` (and `add`) show it: never the secret.
#[derive(Debug, Serialize)]
pub struct VaultAccountJson<'a> {
    /// The id `remove` and `rename` take.
    pub id: u64,
    /// The same fields as `parse` shows (`counter` is that of the next HOTP code).
    #[serde(flatten)]
    pub account: AccountJson<'a>,
    /// The group, if any.
    pub group: Option<&'a str>,
    /// The note, if any.
    pub note: Option<&'a str>,
    /// When it was added, in Unix seconds.
    pub created: u64,
}

impl<'a> From<&'a otpkit_core::vault::Account> for VaultAccountJson<'a> {
    fn from(a: &'a otpkit_core::vault::Account) -> Self {
        VaultAccountJson {
            id: a.id().0,
            account: AccountJson::new(
                a.otp_type(),
                a.issuer(),
                a.label(),
                a.algorithm(),
                a.digits(),
                a.period(),
                a.counter(),
            ),
            group: a.group(),
            note: a.note(),
            created: a.created(),
        }
    }
}

/// `otpkit list`.
#[derive(Debug, Serialize)]
pub struct ListJson<'a> {
    /// The accounts in the user's order.
    pub accounts: Vec<VaultAccountJson<'a>>,
}

/// One row of `otpkit codes`.
#[derive(Debug, Serialize)]
pub struct AccountCodeJson<'a> {
    /// The account id.
    pub id: u64,
    /// `totp`, `hotp` or `steam`.
    #[serde(rename = "type")]
    pub otp_type: &'static str,
    /// The service.
    pub issuer: Option<&'a str>,
    /// The account at the service.
    pub label: &'a str,
    /// The code; null for HOTP (use `codes --next ID`, which saves the counter first).
    pub code: Option<String>,
    /// The code after it; null for HOTP.
    pub next_code: Option<String>,
    /// First second the code is valid; null for HOTP.
    pub valid_from: Option<u64>,
    /// First second it is no longer valid; null for HOTP.
    pub valid_until: Option<u64>,
}

/// `otpkit codes`.
#[derive(Debug, Serialize)]
pub struct CodesJson<'a> {
    /// The instant the codes are for, in Unix seconds (the clock correction included).
    pub at: u64,
    /// The clock correction added to the system clock, in ms (`otpkit drift --apply`); null
    /// without one or with `--at`.
    pub correction_ms: Option<i64>,
    /// One row per account, in the user's order.
    pub codes: Vec<AccountCodeJson<'a>>,
}

/// `otpkit add`, `remove`, `rename`: the account concerned.
#[derive(Debug, Serialize)]
pub struct AccountChangeJson<'a> {
    /// `added`, `removed` or `renamed`.
    pub action: &'static str,
    /// The account as `list` shows it (for `removed`, as it was).
    pub account: VaultAccountJson<'a>,
}

/// `otpkit add` of a one-account URI: the account added and what the parser normalised, as
/// `parse` shows it (`account` is 0, or null for the whole URI).
#[derive(Debug, Serialize)]
pub struct AddJson<'a> {
    /// `added` and the account.
    #[serde(flatten)]
    pub change: AccountChangeJson<'a>,
    /// Every normalisation.
    pub warnings: Vec<WarningJson>,
}

/// `otpkit export`.
#[derive(Debug, Serialize)]
pub struct ExportJson<'a> {
    /// The backup file written.
    pub file: &'a str,
    /// How many accounts it holds.
    pub accounts: usize,
}

/// `otpkit export --format uris|aegis FILE`: a file for another app.
#[derive(Debug, Serialize)]
pub struct FileExportJson<'a> {
    /// `uris` or `aegis`.
    pub format: &'a str,
    /// The file written.
    pub file: &'a str,
    /// How many accounts it holds.
    pub accounts: usize,
    /// False when the file holds the secrets unencrypted (a URI list, a plain Aegis file).
    pub encrypted: bool,
}

/// `otpkit passwd`: whether the master key was replaced too.
#[derive(Debug, Serialize)]
pub struct PasswdJson {
    /// True with `--rekey`: the vault is encrypted under a new master key.
    pub rekeyed: bool,
}

/// `otpkit import` (and `add` of a multi-account URI): what happened to every entry.
#[derive(Debug, Serialize)]
pub struct ImportJson<'a> {
    /// `otpkit`, `aegis`, `2fas` or `uris`.
    pub format: &'static str,
    /// Accounts added.
    pub added: Vec<AddedJson<'a>>,
    /// Entries skipped because the vault already has them.
    pub duplicates: Vec<DuplicateJson<'a>>,
    /// Normalisations applied to added entries.
    pub normalised: Vec<NormalisedJson<'a>>,
    /// Entries not imported.
    pub rejected: Vec<ImportRejectedJson<'a>>,
}

/// An added account.
#[derive(Debug, Serialize)]
pub struct AddedJson<'a> {
    /// Its new id.
    pub id: u64,
    /// `Issuer: label`.
    pub name: &'a str,
}

/// A skipped duplicate.
#[derive(Debug, Serialize)]
pub struct DuplicateJson<'a> {
    /// The entry's name in the file.
    pub entry: &'a str,
    /// The id of the account already in the vault.
    pub existing: u64,
}

/// A normalisation of an added entry: `kind` and `message` as in `parse`'s warnings.
#[derive(Debug, Serialize)]
pub struct NormalisedJson<'a> {
    /// The entry's name.
    pub entry: &'a str,
    /// Stable snake_case name.
    pub kind: &'static str,
    /// What was changed, in words.
    pub message: String,
}

/// A rejected entry.
#[derive(Debug, Serialize)]
pub struct ImportRejectedJson<'a> {
    /// The entry's name, or `line N` / `entry N`.
    pub entry: &'a str,
    /// Why it was not imported.
    pub reason: &'a str,
}

impl<'a> ImportJson<'a> {
    /// Builds the document from a core report.
    pub fn new(format: &'static str, report: &'a otpkit_core::vault::ImportReport) -> Self {
        ImportJson {
            format,
            added: report
                .added
                .iter()
                .map(|a| AddedJson {
                    id: a.id.0,
                    name: &a.name,
                })
                .collect(),
            duplicates: report
                .duplicates
                .iter()
                .map(|d| DuplicateJson {
                    entry: &d.entry,
                    existing: d.existing.0,
                })
                .collect(),
            normalised: report
                .normalised
                .iter()
                .map(|n| NormalisedJson {
                    entry: &n.entry,
                    kind: n.warning.as_str(),
                    message: n.warning.to_string(),
                })
                .collect(),
            rejected: report
                .rejected
                .iter()
                .map(|r| ImportRejectedJson {
                    entry: &r.entry,
                    reason: &r.reason,
                })
                .collect(),
        }
    }
}

/// `otpkit drift`: the verdict and every server's answer. Offsets are server time minus this
/// clock, in ms: negative when this clock is fast.
#[derive(Debug, Serialize)]
pub struct DriftJson<'a> {
    /// `ok` (< 10 s), `warn` (10 to 29 s), `bad` (>= 30 s) or `unknown`.
    pub status: &'static str,
    /// For `unknown`: `no_answer`, `single_answer` or `disagreement`; else null.
    pub unknown_reason: Option<&'static str>,
    /// The middle of the overlap of the agreeing servers' intervals; null when unknown.
    pub offset_ms: Option<i64>,
    /// How far the true offset may be from `offset_ms`; null when unknown.
    pub uncertainty_ms: Option<u64>,
    /// The verdict in words.
    pub message: String,
    /// Every server asked, in the order given.
    pub servers: Vec<DriftServerJson<'a>>,
    /// With `--apply`: the correction stored, in ms; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction_ms: Option<i64>,
}

/// One server in [`DriftJson`].
#[derive(Debug, Serialize)]
pub struct DriftServerJson<'a> {
    /// As given (`host:port`).
    pub server: &'a str,
    /// The address asked; null when the name could not be resolved.
    pub address: Option<String>,
    /// Its offset; null without a valid answer.
    pub offset_ms: Option<i64>,
    /// Round-trip delay; null without a valid answer.
    pub delay_ms: Option<u64>,
    /// `agrees`, `outvoted` or `failed`.
    pub role: &'static str,
    /// Why there is no valid answer, in words; null when it answered.
    pub error: Option<String>,
    /// Stable name of that reason (`timeout`, `kiss_of_death`, `wrong_origin`, ...).
    pub error_kind: Option<&'static str>,
}

impl<'a> From<&'a DriftReport> for DriftJson<'a> {
    fn from(report: &'a DriftReport) -> Self {
        DriftJson {
            status: report.status.as_str(),
            unknown_reason: report.unknown_reason.map(|reason| match reason {
                otpkit_core::clock::UnknownReason::NoAnswer => "no_answer",
                otpkit_core::clock::UnknownReason::SingleAnswer => "single_answer",
                otpkit_core::clock::UnknownReason::Disagreement => "disagreement",
            }),
            offset_ms: report.offset_ms(),
            uncertainty_ms: report.uncertainty_ms(),
            message: report.message_for(otpkit_core::clock::Device::Computer),
            servers: report.servers.iter().map(DriftServerJson::from).collect(),
            correction_ms: None,
        }
    }
}

impl<'a> From<&'a ServerReport> for DriftServerJson<'a> {
    fn from(server: &'a ServerReport) -> Self {
        DriftServerJson {
            server: server.server(),
            address: server.result.address.map(|a| a.to_string()),
            offset_ms: server.offset_ms(),
            delay_ms: server.delay_ms(),
            role: match server.role {
                ServerRole::Agrees => "agrees",
                ServerRole::Outvoted => "outvoted",
                ServerRole::Failed => "failed",
            },
            error: server.error().map(ToString::to_string),
            error_kind: server.error().map(|e| e.as_str()),
        }
    }
}

/// `otpkit verify`: the step a code matched and the clock error it implies.
#[derive(Debug, Serialize)]
pub struct VerifyJson {
    /// Always true (no match exits 2 with an error document).
    pub matched: bool,
    /// Steps from now (negative: an earlier step), or HOTP counters ahead.
    pub step_offset: i64,
    /// The other clock minus this one, lower bound in seconds; null for HOTP.
    pub clock_error_min_s: Option<i64>,
    /// Upper bound; null for HOTP. Typing delay adds to both.
    pub clock_error_max_s: Option<i64>,
}

impl VerifyJson {
    /// The document for a match.
    pub fn new(found: &VerifyMatch) -> Self {
        VerifyJson {
            matched: true,
            step_offset: found.step_offset,
            clock_error_min_s: found.clock_error_s.map(|(low, _)| low),
            clock_error_max_s: found.clock_error_s.map(|(_, high)| high),
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
        let image = shown(&self.image);
        match &self.batch {
            Some(b) => format!(
                "{image}: {}, code {} of {} of export {}",
                self.uri,
                b.index + 1,
                b.size.max(1),
                b.batch_id
            ),
            None => format!("{image}: {}", self.uri),
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

/// `otpkit export --format google-qr --out DIR`: the PNG files written, never their content.
#[derive(Debug, Serialize)]
pub struct TransferJson {
    /// Always `google-qr`.
    pub format: &'static str,
    /// The id the codes share.
    pub batch_id: i32,
    /// How many accounts the codes hold.
    pub accounts: usize,
    /// The codes, in order.
    pub codes: Vec<TransferCodeJson>,
}

/// One transfer code's file.
#[derive(Debug, Serialize)]
pub struct TransferCodeJson {
    /// Which code, from 1.
    pub part: u32,
    /// How many codes.
    pub of: u32,
    /// How many accounts it holds.
    pub accounts: usize,
    /// The PNG file.
    pub file: String,
}
