//! `otpkit import FILE [--format otpkit|aegis|2fas|uris]`: adds what a backup or export holds
//! and reports every entry: added, duplicate, normalised or rejected.

use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;

use otpkit_core::vault::import::{self, ImportFormat, MAX_IMPORT_LEN};
use otpkit_core::vault::ImportReport;
use zeroize::Zeroizing;

use crate::context::Context;
use crate::error::CliError;
use crate::json::ImportJson;
use crate::output::{emit, path_shown, shown};
use crate::unlock::{self, Ask, BACKUP_PASSPHRASE_ENV};

/// Arguments of `otpkit import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import.
    pub file: PathBuf,
    /// Its format [default: recognised from the content].
    #[arg(long, value_parser = ["otpkit", "aegis", "2fas", "uris"])]
    pub format: Option<String>,
}

/// Reads the file, decrypting it if needed, and adds its accounts in one save.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let bytes = read_file(&args.file)?;
    let format = match &args.format {
        Some(name) => ImportFormat::from_name(name).ok_or_else(|| {
            CliError::refused("unknown_format", format!("unknown format {name:?}"))
        })?,
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
    let mut vault = unlock::open_or_create(ctx)?;
    let report = vault.import(batch, unlock::now()?)?;
    emit(
        ctx,
        &ImportJson::new(format.as_str(), &report),
        &report_text(&report),
    )
}

fn read_file(path: &PathBuf) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let mut bytes = Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_IMPORT_LEN as u64 + 1).read_to_end(&mut bytes))
        .map_err(|err| {
            let message = format!("cannot read {}: {err}", path_shown(path));
            if err.kind() == std::io::ErrorKind::NotFound {
                CliError::refused("file_not_found", message)
            } else {
                CliError::failed("io", message)
            }
        })?;
    Ok(bytes)
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
        let _ = writeln!(out, "warning    {}: {}", shown(&n.entry), shown(&n.warning));
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
