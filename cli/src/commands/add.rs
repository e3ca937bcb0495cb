//! `otpkit add URI`: adds the account(s) a URI holds; creates the vault if there is none.

use std::fmt::Write;

use otpkit_core::uri;
use otpkit_core::vault::{ImportBatch, ImportEntry};

use crate::commands::{import::report_text, uri_argument};
use crate::context::Context;
use crate::error::CliError;
use crate::json::{AccountChangeJson, ImportJson, VaultAccountJson};
use crate::output::emit;
use crate::unlock;

/// Arguments of `otpkit add`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An otpauth:// or otpauth-migration:// URI, or `-` to read it from standard input.
    pub uri: String,
}

/// Adds the account, refusing a duplicate; a migration URI goes through the import report.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let text = uri_argument(&args.uri)?;
    let parsed = uri::parse(&text)?;
    let mut vault = unlock::open_or_create(ctx)?;
    let now = unlock::now()?;
    if let [draft] = parsed.accounts.as_slice() {
        let id = vault.add(draft, now)?;
        let account = vault.account(id)?;
        let mut out = format!("added {id}  {}", account.display_name());
        for warning in &parsed.warnings {
            let _ = write!(out, "\nwarning: {warning}");
        }
        let json = AccountChangeJson {
            action: "added",
            account: VaultAccountJson::from(account),
        };
        return emit(ctx, &json, &out);
    }
    let entries = parsed
        .accounts
        .into_iter()
        .enumerate()
        .map(|(index, draft)| ImportEntry {
            draft,
            extras: Default::default(),
            warnings: parsed
                .warnings
                .iter()
                .filter(|w| w.account == index)
                .map(|w| w.to_string())
                .collect(),
        })
        .collect();
    let report = vault.import(
        ImportBatch {
            entries,
            rejected: Vec::new(),
        },
        now,
    )?;
    emit(
        ctx,
        &ImportJson::new("uris", &report),
        &report_text(&report),
    )
}
