#!/usr/bin/env python3
"""Writes the encrypted import fixtures of the other apps' formats into
core/tests/fixtures/import, from the plain fixtures beside them, the way each app encrypts
(see that folder's README for the source file of each app followed):

- andotp_encrypted.json.aes      andOTP: iterations (BE u32) + salt(12) + nonce(12) + AES-256-GCM,
                                 key PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits)
- andotp_encrypted_old.json.aes  andOTP before 0.6.3: nonce(12) + AES-256-GCM, key SHA-256(password)
- authenticator_pro.authpro      Authenticator Pro: "AUTHENTICATORPRO" + salt(16) + nonce(12) +
                                 AES-256-GCM, key Argon2id(t=3, m=64 MiB, p=4)
- proton_encrypted.json          Proton Authenticator: {version, salt, content = nonce + AES-256-GCM
                                 with AAD "proton.authenticator.export.v1"}, key Argon2id(19 MiB, t=2, p=1)
- ente_encrypted.txt             Ente Auth: {version, kdfParams, encryptedData, encryptionNonce},
                                 libsodium crypto_pwhash (Argon2id) and secretstream, by libsodium
                                 itself through PyNaCl; small memLimit/opsLimit so tests stay fast
- freeotp_backup.bin             FreeOTP: Java serialisation of a HashMap<String, String> holding the
                                 master key (PBKDF2-HMAC-SHA512, 100,000 iterations) and each token's
                                 AES-GCM-wrapped key and JSON

It uses independent implementations, not OtpKit's code: Python's `cryptography` (AES-GCM, PBKDF2,
Argon2id) and PyNaCl (libsodium). `pip install cryptography pynacl`, then run it from the
repository root: python3 scripts/make_encrypted_import_fixtures.py. Salts, nonces and keys come
from SHA-256 of fixed labels, so every file but Ente's is reproduced byte for byte (libsodium draws
the secretstream header itself). The password is "otpkit-fixture".
"""
import base64
import hashlib
import json
import pathlib
import struct

import nacl.bindings as sodium
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

PASSWORD = b"otpkit-fixture"
DIR = pathlib.Path(__file__).resolve().parent.parent / "core/tests/fixtures/import"


def fixed(label, n=32):
    return hashlib.sha256(label.encode()).digest()[:n]


def pbkdf2(algorithm, salt, iterations, length=32):
    return PBKDF2HMAC(algorithm=algorithm, length=length, salt=salt, iterations=iterations).derive(PASSWORD)


def write(name, data):
    (DIR / name).write_bytes(data)
    print("wrote", DIR / name)


def andotp(plain):
    iterations = 150_000  # andOTP draws 140,000 to 160,000
    salt, nonce = fixed("andotp salt", 12), fixed("andotp nonce", 12)
    key = pbkdf2(hashes.SHA1(), salt, iterations)
    write("andotp_encrypted.json.aes",
          struct.pack(">I", iterations) + salt + nonce + AESGCM(key).encrypt(nonce, plain, None))
    old_nonce = fixed("andotp old nonce", 12)
    old_key = hashlib.sha256(PASSWORD).digest()
    write("andotp_encrypted_old.json.aes", old_nonce + AESGCM(old_key).encrypt(old_nonce, plain, None))


def authenticator_pro(plain):
    salt, nonce = fixed("authpro salt", 16), fixed("authpro nonce", 12)
    key = Argon2id(salt=salt, length=32, iterations=3, lanes=4, memory_cost=64 * 1024).derive(PASSWORD)
    write("authenticator_pro.authpro", b"AUTHENTICATORPRO" + salt + nonce + AESGCM(key).encrypt(nonce, plain, None))


def proton(plain):
    salt, nonce = fixed("proton salt", 16), fixed("proton nonce", 12)
    key = Argon2id(salt=salt, length=32, iterations=2, lanes=1, memory_cost=19 * 1024).derive(PASSWORD)
    content = nonce + AESGCM(key).encrypt(nonce, plain, b"proton.authenticator.export.v1")
    doc = {"version": 1, "salt": base64.b64encode(salt).decode(), "content": base64.b64encode(content).decode()}
    write("proton_encrypted.json", (json.dumps(doc) + "\n").encode())


def ente(plain):
    mem_limit, ops_limit = 1 << 20, 2  # Ente writes 256 MiB x 16 (or 1 GiB x 4); cheap here
    salt = fixed("ente salt", 16)
    key = sodium.crypto_pwhash_alg(32, PASSWORD, salt, ops_limit, mem_limit, sodium.crypto_pwhash_ALG_ARGON2ID13)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
        state, plain, None, sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    doc = {
        "version": 1,
        "kdfParams": {"memLimit": mem_limit, "opsLimit": ops_limit, "salt": base64.b64encode(salt).decode()},
        "encryptedData": base64.b64encode(sealed).decode(),
        "encryptionNonce": base64.b64encode(header).decode(),
    }
    write("ente_encrypted.txt", (json.dumps(doc) + "\n").encode())


def java_bytes(data):
    """A byte[] as Gson writes it: Java's signed bytes."""
    return [b - 256 if b > 127 else b for b in data]


def encrypted_key(key, plaintext, token, label):
    """FreeOTP's EncryptedKey.encrypt: AES-GCM with the key's algorithm name as associated data."""
    nonce = fixed(label, 12)
    sealed = AESGCM(key).encrypt(nonce, plaintext, token.encode())
    parameters = bytes([0x30, 0x11, 0x04, 0x0C]) + nonce + bytes([0x02, 0x01, 0x10])
    return {"mCipher": "AES/GCM/NoPadding", "mCipherText": java_bytes(sealed),
            "mParameters": java_bytes(parameters), "mToken": token}


def java_string(text):
    raw = text.encode("utf-8")  # our texts hold no NUL and nothing beyond the BMP
    return b"\x74" + struct.pack(">H", len(raw)) + raw


def java_hashmap(pairs):
    """ObjectOutputStream.writeObject(new HashMap<String, String>(pairs))."""
    out = bytearray(b"\xac\xed\x00\x05\x73\x72")
    out += struct.pack(">H", 17) + b"java.util.HashMap"
    out += bytes.fromhex("0507dac1c31660d1") + b"\x03" + struct.pack(">H", 2)
    out += b"F" + struct.pack(">H", 10) + b"loadFactor" + b"I" + struct.pack(">H", 9) + b"threshold"
    out += b"\x78\x70" + struct.pack(">fi", 0.75, 12)
    out += b"\x77\x08" + struct.pack(">ii", 16, len(pairs))
    for key, value in pairs:
        out += java_string(key) + java_string(value)
    out += b"\x78"
    return bytes(out)


def freeotp():
    salt = fixed("freeotp salt")
    kek = pbkdf2(hashes.SHA512(), salt, 100_000)
    master = fixed("freeotp master key")
    pairs = [("masterKey", json.dumps({
        "mAlgorithm": "PBKDF2withHmacSHA512",
        "mEncryptedKey": encrypted_key(kek, master, "AES", "freeotp master nonce"),
        "mIterations": 100_000, "mSalt": java_bytes(salt)}, separators=(",", ":")))]
    k20, k32 = b"12345678901234567890", b"12345678901234567890123456789012"
    k64 = (b"1234567890" * 7)[:64]
    tokens = [
        ("SHA1", "GitHub", "alice@example.com", k20, "TOTP", 6, 30, 0),
        ("SHA1", "Bank", "carol", bytes(range(0xC8, 0xDC)), "HOTP", 6, 30, 7),
        ("SHA256", "Cloud", "ops", k32, "TOTP", 8, 60, 0),
        ("SHA512", "Vault", "root", k64, "TOTP", 8, 30, 0),
        ("SHA1", "Forum", "legacy", b"0123456789", "TOTP", 7, 15, 0),
        ("SHA1", "Steam", "gamer", base64.b32decode("ON2GKYLNFVVWK6JNMZXXELLPORYGW2LU"), "TOTP", 5, 30, 0),
        ("SHA224", "Old", "sha224", k20, "TOTP", 6, 30, 0),
    ]
    for n, (algo, issuer, label, key, kind, digits, period, counter) in enumerate(tokens):
        uuid = f"6f1c2a3b-0000-4000-8000-{n:012d}"
        token = {"algo": algo, "issuerExt": issuer, "issuerInt": issuer, "label": label, "period": period,
                 "digits": digits, "type": kind, "counter": counter, "lastUsed": 1700000000000}
        if issuer == "Forum":  # the user renamed it in FreeOTP: the edit is what they see
            token["issuerExt"], token["issuerAlt"] = "Old forum", "Forum"
        wrapped = encrypted_key(master, key, "Hmac" + algo, f"freeotp token nonce {n}")
        pairs.append((uuid, json.dumps({"key": json.dumps(wrapped, separators=(",", ":"))})))
        pairs.append((uuid + "-token", json.dumps(token, separators=(",", ":"))))
    write("freeotp_backup.bin", java_hashmap(pairs))


def main():
    andotp((DIR / "andotp_plain.json").read_bytes())
    authenticator_pro((DIR / "authenticator_pro.json").read_bytes())
    proton((DIR / "proton_plain.json").read_bytes())
    ente((DIR / "ente_plain.txt").read_bytes())
    freeotp()


if __name__ == "__main__":
    main()
