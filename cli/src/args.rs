//! The command line as clap sees it. Each subcommand's own arguments live beside its code in
//! `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;

/// OtpKit: two-factor codes, otpauth URIs and an encrypted vault from the command line.
#[derive(Debug, Parser)]
#[command(name = "otpkit", version, about, max_term_width = 100)]
pub struct Cli {
    /// The vault file [default: $OTPKIT_VAULT, else <user data dir>/otpkit/vault].
    #[arg(long, global = true, value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// Print one JSON document on stdout (errors too, as {"error": {"kind", "message"}}).
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the code for an otpauth URI, without a vault.
    Code(commands::code::Args),
    /// Show what an otpauth:// or otpauth-migration:// URI holds (never the secret).
    Parse(commands::parse::Args),
    /// Read the authenticator QR codes in PNG or JPEG images (with --dry-run: show, change nothing).
    Scan(commands::scan::Args),
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
    fn a_negative_instant_is_refused_by_the_parser() {
        assert!(Cli::try_parse_from(["otpkit", "code", "otpauth://x", "--at", "-1"]).is_err());
    }
}
