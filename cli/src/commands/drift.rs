//! `otpkit drift [--server HOST:PORT]... [--timeout-ms N]`: how far this computer's clock is
//! from agreeing time servers.
//!
//! Exit 0 when the check ran (status ok, warn, bad, or unknown because the servers disagreed or
//! only one answered); 1 when no server gave a usable answer (offline), with each server's
//! reason in the message; 2 for a bad server or timeout, or a correction refused (no agreement,
//! over an hour, or less certain than half a second).
//!
//! `--apply` (opt-in) stores the measured offset in the vault as a correction that `codes` and
//! `watch` add to the system clock; `--clear` removes it.

use std::time::Duration;

use otpkit_core::clock::{
    CheckError, ClockChecker, CorrectionError, Device, DriftReport, ServerSpec, SystemBootClock,
    SystemClock, UnknownReason, DEFAULT_DEADLINE, DEFAULT_SERVERS, MAX_DEADLINE,
};

use crate::args::ValueError;
use crate::context::Context;
use crate::error::CliError;
use crate::json::DriftJson;
use crate::output::emit;
use crate::unlock;

/// Arguments of `otpkit drift`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit drift                                  ask the three default servers
  otpkit drift --server ntp.example.org --server 192.0.2.1:123 --timeout-ms 1000
  otpkit drift --apply                          store the measured offset for codes and watch
  otpkit --json drift | jq .offset_ms")]
pub struct Args {
    /// A time server to ask (repeat for several) [default: time.google.com, time.cloudflare.com
    /// and time.apple.com, port 123].
    #[arg(long = "server", value_name = "HOST:PORT", value_parser = server)]
    pub servers: Vec<ServerSpec>,
    /// Deadline for the whole check, in milliseconds (1 to 60000).
    #[arg(long, value_name = "N", value_parser = timeout_ms, default_value_t = DEFAULT_DEADLINE.as_millis() as u64)]
    pub timeout_ms: u64,
    /// Store the measured offset in the vault: codes then use the corrected time (at most an
    /// hour, measured to within half a second; dropped when the clock is set, after a restart,
    /// or after 7 days).
    #[arg(long, conflicts_with = "clear")]
    pub apply: bool,
    /// Remove the stored correction from the vault (no servers are asked).
    #[arg(long)]
    pub clear: bool,
}

/// Asks the servers in parallel and prints the verdict.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    if args.clear {
        return clear(ctx);
    }
    // Open the vault first, so a passphrase prompt comes before the check, not between the
    // measurement and its use.
    let mut vault = if args.apply {
        Some(unlock::open(ctx)?)
    } else {
        None
    };
    let servers = if args.servers.is_empty() {
        DEFAULT_SERVERS
            .iter()
            .map(|s| ServerSpec::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(check_error)?
    } else {
        args.servers
    };
    let mut checker =
        ClockChecker::new(servers, Duration::from_millis(args.timeout_ms)).map_err(check_error)?;
    // With the vault open, its Kiss-o'-Death memory is honoured and kept. A QA tool run by
    // hand: no politeness cache (each run asks at most twice per server).
    if let Some(vault) = &vault {
        checker = checker.with_memory(vault.settings().clock.memory.clone());
    }
    let report = checker.check_now(&SystemClock, &SystemBootClock);
    let mut json = DriftJson::from(&report);
    let mut text = text(&report);
    if let Some(vault) = &mut vault {
        let mut settings = vault.settings().clone();
        settings.clock.memory = checker.memory().clone();
        // Offline: nothing to apply, and the same failure as without --apply. The memory
        // (kisses received) is saved either way; the correction only when it was accepted.
        let offline = report.unknown_reason == Some(UnknownReason::NoAnswer);
        let applied = (!offline).then(|| {
            settings
                .clock
                .enable_correction(&report, &SystemClock, &SystemBootClock)
        });
        vault.set_settings(settings)?;
        let correction = match applied {
            None => return Err(no_answer(&report)),
            Some(applied) => applied.map_err(refused_correction)?,
        };
        json.correction_ms = Some(correction.offset_ms);
        text.push_str(&format!(
            "\nCorrection stored: codes now add {:+.1} s to this clock.",
            correction.offset_ms as f64 / 1_000.0
        ));
    } else if report.unknown_reason == Some(UnknownReason::NoAnswer) {
        return Err(no_answer(&report));
    }
    emit(ctx, &json, &text)
}

/// Parses `--server` with core's own rules (`HOST`, `HOST:PORT`, `[IPV6]:PORT`); the reason
/// names the forms without quoting the value, as every usage error.
fn server(text: &str) -> Result<ServerSpec, ValueError> {
    ServerSpec::parse(text).map_err(|_| {
        ValueError("write HOST or HOST:PORT, like time.example.com:123 or [2001:db8::1]:123")
    })
}

/// Parses `--timeout-ms`: 1 to [`MAX_DEADLINE`] milliseconds.
fn timeout_ms(text: &str) -> Result<u64, ValueError> {
    text.parse()
        .ok()
        .filter(|millis| (1..=MAX_DEADLINE.as_millis()).contains(&u128::from(*millis)))
        .ok_or(ValueError(
            "use 1 to 60000 milliseconds (3000 is the default)",
        ))
}

/// `--clear`: removes the stored correction.
fn clear(ctx: &Context) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    let mut settings = vault.settings().clone();
    let had = settings.clock.correction.is_some();
    settings.clock.clear_correction();
    vault.set_settings(settings)?;
    #[derive(serde::Serialize)]
    struct ClearJson {
        correction_ms: Option<i64>,
        cleared: bool,
    }
    let text = if had {
        "Clock correction removed: codes use this clock as it is."
    } else {
        "No clock correction was stored."
    };
    emit(
        ctx,
        &ClearJson {
            correction_ms: None,
            cleared: had,
        },
        text,
    )
}

fn text(report: &DriftReport) -> String {
    let mut lines = vec![report.message_for(Device::Computer)];
    if let (Some(offset), Some(uncertainty)) = (report.offset_ms(), report.uncertainty_ms()) {
        lines.push(format!(
            "offset {offset:+} ms ± {uncertainty} ms (server time minus this clock)"
        ));
    }
    for server in &report.servers {
        let detail = match (server.offset_ms(), server.delay_ms(), server.error()) {
            (Some(offset), Some(delay), _) => format!(
                "offset {offset:+} ms  delay {delay} ms  {}",
                role(server.role)
            ),
            (_, _, Some(error)) => error.to_string(),
            _ => String::new(),
        };
        lines.push(format!("  {:<28} {detail}", server.server()));
    }
    lines.join("\n")
}

fn role(role: otpkit_core::clock::ServerRole) -> &'static str {
    match role {
        otpkit_core::clock::ServerRole::Agrees => "agrees",
        otpkit_core::clock::ServerRole::Outvoted => "outvoted",
        otpkit_core::clock::ServerRole::Failed => "failed",
    }
}

fn no_answer(report: &DriftReport) -> CliError {
    let reasons: Vec<String> = report
        .servers
        .iter()
        .map(|s| {
            let why = s.error().map_or_else(String::new, ToString::to_string);
            format!("{}: {why}", s.server())
        })
        .collect();
    CliError::failed(
        "no_time_server",
        format!(
            "no time server gave a usable answer ({})",
            reasons.join("; ")
        ),
    )
    .with_hint("check the network connection, or name reachable servers with --server HOST:PORT")
}

fn refused_correction(err: CorrectionError) -> CliError {
    let kind = match err {
        CorrectionError::Uncertain { .. } => "correction_uncertain",
        CorrectionError::NoAgreement
        | CorrectionError::TooLarge { .. }
        | CorrectionError::Stale(_)
        | CorrectionError::Clock(_) => "correction_refused",
    };
    CliError::refused(kind, format!("no correction stored: {err}"))
}

fn check_error(err: CheckError) -> CliError {
    let kind = match err {
        CheckError::BadServer { .. } => "bad_server",
        CheckError::NoServers => "no_servers",
        CheckError::BadDeadline { .. } => "bad_timeout",
    };
    // Each message names the fix (the accepted forms, the range): no generic hint.
    CliError::refused(kind, err.to_string())
}
