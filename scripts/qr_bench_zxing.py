#!/usr/bin/env python3
"""Decode the generated QR frames with zxing-cpp and print rate, median and p95 per category.

Usage: qr_bench_zxing.py FRAMES_DIR [--json]

FRAMES_DIR is what `qrframes` wrote (binary PGM files, PNG files for transparent codes, and
manifest.tsv); a PNG is opened with Pillow and handed to zxing-cpp as it is (RGBA). A frame counts as read
when zxing-cpp returns the exact payload; for `no_code` frames, when it returns nothing. Only the
`read_barcodes` call is timed, with the frame already in memory, as the Rust benchmark does.
Run it pinned to one core (`taskset -c 1`) to compare with the Rust benchmark.
"""
import json
import statistics
import sys
import time

import zxingcpp
from PIL import Image


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    # Header: "P5\n<w> <h>\n255\n", as qrframes writes it.
    magic, size, maxval, pixels = data.split(b"\n", 3)
    assert magic == b"P5" and maxval == b"255", path
    width, height = map(int, size.split())
    return memoryview(pixels).cast("B", (height, width)), width, height


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    frames_dir = sys.argv[1]
    as_json = "--json" in sys.argv[2:]
    results = {}
    with open(f"{frames_dir}/manifest.tsv", encoding="utf-8") as manifest:
        rows = [line.rstrip("\n").split("\t") for line in manifest if line.strip()]
    for name, category, _w, _h, payload in rows:
        if name.endswith(".png"):
            image = Image.open(f"{frames_dir}/{name}")
            image.load()
            width, height = image.size
        else:
            image, width, height = read_pgm(f"{frames_dir}/{name}")
        start = time.perf_counter()
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        elapsed_ms = (time.perf_counter() - start) * 1000.0
        texts = [b.text for b in found]
        ok = (not texts) if category == "no_code" else (payload in texts)
        # Every frame that holds a code also counts in the "all_codes" row.
        for key in [category] + ([] if category == "no_code" else ["all_codes"]):
            entry = results.setdefault(key, {"ok": 0, "n": 0, "ms": [], "ms_720p": []})
            entry["n"] += 1
            entry["ok"] += int(ok)
            entry["ms"].append(elapsed_ms)
            if (width, height) == (1280, 720):
                entry["ms_720p"].append(elapsed_ms)
    # The summary row last, as the Rust benchmark prints it.
    results["all_codes"] = results.pop("all_codes")
    summary = {
        category: {
            "read": e["ok"],
            "frames": e["n"],
            "median_ms": statistics.median(e["ms"]),
            "p95_ms": percentile(e["ms"], 0.95),
            "median_720p_ms": statistics.median(e["ms_720p"]) if e["ms_720p"] else None,
            "p95_720p_ms": percentile(e["ms_720p"], 0.95) if e["ms_720p"] else None,
        }
        for category, e in results.items()
    }
    if as_json:
        print(json.dumps(summary))
        return
    print(f"zxing-cpp {getattr(zxingcpp, '__version__', '')}".strip())
    print(f"{'category':<14}{'read':>9}{'median ms':>11}{'p95 ms':>9}")
    for category, s in summary.items():
        print(f"{category:<14}{s['read']:>4}/{s['frames']:<4}{s['median_ms']:>11.2f}{s['p95_ms']:>9.2f}")


if __name__ == "__main__":
    main()
