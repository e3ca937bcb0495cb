//! Every test vector of RFC 4226 Appendix D and RFC 6238 Appendix B, read from the shared files in
//! `tests/vectors/` (which cite their source), through the public API.

use crate::support;

use otpkit_core::clock::{ClockError, FixedClock};
use otpkit_core::otp::{self, Algorithm, OtpParams};
use otpkit_core::secret::Secret;

fn vector_rows(name: &str) -> Vec<Vec<String>> {
    let path = support::core_dir().join("../tests/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The seed the RFC 6238 reference code uses for each hash (its errata ID 2866).
fn rfc6238_seed(algorithm: Algorithm) -> Secret {
    let seed = b"1234567890123456789012345678901234567890123456789012345678901234";
    let len = match algorithm {
        Algorithm::Sha1 => 20,
        Algorithm::Sha256 => 32,
        Algorithm::Sha512 => 64,
    };
    Secret::from_bytes(seed[..len].to_vec())
}

#[test]
fn rfc4226_appendix_d() {
    let rows = vector_rows("rfc4226-hotp.tsv");
    assert_eq!(rows.len(), 10);
    let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
    for (index, row) in rows.iter().enumerate() {
        let counter: u64 = row[0].parse().unwrap();
        let params = OtpParams::hotp(secret.clone(), Algorithm::Sha1, 6, counter).unwrap();
        let code = otp::code(&params, 0);
        assert_eq!(code.value, row[1], "counter {counter}");
        if let Some(next_row) = rows.get(index + 1) {
            assert_eq!(code.next, next_row[1], "next after counter {counter}");
        }
        assert_eq!((code.valid_from, code.valid_until), (None, None));
    }
}

#[test]
fn rfc6238_appendix_b() {
    let rows = vector_rows("rfc6238-totp.tsv");
    assert_eq!(rows.len(), 18);
    for row in rows {
        let at: u64 = row[0].parse().unwrap();
        let algorithm = Algorithm::from_name(&row[1]).unwrap();
        let params = OtpParams::totp(rfc6238_seed(algorithm), algorithm, 8, 30).unwrap();
        let code = otp::code(&params, at);
        assert_eq!(code.value, row[2], "{} at {at}", row[1]);
        let step_start = at - at % 30;
        assert_eq!(code.valid_from, Some(step_start));
        assert_eq!(code.valid_until, Some(step_start + 30));
        assert_eq!(code.next, otp::code(&params, step_start + 30).value);
    }
}

#[test]
fn shorter_codes_are_the_low_digits_of_the_same_value() {
    // RFC 4226 section 5.3: the code is the truncated value modulo 10^digits.
    let params =
        |digits| OtpParams::totp(rfc6238_seed(Algorithm::Sha1), Algorithm::Sha1, digits, 30);
    assert_eq!(otp::code(&params(6).unwrap(), 59).value, "287082");
    assert_eq!(otp::code(&params(7).unwrap(), 59).value, "4287082");
}

#[test]
fn code_now_reads_the_injected_clock() {
    let params =
        OtpParams::totp(rfc6238_seed(Algorithm::Sha512), Algorithm::Sha512, 8, 30).unwrap();
    let code = otp::code_now(&params, &FixedClock::at_unix(1_111_111_111)).unwrap();
    assert_eq!(code.value, "99943326");
    assert_eq!(code.seconds_left(1_111_111_111), Some(29));
    let before_1970 = FixedClock(std::time::UNIX_EPOCH - std::time::Duration::from_secs(5));
    assert_eq!(
        otp::code_now(&params, &before_1970),
        Err(ClockError::BeforeEpoch)
    );
}
