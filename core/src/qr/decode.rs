//! The decoder, run on the binarised region around the finder patterns.
//!
//! rxing's port of zxing-cpp's QR reader does the decoding. It replaced rqrr, the first choice: with the same preprocessing rqrr read far fewer small, dense and blurred codes, five
//! times slower, and as a second decoder it added 1 frame in 660 (BENCHMARKS.md). The call is
//! guarded: a panic in a decoder (a port with many index operations, fed camera noise) must
//! become "no code found", never a crash of the app.

use std::panic::{catch_unwind, AssertUnwindSafe};

use zeroize::Zeroizing;

use rxing::common::cpp_essentials::{intersect, ConcentricPattern};
use rxing::common::{
    BitMatrix, DefaultGridSampler, DetectorRXingResult, GridSampler, HybridBinarizer,
    Quadrilateral, SamplerControl,
};
use rxing::qrcode::cpp_port::decoder::Decode;
use rxing::qrcode::cpp_port::detector::{
    EstimateModuleSize, FindFinderPatterns, FinderPatternSet, GenerateFinderPatternSets, Mod2Pix,
    ReadVersion, SampleQR, TraceLine,
};
use rxing::{Binarizer, Luma8LuminanceSource, Point};

use super::region::corner_choices;

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
    pub(crate) fn contains(&self, (x, y): (f32, f32)) -> bool {
        (self.x as f32..(self.x + self.width) as f32).contains(&x)
            && (self.y as f32..(self.y + self.height) as f32).contains(&y)
    }
}

/// A code the decoder read: its bytes and its four corners in pixels of the region it was
/// given, in order around it from the top left of the code as printed (see
/// [`around_the_code`]).
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The bytes of the code's segments, one after another (see [`payload_text`]).
    pub bytes: Zeroizing<Vec<u8>>,
    pub points: Vec<(f32, f32)>,
}

/// Three finder pattern centres the scanner's own finder paired into a code, in pixels of the
/// region, and their module size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FinderTriple {
    pub centres: [(f32, f32); 3],
    pub module: f32,
}

/// Decodes every QR code in `rect` of `bits` (a level `width` pixels wide), with modules
/// where `bits == dark`. When the decoder's own finder patterns give no code, it samples the
/// code `triple` (when given) says is there.
pub(crate) fn decode_region(
    bits: &[u8],
    width: usize,
    rect: Rect,
    dark: u8,
    triple: Option<FinderTriple>,
) -> Vec<Decoded> {
    catch_unwind(AssertUnwindSafe(|| {
        with_rxing(bits, width, rect, dark, triple)
    }))
    .unwrap_or_default()
}

/// `triple` as rxing's finder pattern sets, one for each pattern that may be the corner one.
fn pattern_sets(triple: FinderTriple) -> impl Iterator<Item = FinderPatternSet> {
    let pattern = |(x, y): (f32, f32)| ConcentricPattern {
        p: Point { x, y },
        size: (7.0 * triple.module).round() as i32,
    };
    ordered_sets(triple.centres.map(pattern))
}

/// The three patterns as rxing's finder pattern sets, one for each that may be the corner
/// pattern (see [`corner_choices`]), best first: that one top left, the other two so that they
/// turn clockwise from bottom left to top right.
fn ordered_sets(patterns: [ConcentricPattern; 3]) -> impl Iterator<Item = FinderPatternSet> {
    corner_choices(patterns.map(|c| (c.p.x, c.p.y))).map(move |corner| {
        let tl = patterns[corner];
        let (mut bl, mut tr) = (patterns[(corner + 1) % 3], patterns[(corner + 2) % 3]);
        if ConcentricPattern::cross(tr - tl, bl - tl) < 0.0 {
            std::mem::swap(&mut bl, &mut tr);
        }
        FinderPatternSet { bl, tl, tr }
    })
}

/// Up to this many finder patterns in a region, every three of them are tried as a code.
const MAX_UNFILTERED_PATTERNS: usize = 5;

/// The same steps as rxing's `QrReader::decode_multiple` for QR codes (finder patterns, their
/// sets, sampling, decoding; a set whose patterns a decoded code used is skipped), called one
/// level lower so that the payload comes back as the bytes of the code's segments: rxing's
/// text conversion (every character set, 0.16 MB of tables in the library) is never linked,
/// and [`payload_text`] makes the text. Micro QR and rectangular Micro QR codes, which
/// `QrReader` also tries on the finder patterns left over, are not read: no authenticator
/// shows one (an `otpauth://` URI does not fit in the largest Micro QR code).
///
/// The region is already binarised, so rxing gets it as its bit matrix: its binarisers (local
/// block thresholds, or a global histogram below 40 pixels) would turn the same picture, black
/// modules as 0 and the rest as 255, into the same bits.
fn with_rxing(
    bits: &[u8],
    width: usize,
    rect: Rect,
    dark: u8,
    triple: Option<FinderTriple>,
) -> Vec<Decoded> {
    let Ok(mut matrix) = BitMatrix::new(rect.width as u32, rect.height as u32) else {
        return Vec::new();
    };
    for y in 0..rect.height {
        let row = &bits[(rect.y + y) * width + rect.x..][..rect.width];
        for (x, _) in row.iter().enumerate().filter(|&(_, &b)| b == dark) {
            matrix.set(x as u32, y as u32);
        }
    }
    decode_matrix(&matrix, triple)
}

/// Decodes every QR code in `gray` (`width` x `height` pixels, rows packed), binarised by
/// rxing's `HybridBinarizer` (zxing's), with modules where the picture is dark if `dark` is 1,
/// light if 0; otherwise as [`decode_region`]. Its block thresholds differ from ours
/// (`binarize.rs`) where heavy blur leaves a code little contrast (BENCHMARKS.md).
pub(crate) fn decode_hybrid(
    gray: &[u8],
    width: usize,
    height: usize,
    dark: u8,
    triple: Option<FinderTriple>,
) -> Vec<Decoded> {
    catch_unwind(AssertUnwindSafe(|| {
        let Ok(source) = Luma8LuminanceSource::new(gray.to_vec(), width as u32, height as u32)
        else {
            return Vec::new();
        };
        let binarizer = HybridBinarizer::new(source);
        let Ok(matrix) = binarizer.get_black_matrix() else {
            return Vec::new();
        };
        if dark == 1 {
            decode_matrix(matrix, triple)
        } else {
            let mut inverted = matrix.clone();
            inverted.flip_self();
            decode_matrix(&inverted, triple)
        }
    }))
    .unwrap_or_default()
}

/// The codes in `matrix` (set where the modules are): see [`with_rxing`].
fn decode_matrix(matrix: &BitMatrix, triple: Option<FinderTriple>) -> Vec<Decoded> {
    let mut patterns = FindFinderPatterns(matrix, false, 0);
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut decoded = Vec::new();
    for set in GenerateFinderPatternSets(&mut patterns) {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        if let Some(code) = sample_and_decode(matrix, &set) {
            used.extend([set.bl, set.tl, set.tr]);
            decoded.push(code);
        }
    }
    // rxing's sets must have legs within 2x of each other and a corner of 60 to 120 degrees,
    // which a steeply tilted code's patterns fail. zxing-cpp 3 filters so only when there are
    // more than a few patterns (the filters are for busy pictures); so does this.
    if decoded.is_empty() && (3..=MAX_UNFILTERED_PATTERNS).contains(&patterns.len()) {
        decoded.extend(
            index_triples(patterns.len())
                .flat_map(|t| ordered_sets(t.map(|i| patterns[i])))
                .find_map(|set| sample_and_decode(matrix, &set)),
        );
    }
    // rxing confirms a finder pattern by its rings in several directions, which a stretched
    // or steeply tilted code's patterns can fail; ours are confirmed on rows and columns only.
    if decoded.is_empty() {
        decoded.extend(
            triple
                .into_iter()
                .flat_map(pattern_sets)
                .find_map(|set| sample_and_decode(matrix, &set)),
        );
    }
    decoded
}

/// Every three of `n` items, as their indexes in increasing order.
fn index_triples(n: usize) -> impl Iterator<Item = [usize; 3]> {
    (0..n).flat_map(move |i| (i + 1..n).flat_map(move |j| (j + 1..n).map(move |k| [i, j, k])))
}

/// Samples the code whose finder patterns are `set` and decodes it; if rxing's grid does not
/// decode, samples it again to the traced corner (see [`sample_to_traced_corner`]).
fn sample_and_decode(matrix: &BitMatrix, set: &FinderPatternSet) -> Option<Decoded> {
    let detected = SampleQR(matrix, set).ok()?;
    let valid = |bits: &BitMatrix| Decode(bits).ok().filter(|r| r.isValid());
    let result =
        valid(detected.getBits()).or_else(|| valid(&sample_to_traced_corner(matrix, set)?))?;
    Some(Decoded {
        bytes: Zeroizing::new(result.content().bytes().to_vec()),
        points: around_the_code(detected.getPoints()),
    })
}

/// rxing's sampler gives a code's corners as top left, top right, bottom left, bottom right (of
/// the code as printed); an overlay draws them in order around it.
fn around_the_code(corners: &[Point]) -> Vec<(f32, f32)> {
    let mut points: Vec<(f32, f32)> = corners.iter().map(|p| (p.x, p.y)).collect();
    if points.len() == 4 {
        points.swap(2, 3);
    }
    points
}

/// The code's modules, sampled with its bottom-right corner where the lines traced along the
/// outer and inner edges of the other finder patterns' rings cross. rxing 0.9 (a port of
/// zxing-cpp 2), finding no alignment pattern there, puts that corner at the parallelogram's
/// fourth corner unless the patterns' sizes say the code is tilted; zxing-cpp 3.1.1 takes the
/// crossing first. Blur hides the alignment patterns, and the parallelogram's grid drifts off
/// a code seen in slight perspective (BENCHMARKS.md, `heavy_blur`).
fn sample_to_traced_corner(matrix: &BitMatrix, set: &FinderPatternSet) -> Option<BitMatrix> {
    let [bl2, bl3] = [2, 3].map(|edge| TraceLine(matrix, set.bl.p, set.tl.p, edge));
    let [tr2, tr3] = [2, 3].map(|edge| TraceLine(matrix, set.tr.p, set.tl.p, edge));
    let corner = (intersect(&bl2, &tr2).ok()? + intersect(&bl3, &tr3).ok()?) / 2.0;
    let quad = Quadrilateral::from([set.tl.p, set.tr.p, corner, set.bl.p]);
    // The crossing is the centre of the corner's alignment pattern, 6.5 modules in.
    let offset = Point { x: 3.0, y: 3.0 };
    let mut dimension = estimate_dimension(matrix, set)?;
    let mut mod2pix = Mod2Pix(dimension, offset, quad).ok()?;
    // From version 7 (45 modules) on, the version bits say the size.
    if dimension >= 45 {
        dimension = ReadVersion(matrix, dimension as u32, mod2pix)
            .ok()?
            .getDimensionForVersion() as i32;
        mod2pix = Mod2Pix(dimension, offset, quad).ok()?;
    }
    let side = u32::try_from(dimension).ok()?;
    let control = SamplerControl {
        p0: Point { x: 0.0, y: 0.0 },
        p1: Point {
            x: side as f32,
            y: side as f32,
        },
        transform: mod2pix,
    };
    let (bits, _) = DefaultGridSampler
        .sample_grid(matrix, side, side, &[control])
        .ok()?;
    Some(bits)
}

/// The code's size in modules (4k + 1) from its finder patterns: the distance from the corner
/// pattern to each other one over the module size measured along it, plus 7; the estimate
/// nearer a valid size wins (as rxing's `SampleQR`, whose own estimate is private).
fn estimate_dimension(matrix: &BitMatrix, set: &FinderPatternSet) -> Option<i32> {
    let estimate = |a: ConcentricPattern, b: ConcentricPattern| {
        let module = mean_module(
            EstimateModuleSize(matrix, a, b),
            EstimateModuleSize(matrix, b, a),
        )?;
        Some(SizeEstimate::new(f64::from(a.distance(b)), module))
    };
    SizeEstimate::nearer(estimate(set.tl, set.tr), estimate(set.tl, set.bl))
}

/// The mean of a module size measured from each end of a line, if both ends measured one
/// (rxing's measure is negative where the ring was not found; zero would divide by zero).
fn mean_module(from_a: f64, from_b: f64) -> Option<f64> {
    (from_a > 0.0 && from_b > 0.0).then(|| (from_a + from_b) / 2.0)
}

/// A code size estimated from one pair of finder patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SizeEstimate {
    /// The valid size (4k + 1) nearest the estimate, the smaller one halfway between two.
    size: i32,
    /// How many modules the estimate was off that size.
    error: i32,
}

impl SizeEstimate {
    /// The patterns' centres are `distance` apart, 7 modules less than the code's side.
    fn new(distance: f64, module: f64) -> Self {
        let raw = (distance / module).round() as i32 + 7;
        let correction = 1 - raw.rem_euclid(4);
        SizeEstimate {
            size: raw + correction,
            error: correction.abs(),
        }
    }

    /// The size of the estimate nearer a valid size, the larger size on a tie.
    fn nearer(top: Option<Self>, left: Option<Self>) -> Option<i32> {
        [top, left]
            .into_iter()
            .flatten()
            .min_by_key(|e| (e.error, -e.size))
            .map(|e| e.size)
    }
}

/// The text of a code's payload bytes: UTF-8 when they are (ASCII is), otherwise ISO-8859-1,
/// QR's default character set, byte for byte (as zxing reads bytes that are not UTF-8).
///
/// rxing's own conversion would also honour a declared character set (ECI) other than UTF-8 and
/// ISO-8859-1, decode Kanji and Hanzi segments, and guess Shift_JIS and UTF-16; none of that
/// occurs in `otpauth://` and `otpauth-migration://` URIs, which are ASCII (percent-encoded),
/// and such content now only reads as something else than an authenticator code, as before.
pub(crate) fn payload_text(bytes: &[u8]) -> Zeroizing<String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Zeroizing::new(text.to_owned()),
        Err(_) => {
            let mut text = Zeroizing::new(String::with_capacity(2 * bytes.len()));
            text.extend(bytes.iter().map(|&b| char::from(b)));
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rect_contains_points_from_its_corner_up_to_its_far_edges() {
        let rect = Rect {
            x: 10,
            y: 20,
            width: 5,
            height: 4,
        };
        assert!(rect.contains((10.0, 20.0)));
        assert!(rect.contains((14.9, 23.9)));
        // Outside in one direction only is outside.
        assert!(!rect.contains((15.0, 21.0)));
        assert!(!rect.contains((9.9, 21.0)));
        assert!(!rect.contains((12.0, 24.0)));
        assert!(!rect.contains((12.0, 19.9)));
    }

    #[test]
    fn a_triple_becomes_a_set_with_the_corner_top_left_turning_clockwise() {
        // An upright code (corner, right of it, below it) and ones turned 45 degrees either
        // way (corner at the top, or at the left), their centres in any order.
        let upright = [(10.0, 10.0), (90.0, 10.0), (10.0, 90.0)];
        let clockwise = [(50.0, 10.0), (90.0, 50.0), (10.0, 50.0)];
        let anticlockwise = [(10.0, 50.0), (50.0, 10.0), (50.0, 90.0)];
        for [corner, right, below] in [upright, clockwise, anticlockwise] {
            for centres in [
                [corner, right, below],
                [right, below, corner],
                [below, corner, right],
                [below, right, corner],
            ] {
                let sets: Vec<_> = pattern_sets(FinderTriple {
                    centres,
                    module: 2.0,
                })
                .collect();
                // A right isosceles triangle has one corner.
                assert_eq!(sets.len(), 1);
                let set = sets[0];
                let at = |p: ConcentricPattern| (p.p.x, p.p.y);
                assert_eq!(
                    (at(set.tl), at(set.tr), at(set.bl)),
                    (corner, right, below),
                    "{centres:?}"
                );
                assert_eq!(set.tl.size, 14);
            }
        }
    }

    #[test]
    fn a_nearly_equilateral_triple_is_tried_with_each_pattern_as_the_corner() {
        // A code tilted steeply away: its patterns' triangle is close to equilateral, and the
        // longest side (from (0, 0) to (100, 10)) no longer tells surely which is the corner:
        // the one opposite it first, then the others, opposite the longer side first.
        let centres = [(0.0, 0.0), (100.0, 10.0), (45.0, 85.0)];
        let sets: Vec<_> = pattern_sets(FinderTriple {
            centres,
            module: 2.0,
        })
        .collect();
        let at = |p: ConcentricPattern| (p.p.x, p.p.y);
        let corners: Vec<_> = sets.iter().map(|s| at(s.tl)).collect();
        assert_eq!(corners, [(45.0, 85.0), (100.0, 10.0), (0.0, 0.0)]);
        for set in sets {
            // Each turns clockwise (in image coordinates, y down) from bottom left to top right.
            let cross = ConcentricPattern::cross(set.tr - set.tl, set.bl - set.tl);
            assert!(cross > 0.0, "{:?}", (at(set.bl), at(set.tl), at(set.tr)));
        }
    }

    #[test]
    fn every_three_of_n_items_once_in_increasing_order() {
        let all: Vec<[usize; 3]> = index_triples(4).collect();
        assert_eq!(all, [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]]);
        assert_eq!(index_triples(5).count(), 10);
        assert_eq!(index_triples(2).count(), 0);
    }

    #[test]
    fn zxing_s_binarizer_reads_a_blurred_code_of_either_polarity() {
        let uri = "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP";
        let code = crate::qr::QrMatrix::encode(uri.as_bytes()).expect("fits");
        let (luma, side) = code.to_luma(6);
        // A 5x5 box blur: grey edges around every module.
        let blurred: Vec<u8> = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side) as isize, (i / side) as isize);
                let mut sum = 0u32;
                for dy in -2..=2 {
                    for dx in -2..=2 {
                        let (sx, sy) = (
                            (x + dx).clamp(0, side as isize - 1),
                            (y + dy).clamp(0, side as isize - 1),
                        );
                        sum += u32::from(luma[sy as usize * side + sx as usize]);
                    }
                }
                (sum / 25) as u8
            })
            .collect();
        let inverted: Vec<u8> = blurred.iter().map(|&p| 255 - p).collect();
        let read = |gray: &[u8], dark| -> Vec<String> {
            decode_hybrid(gray, side, side, dark, None)
                .iter()
                .map(|d| payload_text(&d.bytes).to_string())
                .collect()
        };
        assert_eq!(read(&blurred, 1), [uri]);
        assert_eq!(read(&inverted, 0), [uri]);
        assert_eq!(read(&inverted, 1), Vec::<String>::new());
    }

    #[test]
    fn a_clean_code_decodes_once() {
        // rxing's own sets read it; the fallbacks for codes they miss must not read it again.
        let code = crate::qr::QrMatrix::encode(b"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP")
            .expect("fits");
        let (luma, side) = code.to_luma(4);
        let bits: Vec<u8> = luma.iter().map(|&p| u8::from(p < 128)).collect();
        let all = Rect {
            x: 0,
            y: 0,
            width: side,
            height: side,
        };
        let decoded = decode_region(&bits, side, all, 1, None);
        assert_eq!(decoded.len(), 1);
        assert_eq!(
            &*payload_text(&decoded[0].bytes),
            "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
        );
    }

    #[test]
    fn a_code_s_size_comes_from_its_finder_patterns_and_module() {
        // A version 3 code (29 modules) at 4 pixels per module: rxing's finder patterns, then
        // the size from their distances (22 modules) and the module size.
        let code = crate::qr::QrMatrix::encode(&[b'A'; 40]).expect("fits");
        assert_eq!(code.size(), 29);
        let (luma, side) = code.to_luma(4);
        let mut matrix = BitMatrix::new(side as u32, side as u32).unwrap();
        for (i, _) in luma.iter().enumerate().filter(|&(_, &p)| p < 128) {
            matrix.set((i % side) as u32, (i / side) as u32);
        }
        let mut patterns = FindFinderPatterns(&matrix, false, 0);
        let set = GenerateFinderPatternSets(&mut patterns)[0];
        assert_eq!(estimate_dimension(&matrix, &set), Some(29));
        let bits = sample_to_traced_corner(&matrix, &set).expect("a grid");
        assert_eq!(bits.width(), 29);
        for y in 0..29 {
            for x in 0..29 {
                assert_eq!(
                    bits.get(x, y),
                    code.is_dark(x as isize, y as isize),
                    "({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn no_size_is_estimated_where_no_finder_pattern_can_be_measured() {
        // Three "patterns" on a blank region: no ring to measure the module along.
        let matrix = BitMatrix::new(100, 100).unwrap();
        let pattern = |x: f32, y: f32| ConcentricPattern {
            p: Point { x, y },
            size: 14,
        };
        let set = FinderPatternSet {
            bl: pattern(10.0, 90.0),
            tl: pattern(10.0, 10.0),
            tr: pattern(90.0, 10.0),
        };
        assert_eq!(estimate_dimension(&matrix, &set), None);
        assert!(sample_to_traced_corner(&matrix, &set).is_none());
    }

    #[test]
    fn a_module_size_needs_a_measure_from_both_ends() {
        assert_eq!(mean_module(3.0, 5.0), Some(4.0));
        assert_eq!(mean_module(-1.0, 5.0), None);
        assert_eq!(mean_module(5.0, -1.0), None);
        assert_eq!(mean_module(0.0, 5.0), None);
        assert_eq!(mean_module(5.0, 0.0), None);
    }

    #[test]
    fn a_size_estimate_rounds_to_the_nearest_valid_size_and_keeps_its_error() {
        let estimate = |size, error| SizeEstimate { size, error };
        // 22 modules between the centres of a version 3 code (29 modules), 4 px per module.
        assert_eq!(SizeEstimate::new(88.0, 4.0), estimate(29, 0));
        // 21.4 modules rounds to 21: 28, one below 29.
        assert_eq!(SizeEstimate::new(85.6, 4.0), estimate(29, 1));
        assert_eq!(SizeEstimate::new(92.0, 4.0), estimate(29, 1));
        // Halfway between 29 and 33.
        assert_eq!(SizeEstimate::new(96.0, 4.0), estimate(29, 2));
        assert_eq!(SizeEstimate::new(100.0, 4.0), estimate(33, 1));
    }

    #[test]
    fn the_estimate_nearer_a_valid_size_gives_the_size() {
        let estimate = |size, error| Some(SizeEstimate { size, error });
        let nearer = SizeEstimate::nearer;
        assert_eq!(nearer(estimate(29, 1), estimate(33, 0)), Some(33));
        assert_eq!(nearer(estimate(29, 0), estimate(33, 1)), Some(29));
        // A tie goes to the larger size, whichever side gave it.
        assert_eq!(nearer(estimate(33, 1), estimate(29, 1)), Some(33));
        assert_eq!(nearer(estimate(29, 1), estimate(33, 1)), Some(33));
        // One side that could not be measured leaves the other.
        assert_eq!(nearer(estimate(25, 2), None), Some(25));
        assert_eq!(nearer(None, estimate(25, 2)), Some(25));
        assert_eq!(nearer(None, None), None);
    }

    #[test]
    fn a_tilted_code_s_size_is_measured_along_the_slanted_distance() {
        // The version 3 code turned 30 degrees: its patterns no longer share a row or column.
        let code = crate::qr::QrMatrix::encode(&[b'A'; 40]).expect("fits");
        let (luma, side) = code.to_luma(6);
        let (sin, cos) = 30f32.to_radians().sin_cos();
        let out = 2 * side;
        let centre = side as f32 / 2.0;
        let mut matrix = BitMatrix::new(out as u32, out as u32).unwrap();
        for y in 0..out {
            for x in 0..out {
                // Inverse rotation about the middle of the output.
                let (dx, dy) = (x as f32 - side as f32, y as f32 - side as f32);
                let (sx, sy) = (cos * dx + sin * dy + centre, -sin * dx + cos * dy + centre);
                let inside = |v: f32| (0.0..side as f32).contains(&v);
                if inside(sx) && inside(sy) && luma[sy as usize * side + sx as usize] < 128 {
                    matrix.set(x as u32, y as u32);
                }
            }
        }
        let mut patterns = FindFinderPatterns(&matrix, false, 0);
        let set = GenerateFinderPatternSets(&mut patterns)[0];
        assert_eq!(estimate_dimension(&matrix, &set), Some(29));
    }

    #[test]
    fn payload_bytes_are_utf8_or_else_iso_8859_1() {
        assert_eq!(
            *payload_text(b"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"),
            "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
        );
        assert_eq!(
            *payload_text("Caf\u{e9} \u{1f511}".as_bytes()),
            "Caf\u{e9} \u{1f511}"
        );
        assert_eq!(*payload_text(b"Caf\xe9"), "Caf\u{e9}");
        // Not UTF-8 as a whole, so every byte is one ISO-8859-1 character.
        assert_eq!(*payload_text(b"\xc3\xa9\xff"), "\u{c3}\u{a9}\u{ff}");
        assert_eq!(*payload_text(b""), "");
    }
}
