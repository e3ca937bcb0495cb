//! `otpkit list`: the accounts, never their secrets.

use crate::context::Context;
use crate::error::CliError;
use crate::json::{ListJson, VaultAccountJson};
use crate::output::{emit, shown};
use crate::unlock;

/// Arguments of `otpkit list`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit list
  otpkit --json list | jq -r '.accounts[] | \"\\(.id) \\(.issuer)\"'")]
pub struct Args {}

/// Prints one line per account: id, type, name, group.
pub fn run(ctx: &Context, _args: Args) -> Result<(), CliError> {
    let vault = unlock::open(ctx)?;
    let lines: Vec<String> = vault
        .accounts()
        .iter()
        .map(|a| {
            let group = a
                .group()
                .map(|g| format!("  [{}]", shown(g)))
                .unwrap_or_default();
            format!(
                "{:>4}  {:<5}  {}{group}",
                a.id(),
                a.otp_type().as_str(),
                shown(&a.display_name())
            )
        })
        .collect();
    let text = if lines.is_empty() {
        "no accounts".to_string()
    } else {
        lines.join("\n")
    };
    let json = ListJson {
        accounts: vault
            .accounts()
            .iter()
            .map(VaultAccountJson::from)
            .collect(),
    };
    emit(ctx, &json, &text)
}
