//! The UDP side of one SNTP exchange: a fresh socket, a read timeout that ends at the deadline,
//! and datagrams that are not the reply (another sender, a late answer, a fragment) skipped
//! while reading on.
//!
//! sntpc has no timeout and reads exactly one datagram, so a stray packet or a lost reply would
//! fail or block an exchange; this adapter is why it cannot.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::time::Instant;

use super::sntp::{self, ReplyError, Sample};
use super::Clock;

/// Large enough for an NTP header with extension fields; longer datagrams are truncated.
const RECEIVE_BUFFER: usize = 1_024;

/// How one exchange ended without a sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExchangeError {
    /// The socket could not be opened or the request not sent (offline, no route).
    Network(String),
    /// The deadline passed; `ignored` is the last datagram from the server we had to skip.
    Timeout { ignored: Option<ReplyError> },
    /// The server answered, and the answer is refused.
    Rejected(ReplyError),
}

/// One request to `server` on a fresh socket, reading until a reply or `until`.
pub(crate) fn exchange(
    server: SocketAddr,
    clock: &dyn Clock,
    until: Instant,
) -> Result<Sample, ExchangeError> {
    let socket = fresh_socket(server).map_err(network)?;
    let request = sntp::request(clock, server)
        .ok_or_else(|| ExchangeError::Network("could not build the request".to_owned()))?;
    socket.send_to(request.bytes(), server).map_err(network)?;

    let mut buffer = [0u8; RECEIVE_BUFFER];
    let mut ignored = None;
    loop {
        let remaining = until.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(ExchangeError::Timeout { ignored });
        }
        socket.set_read_timeout(Some(remaining)).map_err(network)?;
        let (len, from) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            Err(error) => match read_failure(error) {
                Some(failure) => return Err(failure),
                None => continue,
            },
        };
        if from != server {
            continue;
        }
        match sntp::read_reply(&request, server, &buffer[..len.min(RECEIVE_BUFFER)]) {
            Ok(sample) => return Ok(sample),
            Err(rejection) if rejection.is_not_the_reply() => ignored = Some(rejection),
            Err(rejection) => return Err(ExchangeError::Rejected(rejection)),
        }
    }
}

/// A new socket per attempt, so a late reply to an earlier attempt arrives nowhere.
fn fresh_socket(server: SocketAddr) -> io::Result<UdpSocket> {
    match server {
        SocketAddr::V4(_) => UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)),
        SocketAddr::V6(_) => UdpSocket::bind((Ipv6Addr::UNSPECIFIED, 0)),
    }
}

/// What a failed read means: None to read on (the read timed out, so the loop checks the
/// deadline; or a signal, or an ICMP error for an earlier datagram), else the exchange failed.
fn read_failure(error: io::Error) -> Option<ExchangeError> {
    match error.kind() {
        io::ErrorKind::WouldBlock
        | io::ErrorKind::TimedOut
        | io::ErrorKind::Interrupted
        | io::ErrorKind::ConnectionRefused => None,
        _ => Some(network(error)),
    }
}

fn network(error: io::Error) -> ExchangeError {
    ExchangeError::Network(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_signals_and_refusals_read_on_other_errors_end_the_exchange() {
        use io::ErrorKind::*;
        for kind in [WouldBlock, TimedOut, Interrupted, ConnectionRefused] {
            assert_eq!(read_failure(io::Error::from(kind)), None, "{kind:?}");
        }
        assert_eq!(
            read_failure(io::Error::other("no route")),
            Some(ExchangeError::Network("no route".to_owned()))
        );
    }
}
