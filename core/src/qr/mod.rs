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
mod region;
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
use decode::{decode_hybrid, decode_region, FinderTriple, Rect};
use finder::Candidate;
use region::{code_regions, Region};

/// Smallest side that can hold a QR code (21 modules of one pixel).
const MIN_SIDE: usize = 21;
/// The coarse search level has its short side near this many pixels: enough to find the codes
/// that fill a good part of the frame, cheap to search.
const COARSE_SIDE: usize = 360;
/// Pixels per module, or a little more, in a region binarised again (see [`read_region`]).
const LOCAL_MODULE_PX: f32 = 6.0;

/// One QR code found in a frame.
pub struct Found {
    /// The text the code holds. It may hold a secret: zeroized on drop, never in `Debug`.
    pub text: Zeroizing<String>,
    /// What the text is.
    pub kind: PayloadKind,
    /// For a migration code: its place in its export (when the payload decodes).
    pub batch: Option<BatchInfo>,
    /// Where the code is in the upright picture, in frame pixels, for an overlay: its four
    /// corners, in order around it from the top left of the code as printed.
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
            let level = if factor == coarse {
                &mut self.coarse
            } else {
                &mut self.fine
            };
            level.shrink_from(&frame, whole, factor);
            // Full-resolution finder patterns are at least 14 rows tall: every other row finds
            // them.
            let row_step = if factor == 1 && coarse > 1 { 2 } else { 1 };
            for noise in [Noise::Measured, Noise::Unmeasurable] {
                // Again without the noise measure only if it may have hidden a code cropped
                // tight (see `Level::noise_in_doubt`).
                if noise == Noise::Unmeasurable && !level.noise_in_doubt {
                    break;
                }
                level.binarize(noise);
                search_level(
                    level,
                    row_step,
                    &frame,
                    &mut self.candidates,
                    &mut self.regions,
                    &mut self.local,
                    &mut found,
                );
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

/// Searches the binarised `level` for codes, those of dark modules first, then light-on-dark
/// ones if none, and adds what it reads to `found`: finder patterns, the regions they make, each
/// decoded (see [`read_region`]). After each code read it searches again without the finder
/// patterns inside that code, for the next code of a photo of several (three patterns each,
/// read from the level's own bits); at most [`MAX_FAILED_REGIONS`] regions fail per polarity.
/// `candidates`, `regions` and `local` are the scanner's buffers.
fn search_level(
    level: &Level,
    row_step: usize,
    frame: &LumaFrame<'_>,
    candidates: &mut [Vec<Candidate>; 2],
    regions: &mut Vec<Region>,
    local: &mut Level,
    found: &mut Vec<Found>,
) {
    finder::find(&level.bits, level.width, level.height, row_step, candidates);
    for dark in [1u8, 0] {
        let candidates = &mut candidates[usize::from(dark)];
        let mut failed: Vec<[(f32, f32); 3]> = Vec::new();
        'codes: loop {
            code_regions(candidates, level, regions);
            for region in regions.iter() {
                // Tried before the last code was read.
                if failed.contains(&region.centres) {
                    continue;
                }
                // A further code must show all three finder patterns, and is read from the
                // level's own bits: pair regions and regions binarised again on their own
                // cover much of a big photo's clutter, tens of milliseconds each.
                let further = !found.is_empty();
                if further && !region.is_triple() {
                    continue;
                }
                let again = (!further).then_some(&mut *local);
                let zxing_rules = region.well_confirmed(row_step);
                if let Some(code) =
                    read_region(level, region, dark, frame, again, zxing_rules, found)
                {
                    // Its own patterns, and the candidates its data made, would only read it
                    // again. Clutter seen on one row (a finder pattern is seen on several) is
                    // not worth a decode once the frame has given a code.
                    let code = in_level(code, level);
                    candidates.retain(|c| !code.contains((c.x, c.y)) && c.seen_on_several_rows());
                    continue 'codes;
                }
                failed.push(region.centres);
                if failed.len() == MAX_FAILED_REGIONS {
                    break 'codes;
                }
            }
            break;
        }
        if !found.is_empty() {
            return;
        }
    }
}

/// Regions that may fail to read in one search of a level for one polarity: clutter can form
/// many triples, and each costs a decode.
const MAX_FAILED_REGIONS: usize = 3;

/// `rect` of the frame in pixels of `level`, widened to whole pixels.
fn in_level(rect: Rect, level: &Level) -> Rect {
    let (x0, y0) = (
        rect.x.saturating_sub(level.origin.0) / level.factor,
        rect.y.saturating_sub(level.origin.1) / level.factor,
    );
    let (x1, y1) = (
        (rect.x + rect.width)
            .saturating_sub(level.origin.0)
            .div_ceil(level.factor),
        (rect.y + rect.height)
            .saturating_sub(level.origin.1)
            .div_ceil(level.factor),
    );
    Rect {
        x: x0,
        y: y0,
        width: x1.saturating_sub(x0),
        height: y1.saturating_sub(y0),
    }
}

/// `rect` of `level` in frame pixels.
fn in_frame(rect: Rect, level: &Level) -> Rect {
    Rect {
        x: level.origin.0 + rect.x * level.factor,
        y: level.origin.1 + rect.y * level.factor,
        width: rect.width * level.factor,
        height: rect.height * level.factor,
    }
}

/// The shrink factor of the coarse search level: its short side near [`COARSE_SIDE`].
fn coarse_factor(width: usize, height: usize) -> usize {
    ((width.min(height) + COARSE_SIDE / 2) / COARSE_SIDE).max(1)
}

/// Decodes `region` of `level` into `found`. If that reads nothing and `local` is given,
/// binarises the region again in it and decodes that: with blocks of its own (the level's may
/// span 8 x `coarse` frame pixels, too wide for some dim codes), without the noise measure (see
/// [`Noise::Unmeasurable`]), at the scale that gives its modules about [`LOCAL_MODULE_PX`]
/// pixels (rxing misses some codes with big modules); then, if that reads nothing either and
/// `zxing_rules`, the same pixels binarised by zxing's rules (see [`decode_hybrid`]; a third
/// decode, for regions that look most like a code). Where it added a code to `found`, the
/// code's bounds in frame pixels (see [`collect`]).
fn read_region(
    level: &Level,
    region: &Region,
    dark: u8,
    frame: &LumaFrame<'_>,
    local: Option<&mut Level>,
    zxing_rules: bool,
    found: &mut Vec<Found>,
) -> Option<Rect> {
    let rect = region.rect;
    let triple = region.triple();
    let decoded = decode_region(&level.bits, level.width, rect, dark, triple);
    if let Some(code) = collect(found, decoded, level, rect, frame) {
        return Some(code);
    }
    let local = local?;
    let factor = (region.module * level.factor as f32 / LOCAL_MODULE_PX) as usize;
    local.shrink_from(frame, in_frame(rect, level), factor.max(1));
    local.binarize(Noise::Unmeasurable);
    let all = Rect {
        x: 0,
        y: 0,
        width: local.width,
        height: local.height,
    };
    // The region starts at the local level's origin; only the scale differs.
    let scale = level.factor as f32 / local.factor as f32;
    let triple = triple.map(|t| FinderTriple {
        centres: t.centres.map(|(x, y)| (x * scale, y * scale)),
        module: t.module * scale,
    });
    let decoded = decode_region(&local.bits, local.width, all, dark, triple);
    if let Some(code) = collect(found, decoded, local, all, frame) {
        return Some(code);
    }
    if !zxing_rules {
        return None;
    }
    let decoded = decode_hybrid(&local.gray, local.width, local.height, dark, triple);
    collect(found, decoded, local, all, frame)
}

/// Adds the codes decoded in `rect` of `level` to `found`, once each, with points in the
/// upright frame. Where it added any, the rectangle around their corners in frame pixels (not
/// turned upright: the levels' own orientation).
fn collect(
    found: &mut Vec<Found>,
    decoded: Vec<decode::Decoded>,
    level: &Level,
    rect: Rect,
    frame: &LumaFrame<'_>,
) -> Option<Rect> {
    let (mut min, mut max) = ((f32::MAX, f32::MAX), (0f32, 0f32));
    for d in decoded {
        let text = decode::payload_text(&d.bytes);
        if found.iter().any(|f| f.text == text) {
            continue;
        }
        let scale = level.factor as f32;
        let points: Vec<(f32, f32)> = d
            .points
            .iter()
            .map(|&(x, y)| {
                (
                    level.origin.0 as f32 + (rect.x as f32 + x) * scale,
                    level.origin.1 as f32 + (rect.y as f32 + y) * scale,
                )
            })
            .collect();
        for &(x, y) in &points {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
        found.push(Found {
            kind: PayloadKind::of(&text),
            text,
            batch: None,
            points: points
                .into_iter()
                .map(|at| frame.rotation.upright(at, frame.width, frame.height))
                .collect(),
        });
    }
    (min.0 <= max.0).then(|| {
        let (x, y) = (min.0.max(0.0) as usize, min.1.max(0.0) as usize);
        Rect {
            x,
            y,
            width: (max.0.ceil() as usize).saturating_sub(x),
            height: (max.1.ceil() as usize).saturating_sub(y),
        }
    })
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

    #[test]
    fn rectangles_go_between_a_level_and_the_frame_widened_to_whole_level_pixels() {
        let mut level = Level::default();
        (level.factor, level.origin) = (3, (10, 20));
        let rect = |x, y, width, height| Rect {
            x,
            y,
            width,
            height,
        };
        assert_eq!(in_frame(rect(5, 6, 7, 8), &level), rect(25, 38, 21, 24));
        assert_eq!(in_level(rect(25, 38, 21, 24), &level), rect(5, 6, 7, 8));
        // Frame pixels 11..15 and 22..26 lie in level pixels 0..2 (frame 10..16, 20..26).
        assert_eq!(in_level(rect(11, 22, 4, 4), &level), rect(0, 0, 2, 2));
        // Left of and above the level's origin: cut at its edge.
        assert_eq!(in_level(rect(4, 5, 9, 18), &level), rect(0, 0, 1, 1));
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
        // The nearest factor: 540 / 360 is 1.5, rounded up; 539 / 360 rounds down.
        assert_eq!((coarse(960, 540), coarse(958, 539)), (2, 1));
    }
}
