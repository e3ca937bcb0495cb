//! `otpkit watch [--count N]`: live codes with a countdown, refreshed every second, taking in
//! accounts other otpkit commands add or remove meanwhile. With `--json`, one compact `codes`
//! document per line per refresh.

use std::io::IsTerminal;
use std::thread::sleep;
use std::time::Duration;

use otpkit_core::clock::{self, SystemClock};
use otpkit_core::vault::Vault;

use crate::commands::codes::render;
use crate::context::Context;
use crate::correction;
use crate::error::CliError;
use crate::output::{json_text, print_line, print_screen};
use crate::unlock;

/// Arguments of `otpkit watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Stop after this many refreshes (default: until interrupted).
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
}

/// Prints the codes every second; on a terminal the screen is redrawn in place.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    show(ctx, &mut vault, args.count)
}

/// The refresh loop over an open vault: `count` refreshes, or until interrupted.
pub fn show(ctx: &Context, vault: &mut Vault, count: Option<u64>) -> Result<(), CliError> {
    let redraw = !ctx.json && std::io::stdout().is_terminal();
    let mut shown = 0u64;
    loop {
        // Another otpkit (`add`, `remove`...) may have saved the vault since the last refresh.
        vault.reload_if_changed()?;
        let when = correction::codes_at(vault, None)?;
        let (json, text) = render(vault, when.at, when.correction_ms);
        if ctx.json {
            // One compact document per line (JSON Lines), so a script can read refresh by refresh.
            print_line(&json_text(&json, false)?)?;
        } else if redraw {
            print_screen(&format!("{text}\n\n(ctrl-c to stop)"))?;
        } else {
            print_line(&format!("{text}\n"))?;
        }
        shown += 1;
        if count.is_some_and(|count| shown >= count) {
            return Ok(());
        }
        // Wake at the start of the next second so countdowns tick evenly.
        let since = clock::since_epoch(&SystemClock)?;
        sleep(Duration::from_millis(
            1000 - u64::from(since.subsec_millis()),
        ));
    }
}
