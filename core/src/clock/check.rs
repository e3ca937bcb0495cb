//! Asking several time servers at once, under one deadline, and remembering Kiss-o'-Death.
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

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::sntp::{ReplyError, Sample};
use super::socket::{self, ExchangeError};
use super::{wall_millis, Clock};

/// The standard NTP port.
pub const NTP_PORT: u16 = 123;
/// Three operators with their own infrastructure, so one operator's fault is outvoted.
pub const DEFAULT_SERVERS: [&str; 3] = [
    "time.google.com:123",
    "time.cloudflare.com:123",
    "time.apple.com:123",
];
/// How long a whole check may take.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(3);
/// The longest deadline we accept: a check is something a user waits for.
pub const MAX_DEADLINE: Duration = Duration::from_secs(60);
/// Exchanges per server: a second one covers a lost packet or a dead address.
pub const ATTEMPTS: u32 = 2;
/// First pause after a RATE kiss; it doubles with each further RATE.
pub const RATE_BACKOFF_START: Duration = Duration::from_secs(15 * 60);
/// The longest pause after RATE kisses.
pub const RATE_BACKOFF_MAX: Duration = Duration::from_secs(24 * 60 * 60);

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

/// A time server: a host name or address and a UDP port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerSpec {
    host: String,
    port: u16,
}

impl ServerSpec {
    /// Reads `HOST`, `HOST:PORT`, `IPV4:PORT`, `[IPV6]:PORT` or a bare IPv6 address.
    pub fn parse(text: &str) -> Result<Self, CheckError> {
        let bad = || CheckError::BadServer {
            server: text.chars().take(100).collect(),
        };
        let text = text.trim();
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(ServerSpec::from(addr));
        }
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(ServerSpec::from(SocketAddr::new(ip, NTP_PORT)));
        }
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
            None => (text, NTP_PORT),
        };
        let valid_host = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid_host || port == 0 {
            return Err(bad());
        }
        Ok(ServerSpec {
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// The host name or address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The UDP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address itself when the host is an IP address (no resolution needed).
    fn literal(&self) -> Option<SocketAddr> {
        self.host
            .parse::<IpAddr>()
            .ok()
            .map(|ip| SocketAddr::new(ip, self.port))
    }
}

impl From<SocketAddr> for ServerSpec {
    fn from(addr: SocketAddr) -> Self {
        ServerSpec {
            host: addr.ip().to_string(),
            port: addr.port(),
        }
    }
}

impl FromStr for ServerSpec {
    type Err = CheckError;
    fn from_str(text: &str) -> Result<Self, CheckError> {
        ServerSpec::parse(text)
    }
}

impl fmt::Display for ServerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.host.parse::<IpAddr>() {
            Ok(IpAddr::V6(ip)) => write!(f, "[{ip}]:{}", self.port),
            _ => write!(f, "{}:{}", self.host, self.port),
        }
    }
}

/// Turns a host name into addresses. Injected so tests never touch DNS.
pub trait Resolver: Send + Sync {
    /// All addresses of `host` (IPv6 and IPv4) at `port`.
    fn resolve(&self, host: &str, port: u16) -> io::Result<Vec<SocketAddr>>;
}

/// The operating system's resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl Resolver for SystemResolver {
    fn resolve(&self, host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
        Ok((host, port).to_socket_addrs()?.collect())
    }
}

/// Why a server gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
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
    Rejected(ReplyError),
    /// Not asked: it sent Kiss-o'-Death DENY or RSTR earlier, which means "stop asking".
    #[error("not asked: the server refused service earlier (Kiss-o'-Death {0})")]
    Refused(String),
    /// Not asked: it sent Kiss-o'-Death RATE and its pause has not ended.
    #[error("not asked: the server asked us to slow down (Kiss-o'-Death RATE)")]
    RateLimited,
}

impl ServerError {
    /// A stable name for JSON and logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            ServerError::Resolve(_) => "resolve",
            ServerError::Network(_) => "network",
            ServerError::Timeout => "timeout",
            ServerError::Late => "late",
            ServerError::Rejected(reply) => reply.as_str(),
            ServerError::Refused(_) => "refused",
            ServerError::RateLimited => "rate_limited",
        }
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

/// Kiss-o'-Death codes received, kept between checks (and between runs, in the settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KissMemory {
    /// One record per server that sent DENY, RSTR or RATE.
    #[serde(default)]
    pub records: Vec<KissRecord>,
}

/// What a server told us with a kiss, and until when it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KissRecord {
    /// The server as configured (`host:port`).
    pub server: String,
    /// `DENY`, `RSTR` or `RATE`.
    pub code: String,
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
        match record.code.as_str() {
            "DENY" | "RSTR" => Some(ServerError::Refused(record.code.clone())),
            "RATE" => {
                let until = record.at_ms.saturating_add(millis_i64(record.backoff_ms));
                // A wall clock set back before the kiss also keeps the pause.
                (now_ms < until).then_some(ServerError::RateLimited)
            }
            _ => None,
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
            let previous = self.records.iter().position(|r| r.server == result.server);
            let backoff_ms = match code.as_str() {
                "DENY" | "RSTR" => 0,
                "RATE" => previous
                    .map(|i| &self.records[i])
                    .filter(|r| r.code == "RATE")
                    .map_or(duration_ms(RATE_BACKOFF_START), |r| {
                        r.backoff_ms
                            .saturating_mul(2)
                            .min(duration_ms(RATE_BACKOFF_MAX))
                    }),
                _ => continue,
            };
            let record = KissRecord {
                server: result.server.clone(),
                code: code.clone(),
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

/// Asks every server in parallel and returns when all have answered or failed, or `deadline`
/// has passed. Servers that `kisses` blocks are not asked.
pub fn query_servers(
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

/// The server's addresses, resolved on a detached thread so a hanging resolver cannot hold the
/// check past its deadline.
fn addresses(
    server: &ServerSpec,
    resolver: &Arc<dyn Resolver>,
    until: Instant,
) -> Result<Vec<SocketAddr>, ServerError> {
    if let Some(address) = server.literal() {
        return Ok(vec![address]);
    }
    // A one-answer mailbox (a std channel would cost the apps' library 30 KB for this).
    let mailbox = Arc::new((Mutex::new(None), Condvar::new()));
    let (resolver, posted) = (Arc::clone(resolver), Arc::clone(&mailbox));
    let (host, port) = (server.host.clone(), server.port);
    std::thread::Builder::new()
        .name("otpkit-resolve".to_owned())
        .spawn(move || {
            // The check may have given up waiting; then nobody reads the answer, which is fine.
            let answer = resolver.resolve(&host, port);
            let (slot, ready) = &*posted;
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(answer);
            ready.notify_one();
        })
        .map_err(|error| ServerError::Resolve(error.to_string()))?;
    let (slot, ready) = &*mailbox;
    let slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    let timeout = until.saturating_duration_since(Instant::now());
    let answer = match ready.wait_timeout_while(slot, timeout, |answer| answer.is_none()) {
        Ok((mut slot, _)) => slot.take(),
        Err(poisoned) => poisoned.into_inner().0.take(),
    };
    match answer {
        Some(Ok(found)) => {
            // Resolvers may list an address twice (once per socket type): ask each once.
            let mut unique: Vec<SocketAddr> = Vec::with_capacity(found.len());
            for address in found {
                if !unique.contains(&address) {
                    unique.push(address);
                }
            }
            let found = unique;
            if found.is_empty() {
                Err(ServerError::Resolve("the name has no addresses".to_owned()))
            } else {
                Ok(found)
            }
        }
        Some(Err(error)) => Err(ServerError::Resolve(error.to_string())),
        None => Err(ServerError::Resolve(
            "no answer from the resolver before the deadline".to_owned(),
        )),
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

    #[test]
    fn parses_server_forms() {
        let cases = [
            ("time.example.com", "time.example.com:123"),
            ("Time.Example.com:4123", "time.example.com:4123"),
            ("127.0.0.1:5000", "127.0.0.1:5000"),
            ("192.0.2.1", "192.0.2.1:123"),
            ("[::1]:5000", "[::1]:5000"),
            ("2001:db8::1", "[2001:db8::1]:123"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                ServerSpec::parse(input).unwrap().to_string(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_bad_servers() {
        for input in ["", "host:", "host:0", "host:99999", "ho st:123", "a/b:1"] {
            assert!(
                matches!(ServerSpec::parse(input), Err(CheckError::BadServer { .. })),
                "{input}"
            );
        }
    }

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
            Some(ServerError::Refused("DENY".into()))
        );
        assert_eq!(
            memory.blocks("b:123", far_future),
            Some(ServerError::Refused("RSTR".into()))
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
    fn server_errors_have_stable_names() {
        let rejected = ServerError::Rejected(ReplyError::WrongOrigin);
        let cases = [
            (ServerError::Resolve(String::new()), "resolve"),
            (ServerError::Network(String::new()), "network"),
            (ServerError::Timeout, "timeout"),
            (ServerError::Late, "late"),
            (rejected, "wrong_origin"),
            (ServerError::Refused("DENY".into()), "refused"),
            (ServerError::RateLimited, "rate_limited"),
        ];
        for (error, name) in cases {
            assert_eq!(error.as_str(), name);
        }
        // Reports stored before checks stopped ending early still read.
        let stored: ServerError = serde_json::from_str(r#"{"kind":"late"}"#).expect("reads");
        assert_eq!(stored, ServerError::Late);
    }

    #[test]
    fn a_server_s_parts_and_a_literal_address_resolve_to_themselves() {
        let spec = ServerSpec::parse("Time-1.Example.com:4123").unwrap();
        assert_eq!((spec.host(), spec.port()), ("time-1.example.com", 4123));
        assert_eq!(spec.literal(), None);
        let literal = ServerSpec::parse("192.0.2.1").unwrap();
        assert_eq!(
            literal.literal(),
            Some(SocketAddr::from(([192, 0, 2, 1], 123)))
        );
        // An address needs no name service: the system resolver gives it back as it is.
        let found = SystemResolver
            .resolve("192.0.2.1", 123)
            .expect("an address");
        assert_eq!(found, vec![SocketAddr::from(([192, 0, 2, 1], 123))]);
    }

    #[test]
    fn other_kiss_codes_are_only_reported() {
        let mut memory = KissMemory::default();
        memory.record(&[kissed("a:123", "INIT")], 0);
        assert!(memory.records.is_empty());
        assert_eq!(memory.blocks("a:123", 0), None);
    }

    /// Answers after `delay` with one address, or never within a test when `delay` is long.
    struct SlowResolver(Duration);

    impl Resolver for SlowResolver {
        fn resolve(&self, _host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
            std::thread::sleep(self.0);
            Ok(vec![
                SocketAddr::from(([192, 0, 2, 7], port)),
                SocketAddr::from(([192, 0, 2, 7], port)),
            ])
        }
    }

    #[test]
    fn the_resolver_s_answer_is_waited_for_until_the_deadline_and_no_longer() {
        let server = ServerSpec::parse("time.example.com").unwrap();
        let quick: Arc<dyn Resolver> = Arc::new(SlowResolver(Duration::from_millis(20)));
        let found = addresses(&server, &quick, Instant::now() + Duration::from_secs(30));
        // Listed twice by the resolver, asked once.
        assert_eq!(found, Ok(vec![SocketAddr::from(([192, 0, 2, 7], 123))]));

        let hanging: Arc<dyn Resolver> = Arc::new(SlowResolver(Duration::from_secs(30)));
        let started = Instant::now();
        let found = addresses(&server, &hanging, started + Duration::from_millis(100));
        assert_eq!(
            found,
            Err(ServerError::Resolve(
                "no answer from the resolver before the deadline".to_owned()
            ))
        );
        // A termination bound, not a performance goal: the deadline, not the resolver, ends it.
        assert!(started.elapsed() < Duration::from_secs(10));
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
