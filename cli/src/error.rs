//! Every failure of a command, and the one place that turns it into an exit code and messages.
//!
//! On stderr an `error: ...` line names the problem, and an optional `hint: ...` line says what to
//! do. With `--json`, stdout also gets `{"error": {"kind", "message"}}`, `kind` being a stable
//! snake_case name scripts can match on.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use otpkit_core::{clock::ClockError, otp::OtpError, uri::UriError};

use crate::json::ErrorJson;
use crate::output::{json_text, shown};
use crate::unlock::PASSPHRASE_ENV;

/// How a failure maps to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Bad input or a refused operation: exit 2.
    Refused,
    /// Anything else (I/O, network, internal): exit 1.
    Failed,
    /// The reader of our stdout went away: nothing to report, exit 0.
    BrokenPipe,
    /// Stopped by ctrl-c (`watch`): nothing to report, exit 130 as for a process the signal
    /// ended, so a script running it stops too.
    Interrupted,
}

/// A command's failure, ready to be reported.
#[derive(Debug)]
pub struct CliError {
    class: Class,
    kind: &'static str,
    message: String,
    hint: Option<String>,
}

impl CliError {
    /// Bad input or a refused operation (exit 2).
    pub fn refused(kind: &'static str, message: impl Into<String>) -> Self {
        CliError {
            class: Class::Refused,
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// A failure that is not the input's fault (exit 1).
    pub fn failed(kind: &'static str, message: impl Into<String>) -> Self {
        CliError {
            class: Class::Failed,
            kind,
            message: message.into(),
            hint: None,
        }
    }

    /// An internal failure, e.g. JSON serialisation (exit 1).
    pub fn internal(err: impl Display) -> Self {
        Self::failed("internal", err.to_string())
    }

    /// A failed write to stdout: a closed pipe is a normal end, anything else an I/O failure.
    pub fn from_stdout(err: io::Error) -> Self {
        let mut error = Self::failed("io", format!("cannot write to standard output: {err}"));
        if err.kind() == io::ErrorKind::BrokenPipe {
            error.class = Class::BrokenPipe;
        }
        error
    }

    /// Ctrl-c ended a command that catches it to clean up (`watch`).
    pub fn interrupted() -> Self {
        let mut error = Self::failed("interrupted", "interrupted");
        error.class = Class::Interrupted;
        error
    }

    /// Adds the `hint:` line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prints the error and gives the exit code.
    pub fn report(&self, json: bool) -> ExitCode {
        match self.class {
            Class::BrokenPipe => return ExitCode::SUCCESS,
            Class::Interrupted => return ExitCode::from(130),
            Class::Refused | Class::Failed => {}
        }
        // A message may quote input (a path, a name): one line, controls escaped. A closed
        // stderr is ignored: the exit code still tells.
        let mut stderr = io::stderr().lock();
        let _ = writeln!(stderr, "error: {}", shown(&self.message));
        if let Some(hint) = &self.hint {
            let _ = writeln!(stderr, "hint: {}", shown(hint));
        }
        if json {
            let document = ErrorJson::new(self.kind, &self.message);
            if let Ok(text) = json_text(&document, true) {
                let _ = writeln!(io::stdout(), "{text}");
            }
        }
        ExitCode::from(match self.class {
            Class::Refused => 2,
            Class::Failed | Class::BrokenPipe | Class::Interrupted => 1,
        })
    }
}

impl From<UriError> for CliError {
    fn from(err: UriError) -> Self {
        // Each message already names the fix; a generic hint would mislead (e.g. for MD5).
        CliError::refused(err.kind(), err.to_string())
    }
}

impl From<OtpError> for CliError {
    fn from(err: OtpError) -> Self {
        CliError::refused("invalid_parameters", err.to_string())
    }
}

impl From<ClockError> for CliError {
    fn from(err: ClockError) -> Self {
        match err {
            ClockError::BeforeEpoch => CliError::refused("clock_before_1970", err.to_string()),
            ClockError::BootClockUnavailable => CliError::failed("clock", err.to_string()),
        }
    }
}

impl From<otpkit_core::vault::VaultError> for CliError {
    fn from(err: otpkit_core::vault::VaultError) -> Self {
        use otpkit_core::vault::VaultError as E;
        // Each hint says what the message does not: which command or flag does the fix.
        let hint = match &err {
            E::NotFound { .. } => Some(
                "`otpkit add URI` creates it with the first account; another vault: --vault PATH or OTPKIT_VAULT".into(),
            ),
            E::WrongPassphrase => Some(wrong_passphrase_hint()),
            E::Tampered | E::Corrupt { .. } => Some(
                "the file was not changed; restore your backup with `otpkit import BACKUP` into a new vault".into(),
            ),
            E::NoSuchAccount(_) => Some("`otpkit list` shows the ids".into()),
            E::Duplicate { .. } => Some("nothing was added: a second copy would give the same codes".into()),
            E::NotAFile { .. } => Some("name the vault file with --vault PATH or OTPKIT_VAULT".into()),
            E::ChangedElsewhere { .. } => Some("run the command again: it will start from that version".into()),
            // The message names the fix, or there is nothing a command can change.
            E::AlreadyExists { .. }
            | E::NewerVersion { .. }
            | E::Busy { .. }
            | E::WrongKey
            | E::NoSlot { .. }
            | E::RepeatedSlot { .. }
            | E::LastSlot
            | E::KeyStore(_)
            | E::ExpensiveKdf(_)
            | E::KdfParams(_)
            | E::EmptyPassphrase
            | E::Full { .. }
            | E::InvalidAccount(_)
            | E::InvalidName(_)
            | E::NotHotp(_)
            | E::CounterExhausted(_)
            | E::Io { .. }
            | E::Random
            | E::Encryption => None,
        };
        let message = match &err {
            // Core's words ("create one, or choose another file") are the hint's, made concrete.
            E::NotFound { path } => format!("no vault at {}", path.display()),
            // Core's "open it again and redo the change" is the app's way; the hint is the CLI's.
            E::ChangedElsewhere { path } => format!(
                "{} was changed by another otpkit or app while this command ran: nothing was saved",
                path.display()
            ),
            _ => err.to_string(),
        };
        let error = if err.is_user_error() {
            CliError::refused(err.kind(), message)
        } else {
            CliError::failed(err.kind(), message)
        };
        match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    }
}

/// Where the refused passphrase came from, which the message ("wrong passphrase") cannot say.
fn wrong_passphrase_hint() -> String {
    if std::env::var_os(PASSPHRASE_ENV).is_some() {
        format!("it came from {PASSPHRASE_ENV}: correct it, or unset it to be asked")
    } else {
        "type it again: it is the one chosen when the vault was created, or by `otpkit passwd`"
            .into()
    }
}

impl From<otpkit_core::vault::import::ImportError> for CliError {
    fn from(err: otpkit_core::vault::import::ImportError) -> Self {
        use otpkit_core::vault::import::ImportError as E;
        match err {
            E::Backup(inner) => inner.into(),
            other => {
                let hint = match &other {
                    E::UnknownFormat => Some(
                        "pass --format with the app that exported it (`otpkit import --help` lists them)",
                    ),
                    E::WrongPassword { .. } | E::PasswordRequired { .. } => {
                        Some("set OTPKIT_BACKUP_PASSPHRASE to the file's password, or type it at the prompt")
                    }
                    // The message names the fix.
                    E::TooLarge { .. }
                    | E::Malformed { .. }
                    | E::UnsupportedVersion { .. }
                    | E::Tampered { .. }
                    | E::EncryptionNotSupported { .. }
                    | E::ExpensiveKdf { .. }
                    | E::TooManyEntries { .. }
                    | E::Backup(_) => None,
                };
                let error = CliError::refused(other.kind(), other.to_string());
                match hint {
                    Some(hint) => error.with_hint(hint),
                    None => error,
                }
            }
        }
    }
}
