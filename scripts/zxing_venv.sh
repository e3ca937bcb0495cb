# Sourced by the QR benchmarks (qr_bench.sh, qr_photos_bench.sh): the cached virtualenv with the
# pinned zxing-cpp (the peer decoder) and Pillow (PNG and JPEG files for it). Sets VENV.
ZXING_CPP_VERSION="3.1.1"
PILLOW_VERSION="13.0.0"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/otpkit/zxing-venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import zxingcpp, PIL" 2>/dev/null \
    || "$VENV/bin/pip" install -q "zxing-cpp==$ZXING_CPP_VERSION" "pillow==$PILLOW_VERSION"
