//! The command line as clap sees it. Each subcommand's own arguments live beside its code in
//! `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::context::VAULT_ENV;

/// The heading of the options every command takes, listed apart from each command's own (so
/// `code`, which opens no vault, does not seem to take `--vault` as one of its flags).
const GLOBAL: &str = "Global options";

/// OtpKit: two-factor codes, otpauth URIs and an encrypted vault from the command line.
#[derive(Debug, Parser)]
#[command(name = "otpkit", version, about, max_term_width = 100, after_help = ENVIRONMENT)]
pub struct Cli {
    /// The vault file [default: <user data dir>/otpkit/vault].
    #[arg(long, global = true, value_name = "PATH", env = VAULT_ENV, hide_env_values = true, help_heading = GLOBAL, value_parser = vault_path())]
    pub vault: Option<PathBuf>,

    /// Print one JSON document on stdout (errors too, as {"error": {"kind", "message"}}).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the code for an otpauth URI or a bare base32 secret, without a vault.
    Code(commands::code::Args),
    /// Show what an otpauth:// or otpauth-migration:// URI holds (never the secret).
    Parse(commands::parse::Args),
    /// Check this computer's clock against time servers (offset, uncertainty, each server).
    Drift(commands::drift::Args),
    /// Tell which time step a typed code matched, and so how far off a clock is.
    Verify(commands::verify::Args),
    /// Add the account(s) a URI holds to the vault (creating the vault if needed).
    Add(commands::add::Args),
    /// List the vault's accounts (never their secrets).
    List(commands::list::Args),
    /// Show every account's current code.
    Codes(commands::codes::Args),
    /// Show live codes with a countdown.
    Watch(commands::watch::Args),
    /// Remove an account.
    Remove(commands::remove::Args),
    /// Rename an account.
    Rename(commands::rename::Args),
    /// Write a passphrase-only backup (the file for a new phone), or a file for another app.
    Export(commands::export::Args),
    /// Import an OtpKit backup, another authenticator's export (Aegis, 2FAS, Proton, Bitwarden,
    /// FreeOTP+, FreeOTP, andOTP, Authenticator Pro, Ente) or a file of otpauth URIs.
    Import(commands::import::Args),
    /// Read the authenticator QR codes in PNG or JPEG images (with --dry-run: show, change nothing).
    Scan(commands::scan::Args),
    /// Change the vault passphrase (--rekey: also replace the master key).
    Passwd(commands::passwd::Args),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(commands::completions::Args),
    /// Print the man page (roff), e.g. `otpkit man | man -l -`.
    #[command(hide = true)]
    Man(commands::completions::ManArgs),
}

/// The environment variables, for `--help`. The passphrases are not clap `env` arguments: clap
/// would need a `--passphrase` flag to hang them on (a passphrase on the command line is what
/// they exist to avoid) and would copy every one into its own unwiped memory at parse time, for
/// every command; `unlock.rs` reads one only when a command opens a vault, into a zeroizing
/// string, and never prints it.
const ENVIRONMENT: &str = "Environment:
  OTPKIT_VAULT              the vault file, when --vault is not given
  OTPKIT_PASSPHRASE         the vault passphrase (else it is asked at the terminal)
  OTPKIT_BACKUP_PASSPHRASE  a backup's passphrase, for export and import (else asked)
  OTPKIT_NEW_PASSPHRASE     the new vault passphrase, for passwd (else asked twice)

`otpkit COMMAND --help` shows each command's options and examples.";

/// The latest instant `--at` takes: 9999-12-31 23:59:59 UTC. Later values are not instants
/// anyone means (a value this large is usually in milliseconds), and the system clock's own type
/// cannot hold every `u64` of seconds.
pub const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// Why a value on the command line was refused, in words that never repeat the value: the
/// usage error prints it (see `usage.rs`), where clap's own messages would echo the value.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub &'static str);

/// Parses `--vault` (or `OTPKIT_VAULT`): any path but an empty one, which is most often the
/// variable set to nothing.
fn vault_path() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser as _;
    clap::builder::OsStringValueParser::new().try_map(|path| {
        if path.is_empty() {
            Err(ValueError(
                "the path is empty (is OTPKIT_VAULT set to nothing? unset it)",
            ))
        } else {
            Ok(PathBuf::from(path))
        }
    })
}

/// Parses `--at`: whole Unix seconds from 0 to [`MAX_UNIX_SECONDS`].
pub fn unix_seconds(text: &str) -> Result<u64, ValueError> {
    let seconds: u64 = text
        .parse()
        .map_err(|_| ValueError("expected whole seconds since 1970-01-01 UTC, e.g. 1700000000"))?;
    if seconds > MAX_UNIX_SECONDS {
        return Err(ValueError(
            "the instant is after the year 9999 (253402300799); is it in milliseconds? Divide by 1000",
        ));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_help_names_every_environment_variable_otpkit_reads() {
        use crate::unlock::{BACKUP_PASSPHRASE_ENV, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV};
        for name in [
            VAULT_ENV,
            PASSPHRASE_ENV,
            BACKUP_PASSPHRASE_ENV,
            NEW_PASSPHRASE_ENV,
        ] {
            assert!(ENVIRONMENT.contains(&format!("  {name} ")), "{name}");
        }
    }

    #[test]
    fn global_flags_are_accepted_after_the_subcommand() {
        let cli =
            Cli::try_parse_from(["otpkit", "code", "otpauth://x", "--json", "--at", "59"]).unwrap();
        assert!(cli.json);
        match cli.command {
            Command::Code(args) => assert_eq!(args.at, Some(59)),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn an_empty_vault_path_is_refused_with_its_likely_cause() {
        let err = Cli::try_parse_from(["otpkit", "--vault", "", "list"]).unwrap_err();
        let reason = std::error::Error::source(&err).unwrap().to_string();
        assert!(reason.contains("OTPKIT_VAULT"), "{reason}");
    }

    #[test]
    fn a_negative_instant_is_refused_by_the_parser() {
        assert!(Cli::try_parse_from(["otpkit", "code", "otpauth://x", "--at", "-1"]).is_err());
    }

    #[test]
    fn an_instant_is_taken_up_to_the_end_of_9999_and_no_later() {
        assert_eq!(unix_seconds("0").unwrap(), 0);
        assert_eq!(unix_seconds("253402300799").unwrap(), MAX_UNIX_SECONDS);
        for refused in [
            "253402300800",
            "9223372036854775808",
            "18446744073709551616",
            "1e9",
            "",
        ] {
            assert!(unix_seconds(refused).is_err(), "{refused}");
        }
    }
}
