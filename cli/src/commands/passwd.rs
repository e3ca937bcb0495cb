//! `otpkit passwd [--rekey]`: changes the vault passphrase. By default the new passphrase wraps
//! the same master key (fast, and the vault's content is not rewritten); `--rekey` also replaces
//! the master key, so a copy of the old file opened with the old passphrase reads nothing saved
//! after the change.

use otpkit_core::vault::{KdfParams, NewSlot, SlotKind};

use crate::context::Context;
use crate::error::CliError;
use crate::json::PasswdJson;
use crate::output::emit;
use crate::unlock::{self, Ask, NEW_PASSPHRASE_ENV};

/// Arguments of `otpkit passwd`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also replace the vault's master key and encrypt it again: old copies of the file, with
    /// the old passphrase, then read nothing saved from now on.
    #[arg(long)]
    pub rekey: bool,
}

/// Opens the vault with the current passphrase and sets the new one.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    if args.rekey && vault.slot_kinds().contains(&SlotKind::Platform) {
        // A re-key keeps only the slots it is given, and the CLI cannot reach an app's keystore.
        return Err(CliError::refused(
            "platform_slot",
            "this vault also opens with an app's device key, which only that app can wrap again",
        )
        .with_hint("re-key it from the app, or run `otpkit passwd` without --rekey"));
    }
    let new = unlock::passphrase(NEW_PASSPHRASE_ENV, "New vault passphrase: ", Ask::Confirm)?;
    let slot = NewSlot::Passphrase(new.as_bytes(), KdfParams::DEFAULT);
    if args.rekey {
        unlock::redo_if_changed(&mut vault, |v| v.rekey(&[slot]))?;
    } else {
        unlock::redo_if_changed(&mut vault, |v| {
            v.set_passphrase(new.as_bytes(), KdfParams::DEFAULT)
        })?;
    }
    let text = if args.rekey {
        "passphrase changed and vault re-keyed: old copies of the file do not open what is saved from now on"
    } else {
        "passphrase changed (the master key was kept: a copy of the old file still opens with the old passphrase; `otpkit passwd --rekey` prevents that)"
    };
    emit(
        ctx,
        &PasswdJson {
            rekeyed: args.rekey,
        },
        text,
    )
}
