//! `otpkit import FILE [--format NAME]`: adds what a backup or another app's export holds
//! (OtpKit, Aegis, 2FAS, URI lists, Proton, Bitwarden, FreeOTP+, FreeOTP, andOTP, Authenticator
//! Pro, Ente)
//! and reports every entry: added, duplicate, normalised or rejected.

use std::fmt::Write;
use std::fs::File;
use std::path::{Path, PathBuf};

use otpkit_core::vault::import::{self, ImportBatch, ImportFormat, MAX_IMPORT_LEN};
use otpkit_core::vault::ImportReport;
use zeroize::Zeroizing;

use crate::args::ValueError;
use crate::commands::read_once;
use crate::context::Context;
use crate::error::CliError;
use crate::json::ImportJson;
use crate::output::{emit, path_shown, print_line, shown};
use crate::unlock::{self, Ask, BACKUP_PASSPHRASE_ENV};

/// Arguments of `otpkit import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit import aegis-export.json
  otpkit import --format andotp otp_accounts.json.aes
  otpkit --json import backup.otpkit    the report as JSON")]
pub struct Args {
    /// The file to import.
    pub file: PathBuf,
    /// Its format [default: recognised from the content].
    #[arg(long, value_parser = format_parser())]
    pub format: Option<ImportFormat>,
}

/// `--format`'s choices are core's one list of formats, named as core names them: not a
/// `ValueEnum` mirroring it, which would be a second list to keep in step.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = ImportFormat> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(ImportFormat::ALL.map(ImportFormat::as_str)).try_map(
        |name: String| {
            ImportFormat::from_name(&name).ok_or(ValueError("not a format otpkit imports"))
        },
    )
}

/// Reads the file, decrypting it if needed, and adds its accounts in one save.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let bytes = read_file(&args.file)?;
    let format = match args.format {
        Some(format) => format,
        None => import::detect(&bytes).ok_or(import::ImportError::UnknownFormat)?,
    };
    let password = if import::needs_password(format, &bytes) {
        Some(unlock::passphrase(
            BACKUP_PASSPHRASE_ENV,
            "Password of the file: ",
            Ask::Once,
        )?)
    } else {
        None
    };
    let batch = import::read(format, &bytes, password.as_ref().map(|p| p.as_bytes()))?;
    refuse_empty_batch(ctx, &batch)?;
    let mut vault = unlock::open_or_create(ctx)?;
    let now = unlock::now()?;
    let report = unlock::redo_if_changed(&mut vault, |v| v.import(batch.clone(), now))?;
    refuse_empty_report(ctx, &report)?;
    emit(
        ctx,
        &ImportJson::new(format.as_str(), &report),
        &report_text(&report),
    )
}

/// The file's bytes. A regular file is read into a buffer of its length, allocated once (a
/// growing buffer would leave copies of the secrets it held); anything else (a pipe, as in
/// `otpkit import <(gpg -d backup.gpg)`) into one of the import limit, past which core refuses.
fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let cannot_read = |err: std::io::Error| {
        let message = format!("cannot read {}: {err}", path_shown(path));
        if err.kind() == std::io::ErrorKind::NotFound {
            CliError::refused("file_not_found", message)
        } else {
            CliError::failed("io", message)
        }
    };
    let file = File::open(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    let capacity = if metadata.is_file() {
        let len = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        if len > MAX_IMPORT_LEN {
            return Err(import::ImportError::TooLarge {
                max: MAX_IMPORT_LEN,
            }
            .into());
        }
        len
    } else {
        MAX_IMPORT_LEN + 1
    };
    read_once(file, capacity).map_err(cannot_read)
}

/// Refuses a batch with nothing to add before the vault is opened (or created): the file held
/// no account, or every entry was rejected. See [`refuse_empty_report`].
pub fn refuse_empty_batch(ctx: &Context, batch: &ImportBatch) -> Result<(), CliError> {
    if !batch.entries.is_empty() {
        return Ok(());
    }
    refuse_empty_report(
        ctx,
        &ImportReport {
            rejected: batch.rejected.clone(),
            ..ImportReport::default()
        },
    )
}

/// Refuses (exit 2) an import that added nothing and found nothing already in the vault: every
/// entry was rejected, or there was none. Duplicates alone are a success ("nothing new": the
/// vault already holds every account). In text mode the report is printed first, so every
/// rejected entry shows with its reason; the error names the first.
pub fn refuse_empty_report(ctx: &Context, report: &ImportReport) -> Result<(), CliError> {
    if !report.added.is_empty() || !report.duplicates.is_empty() {
        return Ok(());
    }
    let Some(first) = report.rejected.first() else {
        return Err(CliError::refused(
            "nothing_imported",
            "nothing was imported: no account was found",
        ));
    };
    if !ctx.json {
        print_line(&report_text(report))?;
    }
    let count = report.rejected.len();
    let which = if count == 1 {
        "the only entry was rejected".to_string()
    } else {
        format!("all {count} entries were rejected; the first")
    };
    Err(CliError::refused(
        "nothing_imported",
        format!(
            "nothing was imported: {which}, {}: {}",
            shown(&first.entry),
            shown(&first.reason)
        ),
    ))
}

/// The report as text: one line per entry, then a summary.
pub fn report_text(report: &ImportReport) -> String {
    let mut out = String::new();
    for added in &report.added {
        let _ = writeln!(out, "added      {}  {}", added.id, shown(&added.name));
    }
    for dup in &report.duplicates {
        let _ = writeln!(
            out,
            "duplicate  {}  (already in the vault as {})",
            shown(&dup.entry),
            dup.existing
        );
    }
    for n in &report.normalised {
        let _ = writeln!(
            out,
            "warning    {}: {}",
            shown(&n.entry),
            shown(&n.warning.to_string())
        );
    }
    for r in &report.rejected {
        let _ = writeln!(out, "rejected   {}: {}", shown(&r.entry), shown(&r.reason));
    }
    let _ = write!(
        out,
        "{} added, {} duplicates skipped, {} normalised, {} rejected",
        report.added.len(),
        report.duplicates.len(),
        report.normalised.len(),
        report.rejected.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_into_one_buffer_of_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("uris.txt");
        let text = "otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ\n".repeat(100);
        std::fs::write(&path, &text).unwrap();
        let bytes = read_file(&path).unwrap();
        assert_eq!(&bytes[..], text.as_bytes());
        assert_eq!(bytes.capacity(), text.len());
    }

    #[test]
    fn a_file_above_the_import_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        // Sparse: no disk used.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_IMPORT_LEN as u64 + 1)
            .unwrap();
        let err = read_file(&path).unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            format!(
                "{:?}",
                CliError::from(import::ImportError::TooLarge {
                    max: MAX_IMPORT_LEN
                })
            )
        );
    }
}
