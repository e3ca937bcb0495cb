//! `otpkit parse URI`: what an otpauth:// or otpauth-migration:// URI holds, never the secret.

use std::fmt::Write;

use otpkit_core::uri::{self, AccountDraft, Rejected};

use crate::commands::uri_argument;
use crate::context::Context;
use crate::error::CliError;
use crate::json::ParseJson;
use crate::output::{emit, shown};

/// Arguments of `otpkit parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An otpauth:// or otpauth-migration:// URI, or `-` to read it from standard input.
    pub uri: String,
}

/// Prints the accounts, every normalisation the parser applied, and any export account left out.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let text = uri_argument(&args.uri)?;
    let parsed = uri::parse(&text)?;
    let mut out = String::new();
    for warning in parsed.warnings.iter().filter(|w| w.account.is_none()) {
        let _ = writeln!(out, "warning: {}", shown(&warning.to_string()));
    }
    for (index, draft) in parsed.accounts.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", index + 1, describe(draft));
        for warning in parsed.warnings.iter().filter(|w| w.account == Some(index)) {
            let _ = writeln!(out, "   warning: {}", shown(&warning.to_string()));
        }
    }
    for rejected in &parsed.rejected {
        let _ = writeln!(out, "{}", left_out(rejected));
    }
    emit(ctx, &ParseJson::from(&parsed), out.trim_end())
}

/// The line for an export account that could not be used.
pub fn left_out(rejected: &Rejected) -> String {
    format!(
        "left out: account {} ({}): {}",
        rejected.position + 1,
        shown(&rejected.name),
        shown(&rejected.error.to_string())
    )
}

/// One line per account: `Issuer: label  TOTP SHA1, 6 digits, every 30 s`.
pub fn describe(draft: &AccountDraft) -> String {
    let name = match &draft.issuer {
        Some(issuer) => format!("{issuer}: {}", draft.label),
        None => draft.label.clone(),
    };
    let schedule = if draft.otp_type.is_time_based() {
        format!("every {} s", draft.period())
    } else {
        format!("counter {}", draft.counter())
    };
    format!(
        "{}  {} {}, {} digits, {schedule}",
        shown(&name),
        draft.otp_type.as_str().to_ascii_uppercase(),
        draft.algorithm().as_str(),
        draft.digits()
    )
}
