//! A fast search for QR finder patterns (the three nested squares in the corners), used to
//! skip frames without a code and to crop the regions handed to the decoder.
//!
//! Rows are scanned for dark-light-dark-light-dark runs in the ratio 1:1:3:1:1, and each hit is
//! confirmed by the same ratio down its centre column, as in ZXing's finder. This costs one pass
//! over the binarised pixels, far less than a decoder's search over a whole frame.

/// A confirmed finder pattern centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    /// Centre column.
    pub x: f32,
    /// Centre row.
    pub y: f32,
    /// Estimated module size in pixels.
    pub module: f32,
    /// Rows that confirmed it.
    pub hits: u32,
    /// Every row that confirmed it saw it squeezed more than [`PLAIN_SQUEEZE`] (see [`find`]).
    pub squeezed: bool,
}

impl Candidate {
    /// Seen on two rows or more. A finder pattern is (its 3-module centre spans several);
    /// clutter that happens to show 1:1:3:1:1 is often seen on one. Where a doubtful candidate
    /// would cost a decode, it must be.
    pub(crate) fn seen_on_several_rows(&self) -> bool {
        self.hits >= 2
    }
}

/// How much wider than tall (or taller than wide) a finder pattern is seen without doubt: more
/// than this is a steep slant or a photo squeezed to a square, or clutter.
const PLAIN_SQUEEZE: f32 = 1.6;

/// True if five run lengths are in the ratio 1:1:3:1:1, within half a module for each.
fn is_finder_ratio(runs: &[usize; 5]) -> bool {
    let total: usize = runs.iter().sum();
    if total < 7 {
        return false;
    }
    let module = total as f32 / 7.0;
    let tolerance = module * 0.6;
    (module - runs[0] as f32).abs() < tolerance
        && (module - runs[1] as f32).abs() < tolerance
        && (3.0 * module - runs[2] as f32).abs() < 3.0 * tolerance
        && (module - runs[3] as f32).abs() < tolerance
        && (module - runs[4] as f32).abs() < tolerance
}

/// Run lengths up and down column `x` from row `y` (which must be dark): the 1:1:3:1:1 runs
/// there and the centre row, or `None` if the column does not show them. Reads at most
/// `max_run` pixels per run.
fn vertical_runs(
    bits: &[u8],
    width: usize,
    height: usize,
    x: usize,
    y: usize,
    dark: u8,
    max_run: usize,
) -> Option<([usize; 5], usize)> {
    let at = |y: usize| bits[y * width + x];
    let mut runs = [0usize; 5];
    let mut top = y;
    // Upwards: centre run, light ring, dark ring.
    let mut row = y as isize;
    for (index, color) in [(2usize, dark), (1, 1 - dark), (0, dark)] {
        while row >= 0 && at(row as usize) == color && runs[index] <= max_run {
            runs[index] += 1;
            row -= 1;
        }
        if runs[index] == 0 || runs[index] > max_run {
            return None;
        }
        if index == 2 {
            top = (row + 1) as usize;
        }
    }
    // Downwards from just below the centre row.
    let mut row = y + 1;
    for (index, color) in [(2usize, dark), (3, 1 - dark), (4, dark)] {
        while row < height && at(row) == color && runs[index] <= max_run * 3 {
            runs[index] += 1;
            row += 1;
        }
        if (index != 2 && runs[index] == 0) || runs[index] > max_run * 3 {
            return None;
        }
    }
    Some((runs, top + runs[2] / 2))
}

/// Finder pattern centres in `bits`, for both polarities in one pass: `out[1]` gets the
/// patterns of dark modules (value 1, normal codes), `out[0]` those of light ones (inverted
/// codes). Scans every `row_step`-th row. Clears and fills both lists.
pub(crate) fn find(
    bits: &[u8],
    width: usize,
    height: usize,
    row_step: usize,
    out: &mut [Vec<Candidate>; 2],
) {
    out.iter_mut().for_each(Vec::clear);
    let mut y = row_step / 2;
    while y < height {
        let row = &bits[y * width..(y + 1) * width];
        // The last five runs, oldest first. Runs alternate in colour, so the oldest and the
        // newest have the same one: the pattern's module colour.
        let mut runs = [0usize; 5];
        let mut start = 0;
        while start < width {
            let color = row[start];
            let end = run_end(row, start, color);
            runs.rotate_left(1);
            runs[4] = end - start;
            start = end;
            if runs[0] == 0 || !is_finder_ratio(&runs) {
                continue;
            }
            let centre_x = end - runs[4] - runs[3] - runs[2] + runs[2] / 2;
            let total: usize = runs.iter().sum();
            if let Some((vertical, centre_y)) =
                vertical_runs(bits, width, height, centre_x, y, color, total)
            {
                let vertical_total: usize = vertical.iter().sum();
                // Both directions must agree on the pattern's size, within the factor 2 that
                // a slant (or a photo squeezed to a square, or both) makes of it.
                let (shorter, longer) = (total.min(vertical_total), total.max(vertical_total));
                if is_finder_ratio(&vertical) && longer < 2 * shorter {
                    let module = (total + vertical_total) as f32 / 14.0;
                    add(
                        &mut out[usize::from(color)],
                        Candidate {
                            x: centre_x as f32,
                            y: centre_y as f32,
                            module,
                            hits: 1,
                            squeezed: longer as f32 > PLAIN_SQUEEZE * shorter as f32,
                        },
                        (y, row_step),
                    );
                }
            }
        }
        y += row_step;
    }
}

/// One past the last pixel of the run of `color` that starts at `start`. Skips eight pixels at
/// a time: binarised frames are mostly long runs.
fn run_end(row: &[u8], start: usize, color: u8) -> usize {
    let same = u64::from_ne_bytes([color; 8]);
    let mut x = start;
    while let Some(chunk) = row.get(x..x + 8) {
        let chunk = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if chunk != same {
            break;
        }
        x += 8;
    }
    x + row[x..]
        .iter()
        .position(|&p| p != color)
        .unwrap_or(row.len() - x)
}

/// Most candidates kept per polarity: a frame full of clutter must not make the search and
/// the triples after it quadratic without bound.
const MAX_CANDIDATES: usize = 64;

/// Merges a hit into a nearby candidate of similar size, or adds it. When the list is full,
/// the new one takes the place of a candidate the scan (now at `row`, every `row_step`-th)
/// has left behind with fewer than half the hits a pattern of its size gets (one per row
/// through its 3-module centre): that one was clutter. (A dense code's data makes many such;
/// dropping the newcomer instead lost the bottom finder patterns of codes of version 20 and
/// up.)
fn add(out: &mut Vec<Candidate>, hit: Candidate, (row, row_step): (usize, usize)) {
    let Candidate { x, y, module, .. } = hit;
    for c in out.iter_mut() {
        let near = (c.x - x).abs() <= c.module * 2.0 && (c.y - y).abs() <= c.module * 2.0;
        if near && (c.module - module).abs() <= c.module * 0.5 + 0.5 {
            let n = c.hits as f32;
            c.x = (c.x * n + x) / (n + 1.0);
            c.y = (c.y * n + y) / (n + 1.0);
            c.module = (c.module * n + module) / (n + 1.0);
            c.hits += 1;
            c.squeezed &= hit.squeezed;
            return;
        }
    }
    let candidate = hit;
    if out.len() < MAX_CANDIDATES {
        out.push(candidate);
    } else if let Some(stale) = out.iter_mut().find(|c| {
        let passed = c.y + 4.0 * c.module < row as f32;
        passed && (2 * c.hits as usize * row_step) < (3.0 * c.module) as usize
    }) {
        *stale = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 7x7 finder pattern drawn at `scale` pixels per module, with a 2-module white margin.
    fn finder_image(scale: usize) -> (Vec<u8>, usize) {
        let side = 11 * scale;
        let mut bits = vec![0u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale) as isize - 2, (y / scale) as isize - 2);
                if !(0..7).contains(&mx) || !(0..7).contains(&my) {
                    continue;
                }
                let ring = mx.min(my).min(6 - mx).min(6 - my);
                bits[y * side + x] = u8::from(ring != 1);
            }
        }
        (bits, side)
    }

    #[test]
    fn finds_the_centre_of_a_finder_pattern() {
        let (bits, side) = finder_image(4);
        let mut found = [Vec::new(), Vec::new()];
        find(&bits, side, side, 1, &mut found);
        assert_eq!(found[1].len(), 1, "{found:?}");
        assert!(found[0].is_empty(), "{found:?}");
        let c = found[1][0];
        assert!(
            (c.x - 22.0).abs() <= 1.5 && (c.y - 22.0).abs() <= 1.5,
            "{c:?}"
        );
        assert!((c.module - 4.0).abs() < 0.5, "{c:?}");
    }

    #[test]
    fn the_inverted_pattern_is_found_only_with_the_inverted_polarity() {
        let (mut bits, side) = finder_image(3);
        bits.iter_mut().for_each(|b| *b = 1 - *b);
        let mut found = [Vec::new(), Vec::new()];
        find(&bits, side, side, 1, &mut found);
        assert!(found[1].is_empty(), "{found:?}");
        assert_eq!(found[0].len(), 1, "{found:?}");
    }

    #[test]
    fn a_full_list_makes_room_for_a_pattern_below_by_dropping_passed_clutter() {
        let (bits, side) = finder_image(4);
        // The list is full of candidates seen once, far above: clutter the scan has passed.
        let clutter = Candidate {
            x: 1000.0,
            y: -100.0,
            module: 4.0,
            hits: 1,
            squeezed: false,
        };
        // A row's hit of the 4-pixel pattern at (22, 22).
        let hit = Candidate {
            x: 22.0,
            y: 22.0,
            ..clutter
        };
        let mut found = [Vec::new(), vec![clutter; MAX_CANDIDATES]];
        let mut out = std::mem::take(&mut found[1]);
        for y in 0..side {
            let row = &bits[y * side..(y + 1) * side];
            if row.contains(&1) {
                add(&mut out, hit, (y, 1));
            }
        }
        assert_eq!(out.len(), MAX_CANDIDATES);
        let pattern = out
            .iter()
            .find(|c| c.x == 22.0)
            .expect("the pattern got in");
        assert!(pattern.hits > 1, "{pattern:?}");
        // Clutter the scan has not passed yet (still within 4 modules of the row: 14 + 4 * 4
        // is row 30), or that is well confirmed, stays.
        for y in [1000.0, 14.0] {
            let mut kept = vec![Candidate { y, ..clutter }; MAX_CANDIDATES];
            add(&mut kept, hit, (30, 1));
            assert!(kept.iter().all(|c| c.x == 1000.0), "{y}");
        }
        // A 4-pixel pattern is seen on about 12 rows (its 3-module centre): on half of them,
        // 6 rows or 3 every other row, it stays; on fewer (4 of every row) it goes.
        for (hits, row_step) in [(8, 1), (6, 1), (3, 2)] {
            let mut confirmed = vec![Candidate { hits, ..clutter }; MAX_CANDIDATES];
            add(&mut confirmed, hit, (30, row_step));
            assert!(confirmed.iter().all(|c| c.x == 1000.0), "{hits} {row_step}");
        }
        let mut weak = vec![Candidate { hits: 4, ..clutter }; MAX_CANDIDATES];
        add(&mut weak, hit, (30, 1));
        assert_eq!(weak.iter().filter(|c| c.x == 22.0).count(), 1);
    }

    #[test]
    fn a_pattern_up_to_twice_as_wide_as_tall_is_found_and_beyond_1_6_marked_squeezed() {
        // `keep` of every `of` rows of a pattern at 8 pixels per module: squeezed `of / keep`
        // times (a photo squeezed to a square, a code seen at a slant). Whether each candidate
        // found is marked squeezed.
        let squeezed = |keep: usize, of: usize| {
            let (bits, side) = finder_image(8);
            let rows: Vec<u8> = (0..side)
                .filter(|y| y % of < keep)
                .flat_map(|y| bits[y * side..(y + 1) * side].to_vec())
                .collect();
            let mut found = [Vec::new(), Vec::new()];
            find(&rows, side, rows.len() / side, 1, &mut found);
            found[1].iter().map(|c| c.squeezed).collect::<Vec<bool>>()
        };
        assert_eq!(squeezed(2, 3), [false], "1.5 times");
        assert_eq!(squeezed(5, 8), [false], "1.6 times exactly");
        assert_eq!(squeezed(5, 9), [true], "1.8 times");
        assert_eq!(squeezed(1, 2), [false; 0], "twice: the limit, left out");
        assert_eq!(squeezed(2, 5), [false; 0], "2.5 times");
    }

    #[test]
    fn a_candidate_is_squeezed_only_if_every_row_saw_it_squeezed() {
        let hit = |squeezed| Candidate {
            x: 22.0,
            y: 22.0,
            module: 4.0,
            hits: 1,
            squeezed,
        };
        let mut out = Vec::new();
        add(&mut out, hit(true), (22, 1));
        add(&mut out, hit(true), (23, 1));
        assert!(out[0].squeezed);
        add(&mut out, hit(false), (24, 1));
        add(&mut out, hit(true), (25, 1));
        assert_eq!((out.len(), out[0].hits, out[0].squeezed), (1, 4, false));
    }

    #[test]
    fn stripes_are_not_a_finder_pattern() {
        let side = 60;
        let bits: Vec<u8> = (0..side * side)
            .map(|i| u8::from((i % side) / 3 % 2 == 0))
            .collect();
        let mut found = [Vec::new(), Vec::new()];
        find(&bits, side, side, 1, &mut found);
        assert!(found.iter().all(Vec::is_empty), "{found:?}");
    }
}
