//! `otpkit`: OtpKit's command-line companion for scripting and QA.
//!
//! `main` maps every outcome to an exit code in one place (see [`error::CliError`]):
//! 0 success, 2 bad input or a refused operation, 1 anything else.
#![forbid(unsafe_code)]

mod args;
mod commands;
mod context;
mod correction;
mod error;
mod json;
mod live;
mod output;
mod qr_out;
mod unlock;
mod usage;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::Context;
use crate::error::CliError;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => return usage::report(&err, &args),
    };
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(json),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Context::new(cli.vault, cli.json);
    match cli.command {
        Command::Code(args) => commands::code::run(&ctx, args),
        Command::Parse(args) => commands::parse::run(&ctx, args),
        Command::Drift(args) => commands::drift::run(&ctx, args),
        Command::Verify(args) => commands::verify::run(&ctx, args),
        Command::Add(args) => commands::add::run(&ctx, args),
        Command::List(args) => commands::list::run(&ctx, args),
        Command::Codes(args) => commands::codes::run(&ctx, args),
        Command::Watch(args) => commands::watch::run(&ctx, args),
        Command::Remove(args) => commands::remove::run(&ctx, args),
        Command::Rename(args) => commands::rename::run(&ctx, args),
        Command::Export(args) => commands::export::run(&ctx, args),
        Command::Import(args) => commands::import::run(&ctx, args),
        Command::Scan(args) => commands::scan::run(&ctx, args),
        Command::Passwd(args) => commands::passwd::run(&ctx, args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man(args) => commands::completions::man(args),
    }
}
