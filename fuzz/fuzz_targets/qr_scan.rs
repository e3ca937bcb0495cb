//! The QR scanner on arbitrary input: a luma plane whose geometry comes from the input, and
//! the same bytes as an image file. It must return (codes, nothing, or a typed error), never
//! panic or read out of bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otpkit_core::qr::{LumaFrame, QrScanner, Rotation};

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let width = usize::from(u16::from_le_bytes([data[0], data[1]]) % 512);
    let height = usize::from(u16::from_le_bytes([data[2], data[3]]) % 512);
    let stride = width + usize::from(data[4] % 16);
    let rotation = Rotation::from_degrees(u32::from(data[5] % 4) * 90).unwrap_or_default();
    let mut scanner = QrScanner::new();
    let frame = LumaFrame { data: &data[6..], width, height, stride, rotation };
    let _ = scanner.scan_luma(frame);
    let _ = scanner.scan_image_bytes(data);
});
