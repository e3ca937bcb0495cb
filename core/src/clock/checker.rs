//! [`ClockChecker`]: the servers, the deadline, and the memory that keeps us polite (Kiss-o'-Death
//! codes, when we last asked, the last report). The FFI exposes it as `ClockChecker`.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::boot::{boot_millis, BootClock};
use super::check::{query_servers, CheckError, DEFAULT_DEADLINE, MAX_DEADLINE};
use super::combine::{combine, DriftReport, ServerRole, UnknownReason};
use super::kiss::KissMemory;
use super::server::{Resolver, ServerSpec, SystemResolver, DEFAULT_SERVERS};
use super::{wall_millis, Clock};

/// Automatic checks (app start, a daily job) ask the servers at most this often.
pub const AUTOMATIC_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);
/// A user tapping "check" asks at most this often; in between they see the last report.
pub const MANUAL_INTERVAL: Duration = Duration::from_secs(60);
/// After a check that no server answered (offline), automatic checks try again this soon
/// rather than the next day: nothing reached the servers, and the user may be online again.
pub const OFFLINE_RETRY: Duration = Duration::from_secs(15 * 60);

/// Who asked for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The app on its own: at most once a day (every 15 minutes while no server answers).
    Automatic,
    /// The user: at most once a minute.
    Manual,
}

/// When the last check ran, by both clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckStamp {
    /// Wall clock, Unix ms.
    pub wall_ms: i64,
    /// Boot clock, ms since boot (None if unreadable).
    pub boot_ms: Option<u64>,
}

/// What the checker remembers between checks; stored in `ClockSettings::memory`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockMemory {
    /// Servers that told us to stop or slow down.
    #[serde(default)]
    pub kisses: KissMemory,
    /// When the servers were last asked.
    #[serde(default)]
    pub last_check: Option<CheckStamp>,
    /// The last report, shown instead of asking again too soon.
    #[serde(default)]
    pub last_report: Option<DriftReport>,
}

/// A check's report and whether it is new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    /// What the servers said, combined.
    pub report: DriftReport,
    /// False when the last report was returned because a check ran too recently.
    pub fresh: bool,
}

/// Asks time servers about the device clock, politely.
pub struct ClockChecker {
    servers: Vec<ServerSpec>,
    deadline: Duration,
    resolver: Arc<dyn Resolver>,
    memory: ClockMemory,
}

impl ClockChecker {
    /// A checker for `servers` with a deadline for the whole check.
    pub fn new(servers: Vec<ServerSpec>, deadline: Duration) -> Result<Self, CheckError> {
        if servers.is_empty() {
            return Err(CheckError::NoServers);
        }
        if deadline.is_zero() || deadline > MAX_DEADLINE {
            return Err(CheckError::BadDeadline {
                millis: deadline.as_millis(),
            });
        }
        Ok(ClockChecker {
            servers,
            deadline,
            resolver: Arc::new(SystemResolver),
            memory: ClockMemory::default(),
        })
    }

    /// The default servers (three operators) and deadline (3 s).
    pub fn with_defaults() -> Self {
        let servers = DEFAULT_SERVERS
            .iter()
            .filter_map(|s| ServerSpec::parse(s).ok())
            .collect();
        ClockChecker {
            servers,
            deadline: DEFAULT_DEADLINE,
            resolver: Arc::new(SystemResolver),
            memory: ClockMemory::default(),
        }
    }

    /// Uses `resolver` for host names (tests, or a platform resolver).
    pub fn with_resolver(mut self, resolver: Arc<dyn Resolver>) -> Self {
        self.resolver = resolver;
        self
    }

    /// Starts from memory saved earlier (the vault's clock settings).
    pub fn with_memory(mut self, memory: ClockMemory) -> Self {
        self.memory = memory;
        self
    }

    /// What to save: kisses, last check, last report.
    pub fn memory(&self) -> &ClockMemory {
        &self.memory
    }

    /// The servers asked.
    pub fn servers(&self) -> &[ServerSpec] {
        &self.servers
    }

    /// The deadline for a whole check.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// A polite check: the last report when the servers were asked too recently for this
    /// trigger, otherwise a new check.
    pub fn check(
        &mut self,
        trigger: Trigger,
        wall: &dyn Clock,
        boot: &dyn BootClock,
    ) -> CheckOutcome {
        if let Some(report) = self.recent_report(trigger, wall, boot) {
            return CheckOutcome {
                report,
                fresh: false,
            };
        }
        CheckOutcome {
            report: self.check_now(wall, boot),
            fresh: true,
        }
    }

    /// Asks the servers now, whatever the last check's time (the CLI's `drift`, a QA tool).
    /// Servers that sent DENY or RSTR, or RATE not long ago, are still not asked.
    pub fn check_now(&mut self, wall: &dyn Clock, boot: &dyn BootClock) -> DriftReport {
        let results = query_servers(
            &self.servers,
            &self.resolver,
            wall,
            self.deadline,
            &self.memory.kisses,
        );
        let wall_ms = wall_millis(wall);
        let boot_ms = boot_millis(boot).ok();
        self.memory.kisses.record(&results, wall_ms);
        let report = combine(results, wall_ms, boot_ms);
        log_check(&report);
        self.memory.last_check = Some(CheckStamp { wall_ms, boot_ms });
        self.memory.last_report = Some(report.clone());
        report
    }

    fn recent_report(
        &self,
        trigger: Trigger,
        wall: &dyn Clock,
        boot: &dyn BootClock,
    ) -> Option<DriftReport> {
        let last = self.memory.last_check?;
        let report = self.memory.last_report.clone()?;
        let interval = match trigger {
            Trigger::Manual => MANUAL_INTERVAL,
            Trigger::Automatic if report.unknown_reason == Some(UnknownReason::NoAnswer) => {
                OFFLINE_RETRY
            }
            Trigger::Automatic => AUTOMATIC_INTERVAL,
        };
        let since_ms = elapsed_ms(last, wall_millis(wall), boot_millis(boot).ok())?;
        (u128::from(since_ms) < interval.as_millis()).then_some(report)
    }
}

/// Time since `last`: by the boot clock when both readings exist and it did not restart (the
/// wall clock may have been set), else by the wall clock; None when that went backwards, so a
/// changed clock never blocks a new check.
fn elapsed_ms(last: CheckStamp, wall_now_ms: i64, boot_now_ms: Option<u64>) -> Option<u64> {
    if let (Some(then), Some(now)) = (last.boot_ms, boot_now_ms) {
        if let Some(elapsed) = now.checked_sub(then) {
            return Some(elapsed);
        }
    }
    u64::try_from(wall_now_ms.checked_sub(last.wall_ms)?).ok()
}

/// Leaves a trace of a check for bug reports: each server that gave no usable answer and why
/// (a refused reply, a timeout, a kiss), each outvoted one, and the outcome. Servers are named as
/// configured; nothing else from the device is logged.
fn log_check(report: &DriftReport) {
    for server in &report.servers {
        match (&server.result.outcome, server.role) {
            (Err(error), _) => log::warn!("time server {}: {error}", server.server()),
            (Ok(_), ServerRole::Outvoted) => log::warn!(
                "time server {}: outvoted, its time disagrees with the other servers",
                server.server()
            ),
            (Ok(_), ServerRole::Agrees | ServerRole::Failed) => {}
        }
    }
    log::info!(
        "clock check: {:?}, offset {:?} us, uncertainty {:?} us, {} servers",
        report.status,
        report.offset_us,
        report.uncertainty_us,
        report.servers.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::check::{ServerError, ServerResult};
    use std::sync::Mutex;

    /// The lines logged in this test binary (the `log` logger is per process).
    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    struct Capture;
    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            let line = format!("{} {}", record.level(), record.args());
            LINES.lock().unwrap().push(line);
        }
        fn flush(&self) {}
    }

    #[test]
    fn a_check_logs_each_server_without_an_answer_and_the_outcome() {
        let _ = log::set_logger(&Capture);
        log::set_max_level(log::LevelFilter::Debug);
        let failed = |server: &str, outcome| ServerResult {
            server: server.to_owned(),
            address: None,
            outcome: Err(outcome),
        };
        let results = vec![
            failed("a.example:123", ServerError::Timeout),
            failed("b.example:123", ServerError::RateLimited),
        ];
        log_check(&combine(results, 0, None));
        let lines = LINES.lock().unwrap();
        assert!(
            lines.contains(
                &"WARN time server a.example:123: no reply before the deadline".to_owned()
            ),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("WARN time server b.example:123: not asked")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("INFO clock check: Unknown, offset None us")),
            "{lines:?}"
        );
    }

    #[test]
    fn elapsed_prefers_the_boot_clock() {
        let last = CheckStamp {
            wall_ms: 1_000_000,
            boot_ms: Some(50_000),
        };
        // The wall clock was set back an hour; the boot clock still says 30 s passed.
        assert_eq!(
            elapsed_ms(last, 1_000_000 - 3_600_000, Some(80_000)),
            Some(30_000)
        );
        // After a restart, the wall clock decides.
        assert_eq!(elapsed_ms(last, 1_090_000, Some(10)), Some(90_000));
        // Wall clock backwards and no boot clock: unknown, so a check is allowed.
        assert_eq!(elapsed_ms(last, 900_000, None), None);
    }

    #[test]
    fn refuses_empty_servers_and_bad_deadlines() {
        assert!(matches!(
            ClockChecker::new(vec![], DEFAULT_DEADLINE),
            Err(CheckError::NoServers)
        ));
        let one = vec![ServerSpec::parse("127.0.0.1:9").unwrap()];
        assert!(matches!(
            ClockChecker::new(one.clone(), Duration::ZERO),
            Err(CheckError::BadDeadline { millis: 0 })
        ));
        assert!(matches!(
            ClockChecker::new(one, Duration::from_secs(61)),
            Err(CheckError::BadDeadline { .. })
        ));
    }

    #[test]
    fn defaults_are_three_operators() {
        let checker = ClockChecker::with_defaults();
        assert_eq!(checker.servers().len(), 3);
        assert_eq!(checker.deadline(), Duration::from_secs(3));
    }
}
