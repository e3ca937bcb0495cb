//! `otpkit remove ID`.

use otpkit_core::vault::AccountId;

use crate::context::Context;
use crate::error::CliError;
use crate::json::{AccountChangeJson, VaultAccountJson};
use crate::output::{emit, shown};
use crate::unlock;

/// Arguments of `otpkit remove`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account's id (`otpkit list` shows it).
    pub id: u64,
}

/// Removes the account.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    let id = AccountId(args.id);
    let account = vault.account(id)?.clone();
    unlock::redo_if_changed(&mut vault, |v| v.remove(id))?;
    let text = format!("removed {id}  {}", shown(&account.display_name()));
    let json = AccountChangeJson {
        action: "removed",
        account: VaultAccountJson::from(&account),
    };
    emit(ctx, &json, &text)
}
