//! Kiss-o'-Death memory: the servers that told us to stop asking (DENY, RSTR) or to slow down
//! (RATE), kept between checks and between runs (in the settings).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::check::{ServerError, ServerResult};
use super::sntp::ReplyError;

/// First pause after a RATE kiss; it doubles with each further RATE.
pub const RATE_BACKOFF_START: Duration = Duration::from_secs(15 * 60);
/// The longest pause after RATE kisses.
pub const RATE_BACKOFF_MAX: Duration = Duration::from_secs(24 * 60 * 60);

/// Kiss-o'-Death codes received, kept between checks (and between runs, in the settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KissMemory {
    /// One record per server that sent DENY, RSTR or RATE.
    #[serde(default)]
    pub records: Vec<KissRecord>,
}

/// The Kiss-o'-Death codes that call for action (RFC 5905 section 7.4). Stored and shown as
/// the four letters the server sent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum KissCode {
    /// Access denied: stop asking.
    Deny,
    /// Access restricted: stop asking.
    Rstr,
    /// Rate exceeded: pause, longer each time.
    Rate,
}

impl KissCode {
    /// The code a server sent, if it is one that calls for action.
    pub fn from_reply(code: &str) -> Option<KissCode> {
        code.parse().ok()
    }

    /// The four letters, as the server sent them.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for KissCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a server told us with a kiss, and until when it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KissRecord {
    /// The server as configured (`host:port`).
    pub server: String,
    /// What it sent.
    pub code: KissCode,
    /// Wall clock (Unix ms) when it arrived.
    pub at_ms: i64,
    /// For RATE: the pause in ms, which doubles with each further RATE. 0 for DENY and RSTR,
    /// which hold until the settings are cleared.
    pub backoff_ms: u64,
}

impl KissMemory {
    /// Why `server` must not be asked at wall time `now_ms`, if it must not.
    pub fn blocks(&self, server: &str, now_ms: i64) -> Option<ServerError> {
        let record = self.records.iter().find(|r| r.server == server)?;
        match record.code {
            KissCode::Deny | KissCode::Rstr => Some(ServerError::Refused(record.code)),
            KissCode::Rate => {
                let until = record.at_ms.saturating_add(millis_i64(record.backoff_ms));
                // A wall clock set back before the kiss also keeps the pause.
                (now_ms < until).then_some(ServerError::RateLimited)
            }
        }
    }

    /// Remembers the kisses in `results` that call for action; other codes carry no
    /// instruction (RFC 5905 section 7.4) and are only reported.
    pub fn record(&mut self, results: &[ServerResult], now_ms: i64) {
        for result in results {
            let Err(ServerError::Rejected(ReplyError::KissOfDeath { code })) = &result.outcome
            else {
                continue;
            };
            let Some(code) = KissCode::from_reply(code) else {
                continue;
            };
            let previous = self.records.iter().position(|r| r.server == result.server);
            let backoff_ms = match code {
                KissCode::Deny | KissCode::Rstr => 0,
                KissCode::Rate => previous
                    .map(|i| &self.records[i])
                    .filter(|r| r.code == KissCode::Rate)
                    .map_or(duration_ms(RATE_BACKOFF_START), |r| {
                        r.backoff_ms
                            .saturating_mul(2)
                            .min(duration_ms(RATE_BACKOFF_MAX))
                    }),
            };
            let record = KissRecord {
                server: result.server.clone(),
                code,
                at_ms: now_ms,
                backoff_ms,
            };
            match previous {
                Some(i) => self.records[i] = record,
                None => self.records.push(record),
            }
        }
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn millis_i64(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kissed(server: &str, code: &str) -> ServerResult {
        ServerResult {
            server: server.to_owned(),
            address: None,
            outcome: Err(ServerError::Rejected(ReplyError::KissOfDeath {
                code: code.to_owned(),
            })),
        }
    }

    #[test]
    fn deny_and_rstr_block_for_good() {
        let mut memory = KissMemory::default();
        memory.record(&[kissed("a:123", "DENY"), kissed("b:123", "RSTR")], 1_000);
        let far_future = 1_000 + 365 * 86_400_000;
        assert_eq!(
            memory.blocks("a:123", far_future),
            Some(ServerError::Refused(KissCode::Deny))
        );
        assert_eq!(
            memory.blocks("b:123", far_future),
            Some(ServerError::Refused(KissCode::Rstr))
        );
        assert_eq!(memory.blocks("c:123", far_future), None);
    }

    #[test]
    fn rate_backs_off_and_doubles() {
        let start = duration_ms(RATE_BACKOFF_START) as i64;
        let mut memory = KissMemory::default();
        memory.record(&[kissed("a:123", "RATE")], 0);
        assert_eq!(
            memory.blocks("a:123", start - 1),
            Some(ServerError::RateLimited)
        );
        assert_eq!(memory.blocks("a:123", start), None);

        memory.record(&[kissed("a:123", "RATE")], start);
        assert_eq!(memory.records[0].backoff_ms, 2 * start as u64);
        assert_eq!(
            memory.blocks("a:123", start + 2 * start - 1),
            Some(ServerError::RateLimited)
        );
        assert_eq!(memory.blocks("a:123", 3 * start), None);
    }

    #[test]
    fn rate_pauses_stop_doubling_at_a_day() {
        let mut memory = KissMemory::default();
        for at in 0..10 {
            memory.record(&[kissed("a:123", "RATE")], at);
        }
        assert_eq!(memory.records[0].backoff_ms, 86_400_000);
        assert_eq!(duration_ms(RATE_BACKOFF_START), 900_000);
    }

    #[test]
    fn codes_are_stored_as_the_server_s_four_letters() {
        let mut memory = KissMemory::default();
        memory.record(&[kissed("a:123", "DENY"), kissed("b:123", "RATE")], 7);
        let stored = serde_json::to_string(&memory).unwrap();
        assert_eq!(
            stored,
            r#"{"records":[{"server":"a:123","code":"DENY","at_ms":7,"backoff_ms":0},{"server":"b:123","code":"RATE","at_ms":7,"backoff_ms":900000}]}"#
        );
        assert_eq!(serde_json::from_str::<KissMemory>(&stored).unwrap(), memory);
        for name in ["DENY", "RSTR", "RATE"] {
            let code = KissCode::from_reply(name).unwrap();
            assert_eq!((code.as_str(), code.to_string()), (name, name.to_owned()));
        }
        // Case matters: the codes are four ASCII capitals on the wire.
        assert_eq!(KissCode::from_reply("deny"), None);
    }

    #[test]
    fn other_kiss_codes_are_only_reported() {
        let mut memory = KissMemory::default();
        memory.record(&[kissed("a:123", "INIT")], 0);
        assert!(memory.records.is_empty());
        assert_eq!(memory.blocks("a:123", 0), None);
    }
}
