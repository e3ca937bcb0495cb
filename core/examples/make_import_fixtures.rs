//! Builds the encrypted import fixtures from the hand-written plain ones, by running the
//! importers' decryption steps in reverse (same primitives, same parameters as the apps):
//!
//! - Aegis: scrypt(password, salt, N = 2^15, r = 8, p = 1) wraps a master key with AES-256-GCM
//!   in a password slot; the master key encrypts the `db` object.
//! - 2FAS: PBKDF2-HMAC-SHA256(password, salt, 10000) encrypts the `services` list with
//!   AES-256-GCM into `servicesEncrypted` = base64(ciphertext+tag):base64(salt):base64(iv).
//!
//! Salts, nonces and keys come from SHA-256 of fixed labels, so a rerun reproduces the files
//! byte for byte. Run: `cargo run -p otpkit-core --example make_import_fixtures`.

use std::num::NonZeroU32;
use std::path::PathBuf;

use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::digest::{digest, SHA256};
use serde_json::{json, Value};

const PASSWORD: &str = "otpkit-fixture";

fn fixed(label: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, label.as_bytes()).as_ref());
    out
}

fn nonce(label: &str) -> [u8; 12] {
    let mut out = [0u8; 12];
    out.copy_from_slice(&fixed(label)[..12]);
    out
}

/// AES-256-GCM; returns (ciphertext, tag).
fn seal(key: &[u8], nonce: [u8; 12], plaintext: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key).unwrap());
    let mut buf = plaintext.to_vec();
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut buf)
        .unwrap();
    let tag = buf.split_off(buf.len() - 16);
    (buf, tag)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn aegis(plain: &Value) -> Value {
    let master_key = fixed("aegis master key");
    let salt = fixed("aegis slot salt");
    let (log_n, r, p) = (15u8, 8u32, 1u32);
    let mut kek = [0u8; 32];
    scrypt::scrypt(
        PASSWORD.as_bytes(),
        &salt,
        &scrypt::Params::new(log_n, r, p).unwrap(),
        &mut kek,
    )
    .unwrap();
    let (wrapped, key_tag) = seal(&kek, nonce("aegis slot nonce"), &master_key);
    let db = serde_json::to_vec(&plain["db"]).unwrap();
    let db_nonce = nonce("aegis db nonce");
    let (db_ciphertext, db_tag) = seal(&master_key, db_nonce, &db);
    json!({
        "version": 1,
        "header": {
            "slots": [
                {
                    "type": 1,
                    "uuid": "1b0bd9d6-3c1f-4a2e-8a9e-5d3f7c2b1a00",
                    "key": hex(&wrapped),
                    "key_params": { "nonce": hex(&nonce("aegis slot nonce")), "tag": hex(&key_tag) },
                    "n": 1u64 << log_n,
                    "r": r,
                    "p": p,
                    "salt": hex(&salt),
                    "repaired": true,
                    "is_backup": false
                },
                {
                    "type": 2,
                    "uuid": "1b0bd9d6-3c1f-4a2e-8a9e-5d3f7c2b1a01",
                    "key": hex(&fixed("aegis biometric slot (not openable here)")),
                    "key_params": { "nonce": hex(&nonce("biometric nonce")), "tag": hex(&fixed("biometric tag")[..16]) }
                }
            ],
            "params": { "nonce": hex(&db_nonce), "tag": hex(&db_tag) }
        },
        "db": b64(&db_ciphertext)
    })
}

fn twofas(plain: &Value) -> Value {
    let salt = fixed("2fas salt").repeat(8); // 2FAS uses a 256-byte salt
    let mut key = [0u8; 32];
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        NonZeroU32::new(10_000).unwrap(),
        &salt,
        PASSWORD.as_bytes(),
        &mut key,
    );
    let services = serde_json::to_vec(&plain["services"]).unwrap();
    let iv = nonce("2fas services iv");
    let (mut ciphertext, tag) = seal(&key, iv, &services);
    ciphertext.extend_from_slice(&tag);
    // 2FAS also stores an encrypted reference text to check the password; we do not need it.
    let reference_iv = nonce("2fas reference iv");
    let (mut reference, reference_tag) = seal(&key, reference_iv, b"reference text");
    reference.extend_from_slice(&reference_tag);
    let mut out = plain.clone();
    out["services"] = json!([]);
    out["servicesEncrypted"] = json!(format!("{}:{}:{}", b64(&ciphertext), b64(&salt), b64(&iv)));
    out["reference"] = json!(format!(
        "{}:{}:{}",
        b64(&reference),
        b64(&salt),
        b64(&reference_iv)
    ));
    out
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
    };
    let write = |name: &str, value: Value| {
        let mut text = serde_json::to_string_pretty(&value).unwrap();
        text.push('\n');
        std::fs::write(dir.join(name), text).unwrap();
        println!("wrote {}", dir.join(name).display());
    };
    write("aegis_encrypted.json", aegis(&read("aegis_plain.json")));
    write("twofas_encrypted.2fas", twofas(&read("twofas_plain.2fas")));
}
