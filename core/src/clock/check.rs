//! Asking several time servers at once, under one deadline.
//!
//! One thread per server, scoped so none outlives the check; name resolution (which has no
//! timeout in the standard library) runs on a detached thread that the check stops waiting for
//! at the deadline. Each server gets up to [`ATTEMPTS`] exchanges, each on a fresh socket and
//! to the next of its addresses, sharing what is left of the deadline.
//!
//! The check ends when every server has answered or failed, or at the deadline; never earlier.
//! An answer still out can always change the verdict: with the others it can form a second
//! agreeing group as large as the first (then nobody can tell which is right), or narrow the
//! overlap the result is taken from. So one dead server costs the whole deadline.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::kiss::{KissCode, KissMemory};
use super::server::{addresses, Resolver, ServerSpec};
use super::sntp::{ReplyError, Sample};
use super::socket::{self, ExchangeError};
use super::{wall_millis, Clock};

/// How long a whole check may take.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(3);
/// The longest deadline we accept: a check is something a user waits for.
pub const MAX_DEADLINE: Duration = Duration::from_secs(60);
/// Exchanges per server: a second one covers a lost packet or a dead address.
pub(crate) const ATTEMPTS: u32 = 2;

/// Why a check could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// A server that is not `HOST`, `HOST:PORT` or `[IPV6]:PORT`.
    #[error("server '{server}' is not HOST:PORT: write it like time.example.com:123 or [2001:db8::1]:123")]
    BadServer {
        /// The refused text.
        server: String,
    },
    /// No servers to ask.
    #[error("no time servers given: name at least two so their answers can be compared")]
    NoServers,
    /// A deadline of zero or above [`MAX_DEADLINE`].
    #[error("deadline {millis} ms is out of range: use 1 to 60000 ms (3000 is the default)")]
    BadDeadline {
        /// The refused deadline.
        millis: u128,
    },
}

/// Why a server gave no usable answer.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    thiserror::Error,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumCount,
)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ServerError {
    /// Its name could not be turned into an address (offline, or no DNS).
    #[error("could not find the server's address ({0})")]
    Resolve(String),
    /// No socket or no route (offline).
    #[error("network error ({0})")]
    Network(String),
    /// No reply before the deadline.
    #[error("no reply before the deadline")]
    Timeout,
    /// No reply yet when a majority of the servers had already agreed; not waited for. Checks
    /// no longer end early, so only reports stored by earlier versions hold it.
    #[error("no reply by the time the other servers agreed")]
    Late,
    /// It answered, and the answer was refused.
    #[error("{0}")]
    #[strum(transparent)]
    Rejected(ReplyError),
    /// Not asked: it sent Kiss-o'-Death DENY or RSTR earlier, which means "stop asking".
    #[error("not asked: the server refused service earlier (Kiss-o'-Death {0})")]
    Refused(KissCode),
    /// Not asked: it sent Kiss-o'-Death RATE and its pause has not ended.
    #[error("not asked: the server asked us to slow down (Kiss-o'-Death RATE)")]
    RateLimited,
}

impl ServerError {
    /// A stable name for JSON and logs.
    pub fn as_str(&self) -> &'static str {
        self.into()
    }
}

/// One server's outcome in a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerResult {
    /// The server as configured (`host:port`).
    pub server: String,
    /// The address that answered, or the last one asked.
    pub address: Option<SocketAddr>,
    /// The measurement, or why there is none.
    pub outcome: Result<Sample, ServerError>,
}

/// Asks every server in parallel and returns when all have answered or failed, or `deadline`
/// has passed. Servers that `kisses` blocks are not asked.
pub(crate) fn query_servers(
    servers: &[ServerSpec],
    resolver: &Arc<dyn Resolver>,
    clock: &dyn Clock,
    deadline: Duration,
    kisses: &KissMemory,
) -> Vec<ServerResult> {
    let until = Instant::now() + deadline;
    let now_ms = wall_millis(clock);
    let mut results: Vec<Option<ServerResult>> = vec![None; servers.len()];
    std::thread::scope(|scope| {
        let mut running = Vec::with_capacity(servers.len());
        for (index, server) in servers.iter().enumerate() {
            let name = server.to_string();
            match kisses.blocks(&name, now_ms) {
                Some(error) => {
                    results[index] = Some(ServerResult {
                        server: name,
                        address: None,
                        outcome: Err(error),
                    })
                }
                None => running.push((
                    index,
                    scope.spawn(move || query_one(server, name, resolver, clock, until)),
                )),
            }
        }
        // Every thread ends by the deadline. One that panicked (nothing in the query is
        // expected to) is a failed server: joining it takes the panic, so it does not resurface
        // when the scope ends.
        for (index, thread) in running {
            results[index] = thread.join().ok();
        }
    });
    results
        .into_iter()
        .zip(servers)
        .map(|(result, server)| {
            result.unwrap_or_else(|| ServerResult {
                server: server.to_string(),
                address: None,
                outcome: Err(ServerError::Network("the query failed".to_owned())),
            })
        })
        .collect()
}

fn query_one(
    server: &ServerSpec,
    name: String,
    resolver: &Arc<dyn Resolver>,
    clock: &dyn Clock,
    until: Instant,
) -> ServerResult {
    let addresses = match addresses(server, resolver, until) {
        Ok(addresses) => addresses,
        Err(error) => {
            return ServerResult {
                server: name,
                address: None,
                outcome: Err(error),
            }
        }
    };
    let mut last = (None, ServerError::Timeout);
    let mut rejected = None;
    for attempt in 0..ATTEMPTS {
        let Some(&address) = addresses.get(attempt as usize % addresses.len()) else {
            break;
        };
        // A definitive rejection is only worth retrying at another address.
        if rejected.is_some() && attempt as usize >= addresses.len() {
            break;
        }
        let remaining = until.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            break;
        }
        let attempt_until = Instant::now() + remaining / (ATTEMPTS - attempt);
        match socket::exchange(address, clock, attempt_until) {
            Ok(sample) => {
                return ServerResult {
                    server: name,
                    address: Some(address),
                    outcome: Ok(sample),
                }
            }
            Err(ExchangeError::Rejected(reply @ ReplyError::KissOfDeath { .. })) => {
                return ServerResult {
                    server: name,
                    address: Some(address),
                    outcome: Err(ServerError::Rejected(reply)),
                }
            }
            Err(ExchangeError::Rejected(reply))
            | Err(ExchangeError::Timeout {
                ignored: Some(reply),
            }) => {
                rejected = Some((Some(address), ServerError::Rejected(reply)));
            }
            Err(ExchangeError::Timeout { ignored: None }) => {
                last = (Some(address), ServerError::Timeout);
            }
            Err(ExchangeError::Network(message)) => {
                last = (Some(address), ServerError::Network(message));
            }
        }
    }
    let (address, error) = rejected.unwrap_or(last);
    ServerResult {
        server: name,
        address,
        outcome: Err(error),
    }
}

#[cfg(test)]
mod tests {
    use strum::EnumCount;

    use super::*;
    use crate::clock::server::SystemResolver;

    #[test]
    fn server_errors_have_stable_names() {
        let rejected = ServerError::Rejected(ReplyError::WrongOrigin);
        let cases = [
            (ServerError::Resolve(String::new()), "resolve"),
            (ServerError::Network(String::new()), "network"),
            (ServerError::Timeout, "timeout"),
            (ServerError::Late, "late"),
            (rejected, "wrong_origin"),
            (ServerError::Refused(KissCode::Deny), "refused"),
            (ServerError::RateLimited, "rate_limited"),
        ];
        crate::names::assert_names(&cases, ServerError::as_str, ServerError::COUNT);
        // Reports stored before checks stopped ending early still read.
        let stored: ServerError = serde_json::from_str(r#"{"kind":"late"}"#).expect("reads");
        assert_eq!(stored, ServerError::Late);
    }

    /// Reads the time on the thread that made it; panics on any other.
    struct PanicsOffItsThread(std::thread::ThreadId);

    impl Clock for PanicsOffItsThread {
        fn now(&self) -> std::time::SystemTime {
            assert_eq!(std::thread::current().id(), self.0, "a server thread");
            std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        }
    }

    #[test]
    fn a_server_thread_that_panics_is_a_failed_server_not_a_panic() {
        let servers = [
            ServerSpec::parse("127.0.0.1:9").unwrap(),
            ServerSpec::parse("127.0.0.1:10").unwrap(),
        ];
        let resolver: Arc<dyn Resolver> = Arc::new(SystemResolver);
        let clock = PanicsOffItsThread(std::thread::current().id());
        let results = query_servers(
            &servers,
            &resolver,
            &clock,
            Duration::from_secs(2),
            &KissMemory::default(),
        );
        let outcomes: Vec<_> = results
            .iter()
            .map(|r| (&r.server[..], &r.outcome))
            .collect();
        let failed = Err(ServerError::Network("the query failed".to_owned()));
        assert_eq!(
            outcomes,
            vec![("127.0.0.1:9", &failed), ("127.0.0.1:10", &failed)]
        );
    }
}
