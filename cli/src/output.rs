//! Writing to stdout: one JSON document with `--json`, text otherwise. A closed pipe
//! (`otpkit list | head -1`) is not an error.

use std::io::{self, Write};

use serde::Serialize;

use crate::context::Context;
use crate::error::CliError;

/// Prints `value` as JSON when `--json` was given, else `text` (a trailing newline is added).
pub fn emit<T: Serialize>(ctx: &Context, value: &T, text: &str) -> Result<(), CliError> {
    if ctx.json {
        let document = serde_json::to_string_pretty(value).map_err(CliError::internal)?;
        print_line(&document)
    } else {
        print_line(text)
    }
}

/// Prints one line on stdout.
pub fn print_line(line: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .map_err(CliError::from_stdout)
}
