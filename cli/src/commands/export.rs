//! `otpkit export FILE`: a passphrase-only backup, the file a new phone imports or opens.
//! `otpkit export --format google-qr [--out DIR]`: the accounts as Google Authenticator export QR
//! codes (a phone's authenticator scans them), printed on the terminal or written as PNG files.

use std::path::PathBuf;

use otpkit_core::qr::transfer::{new_batch_id, transfer_codes};
use otpkit_core::uri::migration::EncodeError;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::{AccountId, KdfParams, Vault};

use crate::context::Context;
use crate::error::CliError;
use crate::json::{ExportJson, TransferCodeJson, TransferJson};
use crate::output::{emit, path_shown, print_line, shown};
use crate::qr_out::{self, Ink};
use crate::unlock::{self, Ask, BACKUP_PASSPHRASE_ENV};

/// Arguments of `otpkit export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file to write (it must not exist yet); not with --format google-qr.
    pub file: Option<PathBuf>,
    /// otpkit: a passphrase-protected backup file; google-qr: QR codes Google Authenticator,
    /// OtpKit and most authenticators import (they hold the secrets unencrypted).
    #[arg(long, value_enum, default_value_t = Format::Otpkit)]
    pub format: Format,
    /// google-qr: write the codes as PNG files (created new, readable by you only) into DIR
    /// instead of printing them.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// google-qr: export only this account (an id from `list`); repeat it for several.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<u64>,
    /// google-qr on a terminal with a light background: draw the dark modules with the text
    /// colour (by default the light ones are drawn, for the usual light-on-dark terminal).
    #[arg(long)]
    pub invert: bool,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An OtpKit backup file.
    Otpkit,
    /// Google Authenticator export QR codes.
    GoogleQr,
}

/// Writes the backup, or shows the transfer codes.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    match args.format {
        Format::Otpkit => backup(ctx, args),
        Format::GoogleQr => google_qr(ctx, args),
    }
}

fn usage(message: &str) -> CliError {
    CliError::refused("usage", message)
        .with_hint("Usage: otpkit export FILE | otpkit export --format google-qr [--out DIR] [--account ID]...; --help says more")
}

fn backup(ctx: &Context, args: Args) -> Result<(), CliError> {
    let Some(file) = args.file else {
        return Err(usage("the backup file to write is missing"));
    };
    if args.out.is_some() || !args.accounts.is_empty() || args.invert {
        return Err(usage(
            "--out, --account and --invert go with --format google-qr",
        ));
    }
    let vault = unlock::open(ctx)?;
    let pass = unlock::passphrase(BACKUP_PASSPHRASE_ENV, "Backup passphrase: ", Ask::Confirm)?;
    vault.export_backup(&file, pass.as_bytes(), KdfParams::DEFAULT)?;
    let file = file.display().to_string();
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

fn google_qr(ctx: &Context, args: Args) -> Result<(), CliError> {
    if args.file.is_some() {
        return Err(usage(
            "--format google-qr writes no backup file: leave the file out (use --out DIR for PNG files)",
        ));
    }
    if ctx.json && args.out.is_none() {
        return Err(usage(
            "--json needs --out DIR with --format google-qr: the codes are pictures",
        ));
    }
    let vault = unlock::open(ctx)?;
    let (drafts, names) = selected(&vault, &args.accounts)?;
    let codes = transfer_codes(&drafts, new_batch_id()).map_err(|err| encode_error(err, &names))?;
    let count = codes.len();
    let Some(dir) = args.out else {
        let ink = if args.invert { Ink::Dark } else { Ink::Light };
        let mut text = format!(
            "{} in {}: scan them in any order with Google Authenticator (Transfer accounts, Import accounts) or OtpKit.\nThey hold your secrets: clear the terminal when done.",
            plural(drafts.len(), "account"),
            plural(count, "QR code")
        );
        for code in &codes {
            text.push_str(&format!(
                "\n\npart {} of {count} ({})\n",
                code.index + 1,
                plural(code.accounts, "account")
            ));
            text.push_str(&qr_out::half_blocks(&code.matrix, ink));
        }
        return print_line(&text);
    };
    let files = qr_out::write_pngs(&dir, &codes)?;
    let json = TransferJson {
        format: "google-qr",
        batch_id: codes[0].batch_id,
        accounts: drafts.len(),
        codes: codes
            .iter()
            .zip(&files)
            .map(|(code, file)| TransferCodeJson {
                part: code.index + 1,
                of: code.count,
                accounts: code.accounts,
                file: file.display().to_string(),
            })
            .collect(),
    };
    let mut text = format!(
        "wrote {} as {} (readable by you only; they hold your secrets):",
        plural(drafts.len(), "account"),
        plural(count, "QR code")
    );
    for file in &files {
        text.push_str(&format!("\n  {}", path_shown(file)));
    }
    emit(ctx, &json, &text)
}

/// The accounts to export as drafts, with their names for messages: every account, or those
/// listed, in the order listed.
fn selected(vault: &Vault, ids: &[u64]) -> Result<(Vec<AccountDraft>, Vec<String>), CliError> {
    let accounts: Vec<_> = if ids.is_empty() {
        vault.accounts().iter().collect()
    } else {
        let mut picked = Vec::with_capacity(ids.len());
        for (position, &id) in ids.iter().enumerate() {
            if ids[..position].contains(&id) {
                return Err(usage(&format!("account {id} is listed twice")));
            }
            picked.push(vault.account(AccountId(id))?);
        }
        picked
    };
    Ok(accounts
        .iter()
        .map(|a| (a.to_draft(), a.display_name()))
        .unzip())
}

/// The encoder's refusal, naming the account by its name rather than its place.
fn encode_error(err: EncodeError, names: &[String]) -> CliError {
    let kind = err.kind();
    let message = match &err {
        EncodeError::Unsupported { index, reason } => format!(
            "{} cannot be exported to Google Authenticator: {reason}",
            shown(&names[*index])
        ),
        EncodeError::AccountTooLarge { index, len, max } => format!(
            "{} alone needs {len} bytes, more than a QR code holds ({max})",
            shown(&names[*index])
        ),
        _ => err.to_string(),
    };
    let error = CliError::refused(kind, message);
    match err {
        EncodeError::Unsupported { .. } | EncodeError::AccountTooLarge { .. } => error
            .with_hint("leave it out with --account ID for each of the others (`otpkit list` shows the ids), and move it with `otpkit export FILE`"),
        _ => error,
    }
}

/// "1 account", "2 accounts".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
