//! [`Secret`]: the only holder of OTP key bytes in the core.
//!
//! It zeroizes its bytes on drop, prints `<redacted>` in `Debug`, has no `Display` and no
//! `Serialize`, and compares in constant time. Reading the raw bytes takes one explicitly named
//! method, [`Secret::expose_bytes`], so every place that touches them is easy to find.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{ZeroizeOnDrop, Zeroizing};

use crate::base32::{self, Base32Error, Cleanup};

/// OTP key bytes. See the module docs for the guarantees.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Takes ownership of the bytes (the heap buffer moves in; no copy is left behind).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// Wraps bytes that are already in a zeroizing buffer.
    pub fn from_zeroizing(bytes: Zeroizing<Vec<u8>>) -> Self {
        Secret(bytes)
    }

    /// Decodes base32 leniently (see [`crate::base32`]) and says what had to be cleaned up.
    pub fn from_base32(text: &str) -> Result<(Self, Cleanup), Base32Error> {
        let (bytes, cleanup) = base32::decode(text)?;
        Ok((Secret(bytes), cleanup))
    }

    /// The canonical base32 form (uppercase, unpadded), zeroized on drop.
    pub fn to_base32(&self) -> Zeroizing<String> {
        base32::encode(&self.0)
    }

    /// The raw key bytes. Only for HMAC keys, encryption and the export formats.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length of the key in bits, for the weak-secret warning.
    pub fn bits(&self) -> usize {
        self.0.len() * 8
    }

    /// True when the secret holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Its only field is a [`Zeroizing`] buffer, which wipes the bytes when the secret drops.
impl ZeroizeOnDrop for Secret {}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_slice().ct_eq(other.0.as_slice()).into()
    }
}

impl Eq for Secret {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
    }

    #[test]
    fn the_bytes_live_in_a_zeroizing_buffer() {
        // Type-level: this compiles only while the field is `Zeroizing<Vec<u8>>`, which is
        // what backs the `ZeroizeOnDrop` claim above.
        fn field(secret: &Secret) -> &Zeroizing<Vec<u8>> {
            &secret.0
        }
        fn zeroizes_on_drop<T: ZeroizeOnDrop>(_: &T) {}
        let secret = Secret::from_bytes(vec![1, 2, 3]);
        zeroizes_on_drop(field(&secret));
        zeroizes_on_drop(&secret);
        // The buffer is the one handed in: no copy was left behind by `from_bytes`.
        let bytes = vec![9u8; 20];
        let address = bytes.as_ptr();
        assert_eq!(Secret::from_bytes(bytes).expose_bytes().as_ptr(), address);
    }

    #[test]
    fn equality_compares_the_bytes() {
        let a = Secret::from_bytes(vec![1, 2, 3]);
        assert_eq!(a, Secret::from_bytes(vec![1, 2, 3]));
        assert_ne!(a, Secret::from_bytes(vec![1, 2, 4]));
        assert_ne!(a, Secret::from_bytes(vec![1, 2]));
    }

    #[test]
    fn base32_round_trip_is_canonical() {
        let (secret, cleanup) = Secret::from_base32("jbsw y3dp ehpk 3pxp").unwrap();
        assert!(cleanup.lowercase && cleanup.separators);
        assert_eq!(secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(secret.bits(), 80);
    }
}
