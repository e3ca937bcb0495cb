#!/usr/bin/env python3
"""Writes the bad-input corpus: uris.tsv, files.tsv and files/. Rerunning it reproduces them
byte for byte (no randomness). See README.md for the columns and how each suite reads them."""
import base64
import hashlib
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
FILES = HERE / "files"
GOOD = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, value):
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def otp(secret=b"12345678901234567890", name=b"alice", issuer=b"ACME", algorithm=1, digits=1, kind=2):
    return (field(1, secret) + field(2, name) + field(3, issuer) + field(4, algorithm)
            + field(5, digits) + field(6, kind))


def migration(payload):
    data = base64.b64encode(payload).decode()
    return "otpauth-migration://offline?data=" + data.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")


# name, CLI kind (the `kind` of `otpkit --json parse`), binding error, input
URIS = [
    ("not_a_uri", "not_a_uri", "InvalidInput", "hello world"),
    ("web_address", "unknown_scheme", "InvalidInput", "https://example.com/login"),
    ("unknown_type", "unknown_type", "InvalidInput", f"otpauth://xotp/ACME:alice?secret={GOOD}"),
    ("no_secret", "missing_secret", "InvalidInput", "otpauth://totp/ACME:alice?issuer=ACME"),
    ("empty_secret", "empty_secret", "InvalidInput", "otpauth://totp/ACME:alice?secret="),
    ("secret_of_separators", "empty_secret", "InvalidInput", "otpauth://totp/ACME:alice?secret=%20-%20"),
    ("secret_not_base32", "not_base32", "InvalidInput", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PX1"),
    ("secret_padding_inside", "misplaced_padding", "InvalidInput", "otpauth://totp/ACME:alice?secret=JBSW%3DY3DP"),
    ("secret_one_character", "secret_too_short", "InvalidInput", "otpauth://totp/ACME:alice?secret=A"),
    ("hotp_without_counter", "missing_counter", "InvalidInput", f"otpauth://hotp/ACME:alice?secret={GOOD}"),
    ("period_not_a_number", "invalid_number", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&period=abc"),
    ("period_negative", "invalid_number", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&period=-30"),
    ("counter_overflow", "invalid_number", "InvalidInput", f"otpauth://hotp/ACME:alice?secret={GOOD}&counter=18446744073709551616"),
    ("period_zero", "period_zero", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&period=0"),
    ("digits_twelve", "digits_out_of_range", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&digits=12"),
    ("digits_zero", "digits_out_of_range", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&digits=0"),
    ("algorithm_md5", "unknown_algorithm", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&algorithm=MD5"),
    ("encoder_unknown", "unknown_encoder", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&encoder=yandex"),
    ("secret_twice", "duplicate_parameter", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&secret={GOOD}"),
    ("bad_percent_escape", "bad_percent_encoding", "InvalidInput", f"otpauth://totp/ACME:al%zzice?secret={GOOD}"),
    ("label_not_utf8", "not_utf8", "InvalidInput", f"otpauth://totp/ACME:al%FFice?secret={GOOD}"),
    ("label_nul", "control_character", "InvalidInput", f"otpauth://totp/ACME:al%00ice?secret={GOOD}"),
    ("too_long", "uri_too_long", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&issuer=" + "A" * 17000),
    ("issuer_too_long", "name_too_long", "InvalidInput", f"otpauth://totp/ACME:alice?secret={GOOD}&issuer=" + "A" * 1025),
    ("secret_too_long", "secret_too_long", "InvalidInput", "otpauth://totp/ACME:alice?secret=" + "MFRGGZDF" * 820),
    ("migration_wrong_host", "unknown_migration_host", "InvalidInput", "otpauth-migration://online?data=CgA%3D"),
    ("migration_no_data", "missing_data", "InvalidInput", "otpauth-migration://offline"),
    ("migration_not_base64", "not_base64", "InvalidInput", "otpauth-migration://offline?data=%21%21%21%21"),
    ("migration_not_protobuf", "not_protobuf", "InvalidInput", migration(b"\xff\xff\xff\xff")),
    ("migration_no_accounts", "empty_export", "InvalidInput", migration(field(2, 1) + field(3, 1))),
    ("migration_batch_index_past_size", "invalid_batch", "InvalidInput",
     migration(field(1, otp()) + field(2, 1) + field(3, 2) + field(4, 5) + field(5, 7))),
]

# Vault files, opened with the passphrase of core/tests/fixtures/vault/format1-schema1.otpkit.
VAULT_PASSPHRASE = "fixture passphrase"


def vault_files():
    good = (REPO / "core/tests/fixtures/vault/format1-schema1.otpkit").read_bytes()
    header_len = struct.unpack_from("<I", good, 12)[0]
    digest_at = 20 + header_len

    def with_digest(data):
        data = bytearray(data)
        data[digest_at:digest_at + 32] = hashlib.sha256(bytes(data[:digest_at])).digest()
        return bytes(data)

    def flip(data, index):
        data = bytearray(data)
        data[index] ^= 0x01
        return bytes(data)

    newer = bytearray(good)
    struct.pack_into("<HH", newer, 8, 2, 0xFFFF ^ 2)
    return [
        ("vault_empty.otpkit", b"", "corrupt", "VaultCorrupt"),
        ("vault_magic_only.otpkit", good[:8], "corrupt", "VaultCorrupt"),
        ("vault_truncated.otpkit", good[: len(good) // 2], "corrupt", "VaultCorrupt"),
        ("vault_trailing_byte.otpkit", good + b"\0", "corrupt", "VaultCorrupt"),
        ("vault_wrong_magic.otpkit", b"OTPKITVX" + good[8:], "corrupt", "VaultCorrupt"),
        ("vault_version_damaged.otpkit", flip(good, 10), "corrupt", "VaultCorrupt"),
        ("vault_newer_format.otpkit", bytes(newer), "newer_version", "NewerVersion"),
        ("vault_header_damaged.otpkit", flip(good, 30), "corrupt", "VaultCorrupt"),
        ("vault_no_slots.otpkit", with_digest(good[:20] + b"\0" + good[21:]), "corrupt", "VaultCorrupt"),
        ("vault_content_flipped.otpkit", flip(good, len(good) - 1), "tampered", "VaultCorrupt"),
        ("vault_nonce_flipped.otpkit", flip(good, digest_at + 32), "tampered", "VaultCorrupt"),
        ("vault_text.otpkit", b"otpauth://totp/ACME:alice?secret=" + GOOD.encode() + b"\n", "corrupt", "VaultCorrupt"),
    ]


# Import files: name, format, password ("-" for none), kind, binding error.
IMPORT_PASSWORD = "not the password"


def import_files():
    aegis_encrypted = "core/tests/fixtures/import/aegis_encrypted.json"
    twofas_encrypted = "core/tests/fixtures/import/twofas_encrypted.2fas"
    return [
        ("import_aegis_not_json.json", b"{\"version\": 1, \"header\": ", "aegis", "-", "malformed", "InvalidInput"),
        ("import_aegis_version_2.json",
         b'{"version": 2, "header": {"slots": null, "params": null}, "db": {"version": 3, "entries": []}}',
         "aegis", "-", "unsupported_version", "InvalidInput"),
        ("import_aegis_db_version_9.json",
         b'{"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 9, "entries": []}}',
         "aegis", "-", "unsupported_version", "InvalidInput"),
        ("import_aegis_huge_scrypt.json",
         b'{"version": 1, "header": {"slots": [{"type": 1, "uuid": "x", "key": "00", "key_params": '
         b'{"nonce": "000000000000000000000000", "tag": "00000000000000000000000000000000"}, '
         b'"n": 1073741824, "r": 8, "p": 1, "salt": "00"}], "params": {"nonce": "000000000000000000000000", '
         b'"tag": "00000000000000000000000000000000"}}, "db": "AAAA"}',
         "aegis", IMPORT_PASSWORD, "malformed", "InvalidInput"),
        (aegis_encrypted, None, "aegis", IMPORT_PASSWORD, "wrong_password", "WrongPassphrase"),
        ("import_2fas_not_json.2fas", b"services: []", "2fas", "-", "malformed", "InvalidInput"),
        ("import_2fas_bad_cipher.2fas", b'{"services": [], "servicesEncrypted": "not:three:base64!", "schemaVersion": 4}',
         "2fas", IMPORT_PASSWORD, "malformed", "InvalidInput"),
        (twofas_encrypted, None, "2fas", IMPORT_PASSWORD, "wrong_password", "WrongPassphrase"),
        ("import_unknown.txt", b"just some notes, no accounts here\n", "auto", "-", "unknown_format", "InvalidInput"),
        ("import_backup_truncated.otpkit", None, "otpkit", IMPORT_PASSWORD, "corrupt", "VaultCorrupt"),
    ]


def main():
    with open(HERE / "uris.tsv", "w", encoding="utf-8") as out:
        out.write("# Bad otpauth inputs, one per line: name, kind (`otpkit --json parse` and UriError::kind()),\n"
                  "# binding error (OtpKitError variant), input. Written by generate.py.\n")
        for name, kind, ffi, uri in URIS:
            assert "\t" not in uri and "\n" not in uri
            out.write(f"{name}\t{kind}\t{ffi}\t{uri}\n")

    FILES.mkdir(exist_ok=True)
    good = (REPO / "core/tests/fixtures/vault/format1-schema1.otpkit").read_bytes()
    with open(HERE / "files.tsv", "w", encoding="utf-8") as out:
        out.write("# Bad files, one per line: path (from the repository root), opened as (vault, or import with\n"
                  "# --format FORMAT; auto: no format given), password (- for none), kind (`otpkit --json`),\n"
                  "# binding error (OtpKitError variant). Vaults open with the passphrase\n"
                  f"# '{VAULT_PASSPHRASE}'. Written by generate.py.\n")
        for name, data, kind, ffi in vault_files():
            (FILES / name).write_bytes(data)
            out.write(f"tests/vectors/bad/files/{name}\tvault\t{VAULT_PASSPHRASE}\t{kind}\t{ffi}\n")
        for name, data, fmt, password, kind, ffi in import_files():
            if name == "import_backup_truncated.otpkit":
                data = good[:200]
            if data is None:
                path = name
            else:
                (FILES / name).write_bytes(data)
                path = f"tests/vectors/bad/files/{name}"
            out.write(f"{path}\timport:{fmt}\t{password}\t{kind}\t{ffi}\n")


if __name__ == "__main__":
    main()
