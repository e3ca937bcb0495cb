#!/usr/bin/env python3
"""Writes the bad-input corpus: uris.tsv, files.tsv and files/. Rerunning it reproduces them
byte for byte (no randomness). See README.md for the columns and how each suite reads them."""
import base64
import hashlib
import json
import pathlib
import struct
import urllib.parse

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

# The binding's ErrorReason (Kotlin's name) and the ErrorDetails that must be set, as
# key=value pairs ("-": none checked), for each row of uris.tsv and files.tsv (by name).
REASONS = {
    "not_a_uri": ("NOT_A_URI", "-"),
    "web_address": ("UNKNOWN_SCHEME", "found=https"),
    "unknown_type": ("UNKNOWN_OTP_TYPE", "found=xotp"),
    "no_secret": ("SECRET_MISSING", "-"),
    "empty_secret": ("SECRET_EMPTY", "-"),
    "secret_of_separators": ("SECRET_EMPTY", "-"),
    "secret_not_base32": ("SECRET_NOT_BASE32", "position=16"),
    "secret_padding_inside": ("SECRET_MISPLACED_PADDING", "position=5"),
    "secret_one_character": ("SECRET_TOO_SHORT", "length=1"),
    "hotp_without_counter": ("COUNTER_MISSING", "-"),
    "period_not_a_number": ("NOT_A_NUMBER", "field=period"),
    "period_negative": ("NOT_A_NUMBER", "field=period"),
    "counter_overflow": ("NOT_A_NUMBER", "field=counter"),
    "period_zero": ("PERIOD_OUT_OF_RANGE", "value=0"),
    "digits_twelve": ("DIGITS_OUT_OF_RANGE", "value=12"),
    "digits_zero": ("DIGITS_OUT_OF_RANGE", "value=0"),
    "algorithm_md5": ("UNKNOWN_ALGORITHM", "found=MD5"),
    "encoder_unknown": ("UNKNOWN_ENCODER", "found=yandex"),
    "secret_twice": ("DUPLICATE_PARAMETER", "field=secret"),
    "bad_percent_escape": ("BAD_PERCENT_ENCODING", "field=label,position=8"),
    "label_not_utf8": ("NOT_UTF8", "field=label"),
    "label_nul": ("CONTROL_CHARACTER", "field=label,position=8"),
    "too_long": ("URI_TOO_LONG", "length=17073,limit=16384"),
    "issuer_too_long": ("NAME_TOO_LONG", "field=issuer,length=1025,limit=1024"),
    "secret_too_long": ("SECRET_TOO_LONG", "length=4100,limit=1024"),
    "migration_wrong_host": ("EXPORT_UNKNOWN_HOST", "-"),
    "migration_no_data": ("EXPORT_DATA_MISSING", "-"),
    "migration_not_base64": ("EXPORT_NOT_BASE64", "position=1"),
    "migration_not_protobuf": ("EXPORT_NOT_GOOGLE", "-"),
    "migration_no_accounts": ("EXPORT_EMPTY", "-"),
    "migration_batch_index_past_size": ("EXPORT_BATCH_INVALID", "position=6,length=2"),
    "vault_empty.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_magic_only.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_truncated.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_trailing_byte.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_wrong_magic.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_version_damaged.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_newer_format.otpkit": ("VAULT_NEWER_VERSION", "field=format,value=3,limit=2"),
    "vault_header_damaged.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_no_slots.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_content_flipped.otpkit": ("VAULT_TAMPERED", "-"),
    "vault_nonce_flipped.otpkit": ("VAULT_TAMPERED", "-"),
    "vault_text.otpkit": ("VAULT_CORRUPT", "-"),
    "vault_expensive_kdf.otpkit": ("VAULT_KDF_TOO_EXPENSIVE", "-"),
    "import_aegis_not_json.json": ("IMPORT_MALFORMED", "format=AEGIS"),
    "import_aegis_version_2.json": ("IMPORT_UNSUPPORTED_VERSION", "format=AEGIS,value=2"),
    "import_aegis_db_version_9.json": ("IMPORT_UNSUPPORTED_VERSION", "format=AEGIS,value=9"),
    "import_aegis_huge_scrypt.json": ("IMPORT_KDF_TOO_EXPENSIVE", "format=AEGIS"),
    "import_aegis_expensive_scrypt.json": ("IMPORT_KDF_TOO_EXPENSIVE", "format=AEGIS"),
    "import_aegis_many_slots.json": ("IMPORT_KDF_TOO_EXPENSIVE", "format=AEGIS"),
    "core/tests/fixtures/import/aegis_encrypted.json": ("IMPORT_WRONG_PASSWORD", "format=AEGIS"),
    "import_2fas_not_json.2fas": ("IMPORT_MALFORMED", "format=TWO_FAS"),
    "import_2fas_bad_cipher.2fas": ("IMPORT_MALFORMED", "format=TWO_FAS"),
    "core/tests/fixtures/import/twofas_encrypted.2fas": ("IMPORT_WRONG_PASSWORD", "format=TWO_FAS"),
    "import_unknown.txt": ("IMPORT_UNKNOWN_FORMAT", "-"),
    "import_backup_truncated.otpkit": ("VAULT_CORRUPT", "-"),
    "tests/vectors/bad/files/vault_expensive_kdf.otpkit": ("IMPORT_KDF_TOO_EXPENSIVE", "format=OTPKIT"),
    "import_bitwarden_encrypted.json": ("IMPORT_ENCRYPTION_UNSUPPORTED", "format=BITWARDEN"),
    "import_authpro_legacy.authpro": ("IMPORT_ENCRYPTION_UNSUPPORTED", "format=AUTHENTICATOR_PRO"),
    "import_proton_version_2.json": ("IMPORT_UNSUPPORTED_VERSION", "format=PROTON,value=2"),
    "import_freeotp_plus_not_json.json": ("IMPORT_MALFORMED", "format=FREE_OTP_PLUS"),
    "import_ente_expensive_kdf.txt": ("IMPORT_KDF_TOO_EXPENSIVE", "format=ENTE"),
    "import_freeotp_not_a_backup.bin": ("IMPORT_MALFORMED", "format=FREE_OTP"),
    "core/tests/fixtures/import/andotp_encrypted.json.aes": ("IMPORT_WRONG_PASSWORD", "format=AND_OTP"),
    "core/tests/fixtures/import/freeotp_backup.bin": ("IMPORT_WRONG_PASSWORD", "format=FREE_OTP"),
}

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
    # Format 3: this build reads formats 1 and 2.
    struct.pack_into("<HH", newer, 8, 3, 0xFFFF ^ 3)
    # The passphrase slot (the first) asks for Argon2 with 1 GiB and 64 passes, the most each
    # bound alone allows: over a minute and a half per attempt, refused before deriving.
    assert good[20] >= 1 and good[21] == 1, "the fixture's first slot is its passphrase slot"
    expensive = bytearray(good)
    struct.pack_into("<II", expensive, 24, 1024 * 1024, 64)
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
        ("vault_expensive_kdf.otpkit", with_digest(expensive), "expensive_kdf", "VaultCorrupt"),
    ]


# Import files: name, format, password ("-" for none), kind, binding error.
IMPORT_PASSWORD = "not the password"
KEY_PARAMS = {"nonce": "00" * 12, "tag": "00" * 16}


def aegis_with_slots(slots):
    """An encrypted Aegis export whose header holds `slots` (n, r, p) password slots."""
    header = {"slots": [{"type": 1, "uuid": f"slot-{i}", "key": "00" * 32, "key_params": KEY_PARAMS,
                         "n": n, "r": r, "p": p, "salt": "00" * 32} for i, (n, r, p) in enumerate(slots)],
              "params": KEY_PARAMS}
    return json.dumps({"version": 1, "header": header, "db": "AAAA"}).encode()


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
         "aegis", IMPORT_PASSWORD, "expensive_kdf", "InvalidInput"),
        # The audit's slot: N = 2^18, r = 8, p = 16 (256 MiB, about 15 s), 32 times Aegis' work.
        ("import_aegis_expensive_scrypt.json", aegis_with_slots([(1 << 18, 8, 16)] * 2),
         "aegis", IMPORT_PASSWORD, "expensive_kdf", "InvalidInput"),
        # 64 password slots, each at the work limit (N = 2^17, r = 8, p = 1): only two are tried.
        ("import_aegis_many_slots.json", aegis_with_slots([(1 << 17, 8, 1)] * 64),
         "aegis", IMPORT_PASSWORD, "expensive_kdf", "InvalidInput"),
        (aegis_encrypted, None, "aegis", IMPORT_PASSWORD, "wrong_password", "WrongPassphrase"),
        ("import_2fas_not_json.2fas", b"services: []", "2fas", "-", "malformed", "InvalidInput"),
        ("import_2fas_bad_cipher.2fas", b'{"services": [], "servicesEncrypted": "not:three:base64!", "schemaVersion": 4}',
         "2fas", IMPORT_PASSWORD, "malformed", "InvalidInput"),
        (twofas_encrypted, None, "2fas", IMPORT_PASSWORD, "wrong_password", "WrongPassphrase"),
        ("import_unknown.txt", b"just some notes, no accounts here\n", "auto", "-", "unknown_format", "InvalidInput"),
        # The other apps' formats (core/tests/fixtures/import for their good files).
        ("import_bitwarden_encrypted.json",
         b'{"encrypted": true, "passwordProtected": true, "salt": "c2FsdA==", "kdfType": 0, '
         b'"kdfIterations": 600000, "encKeyValidation_DO_NOT_EDIT": "2.x|y|z", "data": "2.x|y|z"}',
         "auto", "-", "encryption_not_supported", "InvalidInput"),
        ("import_authpro_legacy.authpro", b"AuthenticatorPro" + bytes(64), "auto", "-",
         "encryption_not_supported", "InvalidInput"),
        ("import_proton_version_2.json", b'{"version": 2, "entries": []}', "auto", "-",
         "unsupported_version", "InvalidInput"),
        ("import_freeotp_plus_not_json.json", b'{"tokens": [', "freeotp-plus", "-", "malformed", "InvalidInput"),
        # Ente's own work is 1 GiB x 4 passes; this asks 1 GiB x 5.
        ("import_ente_expensive_kdf.txt",
         b'{"version": 1, "kdfParams": {"memLimit": 1073741824, "opsLimit": 5, "salt": "AAAAAAAAAAAAAAAAAAAAAA=="}, '
         b'"encryptedData": "AAAAAAAAAAAAAAAAAAAAAAAA", "encryptionNonce": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}',
         "auto", IMPORT_PASSWORD, "expensive_kdf", "InvalidInput"),
        ("import_freeotp_not_a_backup.bin", b"\xac\xed\x00\x05\x73\x72\x00\x04Nope", "auto", IMPORT_PASSWORD,
         "malformed", "InvalidInput"),
        ("core/tests/fixtures/import/andotp_encrypted.json.aes", None, "auto", IMPORT_PASSWORD, "wrong_password",
         "WrongPassphrase"),
        ("core/tests/fixtures/import/freeotp_backup.bin", None, "auto", IMPORT_PASSWORD, "wrong_password",
         "WrongPassphrase"),
        ("import_backup_truncated.otpkit", None, "otpkit", IMPORT_PASSWORD, "corrupt", "VaultCorrupt"),
        # The vault above as a backup, with its right passphrase: still refused before deriving.
        ("tests/vectors/bad/files/vault_expensive_kdf.otpkit", None, "otpkit", VAULT_PASSPHRASE,
         "expensive_kdf", "InvalidInput"),
    ]


# Files whose entries carry names no account may hold (escape sequences, OSC 52 which writes
# the clipboard, a carriage return that spoofs a line, C1 controls, text-direction overrides,
# names and a secret one byte over their limits). The import as a whole succeeds: each such entry
# is rejected, or loses its group or note with a warning. Not in files.tsv (nothing is thrown);
# core/tests/it/hostile_import.rs asserts every entry's fate, and the fuzz targets use them as seeds.
ESC, OSC52, BIDI = "\x1b[2J", "\x1b]52;c;b3RwLWtpdA==\x07", "\u202e"


def hostile_secret(n):
    return base64.b32encode(f"hostile entry {n:02d} secret!".encode()).decode().rstrip("=")


def aegis_hostile():
    def entry(n, issuer, name, group=None, note=None, secret=None):
        e = {"type": "totp", "uuid": f"e{n}", "name": name, "issuer": issuer,
             "info": {"secret": secret or hostile_secret(n), "algo": "SHA1", "digits": 6, "period": 30}}
        if note is not None:
            e["note"] = note
        if group is not None:
            e["groups"] = [group]
        return e
    entries = [
        entry(1, "ACME" + ESC, "alice"),
        entry(2, "Bank", OSC52),
        entry(3, "Mail", "bob\rAdmin: root"),
        entry(4, "Evil" + BIDI + "gnp.exe", "x"),
        entry(5, "C1\u009b2J", "y"),
        entry(6, "Long", "A" * 1025),
        entry(7, "Big", "carol", secret=base64.b32encode(b"\xa5" * 1025).decode().rstrip("=")),
        entry(8, "Grouped", "dave", group="g-bad"),
        entry(9, "Noted", "erin", note="call" + OSC52),
        entry(10, "Clean", "frank", group="g-work", note="fine"),
    ]
    groups = [{"uuid": "g-bad", "name": "red" + ESC}, {"uuid": "g-work", "name": "Work"}]
    doc = {"version": 1, "header": {"slots": None, "params": None},
           "db": {"version": 3, "entries": entries, "groups": groups}}
    return json.dumps(doc, indent=1).encode()


def twofas_hostile():
    def service(n, name, issuer=None, account="", group=None):
        s = {"name": name, "secret": hostile_secret(n),
             "otp": {"account": account, "digits": 6, "period": 30, "algorithm": "SHA1", "tokenType": "TOTP"},
             "order": {"position": n}}
        if issuer is not None:
            s["otp"]["issuer"] = issuer
        if group is not None:
            s["groupId"] = group
        return s
    services = [
        service(1, "ACME" + ESC, account="alice"),
        service(2, "Bank", issuer=OSC52, account="bob"),
        service(3, "Mail", account="bob\rAdmin: root"),
        service(4, "Evil", account="x" + BIDI + "gnp.exe"),
        service(5, "Grouped", account="dave", group="g-bad"),
        service(6, "Clean", account="frank", group="g-work"),
    ]
    groups = [{"id": "g-bad", "name": "red" + ESC}, {"id": "g-work", "name": "Work"}]
    return json.dumps({"services": services, "groups": groups, "schemaVersion": 4}, indent=1).encode()


def uris_hostile():
    def pct(text):
        return urllib.parse.quote(text, safe="")
    lines = [
        f"otpauth://totp/{pct('ACME' + ESC)}:alice?secret={hostile_secret(1)}",
        f"otpauth://totp/Bank:bob?secret={hostile_secret(2)}&issuer={pct(OSC52)}",
        f"otpauth://totp/Mail:{pct('bob' + chr(13) + 'Admin: root')}?secret={hostile_secret(3)}",
        f"otpauth://totp/{pct('Evil' + BIDI + 'gnp.exe')}:x?secret={hostile_secret(4)}",
        f"otpauth://totp/Sep:{pct('a' + chr(0x2028) + 'b')}?secret={hostile_secret(5)}",
        migration(field(1, otp(secret=b"hostile migration 06!", name=("eve" + ESC).encode()))
                  + field(1, otp(secret=b"hostile migration 07!", name=b"grace", issuer=b"Clean"))),
        f"otpauth://totp/Clean:frank?secret={hostile_secret(8)}",
    ]
    return ("\n".join(lines) + "\n").encode()


HOSTILE = [
    ("import_aegis_hostile_names.json", aegis_hostile),
    ("import_2fas_hostile_names.2fas", twofas_hostile),
    ("import_uris_hostile_names.txt", uris_hostile),
]


def main():
    with open(HERE / "uris.tsv", "w", encoding="utf-8") as out:
        out.write("# Bad otpauth inputs, one per line: name, kind (`otpkit --json parse` and UriError::kind()),\n"
                  "# binding error (OtpKitError variant), reason (ErrorReason), details (ErrorDetails that\n"
                  "# must be set, key=value,...; - for none), input. Written by generate.py.\n")
        for name, kind, ffi, uri in URIS:
            assert "\t" not in uri and "\n" not in uri
            reason, details = REASONS[name]
            out.write(f"{name}\t{kind}\t{ffi}\t{reason}\t{details}\t{uri}\n")

    FILES.mkdir(exist_ok=True)
    good = (REPO / "core/tests/fixtures/vault/format1-schema1.otpkit").read_bytes()
    with open(HERE / "files.tsv", "w", encoding="utf-8") as out:
        out.write("# Bad files, one per line: path (from the repository root), opened as (vault, or import with\n"
                  "# --format FORMAT; auto: no format given), password (- for none), kind (`otpkit --json`),\n"
                  "# binding error (OtpKitError variant), reason (ErrorReason), details (ErrorDetails that\n"
                  "# must be set, key=value,...; - for none). Vaults open with the passphrase\n"
                  f"# '{VAULT_PASSPHRASE}'. Written by generate.py.\n")
        for name, data, kind, ffi in vault_files():
            (FILES / name).write_bytes(data)
            reason, details = REASONS[name]
            out.write(f"tests/vectors/bad/files/{name}\tvault\t{VAULT_PASSPHRASE}\t{kind}\t{ffi}\t{reason}\t{details}\n")
        for name, data, fmt, password, kind, ffi in import_files():
            if name == "import_backup_truncated.otpkit":
                data = good[:200]
            if data is None:
                path = name
            else:
                (FILES / name).write_bytes(data)
                path = f"tests/vectors/bad/files/{name}"
            reason, details = REASONS[name]
            out.write(f"{path}\timport:{fmt}\t{password}\t{kind}\t{ffi}\t{reason}\t{details}\n")
    for name, make in HOSTILE:
        (FILES / name).write_bytes(make())


if __name__ == "__main__":
    main()
