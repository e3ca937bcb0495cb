#!/usr/bin/env python3
"""Fill the payloads of the `consensus` rows of sources.tsv from what the two decoders read.

Usage: relabel.py SOURCES_TSV ZXING_READS OUR_READS

ZXING_READS and OUR_READS are the `--reads` output of scripts/qr_photos_zxing.py and of
core/benches/qr_photos.rs on the same set (file, then one escaped payload per column). A
consensus row's payloads become every distinct payload either decoder read, zxing-cpp's first;
a row neither read keeps no payload (a miss for both). `published` rows are left as they are,
but a published payload that neither decoder returned is reported.
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
        read = list(dict.fromkeys(zxing.get(file, []) + ours.get(file, [])))
        if label == "consensus":
            payloads = read
            unread += not read
        elif not set(payloads) <= set(read):
            print(f"{file}: published payload not read by either decoder", file=sys.stderr)
        out.append("\t".join(fields[:6] + payloads))
    with open(sources, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"relabelled {sources}: {unread} consensus rows read by neither decoder")


if __name__ == "__main__":
    main()
