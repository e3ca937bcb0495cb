//! QR codes in camera frames and image files: luma plane in, payload texts out.
//!
//! rqrr decodes; this module gives it what it lacks on camera frames: a scale pyramid (coarse
//! first, so big codes cost little and small ones are still read at full resolution), a local
//! adaptive threshold (dim and unevenly lit codes), both polarities (light-on-dark codes), a
//! fast finder-pattern search (frames without a code are rejected before rqrr runs, and rqrr
//! only sees the region around the finder patterns), and a guard against rqrr's panics.

mod batch;
mod binarize;
mod classify;
mod decode;
mod error;
mod finder;
mod frame;
mod image_file;

pub use batch::{BatchProgress, MAX_BATCH_SIZE};
pub use classify::PayloadKind;
pub use decode::Decoders;
pub use error::QrError;
pub use frame::{LumaFrame, Rotation, MAX_PIXELS};

use zeroize::Zeroizing;

use crate::uri::{self, BatchInfo, Parsed, UriError};
use batch::BatchTracker;
use binarize::Level;
use decode::{decode_region, Rect};
use finder::Candidate;

/// Smallest side that can hold a QR code (21 modules of one pixel).
const MIN_SIDE: usize = 21;
/// The coarse search level has its short side near this many pixels: enough to find the codes
/// that fill a good part of the frame, cheap to search.
const COARSE_SIDE: usize = 360;
/// Modules around the finder pattern centres the crop handed to rqrr keeps: 3.5 to the code's
/// edge, the rest for perspective and the quiet zone.
const CROP_MARGIN_MODULES: f32 = 12.0;

/// One QR code found in a frame.
pub struct Found {
    /// The text the code holds. It may hold a secret: zeroized on drop, never in `Debug`.
    pub text: Zeroizing<String>,
    /// What the text is.
    pub kind: PayloadKind,
    /// For a migration code: its place in its export (when the payload decodes).
    pub batch: Option<BatchInfo>,
    /// Where the code is in the upright picture, in frame pixels, for an overlay: three or
    /// four reference points (its finder pattern centres or its corners, by decoder).
    pub points: Vec<(f32, f32)>,
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Found")
            .field("text", &"<redacted>")
            .field("kind", &self.kind)
            .field("batch", &self.batch)
            .field("points", &self.points)
            .finish()
    }
}

impl Found {
    /// The `otpauth://` or `otpauth-migration://` URI, or
    /// [`QrError::NotAnAuthenticatorCode`] for any other content.
    pub fn authenticator_uri(&self) -> Result<&str, QrError> {
        match self.kind {
            PayloadKind::Account | PayloadKind::MigrationBatch => Ok(self.text.trim()),
            PayloadKind::Other => Err(QrError::NotAnAuthenticatorCode {
                kind: classify::describe_other(&self.text),
            }),
        }
    }

    /// The accounts the code holds, through [`uri::parse`]; for content that is not an
    /// authenticator code, [`UriError::UnknownScheme`] or [`UriError::NotAUri`].
    pub fn parse(&self) -> Result<Parsed, UriError> {
        uri::parse(&self.text)
    }
}

/// Decodes QR codes from camera frames and images. Keep one per camera session: it reuses its
/// buffers from frame to frame and tracks migration batches across frames.
#[derive(Default)]
pub struct QrScanner {
    /// The whole frame shrunk to the coarse search level.
    coarse: Level,
    /// The whole frame at full resolution, binarised with the coarse level's thresholds.
    fine: Level,
    /// The region around finder patterns, binarised on its own at full resolution.
    local: Level,
    decoders: Decoders,
    candidates: Vec<Candidate>,
    batches: BatchTracker,
}

impl QrScanner {
    /// A scanner with empty buffers; they grow to the first frame's size and are then reused.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scanner that runs only the given decoders (for measurements; apps use [`Self::new`]).
    pub fn with_decoders(decoders: Decoders) -> Self {
        QrScanner {
            decoders,
            ..Self::default()
        }
    }

    /// Every QR code in `frame`; an empty list when there is none. Errors only for a frame whose
    /// geometry does not match its buffer.
    pub fn scan_luma(&mut self, frame: LumaFrame<'_>) -> Result<Vec<Found>, QrError> {
        frame.validate()?;
        let mut found: Vec<Found> = Vec::new();
        if frame.width < MIN_SIDE || frame.height < MIN_SIDE {
            return Ok(found);
        }
        let whole = Rect {
            x: 0,
            y: 0,
            width: frame.width,
            height: frame.height,
        };
        // Search the whole frame at a coarse level first: cheap, and enough for the codes that
        // fill a good part of it. Then, only if that found nothing, at full resolution for
        // small codes (720p: with the coarse level's thresholds, which is much cheaper).
        let coarse = coarse_factor(frame.width, frame.height);
        let searches: &[usize] = if coarse > 1 { &[coarse, 1] } else { &[1] };
        for &factor in searches {
            if factor == coarse || coarse == 1 {
                self.coarse.shrink_from(&frame, whole, factor);
                self.coarse.binarize();
            } else if coarse == 2 {
                self.fine.binarize_frame_with(&frame, &self.coarse);
            } else {
                // Coarser levels average a small code's modules away: their blocks look flat,
                // so the full-resolution thresholds are computed afresh.
                self.fine.shrink_from(&frame, whole, 1);
                self.fine.binarize();
            }
            let level = if factor == coarse {
                &self.coarse
            } else {
                &self.fine
            };
            for dark in [1, 0] {
                // Full-resolution finder patterns are at least 14 rows tall: every other row
                // finds them.
                let row_step = if factor == 1 && coarse > 1 { 2 } else { 1 };
                finder::find(
                    &level.bits,
                    level.width,
                    level.height,
                    dark,
                    row_step,
                    &mut self.candidates,
                );
                let Some(rect) = code_region(&self.candidates, level) else {
                    continue;
                };
                let decoded = decode_region(&level.bits, level.width, rect, dark, self.decoders);
                collect(&mut found, decoded, level, rect, &frame);
                if found.is_empty() && level.factor == 1 && coarse > 1 {
                    // The coarse thresholds span 8 x `coarse` pixels: too wide for some dim
                    // codes. Binarise the region again with its own full-resolution blocks.
                    let region = Rect {
                        x: rect.x,
                        y: rect.y,
                        width: rect.width,
                        height: rect.height,
                    };
                    self.local.shrink_from(&frame, region, 1);
                    self.local.binarize();
                    let local = &self.local;
                    let all = Rect {
                        x: 0,
                        y: 0,
                        width: local.width,
                        height: local.height,
                    };
                    let decoded = decode_region(&local.bits, local.width, all, dark, self.decoders);
                    collect(&mut found, decoded, local, all, &frame);
                }
                if !found.is_empty() {
                    self.track_batches(&mut found);
                    return Ok(found);
                }
            }
        }
        Ok(found)
    }

    /// Reads the batch position of each migration code and records the part.
    fn track_batches(&mut self, found: &mut [Found]) {
        for f in found
            .iter_mut()
            .filter(|f| f.kind == PayloadKind::MigrationBatch)
        {
            f.batch = uri::parse(&f.text).ok().and_then(|parsed| parsed.batch);
            if let Some(info) = f.batch {
                self.batches.record(info, &f.text);
            }
        }
    }

    /// Every QR code in a PNG or JPEG file's bytes (a screenshot or a photo).
    pub fn scan_image_bytes(&mut self, bytes: &[u8]) -> Result<Vec<Found>, QrError> {
        let (luma, width, height) = image_file::decode_luma(bytes)?;
        self.scan_luma(LumaFrame::packed(&luma, width, height))
    }

    /// Every QR code in a PNG or JPEG file.
    pub fn scan_image_file(&mut self, path: &std::path::Path) -> Result<Vec<Found>, QrError> {
        let bytes = std::fs::read(path).map_err(|err| QrError::UnsupportedImage {
            reason: format!("cannot read {}: {err}", path.display()),
        })?;
        self.scan_image_bytes(&bytes)
    }

    /// Records a migration part seen elsewhere (a gallery image, a pasted URI), as
    /// [`Self::scan_luma`] does for the parts it reads. Returns false for a part inconsistent
    /// with its batch.
    pub fn record_batch_part(&mut self, info: BatchInfo, payload: &str) -> bool {
        self.batches.record(info, payload)
    }

    /// Progress of every migration batch seen since the scanner was made or cleared.
    pub fn batch_progress(&self) -> Vec<BatchProgress> {
        self.batches.progress()
    }

    /// Takes the payloads of a batch whose parts have all been seen, in part order.
    pub fn take_complete_batch(&mut self, batch_id: i32) -> Option<Vec<Zeroizing<String>>> {
        self.batches.take_complete(batch_id)
    }

    /// Forgets the migration batches seen (the user left the scan screen).
    pub fn clear_batches(&mut self) {
        self.batches.clear();
    }
}

/// The shrink factor of the coarse search level: its short side near [`COARSE_SIDE`].
fn coarse_factor(width: usize, height: usize) -> usize {
    (width.min(height) / COARSE_SIDE).max(1)
}

/// Finder patterns confirmed on at least this many rows count.
const MIN_HITS: u32 = 1;
/// Smallest module (level pixels) a finder pattern may have to count.
const MIN_MODULE_PX: f32 = 1.0;

/// The rectangle of `level` around the candidates that form a code's three finder patterns
/// (see [`is_code_triple`]), widened by [`CROP_MARGIN_MODULES`]; `None` when no three do.
fn code_region(candidates: &[Candidate], level: &Level) -> Option<Rect> {
    let strong: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.hits >= MIN_HITS && c.module >= MIN_MODULE_PX)
        .collect();
    let n = strong.len();
    let mut in_triple = vec![false; n];
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                if is_code_triple(strong[i], strong[j], strong[k]) {
                    in_triple[i] = true;
                    in_triple[j] = true;
                    in_triple[k] = true;
                }
            }
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (c, _) in strong.iter().zip(&in_triple).filter(|(_, &used)| used) {
        let margin = c.module * CROP_MARGIN_MODULES;
        x0 = x0.min(c.x - margin);
        y0 = y0.min(c.y - margin);
        x1 = x1.max(c.x + margin);
        y1 = y1.max(c.y + margin);
    }
    if x0 > x1 {
        return None;
    }
    let clamp = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
    let (x0, y0) = (clamp(x0, level.width), clamp(y0, level.height));
    let (x1, y1) = (clamp(x1, level.width), clamp(y1, level.height));
    Some(Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    })
}

/// True if three candidates could be one code's finder patterns: similar module sizes, and a
/// right isosceles triangle (loosely: tilt skews it) with legs between 10 (version 1 is 14)
/// and 180 (version 40 is 170) modules.
fn is_code_triple(a: &Candidate, b: &Candidate, c: &Candidate) -> bool {
    let module = (a.module + b.module + c.module) / 3.0;
    if [a, b, c]
        .iter()
        .any(|p| (p.module - module).abs() > 0.5 * module)
    {
        return false;
    }
    let d2 = |p: &Candidate, q: &Candidate| (p.x - q.x).powi(2) + (p.y - q.y).powi(2);
    let mut sides = [d2(a, b), d2(b, c), d2(a, c)];
    sides.sort_by(f32::total_cmp);
    let [leg1, leg2, hypotenuse] = sides;
    let leg_modules = leg1.sqrt() / module;
    leg2 <= leg1 * 4.0 // legs within 2x of each other
        && (10.0..=180.0).contains(&leg_modules)
        && (hypotenuse - (leg1 + leg2)).abs() <= 0.5 * (leg1 + leg2)
}

/// Adds the codes decoded in `rect` of `level` to `found`, once each, with points in the
/// upright frame.
fn collect(
    found: &mut Vec<Found>,
    decoded: Vec<decode::Decoded>,
    level: &Level,
    rect: Rect,
    frame: &LumaFrame<'_>,
) {
    for d in decoded {
        let text = Zeroizing::new(String::from_utf8_lossy(&d.bytes).into_owned());
        if found.iter().any(|f| f.text == text) {
            continue;
        }
        let scale = level.factor as f32;
        let points = d.points.iter().map(|&(x, y)| {
            let at = (
                level.origin.0 as f32 + (rect.x as f32 + x) * scale,
                level.origin.1 as f32 + (rect.y as f32 + y) * scale,
            );
            frame.rotation.upright(at, frame.width, frame.height)
        });
        found.push(Found {
            kind: PayloadKind::of(&text),
            text,
            batch: None,
            points: points.collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_reused_and_do_not_grow_across_frames() {
        let frames: Vec<_> = (0..4)
            .map(|i| qrframes::frame(qrframes::Category::Noisy, i % 2, 1))
            .collect();
        let mut scanner = QrScanner::new();
        let capacities = |s: &QrScanner| {
            (
                s.coarse.gray.capacity(),
                s.coarse.bits.capacity(),
                s.fine.bits.capacity(),
                s.local.bits.capacity(),
                s.candidates.capacity(),
            )
        };
        let mut after_first_round = None;
        for round in 0..3 {
            for f in &frames {
                assert_eq!(
                    scanner
                        .scan_luma(LumaFrame::packed(&f.luma, f.width, f.height))
                        .unwrap()
                        .len(),
                    1
                );
            }
            match after_first_round {
                None => after_first_round = Some(capacities(&scanner)),
                Some(first) => assert_eq!(capacities(&scanner), first, "round {round}"),
            }
        }
    }

    #[test]
    fn the_coarse_level_has_a_short_side_near_360_pixels() {
        let coarse = coarse_factor;
        assert_eq!(
            (
                coarse(1280, 720),
                coarse(1920, 1080),
                coarse(640, 480),
                coarse(4032, 3024)
            ),
            (2, 3, 1, 8)
        );
    }
}
