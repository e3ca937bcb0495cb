//! `otpkit code URI [--at UNIX_SECONDS] [--counter N]`: the code for one URI, no vault.

use otpkit_core::clock;
use otpkit_core::otp::{self, OtpType};

use crate::commands::one_account;
use crate::context::Context;
use crate::error::CliError;
use crate::json::CodeJson;
use crate::output::emit;

/// Arguments of `otpkit code`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An otpauth:// URI, or `-` to read it from standard input.
    pub uri: String,
    /// Compute the code at this instant instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", value_parser = crate::args::unix_seconds)]
    pub at: Option<u64>,
    /// For an HOTP URI: use this counter instead of the URI's.
    #[arg(long, value_name = "N")]
    pub counter: Option<u64>,
}

/// Prints the code, the next one, and when it changes.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut params = one_account(&args.uri, "code")?;
    if let Some(counter) = args.counter {
        if params.otp_type() != OtpType::Hotp {
            return Err(CliError::refused(
                "counter_not_hotp",
                format!(
                    "--counter applies to hotp accounts; this one is {}",
                    params.otp_type().as_str()
                ),
            )
            .with_hint("use --at to pick the instant of a time-based code"));
        }
        params = params.with_counter(counter);
    }
    let at = clock::unix_seconds(Context::clock(args.at).as_ref())?;
    let code = otp::code(&params, at);
    let text = match code.seconds_left(at) {
        Some(left) => format!("{}  next {}  {left} s left", code.value, code.next),
        None => format!(
            "{}  next {}  counter {}",
            code.value,
            code.next,
            params.counter()
        ),
    };
    emit(ctx, &CodeJson::from(&code), &text)
}
