#!/usr/bin/env python3
"""Fill the payloads of the `consensus` rows of sources.tsv from what the two decoders read.

Usage: relabel.py SOURCES_TSV ZXING_READS OUR_READS

ZXING_READS and OUR_READS are the `--reads` output of scripts/qr_photos_zxing.py and of
core/benches/qr_photos.rs on the same set (file, then one escaped payload per column):

    scripts/qr_photos_fetch.sh [MIRROR_DIR]
    "$VENV/bin/python" scripts/qr_photos_zxing.py target/qr-photos --reads >zxing.tsv
    cargo bench -q -p otpkit-core --bench qr_photos -- --reads >ours.tsv
    python3 scripts/qr_photos/relabel.py scripts/qr_photos/sources.tsv zxing.tsv ours.tsv
    scripts/qr_photos_fetch.sh [MIRROR_DIR]    # writes the manifest again

A consensus row's payloads become every distinct payload it had or either decoder read (so a
relabel never drops one a decoder read before); a row none read keeps no payload (a miss for
both). `published` rows are left as they are, but a published payload that neither decoder
returned is reported.
"""
import sys


def load_reads(path):
    with open(path, encoding="utf-8") as f:
        rows = (line.rstrip("\n").split("\t") for line in f if line.strip())
        return {row[0]: [p for p in row[1:] if p] for row in rows}


def main():
    sources, zxing, ours = sys.argv[1], load_reads(sys.argv[2]), load_reads(sys.argv[3])
    with open(sources, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out, unread = [], 0
    for line in lines:
        if line.startswith("#"):
            out.append(line)
            continue
        fields = line.split("\t")
        file, label, payloads = fields[0], fields[5], fields[6:]
        read = zxing.get(file, []) + ours.get(file, [])
        if label == "consensus":
            payloads = list(dict.fromkeys(payloads + read))
            unread += not payloads
        elif not set(payloads) <= set(read):
            print(f"{file}: published payload not read by either decoder", file=sys.stderr)
        out.append("\t".join(fields[:6] + payloads))
    with open(sources, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"relabelled {sources}: {unread} consensus rows read by neither decoder")


if __name__ == "__main__":
    main()
