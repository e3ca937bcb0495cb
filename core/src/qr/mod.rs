//! QR codes in camera frames and image files: luma plane in, payload texts out. Image files
//! (PNG, JPEG) only with the `image-files` feature: the apps decode images with the platform.
//!
//! rxing decodes (see `decode`); this module does what makes a camera frame cheap and readable
//! for it: a scale pyramid (coarse first, so big codes cost little and small ones are still
//! read at full resolution), a local adaptive threshold (dim and unevenly lit codes), both
//! polarities (light-on-dark codes), and a fast finder-pattern search: frames without a code
//! are rejected before the decoder runs, and it only sees the regions around the best-confirmed
//! finder patterns, binarised again on their own when the first try reads nothing.

mod batch;
mod binarize;
mod classify;
mod decode;
mod encode;
mod error;
mod finder;
mod frame;
#[cfg(feature = "image-files")]
mod image_file;
pub mod transfer;

pub use batch::{BatchPartError, BatchProgress, BatchTracker, MAX_BATCH_SIZE};
pub use classify::PayloadKind;
pub use encode::{QrMatrix, MAX_QR_BYTES, QUIET_ZONE_MODULES};
pub use error::QrError;
pub use frame::{LumaFrame, Rotation, MAX_PIXELS};
#[cfg(feature = "image-files")]
pub use image_file::MAX_IMAGE_FILE_LEN;

use zeroize::Zeroizing;

use crate::uri::{self, BatchInfo, Parsed, UriError};
use binarize::{Level, Noise};
use decode::{decode_region, Rect};
use finder::Candidate;

/// Smallest side that can hold a QR code (21 modules of one pixel).
const MIN_SIDE: usize = 21;
/// The coarse search level has its short side near this many pixels: enough to find the codes
/// that fill a good part of the frame, cheap to search.
const COARSE_SIDE: usize = 360;
/// Pixels per module, or a little more, in a region binarised again (see [`read_region`]).
const LOCAL_MODULE_PX: f32 = 6.0;
/// Modules around the finder pattern centres (and the fourth corner) the region handed to the
/// decoder keeps: 3.5 to the code's edge, the rest for perspective and the quiet zone.
const CROP_MARGIN_MODULES: f32 = 12.0;

/// One QR code found in a frame.
pub struct Found {
    /// The text the code holds. It may hold a secret: zeroized on drop, never in `Debug`.
    pub text: Zeroizing<String>,
    /// What the text is.
    pub kind: PayloadKind,
    /// For a migration code: its place in its export (when the payload decodes).
    pub batch: Option<BatchInfo>,
    /// Where the code is in the upright picture, in frame pixels, for an overlay: its finder
    /// pattern centres (and its alignment pattern's, when it has one).
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
    /// The whole frame at full resolution.
    fine: Level,
    /// A region around finder patterns, binarised again on its own (see [`read_region`]).
    local: Level,
    /// Finder pattern candidates of light (index 0) and dark (index 1) modules.
    candidates: [Vec<Candidate>; 2],
    /// The regions to decode in one search.
    regions: Vec<Region>,
    batches: BatchTracker,
}

impl QrScanner {
    /// A scanner with empty buffers; they grow to the first frame's size and are then reused.
    pub fn new() -> Self {
        Self::default()
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
        // small codes (a coarse level averages their modules away).
        let coarse = coarse_factor(frame.width, frame.height);
        let searches: &[usize] = if coarse > 1 { &[coarse, 1] } else { &[1] };
        for &factor in searches {
            if factor == coarse {
                self.coarse.shrink_from(&frame, whole, factor);
                self.coarse.binarize(Noise::Measured);
            } else {
                self.fine.shrink_from(&frame, whole, 1);
                self.fine.binarize(Noise::Measured);
            }
            let level = if factor == coarse {
                &self.coarse
            } else {
                &self.fine
            };
            // Full-resolution finder patterns are at least 14 rows tall: every other row finds
            // them.
            let row_step = if factor == 1 && coarse > 1 { 2 } else { 1 };
            finder::find(
                &level.bits,
                level.width,
                level.height,
                row_step,
                &mut self.candidates,
            );
            for dark in [1u8, 0] {
                code_regions(
                    &self.candidates[usize::from(dark)],
                    level,
                    &mut self.regions,
                );
                let mut read: Vec<Rect> = Vec::new();
                for region in &self.regions {
                    // A second triple of a code already read (a finder pattern seen twice).
                    if read
                        .iter()
                        .any(|r| region.centres.iter().all(|&c| r.contains(c)))
                    {
                        continue;
                    }
                    if read_region(level, region, dark, &frame, &mut self.local, &mut found) {
                        read.push(region.rect);
                    }
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
                // A part that does not fit its batch is still returned; the app's own record
                // of it says why it does not count.
                let _ = self.batches.record(info, &f.text);
            }
        }
    }

    /// Every QR code in a PNG or JPEG file's bytes (a screenshot or a photo).
    #[cfg(feature = "image-files")]
    pub fn scan_image_bytes(&mut self, bytes: &[u8]) -> Result<Vec<Found>, QrError> {
        let (luma, width, height) = image_file::decode_luma(bytes)?;
        self.scan_luma(LumaFrame::packed(&luma, width, height))
    }

    /// Every QR code in a PNG or JPEG file.
    #[cfg(feature = "image-files")]
    pub fn scan_image_file(&mut self, path: &std::path::Path) -> Result<Vec<Found>, QrError> {
        let bytes = image_file::read_image_file(path)?;
        self.scan_image_bytes(&bytes)
    }

    /// Records a migration part seen elsewhere (a gallery image, a pasted URI), as
    /// [`Self::scan_luma`] does for the parts it reads, and gives its batch's progress.
    /// Refuses a part inconsistent with its batch.
    pub fn record_batch_part(
        &mut self,
        info: BatchInfo,
        payload: &str,
    ) -> Result<BatchProgress, BatchPartError> {
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

/// Where a code may be: around three of its finder patterns, or two (see [`add_pair_regions`]).
#[derive(Debug, Clone, Copy)]
struct Region {
    /// The rectangle of the level around the finder patterns and the code's fourth corner (a
    /// tilted code reaches beyond its finder patterns), widened by [`CROP_MARGIN_MODULES`].
    rect: Rect,
    /// The finder pattern centres, in level pixels (for a pair: the two and their midpoint).
    centres: [(f32, f32); 3],
    /// Their mean module size, in level pixels.
    module: f32,
    /// Rows that confirmed the patterns: real ones are seen on many rows, clutter that happens
    /// to look like one on few.
    hits: u32,
    /// How far the patterns are from a right isosceles triangle (see [`Triple::skew`]);
    /// infinite for a pair.
    skew: f32,
}

impl Region {
    /// How likely the region holds a code: well confirmed patterns in the right shape (a
    /// stray candidate in a code's data often forms a triple with two of its real patterns).
    fn score(&self) -> f32 {
        self.hits as f32 / (1.0 + self.skew)
    }
}

/// Regions to try in one search, best first: clutter can form many triples, and each costs a
/// decode.
const MAX_REGIONS: usize = 3;

/// The regions where three of the candidates form a code's finder patterns (see
/// [`code_triple`]), best first (see [`Region::score`]), at most [`MAX_REGIONS`], then pair
/// regions while there is room. Clears and fills `out`.
fn code_regions(candidates: &[Candidate], level: &Level, out: &mut Vec<Region>) {
    out.clear();
    let strong: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.hits >= MIN_HITS && c.module >= MIN_MODULE_PX)
        .collect();
    let n = strong.len();
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                let triple = [strong[i], strong[j], strong[k]];
                let Some(Triple { fourth, skew }) = code_triple(triple[0], triple[1], triple[2])
                else {
                    continue;
                };
                let module = triple.iter().map(|c| c.module).sum::<f32>() / 3.0;
                let corners = triple.iter().map(|c| (c.x, c.y)).chain([fourth]);
                out.push(Region {
                    rect: bounding_rect(corners, module * CROP_MARGIN_MODULES, level),
                    centres: triple.map(|c| (c.x, c.y)),
                    module,
                    hits: triple.iter().map(|c| c.hits).sum(),
                    skew,
                });
            }
        }
    }
    // Best first (highest score), stably.
    crate::order::sort_by_u64(out, |r| !crate::order::f32_key(r.score()));
    out.truncate(MAX_REGIONS);
    if out.len() < MAX_REGIONS {
        add_pair_regions(&strong, level, out);
    }
}

/// Finder patterns a pair region needs: each seen on this many rows.
const PAIR_MIN_HITS: u32 = 2;

/// Regions for codes of which only two finder patterns were found (blur can merge the third's
/// thin rings), from well-confirmed pairs of similar module size, best first, up to
/// [`MAX_REGIONS`] regions in all. Each covers both sides of the pair (the code may lie on
/// either) and the square the pair is the diagonal of.
fn add_pair_regions(strong: &[&Candidate], level: &Level, out: &mut Vec<Region>) {
    let confirmed: Vec<&&Candidate> = strong.iter().filter(|c| c.hits >= PAIR_MIN_HITS).collect();
    let mut pairs = Vec::new();
    for (i, p) in confirmed.iter().enumerate() {
        for q in &confirmed[i + 1..] {
            let module = (p.module + q.module) / 2.0;
            let (dx, dy) = (q.x - p.x, q.y - p.y);
            let side_modules = dx.hypot(dy) / module;
            if (p.module - q.module).abs() > 0.25 * module
                || !(10.0..=180.0 * std::f32::consts::SQRT_2).contains(&side_modules)
            {
                continue;
            }
            // Both squares with the pair as a side (the diagonal square lies inside them).
            let corners = [(p.x, p.y), (q.x, q.y)]
                .into_iter()
                .flat_map(|(x, y)| [(x, y), (x - dy, y + dx), (x + dy, y - dx)]);
            pairs.push(Region {
                rect: bounding_rect(corners, module * CROP_MARGIN_MODULES, level),
                centres: [(p.x, p.y), (q.x, q.y), (p.x + dx / 2.0, p.y + dy / 2.0)],
                module,
                hits: p.hits + q.hits,
                skew: f32::INFINITY,
            });
        }
    }
    // Most hits first, stably.
    crate::order::sort_by_u64(&mut pairs, |p| !u64::from(p.hits));
    out.extend(pairs.into_iter().take(MAX_REGIONS - out.len()));
}

/// The rectangle of `level` around `points`, widened by `margin` and clamped to the level.
fn bounding_rect(points: impl Iterator<Item = (f32, f32)>, margin: f32, level: &Level) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in points {
        x0 = x0.min(x - margin);
        y0 = y0.min(y - margin);
        x1 = x1.max(x + margin);
        y1 = y1.max(y + margin);
    }
    let clamp = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
    let (x0, y0) = (clamp(x0, level.width), clamp(y0, level.height));
    let (x1, y1) = (clamp(x1, level.width), clamp(y1, level.height));
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// Decodes `region` of `level` into `found`. If that reads nothing, binarises the region again
/// in `local` and decodes that: with blocks of its own (the level's may span 8 x `coarse`
/// frame pixels, too wide for some dim codes), without the noise measure (see
/// [`Noise::Unmeasurable`]), at the scale that gives its modules about [`LOCAL_MODULE_PX`]
/// pixels (rxing misses some codes with big modules). True if it added a code to `found`.
fn read_region(
    level: &Level,
    region: &Region,
    dark: u8,
    frame: &LumaFrame<'_>,
    local: &mut Level,
    found: &mut Vec<Found>,
) -> bool {
    let rect = region.rect;
    let decoded = decode_region(&level.bits, level.width, rect, dark);
    if collect(found, decoded, level, rect, frame) {
        return true;
    }
    let in_frame = Rect {
        x: level.origin.0 + rect.x * level.factor,
        y: level.origin.1 + rect.y * level.factor,
        width: rect.width * level.factor,
        height: rect.height * level.factor,
    };
    let factor = (region.module * level.factor as f32 / LOCAL_MODULE_PX) as usize;
    local.shrink_from(frame, in_frame, factor.max(1));
    local.binarize(Noise::Unmeasurable);
    let all = Rect {
        x: 0,
        y: 0,
        width: local.width,
        height: local.height,
    };
    let decoded = decode_region(&local.bits, local.width, all, dark);
    collect(found, decoded, local, all, frame)
}

/// The three candidates as a code's finder patterns, or `None` if they cannot be. They must
/// have similar module sizes and form a right isosceles triangle (loosely: tilt skews it) with
/// legs between 10 (version 1 is 14) and 180 (version 40 is 170) modules.
fn code_triple(a: &Candidate, b: &Candidate, c: &Candidate) -> Option<Triple> {
    let module = (a.module + b.module + c.module) / 3.0;
    if [a, b, c]
        .iter()
        .any(|p| (p.module - module).abs() > 0.5 * module)
    {
        return None;
    }
    let d2 = |p: &Candidate, q: &Candidate| (p.x - q.x).powi(2) + (p.y - q.y).powi(2);
    // Each side with the corner opposite it; the hypotenuse is opposite the corner pattern.
    let mut sides = [
        (d2(a, b), c, a, b),
        (d2(b, c), a, b, c),
        (d2(a, c), b, a, c),
    ];
    // Shortest first, stably (an insertion sort: three sides need no sort routine).
    for i in 1..sides.len() {
        let mut j = i;
        while j > 0 && sides[j].0.total_cmp(&sides[j - 1].0).is_lt() {
            sides.swap(j, j - 1);
            j -= 1;
        }
    }
    let [(leg1, ..), (leg2, ..), (hypotenuse, corner, end1, end2)] = sides;
    let leg_modules = leg1.sqrt() / module;
    let is_code = leg2 <= leg1 * 4.0 // legs within 2x of each other
        && (10.0..=180.0).contains(&leg_modules)
        && (hypotenuse - (leg1 + leg2)).abs() <= 0.5 * (leg1 + leg2);
    is_code.then(|| Triple {
        fourth: (end1.x + end2.x - corner.x, end1.y + end2.y - corner.y),
        skew: (leg2 / leg1 - 1.0) + (hypotenuse - (leg1 + leg2)).abs() / (leg1 + leg2),
    })
}

/// Three candidates that could be one code's finder patterns.
#[derive(Debug, PartialEq)]
struct Triple {
    /// The code's fourth corner: the point opposite the corner pattern.
    fourth: (f32, f32),
    /// How far the triangle is from right and isosceles (0 when it is: an upright code seen
    /// square on).
    skew: f32,
}

/// Adds the codes decoded in `rect` of `level` to `found`, once each, with points in the
/// upright frame. True if it added any.
fn collect(
    found: &mut Vec<Found>,
    decoded: Vec<decode::Decoded>,
    level: &Level,
    rect: Rect,
    frame: &LumaFrame<'_>,
) -> bool {
    let before = found.len();
    for d in decoded {
        let text = decode::payload_text(&d.bytes);
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
    found.len() > before
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
                s.candidates[0].capacity(),
                s.candidates[1].capacity(),
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

    fn candidate(x: f32, y: f32, hits: u32) -> Candidate {
        Candidate {
            x,
            y,
            module: 2.0,
            hits,
        }
    }

    fn level(width: usize, height: usize) -> Level {
        let mut level = Level::default();
        (level.width, level.height, level.factor) = (width, height, 1);
        level
    }

    #[test]
    fn a_triple_gives_the_fourth_corner_of_a_tilted_code() {
        // A 45-degree code: corner pattern at the top, the others left and right of it.
        let (top, left, right) = (
            candidate(100.0, 40.0, 2),
            candidate(60.0, 80.0, 2),
            candidate(140.0, 80.0, 2),
        );
        let triple = code_triple(&left, &top, &right).unwrap();
        assert_eq!(triple.fourth, (100.0, 120.0));
        assert_eq!(triple.skew, 0.0);
        // Three patterns in a row are no code.
        let line = candidate(180.0, 80.0, 2);
        assert_eq!(code_triple(&left, &right, &line), None);
        // A skewed triangle still counts, with its skew.
        let skewed = code_triple(&left, &candidate(104.0, 40.0, 2), &right).unwrap();
        assert!(skewed.skew > 0.05, "{skewed:?}");
        let mut regions = Vec::new();
        code_regions(&[top, left, right], &level(400, 300), &mut regions);
        // The triple first, then two of its pairs (in case the third pattern is a stray).
        assert_eq!(regions.len(), MAX_REGIONS);
        assert_eq!(regions[0].hits, 6);
        // 12 modules of 2 pixels around (60..140, 40..120).
        assert_eq!(
            regions[0].rect,
            Rect {
                x: 36,
                y: 16,
                width: 128,
                height: 128
            }
        );
    }

    #[test]
    fn better_confirmed_triples_come_first_and_only_a_few_are_tried() {
        let mut candidates = Vec::new();
        // Five codes, too far apart (over 180 modules) to mix.
        for (i, hits) in [1, 5, 2, 3, 1].into_iter().enumerate() {
            let x = 500.0 * i as f32;
            candidates.extend([
                candidate(x, 0.0, hits),
                candidate(x + 60.0, 0.0, hits),
                candidate(x, 60.0, hits),
            ]);
        }
        let mut regions = Vec::new();
        code_regions(&candidates, &level(2600, 200), &mut regions);
        let hits: Vec<u32> = regions.iter().map(|r| r.hits).collect();
        assert_eq!(hits, [15, 9, 6]);
    }

    #[test]
    fn two_confirmed_patterns_give_a_region_on_both_sides_of_them() {
        let (a, b) = (candidate(100.0, 100.0, 2), candidate(140.0, 100.0, 3));
        let mut regions = Vec::new();
        code_regions(&[a, b], &level(400, 300), &mut regions);
        assert_eq!(regions.len(), 1);
        // 40 pixels above and below the pair, plus 24 of margin.
        assert_eq!(
            regions[0].rect,
            Rect {
                x: 76,
                y: 36,
                width: 88,
                height: 128
            }
        );
        // A pattern seen on one row only is too weak to pair.
        code_regions(
            &[a, candidate(140.0, 100.0, 1)],
            &level(400, 300),
            &mut regions,
        );
        assert!(regions.is_empty());
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
