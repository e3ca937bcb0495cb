//! The vault file's binary format. All integers are little-endian.
//!
//! ```text
//! magic         8   "OTPKITVT"
//! format        2   FORMAT_VERSION
//! !format       2   bitwise complement: a damaged byte reads as corruption, not a "newer version"
//! header_len    4   bytes of slot data that follow (at most MAX_HEADER_LEN)
//! content_len   4   bytes of ciphertext + tag (at most MAX_CONTENT_LEN)
//! header        header_len: slot_count (1 byte, 1..=MAX_SLOTS), then per slot:
//!                 kind (1 byte) | body_len (2) | body
//!                 passphrase (kind 1): m_cost_kib (4) | t_cost (4) | p_cost (4) | salt (32)
//!                                      | nonce (12) | wrapped key (32) | tag (16)
//!                 platform   (kind 2), format 1: the keystore's blob (its key alias is
//!                                      slots::LEGACY_KEY_ALIAS)
//!                 platform   (kind 2), format 2: alias_len (1) | alias (1..=64 bytes of
//!                                      [A-Za-z0-9._-]) | the keystore's blob
//! digest        32  SHA-256 of everything above: a damaged slot reads as corruption, not as a
//!                   wrong passphrase, and is caught before the (costly) key derivation
//! nonce         12  fresh for every save
//! content       content_len: AES-256-GCM ciphertext + tag of the JSON content, with every byte
//!                   before the nonce as associated data
//! ```
//! The file ends there: trailing bytes are corruption. Parsing reads through a bounded cursor
//! and returns an error at every step; it never panics.
//!
//! Format 2 differs from 1 only in the platform slot, which names its key. A file is written in
//! the oldest format that holds its slots: format 1 unless a platform slot has an alias, so
//! backups and passphrase-only vaults stay readable by builds that know only format 1.

use sha2::{Digest, Sha256};

use super::aead::{NONCE_BYTES, TAG_LEN};
use super::error::VaultError;
use super::slots::{
    is_key_alias, KdfParams, PassphraseSlot, PlatformSlot, Slot, MAX_KEY_ALIAS_LEN,
    MAX_PLATFORM_BLOB, SALT_LEN, WRAPPED_LEN,
};

/// First bytes of every vault and backup file.
pub(crate) const MAGIC: &[u8; 8] = b"OTPKITVT";
/// The newest container format this build reads and writes (2: platform slots name their key).
pub(crate) const FORMAT_VERSION: u16 = 2;
/// The format of files whose platform slots carry no key alias.
const FORMAT_NO_ALIAS: u16 = 1;
/// Fixed prefix: magic, format, its complement, header length, content length.
const PREFIX_LEN: usize = 8 + 2 + 2 + 4 + 4;
/// Length of the header digest.
const DIGEST_LEN: usize = 32;
/// Most slots in one vault: a passphrase and a platform key, with room to spare.
const MAX_SLOTS: usize = 8;
/// Largest header: MAX_SLOTS platform blobs with their aliases and framing.
const MAX_HEADER_LEN: usize = 1 + MAX_SLOTS * (3 + 1 + MAX_KEY_ALIAS_LEN + MAX_PLATFORM_BLOB);
/// Largest encrypted content: 64 MiB, hundreds of times a real vault.
pub(crate) const MAX_CONTENT_LEN: usize = 64 * 1024 * 1024;
/// Largest whole file; reading stops past it.
pub(crate) const MAX_FILE_LEN: usize =
    PREFIX_LEN + MAX_HEADER_LEN + DIGEST_LEN + NONCE_BYTES + MAX_CONTENT_LEN;

const KIND_PASSPHRASE: u8 = 1;
const KIND_PLATFORM: u8 = 2;
const PASSPHRASE_BODY_LEN: usize = 12 + SALT_LEN + WRAPPED_LEN;

/// A parsed file, borrowing the input.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    pub slots: Vec<Slot>,
    /// The associated data for the content: every byte before the nonce.
    pub aad: &'a [u8],
    pub nonce: &'a [u8],
    pub ciphertext: &'a [u8],
}

fn corrupt(reason: &'static str) -> VaultError {
    VaultError::Corrupt { reason }
}

/// A bounded reader over a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], VaultError> {
        let end = self.pos.checked_add(n).ok_or(corrupt(what))?;
        let out = self.bytes.get(self.pos..end).ok_or(corrupt(what))?;
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self, what: &'static str) -> Result<u8, VaultError> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, VaultError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, VaultError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], VaultError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }
    fn is_done(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Fuzzing entry point (feature `fuzzing` only): whether `bytes` parse as a container, up to
/// decryption.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub fn fuzz_parse_container(bytes: &[u8]) -> bool {
    parse(bytes).is_ok()
}

/// Parses a file up to, not including, decryption.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>, VaultError> {
    let mut r = Reader { bytes, pos: 0 };
    let magic = r.take(MAGIC.len(), "the file is too short to be a vault")?;
    if magic != MAGIC {
        return Err(corrupt("this is not an OtpKit vault (wrong magic bytes)"));
    }
    let format = r.u16("the file is truncated")?;
    let complement = r.u16("the file is truncated")?;
    if format != !complement {
        return Err(corrupt("the format version is damaged"));
    }
    if format > FORMAT_VERSION {
        return Err(VaultError::NewerVersion {
            what: "format",
            found: u32::from(format),
            supported: u32::from(FORMAT_VERSION),
        });
    }
    if format == 0 {
        return Err(corrupt("format version 0 does not exist"));
    }
    let header_len = r.u32("the file is truncated")? as usize;
    let content_len = r.u32("the file is truncated")? as usize;
    if header_len > MAX_HEADER_LEN {
        return Err(corrupt("the header is longer than any vault's"));
    }
    if !(TAG_LEN..=MAX_CONTENT_LEN).contains(&content_len) {
        return Err(corrupt("the content length is out of range"));
    }
    let expected = PREFIX_LEN + header_len + DIGEST_LEN + NONCE_BYTES + content_len;
    if bytes.len() < expected {
        return Err(corrupt("the file is truncated"));
    }
    if bytes.len() > expected {
        return Err(corrupt("unexpected data after the end of the vault"));
    }
    let header = r.take(header_len, "the file is truncated")?;
    let aad_end = r.pos;
    let stored_digest = r.take(DIGEST_LEN, "the file is truncated")?;
    if Sha256::digest(&bytes[..aad_end]).as_slice() != stored_digest {
        return Err(corrupt("the header checksum does not match"));
    }
    let slots = parse_slots(header, format)?;
    let aad = &bytes[..r.pos];
    let nonce = r.take(NONCE_BYTES, "the file is truncated")?;
    let ciphertext = r.take(content_len, "the file is truncated")?;
    if !r.is_done() {
        return Err(corrupt("unexpected data after the end of the vault"));
    }
    Ok(Parsed {
        slots,
        aad,
        nonce,
        ciphertext,
    })
}

fn parse_slots(header: &[u8], format: u16) -> Result<Vec<Slot>, VaultError> {
    let mut r = Reader {
        bytes: header,
        pos: 0,
    };
    let count = r.u8("the header is empty")? as usize;
    if count == 0 || count > MAX_SLOTS {
        return Err(corrupt("the number of key slots is out of range"));
    }
    let mut slots = Vec::with_capacity(count);
    for _ in 0..count {
        let kind = r.u8("a key slot is truncated")?;
        let len = r.u16("a key slot is truncated")? as usize;
        let body = r.take(len, "a key slot is truncated")?;
        let slot = match kind {
            KIND_PASSPHRASE => Slot::Passphrase(parse_passphrase(body)?),
            KIND_PLATFORM => Slot::Platform(parse_platform(body, format)?),
            _ => return Err(corrupt("a key slot has an unknown kind")),
        };
        slots.push(slot);
    }
    if !r.is_done() {
        return Err(corrupt("unexpected data after the key slots"));
    }
    Ok(slots)
}

fn parse_platform(body: &[u8], format: u16) -> Result<PlatformSlot, VaultError> {
    let (alias, blob) = if format == FORMAT_NO_ALIAS {
        (None, body)
    } else {
        let mut r = Reader {
            bytes: body,
            pos: 0,
        };
        let len = r.u8("a platform slot is truncated")? as usize;
        let alias = r.take(len, "a platform slot is truncated")?;
        let alias = std::str::from_utf8(alias)
            .ok()
            .filter(|a| is_key_alias(a))
            .ok_or(corrupt("a platform slot has an invalid key alias"))?;
        (Some(alias.to_owned()), &body[r.pos..])
    };
    if !(1..=MAX_PLATFORM_BLOB).contains(&blob.len()) {
        return Err(corrupt("a platform slot has an invalid length"));
    }
    Ok(PlatformSlot {
        alias,
        blob: blob.to_vec(),
    })
}

fn parse_passphrase(body: &[u8]) -> Result<PassphraseSlot, VaultError> {
    if body.len() != PASSPHRASE_BODY_LEN {
        return Err(corrupt("a passphrase slot has the wrong length"));
    }
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let m = r.u32("a passphrase slot is truncated")?;
    let t = r.u32("a passphrase slot is truncated")?;
    let p = r.u32("a passphrase slot is truncated")?;
    let params = KdfParams::new(m, t, p)
        .map_err(|_| corrupt("a passphrase slot has out-of-range Argon2 parameters"))?;
    Ok(PassphraseSlot {
        params,
        salt: r.array("a passphrase slot is truncated")?,
        wrapped: r.array("a passphrase slot is truncated")?,
    })
}

/// Writes a file: slots, then the content sealed by `seal(aad)`, which returns nonce and
/// ciphertext. The closure gets every byte before the nonce as associated data.
pub(crate) fn build(
    slots: &[Slot],
    content_len_hint: usize,
    seal: impl FnOnce(&[u8]) -> Result<([u8; NONCE_BYTES], Vec<u8>), VaultError>,
) -> Result<Vec<u8>, VaultError> {
    let aliased = slots
        .iter()
        .any(|s| matches!(s, Slot::Platform(p) if p.alias.is_some()));
    let format = if aliased {
        FORMAT_VERSION
    } else {
        FORMAT_NO_ALIAS
    };
    let mut header = vec![u8::try_from(slots.len()).map_err(|_| corrupt("too many key slots"))?];
    for slot in slots {
        let body: Vec<u8> = match slot {
            Slot::Passphrase(s) => {
                let mut b = Vec::with_capacity(PASSPHRASE_BODY_LEN);
                b.extend_from_slice(&s.params.m_cost_kib().to_le_bytes());
                b.extend_from_slice(&s.params.t_cost().to_le_bytes());
                b.extend_from_slice(&s.params.p_cost().to_le_bytes());
                b.extend_from_slice(&s.salt);
                b.extend_from_slice(&s.wrapped);
                b
            }
            // Format 2: every platform slot names its key (the legacy one included).
            Slot::Platform(s) if aliased => {
                let alias = s.key_alias();
                let len =
                    u8::try_from(alias.len()).map_err(|_| corrupt("a key alias is too long"))?;
                let mut b = vec![len];
                b.extend_from_slice(alias.as_bytes());
                b.extend_from_slice(&s.blob);
                b
            }
            Slot::Platform(s) => s.blob.clone(),
        };
        header.push(match slot {
            Slot::Passphrase(_) => KIND_PASSPHRASE,
            Slot::Platform(_) => KIND_PLATFORM,
        });
        let len = u16::try_from(body.len()).map_err(|_| corrupt("a key slot is too long"))?;
        header.extend_from_slice(&len.to_le_bytes());
        header.extend_from_slice(&body);
    }
    if slots.is_empty() || slots.len() > MAX_SLOTS || header.len() > MAX_HEADER_LEN {
        return Err(corrupt("the number of key slots is out of range"));
    }
    let content_len = content_len_hint + TAG_LEN;
    if content_len > MAX_CONTENT_LEN {
        return Err(corrupt("the content is larger than a vault may hold"));
    }
    let mut out =
        Vec::with_capacity(PREFIX_LEN + header.len() + DIGEST_LEN + NONCE_BYTES + content_len);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(&(!format).to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&(content_len as u32).to_le_bytes());
    out.extend_from_slice(&header);
    let header_digest = Sha256::digest(&out);
    out.extend_from_slice(&header_digest);
    let (nonce, ciphertext) = seal(&out)?;
    if ciphertext.len() != content_len {
        return Err(corrupt("the sealed content has an unexpected length"));
    }
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform_file(content: &[u8]) -> Vec<u8> {
        let slots = vec![Slot::Platform(PlatformSlot {
            alias: None,
            blob: vec![5; 60],
        })];
        file_with(&slots, content)
    }

    fn file_with(slots: &[Slot], content: &[u8]) -> Vec<u8> {
        build(slots, content.len(), |_aad| {
            let mut c = content.to_vec();
            c.extend_from_slice(&[0u8; TAG_LEN]);
            Ok(([9u8; NONCE_BYTES], c))
        })
        .unwrap()
    }

    #[test]
    fn build_then_parse_round_trips() {
        let file = platform_file(b"hello");
        let parsed = parse(&file).unwrap();
        assert_eq!(parsed.slots.len(), 1);
        assert_eq!(parsed.nonce, &[9u8; NONCE_BYTES]);
        assert_eq!(&parsed.ciphertext[..5], b"hello");
        assert_eq!(parsed.aad.len(), file.len() - NONCE_BYTES - 5 - TAG_LEN);
    }

    #[test]
    fn every_truncation_and_any_trailing_byte_is_corrupt() {
        let file = platform_file(b"hello");
        for len in 0..file.len() {
            assert!(
                matches!(parse(&file[..len]), Err(VaultError::Corrupt { .. })),
                "len {len}"
            );
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(matches!(parse(&longer), Err(VaultError::Corrupt { .. })));
    }

    #[test]
    fn newer_format_is_reported_as_such() {
        let mut file = platform_file(b"hello");
        file[8..10].copy_from_slice(&3u16.to_le_bytes());
        file[10..12].copy_from_slice(&(!3u16).to_le_bytes());
        assert!(matches!(
            parse(&file),
            Err(VaultError::NewerVersion {
                what: "format",
                found: 3,
                supported: 2
            })
        ));
    }

    fn aliased(alias: &str, blob_len: usize) -> Slot {
        Slot::Platform(PlatformSlot {
            alias: Some(alias.into()),
            blob: vec![7; blob_len],
        })
    }

    #[test]
    fn a_platform_slot_without_alias_is_written_as_format_1() {
        let file = platform_file(b"hello");
        assert_eq!(&file[8..12], &[1, 0, 0xfe, 0xff]);
        let parsed = parse(&file).unwrap();
        let Slot::Platform(slot) = &parsed.slots[0] else {
            panic!("{:?}", parsed.slots)
        };
        assert_eq!((slot.alias.as_deref(), slot.blob.len()), (None, 60));
    }

    #[test]
    fn a_named_platform_key_makes_format_2_and_reads_back() {
        let legacy = Slot::Platform(PlatformSlot {
            alias: None,
            blob: vec![5; 3],
        });
        let longest = "k".repeat(MAX_KEY_ALIAS_LEN);
        let slots = [aliased(&longest, MAX_PLATFORM_BLOB), legacy];
        let file = file_with(&slots, b"hello");
        assert_eq!(&file[8..12], &[2, 0, 0xfd, 0xff]);
        let parsed = parse(&file).unwrap();
        let [Slot::Platform(a), Slot::Platform(b)] = &parsed.slots[..] else {
            panic!("{:?}", parsed.slots)
        };
        assert_eq!(a.alias.as_deref(), Some(longest.as_str()));
        assert_eq!(a.blob, vec![7; MAX_PLATFORM_BLOB]);
        // In format 2 the legacy slot names its key too.
        assert_eq!((b.alias.as_deref(), b.blob.len()), (Some("vault-slot"), 3));
    }

    /// A format-2 file whose only slot is a platform slot with this body.
    fn format_2_with_body(body: &[u8]) -> Vec<u8> {
        let mut file = file_with(&[aliased("a", 1)], b"hello");
        // Its header (count, kind, length, body [1, 'a', 7]) is 7 bytes: rewrite it.
        let header_len = 1 + 3 + body.len();
        let mut out = file[..12].to_vec();
        out.extend_from_slice(&(header_len as u32).to_le_bytes());
        out.extend_from_slice(&file[16..PREFIX_LEN]);
        out.extend_from_slice(&[1, KIND_PLATFORM]);
        out.extend_from_slice(&(body.len() as u16).to_le_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(Sha256::digest(&out).as_slice());
        let tail = file.split_off(PREFIX_LEN + 7 + DIGEST_LEN);
        out.extend_from_slice(&tail);
        out
    }

    #[test]
    fn a_bad_alias_or_blob_in_format_2_is_corrupt() {
        assert!(parse(&format_2_with_body(&[1, b'a', 7])).is_ok());
        for (body, reason) in [
            (&[][..], "a platform slot is truncated"),
            (&[2, b'a'][..], "a platform slot is truncated"),
            (&[1, b'a'][..], "a platform slot has an invalid length"),
            (&[0, 7][..], "a platform slot has an invalid key alias"),
            (
                &[1, b' ', 7][..],
                "a platform slot has an invalid key alias",
            ),
            (
                &[2, 0xc3, 0xa9, 7][..],
                "a platform slot has an invalid key alias",
            ),
        ] {
            let err = parse(&format_2_with_body(body)).unwrap_err();
            assert!(
                matches!(err, VaultError::Corrupt { reason: r } if r == reason),
                "{body:?}: {err:?}"
            );
        }
        let mut oversized = vec![1, b'a'];
        oversized.resize(2 + MAX_PLATFORM_BLOB + 1, 7);
        assert!(matches!(
            parse(&format_2_with_body(&oversized)),
            Err(VaultError::Corrupt {
                reason: "a platform slot has an invalid length"
            })
        ));
    }

    #[test]
    fn a_damaged_version_byte_is_corruption_not_a_newer_version() {
        let mut file = platform_file(b"hello");
        file[9] ^= 0x01;
        assert!(matches!(parse(&file), Err(VaultError::Corrupt { .. })));
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn any_change_to_the_header_or_lengths_is_caught(
            index in 0usize..120,
            mask in 1u8..=255,
        ) {
            let file = platform_file(b"hello");
            // Everything up to the end of the digest is checked before decryption.
            let checked = file.len() - NONCE_BYTES - 5 - TAG_LEN;
            let index = index % checked;
            let mut damaged = file.clone();
            damaged[index] ^= mask;
            proptest::prop_assert!(parse(&damaged).is_err());
        }
    }
}
