//! `otpkit scan IMAGE... [--dry-run]`: the authenticator QR codes in PNG or JPEG files.
//!
//! Without `--dry-run` it adds the accounts to the vault (as `import` does: duplicates reported,
//! not added) and shows the live code of each account added. With `--dry-run` it prints what
//! `parse` prints for every code found, plus `payloads`: which image held which code (the URI
//! redacted: it holds the secret). Both name the codes of a Google export that were not among
//! the images.

use std::fmt::Write;
use std::path::PathBuf;

use otpkit_core::qr::{PayloadKind, QrError, QrScanner};
use otpkit_core::uri::{self, Parsed};
use otpkit_core::vault::import::{self, ImportBatch};
use otpkit_core::vault::Vault;

use crate::commands::import::{refuse_empty_batch, refuse_empty_report, report_text};
use crate::commands::parse::{describe, left_out};
use crate::context::Context;
use crate::error::CliError;
use crate::json::{ImportJson, IncompleteBatchJson, PayloadJson, ScanJson};
use crate::output::{emit, path_shown, shown};
use crate::unlock;

/// Arguments of `otpkit scan`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit scan --dry-run screenshot.png   show what the QR code holds, change nothing
  otpkit scan --watch screenshot.png     add it, then show its live code
  otpkit scan part-1.png part-2.png      a Google Authenticator export in several codes")]
pub struct Args {
    /// PNG or JPEG files: screenshots or photos of QR codes.
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<PathBuf>,
    /// Show what the codes hold and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// After adding, keep showing the vault's live codes with a countdown (as `watch`).
    #[arg(long, conflicts_with = "dry_run")]
    pub watch: bool,
}

/// One decoded authenticator code and where it came from.
pub struct Scanned {
    /// The image file.
    pub image: PathBuf,
    /// The code's kind.
    pub kind: PayloadKind,
    /// The URI, redacted.
    pub redacted: String,
    /// What it holds.
    pub parsed: Parsed,
}

/// Decodes every image; fails on the first image without an authenticator code.
pub fn scan_images(images: &[PathBuf]) -> Result<(Vec<Scanned>, QrScanner), CliError> {
    let mut scanner = QrScanner::new();
    let mut scanned = Vec::new();
    for image in images {
        // The scanner's message for a file it cannot open names the path once more after ours,
        // with a hint about image formats: say it once, with what to check.
        if let Err(err) = std::fs::metadata(image) {
            return Err(unreadable(image, &err));
        }
        let found = scanner
            .scan_image_file(image)
            .map_err(|err| qr_error(image, err))?;
        if found.is_empty() {
            return Err(CliError::refused("no_qr_code", format!("no QR code found in {}", path_shown(image)))
                .with_hint("use a sharper image where the code is at least 100 pixels wide, or crop it to the code"));
        }
        let mut authenticator_codes = 0;
        let mut refusal = None;
        for code in &found {
            if let Err(err) = code.authenticator_uri() {
                refusal.get_or_insert(err);
                continue;
            }
            let parsed = code.parse().map_err(|err| {
                CliError::refused(
                    err.kind(),
                    format!("the QR code in {}: {err}", path_shown(image)),
                )
            })?;
            authenticator_codes += 1;
            scanned.push(Scanned {
                image: image.clone(),
                kind: code.kind,
                redacted: uri::redact_uri(&code.text),
                parsed,
            });
        }
        if authenticator_codes == 0 {
            if let Some(err) = refusal {
                return Err(qr_error(image, err));
            }
        }
    }
    Ok((scanned, scanner))
}

fn unreadable(image: &std::path::Path, err: &std::io::Error) -> CliError {
    let error = CliError::refused(
        "unsupported_image",
        format!("cannot read {}: {err}", path_shown(image)),
    );
    match err.kind() {
        std::io::ErrorKind::NotFound => error.with_hint(
            "check the path; a shell pattern that matched no file is passed on as typed",
        ),
        _ => error,
    }
}

fn qr_error(image: &std::path::Path, err: QrError) -> CliError {
    let message = format!("{}: {err}", path_shown(image));
    match err {
        QrError::NotAnAuthenticatorCode { .. } => {
            CliError::refused("not_an_authenticator_code", message).with_hint(
                "scan the QR code the service shows when you turn on two-factor authentication",
            )
        }
        QrError::UnsupportedImage { .. } => CliError::refused("unsupported_image", message)
            .with_hint(
                "otpkit reads PNG and JPEG: take a screenshot of the code, or convert the image",
            ),
        QrError::TooLarge { .. } => CliError::refused("image_too_large", message)
            .with_hint("scale the image down or crop it to the code"),
        // The message names the fix.
        QrError::FileTooLarge { .. } => CliError::refused("image_too_large", message),
        QrError::ZeroSize { .. }
        | QrError::StrideBelowWidth { .. }
        | QrError::BufferTooSmall { .. }
        | QrError::BadRotation { .. } => CliError::refused("bad_image", message),
    }
}

/// Scans the images and adds what they hold; with `--dry-run` only prints it.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let (scanned, scanner) = scan_images(&args.images)?;
    let incomplete: Vec<IncompleteBatchJson> = scanner
        .batch_progress()
        .iter()
        .filter(|b| !b.is_complete())
        .map(IncompleteBatchJson::from)
        .collect();
    if !args.dry_run {
        let mut vault = add_to_vault(ctx, scanned, &incomplete)?;
        if args.watch {
            crate::commands::watch::show(ctx, &mut vault, None)?;
        }
        return Ok(());
    }
    let mut all = Parsed {
        accounts: Vec::new(),
        warnings: Vec::new(),
        batch: None,
        rejected: Vec::new(),
    };
    let mut payloads = Vec::new();
    let mut text = String::new();
    for s in &scanned {
        let first = all.accounts.len();
        for (index, draft) in s.parsed.accounts.iter().enumerate() {
            let _ = writeln!(text, "{}. {}", first + index + 1, describe(draft));
            for warning in s
                .parsed
                .warnings
                .iter()
                .filter(|w| w.account == Some(index))
            {
                let _ = writeln!(text, "   warning: {}", shown(&warning.to_string()));
            }
        }
        for warning in s.parsed.warnings.iter().filter(|w| w.account.is_none()) {
            let _ = writeln!(text, "warning: {}", shown(&warning.to_string()));
        }
        for rejected in &s.parsed.rejected {
            let _ = writeln!(text, "{}", left_out(rejected));
        }
        all.accounts.extend(s.parsed.accounts.iter().cloned());
        all.warnings
            .extend(s.parsed.warnings.iter().map(|w| uri::Warning {
                account: w.account.map(|a| a + first),
                ..w.clone()
            }));
        all.rejected.extend(s.parsed.rejected.iter().cloned());
        payloads.push(PayloadJson::new(
            &s.image,
            s.kind,
            &s.redacted,
            s.parsed.batch.as_ref(),
            first..all.accounts.len(),
        ));
    }
    if scanned.len() == 1 {
        all.batch = scanned[0].parsed.batch;
    }
    let _ = writeln!(text, "payloads:");
    for p in &payloads {
        let _ = writeln!(text, "  {}", p.describe());
    }
    for batch in &incomplete {
        let _ = writeln!(text, "missing: {}", batch.describe());
    }
    emit(
        ctx,
        &ScanJson::new(&all, payloads, incomplete),
        text.trim_end(),
    )
}

/// Adds every scanned account (duplicates reported, not added), then shows the live code of
/// each account added. A Google export scanned in part is added in part, and the missing
/// codes are named.
fn add_to_vault(
    ctx: &Context,
    scanned: Vec<Scanned>,
    incomplete: &[IncompleteBatchJson],
) -> Result<Vault, CliError> {
    let mut batch = ImportBatch::default();
    for s in scanned {
        batch.append(import::uris::batch_from(
            s.parsed,
            &s.image.display().to_string(),
        ));
    }
    refuse_empty_batch(ctx, &batch)?;
    let mut vault = unlock::open_or_create(ctx)?;
    let now = unlock::now()?;
    let report = unlock::redo_if_changed(&mut vault, |v| v.import(batch.clone(), now))?;
    refuse_empty_report(ctx, &report)?;
    let mut text = report_text(&report).trim_end().to_owned();
    let codes = vault.codes(now);
    for added in &report.added {
        let code = codes
            .iter()
            .find(|c| c.id == added.id)
            .and_then(|c| c.code.as_ref());
        if let Some(code) = code {
            let left = code
                .seconds_left(now)
                .map(|s| format!("  {s} s left"))
                .unwrap_or_default();
            let _ = write!(text, "\ncode       {}  {}{left}", added.id, code.value);
        }
    }
    for batch in incomplete {
        let _ = write!(text, "\nmissing: {}", batch.describe());
    }
    emit(ctx, &ImportJson::new("qr", &report), text.trim_start())?;
    Ok(vault)
}
