//! The one code path: HMAC, dynamic truncation (RFC 4226 section 5.3), then the code's alphabet.

use hmac::{Hmac, Mac};

use super::{Algorithm, Code, OtpParams, OtpType};

/// Steam Guard's alphabet: digits and consonants that cannot be misread for one another.
const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// The code at Unix second `at` (time-based kinds) or at the params' counter (HOTP).
pub fn code(params: &OtpParams, at: u64) -> Code {
    let (factor, valid) = match params.otp_type {
        OtpType::Hotp => (params.counter, None),
        OtpType::Totp | OtpType::Steam => {
            let period = u64::from(params.period);
            let step = at / period;
            let until = step.saturating_add(1).saturating_mul(period);
            (step, Some((step * period, until)))
        }
    };
    let [value, next] = truncate_pair(params, [factor, factor.wrapping_add(1)]);
    Code {
        value: render(params, value),
        next: render(params, next),
        valid_from: valid.map(|(from, _)| from),
        valid_until: valid.map(|(_, until)| until),
    }
}

/// Codes for two moving factors from one keyed HMAC state (the key is hashed once, not twice).
fn truncate_pair(params: &OtpParams, factors: [u64; 2]) -> [u32; 2] {
    let key = params.secret.expose_bytes();
    match params.algorithm {
        Algorithm::Sha1 => truncate_each::<Hmac<sha1::Sha1>>(key, factors),
        Algorithm::Sha256 => truncate_each::<Hmac<sha2::Sha256>>(key, factors),
        Algorithm::Sha512 => truncate_each::<Hmac<sha2::Sha512>>(key, factors),
    }
}

fn truncate_each<M: Mac + hmac::digest::KeyInit + Clone>(
    key: &[u8],
    factors: [u64; 2],
) -> [u32; 2] {
    // HMAC takes keys of any length, so this cannot fail.
    let keyed =
        <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
    factors.map(|factor| {
        let mut mac = keyed.clone();
        mac.update(&factor.to_be_bytes());
        truncate(&mac.finalize().into_bytes())
    })
}

/// Dynamic truncation (RFC 4226 section 5.3) of an HMAC tag to 31 bits.
fn truncate(mac: &[u8]) -> u32 {
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
            // The low `digits` decimal digits, zero-padded (RFC 4226 section 5.3).
            let mut rest = truncated;
            let mut ascii = [b'0'; 8];
            let ascii = &mut ascii[..usize::from(params.digits)];
            for slot in ascii.iter_mut().rev() {
                *slot = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            ascii.iter().map(|&digit| char::from(digit)).collect()
        }
    }
}
