//! `otpkit completions SHELL` and the hidden `otpkit man`: the shell completion script and the
//! man page, both generated from the clap definition, so they list exactly the commands and
//! options that parse.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Cli;
use crate::error::CliError;
use crate::output::print_generated;

/// Arguments of `otpkit completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  source <(otpkit completions bash)                         bash, this session
  otpkit completions bash > ~/.local/share/bash-completion/completions/otpkit
  otpkit completions zsh > \"${fpath[1]}/_otpkit\"
  otpkit completions fish > ~/.config/fish/completions/otpkit.fish
  otpkit man | man -l -                                     the manual page
  otpkit man code | man -l -                                otpkit-code(1)")]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script.
pub fn run(args: Args) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "otpkit", &mut script);
    print_generated(&script)
}

/// Arguments of the hidden `otpkit man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The command whose page to print (otpkit-COMMAND(1)) [default: otpkit(1), which lists
    /// the commands].
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Prints a man page (roff): otpkit(1), or otpkit-COMMAND(1), the pages otpkit(1) refers to.
pub fn man(args: ManArgs) -> Result<(), CliError> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    // Built, each subcommand knows its full name (`otpkit code`) for its page.
    cli.build();
    let command = match &args.command {
        None => cli,
        Some(name) => cli
            .get_subcommands()
            .find(|sub| sub.get_name() == name && !sub.is_hide_set())
            .cloned()
            .ok_or_else(|| {
                CliError::refused("usage", "no such command (not shown)")
                    .with_hint("`otpkit --help` lists the commands")
            })?,
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .source(format!("otpkit {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(CliError::internal)?;
    print_generated(&page)
}
