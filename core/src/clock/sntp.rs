//! SNTP packets: building a request and reading a reply, with every rejection typed.
//!
//! sntpc does what it does well here: the packet layout, the RFC 4330 checks and the
//! offset/delay arithmetic. Its API is async over a socket trait and reads the clock through
//! `NtpTimestampGenerator`; we give it a capturing "socket" to build the request, a one-datagram
//! "socket" to read each reply (so the `socket` module owns all I/O: timeouts, fresh sockets,
//! strays), and our own timestamp source over the injected [`Clock`]. Its futures never wait on
//! anything, so one poll completes them and no executor is needed.

use std::cell::RefCell;
use std::future::Future;
use std::net::SocketAddr;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sntpc::{KissOfDeathCode, NtpContext, NtpResult, NtpTimestampGenerator, NtpUdpSocket};

use super::Clock;

/// Length of an NTP header without extensions.
pub const PACKET_LEN: usize = 48;
/// The largest root distance we accept: RFC 5905's MAXDIST (sntpc alone allows 16 s). As in
/// RFC 5905 it bounds the whole error bound of a sample ([`Sample::error_us`]), not only what the
/// server says about its own reference clock.
pub(crate) const MAX_ROOT_DISTANCE: Duration = Duration::from_secs(1);
/// Added to every error bound: our timestamps are taken around the socket calls, not by the
/// kernel, and thread scheduling on a phone adds up to about a millisecond.
const TIMESTAMP_SLACK_US: u64 = 1_000;
/// A clock before 1970 is shifted forward by its distance to 1970 plus this margin before sntpc
/// sees it (sntpc takes unsigned Unix seconds), and the shift is taken back out of the offset.
const BEFORE_EPOCH_MARGIN_S: u64 = 86_400;

/// What one valid reply measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// Server time minus device time, in microseconds: what to add to the device clock.
    pub offset_us: i64,
    /// Round-trip delay, in microseconds.
    pub delay_us: u64,
    /// Bound on the offset's error: half the delay, the server's root distance and precision,
    /// and our timestamp slack, in microseconds; at most `MAX_ROOT_DISTANCE`.
    pub error_us: u64,
    /// The server's stratum (1 = attached to a reference clock).
    pub stratum: u8,
}

/// Why a reply was rejected. Never a panic: every field of the datagram is checked.
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
#[serde(tag = "kind", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReplyError {
    /// A Kiss-o'-Death (stratum 0 with a kiss code): RATE means slow down, DENY and RSTR mean
    /// stop asking this server.
    #[error("the server sent Kiss-o'-Death {code}")]
    KissOfDeath {
        /// The four-letter kiss code.
        code: String,
    },
    /// Stratum 0 without a known kiss code, or 16 and above: the server is not synchronised.
    #[error("the server is not synchronised (stratum {stratum})")]
    Stratum {
        /// The stratum it sent.
        stratum: u8,
    },
    /// Leap indicator 3: the server says its own clock is not synchronised.
    #[error("the server's clock is not synchronised (leap indicator 3)")]
    Unsynchronised,
    /// The origin timestamp is not the one we sent: not an answer to our request.
    #[error("the reply does not answer our request (wrong origin timestamp)")]
    WrongOrigin,
    /// The transmit timestamp is zero.
    #[error("the reply carries no transmit time")]
    ZeroTransmit,
    /// Fewer bytes than an NTP header.
    #[error("the reply is {len} bytes, shorter than an NTP packet (48 bytes)")]
    ShortPacket {
        /// Bytes received.
        len: usize,
    },
    /// Not server mode (4).
    #[error("the reply is in mode {mode}, not server mode 4")]
    WrongMode {
        /// The mode it sent.
        mode: u8,
    },
    /// The error bound above `MAX_ROOT_DISTANCE`: the server's root delay / 2 and root
    /// dispersion, its precision, half our round trip and our timestamp slack (RFC 5905's root
    /// distance).
    #[error(
        "the answer is too uncertain: root distance {millis} ms (the server's distance from its reference clock, its precision and half the round trip), limit 1000 ms"
    )]
    RootDistance {
        /// The root distance in milliseconds.
        millis: u64,
    },
    /// A precision of 1 s or coarser (exponent 0 or more): not a time server's clock.
    #[error("the server claims a precision of 2^{exponent} s, 1 s or coarser: that is not a time server's clock")]
    Precision {
        /// The precision exponent it sent (log2 seconds).
        exponent: i8,
    },
    /// Version 0 or newer than the version we asked with (4).
    #[error("the reply has NTP version {version}; we asked with version 4")]
    WrongVersion {
        /// The version it sent.
        version: u8,
    },
    /// The server's reference time is after its transmit time.
    #[error("the server's reference time is after its transmit time")]
    ReferenceAfterTransmit,
    /// A rejection sntpc reports that none of the above describes.
    #[error("the reply is not a valid SNTP answer")]
    Invalid,
}

impl ReplyError {
    /// A stable name for JSON and logs.
    pub fn as_str(&self) -> &'static str {
        self.into()
    }

    /// True when the datagram cannot be our reply (a late answer to an earlier request, or a
    /// fragment): the socket keeps reading instead of giving up on the server.
    pub(crate) fn is_not_the_reply(&self) -> bool {
        matches!(
            self,
            ReplyError::WrongOrigin | ReplyError::ShortPacket { .. }
        )
    }
}

/// A request ready to send, with what is needed to check its reply.
pub(crate) struct Request<'a> {
    bytes: [u8; PACKET_LEN],
    sent: sntpc::SendRequestResult,
    stamps: DeviceTimestamps<'a>,
}

impl Request<'_> {
    /// The datagram to send.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Builds a client request stamped with the device clock's current reading. `None` only if
/// sntpc stopped completing on a ready socket (its API is async): the caller reports that
/// server as failed instead of panicking.
pub(crate) fn request(clock: &dyn Clock, server: SocketAddr) -> Option<Request<'_>> {
    let stamps = DeviceTimestamps::new(clock);
    let capture = CaptureSocket::default();
    let sent = poll_once(sntpc::sntp_send_request(
        server,
        &capture,
        NtpContext::new(stamps),
    ))?
    .ok()?;
    let bytes = capture.bytes.borrow().as_ref().copied()?;
    Some(Request {
        bytes,
        sent,
        stamps,
    })
}

/// Reads one datagram that came from `server` as the reply to `request`. sntpc refuses one
/// shorter than [`PACKET_LEN`] (`IncorrectPayload`, our `ShortPacket`) before reading it.
pub(crate) fn read_reply(
    request: &Request<'_>,
    server: SocketAddr,
    datagram: &[u8],
) -> Result<Sample, ReplyError> {
    let replay = ReplaySocket { datagram, server };
    let result = poll_once(sntpc::sntp_process_response(
        server,
        &replay,
        NtpContext::new(request.stamps),
        request.sent,
    ))
    .unwrap_or(Err(sntpc::Error::Network));
    match result {
        Ok(result) => sample(&result, request.stamps.shift_s),
        Err(error) => Err(rejection(error, datagram)),
    }
}

fn sample(result: &NtpResult, shift_s: u64) -> Result<Sample, ReplyError> {
    let exponent = result.precision();
    if exponent >= 0 {
        return Err(ReplyError::Precision { exponent });
    }
    let delay_us = result.roundtrip();
    let error_us = (delay_us / 2)
        .saturating_add(short_format_us(result.root_delay()) / 2)
        .saturating_add(short_format_us(result.root_dispersion()))
        .saturating_add(precision_us(exponent))
        .saturating_add(TIMESTAMP_SLACK_US);
    if error_us > MAX_ROOT_DISTANCE.as_micros() as u64 {
        return Err(ReplyError::RootDistance {
            millis: error_us / 1_000,
        });
    }
    let shift_us = i64::try_from(shift_s.saturating_mul(1_000_000)).unwrap_or(i64::MAX);
    Ok(Sample {
        offset_us: result.offset().saturating_add(shift_us),
        delay_us,
        error_us,
        stratum: result.stratum(),
    })
}

/// Maps sntpc's verdict to ours, reading the offending field from the datagram for the message.
fn rejection(error: sntpc::Error, datagram: &[u8]) -> ReplyError {
    let first = datagram.first().copied().unwrap_or(0);
    match error {
        sntpc::Error::IncorrectOriginTimestamp => ReplyError::WrongOrigin,
        sntpc::Error::IncorrectMode => ReplyError::WrongMode { mode: first & 0x07 },
        sntpc::Error::UnsynchronizedClock => ReplyError::Unsynchronised,
        sntpc::Error::InvalidTimestamp => ReplyError::ZeroTransmit,
        sntpc::Error::ExcessiveRootDistance => ReplyError::RootDistance {
            millis: root_distance_ms(datagram),
        },
        sntpc::Error::BackwardReferenceTimestamp => ReplyError::ReferenceAfterTransmit,
        sntpc::Error::IncorrectResponseVersion => ReplyError::WrongVersion {
            version: (first >> 3) & 0x07,
        },
        sntpc::Error::IncorrectStratumHeaders => ReplyError::Stratum {
            stratum: datagram.get(1).copied().unwrap_or(0),
        },
        sntpc::Error::IncorrectPayload => ReplyError::ShortPacket {
            len: datagram.len(),
        },
        sntpc::Error::KissOfDeath(code) => kiss(code),
        _ => ReplyError::Invalid,
    }
}

/// A registered kiss code is a Kiss-o'-Death; anything else at stratum 0 is just "stratum 0".
fn kiss(code: KissOfDeathCode) -> ReplyError {
    match code {
        KissOfDeathCode::Experimental(_) => ReplyError::Stratum { stratum: 0 },
        known => ReplyError::KissOfDeath {
            code: known.as_str().to_owned(),
        },
    }
}

fn root_distance_ms(datagram: &[u8]) -> u64 {
    let word = |at: usize| {
        datagram
            .get(at..at + 4)
            .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
            .map_or(0, u32::from_be_bytes)
    };
    (short_format_us(word(4)) / 2 + short_format_us(word(8))) / 1_000
}

/// NTP short format (16.16 seconds) to microseconds.
fn short_format_us(value: u32) -> u64 {
    u64::from(value) * 1_000_000 / 65_536
}

/// A negative precision exponent (log2 seconds) to microseconds, rounded down, at least 1.
fn precision_us(exponent: i8) -> u64 {
    (1_000_000u64 >> exponent.unsigned_abs().min(63)).max(1)
}

/// Our timestamp source over the injected clock. sntpc takes unsigned Unix seconds; a device
/// clock before 1970 is shifted forward by a whole number of seconds fixed for the exchange,
/// which cancels out of the server-minus-device difference except for the shift itself, which
/// [`sample`] adds back. So a clock set to 1969 gets a measured offset, not a panic.
#[derive(Clone, Copy)]
struct DeviceTimestamps<'a> {
    clock: &'a dyn Clock,
    shift_s: u64,
    reading: Duration,
}

impl<'a> DeviceTimestamps<'a> {
    fn new(clock: &'a dyn Clock) -> Self {
        let shift_s = match clock.now().duration_since(UNIX_EPOCH) {
            Ok(_) => 0,
            Err(before) => before
                .duration()
                .as_secs()
                .saturating_add(BEFORE_EPOCH_MARGIN_S),
        };
        DeviceTimestamps {
            clock,
            shift_s,
            reading: Duration::ZERO,
        }
    }
}

/// Time since 1970 plus `shift_s` seconds, never negative (saturates at 1970).
fn shifted_since_epoch(now: SystemTime, shift_s: u64) -> Duration {
    let shift = Duration::from_secs(shift_s);
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => after.saturating_add(shift),
        Err(before) => shift.saturating_sub(before.duration()),
    }
}

impl NtpTimestampGenerator for DeviceTimestamps<'_> {
    fn init(&mut self) {
        self.reading = shifted_since_epoch(self.clock.now(), self.shift_s);
    }

    fn timestamp_sec(&self) -> u64 {
        self.reading.as_secs()
    }

    fn timestamp_subsec_micros(&self) -> u32 {
        self.reading.subsec_micros()
    }
}

/// Records the request sntpc builds instead of sending it.
#[derive(Default)]
struct CaptureSocket {
    bytes: RefCell<Option<[u8; PACKET_LEN]>>,
}

impl NtpUdpSocket for CaptureSocket {
    fn send_to(&self, buf: &[u8], _addr: SocketAddr) -> impl Future<Output = sntpc::Result<usize>> {
        let captured = <[u8; PACKET_LEN]>::try_from(buf).ok();
        *self.bytes.borrow_mut() = captured;
        std::future::ready(captured.map(|_| buf.len()).ok_or(sntpc::Error::Network))
    }

    fn recv_from(
        &self,
        _buf: &mut [u8],
    ) -> impl Future<Output = sntpc::Result<(usize, SocketAddr)>> {
        std::future::ready(Err(sntpc::Error::Network))
    }
}

/// Hands sntpc one datagram that the socket adapter already received from the server.
struct ReplaySocket<'d> {
    datagram: &'d [u8],
    server: SocketAddr,
}

impl NtpUdpSocket for ReplaySocket<'_> {
    fn send_to(
        &self,
        _buf: &[u8],
        _addr: SocketAddr,
    ) -> impl Future<Output = sntpc::Result<usize>> {
        std::future::ready(Err(sntpc::Error::Network))
    }

    fn recv_from(
        &self,
        buf: &mut [u8],
    ) -> impl Future<Output = sntpc::Result<(usize, SocketAddr)>> {
        let copied = buf.len().min(self.datagram.len());
        buf[..copied].copy_from_slice(&self.datagram[..copied]);
        std::future::ready(Ok((self.datagram.len(), self.server)))
    }
}

/// Fuzzing entry point (feature `fuzzing` only): builds a request at `device` time and reads
/// `datagram` as its reply. With `copy_origin`, the request's transmit time is first copied into
/// the datagram's origin field (when it is long enough), so the checks after the origin check are
/// reached too.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub fn fuzz_read_reply(
    device: SystemTime,
    datagram: &mut [u8],
    copy_origin: bool,
) -> Option<Result<Sample, ReplyError>> {
    let clock = super::FixedClock(device);
    let server = SocketAddr::from(([127, 0, 0, 1], 123));
    let request = request(&clock, server)?;
    if copy_origin && datagram.len() >= PACKET_LEN {
        datagram[24..32].copy_from_slice(&request.bytes()[40..48]);
    }
    Some(read_reply(&request, server, datagram))
}

/// Runs a future that never waits (ours are built from ready sockets) to completion.
fn poll_once<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

#[cfg(test)]
mod tests {
    use strum::EnumCount;

    use super::*;
    use crate::clock::FixedClock;
    use proptest::prelude::*;

    fn server() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 123))
    }

    /// A reply to `request` as a correct server would send it, `server_unix` seconds.
    fn reply_to(request: &Request<'_>, server_unix: u64) -> [u8; PACKET_LEN] {
        let ntp = ((server_unix + 2_208_988_800) & 0xffff_ffff) << 32;
        let mut p = [0u8; PACKET_LEN];
        p[0] = (4 << 3) | 4;
        p[1] = 2;
        p[3] = (-20i8) as u8;
        p[16..24].copy_from_slice(&(ntp - (1 << 32)).to_be_bytes());
        p[24..32].copy_from_slice(&request.bytes()[40..48]);
        p[32..40].copy_from_slice(&ntp.to_be_bytes());
        p[40..48].copy_from_slice(&ntp.to_be_bytes());
        p
    }

    #[test]
    fn a_fixed_clock_95_seconds_behind_measures_95_seconds() {
        let clock = FixedClock::at_unix(1_800_000_000);
        let request = request(&clock, server()).expect("request");
        let sample = read_reply(&request, server(), &reply_to(&request, 1_800_000_095))
            .expect("valid reply");
        assert_eq!(sample.offset_us, 95_000_000);
        assert_eq!(sample.stratum, 2);
    }

    #[test]
    fn the_device_clock_is_read_to_the_microsecond() {
        let clock = FixedClock(UNIX_EPOCH + Duration::from_micros(1_800_000_000_250_000));
        let request = request(&clock, server()).expect("request");
        let sample = read_reply(&request, server(), &reply_to(&request, 1_800_000_095))
            .expect("valid reply");
        assert_eq!(sample.offset_us, 94_750_000);
    }

    #[test]
    fn a_clock_before_1970_is_shifted_and_shifted_back() {
        // The device reads 100 s before 1970; the server says 1970 + 50 s: 150 s slow.
        let clock = FixedClock(UNIX_EPOCH - Duration::from_secs(100));
        let request = request(&clock, server()).expect("request");
        let sample = read_reply(&request, server(), &reply_to(&request, 50)).expect("valid reply");
        assert_eq!(sample.offset_us, 150_000_000);
    }

    /// What the reply to a request from a fixed clock (no round trip) gives, with the server
    /// claiming `precision`, `root_delay` and `root_dispersion` (16.16 seconds).
    fn claiming(
        precision: i8,
        root_delay: u32,
        root_dispersion: u32,
    ) -> Result<Sample, ReplyError> {
        let clock = FixedClock::at_unix(1_800_000_000);
        let request = request(&clock, server()).expect("request");
        let mut reply = reply_to(&request, 1_800_000_000);
        reply[3] = precision as u8;
        reply[4..8].copy_from_slice(&root_delay.to_be_bytes());
        reply[8..12].copy_from_slice(&root_dispersion.to_be_bytes());
        read_reply(&request, server(), &reply)
    }

    #[test]
    fn a_precision_of_a_second_or_coarser_is_refused() {
        for exponent in [0, 1, 20, i8::MAX] {
            assert_eq!(
                claiming(exponent, 0, 0),
                Err(ReplyError::Precision { exponent })
            );
        }
        let half_second = claiming(-1, 0, 0).expect("2^-1 s is a clock");
        assert_eq!(half_second.error_us, 500_000 + TIMESTAMP_SLACK_US);
    }

    #[test]
    fn the_error_bound_sums_every_part_and_is_limited_as_a_whole() {
        // 1917/65536 s = 29,250 µs of root delay (half counts), 31744/65536 s = 484,375 µs of
        // root dispersion, 500,000 µs of precision and 1,000 µs of slack: exactly 1 s.
        // (The fixed clock's round trip is 0 or 1 µs of timestamp rounding: half of it is 0.)
        let at_limit = claiming(-1, 1_917, 31_744).expect("at the limit");
        assert_eq!(at_limit.error_us, 1_000_000);
        // One unit more of dispersion (15 µs) is over it.
        assert_eq!(
            claiming(-1, 1_917, 31_745),
            Err(ReplyError::RootDistance { millis: 1_000 })
        );
        // Each part alone under 1 s, together over it.
        assert_eq!(
            claiming(-1, 0, 39_322),
            Err(ReplyError::RootDistance { millis: 1_101 })
        );
        assert_eq!(
            claiming(-20, 39_322 * 2, 39_322),
            Err(ReplyError::RootDistance { millis: 1_201 })
        );
    }

    /// What `edit` made of a correct reply to a request at 1_800_000_000 s gives.
    fn edited(edit: impl FnOnce(&mut Vec<u8>)) -> Result<Sample, ReplyError> {
        let clock = FixedClock::at_unix(1_800_000_000);
        let request = request(&clock, server()).expect("request");
        let mut datagram = reply_to(&request, 1_800_000_000).to_vec();
        edit(&mut datagram);
        read_reply(&request, server(), &datagram)
    }

    #[test]
    fn each_rejection_from_the_field_that_caused_it() {
        type Edit = fn(&mut Vec<u8>);
        let cases: [(&str, Edit, ReplyError); 12] = [
            ("origin", |p| p[31] ^= 1, ReplyError::WrongOrigin),
            (
                "47 bytes",
                |p| p.truncate(47),
                ReplyError::ShortPacket { len: 47 },
            ),
            (
                "mode 3",
                |p| p[0] = (4 << 3) | 3,
                ReplyError::WrongMode { mode: 3 },
            ),
            (
                "version 5",
                |p| p[0] = (5 << 3) | 4,
                ReplyError::WrongVersion { version: 5 },
            ),
            (
                "version 0",
                |p| p[0] = 4,
                ReplyError::WrongVersion { version: 0 },
            ),
            ("leap 3", |p| p[0] |= 0xc0, ReplyError::Unsynchronised),
            (
                "stratum 16",
                |p| p[1] = 16,
                ReplyError::Stratum { stratum: 16 },
            ),
            (
                "stratum 0, no code",
                |p| p[1] = 0,
                ReplyError::Stratum { stratum: 0 },
            ),
            (
                "kiss",
                |p| {
                    p[1] = 0;
                    p[12..16].copy_from_slice(b"RATE");
                },
                ReplyError::KissOfDeath {
                    code: "RATE".into(),
                },
            ),
            (
                "zero transmit",
                |p| p[40..48].fill(0),
                ReplyError::ZeroTransmit,
            ),
            (
                "reference after transmit",
                |p| p[16] = p[40].wrapping_add(1),
                ReplyError::ReferenceAfterTransmit,
            ),
            (
                // 2 s of root delay (half counts) and 16 s of dispersion: sntpc's own 16 s limit.
                "root distance 17 s",
                |p| {
                    p[4..8].copy_from_slice(&(2u32 << 16).to_be_bytes());
                    p[8..12].copy_from_slice(&(16u32 << 16).to_be_bytes());
                },
                ReplyError::RootDistance { millis: 17_000 },
            ),
        ];
        for (what, edit, expected) in cases {
            assert_eq!(edited(edit), Err(expected), "{what}");
        }
        // A receive time half a second after the transmit time is a 0.5 s round trip to our
        // fixed clock, half of which counts.
        let slow = edited(|p| {
            let transmit = u64::from_be_bytes(p[40..48].try_into().unwrap());
            p[32..40].copy_from_slice(&(transmit + (1 << 31)).to_be_bytes());
        })
        .expect("a valid reply");
        assert!(slow.delay_us.abs_diff(500_000) <= 1, "{slow:?}");
        assert_eq!(slow.error_us, slow.delay_us / 2 + 1 + TIMESTAMP_SLACK_US);
        // Extension fields after the header are not a reason to refuse.
        assert!(edited(|p| p.extend_from_slice(&[0; 12])).is_ok());
        assert!(edited(|_| {}).is_ok());
    }

    #[test]
    fn rejections_have_stable_names() {
        let cases = [
            (
                ReplyError::KissOfDeath {
                    code: "DENY".into(),
                },
                "kiss_of_death",
                false,
            ),
            (ReplyError::Stratum { stratum: 0 }, "stratum", false),
            (ReplyError::Unsynchronised, "unsynchronised", false),
            (ReplyError::WrongOrigin, "wrong_origin", true),
            (ReplyError::ZeroTransmit, "zero_transmit", false),
            (ReplyError::ShortPacket { len: 0 }, "short_packet", true),
            (ReplyError::WrongMode { mode: 3 }, "wrong_mode", false),
            (
                ReplyError::RootDistance { millis: 0 },
                "root_distance",
                false,
            ),
            (ReplyError::Precision { exponent: 0 }, "precision", false),
            (
                ReplyError::WrongVersion { version: 0 },
                "wrong_version",
                false,
            ),
            (
                ReplyError::ReferenceAfterTransmit,
                "reference_after_transmit",
                false,
            ),
            (ReplyError::Invalid, "invalid", false),
        ];
        for (error, name, not_the_reply) in &cases {
            assert_eq!(error.is_not_the_reply(), *not_the_reply, "{name}");
        }
        let names: Vec<_> = cases.into_iter().map(|(e, name, _)| (e, name)).collect();
        crate::names::assert_names(&names, ReplyError::as_str, ReplyError::COUNT);
    }

    #[test]
    fn kiss_codes_and_precision() {
        assert_eq!(
            kiss(KissOfDeathCode::Rate),
            ReplyError::KissOfDeath {
                code: "RATE".into()
            }
        );
        assert_eq!(
            kiss(KissOfDeathCode::Experimental(*b"\0\0\0\0")),
            ReplyError::Stratum { stratum: 0 }
        );
        assert_eq!(precision_us(-1), 500_000);
        assert_eq!(precision_us(-10), 976);
        assert_eq!(precision_us(-20), 1);
        assert_eq!(precision_us(i8::MIN), 1);
    }

    #[cfg(feature = "fuzzing")]
    #[test]
    fn the_fuzz_entry_point_reaches_past_the_origin_check_only_when_asked() {
        let device = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut zeros = [0u8; PACKET_LEN];
        assert_eq!(
            fuzz_read_reply(device, &mut zeros, false),
            Some(Err(ReplyError::WrongOrigin))
        );
        // With our origin, the next check (mode 0) refuses it.
        assert_eq!(
            fuzz_read_reply(device, &mut zeros, true),
            Some(Err(ReplyError::WrongMode { mode: 0 }))
        );
        // Too short to hold an origin: left as it is.
        let mut short = [0u8; PACKET_LEN - 1];
        assert_eq!(
            fuzz_read_reply(device, &mut short, true),
            Some(Err(ReplyError::ShortPacket { len: 47 }))
        );
    }

    proptest! {
        /// Any datagram at all gives a sample or a typed rejection, never a panic.
        #[test]
        fn arbitrary_datagrams_never_panic(datagram in proptest::collection::vec(any::<u8>(), 0..120)) {
            let clock = FixedClock::at_unix(1_800_000_000);
            let request = request(&clock, server()).expect("request");
            let _ = read_reply(&request, server(), &datagram);
        }

        /// Packets carrying our origin reach every later check; still never a panic, and a
        /// sample only from server mode 4 at stratum 1 to 15 with a transmit time.
        #[test]
        fn packets_with_our_origin_never_panic(packet in proptest::array::uniform32(any::<u8>()),
                                               tail in proptest::array::uniform16(any::<u8>()),
                                               device in any::<u64>()) {
            let clock = FixedClock(UNIX_EPOCH + Duration::from_secs(device % (1 << 40)));
            let request = request(&clock, server()).expect("request");
            let mut datagram = [0u8; PACKET_LEN];
            datagram[..24].copy_from_slice(&packet[..24]);
            datagram[24..32].copy_from_slice(&request.bytes()[40..48]);
            datagram[32..40].copy_from_slice(&packet[24..32]);
            datagram[40..48].copy_from_slice(&tail[..8]);
            if tail[15] & 1 == 1 {
                // Half the cases: a well-formed first byte, so the later checks are reached.
                datagram[0] = (datagram[0] & 0xc0) | (4 << 3) | 4;
            }
            if let Ok(sample) = read_reply(&request, server(), &datagram) {
                prop_assert_eq!(datagram[0] & 0x07, 4);
                prop_assert!((1..16).contains(&datagram[1]));
                prop_assert!(datagram[40..48] != [0; 8]);
                prop_assert!(datagram[0] >> 6 != 3);
                prop_assert!(sample.error_us >= TIMESTAMP_SLACK_US);
                prop_assert!(sample.error_us <= MAX_ROOT_DISTANCE.as_micros() as u64);
                prop_assert!((datagram[3] as i8) < 0);
            }
        }
    }
}
