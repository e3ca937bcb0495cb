//! One module per subcommand: its clap `Args` and its `run`.

pub mod add;
pub mod code;
pub mod codes;
pub mod drift;
pub mod export;
pub mod import;
pub mod list;
pub mod parse;
pub mod passwd;
pub mod remove;
pub mod rename;
pub mod scan;
pub mod verify;
pub mod watch;

use std::io::Read;

use otpkit_core::otp::OtpParams;
use otpkit_core::uri;
use zeroize::Zeroizing;

use crate::error::CliError;

/// Longest URI read from standard input; real ones are well under 4 KiB (migration exports with
/// many accounts are split by Google into several QR codes).
const MAX_STDIN_URI: u64 = 64 * 1024;

/// The URI argument: as given, or read from standard input when it is `-` (which keeps the secret
/// out of shell history and the process list).
pub fn uri_argument(arg: &str) -> Result<Zeroizing<String>, CliError> {
    if arg != "-" {
        return Ok(Zeroizing::new(arg.to_owned()));
    }
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .take(MAX_STDIN_URI)
        .read_to_string(&mut text)
        .map_err(|err| {
            CliError::refused(
                "unreadable_input",
                format!("cannot read the URI from standard input: {err}"),
            )
        })?;
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        Ok(text)
    } else {
        Ok(Zeroizing::new(trimmed.to_owned()))
    }
}

/// The code parameters of the one account a URI argument holds (`code` and `verify` take one;
/// a migration export with several is refused, pointing to the commands that take them all).
pub fn one_account(arg: &str, command: &str) -> Result<OtpParams, CliError> {
    let text = uri_argument(arg)?;
    let parsed = uri::parse(&text)?;
    let [draft] = parsed.accounts.as_slice() else {
        return Err(CliError::refused(
            "several_accounts",
            format!(
                "this URI holds {} accounts; `{command}` takes one",
                parsed.accounts.len()
            ),
        )
        .with_hint(
            "list them with `otpkit parse`, or add them all to the vault with `otpkit add`",
        ));
    };
    Ok(draft.params()?)
}
