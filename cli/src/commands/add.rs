//! `otpkit add URI`: adds the account(s) a URI holds; creates the vault if there is none.

use std::fmt::Write;

use otpkit_core::uri;

use crate::commands::import::{refuse_empty_batch, refuse_empty_report, report_text};
use crate::commands::uri_argument;
use crate::context::Context;
use crate::error::CliError;
use crate::json::{AccountChangeJson, AddJson, ImportJson, VaultAccountJson, WarningJson};
use crate::output::{emit, shown};
use crate::unlock;

/// Arguments of `otpkit add`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit add 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'
  otpkit add - < uri.txt    the URI kept out of shell history and ps")]
pub struct Args {
    /// An otpauth:// or otpauth-migration:// URI, or `-` to read it from standard input.
    pub uri: String,
}

/// Adds the account, refusing a duplicate; a migration URI goes through the import report.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let text = uri_argument(&args.uri)?;
    let parsed = uri::parse(&text)?;
    if let ([draft], true) = (parsed.accounts.as_slice(), parsed.rejected.is_empty()) {
        let mut vault = unlock::open_or_create(ctx)?;
        let now = unlock::now()?;
        let id = unlock::redo_if_changed(&mut vault, |v| v.add(draft, now))?;
        let account = vault.account(id)?;
        let mut out = format!("added {id}  {}", shown(&account.display_name()));
        for warning in &parsed.warnings {
            // Every warning of a one-account URI concerns that account.
            let _ = write!(out, "\nwarning: {}", shown(&warning.to_string()));
        }
        let json = AddJson {
            change: AccountChangeJson {
                action: "added",
                account: VaultAccountJson::from(account),
            },
            warnings: parsed.warnings.iter().map(WarningJson::from).collect(),
        };
        return emit(ctx, &json, &out);
    }
    // A Google export: several accounts, some perhaps left out; report each like an import.
    let batch = otpkit_core::vault::import::uris::batch_from(parsed, "the URI");
    refuse_empty_batch(ctx, &batch)?;
    let mut vault = unlock::open_or_create(ctx)?;
    let now = unlock::now()?;
    let report = unlock::redo_if_changed(&mut vault, |v| v.import(batch.clone(), now))?;
    refuse_empty_report(ctx, &report)?;
    emit(
        ctx,
        &ImportJson::new("uris", &report),
        &report_text(&report),
    )
}
