//! Realistic payloads: `otpauth://` URIs and Google Authenticator migration batches.

use crate::Rng;

const ISSUERS: &[&str] = &[
    "GitHub",
    "Example Corp",
    "Teamleader Focus",
    "Proton",
    "Dropbox",
    "AWS",
    "Bank of Nowhere",
    "Acme Cloud",
    "Mastodon Social",
    "Gitlab",
];
const NAMES: &[&str] = &[
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank.mueller",
    "grace_h",
    "heidi",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "mail.example.org",
    "corp.example.net",
    "proton.me",
];

fn random_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.next_u64() as u8).collect()
}

fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn account(rng: &mut Rng) -> (String, String) {
    let issuer = rng.pick(ISSUERS).to_string();
    let label = format!(
        "{}{}@{}",
        rng.pick(NAMES),
        rng.range_u32(1, 99),
        rng.pick(DOMAINS)
    );
    (issuer, label)
}

/// A TOTP URI with a random 160-bit secret, as a service's setup page shows it.
pub fn otpauth_uri(rng: &mut Rng) -> String {
    let (issuer, label) = account(rng);
    let secret = base32(&random_bytes(rng, 20));
    let mut uri = format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}",
        percent_encode(&issuer),
        percent_encode(&label),
        percent_encode(&issuer)
    );
    if rng.unit() < 0.3 {
        uri.push_str("&algorithm=SHA1&digits=6&period=30");
    }
    uri
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn field_bytes(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    varint(out, field << 3 | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn field_varint(out: &mut Vec<u8>, field: u64, v: u64) {
    varint(out, field << 3);
    varint(out, v);
}

/// A Google Authenticator export URI (`otpauth-migration://offline?data=`) with `accounts`
/// TOTP accounts, as one part of a one-part batch.
pub fn migration_uri(rng: &mut Rng, accounts: u32) -> String {
    let batch_id = None;
    migration_part_uri(rng, accounts, 0, 1, batch_id)
}

/// Part `index` (from 0) of a `size`-part export, with `batch_id` (random when `None`).
pub fn migration_part_uri(
    rng: &mut Rng,
    accounts: u32,
    index: u32,
    size: u32,
    batch_id: Option<u32>,
) -> String {
    let mut payload = Vec::new();
    for _ in 0..accounts {
        let (issuer, label) = account(rng);
        let mut params = Vec::new();
        field_bytes(&mut params, 1, &random_bytes(rng, 20));
        field_bytes(&mut params, 2, format!("{issuer}:{label}").as_bytes());
        field_bytes(&mut params, 3, issuer.as_bytes());
        field_varint(&mut params, 4, 1); // SHA1
        field_varint(&mut params, 5, 1); // six digits
        field_varint(&mut params, 6, 2); // TOTP
        field_bytes(&mut payload, 1, &params);
    }
    field_varint(&mut payload, 2, 1); // version
    field_varint(&mut payload, 3, u64::from(size)); // batch_size
    field_varint(&mut payload, 4, u64::from(index)); // batch_index
    let batch_id = batch_id.map_or(rng.next_u64() & 0x7FFF_FFFF, u64::from);
    field_varint(&mut payload, 5, batch_id); // batch_id
    format!(
        "otpauth-migration://offline?data={}",
        percent_encode(&base64(&payload))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_and_base64_match_rfc4648_vectors() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"fo"), "Zm8=");
    }
}
