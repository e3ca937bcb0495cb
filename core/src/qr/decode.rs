//! The decoder, run on the binarised region around the finder patterns.
//!
//! rxing's port of zxing-cpp's QR reader does the decoding. It replaced rqrr, the design's first
//! choice: with the same preprocessing rqrr read far fewer small, dense and blurred codes, five
//! times slower, and as a second decoder it added 1 frame in 660 (BENCHMARKS.md). The call is
//! guarded: a panic in a decoder (a port with many index operations, fed camera noise) must
//! become "no code found", never a crash of the app.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource};

/// A rectangle of a pyramid level, in level pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

impl Rect {
    /// True if the point lies inside.
    pub fn contains(&self, (x, y): (f32, f32)) -> bool {
        (self.x as f32..(self.x + self.width) as f32).contains(&x)
            && (self.y as f32..(self.y + self.height) as f32).contains(&y)
    }
}

/// A code the decoder read: its bytes and its reference points (finder pattern centres, and
/// the alignment pattern when it has one) in pixels of the region it was given.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub bytes: Vec<u8>,
    pub points: Vec<(f32, f32)>,
}

/// Decodes every QR code in `rect` of `bits` (a level `width` pixels wide), with modules
/// where `bits == dark`.
pub(crate) fn decode_region(bits: &[u8], width: usize, rect: Rect, dark: u8) -> Vec<Decoded> {
    // Black modules on white, whatever the polarity in the frame.
    let mut luma = Vec::with_capacity(rect.width * rect.height);
    for y in rect.y..rect.y + rect.height {
        luma.extend(
            bits[y * width + rect.x..y * width + rect.x + rect.width]
                .iter()
                .map(|&b| if b == dark { 0 } else { 255 }),
        );
    }
    catch_unwind(AssertUnwindSafe(|| {
        with_rxing(luma, rect.width, rect.height)
    }))
    .unwrap_or_default()
}

/// rxing takes the luma by value (its borrowing constructor needs a `'static` buffer).
fn with_rxing(luma: Vec<u8>, width: usize, height: usize) -> Vec<Decoded> {
    let Ok(source) = Luma8LuminanceSource::new(luma, width as u32, height as u32) else {
        return Vec::new();
    };
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let Ok(results) = QrReader.decode_multiple_with_hints(&mut bitmap, &DecodeHints::default())
    else {
        return Vec::new();
    };
    results
        .into_iter()
        .map(|r| Decoded {
            bytes: r.getText().as_bytes().to_vec(),
            points: r.getPoints().iter().map(|p| (p.x, p.y)).collect(),
        })
        .collect()
}
