//! From several servers' answers to one verdict: which servers agree, how far off the device
//! clock is, and the sentence the app shows.
//!
//! Each valid answer is an interval, offset ± error bound, that holds the true offset if the
//! server is honest. The largest group whose intervals share a point (Marzullo's algorithm, as
//! in NTP's selection) is the agreeing set when it has at least two members and is a majority of
//! the answers; an answer outside it is a falseticker. If the agreeing servers are honest, the
//! true offset lies where all their intervals overlap, so the result is the middle of that
//! overlap and the uncertainty half its width: a wide interval, honest or not, cannot pull the
//! result out of the narrower ones.

use serde::{Deserialize, Serialize};

use super::check::{ServerError, ServerResult};
use super::sntp::Sample;

/// Below this the clock is fine for codes (a third of the usual 30 s step).
pub(crate) const OK_BELOW_MS: u64 = 10_000;
/// From this on codes are rejected: one whole step at the usual 30 s period.
pub(crate) const BAD_FROM_MS: u64 = 30_000;

/// How the device clock stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumCount,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DriftStatus {
    /// Off by less than 10 s.
    Ok,
    /// Off by 10 to 29 s: some codes may be rejected.
    Warn,
    /// Off by 30 s or more: codes will be rejected.
    Bad,
    /// Not known: offline, too few answers, or the servers disagree. Not an alarm.
    Unknown,
}

impl DriftStatus {
    /// A stable name for JSON: `ok`, `warn`, `bad`, `unknown`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The status for an offset of `offset_ms` (either sign).
    pub fn for_offset(offset_ms: i64) -> Self {
        match offset_ms.unsigned_abs() {
            off if off < OK_BELOW_MS => DriftStatus::Ok,
            off if off < BAD_FROM_MS => DriftStatus::Warn,
            _ => DriftStatus::Bad,
        }
    }
}

/// Why the status is [`DriftStatus::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// No server gave a usable answer (offline, no DNS, silence, or refusals).
    NoAnswer,
    /// Only one server answered: nothing to compare it with.
    SingleAnswer,
    /// The answers do not agree (no majority of at least two).
    Disagreement,
}

/// A server's part in the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerRole {
    /// Its answer is in the agreeing set.
    Agrees,
    /// It answered, outside the agreeing set (or there was none).
    Outvoted,
    /// No usable answer.
    Failed,
}

/// One server in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerReport {
    /// What the check got from the server.
    pub result: ServerResult,
    /// Its part in the verdict.
    pub role: ServerRole,
}

impl ServerReport {
    /// The server as configured (`host:port`).
    pub fn server(&self) -> &str {
        &self.result.server
    }
    /// Server minus device, in ms, when it answered.
    pub fn offset_ms(&self) -> Option<i64> {
        self.sample().map(|s| round_ms(s.offset_us))
    }
    /// Round-trip delay in ms, when it answered.
    pub fn delay_ms(&self) -> Option<u64> {
        self.sample().map(|s| s.delay_us.div_ceil(1_000))
    }
    /// The measurement, when it answered.
    pub fn sample(&self) -> Option<&Sample> {
        self.result.outcome.as_ref().ok()
    }
    /// Why it gave no usable answer.
    pub fn error(&self) -> Option<&ServerError> {
        self.result.outcome.as_ref().err()
    }
}

/// The outcome of a drift check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftReport {
    /// Ok, Warn, Bad or Unknown.
    pub status: DriftStatus,
    /// Why the status is Unknown.
    pub unknown_reason: Option<UnknownReason>,
    /// Server time minus device time in µs (what to add to the device clock): negative when
    /// the device is fast. None when Unknown.
    pub offset_us: Option<i64>,
    /// How far the true offset may be from `offset_us`, in µs. None when Unknown.
    pub uncertainty_us: Option<u64>,
    /// Every server asked, in the order given.
    pub servers: Vec<ServerReport>,
    /// The device wall clock when the check ran, in Unix ms.
    pub checked_at_ms: i64,
    /// The boot clock when the check ran, in ms since boot (None if it could not be read);
    /// a correction made from this report is dated by it.
    pub checked_at_boot_ms: Option<u64>,
}

/// Who the sentence talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// "Your phone's clock" (the apps).
    Phone,
    /// "This computer's clock" (the CLI).
    Computer,
}

impl DriftReport {
    /// Server minus device in ms, rounded. None when Unknown.
    pub fn offset_ms(&self) -> Option<i64> {
        self.offset_us.map(round_ms)
    }

    /// The uncertainty in ms, rounded up. None when Unknown.
    pub fn uncertainty_ms(&self) -> Option<u64> {
        self.uncertainty_us.map(|us| us.div_ceil(1_000))
    }

    /// The sentence the app shows, about the phone.
    pub fn message(&self) -> String {
        self.message_for(Device::Phone)
    }

    /// The sentence for `device`, e.g. "Your phone's clock is 47 seconds fast. Codes will be
    /// rejected. Turn on automatic date and time."
    pub fn message_for(&self, device: Device) -> String {
        let whose = match device {
            Device::Phone => "Your phone's clock",
            Device::Computer => "This computer's clock",
        };
        let Some(offset_ms) = self.offset_ms() else {
            let why = match self.unknown_reason {
                Some(UnknownReason::SingleAnswer) => {
                    "only one time server answered, and one is not enough to be sure. Try again later."
                }
                Some(UnknownReason::Disagreement) => {
                    "the time servers gave different times. Try again later."
                }
                _ => "no time server answered. Try again when you are online.",
            };
            let whose_lower = match device {
                Device::Phone => "your phone's clock",
                Device::Computer => "this computer's clock",
            };
            return format!("Could not check {whose_lower}: {why}");
        };
        let amount = amount(offset_ms.unsigned_abs());
        // offset = server - device: a positive offset means the device is behind.
        let direction = if offset_ms.is_negative() {
            "fast"
        } else {
            "slow"
        };
        match self.status {
            DriftStatus::Ok if offset_ms.unsigned_abs() < 500 => format!("{whose} is on time."),
            DriftStatus::Ok => {
                format!("{whose} is {amount} {direction}. That is close enough for codes.")
            }
            DriftStatus::Warn => format!(
                "{whose} is {amount} {direction}. Some codes may be rejected. Turn on automatic date and time."
            ),
            DriftStatus::Bad | DriftStatus::Unknown => format!(
                "{whose} is {amount} {direction}. Codes will be rejected. Turn on automatic date and time."
            ),
        }
    }
}

/// "1 second", "47 seconds", "3 minutes", "5 hours", "12 days": the unit a person would use.
fn amount(ms: u64) -> String {
    let seconds = (ms + 500) / 1_000;
    let (count, unit) = if seconds < 120 {
        (seconds, "second")
    } else if seconds < 120 * 60 {
        ((seconds + 30) / 60, "minute")
    } else if seconds < 48 * 3_600 {
        ((seconds + 1_800) / 3_600, "hour")
    } else {
        ((seconds + 43_200) / 86_400, "day")
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural}")
}

/// Combines the servers' results into a report, dated by the device's wall clock (Unix ms) and
/// boot clock (ms since boot) when the check ran.
pub(crate) fn combine(
    results: Vec<ServerResult>,
    checked_at_ms: i64,
    checked_at_boot_ms: Option<u64>,
) -> DriftReport {
    let answers: Vec<(usize, Sample)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.outcome.as_ref().ok().map(|s| (i, *s)))
        .collect();
    let agreement = agreement(&answers);
    let roles = results
        .iter()
        .enumerate()
        .map(|(i, r)| match (&r.outcome, &agreement) {
            (Err(_), _) => ServerRole::Failed,
            (Ok(_), Ok(set)) if set.members.contains(&i) => ServerRole::Agrees,
            (Ok(_), _) => ServerRole::Outvoted,
        });
    let servers = results
        .iter()
        .cloned()
        .zip(roles)
        .map(|(result, role)| ServerReport { result, role })
        .collect();
    match agreement {
        Ok(set) => DriftReport {
            status: DriftStatus::for_offset(round_ms(set.offset_us)),
            unknown_reason: None,
            offset_us: Some(set.offset_us),
            uncertainty_us: Some(set.uncertainty_us),
            servers,
            checked_at_ms,
            checked_at_boot_ms,
        },
        Err(reason) => DriftReport {
            status: DriftStatus::Unknown,
            unknown_reason: Some(reason),
            offset_us: None,
            uncertainty_us: None,
            servers,
            checked_at_ms,
            checked_at_boot_ms,
        },
    }
}

struct Agreement {
    members: Vec<usize>,
    offset_us: i64,
    uncertainty_us: u64,
}

fn agreement(answers: &[(usize, Sample)]) -> Result<Agreement, UnknownReason> {
    match answers.len() {
        0 => return Err(UnknownReason::NoAnswer),
        1 => return Err(UnknownReason::SingleAnswer),
        _ => {}
    }
    let interval = |s: &Sample| {
        let error = i64::try_from(s.error_us).unwrap_or(i64::MAX);
        (
            s.offset_us.saturating_sub(error),
            s.offset_us.saturating_add(error),
        )
    };
    // Marzullo: sweep the interval ends, each marked "is an end"; a start (false) sorts before
    // an end (true) at the same point, so touching intervals count as overlapping.
    let mut edges: Vec<(i64, bool)> = answers
        .iter()
        .flat_map(|(_, s)| {
            let (low, high) = interval(s);
            [(low, false), (high, true)]
        })
        .collect();
    edges.sort_unstable();
    let mut depth = 0usize;
    let mut best = 0usize;
    let mut regions: Vec<(i64, i64)> = Vec::new();
    for (i, &(at, is_end)) in edges.iter().enumerate() {
        if !is_end {
            depth += 1;
            let end = edges.get(i + 1).map_or(at, |next| next.0);
            if depth > best {
                best = depth;
                regions.clear();
            }
            if depth == best {
                regions.push((at, end));
            }
        } else {
            depth -= 1;
        }
    }
    if best < 2 || best * 2 <= answers.len() {
        return Err(UnknownReason::Disagreement);
    }
    let contains = |s: &Sample, (low, high): (i64, i64)| {
        let (from, to) = interval(s);
        from <= low && high <= to
    };
    let members_of = |region: (i64, i64)| -> Vec<usize> {
        answers
            .iter()
            .filter(|(_, s)| contains(s, region))
            .map(|(i, _)| *i)
            .collect()
    };
    let members = members_of(regions[0]);
    // Two different groups of the same size, each a majority (one wide answer in both):
    // which one is right cannot be told.
    if regions.iter().any(|&r| members_of(r) != members) {
        return Err(UnknownReason::Disagreement);
    }
    let (low, high) = regions[0];
    let (offset_us, uncertainty_us) = middle(low, high);
    Ok(Agreement {
        members,
        offset_us,
        uncertainty_us,
    })
}

/// The middle of `[low, high]` (rounded down) and the distance from it to the far end, so that
/// middle ± distance covers the whole interval.
fn middle(low: i64, high: i64) -> (i64, u64) {
    let width = high.abs_diff(low);
    let middle = low.saturating_add_unsigned(width / 2);
    (middle, high.abs_diff(middle))
}

fn round_ms(us: i64) -> i64 {
    let ms = us / 1_000;
    let rest = us % 1_000;
    if rest >= 500 {
        ms + 1
    } else if rest <= -500 {
        ms - 1
    } else {
        ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::assert_names;
    use strum::EnumCount;

    fn answer(server: &str, offset_ms: i64, error_ms: u64) -> ServerResult {
        ServerResult {
            server: server.to_owned(),
            address: None,
            outcome: Ok(Sample {
                offset_us: offset_ms * 1_000,
                delay_us: 20_000,
                error_us: error_ms * 1_000,
                stratum: 2,
            }),
        }
    }

    fn silent(server: &str) -> ServerResult {
        ServerResult {
            server: server.to_owned(),
            address: None,
            outcome: Err(ServerError::Timeout),
        }
    }

    #[test]
    fn agreeing_servers_give_the_middle_of_their_overlap() {
        let report = combine(
            vec![
                answer("a", 47_010, 20),
                answer("b", 47_000, 20),
                answer("c", 46_990, 30),
            ],
            0,
            None,
        );
        assert_eq!(report.status, DriftStatus::Bad);
        // Intersection of [46990, 47030], [46980, 47020], [46960, 47020] is [46990, 47020].
        assert_eq!(report.offset_us, Some(47_005_000));
        assert_eq!(report.uncertainty_us, Some(15_000));
        assert!(report.servers.iter().all(|s| s.role == ServerRole::Agrees));
    }

    #[test]
    fn a_lone_outlier_is_a_falseticker() {
        let report = combine(
            vec![
                answer("a", 0, 20),
                answer("b", 3_600_000, 20),
                answer("c", 5, 20),
            ],
            0,
            None,
        );
        assert_eq!(report.status, DriftStatus::Ok);
        // [-20, 20] and [-15, 25] overlap on [-15, 20]: 2.5 ± 17.5 ms.
        assert_eq!(report.offset_us, Some(2_500));
        assert_eq!(report.uncertainty_us, Some(17_500));
        assert_eq!(report.offset_ms(), Some(3));
        let roles: Vec<_> = report.servers.iter().map(|s| s.role).collect();
        assert_eq!(
            roles,
            [ServerRole::Agrees, ServerRole::Outvoted, ServerRole::Agrees]
        );
    }

    #[test]
    fn a_wide_liar_cannot_pull_the_result() {
        // The audit's liar: +7,000 s with an error bound of 12 days; the honest server 0 ± 20 ms.
        // The mean of the two was 3,500 s; the overlap is the honest interval.
        let liar = answer("liar", 7_000_000, 1_048_576_000);
        let report = combine(vec![liar.clone(), answer("honest", 0, 20)], 0, None);
        assert_eq!(report.offset_us, Some(0));
        assert_eq!(report.uncertainty_us, Some(20_000));
        assert_eq!(report.status, DriftStatus::Ok);
        // With two honest servers the result is where all three overlap.
        let report = combine(vec![liar, answer("a", 4, 10), answer("b", -2, 10)], 0, None);
        // [-6, 14] and [-12, 8] overlap on [-6, 8].
        assert_eq!(report.offset_us, Some(1_000));
        assert_eq!(report.uncertainty_us, Some(7_000));
        assert!(report.servers.iter().all(|s| s.role == ServerRole::Agrees));
    }

    #[test]
    fn touching_intervals_agree_on_their_common_point() {
        let report = combine(vec![answer("a", 5, 5), answer("b", 15, 5)], 0, None);
        assert_eq!(report.offset_us, Some(10_000));
        assert_eq!(report.uncertainty_us, Some(0));
        // One microsecond apart is no agreement.
        let mut apart = answer("b", 15, 5);
        if let Ok(sample) = &mut apart.outcome {
            sample.offset_us += 1;
        }
        let report = combine(vec![answer("a", 5, 5), apart], 0, None);
        assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
    }

    #[test]
    fn the_middle_covers_the_interval() {
        assert_eq!(middle(0, 3), (1, 2));
        assert_eq!(middle(-3, 0), (-2, 2));
        assert_eq!(middle(-4, 4), (0, 4));
        assert_eq!(middle(7, 7), (7, 0));
        assert_eq!(middle(i64::MIN, i64::MAX), (-1, 1 << 63));
    }

    #[test]
    fn error_bounds_at_the_ends_of_the_range_do_not_overflow() {
        let huge = |server: &str, offset_us: i64| ServerResult {
            server: server.to_owned(),
            address: None,
            outcome: Ok(Sample {
                offset_us,
                delay_us: 0,
                error_us: u64::MAX,
                stratum: 2,
            }),
        };
        // [0, MAX] (the top saturated) and [MIN + 1, MAX] overlap on [0, MAX].
        let report = combine(vec![huge("a", i64::MAX), huge("b", 0)], 0, None);
        assert_eq!(report.offset_us, Some((1 << 62) - 1));
        assert_eq!(report.uncertainty_us, Some(1 << 62));
        // [0, MAX] and [MIN, -1] (the bottom saturated) do not meet.
        let report = combine(vec![huge("a", i64::MAX), huge("b", i64::MIN)], 0, None);
        assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
    }

    #[test]
    fn two_against_two_is_a_split_vote() {
        let report = combine(
            vec![
                answer("a", 0, 20),
                answer("b", 0, 20),
                answer("c", 3_600_000, 20),
                answer("d", 3_600_000, 20),
            ],
            0,
            None,
        );
        assert_eq!(report.status, DriftStatus::Unknown);
        assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
        assert_eq!(report.offset_us, None);
    }

    #[test]
    fn one_wide_answer_bridging_two_groups_is_no_agreement() {
        let report = combine(
            vec![
                answer("a", 0, 10),
                answer("b", 100, 10),
                answer("wide", 50, 60),
            ],
            0,
            None,
        );
        assert_eq!(report.unknown_reason, Some(UnknownReason::Disagreement));
    }

    #[test]
    fn fewer_than_two_answers_is_unknown() {
        let none = combine(vec![silent("a"), silent("b")], 0, None);
        assert_eq!(none.unknown_reason, Some(UnknownReason::NoAnswer));
        let one = combine(
            vec![answer("a", 95_000, 20), silent("b"), silent("c")],
            0,
            None,
        );
        assert_eq!(one.status, DriftStatus::Unknown);
        assert_eq!(one.unknown_reason, Some(UnknownReason::SingleAnswer));
        assert_eq!(one.servers[0].role, ServerRole::Outvoted);
        assert_eq!(one.servers[1].role, ServerRole::Failed);
    }

    #[test]
    fn status_thresholds() {
        assert_eq!(DriftStatus::for_offset(9_999), DriftStatus::Ok);
        assert_eq!(DriftStatus::for_offset(-10_000), DriftStatus::Warn);
        assert_eq!(DriftStatus::for_offset(29_999), DriftStatus::Warn);
        assert_eq!(DriftStatus::for_offset(-30_000), DriftStatus::Bad);
    }

    fn sentence(offset_ms: i64) -> String {
        combine(
            vec![answer("a", offset_ms, 5), answer("b", offset_ms, 5)],
            0,
            None,
        )
        .message()
    }

    #[test]
    fn sentences_in_plain_words() {
        assert_eq!(
            sentence(-47_000),
            "Your phone's clock is 47 seconds fast. Codes will be rejected. Turn on automatic date and time."
        );
        assert_eq!(
            sentence(20_000),
            "Your phone's clock is 20 seconds slow. Some codes may be rejected. Turn on automatic date and time."
        );
        assert_eq!(
            sentence(-1_200),
            "Your phone's clock is 1 second fast. That is close enough for codes."
        );
        assert_eq!(sentence(120), "Your phone's clock is on time.");
        assert_eq!(
            sentence(-185_000),
            "Your phone's clock is 3 minutes fast. Codes will be rejected. Turn on automatic date and time."
        );
        assert_eq!(
            sentence(3_600_000),
            "Your phone's clock is 60 minutes slow. Codes will be rejected. Turn on automatic date and time."
        );
        assert_eq!(
            sentence(5 * 86_400_000),
            "Your phone's clock is 5 days slow. Codes will be rejected. Turn on automatic date and time."
        );
    }

    #[test]
    fn unknown_is_not_an_alarm() {
        let report = combine(vec![silent("a"), silent("b"), silent("c")], 0, None);
        assert_eq!(
            report.message_for(Device::Computer),
            "Could not check this computer's clock: no time server answered. Try again when you are online."
        );
        assert!(!report.message().contains("rejected"));
        assert_eq!(report.checked_at_ms, 0);
        assert_eq!(report.checked_at_boot_ms, None);
    }

    #[test]
    fn each_unknown_reason_in_words_for_either_device() {
        let single = combine(vec![answer("a", 0, 5), silent("b")], 7, Some(9));
        assert_eq!(
            (single.checked_at_ms, single.checked_at_boot_ms),
            (7, Some(9))
        );
        assert_eq!(
            single.message(),
            "Could not check your phone's clock: only one time server answered, and one is not enough to be sure. Try again later."
        );
        let split = combine(vec![answer("a", 0, 5), answer("b", 60_000, 5)], 0, None);
        assert_eq!(
            split.message_for(Device::Computer),
            "Could not check this computer's clock: the time servers gave different times. Try again later."
        );
        assert_eq!(
            combine(vec![answer("a", 0, 5), answer("b", 0, 5)], 0, None)
                .message_for(Device::Computer),
            "This computer's clock is on time."
        );
    }

    #[test]
    fn two_of_four_or_three_of_six_is_no_majority_three_of_five_is() {
        let scattered = |agreeing: usize, others: usize| {
            let mut results: Vec<ServerResult> =
                (0..agreeing).map(|_| answer("a", 0, 10)).collect();
            results.extend((1..=others).map(|i| answer("x", i as i64 * 60_000, 10)));
            combine(results, 0, None)
        };
        assert_eq!(
            scattered(2, 2).unknown_reason,
            Some(UnknownReason::Disagreement)
        );
        assert_eq!(
            scattered(3, 3).unknown_reason,
            Some(UnknownReason::Disagreement)
        );
        let report = scattered(3, 2);
        assert_eq!(report.offset_us, Some(0));
        let roles: Vec<_> = report.servers.iter().map(|s| s.role).collect();
        assert_eq!(roles[..3], [ServerRole::Agrees; 3]);
        assert_eq!(roles[3..], [ServerRole::Outvoted; 2]);
    }

    #[test]
    fn a_server_in_a_report() {
        let mut slow = answer("a", -47_000, 20);
        if let Ok(sample) = &mut slow.outcome {
            sample.offset_us -= 600;
            sample.delay_us = 20_001;
        }
        let report = combine(vec![slow, silent("b")], 0, None);
        let answered = &report.servers[0];
        assert_eq!(answered.server(), "a");
        assert_eq!(answered.offset_ms(), Some(-47_001));
        assert_eq!(answered.delay_ms(), Some(21));
        assert_eq!(answered.error(), None);
        let failed = &report.servers[1];
        assert_eq!(failed.server(), "b");
        assert_eq!(failed.error(), Some(&ServerError::Timeout));
        assert_eq!((failed.offset_ms(), failed.delay_ms()), (None, None));
    }

    #[test]
    fn the_report_rounds_to_milliseconds() {
        // [-20, 20] and [-15, 25] ms: 2.5 ± 17.5 ms, shown as 3 ± 18.
        let report = combine(vec![answer("a", 0, 20), answer("b", 5, 20)], 0, None);
        assert_eq!(report.offset_ms(), Some(3));
        assert_eq!(report.uncertainty_ms(), Some(18));
        let cases = [
            (0, 0),
            (499, 0),
            (500, 1),
            (1_499, 1),
            (1_500, 2),
            (-499, 0),
            (-500, -1),
            (-1_499, -1),
            (-1_500, -2),
            (-2_000, -2),
        ];
        for (us, ms) in cases {
            assert_eq!(round_ms(us), ms, "{us} µs");
        }
    }

    #[test]
    fn statuses_have_stable_names() {
        let names = [
            DriftStatus::Ok,
            DriftStatus::Warn,
            DriftStatus::Bad,
            DriftStatus::Unknown,
        ]
        .map(DriftStatus::as_str);
        assert_eq!(names, ["ok", "warn", "bad", "unknown"]);
    }

    #[test]
    fn amounts_in_the_unit_a_person_would_use() {
        let cases = [
            (0, "0 seconds"),
            (499, "0 seconds"),
            (500, "1 second"),
            (1_499, "1 second"),
            (1_500, "2 seconds"),
            (119_499, "119 seconds"),
            (119_500, "2 minutes"),
            (149_499, "2 minutes"),
            (149_500, "3 minutes"),
            (7_199_499, "120 minutes"),
            (7_199_500, "2 hours"),
            (9_000_000, "3 hours"),
            (172_799_499, "48 hours"),
            (172_799_500, "2 days"),
            (216_000_000, "3 days"),
            (u64::MAX / 2, "106751991167 days"),
        ];
        for (ms, words) in cases {
            assert_eq!(amount(ms), words, "{ms} ms");
        }
    }

    #[test]
    fn on_time_below_half_a_second() {
        assert_eq!(sentence(499), "Your phone's clock is on time.");
        assert_eq!(sentence(-499), "Your phone's clock is on time.");
        assert_eq!(
            sentence(500),
            "Your phone's clock is 1 second slow. That is close enough for codes."
        );
        assert_eq!(
            sentence(-500),
            "Your phone's clock is 1 second fast. That is close enough for codes."
        );
    }

    #[test]
    fn statuses_keep_their_names() {
        let statuses = [
            (DriftStatus::Ok, "ok"),
            (DriftStatus::Warn, "warn"),
            (DriftStatus::Bad, "bad"),
            (DriftStatus::Unknown, "unknown"),
        ];
        assert_names(&statuses, |s| s.as_str(), DriftStatus::COUNT);
        for (status, name) in statuses {
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{name}\"")
            );
        }
    }
}
