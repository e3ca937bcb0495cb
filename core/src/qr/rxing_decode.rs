//! rxing's port of zxing-cpp's QR reader on a binarised level.

use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource};

use super::decode::Decoded;

/// Decodes every QR code in `bits` (`width` x `height`, modules where `bits == dark`), through
/// a black-and-white luma image (rxing takes it by value: its borrowing constructor needs a
/// `'static` buffer).
pub(crate) fn decode_bits(bits: &[u8], width: usize, height: usize, dark: u8) -> Vec<Decoded> {
    let luma = bits.iter().map(|&b| if b == dark { 0 } else { 255 }).collect();
    let Ok(source) = Luma8LuminanceSource::new(luma, width as u32, height as u32) else {
        return Vec::new();
    };
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints::default();
    let Ok(results) = QrReader.decode_multiple_with_hints(&mut bitmap, &hints) else {
        return Vec::new();
    };
    results
        .into_iter()
        .map(|r| {
            let points = r.getPoints();
            let mut corners = [(0.0, 0.0); 4];
            for (corner, p) in corners.iter_mut().zip(points.iter()) {
                *corner = (p.x, p.y);
            }
            Decoded { bytes: r.getText().as_bytes().to_vec(), corners }
        })
        .collect()
}
