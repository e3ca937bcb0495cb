#!/usr/bin/env bash
# Real-photo QR set (issue 13): puts the pinned photos in target/qr-photos/ (git-ignored), with
# target/qr-photos/manifest.tsv for core/benches/qr_photos.rs and scripts/qr_photos_zxing.py.
#
# Usage: scripts/qr_photos_fetch.sh [MIRROR_DIR]     (or QR_PHOTOS_MIRROR=MIRROR_DIR)
#
# Sources and pins: scripts/qr_photos/sources.tsv, one photo a row (repository, commit, path,
# sha256); licences and attributions: scripts/qr_photos/LICENCES.md. None of the images is in
# this repository. Each file comes
#   - from a local bare clone at MIRROR_DIR/OWNER+NAME/repo when there is one (`git show
#     COMMIT:PATH`; the sandbox this was made in reaches GitHub only through such copies), else
#   - from GitHub at the pinned commit (raw.githubusercontent.com/OWNER/NAME/COMMIT/PATH).
# Every file is checked against its sha256 either way; a mismatch stops the script.
#
# Ground truth (the label column of the manifest):
#   published  the payload the source's own tests expect;
#   consensus  the set has no payloads: the payload is what zxing-cpp 3.1.1 or our scanner read
#              (scripts/qr_photos/relabel.py; a QR read that passes Reed-Solomon is practically
#              never wrong). A photo neither read has no payload: it stays in the set and counts
#              as a miss for both decoders.
# A photo with several codes counts as read when the decoder returns every expected payload.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES="scripts/qr_photos/sources.tsv"
OUT="target/qr-photos"
MIRROR="${1:-${QR_PHOTOS_MIRROR:-}}"

mkdir -p "$OUT"
manifest="$OUT/manifest.tsv.part"
: >"$manifest"
fetched=0 kept=0
while IFS=$'\t' read -r file repo commit path sha256 label payloads; do
    [[ "$file" == \#* ]] && continue
    dest="$OUT/$file"
    if ! { [ -f "$dest" ] && echo "$sha256  $dest" | sha256sum -c --status; }; then
        mkdir -p "$(dirname "$dest")"
        git_dir="$MIRROR/${repo/\//+}/repo"
        if [ -n "$MIRROR" ] && [ -d "$git_dir" ]; then
            git --git-dir="$git_dir" show "$commit:$path" >"$dest.part"
        else
            url="https://raw.githubusercontent.com/$repo/$commit/$path"
            curl -fsSL --retry 3 -o "$dest.part" "$url" || {
                echo "cannot download $file from $url (no mirror at $git_dir)" >&2
                exit 1
            }
        fi
        if ! echo "$sha256  $dest.part" | sha256sum -c --status; then
            echo "sha256 mismatch for $file ($repo@$commit:$path)" >&2
            exit 1
        fi
        mv "$dest.part" "$dest"
        fetched=$((fetched + 1))
    else
        kept=$((kept + 1))
    fi
    printf '%s\t%s\t%s%s\n' "$file" "${file%%/*}" "$label" "${payloads:+$'\t'$payloads}" >>"$manifest"
done <"$SOURCES"
mv "$manifest" "$OUT/manifest.tsv"
echo "qr-photos: $fetched fetched, $kept already there; manifest: $OUT/manifest.tsv ($(wc -l <"$OUT/manifest.tsv") photos)"
