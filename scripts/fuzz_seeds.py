#!/usr/bin/env python3
"""Writes the seed inputs of one fuzz target: `fuzz_seeds.py REPO TARGET DIR`.

Seeds come from what the normal suites already test: the shared vectors (tests/vectors, with
the bad-input corpus in tests/vectors/bad), the core's fixtures and the otpauth URIs written in
the Rust tests and CLI golden files. Each seed is one file named after its content's hash.
"""
import base64
import hashlib
import pathlib
import re
import struct
import sys
import urllib.parse

URI = re.compile(rb"otpauth(?:-migration)?://[^\s\"'`\\]+", re.IGNORECASE)


def files(repo, *globs):
    for pattern in globs:
        yield from sorted(p for p in repo.glob(pattern) if p.is_file())


def uris(repo):
    found = set()
    for path in files(repo, "tests/vectors/**/*", "core/tests/**/*.rs", "core/tests/fixtures/import/*",
                      "cli/tests/**/*.toml", "cli/tests/**/*.rs", "core/src/uri/*.rs"):
        found.update(URI.findall(path.read_bytes()))
    # The bad-input corpus holds single inputs that need not look like URIs.
    for path in files(repo, "tests/vectors/bad/*"):
        if path.suffix != ".md":
            found.add(path.read_bytes().strip())
    return sorted(found)


def migration_payloads(repo):
    out = []
    for uri in uris(repo):
        query = urllib.parse.urlsplit(uri.decode("utf-8", "replace")).query
        for value in urllib.parse.parse_qs(query).get("data", []):
            try:
                out.append(base64.b64decode(value + "=" * (-len(value) % 4)))
            except ValueError:
                pass
    return out


def secrets(repo):
    out = set()
    for uri in uris(repo):
        query = urllib.parse.urlsplit(uri.decode("utf-8", "replace")).query
        for value in urllib.parse.parse_qs(query).get("secret", []):
            out.add(value.encode())
    return sorted(out)


def sntp_replies():
    """Flags byte, device clock (i64 LE Unix seconds), then a datagram."""
    def packet(first, stratum, transmit=True, root=0):
        ntp = (1_800_000_095 + 2_208_988_800) << 32
        p = bytearray(48)
        p[0], p[1], p[3] = first, stratum, (256 - 20)
        p[4:8] = struct.pack(">I", root)
        p[16:24] = struct.pack(">Q", ntp - (1 << 32))
        p[32:40] = struct.pack(">Q", ntp)
        if transmit:
            p[40:48] = struct.pack(">Q", ntp)
        return bytes(p)

    clock = struct.pack("<q", 1_800_000_000)
    before_1970 = struct.pack("<q", -100)
    good = (4 << 3) | 4
    return [
        b"\x01" + clock + packet(good, 2),
        b"\x01" + before_1970 + packet(good, 1),
        b"\x01" + clock + packet(0xC0 | good, 2),          # leap indicator 3
        b"\x01" + clock + packet(good, 0)[:12] + b"RATE" + packet(good, 0)[16:],  # Kiss-o'-Death
        b"\x01" + clock + packet(good, 16),
        b"\x01" + clock + packet(good, 2, transmit=False),
        b"\x01" + clock + packet(good, 2, root=0x00030000),  # 3 s root delay
        b"\x01" + clock + packet((4 << 3) | 3, 2),           # client mode
        b"\x00" + clock + packet(good, 2),                   # wrong origin
        b"\x01" + clock + packet(good, 2)[:47],              # short
    ]


def png_gray(data):
    """Decodes an 8-bit grayscale, non-interlaced PNG (what the QR fixtures are): (w, h, pixels)."""
    import zlib
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, head = 8, b"", None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if not head or head[2:4] != (8, 0) or head[6] != 0:
        return None
    width, height = head[0], head[1]
    raw, rows, prev = zlib.decompress(idat), [], bytearray(width)
    for y in range(height):
        line = raw[y * (width + 1):(y + 1) * (width + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(width):
            left = row[x - 1] if x else 0
            up, corner = prev[x], (prev[x - 1] if x else 0)
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                row[x] = (row[x] + pred) & 0xFF
        rows.append(bytes(row))
        prev = row
    return width, height, rows


def luma_frames(repo):
    """qr_luma inputs: width, height (u16 LE), stride padding, flags (rotation), then pixels."""
    out = []
    for path in files(repo, "cli/tests/fixtures/qr/*.png", "core/tests/fixtures/qr/*.png"):
        decoded = png_gray(path.read_bytes())
        if not decoded:
            continue
        width, height, rows = decoded
        for padding, rotation in ((0, 0), (16, 1), (3, 2)):
            head = struct.pack("<HHBB", width, height, padding, rotation)
            out.append(head + b"".join(row + b"\x80" * padding for row in rows))
    return out


def seeds(repo, target):
    fixtures = repo / "core/tests/fixtures"
    imports = fixtures / "import"
    read = lambda *names: [(imports / n).read_bytes() for n in names if (imports / n).exists()]
    if target == "uri_parse":
        return uris(repo)
    if target == "migration_payload":
        return migration_payloads(repo)
    if target == "base32":
        return secrets(repo) + [b"jbsw y3dp-ehpk 3pxp", b"JBSWY3DPEHPK3PXP====", b"JBSW=Y3DP", b""]
    # The bad-input corpus's crafted import files (expensive key derivations, hostile names).
    crafted = lambda pattern: [p.read_bytes() for p in files(repo, "tests/vectors/bad/files/" + pattern)]
    if target == "import_aegis":
        return read("aegis_plain.json", "aegis_encrypted.json") + crafted("import_aegis_*")
    if target == "import_twofas":
        return read("twofas_plain.2fas", "twofas_encrypted.2fas") + crafted("import_2fas_*")
    if target == "import_uris":
        return read("uris.txt", "google_migration.txt") + uris(repo) + crafted("import_uris_*")
    if target == "import_files":
        return ([p.read_bytes() for p in files(repo, "core/tests/fixtures/import/*") if p.suffix != ".md"]
                + crafted("import_*"))
    if target == "vault_container":
        return [p.read_bytes() for p in files(repo, "core/tests/fixtures/vault/*", "tests/vectors/bad/files/*.otpkit")]
    if target == "sntp_reply":
        return sntp_replies()
    if target == "qr_luma":
        return luma_frames(repo)
    if target == "qr_scan":
        return [p.read_bytes() for p in files(repo, "cli/tests/fixtures/qr/*", "core/tests/fixtures/qr/*")]
    raise SystemExit(f"no seeds defined for fuzz target {target!r}: add them to {__file__}")


def main():
    repo, target, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    count = 0
    for data in seeds(repo, target):
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        count += 1
    print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
