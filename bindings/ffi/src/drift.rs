//! Clock drift: a `ClockChecker` asks several time servers how far off the device clock is, and
//! answers with a `DriftReport` the app can show as it is.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use otpkit_core::clock::{
    self as core_clock, DriftStatus as CoreStatus, ServerRole, ServerSpec, Trigger,
};

use crate::clock::{ForeignClock, WallClock};
use crate::error::OtpKitError;
use crate::reason::{ErrorDetails, ErrorReason};
use crate::worker::unblock;

/// How the device clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DriftStatus {
    /// Off by less than 10 s: fine for codes.
    Ok,
    /// Off by 10 to 29 s: some codes may be rejected.
    Warn,
    /// Off by 30 s or more: codes will be rejected.
    Bad,
    /// Not known (offline, too few answers, servers disagree). Not an alarm.
    Unknown,
}

/// Who asked for the check: the app checks at most once a day on its own, and at most once a
/// minute when the user taps "check"; in between the last report comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CheckTrigger {
    /// The app on its own (start-up, a daily job).
    Automatic,
    /// The user.
    Manual,
}

/// One server in a report.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServerAnswer {
    /// The server as configured (`host:port`).
    pub server: String,
    /// Server time minus device time in ms, when it answered.
    pub offset_ms: Option<i64>,
    /// Round-trip delay in ms, when it answered.
    pub delay_ms: Option<i64>,
    /// True when its answer is in the agreeing set the verdict comes from.
    pub agrees: bool,
    /// Why it gave no usable answer.
    pub error: Option<String>,
}

/// The outcome of a drift check.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DriftReport {
    /// Ok, Warn, Bad or Unknown.
    pub status: DriftStatus,
    /// The sentence to show, e.g. "Your phone's clock is 47 seconds fast. Codes will be
    /// rejected. Turn on automatic date and time."
    pub message: String,
    /// What to add to the device clock, in ms (negative when it is fast). None when Unknown.
    pub offset_ms: Option<i64>,
    /// How far the true offset may be from `offset_ms`, in ms. None when Unknown.
    pub uncertainty_ms: Option<i64>,
    /// Every server asked, in the order given.
    pub servers: Vec<ServerAnswer>,
    /// False when this is the last report again, because the servers were asked too recently.
    pub fresh: bool,
}

/// Asks time servers about the device clock, politely (see [`CheckTrigger`]). Keep one for
/// the app's lifetime.
#[derive(uniffi::Object)]
pub struct ClockChecker {
    /// Held for a whole check (up to its deadline).
    inner: Mutex<core_clock::ClockChecker>,
    /// The last report, readable while a check is running.
    last: Mutex<Option<core_clock::DriftReport>>,
}

#[uniffi::export]
impl ClockChecker {
    /// A checker for `servers` (`host`, `host:port` or `[ipv6]:port`; at least two, so their
    /// answers can be compared) with a deadline for the whole check.
    #[uniffi::constructor]
    pub fn new(servers: Vec<String>, deadline_ms: i64) -> Result<Arc<Self>, OtpKitError> {
        let servers = servers
            .iter()
            .map(|s| ServerSpec::parse(s))
            .collect::<Result<Vec<_>, _>>()?;
        let deadline = u64::try_from(deadline_ms).map_err(|_| {
            OtpKitError::new(
                ErrorReason::DeadlineOutOfRange,
                ErrorDetails::default()
                    .value(deadline_ms)
                    .limit(core_clock::MAX_DEADLINE.as_millis()),
                format!(
                    "deadline {deadline_ms} ms is out of range: use 1 to 60000 ms (3000 is the default)"
                ),
            )
        })?;
        let deadline = Duration::from_millis(deadline);
        let checker = core_clock::ClockChecker::new(servers, deadline)?;
        Ok(Arc::new(ClockChecker::of(checker)))
    }

    /// A checker for three public servers of different operators, with a 3 s deadline.
    #[uniffi::constructor]
    pub fn with_default_servers() -> Arc<Self> {
        Arc::new(ClockChecker::of(core_clock::ClockChecker::with_defaults()))
    }

    /// Checks the device clock, as `clock` reads it. Async: the servers are asked on a worker
    /// thread, for up to the deadline; two checks at once take turns. Offline is not an error:
    /// the report says Unknown.
    pub async fn check(
        self: Arc<Self>,
        trigger: CheckTrigger,
        clock: Arc<dyn WallClock>,
    ) -> DriftReport {
        let trigger = match trigger {
            CheckTrigger::Automatic => Trigger::Automatic,
            CheckTrigger::Manual => Trigger::Manual,
        };
        unblock(move || {
            let device = ForeignClock(clock);
            let outcome = self.lock().check(trigger, &device, &device);
            *lock(&self.last) = Some(outcome.report.clone());
            DriftReport::new(&outcome.report, outcome.fresh)
        })
        .await
    }
}

impl ClockChecker {
    fn of(checker: core_clock::ClockChecker) -> Self {
        let last = checker.memory().last_report.clone();
        ClockChecker {
            inner: Mutex::new(checker),
            last: Mutex::new(last),
        }
    }

    /// The last report, as core has it (for a clock correction). Does not wait for a check
    /// in progress.
    pub(crate) fn last_report(&self) -> Option<core_clock::DriftReport> {
        lock(&self.last).clone()
    }

    fn lock(&self) -> MutexGuard<'_, core_clock::ClockChecker> {
        lock(&self.inner)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl DriftReport {
    fn new(report: &core_clock::DriftReport, fresh: bool) -> Self {
        DriftReport {
            status: match report.status {
                CoreStatus::Ok => DriftStatus::Ok,
                CoreStatus::Warn => DriftStatus::Warn,
                CoreStatus::Bad => DriftStatus::Bad,
                CoreStatus::Unknown => DriftStatus::Unknown,
            },
            message: report.message(),
            offset_ms: report.offset_ms(),
            uncertainty_ms: report
                .uncertainty_ms()
                .map(|u| i64::try_from(u).unwrap_or(i64::MAX)),
            servers: report
                .servers
                .iter()
                .map(|s| ServerAnswer {
                    server: s.server().to_string(),
                    offset_ms: s.offset_ms(),
                    delay_ms: s.delay_ms().map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
                    agrees: s.role == ServerRole::Agrees,
                    error: s.error().map(ToString::to_string),
                })
                .collect(),
            fresh,
        }
    }
}
