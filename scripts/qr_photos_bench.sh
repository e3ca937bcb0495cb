#!/usr/bin/env bash
# Real-photo QR benchmark (issue 13): our scanner and zxing-cpp on the same photos, one core each.
#
# Usage: scripts/qr_photos_bench.sh [MIRROR_DIR]
#
# 1. Fetches the pinned photo set into target/qr-photos/ (scripts/qr_photos_fetch.sh; MIRROR_DIR
#    or QR_PHOTOS_MIRROR as there).
# 2. Runs core/benches/qr_photos.rs (our scanner, `scan_luma` timed) on core 1.
# 3. Installs zxing-cpp (pinned) into the cached virtualenv scripts/qr_bench.sh uses, and runs
#    scripts/qr_photos_zxing.py pinned to core 1.
# 4. Prints both side by side per source, with a total row, then the photos each decoder missed.
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTOS="target/qr-photos"
CORE="${QR_BENCH_CORE:-1}"

scripts/qr_photos_fetch.sh "$@"
source scripts/zxing_venv.sh

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Both run niced (the machine is shared) and pinned to the same core.
ours=$(nice -n 10 taskset -c "$CORE" cargo bench -q -p otpkit-core --bench qr_photos -- --json | tail -1)
theirs=$(nice -n 10 taskset -c "$CORE" "$VENV/bin/python" scripts/qr_photos_zxing.py "$PHOTOS")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'source':<18}{'otpkit read':>12}{'codes':>10}{'median':>8}{'p95':>8}   "
      f"{'zxing-cpp read':>14}{'codes':>10}{'median':>8}{'p95':>8}")
sources = [s for s in ours if s != "total"]
for source in sources + ["total"]:
    o, z = ours[source], theirs[source]
    print(f"{source:<18}{o['read']:>7}/{o['photos']:<4}{o['codes_read']:>5}/{o['codes']:<4}"
          f"{o['median_ms']:>8.2f}{o['p95_ms']:>8.2f}   {z['read']:>9}/{z['photos']:<4}"
          f"{z['codes_read']:>5}/{z['codes']:<4}{z['median_ms']:>8.2f}{z['p95_ms']:>8.2f}")
print("times in ms per photo (decode call only, photo already in memory as luma);")
print("read = photos with every expected payload returned (a photo neither decoder reads counts as a")
print("miss for both); codes = expected payloads returned, over all photos")
neither = set(ours["total"]["missed"]) & set(theirs["total"]["missed"])
print(f"read by neither decoder: {len(neither)} photos")
for title, mine, other in (("otpkit misses, zxing-cpp reads", ours, theirs),
                           ("zxing-cpp misses, otpkit reads", theirs, ours)):
    for source in sources:
        only = [f for f in mine[source]["missed"] if f not in set(other[source]["missed"])]
        if only:
            print(f"\n{title}, {source} ({len(only)}):")
            print("  " + " ".join(only))
for source in sources:
    both = [f for f in ours[source]["missed"] if f in neither]
    if both:
        print(f"\nneither reads, {source} ({len(both)}):")
        print("  " + " ".join(both))
PY
