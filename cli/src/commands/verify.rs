//! `otpkit verify URI CODE [--at UNIX_SECONDS] [--window N]`: which step a typed code belongs to,
//! and how far off the clock that made it is. Exit 0 on a match, 1 when nothing in the window
//! matches, 2 when the input is bad (as grep: a script tells "wrong code" from "wrong call").

use otpkit_core::clock::{self, VerifyError, VerifyMatch, DEFAULT_WINDOW};
use otpkit_core::otp::OtpParams;

use crate::commands::{one_account, CodeOptions};
use crate::context::Context;
use crate::error::CliError;
use crate::json::VerifyJson;
use crate::output::emit;

/// Arguments of `otpkit verify`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when the code matched, 1 when nothing in the window did, \
2 for bad input (as grep).

Examples:
  otpkit verify 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP' 123456
  otpkit verify - 123456 < secret.txt && echo valid    the secret kept out of history and ps
  otpkit verify --counter 7 JBSWY3DPEHPK3PXP 123456     HOTP from counter 7"
)]
pub struct Args {
    /// An otpauth:// URI, a bare base32 secret, or `-` to read either from standard input.
    #[arg(value_name = "URI|SECRET")]
    pub uri: String,
    /// The code as typed (spaces and dashes are ignored).
    pub code: String,
    /// Check against this instant instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", value_parser = crate::args::unix_seconds)]
    pub at: Option<u64>,
    /// Steps tried either side of now (HOTP: counters ahead), at most 240.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WINDOW)]
    pub window: u32,
    #[command(flatten)]
    pub options: CodeOptions,
}

/// Finds the step the code matched and prints the clock error it implies.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let params = one_account(&args.uri, &args.options, "verify")?;
    let at = clock::unix_seconds(Context::clock(args.at).as_ref())?;
    let found = clock::verify(&params, &args.code, at, args.window).map_err(verify_error)?;
    let Some(found) = found else {
        let searched = if params.otp_type().is_time_based() {
            format!(
                "no time step within {} steps either side of the time checked",
                args.window
            )
        } else {
            format!("neither the URI's counter nor the {} after it", args.window)
        };
        return Err(
            CliError::failed("no_match", format!("the code matches {searched}")).with_hint(
                "check that the code belongs to this account, or widen the search with --window N (at most 240)",
            ),
        );
    };
    emit(ctx, &VerifyJson::new(&found), &describe(&params, &found))
}

fn describe(params: &OtpParams, found: &VerifyMatch) -> String {
    match found.clock_error_s {
        Some((low, high)) => {
            let span = if high < 0 {
                format!("{} to {} s behind", -high, -low)
            } else if low > 0 {
                format!("{low} to {high} s ahead of")
            } else {
                format!("between {} s behind and {high} s ahead of", -low)
            };
            format!(
                "matched step {:+} ({} s steps): the clock that made the code was {span} this one \
                 (clock error {low:+} to {high:+} s; the seconds spent typing add to it)",
                found.step_offset,
                params.period(),
            )
        }
        None => format!(
            "matched counter {} ({:+} from the URI's counter {})",
            params.counter().saturating_add_signed(found.step_offset),
            found.step_offset,
            params.counter()
        ),
    }
}

fn verify_error(err: VerifyError) -> CliError {
    let kind = match err {
        VerifyError::Empty => "empty_code",
        VerifyError::WrongLength { .. } => "code_length",
        VerifyError::BadCharacter { .. } => "code_character",
        VerifyError::WindowTooWide { .. } => "window_too_wide",
    };
    // Each message names the fix (the length, the alphabet, the limit): no generic hint.
    CliError::refused(kind, err.to_string())
}
