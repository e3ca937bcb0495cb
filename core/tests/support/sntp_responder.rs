//! An SNTP server on 127.0.0.1 for tests: its clock runs at a set offset from the real one, it
//! claims a set precision and root dispersion, answers after a set round trip, and it can be
//! told to misbehave in each of the ways the client must survive.
//!
//! Packets are encoded here by hand (RFC 5905 section 7.3), independently of the code under test.

use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use otpkit_core::clock::{Clock, ServerSpec};

/// Seconds from 1900 (NTP's epoch) to 1970.
const NTP_TO_UNIX: u64 = 2_208_988_800;

/// How the responder answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A correct reply.
    None,
    /// Never replies.
    Silent,
    /// First a reply from another port and a wrong-origin reply from this one (both an hour
    /// off), then the correct reply.
    StrayFirst,
    /// Kiss-o'-Death with this code (stratum 0).
    Kiss([u8; 4]),
    /// A reply at this stratum.
    Stratum(u8),
    /// Leap indicator 3 (unsynchronised).
    Leap3,
    /// Only replies whose origin timestamp is not ours.
    WrongOrigin,
    /// Transmit timestamp zero.
    ZeroTransmit,
    /// Only the first `n` bytes of the reply.
    Short(usize),
    /// Mode other than 4.
    Mode(u8),
}

/// Everything about one responder: its clock, what its replies claim, and how long they take.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// How far its clock is ahead of the real one.
    pub offset_ms: i64,
    /// How it misbehaves.
    pub fault: Fault,
    /// The precision it claims, log2 seconds (-20 is about 1 µs, 0 is 1 s, 20 is 12 days).
    pub precision: i8,
    /// The root dispersion it claims, in ms (rounded down to NTP's 1/65536 s).
    pub root_dispersion_ms: u64,
    /// A network round trip: half of it before the server reads its clock, half after, as a
    /// symmetric path would be.
    pub delay_ms: u64,
}

impl Setup {
    /// An honest, fast responder whose clock is `offset_ms` ahead of the real one.
    pub fn at(offset_ms: i64) -> Setup {
        Setup {
            offset_ms,
            fault: Fault::None,
            precision: -20,
            root_dispersion_ms: 4,
            delay_ms: 0,
        }
    }
}

/// A running responder; stops when dropped.
pub struct Responder {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Responder {
    /// Starts a responder whose clock is `offset_ms` ahead of the real one.
    pub fn start(offset_ms: i64, fault: Fault) -> Responder {
        Responder::start_with(Setup {
            fault,
            ..Setup::at(offset_ms)
        })
    }

    /// Starts a responder as `setup` describes.
    pub fn start_with(setup: Setup) -> Responder {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind loopback");
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .expect("read timeout");
        let addr = socket.local_addr().expect("local addr");
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handle = {
            let (requests, stop) = (Arc::clone(&requests), Arc::clone(&stop));
            std::thread::spawn(move || serve(&socket, setup, &requests, &stop))
        };
        Responder {
            addr,
            requests,
            stop,
            handle: Some(handle),
        }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// As a server to ask.
    pub fn server(&self) -> ServerSpec {
        ServerSpec::from(self.addr)
    }

    /// Requests received so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn serve(socket: &UdpSocket, setup: Setup, requests: &AtomicUsize, stop: &AtomicBool) {
    let Setup {
        offset_ms, fault, ..
    } = setup;
    let mut buf = [0u8; 512];
    while !stop.load(Ordering::SeqCst) {
        let Ok((len, client)) = socket.recv_from(&mut buf) else {
            continue;
        };
        requests.fetch_add(1, Ordering::SeqCst);
        if len < 48 || fault == Fault::Silent {
            continue;
        }
        std::thread::sleep(Duration::from_millis(setup.delay_ms / 2));
        let received = ntp_now(offset_ms);
        let mut origin = [0u8; 8];
        origin.copy_from_slice(&buf[40..48]);
        if fault == Fault::StrayFirst {
            let hour_off = offset_ms + 3_600_000;
            let other = UdpSocket::bind("127.0.0.1:0").expect("bind stray");
            let _ = other.send_to(
                &reply(origin, ntp_now(hour_off), ntp_now(hour_off), Setup::at(0)),
                client,
            );
            let wrong_origin = Setup {
                fault: Fault::WrongOrigin,
                ..Setup::at(0)
            };
            let _ = socket.send_to(
                &reply(origin, ntp_now(hour_off), ntp_now(hour_off), wrong_origin),
                client,
            );
        }
        let packet = reply(origin, received, ntp_now(offset_ms), setup);
        std::thread::sleep(Duration::from_millis(setup.delay_ms - setup.delay_ms / 2));
        let _ = match fault {
            Fault::Short(n) => socket.send_to(&packet[..n.min(48)], client),
            _ => socket.send_to(&packet, client),
        };
    }
}

/// The responder's clock as an NTP timestamp (seconds since 1900 in the high 32 bits).
fn ntp_now(offset_ms: i64) -> u64 {
    let real = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("test host clock after 1970");
    let shifted = if offset_ms >= 0 {
        real + Duration::from_millis(offset_ms as u64)
    } else {
        real - Duration::from_millis(offset_ms.unsigned_abs())
    };
    let seconds = (shifted.as_secs() + NTP_TO_UNIX) & 0xffff_ffff;
    let fraction = (u64::from(shifted.subsec_nanos()) << 32) / 1_000_000_000;
    (seconds << 32) | fraction
}

fn reply(origin: [u8; 8], received: u64, transmit: u64, setup: Setup) -> [u8; 48] {
    let fault = setup.fault;
    let leap: u8 = if fault == Fault::Leap3 { 3 } else { 0 };
    let mode: u8 = match fault {
        Fault::Mode(mode) => mode,
        _ => 4,
    };
    let mut p = [0u8; 48];
    p[0] = (leap << 6) | (4 << 3) | mode;
    p[1] = match fault {
        Fault::Kiss(_) => 0,
        Fault::Stratum(stratum) => stratum,
        _ => 2,
    };
    p[2] = 6; // poll
    p[3] = setup.precision as u8;
    let root_dispersion =
        u32::try_from((setup.root_dispersion_ms << 16) / 1_000).unwrap_or(u32::MAX);
    p[4..8].copy_from_slice(&0x0000_0080u32.to_be_bytes());
    p[8..12].copy_from_slice(&root_dispersion.to_be_bytes());
    let reference_id = match fault {
        Fault::Kiss(code) => code,
        _ => [127, 0, 0, 1],
    };
    p[12..16].copy_from_slice(&reference_id);
    p[16..24].copy_from_slice(&(received - (1u64 << 32)).to_be_bytes());
    let origin = if fault == Fault::WrongOrigin {
        (u64::from_be_bytes(origin) ^ 0x5555_0000).to_be_bytes()
    } else {
        origin
    };
    p[24..32].copy_from_slice(&origin);
    p[32..40].copy_from_slice(&received.to_be_bytes());
    let transmit = if fault == Fault::ZeroTransmit {
        0
    } else {
        transmit
    };
    p[40..48].copy_from_slice(&transmit.to_be_bytes());
    p
}

/// The real clock moved by `offset_ms` (the result may be before 1970).
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock(pub i64);

impl Clock for ShiftedClock {
    fn now(&self) -> SystemTime {
        let by = Duration::from_millis(self.0.unsigned_abs());
        if self.0 >= 0 {
            SystemTime::now() + by
        } else {
            SystemTime::now() - by
        }
    }
}
