//! FreeOTP backups (FreeOTP 2.0 and later: Settings, Backup), which FreeOTP encrypts under the
//! backup password. They are read without the phone: the Android KeyStore holds FreeOTP's
//! working keys on the phone, but the backup file carries every token key wrapped by a master
//! key that the password unwraps. (FreeOTP before 2.0 had no backup file; its tokens sat in the
//! app's private storage, readable only on a rooted phone: export them from the app instead.)
//!
//! Format, as FreeOTP writes it (freeotp/freeotp-android, `mobile/src/main/java/org/fedorahosted/freeotp`):
//! - `TokenPersistence.copyBackupToExternal`: Java serialisation (`ObjectOutputStream`) of the
//!   backup preferences' `Map<String, String>`, a `java.util.HashMap`.
//! - `"masterKey"`: Gson JSON of `encryptor/MasterKey` (`mAlgorithm` `PBKDF2withHmacSHA512`,
//!   or `...SHA1` where that is missing; `mIterations`, 100,000; `mSalt`, 32 bytes;
//!   `mEncryptedKey`).
//! - `"<uuid>"`: `{"key": "<Gson JSON of an EncryptedKey>"}`, the token's HMAC key; and
//!   `"<uuid>-token"`: Gson JSON of `Token` (the FreeOTP+ fields, without the secret).
//! - `encryptor/EncryptedKey`: `mCipher` `AES/GCM/NoPadding`, `mCipherText` (ciphertext and
//!   tag, Java bytes), `mParameters` (the DER of Java's GCM parameters: the 12-byte nonce and
//!   the tag length), `mToken` (the key's algorithm name, the associated data).
//! - The master key: PBKDF2 (`mAlgorithm`) of the password over `mSalt`, `mIterations`, as many
//!   bits as the salt has, opens `mEncryptedKey` (associated data `AES`); it opens every token
//!   key (associated data the key's `mToken`, e.g. `HmacSHA1`).
//!
//! A file asking for more than four times FreeOTP's 100,000 iterations is refused unread.

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::freeotp_plus::Token;
use super::json::{self, SecretBytes};
use super::{check_count, entry_name, push_entry, ImportBatch, ImportError, ImportFormat, KdfCost};
use crate::secret::Secret;
use crate::vault::aead;

const FORMAT: ImportFormat = ImportFormat::FreeOtp;
/// Java serialisation's stream magic and version.
pub(crate) const STREAM_MAGIC: &[u8] = &[0xac, 0xed, 0x00, 0x05];
/// FreeOTP's iteration count (`MasterKey.ITERATIONS`).
const FREEOTP_ITERATIONS: u32 = 100_000;
/// The most iterations we run: four times FreeOTP's.
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 4 * FREEOTP_ITERATIONS;
/// The key of the master key in the backup map.
const MASTER: &str = "masterKey";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MasterKey {
    m_algorithm: String,
    m_encrypted_key: EncryptedKey,
    m_iterations: u32,
    m_salt: SecretBytes,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EncryptedKey {
    m_cipher: String,
    m_cipher_text: SecretBytes,
    m_parameters: SecretBytes,
    m_token: String,
}

#[derive(Deserialize)]
struct KeyHolder {
    key: String,
}

fn malformed(reason: &str) -> ImportError {
    ImportError::Malformed {
        format: FORMAT,
        reason: reason.to_string(),
    }
}

/// True for every FreeOTP backup: they are always encrypted.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(STREAM_MAGIC)
}

/// Reads a FreeOTP backup with its password.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if !bytes.starts_with(STREAM_MAGIC) {
        return Err(malformed(
            "not a FreeOTP backup (no Java serialisation header): use FreeOTP's Backup in its settings",
        ));
    }
    // Bounded while read: at most two strings an entry of a full vault.
    let map = java_string_map(bytes)?;
    let master_json = map
        .get(MASTER)
        .ok_or_else(|| malformed("the backup has no masterKey"))?;
    let master: MasterKey = json::parse(FORMAT, master_json.as_bytes())?;
    let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    let master_key = unlock(&master, password)?;

    let mut tokens: Vec<(&str, &Zeroizing<String>)> = map
        .iter()
        .filter(|(k, _)| k.as_str() != MASTER && !k.ends_with("-token"))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    tokens.sort_by(|a, b| a.0.cmp(b.0));
    let mut parsed = Vec::with_capacity(tokens.len());
    for (uuid, holder) in tokens {
        let token: Token = match map.get(&format!("{uuid}-token")) {
            Some(text) => json::parse(FORMAT, text.as_bytes())?,
            None => Token::default(),
        };
        parsed.push((token, holder));
    }
    // FreeOTP keeps no order in the backup: sorted by name, as a reader would look for them.
    parsed.sort_by_key(|(token, _)| {
        entry_name(token.issuer().as_deref(), Some(&token.label()), 0).to_lowercase()
    });
    let mut batch = ImportBatch::default();
    for (index, (token, holder)) in parsed.into_iter().enumerate() {
        let name = entry_name(token.issuer().as_deref(), Some(&token.label()), index);
        let entry = token_key(&master_key, holder).and_then(|key| token.entry(key));
        push_entry(&mut batch, name, entry);
    }
    Ok(batch)
}

/// Unwraps the master key with the password, after checking the work asked.
fn unlock(master: &MasterKey, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    if master.m_iterations > MAX_PBKDF2_ITERATIONS {
        return Err(ImportError::ExpensiveKdf {
            format: FORMAT,
            cost: KdfCost {
                what: "PBKDF2 iterations",
                asked: u64::from(master.m_iterations),
                limit: u64::from(MAX_PBKDF2_ITERATIONS),
            },
        });
    }
    let salt = master
        .m_salt
        .0
        .as_ref()
        .ok_or_else(|| malformed("mSalt holds a number that is not a byte"))?;
    if master.m_iterations == 0 || salt.len() != aead::KEY_LEN {
        return Err(malformed(
            "the master key needs iterations and a 32-byte salt",
        ));
    }
    let mut kek = Zeroizing::new([0u8; aead::KEY_LEN]);
    match master.m_algorithm.to_ascii_lowercase().as_str() {
        "pbkdf2withhmacsha512" => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, master.m_iterations, kek.as_mut())
        }
        "pbkdf2withhmacsha1" => {
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, master.m_iterations, kek.as_mut())
        }
        _ => return Err(malformed("mAlgorithm is not PBKDF2 with SHA512 or SHA1")),
    }
    // GCM cannot tell a wrong key from damage; with a password, a wrong one is far likelier.
    open(kek.as_ref(), &master.m_encrypted_key)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })?
        .ok_or_else(|| malformed("the master key is not AES-GCM with a 12-byte nonce"))
}

/// A token's HMAC key, opened with the master key.
fn token_key(master_key: &[u8], holder: &str) -> Result<Secret, String> {
    let holder: KeyHolder = serde_json::from_str(holder)
        .map_err(|_| "the token's key is not FreeOTP's JSON".to_string())?;
    let key: EncryptedKey = serde_json::from_str(&holder.key)
        .map_err(|_| "the token's key is not FreeOTP's JSON".to_string())?;
    match open(master_key, &key) {
        Ok(Some(bytes)) => Ok(Secret::from_zeroizing(bytes)),
        Ok(None) => Err("the token's key is not AES-GCM with a 12-byte nonce".into()),
        Err(()) => {
            Err("the token's key does not open with the master key: the backup is damaged".into())
        }
    }
}

/// Opens an `EncryptedKey`: `Ok(None)` when it is not AES-GCM as FreeOTP writes it, `Err`
/// when authentication fails.
fn open(key: &[u8], encrypted: &EncryptedKey) -> Result<Option<Zeroizing<Vec<u8>>>, ()> {
    let (Some(sealed), Some(parameters)) = (&encrypted.m_cipher_text.0, &encrypted.m_parameters.0)
    else {
        return Ok(None);
    };
    if !encrypted.m_cipher.eq_ignore_ascii_case("AES/GCM/NoPadding") {
        return Ok(None);
    }
    let Some(nonce) = gcm_nonce(parameters) else {
        return Ok(None);
    };
    aead::open(key, nonce, encrypted.m_token.as_bytes(), sealed)
        .map(Some)
        .map_err(|_| ())
}

/// The nonce of Java's encoded `GCMParameters`: `SEQUENCE { OCTET STRING nonce, INTEGER
/// tag length in bytes }`, with a 12-byte nonce and a 16-byte tag (all FreeOTP writes).
fn gcm_nonce(der: &[u8]) -> Option<&[u8]> {
    match der {
        [0x30, 0x11, 0x04, 0x0c, rest @ ..]
            if rest.len() == 15 && rest[12..] == [0x02, 0x01, 0x10] =>
        {
            Some(&rest[..12])
        }
        _ => None,
    }
}

/// Reads the Java serialisation of a `java.util.HashMap<String, String>` (what
/// `ObjectOutputStream.writeObject` makes of `SharedPreferences.getAll()` holding strings):
/// the class description, its primitive fields, the block of capacity and size, then the
/// key-value pairs as strings (or references to strings already written).
fn java_string_map(bytes: &[u8]) -> Result<HashMap<String, Zeroizing<String>>, ImportError> {
    let mut r = Reader {
        bytes,
        at: STREAM_MAGIC.len(),
        handles: Vec::new(),
    };
    r.expect(0x73, "a map object")?; // TC_OBJECT
    r.expect(0x72, "a class description")?; // TC_CLASSDESC
    let class = r.utf(2)?;
    if class.as_str() != "java.util.HashMap" {
        return Err(malformed("the backup is not a java.util.HashMap"));
    }
    r.take(8)?; // serialVersionUID
    r.handles.push(None); // the class description
    r.take(1)?; // flags
    let fields = r.number(2)? as usize;
    let mut field_bytes = 0usize;
    for _ in 0..fields {
        // HashMap's serial fields are `float loadFactor` and `int threshold`.
        if !matches!(r.take(1)?[0], b'F' | b'I') {
            return Err(malformed(
                "the map's class has other fields than a HashMap's",
            ));
        }
        r.utf(2)?;
        field_bytes += 4;
    }
    r.expect(0x78, "the end of the class annotation")?; // TC_ENDBLOCKDATA
    r.expect(0x70, "no superclass")?; // TC_NULL
    r.handles.push(None); // the map
    r.take(field_bytes)?; // loadFactor, threshold
    r.expect(0x77, "the map's size block")?; // TC_BLOCKDATA
    if r.take(1)?[0] != 8 {
        return Err(malformed("the map's size block is not 8 bytes"));
    }
    r.take(4)?; // capacity
    let size = r.number(4)? as usize;
    check_count(FORMAT, size / 2)?;
    let mut map = HashMap::with_capacity(size.min(1024));
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        map.insert(key.to_string(), value);
    }
    r.expect(0x78, "the end of the map")?;
    Ok(map)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Every object given a handle, in order: the strings' text, `None` for the others.
    handles: Vec<Option<Zeroizing<String>>>,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ImportError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| malformed("the backup ends early"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn number(&mut self, n: usize) -> Result<u64, ImportError> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b)))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), ImportError> {
        if self.take(1)?[0] != byte {
            return Err(malformed(&format!("expected {what} at byte {}", self.at)));
        }
        Ok(())
    }

    /// Modified UTF-8 text with a length of `len_bytes` bytes before it.
    fn utf(&mut self, len_bytes: usize) -> Result<Zeroizing<String>, ImportError> {
        let len = usize::try_from(self.number(len_bytes)?).unwrap_or(usize::MAX);
        let raw = self.take(len)?;
        modified_utf8(raw).ok_or_else(|| malformed("a string is not Java's modified UTF-8"))
    }

    /// A string object, or a reference to one read before.
    fn string(&mut self) -> Result<Zeroizing<String>, ImportError> {
        let text = match self.take(1)?[0] {
            0x74 => self.utf(2)?, // TC_STRING
            0x7c => self.utf(8)?, // TC_LONGSTRING
            0x71 => {
                // TC_REFERENCE: handles count from 0x7e0000.
                let handle = self.number(4)?.wrapping_sub(0x7e_0000) as usize;
                return match self.handles.get(handle) {
                    Some(Some(text)) => Ok(text.clone()),
                    _ => Err(malformed("a reference to something that is not a string")),
                };
            }
            _ => return Err(malformed("the map holds something other than strings")),
        };
        self.handles.push(Some(text.clone()));
        Ok(text)
    }
}

/// Java's modified UTF-8 (`DataInput.readUTF`): UTF-8 with NUL as two bytes and characters
/// beyond the BMP as two three-byte surrogates.
fn modified_utf8(raw: &[u8]) -> Option<Zeroizing<String>> {
    if let Ok(text) = std::str::from_utf8(raw) {
        return Some(Zeroizing::new(text.to_owned()));
    }
    let mut units: Zeroizing<Vec<u16>> = Zeroizing::new(Vec::with_capacity(raw.len()));
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        let (unit, len) = match b {
            0x01..=0x7f => (u16::from(b), 1),
            0xc0..=0xdf if i + 1 < raw.len() => {
                (u16::from(b & 0x1f) << 6 | u16::from(raw[i + 1] & 0x3f), 2)
            }
            0xe0..=0xef if i + 2 < raw.len() => (
                u16::from(b & 0x0f) << 12
                    | u16::from(raw[i + 1] & 0x3f) << 6
                    | u16::from(raw[i + 2] & 0x3f),
                3,
            ),
            _ => return None,
        };
        units.push(unit);
        i += len;
    }
    String::from_utf16(&units).ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_gcm_parameters_give_a_12_byte_nonce_and_nothing_else() {
        let mut der = vec![0x30, 0x11, 0x04, 0x0c];
        der.extend(1..=12);
        der.extend([0x02, 0x01, 0x10]);
        assert_eq!(gcm_nonce(&der), Some(&der[4..16]));
        for bad in [&der[..der.len() - 1], &[0x30, 0x11, 0x04, 0x0c][..]] {
            assert_eq!(gcm_nonce(bad), None);
        }
        let mut short_tag = der.clone();
        short_tag[18] = 0x0c;
        assert_eq!(gcm_nonce(&short_tag), None);
    }

    /// `ObjectOutputStream.writeObject` of a HashMap with these entries (TC_STRING each), as
    /// scripts/make_encrypted_import_fixtures.py writes it; `extra` is spliced before the end.
    fn stream(pairs: &[(&str, &str)], extra: &[u8]) -> Vec<u8> {
        let mut out = STREAM_MAGIC.to_vec();
        out.extend([0x73, 0x72, 0, 17]);
        out.extend(b"java.util.HashMap");
        out.extend([5, 7, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 3, 0, 2]);
        out.extend(b"F\0\x0aloadFactorI\0\x09threshold");
        out.extend([
            0x78, 0x70, 0x3f, 0x40, 0, 0, 0, 0, 0, 12, 0x77, 8, 0, 0, 0, 16,
        ]);
        let count = pairs.len() as u32 + u32::from(!extra.is_empty());
        out.extend(count.to_be_bytes());
        for (k, v) in pairs {
            for text in [k, v] {
                out.push(0x74);
                out.extend((text.len() as u16).to_be_bytes());
                out.extend(text.as_bytes());
            }
        }
        out.extend(extra);
        out.push(0x78);
        out
    }

    #[test]
    fn a_java_hashmap_of_strings_is_read_with_long_strings_and_references() {
        let map = java_string_map(&stream(&[("a", "1"), ("b", "2")], &[])).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["b"].as_str(), "2");
        // A third pair: a long string key, and a reference to the string "1" (handle 3: the
        // class description is 0, the map 1, then "a", "1").
        let mut extra = vec![0x7c, 0, 0, 0, 0, 0, 0, 0, 4];
        extra.extend(b"long");
        extra.extend([0x71, 0, 0x7e, 0, 3]);
        let map = java_string_map(&stream(&[("a", "1")], &extra)).unwrap();
        assert_eq!(map["long"].as_str(), "1");
        // A reference to the map itself, or past every handle, is no string.
        for handle in [1u8, 9] {
            let bad = [0x74, 0, 1, b'k', 0x71, 0, 0x7e, 0, handle];
            assert!(java_string_map(&stream(&[], &bad)).is_err(), "{handle}");
        }
        // A value that is an object, a stream cut short, another class: refused.
        assert!(java_string_map(&stream(&[], &[0x74, 0, 1, b'k', 0x73])).is_err());
        let good = stream(&[("a", "1")], &[]);
        for end in [5, 30, good.len() - 1] {
            assert!(java_string_map(&good[..end]).is_err(), "{end}");
        }
        let mut other = good.clone();
        other[10..27].copy_from_slice(b"java.util.TreeMap");
        assert!(java_string_map(&other).is_err());
        let mut field = good.clone();
        let at = good.iter().position(|&b| b == b'I').unwrap();
        field[at] = b'J';
        assert!(java_string_map(&field).is_err());
    }

    #[test]
    fn the_iteration_cap_is_four_times_what_freeotp_writes() {
        assert_eq!(MAX_PBKDF2_ITERATIONS, 400_000);
    }

    fn master(algorithm: &str, iterations: u32, salt_len: usize) -> MasterKey {
        let salt = vec!["1"; salt_len].join(",");
        serde_json::from_str(&format!(
            r#"{{"mAlgorithm": "{algorithm}", "mIterations": {iterations}, "mSalt": [{salt}],
                "mEncryptedKey": {{"mCipher": "AES/GCM/NoPadding", "mCipherText": [1, 2],
                "mParameters": [48, 17, 4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 16],
                "mToken": "AES"}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn the_master_key_needs_iterations_a_32_byte_salt_and_pbkdf2() {
        for bad in [
            master("PBKDF2withHmacSHA512", 0, 32),
            master("PBKDF2withHmacSHA512", 1, 31),
            master("PBKDF2withHmacMD5", 1, 32),
        ] {
            assert!(matches!(
                unlock(&bad, b"pw"),
                Err(ImportError::Malformed { .. })
            ));
        }
        // Well formed, both algorithms: the (made up) key then does not open.
        for algorithm in ["PBKDF2withHmacSHA512", "pbkdf2withhmacsha1"] {
            assert!(matches!(
                unlock(&master(algorithm, 1, 32), b"pw"),
                Err(ImportError::WrongPassword { .. })
            ));
        }
        assert!(matches!(
            unlock(
                &master("PBKDF2withHmacSHA512", MAX_PBKDF2_ITERATIONS + 1, 32),
                b"pw"
            ),
            Err(ImportError::ExpensiveKdf { .. })
        ));
        // The cap itself is run.
        assert!(matches!(
            unlock(
                &master("PBKDF2withHmacSHA512", MAX_PBKDF2_ITERATIONS, 32),
                b"pw"
            ),
            Err(ImportError::WrongPassword { .. })
        ));
    }

    #[test]
    fn modified_utf8_reads_nul_and_surrogate_pairs() {
        assert_eq!(modified_utf8(b"plain").unwrap().as_str(), "plain");
        // NUL as C0 80, U+1F600 as two three-byte surrogates.
        let raw = [b'a', 0xc0, 0x80, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80];
        assert_eq!(modified_utf8(&raw).unwrap().as_str(), "a\0\u{1f600}");
        assert!(modified_utf8(&[0xed, 0xa0]).is_none());
        assert!(modified_utf8(&[0xed, 0xa0, 0xbd]).is_none());
        assert!(modified_utf8(&[0xff]).is_none());
    }
}
