//! libsodium's `crypto_secretstream_xchacha20poly1305`, the pull (decrypting) side of one
//! message: what Ente Auth's encrypted export holds (`CryptoUtil.encryptData` in
//! ente-io/ente_crypto_dart pushes the whole export as one message).
//!
//! Written from libsodium's `crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c`
//! (ISC licence): the 24-byte header gives the subkey HChaCha20(key, header[0..16]) and the
//! nonce `counter (1, 4 bytes LE) || header[16..24]`. A message is `tag (1 byte) || ciphertext
//! || MAC (16 bytes)`: ChaCha20 block 0 keys Poly1305; a 64-byte block whose first byte is the
//! tag is encrypted at block 1; the message at block 2. The MAC covers
//! `block (with the encrypted tag byte) || ciphertext || (mlen & 15) zero bytes ||
//! le64(adlen = 0) || le64(64 + mlen)`: libsodium's padding, `(0x10 - 64 + mlen) & 0xf`, which
//! its source says should have been otherwise and is kept for compatibility. That is why this
//! is not RFC 8439's AEAD and why `ring` (AES-GCM and RFC 8439 only) cannot open it.

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{ChaCha20, R20};
use poly1305::universal_hash::KeyInit;
use poly1305::Poly1305;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Header length (`crypto_secretstream_xchacha20poly1305_HEADERBYTES`).
pub(crate) const HEADER_LEN: usize = 24;
/// Bytes a message adds: the tag byte and the MAC (`..._ABYTES`).
pub(crate) const ABYTES: usize = 17;
/// The tag of the last message of a stream (`..._TAG_FINAL`).
#[cfg(test)]
pub(crate) const TAG_FINAL: u8 = 3;
/// The tag of a plain message (`..._TAG_MESSAGE`).
#[cfg(test)]
pub(crate) const TAG_MESSAGE: u8 = 0;

/// The message failed authentication (wrong key, or damaged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Failed;

/// Opens the first message of a stream: its plaintext and tag.
pub(crate) fn open_first(
    key: &[u8; 32],
    header: &[u8],
    message: &[u8],
) -> Result<(Zeroizing<Vec<u8>>, u8), Failed> {
    let header: &[u8; HEADER_LEN] = header.try_into().map_err(|_| Failed)?;
    if message.len() < ABYTES {
        return Err(Failed);
    }
    let mut stream = cipher(key, header);
    let mlen = message.len() - ABYTES;
    let (body, stored_mac) = message.split_at(1 + mlen);

    // Block 0: the Poly1305 key.
    let mut poly_key = Zeroizing::new([0u8; 64]);
    stream.apply_keystream(poly_key.as_mut());
    // Block 1: the tag, in a block of its own.
    let mut block = [0u8; 64];
    block[0] = body[0];
    stream.apply_keystream(&mut block);
    let tag = block[0];
    block[0] = body[0];

    let ciphertext = &body[1..];
    let mut mac_input = Vec::with_capacity(64 + mlen + 16 + 16);
    mac_input.extend_from_slice(&block);
    mac_input.extend_from_slice(ciphertext);
    mac_input.resize(mac_input.len() + (mlen & 0xf), 0);
    mac_input.extend_from_slice(&0u64.to_le_bytes());
    mac_input.extend_from_slice(&((64 + mlen) as u64).to_le_bytes());
    let poly = Poly1305::new_from_slice(&poly_key[..32]).map_err(|_| Failed)?;
    let mac = poly.compute_unpadded(&mac_input);
    if !bool::from(mac.as_slice().ct_eq(stored_mac)) {
        return Err(Failed);
    }

    // Block 2 on: the message.
    let mut plain = Zeroizing::new(ciphertext.to_vec());
    stream.seek(128u64);
    stream.apply_keystream(&mut plain);
    Ok((plain, tag))
}

/// ChaCha20 (IETF) under the stream's subkey and first nonce, at block 0.
fn cipher(key: &[u8; 32], header: &[u8; HEADER_LEN]) -> ChaCha20 {
    let mut input = chacha20::cipher::Array::<u8, _>::default();
    input.copy_from_slice(&header[..16]);
    let subkey = Zeroizing::new(<[u8; 32]>::from(chacha20::hchacha::<R20>(
        &(*key).into(),
        &input,
    )));
    let mut nonce = [0u8; 12];
    nonce[0] = 1;
    nonce[4..].copy_from_slice(&header[16..]);
    ChaCha20::new(&(*subkey).into(), &nonce.into())
}

/// The push side, for tests and the fixture generator's cross-check: one message with `tag`.
#[cfg(test)]
pub(crate) fn seal_first(
    key: &[u8; 32],
    header: &[u8; HEADER_LEN],
    plain: &[u8],
    tag: u8,
) -> Vec<u8> {
    let mut stream = cipher(key, header);
    let mut poly_key = [0u8; 64];
    stream.apply_keystream(&mut poly_key);
    let mut block = [0u8; 64];
    block[0] = tag;
    stream.apply_keystream(&mut block);
    let mut out = vec![block[0]];
    let mut ciphertext = plain.to_vec();
    stream.seek(128u64);
    stream.apply_keystream(&mut ciphertext);
    let mlen = plain.len();
    let mut mac_input = block.to_vec();
    mac_input.extend_from_slice(&ciphertext);
    mac_input.resize(mac_input.len() + (mlen & 0xf), 0);
    mac_input.extend_from_slice(&0u64.to_le_bytes());
    mac_input.extend_from_slice(&((64 + mlen) as u64).to_le_bytes());
    let mac = Poly1305::new_from_slice(&poly_key[..32])
        .unwrap()
        .compute_unpadded(&mac_input);
    out.extend_from_slice(&ciphertext);
    out.extend_from_slice(mac.as_slice());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// A message made by libsodium itself (PyNaCl 1.6.2: `init_push` with the key 00..1f, which
    /// drew this header, then `push` with TAG_MESSAGE): 49 bytes, so the quirky padding is 1.
    #[test]
    fn opens_what_libsodium_sealed() {
        let key: [u8; 32] = std::array::from_fn(|i| i as u8);
        let header = unhex("fc65bd08033cc669e4ae5c91fceadad9f0e6fd3842eca2d3");
        let sealed = unhex(concat!(
            "00d4b90cc83a49e7761eedd17ffe4a72f1868aaf34df234740a5eb2b7bc3e245609f29605",
            "04e56a98e70b6802fcd3adc67042e5fd9119773d622a13cbcc39bc165b4"
        ));
        let (plain, tag) = open_first(&key, &header, &sealed).unwrap();
        assert_eq!(tag, TAG_MESSAGE);
        assert_eq!(
            plain.as_slice(),
            b"otpauth://totp/libsodium?secret=GEZDGNBVGY3TQOJQ\n"
        );
        let header: [u8; HEADER_LEN] = header.try_into().unwrap();
        assert_eq!(seal_first(&key, &header, &plain, TAG_MESSAGE), sealed);
    }

    #[test]
    fn seal_and_open_agree_at_every_padding_length() {
        let key: [u8; 32] = std::array::from_fn(|i| i as u8);
        let header: [u8; HEADER_LEN] = std::array::from_fn(|i| 0x40 + i as u8);
        for len in [0, 1, 15, 16, 17, 47, 48, 49, 63, 64, 65, 200] {
            let plain: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let sealed = seal_first(&key, &header, &plain, TAG_FINAL);
            assert_eq!(sealed.len(), len + ABYTES);
            let (opened, tag) = open_first(&key, &header, &sealed).unwrap();
            assert_eq!(
                (opened.as_slice(), tag),
                (plain.as_slice(), TAG_FINAL),
                "{len}"
            );
            // Any changed byte (tag, body, MAC), another key or header: refused.
            for at in [0, sealed.len() / 2, sealed.len() - 1] {
                let mut bad = sealed.clone();
                bad[at] ^= 1;
                assert_eq!(open_first(&key, &header, &bad), Err(Failed), "{len} {at}");
            }
            let mut other = key;
            other[0] ^= 1;
            assert_eq!(open_first(&other, &header, &sealed), Err(Failed));
            let mut moved = header;
            moved[20] ^= 1;
            assert_eq!(open_first(&key, &moved, &sealed), Err(Failed));
        }
        assert_eq!(open_first(&key, &header, &[0; ABYTES - 1]), Err(Failed));
        assert_eq!(open_first(&key, &header[..23], &[0; ABYTES]), Err(Failed));
    }
}
