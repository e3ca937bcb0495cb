//! `otpkit code URI|SECRET [--at UNIX_SECONDS] [--counter N] [-q]`: the code for one URI or
//! bare base32 secret, no vault.

use otpkit_core::clock;
use otpkit_core::otp;

use crate::commands::{one_account, CodeOptions};
use crate::context::Context;
use crate::error::CliError;
use crate::json::CodeJson;
use crate::output::emit;

/// Arguments of `otpkit code`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A bare secret gives a TOTP code (sha1, 6 digits, 30 s; --digits, --period and \
--algorithm change them), or an HOTP code with --counter N (oathtool's default mode is HOTP: \
`oathtool -b SECRET` is `otpkit code --counter 0 SECRET`).

A secret or URI typed on the command line stays in the shell history and shows in `ps`: pass `-` \
and give it on standard input instead.

Examples:
  otpkit code 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'
  otpkit code -q JBSWY3DPEHPK3PXP | xclip    only the code, for scripts
  otpkit code -q --counter 5 - < secret.txt  HOTP, the secret read from a file
  otpkit code --algorithm sha256 --digits 8 --at 59 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
)]
pub struct Args {
    /// An otpauth:// URI, a bare base32 secret (as `oathtool -b` takes), or `-` to read either
    /// from standard input.
    #[arg(value_name = "URI|SECRET")]
    pub uri: String,
    /// Compute the code at this instant instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", value_parser = crate::args::unix_seconds)]
    pub at: Option<u64>,
    /// Print only the code (as oathtool does), for scripts: `code=$(otpkit code -q ...)`.
    ///
    /// A flag rather than a guess from whether stdout is a terminal: the command prints the
    /// same in a terminal, a pipe and a test.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub options: CodeOptions,
}

/// Prints the code, the next one, and when it changes (with `-q`: the code alone).
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let params = one_account(&args.uri, &args.options, "code")?;
    let at = clock::unix_seconds(Context::clock(args.at).as_ref())?;
    let code = otp::code(&params, at);
    let text = if args.quiet {
        code.value.clone()
    } else {
        match code.seconds_left(at) {
            Some(left) => format!("{}  next {}  {left} s left", code.value, code.next),
            None => format!(
                "{}  next {}  counter {}",
                code.value,
                code.next,
                params.counter()
            ),
        }
    };
    emit(ctx, &CodeJson::from(&code), &text)
}
