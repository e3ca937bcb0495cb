//! `otpkit watch [--count N]`: live codes with a countdown, refreshed every second, taking in
//! accounts other otpkit commands add or remove meanwhile.
//!
//! On a terminal the block of codes is redrawn in place (what was printed above it stays) with
//! the cursor hidden until the loop ends, ctrl-c included. Into a pipe or a file: one line per
//! refresh. With `--json`: one compact `codes` document per line per refresh.

use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use console::Term;
use otpkit_core::clock::{self, SystemClock};
use otpkit_core::vault::Vault;

use crate::commands::codes::render;
use crate::context::Context;
use crate::correction;
use crate::error::CliError;
use crate::live::{self, Row, Screen};
use crate::output::{json_text, print_line, redraw};
use crate::unlock;

/// Arguments of `otpkit watch`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit watch                  live codes until ctrl-c
  otpkit watch --count 1 | cat  one line per refresh when not on a terminal
  otpkit --json watch | jq -c '.codes[] | {id, code}'")]
pub struct Args {
    /// Stop after this many refreshes (default: until interrupted).
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
}

/// Prints the codes every second; on a terminal the block is redrawn in place.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    show(ctx, &mut vault, args.count)
}

/// The refresh loop over an open vault: `count` refreshes, or until interrupted (exit 130, as
/// a shell expects of a program stopped by ctrl-c).
pub fn show(ctx: &Context, vault: &mut Vault, count: Option<u64>) -> Result<(), CliError> {
    let stop = stop_signal()?;
    let term = Term::buffered_stdout();
    let on_terminal = !ctx.json && std::io::stdout().is_terminal();
    // Shown again when this guard drops: at the end of `count`, on ctrl-c, on an error.
    let _cursor = on_terminal.then(|| HiddenCursor::new(&term));
    let mut height = 0;
    let mut shown = 0u64;
    loop {
        // Another otpkit (`add`, `remove`...) may have saved the vault since the last refresh.
        vault.reload_if_changed()?;
        let when = correction::codes_at(vault, None)?;
        if ctx.json {
            // One compact document per line (JSON Lines), so a script can read refresh by refresh.
            let (json, _) = render(vault, when.at, when.correction_ms);
            print_line(&json_text(&json, false)?)?;
        } else if on_terminal {
            let (rows, columns) = term.size();
            let screen = Screen {
                width: columns.into(),
                height: rows.into(),
            };
            let note = when.correction_ms.map(correction::note);
            let block = live::block(
                &rows_at(vault, when.at),
                when.at,
                note.as_deref(),
                screen,
                height,
            );
            redraw(&term, &block)?;
            height = block.lines.len();
        } else {
            print_line(&live::line(&rows_at(vault, when.at), when.at))?;
        }
        shown += 1;
        if count.is_some_and(|count| shown >= count) {
            return Ok(());
        }
        // Wake at the start of the next second so countdowns tick evenly.
        let since = clock::since_epoch(&SystemClock)?;
        let wait = Duration::from_millis(1000 - u64::from(since.subsec_millis()));
        match stop.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return Err(CliError::interrupted()),
        }
    }
}

fn rows_at(vault: &Vault, at: u64) -> Vec<Row> {
    vault
        .accounts()
        .iter()
        .zip(vault.codes(at))
        .map(|(account, entry)| Row {
            id: account.id().0,
            name: account.display_name(),
            code: entry.code,
        })
        .collect()
}

/// Ctrl-c (and SIGTERM) as a message the loop waits on between refreshes, so it ends through
/// the normal path (the cursor guard drops, no half-written line) instead of being killed.
/// `ctrlc` rather than crossterm's key events: those need raw mode, which would change how every
/// line is printed and swallow the keys a user types meanwhile.
fn stop_signal() -> Result<Receiver<()>, CliError> {
    let (sender, receiver) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = sender.send(());
    })
    .map_err(|err| CliError::internal(format!("cannot catch ctrl-c: {err}")))?;
    Ok(receiver)
}

/// Hides the terminal cursor while it lives (it would blink over the block being redrawn).
struct HiddenCursor<'a>(&'a Term);

impl<'a> HiddenCursor<'a> {
    fn new(term: &'a Term) -> Self {
        let _ = term.hide_cursor().and_then(|()| term.flush());
        HiddenCursor(term)
    }
}

impl Drop for HiddenCursor<'_> {
    fn drop(&mut self) {
        let _ = self.0.show_cursor().and_then(|()| self.0.flush());
    }
}
