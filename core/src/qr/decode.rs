//! The two decoders, run on the binarised region around the finder patterns.
//!
//! rxing's port of zxing-cpp's QR reader goes first: on the generated frames it reads more
//! dense, blurred and noisy codes than rqrr. rqrr goes second and reads some strongly tilted
//! codes rxing misses (see BENCHMARKS.md). Both are guarded: rqrr 0.11 panics on some real
//! photos (an assertion in its geometry code), and a panic in a decoder must become "no code
//! found", never a crash of the app.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rxing::common::HybridBinarizer;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource};

/// Which decoders the scanner runs. Apps keep the default; the others exist to measure each
/// decoder's share (core/benches/qr.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoders {
    /// rxing, then rqrr where rxing read nothing.
    #[default]
    Both,
    /// rxing only.
    Rxing,
    /// rqrr only.
    Rqrr,
}

/// A rectangle of a pyramid level, in level pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// A code a decoder read: its bytes and up to four reference points (corners for rqrr, finder
/// pattern centres for rxing) in pixels of the region it was given.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub bytes: Vec<u8>,
    pub points: Vec<(f32, f32)>,
}

/// Decodes every QR code in `rect` of `bits` (a level `width` pixels wide), with modules
/// where `bits == dark`.
pub(crate) fn decode_region(
    bits: &[u8],
    width: usize,
    rect: Rect,
    dark: u8,
    decoders: Decoders,
) -> Vec<Decoded> {
    let mut crop = Vec::with_capacity(rect.width * rect.height);
    for y in rect.y..rect.y + rect.height {
        // 1 for a module, 0 for background, whatever the polarity.
        crop.extend(
            bits[y * width + rect.x..y * width + rect.x + rect.width]
                .iter()
                .map(|&b| u8::from(b == dark)),
        );
    }
    let mut decoded = Vec::new();
    if decoders != Decoders::Rqrr {
        decoded = guarded(|| with_rxing(&crop, rect.width, rect.height));
    }
    if decoded.is_empty() && decoders != Decoders::Rxing {
        decoded = guarded(|| with_rqrr(crop, rect.width, rect.height));
    }
    decoded
}

fn guarded(decode: impl FnOnce() -> Vec<Decoded>) -> Vec<Decoded> {
    catch_unwind(AssertUnwindSafe(decode)).unwrap_or_default()
}

fn with_rxing(modules: &[u8], width: usize, height: usize) -> Vec<Decoded> {
    // rxing takes the luma by value (its borrowing constructor needs a `'static` buffer).
    let luma = modules
        .iter()
        .map(|&m| if m == 1 { 0 } else { 255 })
        .collect();
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

fn with_rqrr(modules: Vec<u8>, width: usize, height: usize) -> Vec<Decoded> {
    // rqrr: 1 is black (a module), 0 is white, exactly what `modules` holds.
    let Some(image) = image::GrayImage::from_raw(width as u32, height as u32, modules) else {
        return Vec::new();
    };
    let mut prepared = rqrr::PreparedImage::without_preparation(image);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| {
            let mut bytes = Vec::new();
            grid.decode_to(&mut bytes).ok()?;
            Some(Decoded {
                bytes,
                points: grid
                    .bounds
                    .iter()
                    .map(|p| (p.x as f32, p.y as f32))
                    .collect(),
            })
        })
        .collect()
}
