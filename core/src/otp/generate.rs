//! The one code path: HMAC, dynamic truncation (RFC 4226 section 5.3), then the code's alphabet.

use ring::hmac;

use super::{Algorithm, Code, OtpParams, OtpType};

/// Steam Guard's alphabet: digits and consonants that cannot be misread for one another.
const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// The code at Unix second `at` (time-based kinds) or at the params' counter (HOTP).
pub fn code(params: &OtpParams, at: u64) -> Code {
    let key = hmac::Key::new(
        hmac_algorithm(params.algorithm),
        params.secret.expose_bytes(),
    );
    match params.otp_type {
        OtpType::Hotp => Code {
            value: render(params, truncate(&key, params.counter)),
            next: render(params, truncate(&key, params.counter.wrapping_add(1))),
            valid_from: None,
            valid_until: None,
        },
        OtpType::Totp | OtpType::Steam => {
            let period = u64::from(params.period);
            let step = at / period;
            Code {
                value: render(params, truncate(&key, step)),
                next: render(params, truncate(&key, step.wrapping_add(1))),
                valid_from: Some(step * period),
                valid_until: Some(step.saturating_add(1).saturating_mul(period)),
            }
        }
    }
}

fn hmac_algorithm(algorithm: Algorithm) -> hmac::Algorithm {
    match algorithm {
        Algorithm::Sha1 => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        Algorithm::Sha256 => hmac::HMAC_SHA256,
        Algorithm::Sha512 => hmac::HMAC_SHA512,
    }
}

/// HMAC of the big-endian moving factor, reduced to 31 bits by dynamic truncation.
fn truncate(key: &hmac::Key, moving_factor: u64) -> u32 {
    let tag = hmac::sign(key, &moving_factor.to_be_bytes());
    let mac = tag.as_ref();
    // The last nibble picks a 4-byte window; SHA1's 20-byte tag is the shortest, so
    // offset + 4 <= 19 is always in range.
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let window = [
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ];
    u32::from_be_bytes(window) & 0x7fff_ffff
}

fn render(params: &OtpParams, truncated: u32) -> String {
    match params.otp_type {
        OtpType::Steam => {
            let mut rest = truncated as usize;
            (0..params.digits)
                .map(|_| {
                    let ch = STEAM_ALPHABET[rest % STEAM_ALPHABET.len()] as char;
                    rest /= STEAM_ALPHABET.len();
                    ch
                })
                .collect()
        }
        OtpType::Totp | OtpType::Hotp => {
            let modulus = 10u32.pow(u32::from(params.digits));
            format!(
                "{:0width$}",
                truncated % modulus,
                width = usize::from(params.digits)
            )
        }
    }
}
