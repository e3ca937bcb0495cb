//! AES-256-GCM (ring) and the system random generator, in the few shapes the vault and the
//! importers need. Keys and plaintexts stay in zeroizing buffers.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// Length of an AES-256 key.
pub(crate) const KEY_LEN: usize = 32;
/// Length of a GCM nonce.
pub(crate) const NONCE_BYTES: usize = NONCE_LEN;
/// Length of a GCM tag.
pub(crate) const TAG_LEN: usize = 16;

/// The AEAD failed: wrong key, or the data or associated data changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AeadFailure;

/// The system random generator failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RandomFailure;

/// Fills `out` with random bytes from the operating system.
pub(crate) fn fill_random(out: &mut [u8]) -> Result<(), RandomFailure> {
    SystemRandom::new().fill(out).map_err(|_| RandomFailure)
}

/// A fresh random 256-bit key.
pub(crate) fn random_key() -> Result<Zeroizing<[u8; KEY_LEN]>, RandomFailure> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    fill_random(key.as_mut())?;
    Ok(key)
}

fn less_safe_key(key: &[u8]) -> Result<LessSafeKey, AeadFailure> {
    UnboundKey::new(&AES_256_GCM, key)
        .map(LessSafeKey::new)
        .map_err(|_| AeadFailure)
}

/// Encrypts `plaintext` in place under `key` and `nonce`; returns ciphertext with the tag appended.
pub(crate) fn seal(
    key: &[u8],
    nonce: &[u8; NONCE_BYTES],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, AeadFailure> {
    let key = less_safe_key(key)?;
    let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
    buf.extend_from_slice(plaintext);
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(*nonce),
        Aad::from(aad),
        &mut buf,
    )
    .map_err(|_| AeadFailure)?;
    Ok(buf)
}

/// Decrypts `ciphertext` (tag appended) into a zeroizing buffer.
pub(crate) fn open(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, AeadFailure> {
    let key = less_safe_key(key)?;
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| AeadFailure)?;
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    let len = key
        .open_in_place(nonce, Aad::from(aad), buf.as_mut_slice())
        .map_err(|_| AeadFailure)?
        .len();
    buf.truncate(len);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_binds_the_aad() {
        let key = [7u8; KEY_LEN];
        let nonce = [1u8; NONCE_BYTES];
        let sealed = seal(&key, &nonce, b"header", b"hello").unwrap();
        assert_eq!(sealed.len(), 5 + TAG_LEN);
        assert_eq!(
            open(&key, &nonce, b"header", &sealed).unwrap().as_slice(),
            b"hello"
        );
        assert_eq!(open(&key, &nonce, b"other", &sealed), Err(AeadFailure));
        assert_eq!(
            open(&[8u8; KEY_LEN], &nonce, b"header", &sealed),
            Err(AeadFailure)
        );
    }
}
