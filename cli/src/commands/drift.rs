//! `otpkit drift [--server HOST:PORT]... [--timeout-ms N]`: how far this computer's clock is
//! from agreeing time servers.
//!
//! Exit 0 when the check ran (status ok, warn, bad, or unknown because the servers disagreed or
//! only one answered); 1 when no server gave a usable answer (offline), with each server's
//! reason in the message; 2 for a bad server or timeout.

use std::time::Duration;

use otpkit_core::clock::check::{CheckError, DEFAULT_DEADLINE, DEFAULT_SERVERS};
use otpkit_core::clock::combine::Device;
use otpkit_core::clock::{
    ClockChecker, DriftReport, ServerSpec, SystemBootClock, SystemClock, UnknownReason,
};

use crate::context::Context;
use crate::error::CliError;
use crate::json::DriftJson;
use crate::output::emit;

/// Arguments of `otpkit drift`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A time server to ask (repeat for several) [default: time.google.com, time.cloudflare.com
    /// and time.apple.com, port 123].
    #[arg(long = "server", value_name = "HOST:PORT")]
    pub servers: Vec<String>,
    /// Deadline for the whole check, in milliseconds (1 to 60000).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEADLINE.as_millis() as u64)]
    pub timeout_ms: u64,
}

/// Asks the servers in parallel and prints the verdict.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let servers = if args.servers.is_empty() {
        DEFAULT_SERVERS.iter().map(|s| s.to_string()).collect()
    } else {
        args.servers
    };
    let servers = servers
        .iter()
        .map(|s| ServerSpec::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(check_error)?;
    let mut checker =
        ClockChecker::new(servers, Duration::from_millis(args.timeout_ms)).map_err(check_error)?;
    // A QA tool run by hand: no politeness cache, and no Kiss-o'-Death memory between runs
    // (each run asks at most twice per server).
    let report = checker.check_now(&SystemClock, &SystemBootClock);
    if report.unknown_reason == Some(UnknownReason::NoAnswer) {
        return Err(no_answer(&report));
    }
    emit(ctx, &DriftJson::from(&report), &text(&report))
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

fn check_error(err: CheckError) -> CliError {
    let kind = match err {
        CheckError::BadServer { .. } => "bad_server",
        CheckError::NoServers => "no_servers",
        CheckError::BadDeadline { .. } => "bad_timeout",
        _ => "bad_input",
    };
    // Each message names the fix (the accepted forms, the range): no generic hint.
    CliError::refused(kind, err.to_string())
}
