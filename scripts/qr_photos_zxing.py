#!/usr/bin/env python3
"""Decode the real-photo QR set with zxing-cpp: per source, read count, median and p95, misses.

Usage: qr_photos_zxing.py PHOTOS_DIR [--reads]

PHOTOS_DIR is what scripts/qr_photos_fetch.sh wrote (the photos and manifest.tsv). Each photo is
opened with PIL and converted to 'L' first; only the `read_barcodes` call is timed, as
core/benches/qr_photos.rs times only `scan_luma`. A photo counts as read when zxing-cpp returns
every payload the manifest expects; a photo with no expected payload is a miss. It prints one
JSON object (per source and "total": read, photos, codes_read, codes, median_ms, p95_ms,
missed), which scripts/qr_photos_bench.sh sets beside the Rust benchmark's; `--reads` prints
what zxing-cpp read in each photo instead (for scripts/qr_photos/relabel.py). Run it pinned to
one core (`taskset -c 1`) to compare with the Rust benchmark. PIL's 'L' weighs R, G, B as
ITU-R 601 (299, 587, 114); the image crate's `to_luma8` as ITU-R 709: the two luma planes differ
slightly.
"""
import json
import statistics
import sys
import time

import zxingcpp
from PIL import Image

from qr_bench_zxing import percentile


def unescape(field):
    out, chars = [], iter(field)
    for c in chars:
        if c != "\\":
            out.append(c)
            continue
        nxt = next(chars, "\\")
        out.append({"t": "\t", "n": "\n", "r": "\r"}.get(nxt, nxt))
    return "".join(out)


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main():
    photos_dir = sys.argv[1]
    reads = "--reads" in sys.argv[2:]
    with open(f"{photos_dir}/manifest.tsv", encoding="utf-8") as manifest:
        rows = [line.rstrip("\n").split("\t") for line in manifest if line.strip()]
    results = {}
    for file, source, _label, *payloads in rows:
        with Image.open(f"{photos_dir}/{file}") as img:
            luma = img.convert("L")
        start = time.perf_counter()
        found = zxingcpp.read_barcodes(luma, formats=zxingcpp.BarcodeFormat.QRCode)
        elapsed_ms = (time.perf_counter() - start) * 1000.0
        texts = [b.text for b in found]
        if reads:
            print("\t".join([file] + [escape(t) for t in texts]))
            continue
        expected = [unescape(p) for p in payloads]
        codes_read = sum(p in texts for p in expected)
        ok = bool(expected) and codes_read == len(expected)
        for key in (source, "total"):
            entry = results.setdefault(
                key, {"read": 0, "codes_read": 0, "codes": 0, "ms": [], "missed": []}
            )
            entry["read"] += int(ok)
            entry["codes_read"] += codes_read
            entry["codes"] += len(expected)
            entry["ms"].append(elapsed_ms)
            if not ok:
                entry["missed"].append(file)
    if reads:
        return
    summary = {
        source: {
            "read": e["read"],
            "photos": len(e["ms"]),
            "codes_read": e["codes_read"],
            "codes": e["codes"],
            "median_ms": statistics.median(e["ms"]),
            "p95_ms": percentile(e["ms"], 0.95),
            "missed": e["missed"],
        }
        for source, e in results.items()
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
