//! rqrr on a binarised region, guarded: rqrr 0.11 panics on some real photos (an assertion in
//! its geometry code), and a panic must become "no code found", never a crash of the app.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// A rectangle of a pyramid level, in level pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
}

/// A code rqrr read: its bytes and its corners in level pixels (top-left, top-right,
/// bottom-right, bottom-left as the code is printed).
#[derive(Debug)]
pub(crate) struct Decoded {
    pub bytes: Vec<u8>,
    pub corners: [(f32, f32); 4],
}

/// Runs rqrr's grid detection and decoding on `rect` of `bits`, with modules where
/// `bits == dark`. Returns every code that decoded; a panic inside rqrr gives none.
pub(crate) fn decode_region(bits: &[u8], width: usize, rect: Rect, dark: u8) -> Vec<Decoded> {
    let mut crop = Vec::with_capacity(rect.width * rect.height);
    for y in rect.y..rect.y + rect.height {
        let row = &bits[y * width + rect.x..y * width + rect.x + rect.width];
        // rqrr: 1 is black (a module), 0 is white.
        crop.extend(row.iter().map(|&b| u8::from(b == dark)));
    }
    let Some(image) = image::GrayImage::from_raw(rect.width as u32, rect.height as u32, crop) else {
        return Vec::new();
    };
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::without_preparation(image);
        let grids = prepared.detect_grids();
        if std::env::var_os("QR_DEBUG").is_some() { eprintln!("grids {} at {rect:?}", grids.len()); for g in &grids { eprintln!("  decode {:?}", g.decode().map(|(m, _)| m.version.0).map_err(|e| e.to_string())); } }
        grids
            .into_iter()
            .filter_map(|grid| {
                let mut bytes = Vec::new();
                grid.decode_to(&mut bytes).ok()?;
                let corners = grid.bounds.map(|p| ((p.x as f32) + rect.x as f32, (p.y as f32) + rect.y as f32));
                Some(Decoded { bytes, corners })
            })
            .collect::<Vec<_>>()
    }));
    decoded.unwrap_or_default()
}
