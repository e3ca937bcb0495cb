//! `otpkit export FILE`: a passphrase-only backup, the file a new phone imports or opens.

use std::path::PathBuf;

use otpkit_core::vault::KdfParams;

use crate::context::Context;
use crate::error::CliError;
use crate::json::ExportJson;
use crate::output::{emit, shown};
use crate::unlock::{self, Ask, BACKUP_PASSPHRASE_ENV};

/// Arguments of `otpkit export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file to write (it must not exist yet).
    pub file: PathBuf,
}

/// Writes the backup under its own passphrase.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let vault = unlock::open(ctx)?;
    let pass = unlock::passphrase(BACKUP_PASSPHRASE_ENV, "Backup passphrase: ", Ask::Confirm)?;
    vault.export_backup(&args.file, pass.as_bytes(), KdfParams::DEFAULT)?;
    let file = args.file.display().to_string();
    let count = vault.accounts().len();
    let text = format!("exported {count} accounts to {}", shown(&file));
    emit(
        ctx,
        &ExportJson {
            file: &file,
            accounts: count,
        },
        &text,
    )
}
