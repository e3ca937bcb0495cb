//! Pyramid levels and local adaptive binarisation.
//!
//! A global or wide running threshold (rqrr's is a running average over one eighth of the
//! image width) loses small or dim codes in a big bright frame. Here each 8x8 block gets a
//! threshold from the mean of the 5x5 blocks around it (after ZXing's "hybrid" binariser), so
//! the threshold follows the light across the frame. Only blocks that hold an edge vote: a flat
//! block would drag the mean towards its own level and turn faint modules into speckle. Blocks
//! with no edge near them keep the threshold of the blocks before them instead of turning noise
//! into modules.

use super::decode::Rect;
use super::frame::LumaFrame;

/// Side of a threshold block in pixels.
const BLOCK: usize = 8;
/// A block whose darkest and lightest pixels differ by no more than this holds no edge.
const MIN_DYNAMIC_RANGE: u32 = 24;
/// A quarter of the blocks varying by this much is not sensor noise but the picture (see
/// [`Level::noise_in_doubt`]).
const MAX_SENSOR_NOISE: u8 = 64;

/// A grey image at one pyramid level, in buffers reused from frame to frame.
#[derive(Debug, Default)]
pub(crate) struct Level {
    /// Grey pixels, rows packed.
    pub gray: Vec<u8>,
    /// 1 where the pixel is darker than its local threshold, else 0 (a module of a normal code).
    pub bits: Vec<u8>,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Frame pixels per level pixel.
    pub factor: usize,
    /// Where the level's top-left pixel is in the frame.
    pub origin: (usize, usize),
    /// Set by [`Level::binarize`] when the measured "noise" is more than a sensor makes: the
    /// level may be mostly code (a picture cropped tight around one), and its modules were
    /// taken for noise. Binarising it with [`Noise::Unmeasurable`] may show them.
    pub noise_in_doubt: bool,
    row_sums: Vec<u32>,
    block_levels: Vec<u16>,
    block_ranges: Vec<u8>,
    block_edges: Vec<u8>,
    column_sums: Vec<u16>,
    column_mins: Vec<u8>,
    column_maxs: Vec<u8>,
    row_thresholds: Vec<u8>,
    thresholds: Vec<u32>,
}

impl Level {
    /// Fills `gray` with `region` of `frame` (which it must lie in) shrunk by `factor` (box
    /// average: it also averages out noise).
    pub(crate) fn shrink_from(&mut self, frame: &LumaFrame<'_>, region: Rect, factor: usize) {
        let (width, height) = (region.width / factor, region.height / factor);
        self.width = width;
        self.height = height;
        self.factor = factor;
        self.origin = (region.x, region.y);
        self.gray.clear();
        self.gray.reserve(width * height);
        if factor == 1 {
            for y in 0..height {
                self.gray
                    .extend_from_slice(&frame.row(region.y + y)[region.x..region.x + width]);
            }
            return;
        }
        match factor {
            2 => self.shrink_rows::<2>(frame, region),
            3 => self.shrink_rows::<3>(frame, region),
            4 => self.shrink_rows::<4>(frame, region),
            _ => self.shrink_rows_any(frame, region, factor),
        }
    }

    /// Box average over `F`x`F` blocks; `F` known at compile time so the loops vectorise.
    fn shrink_rows<const F: usize>(&mut self, frame: &LumaFrame<'_>, region: Rect) {
        let width = self.width;
        self.row_sums.clear();
        self.row_sums.resize(width, 0);
        for y in 0..self.height {
            self.row_sums.fill(0);
            for dy in 0..F {
                let row = &frame.row(region.y + y * F + dy)[region.x..region.x + width * F];
                for (sum, chunk) in self.row_sums.iter_mut().zip(row.chunks_exact(F)) {
                    *sum += chunk.iter().map(|&p| u32::from(p)).sum::<u32>();
                }
            }
            self.gray
                .extend(self.row_sums.iter().map(|&s| (s / (F * F) as u32) as u8));
        }
    }

    /// Box average for any factor (large photos).
    fn shrink_rows_any(&mut self, frame: &LumaFrame<'_>, region: Rect, factor: usize) {
        let width = self.width;
        let area = (factor * factor) as u32;
        self.row_sums.clear();
        self.row_sums.resize(width, 0);
        for y in 0..self.height {
            self.row_sums.fill(0);
            for dy in 0..factor {
                let row =
                    &frame.row(region.y + y * factor + dy)[region.x..region.x + width * factor];
                for (sum, chunk) in self.row_sums.iter_mut().zip(row.chunks_exact(factor)) {
                    *sum += chunk.iter().map(|&p| u32::from(p)).sum::<u32>();
                }
            }
            self.gray
                .extend(self.row_sums.iter().map(|&s| (s / area) as u8));
        }
    }

    /// Fills `bits` from `gray` with a threshold per 8x8 block (see the module comment).
    /// A level smaller than one block comes out all white.
    pub(crate) fn binarize(&mut self, noise: Noise) {
        self.noise_in_doubt = false;
        let (width, height) = (self.width, self.height);
        if width < BLOCK || height < BLOCK {
            self.bits.clear();
            self.bits.resize(width * height, 0);
            return;
        }
        let (blocks_x, blocks_y) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
        // Per block: mean and range; a block "holds an edge" when its range stands out from
        // the sensor noise, measured as the range most blocks (flat ones) have.
        self.block_levels.clear();
        self.block_ranges.clear();
        self.block_levels.resize(blocks_x * blocks_y, 0);
        self.block_ranges.resize(blocks_x * blocks_y, 0);
        self.block_edges.clear();
        self.block_edges.resize(blocks_x * blocks_y, 0);
        // Per column over a block row first (element-wise over whole rows, so the loops
        // vectorise), then per block of 8 columns. The last block, if partial, overlaps its
        // neighbour to stay inside the image.
        self.column_sums.clear();
        self.column_sums.resize(width, 0);
        self.column_mins.clear();
        self.column_mins.resize(width, 0);
        self.column_maxs.clear();
        self.column_maxs.resize(width, 0);
        for by in 0..blocks_y {
            let y0 = (by * BLOCK).min(height - BLOCK);
            self.column_sums.fill(0);
            self.column_mins.fill(255);
            self.column_maxs.fill(0);
            for y in y0..y0 + BLOCK {
                let row = &self.gray[y * width..(y + 1) * width];
                for (((sum, min), max), &p) in self
                    .column_sums
                    .iter_mut()
                    .zip(self.column_mins.iter_mut())
                    .zip(self.column_maxs.iter_mut())
                    .zip(row)
                {
                    *sum += u16::from(p);
                    *min = (*min).min(p);
                    *max = (*max).max(p);
                }
            }
            for bx in 0..blocks_x {
                let columns = block_columns(bx, width);
                let sum: u32 = self.column_sums[columns.clone()]
                    .iter()
                    .map(|&s| u32::from(s))
                    .sum();
                let (min, max) = self.column_range(columns);
                self.block_levels[by * blocks_x + bx] = (sum / (BLOCK * BLOCK) as u32) as u16;
                self.block_ranges[by * blocks_x + bx] = max - min;
            }
            // For the edge test of a block of a single grey level, as only a drawn image has
            // (a camera's noise, even JPEG-flattened, rarely leaves one), the range also spans
            // the first row and column of the next block: an edge that falls exactly between
            // two blocks (everywhere in a screenshot drawn at 8 pixels per module, whose blocks
            // are each one flat module) is an edge of both. Camera blocks keep their own
            // range: a flat one that voted with its level would drag the thresholds of blurred
            // codes towards it.
            let blocks = by * blocks_x..(by + 1) * blocks_x;
            self.block_edges[blocks.clone()].copy_from_slice(&self.block_ranges[blocks.clone()]);
            if !self.block_ranges[blocks].contains(&0) {
                continue;
            }
            if let Some(row) = self
                .gray
                .get((y0 + BLOCK) * width..(y0 + BLOCK + 1) * width)
            {
                for ((min, max), &p) in self
                    .column_mins
                    .iter_mut()
                    .zip(self.column_maxs.iter_mut())
                    .zip(row)
                {
                    *min = (*min).min(p);
                    *max = (*max).max(p);
                }
            }
            for bx in 0..blocks_x {
                let here = by * blocks_x + bx;
                if self.block_ranges[here] == 0 {
                    let columns = block_columns(bx, width);
                    let (min, max) = self.column_range(columns.start..(columns.end + 1).min(width));
                    self.block_edges[here] = max - min;
                }
            }
        }
        let mut min_range = match noise {
            Noise::Measured => {
                let noise = quantile(&self.block_ranges, 4);
                self.noise_in_doubt = noise >= MAX_SENSOR_NOISE;
                MIN_DYNAMIC_RANGE.max(2 * u32::from(noise))
            }
            Noise::Unmeasurable => MIN_DYNAMIC_RANGE,
        };
        // A "noise" that no block stands out from was the picture itself: a level that is all
        // code (an image cropped tight around one) has no flat blocks to measure.
        if !self.block_edges.iter().any(|&r| u32::from(r) > min_range) {
            min_range = MIN_DYNAMIC_RANGE;
            self.noise_in_doubt = false;
        }
        for (level, &range) in self.block_levels.iter_mut().zip(&self.block_edges) {
            if u32::from(range) <= min_range {
                *level = NO_EDGE;
            }
        }
        self.thresholds.clear();
        self.thresholds.resize(blocks_x * blocks_y, 0);
        self.bits.clear();
        self.bits.resize(width * height, 0);
        for by in 0..blocks_y {
            let (top, bottom) = (by.saturating_sub(2), (by + 2).min(blocks_y - 1));
            for bx in 0..blocks_x {
                let (left, right) = (bx.saturating_sub(2), (bx + 2).min(blocks_x - 1));
                let (mut sum, mut count) = (0u32, 0u32);
                for ny in top..=bottom {
                    for &level in &self.block_levels[ny * blocks_x + left..=ny * blocks_x + right] {
                        if level != NO_EDGE {
                            sum += u32::from(level);
                            count += 1;
                        }
                    }
                }
                // Far from any edge: carry the threshold over from the blocks above and to the
                // left, so a large flat area keeps the side (dark or light) it started on.
                let threshold = if let Some(mean) = sum.checked_div(count) {
                    mean
                } else if bx > 0 && by > 0 {
                    (self.thresholds[(by - 1) * blocks_x + bx]
                        + 2 * self.thresholds[by * blocks_x + bx - 1]
                        + self.thresholds[(by - 1) * blocks_x + bx - 1])
                        / 4
                } else if bx > 0 {
                    self.thresholds[bx - 1]
                } else if by > 0 {
                    self.thresholds[(by - 1) * blocks_x]
                } else {
                    0
                };
                self.thresholds[by * blocks_x + bx] = threshold;
            }
            // One threshold per pixel of the block row, then each row compared with it
            // element-wise (vectorises).
            let thresholds = &self.thresholds[by * blocks_x..(by + 1) * blocks_x];
            self.row_thresholds.clear();
            for &threshold in thresholds {
                self.row_thresholds
                    .extend(std::iter::repeat_n(threshold as u8, BLOCK));
            }
            self.row_thresholds.truncate(width);
            for y in by * BLOCK..((by + 1) * BLOCK).min(height) {
                let row = y * width..(y + 1) * width;
                for ((bit, &p), &threshold) in self.bits[row.clone()]
                    .iter_mut()
                    .zip(&self.gray[row])
                    .zip(&self.row_thresholds)
                {
                    *bit = u8::from(p < threshold);
                }
            }
        }
    }
}

impl Level {
    /// The darkest and lightest pixel of `columns` over the block row just read.
    fn column_range(&self, columns: std::ops::Range<usize>) -> (u8, u8) {
        let min = self.column_mins[columns.clone()].iter().min().copied();
        let max = self.column_maxs[columns].iter().max().copied();
        (min.unwrap_or(0), max.unwrap_or(0))
    }
}

/// The columns of block `bx` in a level `width` pixels wide: the last block, if partial,
/// overlaps its neighbour to stay inside the level.
fn block_columns(bx: usize, width: usize) -> std::ops::Range<usize> {
    let start = (bx * BLOCK).min(width - BLOCK);
    start..start + BLOCK
}

/// How [`Level::binarize`] tells an edge from sensor noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Noise {
    /// From the level itself: most blocks of a frame are flat, so the range a quarter of the
    /// blocks stay under is the noise.
    Measured,
    /// The level is mostly a code (a region cut around its finder patterns): nearly every block
    /// holds an edge, so that measure would take a dim code's modules for noise. Only the fixed
    /// floor applies.
    Unmeasurable,
}

/// The value below which one `1/parts` of `values` lie (a histogram, no sorting).
fn quantile(values: &[u8], parts: usize) -> u8 {
    let mut histogram = [0usize; 256];
    for &v in values {
        histogram[usize::from(v)] += 1;
    }
    let target = values.len() / parts;
    let mut seen = 0;
    for (value, &count) in histogram.iter().enumerate() {
        seen += count;
        if seen > target {
            return value as u8;
        }
    }
    u8::MAX
}

/// Marks a block without an edge in `block_levels`.
const NO_EDGE: u16 = u16::MAX;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::decode::Rect;
    use crate::qr::frame::LumaFrame;

    #[test]
    fn shrinking_averages_each_box_and_skips_the_stride_padding() {
        // 4x2 pixels in rows of 6 bytes; the padding (99) must never be read.
        let data = [10, 20, 30, 50, 99, 99, 30, 40, 70, 90];
        let frame = LumaFrame {
            stride: 6,
            ..LumaFrame::packed(&data, 4, 2)
        };
        let mut level = Level::default();
        level.shrink_from(
            &frame,
            Rect {
                x: 0,
                y: 0,
                width: 4,
                height: 2,
            },
            2,
        );
        assert_eq!((level.width, level.height), (2, 1));
        assert_eq!(level.gray, [25, 60]);
    }

    #[test]
    fn a_region_that_is_all_dim_code_keeps_its_modules_with_or_without_the_noise_measure() {
        // 4-pixel modules 30 grey levels apart fill the region: every block holds an edge, so
        // the measured "noise" is the code's own contrast, and no block stands out from it:
        // the measure falls back to the floor.
        let side = 64;
        let data: Vec<u8> = (0..side * side)
            .map(|i| {
                if (i % side / 4 + i / side / 4) % 2 == 0 {
                    150
                } else {
                    180
                }
            })
            .collect();
        let frame = LumaFrame::packed(&data, side, side);
        let all = Rect {
            x: 0,
            y: 0,
            width: side,
            height: side,
        };
        let mut level = Level::default();
        level.shrink_from(&frame, all, 1);
        level.binarize(Noise::Unmeasurable);
        let expected: Vec<u8> = data.iter().map(|&p| u8::from(p == 150)).collect();
        assert_eq!(level.bits, expected);
        level.binarize(Noise::Measured);
        assert_eq!(level.bits, expected);
    }

    #[test]
    fn a_level_that_is_all_code_puts_the_noise_measure_in_doubt() {
        // Modules 100 grey levels apart fill the level, and one block (a sharper corner of a
        // code cropped tight) has them 230 apart: it alone stands out from the "noise" the
        // others measure. No sensor makes that noise.
        let side = 64;
        let data: Vec<u8> = (0..side * side)
            .map(|i| {
                let (x, y) = (i % side, i / side);
                let dark = (x / 4 + y / 4) % 2 == 0;
                match (x < 8 && y < 8, dark) {
                    (true, true) => 20,
                    (true, false) => 250,
                    (false, true) => 100,
                    (false, false) => 200,
                }
            })
            .collect();
        let expected: Vec<u8> = data.iter().map(|&p| u8::from(p <= 100)).collect();
        let mut level = full_level(&data, side);
        level.binarize(Noise::Measured);
        assert!(level.noise_in_doubt);
        level.binarize(Noise::Unmeasurable);
        assert!(!level.noise_in_doubt);
        assert!(level.bits == expected, "the modules, as drawn");
    }

    /// `data` (`side` x `side`) binarised at full resolution.
    fn binarized(data: &[u8], side: usize, noise: Noise) -> Vec<u8> {
        let mut level = full_level(data, side);
        level.binarize(noise);
        level.bits
    }

    /// `data` (`side` x `side`) as a level at full resolution, not yet binarised.
    fn full_level(data: &[u8], side: usize) -> Level {
        let mut level = Level::default();
        let all = Rect {
            x: 0,
            y: 0,
            width: side,
            height: side,
        };
        level.shrink_from(&LumaFrame::packed(data, side, side), all, 1);
        level
    }

    #[test]
    fn flat_drawn_blocks_hold_the_edges_on_their_borders() {
        // 8-pixel squares, then stripes across and down, each block exactly one grey level:
        // no block holds an edge inside it, only on its border with the next block below
        // (stripes across) or to the right (stripes down).
        let side = 64;
        let patterns: [fn(usize, usize) -> bool; 3] = [
            |x, y| (x / 8 + y / 8) % 2 == 0,
            |_, y| (y / 8) % 2 == 0,
            |x, _| (x / 8) % 2 == 0,
        ];
        for (name, dark) in ["squares", "stripes across", "stripes down"]
            .iter()
            .zip(patterns)
        {
            let data: Vec<u8> = (0..side * side)
                .map(|i| if dark(i % side, i / side) { 30 } else { 220 })
                .collect();
            let expected: Vec<u8> = data.iter().map(|&p| u8::from(p == 30)).collect();
            assert_eq!(binarized(&data, side, Noise::Measured), expected, "{name}");
        }
    }

    #[test]
    fn a_noisy_background_stays_light_when_the_code_stands_out_from_the_noise() {
        // A dark square on a background with noise of +-10 grey levels in its lower half and
        // +-15 in its upper half: the noise measure (twice the range a quarter of the blocks
        // stay under, here about 20) keeps every background block from voting, so no speckle
        // appears far from the square.
        let side = 96;
        let mut seed = 7u32;
        let data: Vec<u8> = (0..side * side)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let (x, y) = (i % side, i / side);
                let amplitude = if y < side / 2 { 15 } else { 10 };
                let noise = (seed >> 16) % (2 * amplitude + 1);
                let square = (36..60).contains(&x) && (36..60).contains(&y);
                if square {
                    40
                } else {
                    (165 + noise - amplitude) as u8
                }
            })
            .collect();
        let mut level = full_level(&data, side);
        level.binarize(Noise::Measured);
        // Noise of +-10 to +-15 is what a sensor makes.
        assert!(!level.noise_in_doubt);
        let bits = level.bits;
        let far: Vec<u8> = (0..side * side)
            .filter(|i| (i % side) < 16 || (i / side) < 16)
            .map(|i| bits[i])
            .collect();
        assert!(
            far.iter().all(|&b| b == 0),
            "{} dark pixels",
            far.iter().filter(|&&b| b == 1).count()
        );
        assert_eq!(bits[48 * side + 48], 1, "the square");
    }

    #[test]
    fn a_dim_square_on_a_bright_frame_is_black_and_its_surroundings_white() {
        // A 20x20 square at 120 on a 64x64 frame at 160: only 40 grey levels apart.
        let mut data = vec![160u8; 64 * 64];
        for y in 22..42 {
            data[y * 64 + 22..y * 64 + 42].fill(120);
        }
        let mut level = Level::default();
        level.shrink_from(
            &LumaFrame::packed(&data, 64, 64),
            Rect {
                x: 0,
                y: 0,
                width: 64,
                height: 64,
            },
            1,
        );
        level.binarize(Noise::Measured);
        assert_eq!(level.bits[32 * 64 + 32], 1, "inside the square");
        assert_eq!(level.bits[32 * 64 + 4], 0, "far left of it");
        assert_eq!(level.bits[4 * 64 + 32], 0, "far above it");
    }
}
