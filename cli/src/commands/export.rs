//! `otpkit export FILE`: a passphrase-only backup, the file a new phone imports or opens.
//! `otpkit export --format google-qr [--out DIR]`: the accounts as Google Authenticator export QR
//! codes (a phone's authenticator scans them), printed on the terminal or written as PNG files.
//! `otpkit export --format uris|aegis FILE`: a file another app imports (no lock-in): a list of
//! otpauth URIs, or an Aegis vault (encrypted with a password unless `--unencrypted`). A file
//! that holds the secrets unencrypted is written only once the user confirms (typing `yes` at
//! the terminal) or passes `--yes`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use otpkit_core::qr::transfer::{new_batch_id, transfer_codes};
use otpkit_core::uri::migration::EncodeError;
use otpkit_core::uri::AccountDraft;
use otpkit_core::vault::export;
use otpkit_core::vault::{AccountId, KdfParams, Vault};

use crate::context::Context;
use crate::error::CliError;
use crate::json::{ExportJson, FileExportJson, TransferCodeJson, TransferJson};
use crate::output::{emit, path_shown, print_line, shown};
use crate::qr_out::{self, Ink};
use crate::unlock::{self, Ask, BACKUP_PASSPHRASE_ENV};

/// Arguments of `otpkit export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit export backup.otpkit                 the passphrase-only backup for a new phone
  otpkit export --format aegis aegis.json     for Aegis, encrypted as Aegis does
  otpkit export --format google-qr --account 1 --account 4   QR codes to scan with a phone")]
pub struct Args {
    /// The file to write (it must not exist yet); not with --format google-qr.
    pub file: Option<PathBuf>,
    /// otpkit: a passphrase-protected backup file; google-qr: QR codes Google Authenticator,
    /// OtpKit and most authenticators import (they hold the secrets unencrypted); uris: a text
    /// file of otpauth URIs, one a line (unencrypted); aegis: an Aegis vault file, encrypted
    /// with a password (from OTPKIT_BACKUP_PASSPHRASE, else asked twice) unless --unencrypted.
    #[arg(long, value_enum, default_value_t = Format::Otpkit)]
    pub format: Format,
    /// aegis: write the file unencrypted (it then holds every secret in clear).
    #[arg(long)]
    pub unencrypted: bool,
    /// uris, aegis --unencrypted: write the unencrypted file without asking (scripts).
    #[arg(long)]
    pub yes: bool,
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
    /// A text file of otpauth URIs.
    Uris,
    /// An Aegis vault file.
    Aegis,
}

/// Writes the backup, or shows the transfer codes.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    match args.format {
        Format::Otpkit => backup(ctx, args),
        Format::GoogleQr => google_qr(ctx, args),
        Format::Uris => to_file(ctx, args, export::ExportFormat::Uris),
        Format::Aegis => to_file(ctx, args, export::ExportFormat::Aegis),
    }
}

fn usage(message: &str) -> CliError {
    CliError::refused("usage", message)
        .with_hint("Usage: otpkit export FILE | otpkit export --format uris|aegis [--unencrypted] [--yes] FILE | otpkit export --format google-qr [--out DIR] [--account ID]...; --help says more")
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
    if args.unencrypted || args.yes {
        return Err(usage(
            "--unencrypted and --yes go with --format uris or aegis",
        ));
    }
    refuse_existing(&file)?;
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

/// Refuses a file that already exists before any passphrase is asked for. Writing refuses it
/// again (created new, never overwritten), so a file that appears meanwhile is safe too.
fn refuse_existing(file: &Path) -> Result<(), CliError> {
    if file.symlink_metadata().is_ok() {
        return Err(file_exists(file).with_hint("choose a new file name"));
    }
    Ok(())
}

/// The refusal of a file that is already there (never overwritten).
fn file_exists(path: &Path) -> CliError {
    CliError::refused(
        "file_exists",
        format!("{} already exists and is left alone", path_shown(path)),
    )
}

/// `--format uris|aegis FILE`: the file another app imports, unencrypted only once confirmed.
fn to_file(ctx: &Context, args: Args, format: export::ExportFormat) -> Result<(), CliError> {
    let Some(file) = args.file else {
        return Err(usage(&format!("the {format} file to write is missing")));
    };
    if args.out.is_some() || !args.accounts.is_empty() || args.invert {
        return Err(usage(
            "--out, --account and --invert go with --format google-qr",
        ));
    }
    if args.unencrypted && !format.takes_password() {
        return Err(usage(
            "--unencrypted goes with --format aegis: a URI list is always unencrypted",
        ));
    }
    let encrypted = format.takes_password() && !args.unencrypted;
    refuse_existing(&file)?;
    if !encrypted {
        confirm_unencrypted(ctx, &file, args.yes)?;
    }
    let vault = unlock::open(ctx)?;
    let bytes = if encrypted {
        let pass = unlock::passphrase(BACKUP_PASSPHRASE_ENV, "Export password: ", Ask::Confirm)?;
        export::aegis(vault.accounts(), Some(pass.as_bytes()))?
    } else {
        match format {
            export::ExportFormat::Uris => export::uri_list(vault.accounts()),
            export::ExportFormat::Aegis => export::aegis(vault.accounts(), None)?,
        }
    };
    write_new(&file, &bytes)?;
    let count = vault.accounts().len();
    let shown_file = file.display().to_string();
    let text = if encrypted {
        format!(
            "exported {} to {} as an encrypted {format} file",
            plural(count, "account"),
            shown(&shown_file)
        )
    } else {
        format!(
            "exported {} to {} as an unencrypted {format} file (readable by you only): it holds every secret, delete it once imported",
            plural(count, "account"),
            shown(&shown_file)
        )
    };
    emit(
        ctx,
        &FileExportJson {
            format: format.as_str(),
            file: &shown_file,
            accounts: count,
            encrypted,
        },
        &text,
    )
}

/// Asks before a file that holds every secret unencrypted is written: `--yes`, or `yes` typed
/// at the terminal; otherwise (a script, `--json`) refused, saying how.
fn confirm_unencrypted(ctx: &Context, file: &Path, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    let refused = || {
        CliError::refused(
            "confirmation_required",
            format!(
                "{} would hold every secret unencrypted: anyone who reads it can make your codes",
                path_shown(file)
            ),
        )
        .with_hint("pass --yes to write it anyway, or use --format aegis, which encrypts it with a password")
    };
    let stdin = std::io::stdin();
    if ctx.json || !stdin.is_terminal() {
        return Err(refused());
    }
    let mut stderr = std::io::stderr();
    let _ = write!(
        stderr,
        "warning: {} will hold every secret unencrypted: anyone who reads it can make your codes.\nType yes to write it: ",
        path_shown(file)
    );
    let _ = stderr.flush();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer).map_err(|_| refused())?;
    if answer.trim() == "yes" {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Writes a new file readable by its owner only (0600), never over an existing one.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let failed = |err: std::io::Error| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            file_exists(path)
        } else {
            CliError::failed("io", format!("cannot write {}: {err}", path_shown(path)))
        }
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(path).map_err(failed)?;
    if let Err(err) = out.write_all(bytes).and_then(|()| out.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(failed(err));
    }
    Ok(())
}

fn google_qr(ctx: &Context, args: Args) -> Result<(), CliError> {
    if args.unencrypted || args.yes {
        return Err(usage(
            "--unencrypted and --yes go with --format uris or aegis",
        ));
    }
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
