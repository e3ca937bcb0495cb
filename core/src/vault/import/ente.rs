//! Ente Auth exports: the encrypted JSON, and the plain text list of otpauth URIs (read by the
//! URI importer, which `--format ente` falls back to).
//!
//! Format, as Ente documents it (`docs/docs/auth/migration/export.md` in ente-io/ente) and
//! implements it (`mobile/apps/auth/lib/ui/settings/data/export_widget.dart`; `CryptoUtil` in
//! ente-io/ente_crypto_dart): `{"version": 1, "kdfParams": {"memLimit", "opsLimit", "salt"},
//! "encryptedData", "encryptionNonce"}`, base64. The key is libsodium's `crypto_pwhash` with
//! Argon2id v1.3 (`memLimit` bytes, `opsLimit` passes, one lane, 32 bytes) of the UTF-8
//! password; `encryptedData` is one secretstream XChaCha20-Poly1305 message
//! ([`super::secretstream`]) whose header is `encryptionNonce`; the plaintext is the plain
//! export, one otpauth URI a line.
//!
//! Ente derives with `deriveSensitiveKey`: 256 MiB and 16 passes, halving the memory and
//! doubling the passes on a phone that cannot, so that memory times passes stays libsodium's
//! "sensitive" 1 GiB x 4. We run at most that work and at most 1 GiB
//! ([`MAX_ENTE_WORK_MIB`]); a file asking for more is refused before any derivation.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::json;
use super::secretstream;
use super::{uris, ImportBatch, ImportError, ImportFormat, KdfCost};

const FORMAT: ImportFormat = ImportFormat::Ente;
/// The export version Ente writes and we read.
const VERSION: u64 = 1;
/// The most Argon2 work we run for an Ente export, memory (MiB) times passes: what Ente's
/// `deriveSensitiveKey` always asks (1 GiB x 4 = 256 MiB x 16).
pub(crate) const MAX_ENTE_WORK_MIB: u64 = 1024 * 4;
/// The most memory: libsodium's "sensitive" limit, 1 GiB, the most Ente ever asks.
const MAX_MEM_LIMIT: u64 = 1 << 30;
/// libsodium's least memory for Argon2id (`crypto_pwhash_argon2id_MEMLIMIT_MIN`).
const MIN_MEM_LIMIT: u64 = 8192;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    version: u64,
    kdf_params: KdfFields,
    encrypted_data: String,
    encryption_nonce: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KdfFields {
    mem_limit: u64,
    ops_limit: u64,
    salt: String,
}

/// True when the file is an encrypted Ente export (a JSON object), not the plain URI list.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads an Ente Auth export: the encrypted JSON with `password`, or the plain URI list.
pub(crate) fn read(bytes: &[u8], password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if !is_encrypted(bytes) {
        return uris::read(bytes);
    }
    let file: File = json::parse(FORMAT, bytes)?;
    if file.version != VERSION {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: file.version,
        });
    }
    let params = checked_params(file.kdf_params.mem_limit, file.kdf_params.ops_limit)?;
    let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
    let salt = json::base64(FORMAT, "kdfParams.salt", &file.kdf_params.salt)?;
    let header = json::base64(FORMAT, "encryptionNonce", &file.encryption_nonce)?;
    let sealed = json::base64(FORMAT, "encryptedData", &file.encrypted_data)?;
    if header.len() != secretstream::HEADER_LEN || sealed.len() < secretstream::ABYTES {
        return Err(malformed(
            "encryptionNonce must be 24 bytes and encryptedData at least 17",
        ));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password, &salt, key.as_mut())
        .map_err(|_| malformed("the salt must be 8 to 64 bytes"))?;
    // A wrong key and damage look the same; with a password, a wrong one is far likelier.
    let (plain, _tag) = secretstream::open_first(&key, &header, &sealed)
        .map_err(|_| ImportError::WrongPassword { format: FORMAT })?;
    uris::read(&plain).map_err(|err| match err {
        ImportError::Malformed { reason, .. } => malformed_owned(reason),
        other => other,
    })
}

fn malformed(reason: &str) -> ImportError {
    malformed_owned(reason.to_string())
}

fn malformed_owned(reason: String) -> ImportError {
    ImportError::Malformed {
        format: FORMAT,
        reason,
    }
}

/// libsodium's parameters as Argon2's, within our limits: memory 8 KiB to 1 GiB, at least one
/// pass, memory times passes at most [`MAX_ENTE_WORK_MIB`].
fn checked_params(mem_limit: u64, ops_limit: u64) -> Result<Params, ImportError> {
    if mem_limit < MIN_MEM_LIMIT || ops_limit == 0 {
        return Err(malformed(
            "kdfParams: memLimit must be at least 8192 and opsLimit at least 1",
        ));
    }
    let work_mib = u128::from(mem_limit) * u128::from(ops_limit) / (1 << 20);
    let work_mib = u64::try_from(work_mib).unwrap_or(u64::MAX);
    if mem_limit > MAX_MEM_LIMIT || work_mib > MAX_ENTE_WORK_MIB {
        return Err(ImportError::ExpensiveKdf {
            format: FORMAT,
            cost: KdfCost {
                what: "Argon2 memory (MiB) x passes",
                asked: work_mib.max(mem_limit >> 20),
                limit: MAX_ENTE_WORK_MIB,
            },
        });
    }
    // crypto_pwhash: memory in KiB (memLimit / 1024), one lane.
    Params::new((mem_limit / 1024) as u32, ops_limit as u32, 1, Some(32))
        .map_err(|_| malformed("kdfParams out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(result: Result<Params, ImportError>) -> (u64, u64) {
        match result {
            Err(ImportError::ExpensiveKdf { cost, .. }) => (cost.asked, cost.limit),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn every_setting_ente_writes_is_accepted_and_more_work_is_refused() {
        // deriveSensitiveKey: 256 MiB x 16, and on a phone that cannot, 128 MiB x 32 ...
        let mut mem = 256u64 << 20;
        let mut ops = 16;
        while mem >= MIN_MEM_LIMIT {
            let params = checked_params(mem, ops).unwrap();
            assert_eq!(
                (params.m_cost(), params.t_cost(), params.p_cost()),
                ((mem / 1024) as u32, ops as u32, 1)
            );
            mem /= 2;
            ops *= 2;
            if ops > u64::from(u32::MAX) {
                break;
            }
        }
        assert!(checked_params(1 << 30, 4).is_ok());
        assert_eq!(
            cost(checked_params(256 << 20, 17)),
            (4352, MAX_ENTE_WORK_MIB)
        );
        assert_eq!(
            cost(checked_params((1 << 30) + 1024, 1)),
            (1024, MAX_ENTE_WORK_MIB)
        );
        assert_eq!(
            cost(checked_params(u64::MAX, u64::MAX)).1,
            MAX_ENTE_WORK_MIB
        );
        for (mem, ops) in [(MIN_MEM_LIMIT - 1, 1), (MIN_MEM_LIMIT, 0)] {
            let Err(ImportError::Malformed { reason, .. }) = checked_params(mem, ops) else {
                panic!("{mem} {ops} accepted");
            };
            assert_eq!(
                reason,
                "kdfParams: memLimit must be at least 8192 and opsLimit at least 1"
            );
        }
    }

    fn file(nonce_len: usize, data_len: usize) -> Vec<u8> {
        use base64::Engine;
        let b64 = |n: usize| base64::engine::general_purpose::STANDARD.encode(vec![9u8; n]);
        format!(
            r#"{{"version": 1, "kdfParams": {{"memLimit": 8192, "opsLimit": 1, "salt": "{}"}}, "encryptedData": "{}", "encryptionNonce": "{}"}}"#,
            b64(16),
            b64(data_len),
            b64(nonce_len)
        )
        .into_bytes()
    }

    #[test]
    fn the_nonce_is_24_bytes_and_the_data_holds_at_least_a_tag_and_a_mac() {
        for (nonce, data) in [(23, 40), (25, 40), (24, 16), (24, 0)] {
            assert!(
                matches!(
                    read(&file(nonce, data), Some(b"pw")),
                    Err(ImportError::Malformed { .. })
                ),
                "{nonce} {data}"
            );
        }
        // Well formed: they then fail to open.
        for data in [17, 40] {
            assert!(matches!(
                read(&file(24, data), Some(b"pw")),
                Err(ImportError::WrongPassword { .. })
            ));
        }
        assert!(matches!(
            read(&file(24, 40), None),
            Err(ImportError::PasswordRequired { .. })
        ));
    }
}
