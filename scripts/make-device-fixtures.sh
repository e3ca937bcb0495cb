#!/usr/bin/env bash
# Writes the device tests' fixtures (tests/device/, read by the Android instrumented test and the
# iOS UI test, see tests/device/README.md): a backup made by the core through the `otpkit` CLI,
# and the QR code the add screen's injected camera frame shows, drawn by tools/qrframes.
#
# Usage: scripts/make-device-fixtures.sh
# The backup is new each run (new salt and nonce); the accounts and passphrases below are the
# ones the device tests expect: change them there too.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/tests/device"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q -p otpkit-cli -p qrframes --manifest-path "$repo/Cargo.toml"
otpkit="$repo/target/debug/otpkit"
qrframes="$repo/target/debug/qrframes"

# The restored account: a made-up test secret, never a real one.
export OTPKIT_PASSPHRASE="fixture vault passphrase"
"$otpkit" --vault "$work/vault" add "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example" >/dev/null
rm -f "$out/backup.otpkit"
OTPKIT_BACKUP_PASSPHRASE="device test backup" "$otpkit" --vault "$work/vault" export "$out/backup.otpkit" >/dev/null
# The CLI writes backups readable by their owner only; this one is a test fixture.
chmod 644 "$out/backup.otpkit"

# The account the add screen scans from the injected frame (RFC 6238's test secret).
"$qrframes" --code "otpauth://totp/Scanned:bob@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Scanned" "$out/camera-frame.png"
echo "wrote $out/backup.otpkit and $out/camera-frame.png"
