//! Time servers: the `host:port` forms a user writes, and their addresses, resolved under the
//! check's deadline (the standard library's resolver has no timeout of its own).

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Instant;

use super::check::{CheckError, ServerError};

/// The standard NTP port.
pub const NTP_PORT: u16 = 123;
/// Three operators with their own infrastructure, so one operator's fault is outvoted.
pub const DEFAULT_SERVERS: [&str; 3] = [
    "time.google.com:123",
    "time.cloudflare.com:123",
    "time.apple.com:123",
];

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

/// The server's addresses, resolved on a detached thread so a hanging resolver cannot hold the
/// check past its deadline.
pub(crate) fn addresses(
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
}
