//! Command-line errors (a missing argument, one too many, a value that does not parse) reported
//! like every other error, without the rejected value: clap's own message quotes it, and the
//! value may be a secret (`otpkit add URI1 URI2` rejects the second URI). The message is built
//! from the error's kind and the argument's name; `--help` and `--version` print as clap does.

use std::ffi::OsStr;
use std::num::ParseIntError;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::args::ValueError;
use crate::error::CliError;

/// Reports a clap error: help and version on stdout with exit 0, anything else as a `usage`
/// error (exit 2, and `{"error": ...}` on stdout when `--json` was among the arguments).
pub fn report(err: &clap::Error, args: &[impl AsRef<OsStr>]) -> ExitCode {
    let json = json_requested(args);
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // Printed by clap: our own text, no argument values.
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `otpkit` alone: the help (no values, there were none) on stderr, and exit 2.
            let _ = err.print();
            CliError::refused("usage", "a command is needed").report(json)
        }
        _ => {
            let error = CliError::refused("usage", message(err));
            match usage_line(err) {
                Some(usage) => error.with_hint(format!("{usage}; --help says more")),
                // The message already says what the value may be.
                None if names_the_fix(err) => error,
                None => error.with_hint("add --help to the command to see what it takes"),
            }
            .report(json)
        }
    }
}

/// Whether `--json` is among the arguments (before a `--`, after which everything is a value).
fn json_requested(args: &[impl AsRef<OsStr>]) -> bool {
    args.iter()
        .map(AsRef::as_ref)
        .take_while(|arg| *arg != "--")
        .any(|arg| arg == "--json")
}

/// What was wrong, naming arguments as the help does (`--at <UNIX_SECONDS>`, `<URI>`) and
/// never quoting what was typed.
fn message(err: &clap::Error) -> String {
    let arg = context(err, ContextKind::InvalidArg).unwrap_or_else(|| "an argument".into());
    match err.kind() {
        ErrorKind::InvalidValue => {
            let mut message = format!("invalid value for {arg}");
            if let Some(valid) = context(err, ContextKind::ValidValue) {
                message.push_str(&format!(" (one of: {valid})"));
            }
            message
        }
        ErrorKind::ValueValidation => match reason(err) {
            Some(reason) => format!("invalid value for {arg}: {reason}"),
            None => format!("invalid value for {arg}"),
        },
        ErrorKind::UnknownArgument => match typed_option(err) {
            Some(option) => {
                let mut message = format!("unknown option {option}");
                if let Some(suggested) = context(err, ContextKind::SuggestedArg) {
                    message.push_str(&format!(" (did you mean {suggested}?)"));
                }
                message
            }
            None => "one argument too many (not shown: it may hold a secret)".into(),
        },
        ErrorKind::InvalidSubcommand => {
            let mut message = "unknown command (not shown: it may hold a secret)".to_string();
            if let Some(ContextValue::Strings(names)) = err.get(ContextKind::SuggestedSubcommand) {
                message.push_str(&format!("; did you mean `{}`?", names.join("` or `")));
            }
            message
        }
        ErrorKind::MissingRequiredArgument => format!("missing {arg}"),
        ErrorKind::MissingSubcommand => "a command is needed".into(),
        ErrorKind::ArgumentConflict => match context(err, ContextKind::PriorArg) {
            Some(prior) => format!("{arg} cannot be used with {prior}"),
            None => format!("{arg} cannot be used with another argument given"),
        },
        ErrorKind::NoEquals => format!("{arg} needs its value after '='"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("wrong number of values for {arg}")
        }
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8".into(),
        _ => "the command line is not valid".into(),
    }
}

/// Whether [`message`] says what a refused value may be: the valid values, or our reason.
fn names_the_fix(err: &clap::Error) -> bool {
    match err.kind() {
        ErrorKind::InvalidValue => context(err, ContextKind::ValidValue).is_some(),
        ErrorKind::ValueValidation => reason(err).is_some(),
        _ => false,
    }
}

/// A context entry that names arguments or commands of ours (never a typed value).
fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) if !texts.is_empty() => Some(texts.join(", ")),
        _ => None,
    }
}

/// Why a value was refused, when the reason is known not to quote it: our own parsers'
/// [`ValueError`] and the standard integer parse error ("invalid digit found in string").
/// clap's range check, for one, writes "VALUE is not in RANGE".
fn reason(err: &clap::Error) -> Option<String> {
    let source = std::error::Error::source(err)?;
    source
        .downcast_ref::<ValueError>()
        .map(ToString::to_string)
        .or_else(|| {
            source
                .downcast_ref::<ParseIntError>()
                .map(ToString::to_string)
        })
}

/// The name of an unknown option as typed (`--bogus` of `--bogus=VALUE`, or `-x`), when it is
/// written like our options: `--` and up to 20 lowercase letters and dashes, or one letter.
/// clap reports an extra positional argument (perhaps a second URI) the same way, and a base32
/// secret is uppercase, or holds digits, or is longer (16 characters or more is the norm, and
/// one of 16 without a digit is rare): those are never shown.
fn typed_option(err: &clap::Error) -> Option<String> {
    let typed = context(err, ContextKind::InvalidArg)?;
    let name = typed.split('=').next()?;
    let long = name.strip_prefix("--").is_some_and(|word| {
        (1..=20).contains(&word.len()) && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    });
    let short = name.len() == 2
        && name.starts_with('-')
        && name[1..].chars().all(|c| c.is_ascii_alphabetic());
    (long || short).then(|| name.to_string())
}

/// `Usage: otpkit add [OPTIONS] <URI>`, built by clap from the command's definition.
fn usage_line(err: &clap::Error) -> Option<String> {
    match err.get(ContextKind::Usage)? {
        ContextValue::StyledStr(usage) => {
            Some(usage.to_string().lines().next()?.trim().to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Cli;
    use clap::Parser;

    const SECRET: &str = "GEZDGNBVGY3TQOJQ";

    fn message_for(args: &[&str]) -> String {
        message(&Cli::try_parse_from(args).unwrap_err())
    }

    #[test]
    fn messages_name_the_argument_but_never_the_value() {
        let uri = format!("otpauth://totp/A:b?secret={SECRET}");
        let bogus = format!("--bogus={SECRET}");
        let upper = format!("--{SECRET}");
        let long = format!("--{}", "a".repeat(21));
        let lower = format!("--{}", SECRET.to_ascii_lowercase());
        let extra = "one argument too many (not shown: it may hold a secret)";
        let cases: [(&[&str], &str); 16] = [
            (&["otpkit", "add", "otpauth://x", &uri], extra),
            (
                &["otpkit", &uri],
                "unknown command (not shown: it may hold a secret)",
            ),
            (&["otpkit", "code", "x", &bogus], "unknown option --bogus"),
            (&["otpkit", "code", "x", &upper], extra),
            (&["otpkit", "code", "x", &long], extra),
            (&["otpkit", "code", "x", &lower], extra),
            (&["otpkit", "list", SECRET], extra),
            (&["otpkit", "code", "x", "-z"], "unknown option -z"),
            (
                &["otpkit", "code", "x", "--counter", SECRET],
                "invalid value for --counter <N>: invalid digit found in string",
            ),
            (
                &["otpkit", "code", "x", "--at", SECRET],
                "invalid value for --at <UNIX_SECONDS>: expected whole seconds since 1970-01-01 UTC, e.g. 1700000000",
            ),
            (
                &["otpkit", "verify", "x", "1", "--window", "4294967296"],
                "invalid value for --window <N>",
            ),
            (
                &["otpkit", "import", "f", "--format", SECRET],
                "invalid value for --format <FORMAT> (one of: otpkit, aegis, 2fas, uris, proton, bitwarden, freeotp-plus, freeotp, andotp, authenticator-pro, ente)",
            ),
            (&["otpkit", "verify", "x"], "missing <CODE>"),
            (&["otpkit", "code"], "missing <URI|SECRET>"),
            (
                &["otpkit", "cod", "x"],
                "unknown command (not shown: it may hold a secret); did you mean `codes` or `code`?",
            ),
            (
                &["otpkit", "codes", "--at", "1", "--next", "2"],
                "--at <UNIX_SECONDS> cannot be used with --next <ID>",
            ),
        ];
        for (args, expected) in cases {
            assert_eq!(message_for(args), expected, "{args:?}");
        }
    }

    #[test]
    fn json_is_asked_for_before_a_double_dash_only() {
        assert!(json_requested(&["otpkit", "code", "--json", "x"]));
        assert!(!json_requested(&["otpkit", "code", "--", "--json"]));
        assert!(!json_requested(&["otpkit", "code", "x"]));
    }
}
