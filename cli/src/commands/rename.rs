//! `otpkit rename ID LABEL`.

use otpkit_core::vault::AccountId;

use crate::context::Context;
use crate::error::CliError;
use crate::json::{AccountChangeJson, VaultAccountJson};
use crate::output::{emit, shown};
use crate::unlock;

/// Arguments of `otpkit rename`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account's id (`otpkit list` shows it).
    pub id: u64,
    /// The new label.
    pub label: String,
}

/// Sets the account's label.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    if args.label.trim().is_empty() {
        return Err(CliError::refused("empty_label", "the new label is empty")
            .with_hint("give the account a name, e.g. your email address at the service"));
    }
    let mut vault = unlock::open(ctx)?;
    let id = AccountId(args.id);
    unlock::redo_if_changed(&mut vault, |v| v.rename(id, &args.label))?;
    let account = vault.account(id)?;
    let text = format!("renamed {id}  {}", shown(&account.display_name()));
    let json = AccountChangeJson {
        action: "renamed",
        account: VaultAccountJson::from(account),
    };
    emit(ctx, &json, &text)
}
