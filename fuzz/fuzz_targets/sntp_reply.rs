//! SNTP reply handling on arbitrary datagrams: never a panic, and a sample only from a reply that
//! passes the checks core/src/clock/sntp.rs makes (server mode 4, stratum 1 to 15, leap indicator not 3, a
//! transmit time). The first byte chooses whether our origin timestamp is copied in (so the later
//! checks are reached), the next eight the device clock (before or after 1970).
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use otpkit_core::clock;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Some((clock, datagram)) = rest.split_first_chunk::<8>() else {
        return;
    };
    // Up to about 35 000 years either side of 1970.
    let seconds = i64::from_le_bytes(*clock) % (1 << 40);
    let device = if seconds >= 0 {
        UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
    };
    let mut datagram = datagram.to_vec();
    let Some(result) = clock::fuzz_read_reply(device, &mut datagram, flags & 1 == 1) else {
        return;
    };
    if let Ok(sample) = result {
        assert!(datagram.len() >= clock::SNTP_PACKET_LEN);
        assert_eq!(datagram[0] & 0x07, 4, "server mode");
        assert!((1..16).contains(&datagram[1]), "stratum");
        assert_ne!(datagram[0] >> 6, 3, "leap indicator 3");
        assert_ne!(datagram[40..48], [0; 8], "transmit time");
        assert!(sample.error_us >= sample.delay_us / 2);
    }
});
